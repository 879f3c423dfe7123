"""Top stories, the story page and the stories API, over stories the real clustering pass
built from stored entries (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import timedelta

from tidings.services import reading
from tidings.services import stories as story_service

from .conftest import PASSWORD_A, make_client, sign_in
from .queries import page_queries
from .story_helpers import NOW, Demo, add_articles, demo_fixture  # noqa: F401 - the fixture

BRIDGE = [
    ("Harlow river bridge collapses during morning traffic",
     ("The Harlow river bridge collapsed on Tuesday morning during rush hour traffic."
      " Emergency crews from Harlow county pulled drivers from the river. Mayor Elena Vasquez"
      " said the bridge had been inspected in March.")),
    ("Bridge over Harlow river falls, drivers rescued from water",
     ("Part of the Harlow river bridge fell into the river on Tuesday morning, sending cars"
      " into the water. Harlow county emergency crews rescued drivers. Mayor Elena Vasquez"
      " ordered an inquiry into the bridge inspection.")),
    ("Harlow bridge collapse: cars plunge into river",
     ("Cars plunged into the Harlow river when the bridge collapsed on Tuesday morning."
      " Emergency crews of Harlow county rescued the drivers, and Mayor Elena Vasquez"
      " promised a full review of the bridge.")),
]
BAKERY = ("Corner bakery wins regional sourdough prize",
          ("A small corner bakery on Mill Street won the regional sourdough prize for its"
           " rye loaf, judges announced at the county food fair."))
TOPICS = [
    ("Chess champion Ilse Marten retains world title in Oslo",
     "Grandmaster Ilse Marten defended her chess crown against challenger Pavel Orlov."),
    ("Llama farm opens to tourists in the Andes foothills",
     "A llama farm near Cusco welcomed its first visitors, offering wool spinning workshops."),
    ("Spring tides flood coastal car park in Dunmore",
     "Unusually high spring tides flooded the seafront car park in Dunmore."),
    ("Orchestra premieres symphony written by a teenage composer",
     "The Halden Philharmonic premiered a symphony by sixteen-year-old composer Ruth Okafor."),
]


def _synthetic(db, user_id: int) -> None:
    """The same event from three sources an hour ago; an unrelated story from one source."""
    for i, (title, text) in enumerate(BRIDGE):
        add_articles(db, [user_id], f"https://news{i}.example/feed", f"News {i}",
                     [(title, text, NOW - timedelta(minutes=70 - 5 * i))])
    add_articles(db, [user_id], "https://bakery.example/feed", "Bakery Times",
                 [(*BAKERY, NOW - timedelta(minutes=30))])
    story_service.update_stories(db, now=NOW, window_days=7)


def test_top_ranks_a_three_source_story_above_a_single_source_one(db, app, world, alice) -> None:
    from tidings.web import create_app

    _synthetic(db, world.a_id)
    stories = story_service.list_stories(db, world.a_id)
    bridge = next(s for s in stories if s.source_count == 3)
    bakery = next(s for s in stories if "sourdough" in s.headline)
    app.state.clock = lambda: NOW  # the app's clock, for the ranking
    page = alice.get("/top")
    assert page.status_code == 200
    order = re.findall(r'data-story="(\d+)"', page.text)
    assert order.index(str(bridge.id)) < order.index(str(bakery.id))
    assert "3 sources, 3 articles" in page.text
    assert "News 0" in page.text and "Bakery Times" in page.text
    assert create_app  # the app under test is the fixture's

    listed = alice.get("/api/v1/stories?limit=5").json()
    ids = [s["id"] for s in listed["stories"]]
    assert ids.index(bridge.id) < ids.index(bakery.id)
    first = listed["stories"][ids.index(bridge.id)]
    assert first["source_count"] == 3 and first["score"] > 0
    assert sorted(first["sources"]) == ["News 0", "News 1", "News 2"]
    assert listed["note"] is None


def test_top_falls_back_to_the_newest_entries_before_any_clustering(alice, world) -> None:
    page = alice.get("/top")
    assert page.status_code == 200
    assert "no stories among your feeds yet" in page.text
    titles = re.findall(r'href="/entries/(\d+)\?show=all"', page.text)
    assert [int(t) for t in titles] == sorted(world.a_entries, reverse=True)
    body = alice.get("/api/v1/stories").json()
    assert body["stories"] == [] and "tidings cluster" in body["note"]


def test_top_is_a_fixed_number_of_queries(db, app, world, alice) -> None:
    def queries() -> int:
        return page_queries(db, alice, "/top")

    _synthetic(db, world.a_id)
    before = len(story_service.list_stories(db, world.a_id))
    few = queries()
    for n, (title, text) in enumerate(TOPICS):
        add_articles(db, [world.a_id], f"https://more{n}.example/feed", f"More {n}",
                     [(title, text, NOW - timedelta(hours=n + 2))])
    story_service.update_stories(db, now=NOW, window_days=7)
    assert len(story_service.list_stories(db, world.a_id)) >= before + 3
    assert queries() == few <= 5  # session, stories, their sources, the followed feeds


def test_story_page_sources_disagreement_copies_and_timeline(demo: Demo) -> None:
    alice = demo.client("alice")
    flood = demo.story("alice", "Ashby")
    view = story_service.story_view(demo.db, demo.ids["alice"], flood)
    page = alice.get(f"/stories/{flood}")
    assert page.status_code == 200, page.text
    html = page.text
    for source in ("Meridian Wire", "The Harbour Gazette", "The Valley Courier"):
        assert source in html
    assert "Where the sources disagree" in html and "2,000" in html
    assert "Tomasz Reyes" in html  # people
    assert "cop" in html and "<details class=\"copies\">" in html  # wire copies folded
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert svg.count('class="mark') == len(view.articles) == view.story.article_count
    assert svg.count("<title>") >= len(view.articles)
    assert f'href="/entries/{view.articles[0].entry_id}"' in svg
    assert "<script" not in html.split("</head>")[1]  # no inline script
    assert "Pin to Our picks" not in html  # Alice is a member

    station = demo.story("alice", "Kestrel")
    line_page = alice.get(f"/stories/{station}").text
    assert "The storyline" in line_page
    line_svg = line_page[line_page.rindex("<svg"):line_page.rindex("</svg>")]
    assert line_svg.count('class="bar') >= 3 and 'aria-current="page"' in line_svg
    assert re.search(rf'href="/stories/(?!{station}")\d+"', line_svg)

    detail = alice.get(f"/api/v1/stories/{flood}").json()
    assert detail["id"] == flood and len(detail["perspectives"]["sources"]) >= 3
    assert any(a["duplicate_of"] for a in detail["articles"])
    assert all(a["readable"] for a in detail["articles"])
    assert detail["pick"] is None and "Tomasz Reyes" in detail["people"]
    assert detail["related"] == []

    # Related stories: the other story about the town's libraries, linked both ways.
    library, council = demo.story("alice", "library reopens"), demo.story("alice", "keeps libraries")
    assert "Related stories" not in html
    related_page = alice.get(f"/stories/{library}").text
    related = related_page[related_page.index('id="related-h"'):]
    assert f'href="/stories/{council}"' in related
    assert [r["story_id"] for r in alice.get(f"/api/v1/stories/{council}").json()["related"]] == [
        library
    ]


def test_unknown_and_foreign_stories_are_not_found(db, app, world, alice, bob) -> None:
    _synthetic(db, world.a_id)
    theirs = next(s.id for s in story_service.list_stories(db, world.a_id) if "Harlow" in s.headline)
    for path in (f"/stories/{theirs}", "/stories/999999"):
        assert bob.get(path).status_code == 404
    gone = [bob.get(p).json()["error"]["message"] for p in
            (f"/api/v1/stories/{theirs}", "/api/v1/stories/999999")]
    assert gone == [f"There is no story {theirs} among your feeds' stories.",
                    "There is no story 999999 among your feeds' stories."]
    # The world's entries form one story across both users' feeds: Bob sees only his part
    # of it (headline, summary, sources and counts), never Alice's titles.
    mine = bob.get("/api/v1/stories").json()["stories"]
    assert mine and all(s["sources"] == ["Bob news"] for s in mine)
    assert all(s["article_count"] <= len(world.b_entries) for s in mine)
    top = bob.get("/top").text
    assert "Harlow" not in top and "Alice news" not in top
    shared = mine[0]["id"]
    page = bob.get(f"/stories/{shared}").text
    assert "Alice news" not in page and "Bob news" in page


def test_signed_out_story_pages_ask_to_sign_in(app, world) -> None:
    with make_client(app) as c:
        for path in ("/top", "/picks", "/stories/1"):
            assert c.get(path).headers["location"].startswith("/signin")
        assert c.get("/api/v1/stories").status_code == 401
        assert sign_in(c, "alice", PASSWORD_A).status_code == 303


def test_openapi_documents_the_story_routes(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/picks",
                 "/api/v1/picks/{pick_id}"):
        assert path in paths
    assert set(paths["/api/v1/picks"]) == {"get", "post"}


def test_a_syndicated_copy_is_listed_once_and_read_with_its_original(demo: Demo) -> None:
    alice = demo.client("alice")
    flood = story_service.story_view(demo.db, demo.ids["alice"], demo.story("alice", "Ashby"))
    copies = [a for a in flood.articles if a.duplicate_of is not None]
    original = copies[0].duplicate_of
    assert copies and all(a.duplicate_of == original for a in copies)

    page = alice.get("/all").text
    assert f'data-entry="{original}"' in page
    for copy in copies:  # folded under the original, not a row of their own
        assert f'data-entry="{copy.entry_id}"' not in page
    row = page[page.index(f'data-entry="{original}"'):]
    row = row[: row.index("</li>")]
    assert "Also in" in row and all(copy.source in row for copy in copies)

    unread_before = reading.sidebar(demo.db, demo.ids["alice"]).unread_total
    assert alice.get(f"/entries/{original}").status_code == 200  # opening reads it
    assert reading.sidebar(demo.db, demo.ids["alice"]).unread_total == (
        unread_before - 1 - len(copies)
    )
    for copy in copies:
        assert alice.get(f"/api/v1/entries/{copy.entry_id}").json()["read"] is True

    # Marking a copy unread again is the reader's choice: it stays unread.
    copy = copies[0].entry_id
    assert alice.post("/api/v1/entries/read", json={"ids": [copy], "read": False},
                      headers={"x-csrf-token": alice.csrf}).status_code == 200  # type: ignore[attr-defined]
    assert alice.get(f"/api/v1/entries/{copy}").json()["read"] is False
    assert alice.get(f"/api/v1/entries/{original}").json()["read"] is True
