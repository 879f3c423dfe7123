"""describe_story: headline, summary without syndicated repeats, names, times, pace."""

from __future__ import annotations

from tests.unit.stories.demo_content import demo_story
from tidings.stories._nlp import content_stems, overlap
from tidings.stories.summary import describe_story


def test_flood_story_description() -> None:
    d = describe_story(demo_story("flood"))
    assert "Ashby" in d.headline
    assert 1 <= len(d.summary) <= 3
    assert d.summary[0].startswith("The Ashby River burst its banks")  # dateline dropped
    stems = [content_stems(s) for s in d.summary]
    assert all(overlap(a, b) < 0.6 for i, a in enumerate(stems) for b in stems[i + 1 :])
    assert "Tomasz Reyes" in d.people
    assert "Ashby River" in d.places
    assert d.sources[0] == "Meridian Wire" and "Valley Courier" in d.sources
    assert d.first_seen < d.last_seen
    hours = (d.last_seen - d.first_seen).total_seconds() / 3600
    assert abs(d.pace - d.articles / hours) < 1e-9
    assert d.to_dict()["headline"] == d.headline


def test_headline_avoids_the_clickbait_title() -> None:
    arts = [a for a in demo_story("station") if a.published.month == 4]
    assert any(a.source == "Trendspotter" for a in arts)
    d = describe_story(arts)
    assert "Nobody Is Talking" not in d.headline
    assert "Kestrel Orbital" in d.organisations
