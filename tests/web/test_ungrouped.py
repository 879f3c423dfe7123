"""'Not in a folder': the entries of the user's feeds outside folders, listed like a folder."""

from __future__ import annotations

import re

from starlette.testclient import TestClient

from tests.web.conftest import add_feed_with_entries, form


def _listed(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-entry="(\d+)"', page)]


def test_lists_only_your_feeds_outside_folders(db, alice: TestClient, bob: TestClient,
                                               world) -> None:
    # Alice: world.a_feed is in "Tech"; this one is in no folder. Bob's feed is in no folder too.
    _, loose_ids = add_feed_with_entries(db, world.a_id, "https://loose.example/", 3,
                                         title="Loose")
    page = alice.get("/ungrouped")
    assert page.status_code == 200
    assert "<h1>Not in a folder</h1>" in page.text
    assert sorted(_listed(page.text)) == loose_ids  # not Tech's, not Bob's
    for show in ("all", "starred"):
        assert 'aria-current="page">' + show.title() in alice.get(f"/ungrouped?show={show}").text
    assert sorted(_listed(alice.get("/ungrouped?show=all").text)) == loose_ids
    # Bob sees his own feed outside folders, never Alice's.
    assert sorted(_listed(bob.get("/ungrouped").text)) == world.b_entries


def test_an_entry_opened_from_it_moves_within_it(db, alice: TestClient, world) -> None:
    _, loose_ids = add_feed_with_entries(db, world.a_id, "https://loose.example/", 2)
    page = alice.get("/ungrouped").text
    assert f'href="/entries/{loose_ids[1]}?show=unread&amp;ungrouped=1"' in page
    article = alice.get(f"/entries/{loose_ids[1]}?show=all&ungrouped=1").text
    # The older neighbour is the other loose entry, not one of Tech's (dated alike); none newer.
    assert f'href="/entries/{loose_ids[0]}?show=all&amp;ungrouped=1"' in article
    assert "rel=\"prev\"" not in article


def test_mark_all_read_marks_only_its_feeds(db, alice: TestClient, world) -> None:
    _, loose_ids = add_feed_with_entries(db, world.a_id, "https://loose.example/", 2)
    page = alice.get("/ungrouped").text
    assert sorted(_listed(page)) == loose_ids
    assert '<input type="hidden" name="ungrouped" value="true">' in page
    up_to = re.search(r'name="up_to" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    done = form(alice, "/mark-all-read", {"up_to": up_to, "ungrouped": "true",
                                          "next": "/ungrouped"})
    assert done.status_code == 303
    assert _listed(alice.get("/ungrouped").text) == []
    assert sorted(_listed(alice.get(f"/folders/{world.a_folder}").text)) == world.a_entries


def test_the_sidebar_links_to_it_when_folders_are_collapsed(db, alice: TestClient, world,
                                                            monkeypatch) -> None:
    from tidings.web import templating

    monkeypatch.setattr(templating, "SIDEBAR_EXPANDED_UP_TO", 1)
    loose, _ = add_feed_with_entries(db, world.a_id, "https://loose.example/", 3, title="D")
    assert '<a href="/ungrouped">Not in a folder</a>' in alice.get("/unread").text
    page = alice.get("/ungrouped").text
    assert '<a href="/ungrouped" aria-current="page">Not in a folder</a>' in page
    assert f'<a href="/feeds/{loose}">D</a>' in page  # its feeds are listed, as a folder's
    assert f'href="/feeds/{world.a_feed}"' not in page
