"""The reader's pages and forms, as a browser without JavaScript uses them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tidings.settings import load_settings
from tidings.web import create_app

from ..integration.pipeline.farm import FarmState, FarmThread
from .conftest import PASSWORD_A, add_feed_with_entries, form, make_client, sign_in
from .queries import page_queries

ENTRY_LINK = re.compile(r'<a class="title" href="/entries/(\d+)\?')


def listed(html: str) -> list[int]:
    return [int(i) for i in ENTRY_LINK.findall(html)]


def test_lists_by_view_folder_and_feed(alice: TestClient, world) -> None:
    newest_first = sorted(world.a_entries, reverse=True)
    unread = alice.get("/unread")
    assert unread.status_code == 200
    assert listed(unread.text) == newest_first
    assert 'Unread <span class="count">7</span>' in unread.text
    assert ">Tech</a>" in unread.text and ">Alice news</a>" in unread.text
    assert listed(alice.get(f"/feeds/{world.a_feed}").text) == newest_first
    assert listed(alice.get(f"/folders/{world.a_folder}?show=all").text) == newest_first
    assert listed(alice.get("/starred").text) == []
    assert "Nothing unread" not in unread.text
    assert alice.get("/").headers["location"] == "/unread"


def test_reading_an_entry_marks_it_read_and_links_its_neighbours(alice: TestClient, world) -> None:
    ids = sorted(world.a_entries, reverse=True)
    middle = ids[3]
    page = alice.get(f"/entries/{middle}?show=unread&feed={world.a_feed}")
    assert page.status_code == 200
    html = page.text
    assert "Alice news story" in html and "By Ann Author" in html
    assert ">Mark unread</button>" in html  # opening it marked it read
    assert "<p>Body of story" in html  # sanitised entry HTML is shown as HTML
    assert f'href="https://example.org/{world.a_feed}/' in html and "Original on example.org" in html
    assert f'rel="prev" data-shortcut="k" href="/entries/{ids[2]}?' in html
    assert f'rel="next" data-shortcut="j" href="/entries/{ids[4]}?' in html
    assert middle not in listed(alice.get("/unread").text)
    # Back to unread with the form (no JavaScript), then star it.
    assert form(alice, f"/entries/{middle}/read", {"read": "false", "next": "/unread"}).headers[
        "location"] == "/unread"
    assert middle in listed(alice.get("/unread").text)
    assert form(alice, f"/entries/{middle}/star", {"starred": "true"}).status_code == 303
    assert listed(alice.get("/starred").text) == [middle]
    # The script's fetch calls get JSON instead of a redirect.
    fetched = alice.post(f"/entries/{middle}/star", data={"starred": "false"},
                         headers={"x-csrf-token": alice.csrf, "x-requested-with": "fetch"})  # type: ignore[attr-defined]
    assert fetched.json() == {"ok": True}
    assert listed(alice.get("/starred").text) == []


def test_mark_all_read_and_paging(db, alice: TestClient, world) -> None:
    add_feed_with_entries(db, world.a_id, "https://many.example/", 60, title="Many")
    first = alice.get("/all")
    assert len(listed(first.text)) == 50
    older = re.search(r'rel="next" data-shortcut="n" href="([^"]+)"', first.text).group(1)  # type: ignore[union-attr]
    second = alice.get(older.replace("&amp;", "&"))
    assert len(listed(second.text)) == 17
    assert not set(listed(first.text)) & set(listed(second.text))
    up_to = re.search(r'name="up_to" value="([^"]+)"', alice.get("/unread").text).group(1)  # type: ignore[union-attr]
    done = form(alice, "/mark-all-read", {"up_to": up_to, "folder_id": str(world.a_folder)})
    assert done.status_code == 303
    remaining = listed(alice.get("/unread").text)
    assert len(remaining) == 50 and not set(remaining) & set(world.a_entries)


def test_search_page(alice: TestClient, world) -> None:
    page = alice.get("/search?q=zebra")
    assert "7 results for “zebra”" in page.text
    assert set(listed(page.text)) == set(world.a_entries)
    assert "common" not in alice.get("/search?q=common").text.split("<main")[1].split("results")[0]


def test_sources_page_rename_move_unsubscribe_and_opml(db, alice: TestClient, world) -> None:
    failing, _ = add_feed_with_entries(db, world.a_id, "https://down.example/feed", 0,
                                       title="Down", error="The server answered 404 Not Found.")
    page = alice.get("/sources")
    assert "Failing (once): The server answered 404 Not Found." in page.text
    assert "Following 2" in page.text
    assert form(alice, f"/sources/{world.a_feed}/rename", {"title": "My <b>news</b>"}).headers[
        "location"] == "/sources?done=renamed"
    assert form(alice, f"/sources/{world.a_feed}/move", {"folder": "Reading"}).status_code == 303
    page = alice.get("/sources?done=moved")
    assert "My &lt;b&gt;news&lt;/b&gt;" in page.text and "<b>news</b>" not in page.text
    assert ">Reading</a>" in page.text and "Moved." in page.text
    exported = alice.get("/sources/export.opml")
    assert exported.headers["content-disposition"].startswith("attachment")
    assert b"https://a.example/feed" in exported.content and b'text="Reading"' in exported.content
    assert form(alice, f"/sources/{failing}/unsubscribe").status_code == 303
    assert "down.example" not in alice.get("/sources").text
    imported = alice.post(
        "/sources/import",
        data={"csrf_token": alice.csrf},  # type: ignore[attr-defined]
        files={"file": ("subs.opml", exported.content.replace(b"a.example", b"c.example"),
                        "text/x-opml")},
    )
    assert imported.headers["location"] == "/sources?imported=2&skipped=0"  # c. and down.
    assert "c.example" in alice.get("/sources").text
    bad = alice.post("/sources/import", data={"csrf_token": alice.csrf},  # type: ignore[attr-defined]
                     files={"file": ("x.opml", b"not xml at all", "text/x-opml")})
    assert bad.status_code == 422 and 'role="alert"' in bad.text


def test_account_page_creates_and_revokes_api_keys(alice: TestClient, world) -> None:
    created = form(alice, "/account/api-keys", {"name": "reader <app>"})
    assert created.status_code == 200
    key = re.search(r'<code class="secret">(tdg_[^<]+)</code>', created.text).group(1)  # type: ignore[union-attr]
    assert "reader &lt;app&gt;" in created.text
    assert alice.get("/api/v1/me", headers={"authorization": f"Bearer {key}"}).status_code == 200
    key_id = re.search(r'/account/api-keys/(\d+)/revoke', created.text).group(1)  # type: ignore[union-attr]
    assert form(alice, f"/account/api-keys/{key_id}/revoke").status_code == 303
    assert key not in alice.get("/account").text
    assert alice.get("/api/v1/me", headers={"authorization": f"Bearer {key}"}).status_code == 401


def test_pages_are_a_fixed_number_of_queries(db, alice: TestClient, world) -> None:
    """One round trip, no query per entry or per feed: the count does not grow with them."""
    def queries(path: str) -> int:
        # Counted on the second request: the first may build the cached sidebar (two
        # more queries) or mark the entry read; what must not grow is the steady state.
        assert alice.get(path).status_code == 200
        return page_queries(db, alice, path)

    paths = ["/unread", "/all", f"/folders/{world.a_folder}", "/ungrouped", "/sources",
             "/search?q=story"]
    small = {p: queries(p) for p in paths}
    small_entry = queries(f"/entries/{world.a_entries[0]}")
    for n in range(5):
        add_feed_with_entries(db, world.a_id, f"https://more{n}.example/", 12, folder=f"F{n}")
    assert {p: queries(p) for p in paths} == small
    assert queries(f"/entries/{world.a_entries[1]}") == small_entry
    assert max(small.values()) <= 5


@pytest.fixture
def farm():
    with FarmThread(FarmState()) as running:
        yield running


@pytest.fixture
def fetching_alice(db, world, tmp_path, database_url) -> Iterator[TestClient]:
    settings = load_settings(data_dir=tmp_path / "d", database_url=database_url,
                             allow_private_networks=True, total_timeout=5.0)
    with make_client(create_app(db, settings)) as c:
        assert sign_in(c, "alice", PASSWORD_A).status_code == 303
        c.csrf = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/account").text).group(1)  # type: ignore[attr-defined,union-attr]
        yield c


def test_add_by_address_and_refresh_now(fetching_alice: TestClient, farm) -> None:
    c = fetching_alice
    added = form(c, "/sources/add", {"url": farm.url + "/good", "folder": "Farm"})
    assert added.status_code == 303, added.text
    feed_page = c.get(added.headers["location"])
    assert feed_page.status_code == 200 and listed(feed_page.text)
    feed_id = int(added.headers["location"].split("/")[2].split("?")[0])
    assert form(c, f"/sources/{feed_id}/refresh").headers["location"] == "/sources?done=refreshed"
    missing = form(c, "/sources/add", {"url": farm.url + "/html"})
    assert missing.status_code == 422 and 'role="alert"' in missing.text


def test_list_entry_page_matches_list_entries(db, world) -> None:
    """The reader's faster page query returns exactly what the store's list_entries does."""
    from tidings.store.entries import list_entries, set_read, set_starred
    from tidings.store.entries import list_entries as list_entry_page
    from tidings.store.tables import entries

    from .conftest import T0

    with db.transaction() as conn:  # ties on sort_at, some read, some starred
        conn.execute(entries.update().where(entries.c.id.in_(world.a_entries[2:5]))
                     .values(sort_at=T0))
        set_read(conn, world.a_id, world.a_entries[::2], True, T0)
        set_starred(conn, world.a_id, world.a_entries[1:4], True, T0)
    filters = [{}, {"unread_only": True}, {"starred_only": True}, {"feed_id": world.a_feed},
               {"folder_id": world.a_folder, "unread_only": True}, {"feed_id": world.b_feed},
               {"starred_only": True, "feed_id": world.a_feed}]
    with db.connect() as conn:
        for kw in filters:
            for limit in (1, 2, 3, 50):
                cursor = None
                while True:
                    expected = list_entries(conn, world.a_id, limit=limit, before=cursor, **kw)
                    assert list_entry_page(conn, world.a_id, limit=limit, before=cursor,
                                           **kw) == expected, (kw, limit, cursor)
                    if len(expected) < limit:
                        break
                    cursor = expected[-1].cursor


def test_api_add_feed_by_address(fetching_alice: TestClient, farm) -> None:
    c = fetching_alice
    headers = {"x-csrf-token": c.csrf}  # type: ignore[attr-defined]
    added = c.post("/api/v1/feeds", json={"url": farm.url + "/good", "folder": "Farm"},
                   headers=headers)
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["fetched"] and body["new_entries"] > 0 and body["feed"]["folder"] == "Farm"
    refreshed = c.post(f"/api/v1/feeds/{body['feed']['id']}/refresh", headers=headers).json()
    assert refreshed["error"] is None and refreshed["status"] in {"not_modified", "unchanged"}
    nothing = c.post("/api/v1/feeds", json={"url": farm.url + "/html"}, headers=headers)
    assert nothing.status_code == 422 and nothing.json()["error"]["type"] == "DiscoveryError"
    unsafe = c.post("/api/v1/feeds", json={"url": "file:///etc/passwd"}, headers=headers)
    assert unsafe.status_code == 422


def test_demo_reader_follows_what_the_demo_follows(db, world) -> None:
    from tidings.services.demo_accounts import add_demo_reader
    from tidings.services.reading import sidebar

    from .conftest import T0

    assert add_demo_reader(db, world.a_id, "demo password 123", now=T0) == "demo"
    with db.connect() as conn:
        from tidings.store.users import get_user

        demo = get_user(conn, "demo")
    mine = [(s.feed_id, s.folder_name) for s in sidebar(db, demo.id).subscriptions]
    assert mine == [(world.a_feed, "Tech")]


def test_search_page_accepts_operators(alice: TestClient, world) -> None:
    page = alice.get("/search", params={"q": 'source:"alice news" date:2026-11-01'})
    assert "7 results for" in page.text and "title:word" in page.text  # the help line
    assert listed(page.text) == sorted(world.a_entries, reverse=True)  # newest first
    page = alice.get("/search", params={"q": 'zebra title:"story 3" author:ann'})
    assert listed(page.text) == [world.a_entries[3]]
    assert listed(alice.get("/search", params={"q": "zebra before:2026-11-01"}).text) == []
    assert listed(alice.get("/search", params={"q": "source:bob"}).text) == []  # not hers
    assert alice.get("/search", params={"q": "after:soon source:%"}).status_code == 200


def test_starred_list_follows_a_changed_entry_date(db, world) -> None:
    """The starred list's order comes from the entry's date kept beside its starred state
    (migration 0015_starred_order); a date corrected after starring moves it."""
    from datetime import timedelta

    from tidings.store.entries import list_entries, set_read, set_starred
    from tidings.store.tables import entries

    from .conftest import T0

    first, second, third = world.a_entries[:3]
    with db.transaction() as conn:
        set_read(conn, world.a_id, [first], True, T0)  # a state row before it is starred
        set_starred(conn, world.a_id, [first, second, third], True, T0)
        set_starred(conn, world.a_id, [third], False, T0)
        conn.execute(entries.update().where(entries.c.id == first)
                     .values(sort_at=T0 + timedelta(days=30)))
        conn.execute(entries.update().where(entries.c.id == second)
                     .values(sort_at=T0 - timedelta(days=30)))
        conn.execute(entries.update().where(entries.c.id == third)
                     .values(sort_at=T0 + timedelta(days=60)))
        set_starred(conn, world.a_id, [third], True, T0)
    with db.connect() as conn:
        starred = list_entries(conn, world.a_id, starred_only=True)
        assert [e.id for e in starred] == [third, first, second]
        assert [e.id for e in list_entries(conn, world.a_id, starred_only=True, limit=1,
                                           before=starred[0].cursor)] == [first]
