"""Storylines: stories weeks or months apart that continue one thread.

Two stories are linked when they share actors (people and organisations, as
named in their articles) *and* subject terms: at least two shared actors, or
one shared actor and a good overlap of subject terms. One shared word (a city
both stories happen in) is never enough. Linked stories form storylines by
union; each gets a timeline and a note of what changed along it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tidings.stories._nlp import content_stems, key_entities, overlap
from tidings.stories.article import StoryArticle
from tidings.stories.perspectives import NEGATIVE, POSITIVE
from tidings.stories.summary import describe_story

MAX_GAP = timedelta(days=550)
TERM_OVERLAP = 0.3
SUBJECT_TERMS = 20


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """What linking needs of one story (build it with :func:`story_info`)."""

    id: str
    headline: str
    first_seen: datetime
    last_seen: datetime
    actors: frozenset[str]  # people and organisations, normalised to lower case
    terms: frozenset[str]  # the story's heaviest content stems
    main_actors: tuple[str, ...] = ()  # its actors as written, most mentioned first
    framing: float = 0.0  # -1 .. +1


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    story_id: str
    headline: str
    date: datetime
    new_actors: tuple[str, ...]  # actors first seen in the storyline at this story
    framing: float


@dataclass(frozen=True, slots=True)
class Storyline:
    id: str  # the id of its first story
    story_ids: tuple[str, ...]  # in time order
    timeline: tuple[TimelineEntry, ...]
    actors: tuple[str, ...]  # shared by at least two of its stories, most shared first
    note: str  # what changed, in a sentence or two

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "stories": list(self.story_ids),
            "actors": list(self.actors),
            "note": self.note,
            "timeline": [
                {
                    "story": e.story_id,
                    "headline": e.headline,
                    "date": e.date.isoformat(),
                    "new_actors": list(e.new_actors),
                    "framing": round(e.framing, 2),
                }
                for e in self.timeline
            ],
        }


def _norm(name: str) -> str:
    return re.sub(r"['’]s$", "", name.lower())


def story_info(story_id: str, articles: Sequence[StoryArticle]) -> StoryInfo:
    """Summarise one story's articles into what linking needs."""
    desc = describe_story(articles)
    names = key_entities([a.title + ".\n" + a.text for a in articles])
    sources = {_norm(a.source) for a in articles}
    # Publishers name themselves in datelines and credits: they are not actors.
    # A story of several articles names its actors more than once; a passing
    # mention ("Calder-built Waypoint") is noise that would make every story look new.
    least = 2 if len(articles) >= 3 else 1
    ranked = sorted(
        ((count, n) for kind in ("person", "organisation", "other") for n, count in names[kind]),
        key=lambda p: (-p[0], p[1]),
    )
    main = tuple(
        dict.fromkeys(n for count, n in ranked if count >= least and _norm(n) not in sources)
    )
    actors = {_norm(n) for n in main}
    terms: Counter[str] = Counter()
    for a in articles:
        terms.update(content_stems(a.title))
        terms.update(content_stems(a.text))
    words = re.findall(
        r"[a-z]+", " ".join((a.title + " " + a.title + " " + a.text).lower() for a in articles)
    )
    pos = sum(w in POSITIVE for w in words)
    neg = sum(w in NEGATIVE for w in words)
    return StoryInfo(
        id=story_id,
        headline=desc.headline,
        first_seen=desc.first_seen,
        last_seen=desc.last_seen,
        actors=frozenset(actors),
        main_actors=main,
        # Ties broken by the term itself: most_common keeps insertion order, which
        # follows set iteration (hash-seeded), so storylines varied between processes.
        terms=frozenset(
            t for t, _ in sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:SUBJECT_TERMS]
        ),
        framing=(pos - neg) / (pos + neg + 2),
    )


def _shared_actors(a: StoryInfo, b: StoryInfo) -> set[str]:
    shared = set(a.actors & b.actors)
    # A one-word actor matches the first or last word of a longer one ("musk" ~ "elon musk").
    for x in a.actors - shared:
        for y in b.actors - shared:
            xs, ys = x.split(), y.split()
            if len(xs) != len(ys) and (set(xs) & {ys[0], ys[-1]} or set(ys) & {xs[0], xs[-1]}):
                short = x if len(xs) < len(ys) else y
                if len(short) >= 4:
                    shared.add(short)
    return shared


def linked(a: StoryInfo, b: StoryInfo, max_gap: timedelta = MAX_GAP) -> bool:
    """Whether two stories continue one thread."""
    gap = max(a.first_seen, b.first_seen) - min(a.last_seen, b.last_seen)
    if gap > max_gap:
        return False
    actors = _shared_actors(a, b)
    terms = overlap(set(a.terms), set(b.terms))
    return (
        len(actors) >= 2
        and terms >= TERM_OVERLAP / 2
        or (len(actors) == 1 and terms >= TERM_OVERLAP)
    )


def link_storylines(
    stories: Sequence[StoryInfo], *, max_gap: timedelta = MAX_GAP
) -> list[Storyline]:
    """Group stories into storylines (only groups of two or more), earliest first."""
    parent = {s.id: s.id for s in stories}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ordered = sorted(stories, key=lambda s: (s.first_seen, s.id))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if linked(a, b, max_gap):
                parent[find(b.id)] = find(a.id)
    groups: dict[str, list[StoryInfo]] = {}
    for s in ordered:
        groups.setdefault(find(s.id), []).append(s)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        counts = Counter(x for s in members for x in s.actors)
        shared = tuple(x for x, c in counts.most_common() if c >= 2)
        seen: set[str] = set()
        timeline = []
        for k, s in enumerate(members):
            order = s.main_actors or tuple(sorted(s.actors))
            new = tuple(x for x in order if _norm(x) not in seen) if k else ()
            seen |= s.actors
            timeline.append(TimelineEntry(s.id, s.headline, s.first_seen, new, s.framing))
        out.append(
            Storyline(
                members[0].id,
                tuple(s.id for s in members),
                tuple(timeline),
                shared[:8],
                _note(timeline),
            )
        )
    return out


def _note(timeline: list[TimelineEntry]) -> str:
    first, last = timeline[0], timeline[-1]
    days = (last.date - first.date).days
    parts = [f"{len(timeline)} stories over {days} days."]
    newcomers = [(e, [a for a in e.new_actors]) for e in timeline[1:] if e.new_actors]
    if newcomers:
        e, names = newcomers[-1]
        parts.append(f"New actors by {e.date:%d %b %Y}: {', '.join(names[:3])}.")
    if first.framing >= 0.15 and last.framing <= -0.15:
        parts.append("The framing turned from positive to negative.")
    elif first.framing <= -0.15 and last.framing >= 0.15:
        parts.append("The framing turned from negative to positive.")
    return " ".join(parts)
