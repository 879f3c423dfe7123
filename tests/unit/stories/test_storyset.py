"""The story working set keeps its running sums exact through any changes."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tidings.stories.model import ClusterItem
from tidings.stories.storyset import Entry, Scoring, StorySet
from tidings.stories.vectors import dot, normalise

SCORING = Scoring(0.0, 36 * 3600.0, 4 * 86400.0, 12, 20)
T0 = datetime(2025, 1, 1, tzinfo=UTC)
WORDS = ["w:bridge", "w:crack", "w:rate", "w:bank", "e:marrow", "b:rate cut", "c:<bri"]

vectors = st.dictionaries(st.sampled_from(WORDS), st.floats(0.1, 3.0), min_size=1)
ops = st.lists(st.tuples(st.integers(0, 2), vectors), min_size=1, max_size=25)


def entry(n: int, vec: dict[str, float]) -> Entry:
    item = ClusterItem(str(n), "t", T0 + timedelta(hours=n))
    return Entry(item, dict(vec), normalise(dict(vec)))


@settings(max_examples=60, deadline=None)
@given(ops)
def test_sums_norms_and_spans_stay_exact(steps: list[tuple[int, dict[str, float]]]) -> None:
    s = StorySet(SCORING)
    entries: list[Entry] = []
    for n, (op, vec) in enumerate(steps):
        e = entry(n, vec)
        entries.append(e)
        if op == 0 or not s.stories:
            s.new_story(f"s{n}", e)
        elif op == 1:
            s.join(s.stories[min(s.stories)], e)
        else:
            s.new_story(f"s{n}", e)
            victim = next(x for x in entries if x.story is not None)
            s.leave(victim)
            if len(s.stories) > 1:
                a, b = sorted(s.stories)[:2]
                s.absorb(s.stories[a], s.stories[b])
    for story in s.stories.values():
        expected: dict[str, float] = {}
        for m in story.members.values():
            for k, v in m.vec.items():
                expected[k] = expected.get(k, 0.0) + v
        for k in set(expected) | set(story.sum):
            assert math.isclose(story.sum.get(k, 0.0), expected.get(k, 0.0), abs_tol=1e-9)
        assert math.isclose(story.sq, dot(expected, expected), rel_tol=1e-6, abs_tol=1e-9)
        ts = [m.t for m in story.members.values()]
        assert (story.first, story.last) == (min(ts), max(ts))
        assert all(m.story == story.id for m in story.members.values())


def test_leave_one_out_matches_a_story_without_the_item() -> None:
    s = StorySet(SCORING)
    a = entry(0, {"w:bridge": 1.0, "w:crack": 1.0})
    b = entry(1, {"w:bridge": 1.0, "w:rate": 2.0})
    # Inside the others' time span, so leaving does not change the time decay.
    c = Entry(ClusterItem("2", "t", T0 + timedelta(minutes=30)), {}, normalise({"w:crack": 1.0}))
    story = s.new_story("s", a)
    s.join(story, b)
    s.join(story, c)
    loo = s.similarity(c, story, leave_out=True)
    s.leave(c)
    assert math.isclose(loo, s.similarity(c, story))
