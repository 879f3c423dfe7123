"""Top stories' score and the story timeline's geometry (pure code, no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tidings.rank.top import rank_stories, story_score
from tidings.types import StoryEntryText, StoryRecord
from tidings.web.timeline import articles_chart, storyline_chart

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)


def _story(i: int, sources: int, articles: int, hours_ago: float) -> StoryRecord:
    when = NOW - timedelta(hours=hours_ago)
    return StoryRecord(id=i, headline=f"S{i}", summary=(), first_seen=when, last_seen=when,
                       article_count=articles, source_count=sources, updated_at=NOW,
                       storyline_id=None)


def test_sources_weigh_more_than_follow_ups_and_age_decays() -> None:
    assert story_score(3, 3, NOW, NOW) > story_score(1, 3, NOW, NOW) > story_score(1, 1, NOW, NOW)
    fresh, day_old = story_score(2, 2, NOW, NOW), story_score(2, 2, NOW - timedelta(days=1), NOW)
    assert fresh > day_old > 0
    # (2 + 0.25 * 2) / (0 + 2) ** 1.5
    assert abs(story_score(2, 4, NOW, NOW) - 2.5 / 2**1.5) < 1e-9
    assert story_score(1, 1, NOW + timedelta(hours=1), NOW) == story_score(1, 1, NOW, NOW)


def test_ranking_order_and_ties() -> None:
    wide = _story(1, 3, 3, 1)
    single = _story(2, 1, 1, 0.5)
    old_wide = _story(3, 5, 9, 72)
    twin = _story(4, 1, 1, 0.5)
    order = [s.id for s, _ in rank_stories([single, old_wide, twin, wide], NOW)]
    assert order == [1, 4, 2, 3]  # equal scores: the higher id first


def _entry(i: int, source: str, hours: float, dup: int | None = None) -> StoryEntryText:
    return StoryEntryText(entry_id=i, feed_id=hash(source) % 100, source=source,
                          title=f"<b>T{i}</b> & co", text="", url=f"https://x.example/{i}",
                          published=NOW + timedelta(hours=hours), duplicate_of=dup)


def test_articles_chart_has_a_lane_per_source_and_a_mark_per_article() -> None:
    entries = [_entry(1, "Wire", 0), _entry(2, "Gazette", 1, dup=1), _entry(3, "Wire", 10)]
    chart = articles_chart(entries, readable={1, 2})
    assert [lane.label for lane in chart.lanes] == ["Wire", "Gazette"]
    assert len(chart.marks) == 3
    first, copy, last = chart.marks
    assert first.x == 0 and last.x == 100  # percent of the width: no viewBox to scale text
    assert copy.copy and copy.entry_id == 2 and copy.url is None
    assert last.entry_id is None and last.url == "https://x.example/3"  # not followed
    assert first.y == last.y != copy.y
    assert "(copy)" in copy.title and len(chart.ticks) == 5
    assert [t.minor for t in chart.ticks] == [False, True, False, True, False]
    assert [lane.label_y < lane.y for lane in chart.lanes] == [True, True]  # names above


def test_a_single_article_and_the_storyline_chart() -> None:
    lone = articles_chart([_entry(1, "Wire", 0)], readable={1})
    assert lone.marks[0].x == 0
    stories = [_story(1, 1, 1, 48), _story(2, 2, 2, 1)]
    chart = storyline_chart(stories, current_id=2)
    assert [b.href for b in chart.bars] == ["/stories/1", "/stories/2"]
    assert [b.current for b in chart.bars] == [False, True]
    assert all(b.width >= 1 and b.x + b.width <= 100 for b in chart.bars)
