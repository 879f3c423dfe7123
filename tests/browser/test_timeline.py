"""The story timeline is readable on a phone: its text is not scaled down with the chart."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest

from tests.browser.conftest import Live, Reader

TEXTS = """els => els.filter(t => getComputedStyle(t).display !== "none").map(t => {
    const box = t.getBoundingClientRect(), own = t.getBBox();
    return {text: t.textContent, cls: t.getAttribute("class"), height: box.height,
            left: box.left, right: box.right,
            // The font size as drawn: the CSS size times the scale from user units to CSS px.
            px: parseFloat(getComputedStyle(t).fontSize) * box.height / own.height};
})"""


@pytest.fixture
def story(live: Live, reader: Reader) -> int:
    """A story of the Town Crier and the long feed (two lanes), in a storyline of two."""
    from tidings.store.entries import list_entries
    from tidings.store.stories import replace_stories
    from tidings.store.subscriptions import subscribe
    from tidings.store.users import get_user
    from tidings.types import NewStory, NewStoryline

    with live.db.transaction() as conn:
        user = get_user(conn, reader.name)
        subscribe(conn, user.id, live.long_feed)
        news = list_entries(conn, user.id, feed_id=live.news_feed, limit=3)
        more = list_entries(conn, user.id, feed_id=live.long_feed, limit=6)

        def new(key: str, headline: str, rows) -> NewStory:  # type: ignore[no-untyped-def]
            return NewStory(key=key, headline=headline, summary=(),
                            first_seen=min(r.sort_at for r in rows),
                            last_seen=max(r.sort_at for r in rows),
                            source_count=len({r.feed_id for r in rows}),
                            members=tuple((r.id, None) for r in rows), storyline_key="line")

        first, second = news + more[:3], more[3:]
        ids = replace_stories(
            conn, since=datetime(9999, 1, 1, tzinfo=UTC), now=datetime.now(UTC),
            new_stories=[
                new("a", "Town council approves the new harbour bridge after a night of debate",
                    first),
                new("b", "Harbour bridge: the first cars cross", second),
            ],
            new_storylines=[NewStoryline("line", "Harbour bridge",
                                         min(r.sort_at for r in first + second),
                                         max(r.sort_at for r in first + second))],
        )
    return ids["a"]


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_timeline_text_stays_readable(signed_in, problems, story, width, tmp_path: Path) -> None:
    page = signed_in
    page.set_viewport_size({"width": width, "height": 850})
    response = page.goto(f"/stories/{story}")
    assert response is not None and response.status == 200
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the story page is {overflow}px wider than a {width}px window"
    charts = page.locator("svg.timeline")
    assert charts.count() == 2  # the articles and the storyline
    texts = page.locator("svg.timeline text").evaluate_all(TEXTS)
    lanes = [t for t in texts if t["cls"] == "lane-label"]
    assert len(lanes) == 4  # two sources, two stories
    for t in texts:
        assert t["px"] >= 11 and t["height"] >= 11, t  # was 6 px at 390 px wide
        assert 0 <= t["left"] and t["right"] <= width, t  # nothing cut off at the sides
    ticks = [t for t in texts if t["cls"].startswith("tick-label")]
    assert len(ticks) == (6 if width == 390 else 10)  # 3 of 5 labels per chart on a phone
    for chart in (ticks[: len(ticks) // 2], ticks[len(ticks) // 2:]):
        for left, right in pairwise(chart):
            assert left["right"] < right["left"], (left, right)  # labels do not overlap
    # To look at: pytest keeps the last runs' tmp_path (/tmp/pytest-of-$USER/pytest-current).
    page.locator("figure.chart").first.screenshot(path=tmp_path / f"timeline-{width}.png")
    page.locator("figure.chart").last.screenshot(path=tmp_path / f"storyline-{width}.png")
    assert problems.seen == []
