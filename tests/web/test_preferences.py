"""The Settings page and /api/v1/me/preferences: saved, applied to every page, without an
extra query, and each person's own (Bob can neither see nor change Alice's); no admin route
answers a member."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from tidings.services.preferences import get_preferences
from tidings.types import Density, Preferences, Theme

from .conftest import form
from .queries import page_queries

_HTML = re.compile(r"<html [^>]*>")
_BODY = re.compile(r"<body [^>]*>")


def _applied(page_text: str) -> tuple[str, str]:
    return _HTML.search(page_text).group(0), _BODY.search(page_text).group(0)  # type: ignore[union-attr]


def test_defaults_then_saved_preferences_render_on_every_page(db, world, alice) -> None:
    page = alice.get("/settings")
    assert page.status_code == 200
    assert 'name="theme" value="system" checked' in page.text
    assert 'name="mark_read_on_scroll"' in page.text
    assert not re.search(r'name="mark_read_on_scroll" value="true"\s*checked', page.text)
    assert 'data-theme="system"' in _applied(page.text)[0]
    assert 'class="density-comfortable" data-mark-read-on-scroll="false"' in _applied(page.text)[1]

    saved = form(alice, "/settings", {"theme": "dark", "density": "compact",
                                      "mark_read_on_scroll": "true"})
    assert saved.status_code == 303 and saved.headers["location"] == "/settings?saved=1"
    assert get_preferences(db, world.a_id) == Preferences(Theme.DARK, Density.COMPACT, True)
    assert "Saved." in alice.get("/settings?saved=1").text
    for path in ("/unread", "/settings", "/account", f"/entries/{world.a_entries[0]}"):
        html, body = _applied(alice.get(path).text)
        assert 'data-theme="dark"' in html, path
        assert 'class="density-compact" data-mark-read-on-scroll="true"' in body, path
    assert '<meta name="color-scheme" content="dark">' in alice.get("/unread").text

    # An unticked box is not sent: it turns the option off.
    form(alice, "/settings", {"theme": "light", "density": "comfortable"})
    assert get_preferences(db, world.a_id) == Preferences(Theme.LIGHT, Density.COMFORTABLE, False)
    assert 'data-theme="light"' in alice.get("/unread").text


def test_invalid_values_are_refused_without_echo(db, world, alice) -> None:
    bad = form(alice, "/settings", {"theme": "<neon>", "density": "compact"})
    assert bad.status_code == 400 and "theme" in bad.text and "<neon>" not in bad.text
    assert get_preferences(db, world.a_id) == Preferences()


def test_preferences_cost_no_extra_query(db, world, alice: TestClient) -> None:
    def queries(path: str) -> int:
        return page_queries(db, alice, path)

    before = {p: queries(p) for p in ("/unread", "/settings")}
    form(alice, "/settings", {"theme": "dark", "density": "compact"})
    assert {p: queries(p) for p in ("/unread", "/settings")} == before
    assert before["/settings"] == 1  # the session lookup, with the preferences joined in


def test_preferences_api(db, world, alice) -> None:
    headers = {"x-csrf-token": alice.csrf}  # type: ignore[attr-defined]
    assert alice.get("/api/v1/me/preferences").json() == {
        "theme": "system", "density": "comfortable", "mark_read_on_scroll": False}
    put = alice.put("/api/v1/me/preferences", headers=headers,
                    json={"theme": "dark", "density": "compact", "mark_read_on_scroll": True})
    assert put.status_code == 200 and put.json()["theme"] == "dark"
    assert get_preferences(db, world.a_id) == Preferences(Theme.DARK, Density.COMPACT, True)
    assert alice.put("/api/v1/me/preferences", headers=headers,
                     json={"theme": "sepia", "density": "compact",
                           "mark_read_on_scroll": True}).status_code == 422
    assert alice.put("/api/v1/me/preferences", headers=headers,
                     json={"theme": "dark"}).status_code == 422  # PUT: the whole of it
    no_token = alice.put("/api/v1/me/preferences",
                         json={"theme": "light", "density": "compact", "mark_read_on_scroll": True})
    assert no_token.status_code == 403


# --- isolation --------------------------------------------------------------------------------


def test_bob_cannot_see_or_change_alices_preferences(db, world, alice, bob) -> None:
    form(alice, "/settings", {"theme": "dark", "density": "compact", "mark_read_on_scroll": "true"})
    mine = Preferences(Theme.DARK, Density.COMPACT, True)

    # Bob sees his own (the defaults) everywhere, never Alice's.
    assert bob.get("/api/v1/me/preferences").json()["theme"] == "system"
    for path in ("/settings", "/unread"):
        html, body = _applied(bob.get(path).text)
        assert 'data-theme="system"' in html and "density-comfortable" in body
    # The routes take no user id: whatever Bob sends changes only Bob's.
    headers = {"x-csrf-token": bob.csrf}  # type: ignore[attr-defined]
    bob.put("/api/v1/me/preferences", headers=headers,
            json={"theme": "light", "density": "comfortable", "mark_read_on_scroll": False})
    form(bob, "/settings", {"theme": "light", "user_id": str(world.a_id)})
    bob.put(f"/api/v1/me/preferences?user_id={world.a_id}", headers=headers,
            json={"theme": "light", "density": "comfortable", "mark_read_on_scroll": False})
    assert get_preferences(db, world.a_id) == mine
    assert get_preferences(db, world.b_id).theme is Theme.LIGHT
    assert 'data-theme="dark"' in alice.get("/unread").text


def test_no_admin_route_answers_a_member(app, db, world, bob) -> None:
    """Every route of the admin pages and the admin API, read from their routing tables
    (so a route added later is covered), refuses a member with 403 and shows nothing."""
    from fastapi.routing import APIRoute

    from tidings.web import api_users, team

    routes = [
        r for r in [*team.router.routes, *api_users.router.routes]
        if isinstance(r, APIRoute) and "/me/" not in r.path
    ]
    checked = 0
    for route in routes:
        path = route.path
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        for method in sorted(route.methods - {"HEAD"}):
            if path.startswith("/api/"):
                response = bob.request(method, concrete, json={},
                                       headers={"x-csrf-token": bob.csrf})  # type: ignore[attr-defined]
                assert response.status_code == 403, (method, path, response.text)
                assert response.json()["error"]["type"] == "PermissionDeniedError"
            elif method == "GET":
                response = bob.get(concrete)
                assert response.status_code == 403, (method, path)
            else:
                response = form(bob, concrete, {"role": "admin", "registration": "open"})
                assert response.status_code == 403, (method, path)
            assert "alice" not in response.text, (method, path)
            checked += 1
    assert checked >= 17
    assert get_preferences(db, world.a_id) == Preferences()
