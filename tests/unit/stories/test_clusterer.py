"""The streaming clusterer on a small labelled full-text set, in many orders."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tidings.errors import AlreadyExistsError, ConfigError, TidingsError
from tidings.stories.clusterer import ClusterParams, StreamingClusterer, cluster
from tidings.stories.model import ClusterItem

from .fixtures import load_articles

ITEMS, TRUTH = load_articles()


def partition(assignments: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for item_id, story in assignments.items():
        groups.setdefault(story, set()).add(item_id)
    return {frozenset(g) for g in groups.values()}


EXPECTED = partition(TRUTH)


def permutations() -> list[list[ClusterItem]]:
    by_time = sorted(ITEMS, key=lambda it: it.published)
    out = [by_time, by_time[::-1]]
    for seed in range(6):
        shuffled = list(ITEMS)
        random.Random(seed).shuffle(shuffled)
        out.append(shuffled)
    return out


@pytest.mark.parametrize("order", permutations(), ids=lambda o: o[0].id)
def test_stories_are_pure_and_complete_in_any_order(order: list[ClusterItem]) -> None:
    c = StreamingClusterer()
    c.add_many(order)
    c.consolidate()
    assert partition(c.assignments()) == EXPECTED


@pytest.mark.parametrize("order", permutations(), ids=lambda o: o[0].id)
def test_streaming_alone_never_mixes_events(order: list[ClusterItem]) -> None:
    c = StreamingClusterer()
    c.add_many(order)
    for group in partition(c.assignments()):
        assert len({TRUTH[i] for i in group}) == 1, sorted(group)


def test_consolidated_result_is_the_same_for_every_order() -> None:
    results = []
    for order in permutations():
        c = StreamingClusterer()
        c.add_many(order)
        c.consolidate()
        results.append(partition(c.assignments()))
    assert all(r == results[0] for r in results)


def test_storyline_months_apart_is_two_stories_because_of_time() -> None:
    rates = [it for it in ITEMS if TRUTH[it.id].startswith("rates")]
    c = StreamingClusterer()
    c.add_many(rates)
    c.consolidate()
    assert len(partition(c.assignments())) == 2
    # The same articles six months closer together: the words alone join them,
    # so it is the time decay that keeps a storyline's episodes apart.
    moved = [
        replace(it, published=it.published - timedelta(days=189))
        if TRUTH[it.id] == "rates-cut"
        else it
        for it in rates
    ]
    c = StreamingClusterer()
    c.add_many(moved)
    c.consolidate()
    assert len(partition(c.assignments())) == 1


def test_syndicated_copy_joins_its_original_as_a_duplicate() -> None:
    c = StreamingClusterer()
    results = {a.item_id: a for a in c.add_many(sorted(ITEMS, key=lambda it: it.published))}
    copy = results["bridge-copy"]
    assert copy.duplicate_of == "bridge-wire"
    assert copy.story_id == results["bridge-wire"].story_id
    assert c.duplicates_of("bridge-wire") == ("bridge-copy",)
    assert c.duplicates_of("bridge-local") == ()


def test_story_ids_survive_consolidation() -> None:
    c = StreamingClusterer()
    c.add_many(sorted(ITEMS, key=lambda it: it.published))
    before = c.assignments()
    c.consolidate()
    assert c.assignments() == before


def test_snapshots_describe_the_stories() -> None:
    result = cluster(ITEMS)
    assert len(result.stories) == len(EXPECTED)
    fire = next(s for s in result.stories if "fire-wire" in s.members)
    assert set(fire.members) == {"fire-wire", "fire-local", "fire-weather"}
    assert fire.first_seen == datetime(2025, 7, 2, 6, 30, tzinfo=UTC)
    assert fire.last_seen == datetime(2025, 7, 2, 12, 0, tzinfo=UTC)
    assert "kestrel" in fire.top_terms or "kestrel valley" in fire.top_terms
    assert result.assignments["fire-local"] == fire.id


def test_first_item_starts_a_story_then_a_close_one_joins() -> None:
    c = StreamingClusterer()
    t = datetime(2025, 1, 1, tzinfo=UTC)
    a = c.add(ClusterItem("1", "Sbarro files for bankruptcy protection again", t))
    b = c.add(ClusterItem("2", "Pizza chain Sbarro files for bankruptcy", t + timedelta(hours=1)))
    d = c.add(ClusterItem("3", "Lindsay Lohan reality show premieres", t + timedelta(hours=1)))
    assert a.created and not b.created and d.created
    assert b.story_id == a.story_id != d.story_id
    assert 0.0 < b.similarity <= 1.0


def test_bad_input_is_refused() -> None:
    c = StreamingClusterer()
    t = datetime(2025, 1, 1, tzinfo=UTC)
    c.add(ClusterItem("1", "A title", t))
    with pytest.raises(AlreadyExistsError):
        c.add(ClusterItem("1", "A title", t))
    with pytest.raises(TidingsError, match="naive"):
        c.add(ClusterItem("2", "A title", datetime(2025, 1, 1)))
    with pytest.raises(TidingsError, match="not been clustered"):
        c.story_of("nope")
    with pytest.raises(ConfigError):
        StreamingClusterer(ClusterParams(join_threshold=1.5))


def test_empty_and_stopword_titles_do_not_break_anything() -> None:
    c = StreamingClusterer()
    t = datetime(2025, 1, 1, tzinfo=UTC)
    c.add(ClusterItem("1", "", t))
    c.add(ClusterItem("2", "the and of", t))
    c.add(ClusterItem("3", "", t))
    c.consolidate()
    assert set(c.assignments()) == {"1", "2", "3"}


def test_prune_forgets_old_stories_and_keeps_the_rest_working() -> None:
    c = StreamingClusterer()
    c.add_many(sorted(ITEMS, key=lambda it: it.published))
    old = c.prune(datetime(2025, 9, 1, tzinfo=UTC))
    assert {frozenset(s.members) for s in old} == EXPECTED - {
        frozenset(g) for g in EXPECTED if "cut-wire" in g
    }
    assert set(c.assignments()) == {"cut-wire", "cut-markets", "cut-homes"}
    late = ClusterItem(
        "cut-late",
        "Norland Reserve Bank rate cut to 3.75 percent welcomed by Marrow critics",
        datetime(2025, 9, 18, 12, tzinfo=UTC),
    )
    assert c.add(late).story_id == c.story_of("cut-wire")
    c.consolidate()
    assert len(c.stories()) == 1


def test_background_idf_is_copied_and_used() -> None:
    from tidings.stories.clusterer import background_idf

    bg = background_idf([("Stocks fall on weak data", None), ("Stocks rise again", None)])
    assert bg.docs == 2
    c = StreamingClusterer(background=bg)
    c.add(ITEMS[0])
    assert bg.docs == 2  # the clusterer learns on its own copy


def test_copies_link_only_within_max_gap() -> None:
    c = StreamingClusterer()
    t = datetime(2025, 1, 1, tzinfo=UTC)
    title = "Stocks slip on discouraging news from Asia"
    first = c.add(ClusterItem("1", title, t))
    same_day = c.add(ClusterItem("2", title, t + timedelta(hours=3)))
    next_year = c.add(ClusterItem("3", title, t + timedelta(days=365)))
    assert same_day.duplicate_of == "1" and same_day.story_id == first.story_id
    assert next_year.duplicate_of is None and next_year.created
    c.consolidate()
    assert c.story_of("3") != c.story_of("1")


def _groups(c: StreamingClusterer) -> dict[str, list[ClusterItem]]:
    by_id = {it.id: it for it in ITEMS}
    out: dict[str, list[ClusterItem]] = {}
    for iid, sid in sorted(c.assignments().items()):
        out.setdefault(sid, []).append(by_id[iid])
    return out


def test_restored_story_keeps_its_id_when_new_articles_join() -> None:
    by_time = sorted(ITEMS, key=lambda it: it.published)
    first = [it for it in by_time if it.id != "fire-local"]
    c = StreamingClusterer()
    c.add_many(first)
    c.consolidate()
    stored = {f"db{i}": items for i, items in enumerate(_groups(c).values())}
    fire_id = next(sid for sid, its in stored.items() if any(i.id == "fire-wire" for i in its))

    again = StreamingClusterer()
    again.restore(stored.items())
    assert again.assignments() == {it.id: sid for sid, its in stored.items() for it in its}
    placed = again.add(next(it for it in ITEMS if it.id == "fire-local"))
    assert placed.story_id == fire_id and not placed.created
    report = again.consolidate_recent()
    assert report.merged == 0
    assert again.story_of("fire-local") == fire_id
    assert {s.id for s in again.stories()} == set(stored)


@pytest.mark.parametrize("batch", [1, 3, 7])
def test_incremental_passes_give_the_full_result(batch: int) -> None:
    by_time = sorted(ITEMS, key=lambda it: (it.published, it.id))
    stored: dict[str, list[ClusterItem]] = {}
    for start in range(0, len(by_time), batch):
        c = StreamingClusterer()
        c.restore(stored.items())
        c.add_many(by_time[start : start + batch])
        c.consolidate_recent()
        stored = _groups(c)
    assert partition({it.id: sid for sid, its in stored.items() for it in its}) == EXPECTED


def test_consolidate_recent_leaves_older_items_alone() -> None:
    c = StreamingClusterer()
    c.add_many(sorted(ITEMS, key=lambda it: it.published))
    c.consolidate()
    before = c.assignments()
    assert c.consolidate_recent().moved == 0  # nothing recent: nothing to do
    assert c.assignments() == before


def test_restore_refuses_an_item_in_two_stories() -> None:
    item = ITEMS[0]
    with pytest.raises(AlreadyExistsError):
        StreamingClusterer().restore([("a", [item]), ("b", [item])])
    c = StreamingClusterer()
    c.add(item)
    with pytest.raises(TidingsError):
        c.restore([("a", [ITEMS[1]])])
