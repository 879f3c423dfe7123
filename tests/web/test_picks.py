"""Editors' picks: who may pin, what a pick shares, and that it outlives a clustering pass."""

from __future__ import annotations

from tidings.services import stories as story_service

from .conftest import form
from .queries import page_queries
from .story_helpers import Demo, demo_fixture  # noqa: F401 - the fixture


def test_a_member_cannot_pin_an_editor_can(demo: Demo) -> None:
    alice, ed = demo.client("alice"), demo.client("ed")
    flood = demo.story("alice", "Ashby")
    assert "Pin to Our picks" not in alice.get(f"/stories/{flood}").text
    denied = form(alice, f"/stories/{flood}/pin", {"note": "mine"})
    assert denied.status_code == 403 and "editor" in denied.text
    assert form(alice, f"/stories/{flood}/unpin").status_code == 403
    # Without the CSRF token even an editor is refused.
    assert ed.post(f"/stories/{flood}/pin", data={"note": "x"}).status_code == 403

    assert "Pin to Our picks" in ed.get(f"/stories/{flood}").text
    done = form(ed, f"/stories/{flood}/pin", {"note": "Read <this> first"})
    assert done.status_code == 303 and done.headers["location"] == f"/stories/{flood}"
    page = ed.get(f"/stories/{flood}").text
    assert "Unpin from Our picks" in page and "picked by ed" in page
    assert "Read &lt;this&gt; first" in page  # escaped
    again = form(ed, f"/stories/{flood}/pin", {"note": "twice"})
    assert again.status_code == 409

    picks = alice.get("/picks").text
    assert "Ashby" in picks and "Picked by ed" in picks and "Read &lt;this&gt; first" in picks

    assert form(ed, f"/stories/{flood}/unpin").status_code == 303
    assert "Ashby" not in alice.get("/picks").text
    assert form(ed, f"/stories/{flood}/unpin").status_code == 404


def test_a_pick_survives_the_clustering_pass(demo: Demo) -> None:
    ed = demo.client("ed")
    flood = demo.story("ed", "Ashby")
    assert form(ed, f"/stories/{flood}/pin", {"note": "the big one"}).status_code == 303
    before = ed.get("/api/v1/picks").json()
    demo.cluster()
    demo.cluster()
    after = ed.get("/api/v1/picks").json()
    assert [(p["pick"]["id"], p["story"]["headline"]) for p in after] == [
        (p["pick"]["id"], p["story"]["headline"]) for p in before
    ]
    story_id = after[0]["story"]["id"]
    assert story_id == demo.story("ed", "Ashby")
    assert "the big one" in ed.get(f"/stories/{story_id}").text


def test_a_member_who_follows_nothing_sees_the_pick_and_only_it(demo: Demo) -> None:
    ed, bob = demo.client("ed"), demo.client("bob")
    flood = demo.story("ed", "Ashby")
    other = demo.story("ed", "Kestrel")
    assert form(ed, f"/stories/{flood}/pin", {"note": "for everyone"}).status_code == 303

    picks = bob.get("/picks").text
    assert "Ashby" in picks and "Meridian Wire" in picks and "for everyone" in picks
    page = bob.get(f"/stories/{flood}")
    assert page.status_code == 200
    # Bob follows none of the feeds: no links to reader pages he cannot open, originals only.
    assert "/entries/" not in page.text and "Original on" in page.text
    assert bob.get(f"/stories/{other}").status_code == 404
    assert bob.get(f"/api/v1/stories/{other}").status_code == 404
    assert bob.get("/api/v1/stories").json()["stories"] == []  # Top stays his own
    detail = bob.get(f"/api/v1/stories/{flood}").json()
    assert detail["pick"]["note"] == "for everyone"
    assert not any(a["readable"] for a in detail["articles"])
    for entry in detail["articles"]:
        assert bob.get(f"/api/v1/entries/{entry['entry_id']}").status_code == 404
    listed = bob.get("/api/v1/picks").json()
    assert [p["story"]["id"] for p in listed] == [flood]
    assert listed[0]["story"]["source_count"] >= 3

    # Read and star state stays per user: Ed starring an entry shows nothing to Bob.
    first = detail["articles"][0]["entry_id"]
    seen_before = bob.get(f"/stories/{flood}").text
    assert form(ed, f"/entries/{first}/star", {"starred": "true"}).status_code == 303
    assert form(ed, f"/entries/{first}/read", {"read": "true"}).status_code == 303
    assert bob.get(f"/stories/{flood}").text == seen_before


def test_the_picks_api(demo: Demo) -> None:
    alice, ed = demo.client("alice"), demo.client("ed")
    flood = demo.story("ed", "Ashby")
    a_headers = {"x-csrf-token": alice.csrf}  # type: ignore[attr-defined]
    e_headers = {"x-csrf-token": ed.csrf}  # type: ignore[attr-defined]

    denied = alice.post("/api/v1/picks", json={"story_id": flood}, headers=a_headers)
    assert denied.status_code == 403 and "editor" in denied.json()["error"]["message"]
    no_token = ed.post("/api/v1/picks", json={"story_id": flood})
    assert no_token.status_code == 403
    missing = ed.post("/api/v1/picks", json={"story_id": 999999}, headers=e_headers)
    assert missing.status_code == 404 and "no story 999999" in missing.json()["error"]["message"]
    bad = ed.post("/api/v1/picks", json={"story_id": flood, "note": "x" * 501}, headers=e_headers)
    assert bad.status_code == 422 and "note" in bad.json()["error"]["message"]

    made = ed.post("/api/v1/picks", json={"story_id": flood, "note": "Go"}, headers=e_headers)
    assert made.status_code == 201, made.text
    pick = made.json()
    assert pick["story_id"] == flood and pick["picked_by"] == "ed" and pick["note"] == "Go"
    conflict = ed.post("/api/v1/picks", json={"story_id": flood}, headers=e_headers)
    assert conflict.status_code == 409 and f"pick {pick['id']}" in conflict.json()["error"]["message"]

    assert [p["pick"]["id"] for p in alice.get("/api/v1/picks").json()] == [pick["id"]]
    assert alice.delete(f"/api/v1/picks/{pick['id']}", headers=a_headers).status_code == 403
    assert ed.delete(f"/api/v1/picks/{pick['id']}", headers=e_headers).status_code == 204
    gone = ed.delete(f"/api/v1/picks/{pick['id']}", headers=e_headers)
    assert gone.status_code == 404 and "GET /api/v1/picks" in gone.json()["error"]["message"]
    assert alice.get("/api/v1/picks").json() == []
    assert story_service.story_view(demo.db, demo.ids["alice"], flood).pick is None


def test_our_picks_is_a_fixed_number_of_queries(demo: Demo) -> None:

    ed, bob = demo.client("ed"), demo.client("bob")
    def queries(path: str) -> int:
        return page_queries(demo.db, bob, path)

    ids = [s.id for s in story_service.list_stories(demo.db, demo.ids["ed"], limit=6)]
    assert form(ed, f"/stories/{ids[0]}/pin").status_code == 303
    one, page_one = queries("/picks"), queries(f"/stories/{ids[0]}")
    for story_id in ids[1:]:
        assert form(ed, f"/stories/{story_id}/pin").status_code == 303
    assert bob.get("/picks").text.count('class="story"') == len(ids)
    assert queries("/picks") == one <= 8
    assert queries(f"/stories/{ids[1]}") == page_one
