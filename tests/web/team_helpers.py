"""Helpers shared by the team tests: an admin's browser, an editor, pages' form tokens."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from tidings.services import accounts
from tidings.types import UserRole

from .conftest import T0, csrf_of, make_client, sign_in

NEW_PASSWORD = "a new member's password"

_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def form_token(page_text: str) -> str:
    """The token of the first form on a page (the sign-in style double-submit token)."""
    found = _FORM_TOKEN.search(page_text)
    assert found, page_text
    return found.group(1)


def signed_in(app, username: str, password: str) -> TestClient:
    c = make_client(app)
    c.__enter__()
    assert sign_in(c, username, password).status_code == 303
    c.csrf = csrf_of(c)  # type: ignore[attr-defined]
    return c


def signed_in_as(app, db, username: str, role: UserRole) -> TestClient:
    """A new user with ``role`` and a browser signed in as them (close it after use)."""
    password = f"{username}-password-0123"
    accounts.add_user(db, username, password, role=role, now=T0)
    return signed_in(app, username, password)


def close(client: TestClient) -> None:
    client.__exit__(None, None, None)
