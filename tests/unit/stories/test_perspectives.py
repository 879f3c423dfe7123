"""Perspectives: what each source adds, where sources disagree, kinds and quality."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.unit.stories.demo_content import demo_story
from tests.unit.stories.perspective_fixtures import load
from tidings.errors import TidingsError
from tidings.stories.article import StoryArticle
from tidings.stories.perspectives import compare_sources


def _by_source(p):
    return {s.source: s for s in p.sources}


def test_different_figures_for_the_same_thing_are_disagreements() -> None:
    p = compare_sources(load("event"))
    pairs = {tuple(f.text for f in d.figures) for d in p.disagreements}
    assert ("2,000", "3,400") in pairs
    assert ("$2.4bn", "$2.6bn") in pairs
    assert len(p.disagreements) == 2


def test_opposite_framing_is_flagged_and_unique_facts_are_per_source() -> None:
    p = compare_sources(load("event"))
    assert p.opposed_framing == (("Northshore Herald", "Valley Voice"),)
    src = _by_source(p)
    assert any("person Hana Lukic" in u.what for u in src["Northshore Herald"].unique)
    assert any("person Tom Briar" in u.what for u in src["Valley Voice"].unique)
    assert src["County Press Office"].kind.kind == "press release"
    table = p.as_table()
    assert "DISAGREE" in table and "OPPOSED FRAMING" in table
    assert p.to_dict()["disagreements"][0]["figures"]


def test_machine_transcript_is_flagged_with_evidence() -> None:
    p = compare_sources(load("storyline"))
    video = _by_source(p)["Orbit Hype Channel"]
    assert video.quality.machine_transcript
    assert video.kind.kind == "video transcript"
    evidence = " ".join(video.quality.evidence)
    assert "[Music]" in evidence and "filler" in evidence
    assert "roscosmos" in evidence or "soyouz" in evidence  # a name in lower case or misheard
    assert video.headline.is_clickbait and video.headline.all_caps == ("INSANE",)
    assert not _by_source(p)["Ledger Daily"].quality.machine_transcript


def test_demo_flood_wire_copies_are_recognised_and_add_their_local_facts() -> None:
    p = compare_sources(demo_story("flood"))
    src = _by_source(p)
    assert src["Meridian Wire"].kind.kind == "wire"
    assert src["Harbour Gazette"].kind.kind == "wire copy"
    assert src["Valley Courier"].kind.kind == "wire copy"
    # The copied paragraphs are not "unique"; the paper's own reporting is.
    gazette = " ".join(u.sentence for u in src["Harbour Gazette"].unique)
    assert "Gillian Harte" in gazette
    assert "Tomasz Reyes" not in gazette
    assert not any(s.quality.machine_transcript for s in p.sources)


def test_demo_docking_story_reports_the_differing_rotation() -> None:
    june = [a for a in demo_story("station") if a.published.month == 6]
    p = compare_sources(june)
    (degrees,) = [d for d in p.disagreements if d.unit == "degrees"]
    # 12 in the video, 15 in the paper, 20 in the science site's headline.
    assert [f.value for f in degrees.figures] == [12.0, 15.0, 20.0]


def test_demo_figures_that_differ_between_sources() -> None:
    reef = compare_sources(demo_story("reef"))
    assert [{f.value for f in d.figures} for d in reef.disagreements] == [{14.0, 15.0}]
    battery = compare_sources(demo_story("battery"))
    jobs = {(f.source, f.text) for d in battery.disagreements for f in d.figures}
    assert jobs == {("Meridian Wire", "1,200"), ("Harbour Gazette", "1,500")}
    # A range ("between 350 and 450 metres") does not contradict "400 metres".
    assert not any(d.unit == "m" for d in reef.disagreements)


def test_naive_time_is_refused() -> None:
    with pytest.raises(TidingsError):
        StoryArticle(id="x", source="s", title="t", text="x", published=datetime(2026, 1, 1))
    StoryArticle(
        id="x", source="s", title="t", text="x", published=datetime(2026, 1, 1, tzinfo=UTC)
    )
