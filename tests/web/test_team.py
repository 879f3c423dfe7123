"""Admin pages, invitations, registration, roles and the admin users API, in process,
on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from tidings.clock import utcnow
from tidings.services import accounts, team
from tidings.types import Registration, UserRole

from .conftest import PASSWORD_B, T0, form, make_client, sign_in
from .team_helpers import NEW_PASSWORD, close, form_token, signed_in_as

_LINK = re.compile(r'<code class="secret">https?://[^<]*?(/join/[^<"]+)</code>')
_SECRET = re.compile(r'<code class="secret">([^<]+)</code>')


@pytest.fixture
def admin(app, db, world) -> Iterator[TestClient]:
    """Dora, an admin (alice and bob of ``world`` are members)."""
    c = signed_in_as(app, db, "dora", UserRole.ADMIN)
    yield c
    close(c)


@pytest.fixture
def editor(app, db, world) -> Iterator[TestClient]:
    c = signed_in_as(app, db, "ed", UserRole.EDITOR)
    yield c
    close(c)


def _join(app, path: str, username: str, password: str = NEW_PASSWORD, again: str | None = None,
          client: TestClient | None = None):
    c = client or make_client(app)
    page = c.get(path)
    if page.status_code != 200:
        return page, c
    data = {"username": username, "password": password, "password_again": again or password,
            "csrf_token": form_token(page.text)}
    return c.post(path, data=data), c


# --- roles ------------------------------------------------------------------------------------


def test_members_and_editors_get_403_on_admin_pages_and_api(app, alice, editor) -> None:
    for c in (alice, editor):
        page = c.get("/admin")
        assert page.status_code == 403
        assert "Only an admin can" in page.text and "Ask an admin" in page.text
        assert form(c, "/admin/registration", {"registration": "open"}).status_code == 403
        assert form(c, "/admin/invitations", {"role": "admin"}).status_code == 403
        api = c.get("/api/v1/users")
        assert api.status_code == 403
        assert api.json()["error"]["type"] == "PermissionDeniedError"
        assert "Ask an admin to change your role" in api.json()["error"]["message"]
    assert 'href="/admin"' not in alice.get("/account").text


def test_admin_page_lists_users_and_changes_roles(db, world, admin) -> None:
    page = admin.get("/admin")
    assert page.status_code == 200
    for name in ("alice", "bob", "dora"):
        assert f"<th scope=\"row\">{name}" in page.text
    assert 'href="/admin"' in page.text  # the menu link, for admins
    changed = form(admin, f"/admin/users/{world.b_id}/role", {"role": "editor"})
    assert changed.status_code == 303 and changed.headers["location"] == "/admin?done=role"
    assert team.get_user(db, world.b_id).role is UserRole.EDITOR
    assert "Role changed." in admin.get("/admin?done=role").text
    bad = form(admin, f"/admin/users/{world.b_id}/role", {"role": "owner"})
    assert bad.status_code == 400 and "owner" not in bad.text  # named, not echoed
    assert form(admin, "/admin/users/99999/role", {"role": "member"}).status_code == 404


def test_the_last_admin_is_kept(db, admin) -> None:
    dora = next(m.user for m in team.team(db) if m.user.username == "dora")
    page = form(admin, f"/admin/users/{dora.id}/role", {"role": "member"})
    assert page.status_code == 409
    assert "the only enabled admin who can sign in" in page.text
    api = admin.patch(f"/api/v1/users/{dora.id}", json={"role": "member"},
                      headers={"x-csrf-token": admin.csrf})  # type: ignore[attr-defined]
    assert api.status_code == 409 and api.json()["error"]["type"] == "LastAdminError"
    self_delete = form(admin, f"/admin/users/{dora.id}/delete")
    assert self_delete.status_code == 403 and "your own account" in self_delete.text
    assert team.get_user(db, dora.id).role is UserRole.ADMIN
    # With another admin, she may step down, and the Admin page is no longer hers.
    bob = next(m.user for m in team.team(db) if m.user.username == "bob")
    team.change_user(db, bob.id, actor_id=None, role=UserRole.ADMIN)
    down = form(admin, f"/admin/users/{dora.id}/role", {"role": "member"})
    assert down.status_code == 303 and down.headers["location"] == "/unread"
    assert admin.get("/admin").status_code == 403


def test_disable_ends_sessions_and_api_keys_then_enable(app, db, world, admin, bob) -> None:
    key = accounts.create_api_key(db, world.b_id, "phone", now=T0).key
    assert form(admin, f"/admin/users/{world.b_id}/disable").status_code == 303
    assert bob.get("/unread").status_code == 303  # back to sign-in: the session is gone
    with make_client(app) as c:
        assert sign_in(c, "bob", PASSWORD_B).status_code == 401
    with make_client(app, headers={"authorization": f"Bearer {key}"}) as c:
        assert c.get("/api/v1/me").status_code == 401
    assert "disabled" in admin.get("/admin").text
    assert form(admin, f"/admin/users/{world.b_id}/enable").status_code == 303
    with make_client(app, headers={"authorization": f"Bearer {key}"}) as c:
        assert c.get("/api/v1/me").json()["username"] == "bob"
    with make_client(app) as c:
        assert sign_in(c, "bob", PASSWORD_B).status_code == 303


def test_reset_password_is_shown_once_and_works(app, world, admin) -> None:
    page = form(admin, f"/admin/users/{world.a_id}/password")
    assert page.status_code == 200 and "not shown again" in page.text
    password = _SECRET.search(page.text).group(1)  # type: ignore[union-attr]
    with make_client(app) as c:
        assert sign_in(c, "alice", password).status_code == 303
    assert password not in admin.get("/admin").text


def test_delete_asks_first(db, world, admin) -> None:
    confirm = admin.get(f"/admin/users/{world.b_id}/delete")
    assert confirm.status_code == 200 and "cannot be undone" in confirm.text
    assert f'action="/admin/users/{world.b_id}/delete"' in confirm.text
    assert form(admin, f"/admin/users/{world.b_id}/delete").headers["location"] == (
        "/admin?done=deleted"
    )
    assert "bob" not in [m.user.username for m in team.team(db)]
    assert admin.get(f"/admin/users/{world.b_id}/delete").status_code == 404


# --- invitations ---------------------------------------------------------------------------------


def test_invitation_link_creates_a_signed_in_user_with_its_role(app, db, admin) -> None:
    page = form(admin, "/admin/invitations", {"role": "editor", "note": "for <Cy>"})
    assert page.status_code == 200
    assert "for &lt;Cy&gt;" in page.text and "<Cy>" not in page.text
    path = _LINK.search(page.text).group(1)  # type: ignore[union-attr]
    assert "for &lt;Cy&gt;" in admin.get("/admin").text  # pending
    assert path not in admin.get("/admin").text  # the link is shown once

    joined, c = _join(app, path, "cy")
    assert joined.status_code == 303 and joined.headers["location"] == "/unread"
    me = c.get("/api/v1/me").json()
    assert me["username"] == "cy" and me["role"] == "editor"
    assert c.get("/unread").status_code == 200
    c.close()
    again, c = _join(app, path, "cy2")
    assert again.status_code == 410 and "used already" in again.text
    assert "cy" not in again.text.split("<main")[1].split("used already")[0]  # no name revealed
    assert "No pending invitations." in admin.get("/admin").text


def test_dead_invitation_links_are_refused_clearly(app, db, admin) -> None:
    now = utcnow()
    old = team.create_invitation(db, role=UserRole.MEMBER, note=None, created_by=None,
                                 now=now - timedelta(days=8))
    page = make_client(app).get(old.path)
    assert page.status_code == 410 and "expired" in page.text and "<form" not in page.text.split(
        "<main")[1]
    revoked = team.create_invitation(db, role=UserRole.ADMIN, note="x", created_by=None, now=now)
    assert form(admin, f"/admin/invitations/{revoked.record.id}/revoke").status_code == 303
    assert form(admin, f"/admin/invitations/{revoked.record.id}/revoke").status_code == 404
    assert "withdrawn" in make_client(app).get(revoked.path).text
    unknown = make_client(app).get("/join/not-a-real-token")
    assert unknown.status_code == 404 and "not valid" in unknown.text
    # A link revoked between showing the form and sending it is refused too.
    late = team.create_invitation(db, role=UserRole.ADMIN, note=None, created_by=None, now=now)
    c = make_client(app)
    token = form_token(c.get(late.path).text)
    team.revoke_invitation(db, late.record.id, now=now)
    sent = c.post(late.path, data={"username": "mallory", "password": NEW_PASSWORD,
                                   "password_again": NEW_PASSWORD, "csrf_token": token})
    assert sent.status_code == 410
    assert "mallory" not in [m.user.username for m in team.team(db)]


def test_join_form_problems_are_explained(app, db, world) -> None:
    made = team.create_invitation(db, role=UserRole.MEMBER, note=None, created_by=None,
                                  now=utcnow())
    taken, _ = _join(app, made.path, "Alice")
    assert taken.status_code == 422 and "is taken" in taken.text
    short, _ = _join(app, made.path, "newbie", password="short")
    assert short.status_code == 422 and "at least 10 characters" in short.text
    differ, _ = _join(app, made.path, "newbie", again="something else entirely")
    assert differ.status_code == 422 and "not the same" in differ.text
    bad_name, _ = _join(app, made.path, "<b>x</b>")
    assert bad_name.status_code == 422 and "<b>x</b>" not in bad_name.text
    assert team.check_invitation(db, made.token, now=utcnow())  # still usable


def test_join_attempts_are_rate_limited(app, db) -> None:
    c = make_client(app)
    made = team.create_invitation(db, role=UserRole.MEMBER, note=None, created_by=None,
                                  now=utcnow())
    token = form_token(c.get(made.path).text)
    statuses = [
        c.post(f"/join/wrong-token-{i}", data={"username": "x", "password": NEW_PASSWORD,
                                                 "password_again": NEW_PASSWORD,
                                                 "csrf_token": token}).status_code
        for i in range(6)
    ]
    assert statuses == [404] * 5 + [429]


# --- registration ------------------------------------------------------------------------------------


def test_registration_closed_then_open(app, db, admin) -> None:
    closed = make_client(app).get("/register")
    assert closed.status_code == 403
    assert "Registration is closed" in closed.text and "Ask an admin" in closed.text
    assert 'action="/register"' not in closed.text
    assert 'href="/register"' not in make_client(app).get("/signin").text
    assert form(admin, "/admin/registration", {"registration": "open"}).status_code == 303
    assert team.registration(db) is Registration.OPEN
    assert 'href="/register"' in make_client(app).get("/signin").text
    joined, c = _join(app, "/register", "newcomer")
    assert joined.status_code == 303
    assert c.get("/api/v1/me").json() == {"id": c.get("/api/v1/me").json()["id"],
                                          "username": "newcomer", "display_name": None,
                                          "role": "member"}
    taken, _ = _join(app, "/register", "NEWCOMER")
    assert taken.status_code == 422 and "is taken" in taken.text
    assert form(admin, "/admin/registration", {"registration": "closed"}).status_code == 303
    late, _ = _join(app, "/register", "latecomer")
    assert late.status_code == 403


def test_registering_is_rate_limited_per_address(app, db) -> None:
    team.set_registration(db, Registration.OPEN, now=T0)
    results = []
    for i in range(6):
        sent, c = _join(app, "/register", f"user{i}")
        results.append(sent.status_code)
        c.close()
    assert results == [303] * 5 + [429]


# --- CSRF --------------------------------------------------------------------------------------------


def test_every_new_form_needs_its_csrf_token(app, db, world, admin, alice) -> None:
    made = team.create_invitation(db, role=UserRole.MEMBER, note=None, created_by=None,
                                  now=utcnow())
    invitation = team.create_invitation(db, role=UserRole.MEMBER, note=None, created_by=None,
                                        now=utcnow())
    admin_forms = [
        (f"/admin/users/{world.b_id}/role", {"role": "admin"}),
        (f"/admin/users/{world.b_id}/disable", {}),
        (f"/admin/users/{world.b_id}/enable", {}),
        (f"/admin/users/{world.b_id}/delete", {}),
        (f"/admin/users/{world.b_id}/password", {}),
        ("/admin/invitations", {"role": "admin"}),
        (f"/admin/invitations/{invitation.record.id}/revoke", {}),
        ("/admin/registration", {"registration": "open"}),
    ]
    for path, data in admin_forms:
        for token in (None, "wrong"):
            sent = admin.post(path, data={**data, **({"csrf_token": token} if token else {})})
            assert sent.status_code == 403, (path, token)
            assert "did not come from Tidings" in sent.text
    assert alice.post("/settings", data={"theme": "dark"}).status_code == 403
    team.set_registration(db, Registration.OPEN, now=T0)
    fields = {"username": "zed", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    with make_client(app) as c:
        c.get(made.path)
        c.get("/register")  # the cookie is set, but the form's copy is missing or wrong
        for path in (made.path, "/register"):
            assert c.post(path, data=fields).status_code == 403
            assert c.post(path, data={**fields, "csrf_token": "forged"}).status_code == 403
    assert team.get_user(db, world.b_id).role is UserRole.MEMBER
    assert team.check_invitation(db, invitation.token, now=utcnow())
    assert team.registration(db) is Registration.OPEN
    assert "zed" not in [m.user.username for m in team.team(db)]


# --- the API ---------------------------------------------------------------------------------------------


def test_admin_users_api(app, db, world) -> None:
    accounts.add_user(db, "root", NEW_PASSWORD, role=UserRole.ADMIN, now=T0)
    root = next(m.user for m in team.team(db) if m.user.username == "root")
    key = accounts.create_api_key(db, root.id, "admin", now=T0).key
    with make_client(app, headers={"authorization": f"Bearer {key}"}) as api:
        listed = api.get("/api/v1/users").json()
        assert [u["username"] for u in listed] == ["alice", "bob", "root"]
        assert "password" not in listed[0] and "password_hash" not in listed[0]
        made = api.post("/api/v1/users", json={"username": "kim", "role": "editor"})
        assert made.status_code == 201
        kim, password = made.json()["user"], made.json()["password"]
        assert kim["role"] == "editor" and len(password) >= 20
        with make_client(app) as c:
            assert sign_in(c, "kim", password).status_code == 303
        assert api.post("/api/v1/users", json={"username": "KIM"}).status_code == 409
        bad = api.post("/api/v1/users", json={"username": "kim", "role": "owner"})
        assert bad.status_code == 422
        changed = api.patch(f"/api/v1/users/{kim['id']}",
                            json={"display_name": "Kim K.", "disabled": True, "role": "member"})
        assert changed.status_code == 200
        assert (changed.json()["display_name"], changed.json()["disabled"],
                changed.json()["role"]) == ("Kim K.", True, "member")
        assert api.patch(f"/api/v1/users/{root.id}", json={"disabled": True}).status_code == 403
        assert api.delete(f"/api/v1/users/{kim['id']}").status_code == 204
        assert api.delete(f"/api/v1/users/{kim['id']}").status_code == 404

        invited = api.post("/api/v1/invitations", json={"role": "member", "note": "Lu", "days": 2})
        assert invited.status_code == 201
        body = invited.json()
        assert body["path"] == f"/join/{body['token']}" and body["invitation"]["created_by"] == "root"
        assert [i["note"] for i in api.get("/api/v1/invitations").json()] == ["Lu"]
        inv_id = body["invitation"]["id"]
        assert api.delete(f"/api/v1/invitations/{inv_id}").status_code == 204
        assert api.delete(f"/api/v1/invitations/{inv_id}").status_code == 404
        assert api.get("/api/v1/invitations").json() == []
        assert api.post("/api/v1/invitations", json={"days": 365}).status_code == 422

        assert api.get("/api/v1/settings/registration").json() == {"registration": "closed"}
        opened = api.put("/api/v1/settings/registration", json={"registration": "open"})
        assert opened.json() == {"registration": "open"}
        assert team.registration(db) is Registration.OPEN
        assert api.put("/api/v1/settings/registration",
                       json={"registration": "maybe"}).status_code == 422


def test_member_api_keys_are_refused_on_admin_api(app, db, world) -> None:
    key = accounts.create_api_key(db, world.a_id, "k", now=T0).key
    with make_client(app, headers={"authorization": f"Bearer {key}"}) as api:
        for method, path, body in [
            ("GET", "/api/v1/users", None),
            ("POST", "/api/v1/users", {"username": "sneak", "role": "admin"}),
            ("PATCH", f"/api/v1/users/{world.a_id}", {"role": "admin"}),
            ("DELETE", f"/api/v1/users/{world.b_id}", None),
            ("GET", "/api/v1/invitations", None),
            ("POST", "/api/v1/invitations", {"role": "admin"}),
            ("DELETE", "/api/v1/invitations/1", None),
            ("GET", "/api/v1/settings/registration", None),
            ("PUT", "/api/v1/settings/registration", {"registration": "open"}),
        ]:
            response = api.request(method, path, json=body)
            assert response.status_code == 403, (method, path)
            assert "Only an admin" in response.json()["error"]["message"]
    assert team.get_user(db, world.a_id).role is UserRole.MEMBER
    assert team.registration(db) is Registration.CLOSED
    assert "sneak" not in [m.user.username for m in team.team(db)]
