"""Storylines: stories months apart linked by shared actors and subject."""

from __future__ import annotations

from tests.unit.stories.demo_content import demo_articles
from tests.unit.stories.perspective_fixtures import load
from tidings.stories.storylines import link_storylines, story_info


def _demo_stories():
    groups: dict[str, list] = {}
    for a, label in demo_articles():
        # One story per month for the station: the clusterer would not join episodes months apart.
        key = f"{label}-{a.published.month:02d}" if label == "station" else (label or a.id)
        groups.setdefault(key, []).append(a)
    return [story_info(k, v) for k, v in groups.items()]


def test_demo_station_partnership_is_one_storyline_and_others_stay_out() -> None:
    lines = link_storylines(_demo_stories())
    station = [s for s in lines if any(i.startswith("station-") for i in s.story_ids)]
    assert len(station) == 1
    line = station[0]
    assert all(i.startswith("station-") for i in line.story_ids)
    assert len(line.story_ids) >= 5
    assert "flood" not in line.story_ids and not any("library" in i for i in line.story_ids)
    dates = [e.date for e in line.timeline]
    assert dates == sorted(dates)
    assert "kestrel orbital" in line.actors
    assert "positive to negative" in line.note
    assert "Solace Aerospace" in line.timeline[-1].new_actors  # the rival arrives in October
    # No other storyline is invented from the one-off items.
    assert all(any(i.startswith("station-") for i in s.story_ids) for s in lines)


def test_seed_shaped_storyline_video_then_article_a_year_later() -> None:
    infos = [story_info(a.id, [a]) for a in load("storyline")]
    lines = link_storylines(infos)
    assert len(lines) == 1
    assert lines[0].story_ids == ("yt-2021", "news-2022")
    assert lines[0].timeline[0].framing > 0 > lines[0].timeline[1].framing


def test_one_shared_name_is_not_enough() -> None:
    event = load("event")
    infos = [story_info("seed", load("storyline")[1:]), story_info("dam", event[:2])]
    assert link_storylines(infos) == []


def test_subject_terms_break_ties_by_term_not_by_set_order() -> None:
    """Ties among the heaviest stems are broken by the stem itself, so the terms (and
    storylines) are the same in every process whatever PYTHONHASHSEED is."""
    from collections import Counter

    from tests.unit.stories.demo_content import demo_story
    from tidings.stories._nlp import content_stems
    from tidings.stories.storylines import SUBJECT_TERMS

    articles = demo_story("flood")
    counts: Counter[str] = Counter()
    for a in articles:
        counts.update(content_stems(a.title))
        counts.update(content_stems(a.text))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:SUBJECT_TERMS]
    assert story_info("s", articles).terms == frozenset(t for t, _ in ranked)
