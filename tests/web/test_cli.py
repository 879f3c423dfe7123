"""``tidings user``: accounts made on the command line can sign in and use the API."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tidings.cli import main

from .conftest import make_client, sign_in


@pytest.fixture
def env(monkeypatch, database_url):
    monkeypatch.setenv("TIDINGS_DATABASE_URL", database_url)


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_user_add_password_and_api_key(env, db, app) -> None:
    made = run("user", "add", "carol", "--editor")
    assert made.exit_code == 0, made.output
    assert "Created editor 'carol'." in made.output
    password = made.output.split("Password: ")[1].split()[0]
    given = run("user", "add", "dave", "--admin", "--password-stdin", input="dave's long password\n")
    assert given.exit_code == 0 and "Password:" not in given.output
    assert run("user", "add", "erin", "--password-stdin", input="short\n").exit_code == 1
    again = run("user", "add", "carol")
    assert again.exit_code == 1 and "already a user named 'carol'" in again.output
    listed = run("user", "list").output
    assert "carol  editor" in listed and "dave  admin" in listed

    with make_client(app) as c:
        assert sign_in(c, "carol", password).status_code == 303
        c.cookies.clear()
        assert sign_in(c, "dave", "dave's long password").status_code == 303
    key = run("user", "api-key", "carol").output.splitlines()[0]
    with make_client(app, headers={"authorization": f"Bearer {key}"}) as c:
        assert c.get("/api/v1/me").json()["role"] == "editor"
    changed = run("user", "password", "carol", "--password-stdin", input="a brand new password\n")
    assert changed.exit_code == 0
    with make_client(app) as c:
        assert sign_in(c, "carol", password).status_code == 401
