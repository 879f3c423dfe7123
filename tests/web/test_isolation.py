"""Every route and API call is scoped to the signed-in user.

Bob signs in and tries every id that belongs to Alice (her feed, entries,
folder and API key) on every route that takes one. Each answer is 404, and
Alice's data is unchanged afterwards.
"""

from __future__ import annotations

from starlette.testclient import TestClient

from tidings.services import accounts
from tidings.services.reading import Scope, Show, entry_page, sidebar
from tidings.store.accounts import list_api_keys

from .conftest import T0, form


def _alice_state(db, world):
    bar = sidebar(db, world.a_id)
    page = entry_page(db, world.a_id, Scope(Show.ALL), limit=100)
    return (
        [(s.feed_id, s.title, s.folder_id, s.unread_count) for s in bar.subscriptions],
        [(f.id, f.name) for f in bar.folders],
        [(e.id, e.read, e.starred) for e in page.entries],
    )


def test_bob_cannot_reach_anything_of_alice(db, world, bob: TestClient) -> None:
    key = accounts.create_api_key(db, world.a_id, "alice's", now=T0)
    before = _alice_state(db, world)
    feed, folder, entry = world.a_feed, world.a_folder, world.a_entries[0]
    api_headers = {"x-csrf-token": bob.csrf}  # type: ignore[attr-defined]

    pages = [
        f"/feeds/{feed}",
        f"/feeds/{feed}?show=all",
        f"/folders/{folder}",
        f"/folders/{folder}?show=starred",
        f"/entries/{entry}",
        f"/entries/{entry}?feed={feed}&show=all",
    ]
    forms = [
        (f"/entries/{entry}/read", {"read": "true"}),
        (f"/entries/{entry}/read", {"read": "false"}),
        (f"/entries/{entry}/star", {"starred": "true"}),
        (f"/sources/{feed}/refresh", {}),
        (f"/sources/{feed}/rename", {"title": "Mine now"}),
        (f"/sources/{feed}/move", {"folder": "Stolen"}),
        (f"/sources/{feed}/unsubscribe", {}),
        ("/mark-all-read", {"feed_id": str(feed)}),
        ("/mark-all-read", {"folder_id": str(folder)}),
        (f"/account/api-keys/{key.record.id}/revoke", {}),
    ]
    api_gets = [
        f"/api/v1/feeds/{feed}",
        f"/api/v1/entries/{entry}",
        f"/api/v1/entries?feed_id={feed}",
        f"/api/v1/entries?folder_id={folder}&status=all",
    ]
    api_writes = [
        ("PATCH", f"/api/v1/feeds/{feed}", {"title": "Mine"}),
        ("PATCH", f"/api/v1/feeds/{feed}", {"folder": "Stolen"}),
        ("DELETE", f"/api/v1/feeds/{feed}", None),
        ("POST", f"/api/v1/feeds/{feed}/refresh", None),
        ("POST", "/api/v1/entries/read", {"ids": [entry], "read": True}),
        ("POST", "/api/v1/entries/read", {"ids": world.a_entries, "read": False}),
        ("POST", "/api/v1/entries/star", {"ids": [entry], "starred": True}),
        ("POST", "/api/v1/entries/mark-all-read", {"feed_id": feed}),
        ("POST", "/api/v1/entries/mark-all-read", {"folder_id": folder}),
    ]

    for path in pages:
        assert bob.get(path).status_code == 404, path
    for path, data in forms:
        assert form(bob, path, data).status_code == 404, path
    for path in api_gets:
        response = bob.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["message"], path
    for method, path, body in api_writes:
        response = bob.request(method, path, json=body, headers=api_headers)
        assert response.status_code == 404, (method, path, response.text)

    # Nothing of Alice's shows up in Bob's lists, search or exports either.
    mine = bob.get("/api/v1/entries?status=all&limit=200").json()["entries"]
    assert {e["id"] for e in mine} == set(world.b_entries)
    assert bob.get("/api/v1/search?q=zebra").json() == []
    assert "a.example" not in bob.get("/api/v1/opml").text
    assert "Alice news" not in bob.get("/all").text
    assert [f["id"] for f in bob.get("/api/v1/folders").json()] == []

    assert _alice_state(db, world) == before
    with db.connect() as conn:
        assert [k.id for k in list_api_keys(conn, world.a_id)] == [key.record.id]


def test_api_keys_act_only_as_their_owner(app, db, world) -> None:
    from .conftest import make_client

    key = accounts.create_api_key(db, world.b_id, "bob's", now=T0).key
    with make_client(app, headers={"authorization": f"Bearer {key}"}) as c:
        assert c.get("/api/v1/me").json()["username"] == "bob"
        assert c.get(f"/api/v1/entries/{world.a_entries[0]}").status_code == 404
        assert c.post("/api/v1/entries/star", json={"ids": world.a_entries}).status_code == 404
    assert _alice_state(db, world)[2] == [(i, False, False) for i in reversed(world.a_entries)]
