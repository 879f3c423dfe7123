"""Stories over the bundled demo content, fetched through the real pipeline, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tidings.cli import main
from tidings.clock import utcnow
from tidings.demo import demo_opml
from tidings.errors import StoryNotFoundError
from tidings.services import stories as service
from tidings.services.demo import serve_demo_files
from tidings.services.refreshing import refresh
from tidings.services.sources import import_opml
from tidings.settings import load_settings
from tidings.store import stories as store
from tidings.store import story_members
from tidings.store.entries import list_entries
from tidings.store.feeds import list_feeds, remove_feed
from tidings.store.subscriptions import subscribe
from tidings.store.tables import stories as stories_table
from tidings.store.tables import story_entries
from tidings.store.users import create_user, default_user

NOW = datetime(2026, 11, 1, tzinfo=UTC)
YEAR = 365  # the demo's stories run from January to October 2026


@pytest.fixture
def demo(db, database_url, tmp_path):
    """The demo feeds followed by the default user and refreshed; returns (db, user id)."""
    settings = load_settings(
        data_dir=tmp_path / "data", database_url=database_url, allow_private_networks=True
    )
    with db.transaction() as conn:
        user_id = default_user(conn).id

    async def build() -> None:
        async with serve_demo_files() as port:
            import_opml(db, demo_opml(port), user_id=user_id, allow_private=True, now=utcnow())
            summary = await refresh(db, settings, everything=True)
            assert summary.failed == 0 and summary.new_entries > 50

    asyncio.run(build())
    return db, user_id


def _story_with(stories, words: str):
    return next(s for s in stories if words in s.headline)


def test_demo_stories_flood_duplicates_storyline_and_stable_ids(demo) -> None:
    db, user_id = demo
    summary = service.update_stories(db, now=NOW, window_days=YEAR)
    assert summary.entries > 50 and summary.duplicates >= 2 and summary.storylines >= 1
    with db.connect() as conn:  # each entry is stemmed in its own (or its feed's) language
        languages = {e.language for e in store.entries_for_clustering(conn, NOW - timedelta(YEAR))}
    assert {"en", "en-gb"} <= languages

    found = service.list_stories(db, user_id, limit=100)
    assert [s.last_seen for s in found] == sorted((s.last_seen for s in found), reverse=True)
    flood = _story_with(found, "Ashby")
    assert flood.source_count >= 3

    view = service.story_view(db, user_id, flood.id)
    titles = {a.title: a for a in view.articles}
    wire = next(a for a in view.articles if a.source.startswith("Meridian Wire"))
    copies = [a for a in view.articles if a.duplicate_of is not None]
    assert {a.source for a in copies} == {"The Harbour Gazette", "The Valley Courier"}
    assert all(a.duplicate_of == wire.entry_id for a in copies)
    assert any("3,400" in t for t in titles)  # the follow-ups are in the same story

    # The space-station stories of different months share one storyline.
    station = [s for s in found if "Kestrel" in s.headline or "Concord" in s.headline]
    assert len(station) >= 3
    assert station[0].storyline_id is not None
    assert {s.storyline_id for s in station} == {station[0].storyline_id}
    assert flood.storyline_id is None

    # A second pass over the same entries keeps the stories and their ids.
    service.update_stories(db, now=NOW, window_days=YEAR)
    again = service.list_stories(db, user_id, limit=100)
    assert [(s.id, s.headline, s.article_count, s.storyline_id) for s in again] == [
        (s.id, s.headline, s.article_count, s.storyline_id) for s in found
    ]


def test_grouping_does_not_depend_on_the_order_of_entries(demo) -> None:
    db, _ = demo
    with db.connect() as conn:
        entries = store.entries_for_clustering(conn, datetime(2025, 1, 1, tzinfo=UTC))

    def grouping(items):
        return {
            frozenset(e.entry_id for e in members) for members, _ in service.cluster_entries(items)
        }

    shuffled = list(entries)
    random.Random(7).shuffle(shuffled)
    assert grouping(entries) == grouping(list(reversed(entries))) == grouping(shuffled)


def test_stories_are_scoped_to_the_feeds_a_user_follows(demo) -> None:
    db, user_id = demo
    service.update_stories(db, now=NOW, window_days=YEAR)
    flood = _story_with(service.list_stories(db, user_id, limit=100), "Ashby")
    with db.transaction() as conn:
        nobody = create_user(conn, "nobody").id
        tech_only = create_user(conn, "tech").id
        feeds = {f.title: f.id for f in list_feeds(conn, user_id)}
        subscribe(conn, tech_only, feeds["Northlight Engineering"])
    assert service.list_stories(db, nobody) == []
    with pytest.raises(StoryNotFoundError):
        service.story_view(db, nobody, flood.id)
    seen = service.list_stories(db, tech_only, limit=100)
    assert seen and all(s.source_count == 1 for s in seen)
    # Headlines come from what this reader follows, never from other people's feeds.
    with db.connect() as conn:
        own_titles = {e.title for e in list_entries(conn, tech_only, limit=1000)}
    assert {s.headline for s in seen} <= own_titles
    with pytest.raises(StoryNotFoundError):
        service.story_view(db, tech_only, flood.id)

    # Deleting a feed takes its entries out of stories; the next pass leaves no empty story.
    with db.transaction() as conn:
        remove_feed(conn, feeds["Northlight Engineering"])
    service.update_stories(db, now=NOW, window_days=YEAR)
    assert service.list_stories(db, tech_only) == []
    with db.connect() as conn:
        empty = conn.scalar(
            select(func.count())
            .select_from(stories_table)
            .where(~stories_table.c.id.in_(select(story_entries.c.story_id)))
        )
    assert empty == 0


def test_cli_cluster_stories_and_story_json(demo, database_url, monkeypatch) -> None:
    monkeypatch.setenv("TIDINGS_DATABASE_URL", database_url)

    def run(*args: str):
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    clustered = json.loads(run("cluster", "--days", "3650", "--json"))
    assert clustered["stories"] > 10 and clustered["incremental"] is False  # nothing stored yet
    again = run("cluster", "--days", "3650")
    assert again.startswith("Incremental pass: ")  # nothing new: the stored stories stand
    assert run("cluster", "--days", "3650", "--full").startswith("Full pass: ")
    listed = json.loads(run("stories", "--json", "--limit", "100"))["stories"]
    flood = next(s for s in listed if "Ashby" in s["headline"])
    story = json.loads(run("story", str(flood["id"]), "--json"))
    sources = {p["source"]: p for p in story["perspectives"]["sources"]}
    assert len(sources) >= 3
    assert sources["The Harbour Gazette"]["kind"] == "wire copy"
    assert all("clickbait" in p["headline"] for p in sources.values())
    evacuated = [
        d
        for d in story["perspectives"]["disagreements"]
        if any(f["text"] == "2,000" for f in d["figures"])
    ]
    assert evacuated and len({f["source"] for f in evacuated[0]["figures"]}) >= 2
    assert "Tomasz Reyes" in story["people"]
    text = run("story", str(flood["id"]))
    assert "Disagreements:" in text and "wire copy" in text
    missing = CliRunner().invoke(main, ["story", "999999"])
    assert missing.exit_code == 1 and "no story 999999" in missing.output


def test_entries_deleted_while_a_pass_runs_are_left_out(demo) -> None:
    db, user_id = demo
    since = datetime(2025, 1, 1, tzinfo=UTC)
    with db.connect() as conn:
        entries = store.entries_for_clustering(conn, since)
        feeds = {f.title: f.id for f in list_feeds(conn, user_id)}
    planned, lines = service.plan_stories(entries)
    with db.transaction() as conn:  # the wire goes while the pass is clustering
        remove_feed(conn, feeds["Meridian Wire: Top Stories"])
    with db.transaction() as conn:
        store.replace_stories(conn, since=since, now=NOW, new_stories=planned, new_storylines=lines)
    flood = _story_with(service.list_stories(db, user_id, limit=100), "Ashby")
    view = service.story_view(db, user_id, flood.id)
    assert {a.source for a in view.articles} == {"The Harbour Gazette", "The Valley Courier"}
    assert all(a.duplicate_of is None for a in view.articles)  # their original is gone


def _stored_grouping(db) -> dict[int, frozenset[int]]:
    with db.connect() as conn:
        rows = conn.execute(select(story_entries.c.story_id, story_entries.c.entry_id)).all()
    out: dict[int, set[int]] = {}
    for story_id, entry_id in rows:
        out.setdefault(story_id, set()).add(entry_id)
    return {k: frozenset(v) for k, v in out.items()}


def test_incremental_pass_keeps_ids_and_matches_a_full_pass(demo) -> None:
    db, user_id = demo
    since = NOW - timedelta(days=YEAR)
    with db.connect() as conn:
        entries = store.entries_for_clustering(conn, since)
    # An earlier pass saw all but the flood's follow-ups and every fifth entry.
    late = {e.entry_id for i, e in enumerate(entries) if "3,400" in e.title or i % 5 == 4}
    planned, lines = service.plan_stories([e for e in entries if e.entry_id not in late])
    with db.transaction() as conn:
        store.replace_stories(conn, since=since, now=NOW, new_stories=planned, new_storylines=lines)
    before = _stored_grouping(db)
    flood_before = _story_with(service.list_stories(db, user_id, limit=100), "Ashby")

    with db.connect() as conn:
        previous = story_members.active_story_members(conn, since)
    assert set(previous) == {e.entry_id for e in entries} - late
    assert service.incremental_ok(entries, previous)
    service.update_stories(db, now=NOW, window_days=YEAR)  # incremental: only `late` is new
    after = _stored_grouping(db)

    # The flood story keeps its id and gains its follow-ups.
    follow_ups = {e.entry_id for e in entries if "3,400" in e.title}
    assert follow_ups and follow_ups <= after[flood_before.id]
    assert before[flood_before.id] <= after[flood_before.id]
    # Every earlier story keeps its id and its entries: new ones only join.
    for story_id, members in before.items():
        assert members <= after[story_id]
    # On the demo the grouping is the one a full re-cluster finds.
    service.update_stories(db, now=NOW, window_days=YEAR, full=True)
    assert set(_stored_grouping(db).values()) == set(after.values())


def test_related_stories_share_a_subject_and_leave_the_storyline_out(demo) -> None:
    db, user_id = demo
    service.update_stories(db, now=NOW, window_days=YEAR)
    found = service.list_stories(db, user_id, limit=100)

    library = service.story_view(db, user_id, _story_with(found, "library reopens").id)
    assert [s.headline for s in library.related] == [
        _story_with(found, "keeps libraries open").headline
    ]
    # The space stories are one storyline: its timeline shows them, not "related".
    station = service.story_view(db, user_id, _story_with(found, "Waypoint docks").id)
    assert len(station.storyline) >= 3
    assert not {s.id for s in station.related} & {s.id for s in station.storyline}
    # A story with nothing of its subject elsewhere has no related stories.
    flood = service.story_view(db, user_id, _story_with(found, "Ashby").id)
    assert flood.related == ()
    assert flood.to_dict()["related"] == []
