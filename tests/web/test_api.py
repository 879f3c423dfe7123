"""The JSON API: authentication, pagination, bulk state, folders and feeds, search, OPML."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tidings.services import accounts

from .conftest import T0, make_client

OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
  <outline text="News">
    <outline text="One" type="rss" xmlUrl="https://one.example/feed.xml" htmlUrl="https://one.example/"/>
    <outline text="Two" type="rss" xmlUrl="https://two.example/rss"/>
  </outline>
  <outline text="Loose" type="rss" xmlUrl="https://three.example/atom"/>
  <outline text="Bad" type="rss" xmlUrl="file:///etc/passwd"/>
</body></opml>"""


@pytest.fixture
def api(app, db, world) -> Iterator[TestClient]:
    key = accounts.create_api_key(db, world.a_id, "tests", now=T0).key
    with make_client(app, headers={"authorization": f"Bearer {key}"}) as c:
        yield c


def test_api_key_authentication(app, db, world) -> None:
    new = accounts.create_api_key(db, world.a_id, "phone", now=T0)
    assert new.key.startswith("tdg_") and new.record.prefix == new.key[:10]
    cases = {
        None: 401,
        "Bearer tdg_not-a-key": 401,
        "Basic YWxpY2U6eA==": 401,
        f"Bearer {new.key}": 200,
    }
    for header, status in cases.items():
        headers = {"authorization": header} if header else {}
        with make_client(app, headers=headers) as c:
            response = c.get("/api/v1/me")
            assert response.status_code == status, header
            if status == 401:
                assert response.headers["www-authenticate"].startswith("Bearer")
                assert response.json()["error"]["status"] == 401
    accounts.revoke_api_key(db, world.a_id, new.record.id)
    with make_client(app, headers={"authorization": f"Bearer {new.key}"}) as c:
        assert c.get("/api/v1/me").status_code == 401


def test_cursor_pagination(api: TestClient, world) -> None:
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        params = {"status": "all", "limit": 3, "feed_id": world.a_feed}
        if cursor:
            params["cursor"] = cursor
        body = api.get("/api/v1/entries", params=params).json()
        pages += 1
        seen += [e["id"] for e in body["entries"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == sorted(world.a_entries, reverse=True)  # newest first, no gap, no repeat
    first = api.get("/api/v1/entries", params={"limit": 1}).json()["entries"][0]
    assert first["content"] is None
    assert "zebra" in api.get(f"/api/v1/entries/{first['id']}").json()["content"]
    bad = api.get("/api/v1/entries", params={"cursor": "nonsense"})
    assert bad.status_code == 400 and bad.json()["error"]["type"] == "InvalidInputError"
    invalid = api.get("/api/v1/entries", params={"limit": 0, "status": "maybe"})
    assert invalid.status_code == 422
    message = invalid.json()["error"]["message"]
    assert "limit" in message and "status" in message


def test_bulk_read_star_and_mark_all(api: TestClient, world) -> None:
    ids = world.a_entries[:3]
    assert api.post("/api/v1/entries/read", json={"ids": ids}).json() == {"changed": 3}
    unread = api.get("/api/v1/entries", params={"limit": 100}).json()["entries"]
    assert {e["id"] for e in unread} == set(world.a_entries[3:])
    foreign = world.b_entries[0]  # not Alice's: ignored, counted out
    starred = api.post("/api/v1/entries/star", json={"ids": [ids[0], foreign]})
    assert starred.json() == {"changed": 1}
    listed = api.get("/api/v1/entries", params={"status": "starred"}).json()["entries"]
    assert [e["id"] for e in listed] == [ids[0]]
    assert api.post("/api/v1/entries/mark-all-read", json={"folder_id": world.a_folder}).status_code == 204
    assert api.get("/api/v1/entries").json()["entries"] == []
    assert api.post("/api/v1/entries/read", json={"ids": []}).status_code == 422
    feeds = api.get("/api/v1/feeds").json()
    assert [(f["id"], f["unread"], f["folder"]) for f in feeds] == [(world.a_feed, 0, "Tech")]
    assert api.get("/api/v1/folders").json() == [{"id": world.a_folder, "name": "Tech", "unread": 0}]


def test_rename_move_unsubscribe(api: TestClient, world) -> None:
    changed = api.patch(f"/api/v1/feeds/{world.a_feed}", json={"title": "Renamed", "folder": "Misc"})
    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["folder"]) == ("Renamed", "Misc")
    back = api.patch(f"/api/v1/feeds/{world.a_feed}", json={"title": "", "folder": ""}).json()
    assert (back["title"], back["custom_title"], back["folder"]) == ("Alice news", None, None)
    assert api.patch(f"/api/v1/feeds/{world.a_feed}", json={"colour": "red"}).status_code == 422
    assert api.delete(f"/api/v1/feeds/{world.a_feed}").status_code == 204
    assert api.get("/api/v1/feeds").json() == []
    assert api.delete(f"/api/v1/feeds/{world.a_feed}").status_code == 404


def test_search(api: TestClient, world) -> None:
    hits = api.get("/api/v1/search", params={"q": "zebra"}).json()
    assert {h["entry_id"] for h in hits} == set(world.a_entries)
    assert all("zebra" in h["snippet"] for h in hits)
    assert api.get("/api/v1/search", params={"q": ""}).status_code == 422


def test_opml_round_trip(api: TestClient) -> None:
    report = api.post("/api/v1/opml", content=OPML, headers={"content-type": "text/x-opml"})
    assert report.status_code == 200, report.text
    body = report.json()
    assert {(o["url"], o["folder"]) for o in body["added"]} == {
        ("https://one.example/feed.xml", "News"),
        ("https://two.example/rss", "News"),
        ("https://three.example/atom", None),
    }
    assert [r["url"] for r in body["rejected"]] == ["file:///etc/passwd"]
    exported = api.get("/api/v1/opml")
    assert exported.headers["content-type"].startswith("text/x-opml")
    again = api.post("/api/v1/opml", content=exported.content)
    urls = {o["url"] for o in again.json()["added"]}
    assert {"https://one.example/feed.xml", "https://a.example/feed"} <= urls
    folders = {f["name"] for f in api.get("/api/v1/folders").json()}
    assert folders == {"News", "Tech"}
    broken = api.post("/api/v1/opml", content=b"<html>not opml")
    assert broken.status_code == 422 and broken.json()["error"]["type"] == "OPMLError"


def test_openapi_document(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["info"]["title"] == "Tidings API"
    assert {"/api/v1/entries", "/api/v1/feeds", "/api/v1/opml", "/api/v1/search"} <= set(doc["paths"])
    assert "HTTPBearer" in doc["components"]["securitySchemes"]
    assert not any(p.startswith("/entries") for p in doc["paths"])  # the reader is not in it


def test_search_operators(api: TestClient, world) -> None:
    hits = api.get("/api/v1/search", params={"q": "source:alice after:2026-11-01"}).json()
    assert [h["entry_id"] for h in hits] == sorted(world.a_entries, reverse=True)
    hits = api.get("/api/v1/search", params={"q": 'title:"story 2" -nothing zebra'}).json()
    assert [h["entry_id"] for h in hits] == [world.a_entries[2]]
    assert api.get("/api/v1/search", params={"q": "source:bob"}).json() == []
    assert api.get("/api/v1/search", params={"q": "date:2026-13"}).json() == []
