"""Top stories: how a story's score is computed (pure; no I/O, ``now`` passed in).

    weight = sources + FOLLOW_UP_WEIGHT * (articles - sources)
    score  = weight / (hours since the story's latest article + 2) ** GRAVITY

Independent sources count most: a story three outlets report outranks one
outlet's three follow-ups. The decay is Hacker News' gravity: a story loses
rank as its latest article ages, so a fresh single-source story can pass a
day-old wide one, but not one that is still being reported. Counts are those
the reader can see (their feeds only). The headline is not penalised here: the
story's headline is already the least clickbait-styled title of its articles
(tidings.stories.summary).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tidings.types import StoryRecord

GRAVITY = 1.5
FOLLOW_UP_WEIGHT = 0.25
AGE_OFFSET_HOURS = 2.0


def story_score(source_count: int, article_count: int, last_seen: datetime, now: datetime) -> float:
    weight = source_count + FOLLOW_UP_WEIGHT * max(0, article_count - source_count)
    hours = max(0.0, (now - last_seen).total_seconds() / 3600)
    return weight / (hours + AGE_OFFSET_HOURS) ** GRAVITY


def rank_stories(
    stories: Iterable[StoryRecord], now: datetime
) -> list[tuple[StoryRecord, float]]:
    """Best first; ties: latest activity, then highest id (a stable order)."""
    scored = [
        (s, story_score(s.source_count, s.article_count, s.last_seen, now)) for s in stories
    ]
    scored.sort(key=lambda pair: (-pair[1], -pair[0].last_seen.timestamp(), -pair[0].id))
    return scored
