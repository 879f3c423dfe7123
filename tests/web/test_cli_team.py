"""``tidings user role``, ``tidings user invite`` and ``tidings registration``: they act on
the same records as the Admin page, and the links they print work in the browser."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.services import accounts, team
from tidings.types import Registration, UserRole

from .conftest import T0, make_client
from .team_helpers import NEW_PASSWORD, form_token


@pytest.fixture
def env(monkeypatch, database_url):
    monkeypatch.setenv("TIDINGS_DATABASE_URL", database_url)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_user_role(env, db) -> None:
    accounts.add_user(db, "ivy", NEW_PASSWORD, role=UserRole.ADMIN, now=T0)
    accounts.add_user(db, "jo", NEW_PASSWORD, role=UserRole.MEMBER, now=T0)
    done = run("user", "role", "jo", "editor")
    assert done.exit_code == 0 and "'jo' is now an editor." in done.output
    assert run("user", "list").output.count("jo  editor") == 1
    last = run("user", "role", "ivy", "member")
    assert last.exit_code == 1 and "only enabled admin" in last.output
    assert run("user", "role", "nobody", "admin").exit_code == 1
    wrong = run("user", "role", "jo", "owner")
    assert wrong.exit_code == 2 and "admin" in wrong.output and "member" in wrong.output


def test_user_invite_prints_a_working_link(env, db, app) -> None:
    made = CliRunner().invoke(main, ["user", "invite", "--role", "editor", "--note", "for Kai",
                                     "--base-url", "https://news.example.org/"])
    assert made.exit_code == 0, made.output
    link = made.stdout.splitlines()[0]
    assert link.startswith("https://news.example.org/join/")
    assert "works once" in made.stderr
    [pending] = team.pending_invitations(db, now=T0)
    assert (pending.role, pending.note, pending.created_by) == (UserRole.EDITOR, "for Kai", None)

    path = run("user", "invite").output.splitlines()[0]
    assert path.startswith("/join/")
    with make_client(app) as c:
        page = c.get(path)
        sent = c.post(path, data={"username": "kai", "password": NEW_PASSWORD,
                                  "password_again": NEW_PASSWORD,
                                  "csrf_token": form_token(page.text)})
        assert sent.status_code == 303
        assert c.get("/api/v1/me").json()["role"] == "member"


def test_registration_command(env, db) -> None:
    assert "Registration is closed" in run("registration").output
    opened = run("registration", "open")
    assert opened.exit_code == 0 and "Registration is open" in opened.output
    assert team.registration(db) is Registration.OPEN
    assert "is open" in run("registration", "status").output
    assert "is closed" in run("registration", "closed").output
    assert team.registration(db) is Registration.CLOSED
    assert run("registration", "ajar").exit_code == 2
