"""The mutable working set behind the clusterer: stories, centroids, index.

Internal to :mod:`tidings.stories`; the public surface is
:class:`~tidings.stories.clusterer.StreamingClusterer`. A story keeps the
*sum* of its members' unit vectors (its centroid up to scale) and that sum's
squared norm, so joining, leaving and cosine against the centroid cost one
pass over the item's features, never over the story's members.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from datetime import datetime

from tidings.stories.model import ClusterItem
from tidings.stories.vectors import SparseVector, dot

_INDEXED = ("w:", "e:", "b:")  # char n-grams are too common to retrieve by


@dataclass(slots=True)
class Entry:
    """One item with everything computed from it."""

    item: ClusterItem
    raw: dict[str, float]
    vec: SparseVector = field(default_factory=dict)
    emb: tuple[float, ...] | None = None
    links: set[str] = field(default_factory=set)  # near-duplicate item ids
    story: str | None = None

    @property
    def t(self) -> float:
        return self.item.published.timestamp()


@dataclass(slots=True)
class Story:
    id: str
    members: dict[str, Entry] = field(default_factory=dict)
    sum: dict[str, float] = field(default_factory=dict)
    sq: float = 0.0  # squared norm of ``sum``
    esum: list[float] | None = None
    first: float = math.inf
    last: float = -math.inf
    terms: set[str] = field(default_factory=set)

    def bounds(self) -> tuple[datetime, datetime]:
        items = [e.item.published for e in self.members.values()]
        return min(items), max(items)


@dataclass(frozen=True, slots=True)
class Scoring:
    """The knobs of item-to-story similarity (see ``ClusterParams``)."""

    embedding_weight: float
    half_life_s: float
    max_gap_s: float
    candidate_terms: int
    max_candidates: int


class StorySet:
    def __init__(self, scoring: Scoring) -> None:
        self.scoring = scoring
        self.stories: dict[str, Story] = {}
        self._postings: dict[str, set[str]] = {}

    # --- similarity ------------------------------------------------------------

    def decay(self, gap_s: float) -> float:
        if gap_s <= 0.0:
            return 1.0
        if gap_s > self.scoring.max_gap_s:
            return 0.0
        return 0.5 ** (gap_s / self.scoring.half_life_s)

    @staticmethod
    def gap(story: Story, t: float) -> float:
        if t < story.first:
            return story.first - t
        if t > story.last:
            return t - story.last
        return 0.0

    def similarity(self, entry: Entry, story: Story, leave_out: bool = False) -> float:
        """Cosine of the entry with the story's centroid (time-decayed, blended).

        ``leave_out`` scores an entry against its own story without itself,
        so a member is judged by the rest (0 for a story of one).
        """
        if not entry.vec:
            return 0.0
        d = dot(entry.vec, story.sum)
        sq = story.sq
        if leave_out:
            d -= 1.0
            sq = sq - 2 * (d + 1.0) + 1.0
        lex = d / math.sqrt(sq) if sq > 1e-12 else 0.0
        a = self.scoring.embedding_weight
        if a and entry.emb is not None and story.esum is not None:
            es = story.esum
            e = entry.emb
            de = sum(x * y for x, y in zip(e, es))
            esq = sum(x * x for x in es)
            if leave_out:
                de -= 1.0
                esq = esq - 2 * (de + 1.0) + 1.0
            emb = de / math.sqrt(esq) if esq > 1e-12 else 0.0
            lex = (1 - a) * lex + a * emb
        return lex * self.decay(self.gap(story, entry.t))

    def candidates(self, entry: Entry, exclude: str | None = None) -> list[Story]:
        """Stories sharing the entry's most telling terms, most shared first."""
        s = self.scoring
        vec = entry.vec
        keys = heapq.nlargest(
            s.candidate_terms, [k for k in vec if k[0] != "c"], key=vec.__getitem__
        )
        hits: dict[str, int] = {}
        postings = self._postings
        for k in keys:
            for sid in postings.get(k, ()):
                hits[sid] = hits.get(sid, 0) + 1
        if exclude is not None:
            hits.pop(exclude, None)
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[: s.max_candidates]
        t = entry.t
        out = []
        for sid, _ in ranked:
            story = self.stories[sid]
            if self.gap(story, t) <= s.max_gap_s:
                out.append(story)
        return out

    def best(self, entry: Entry, exclude: str | None = None) -> tuple[Story | None, float]:
        best: Story | None = None
        best_sim = 0.0
        for story in self.candidates(entry, exclude):
            sim = self.similarity(entry, story)
            if sim > best_sim or (sim == best_sim and best is not None and story.id < best.id):
                best, best_sim = story, sim
        return best, best_sim

    # --- changes ---------------------------------------------------------------

    def new_story(self, story_id: str, entry: Entry) -> Story:
        story = Story(story_id)
        self.stories[story_id] = story
        self.join(story, entry)
        return story

    def join(self, story: Story, entry: Entry) -> None:
        v = entry.vec
        acc = story.sum
        d = 0.0
        for k, x in v.items():
            old = acc.get(k, 0.0)
            d += old * x
            acc[k] = old + x
        story.sq += 2 * d + (1.0 if v else 0.0)  # item vectors are unit length
        if entry.emb is not None:
            if story.esum is None:
                story.esum = list(entry.emb)
            else:
                es = story.esum
                for i, x in enumerate(entry.emb):
                    es[i] += x
        story.members[entry.item.id] = entry
        entry.story = story.id
        story.first = min(story.first, entry.t)
        story.last = max(story.last, entry.t)
        postings = self._postings
        terms = story.terms
        for k in v:
            if k[0] != "c" and k not in terms:  # not a char n-gram: see _INDEXED
                terms.add(k)
                postings.setdefault(k, set()).add(story.id)

    def leave(self, entry: Entry) -> Story:
        """Take the entry out of its story (deleting the story when it empties)."""
        story = self.stories[entry.story]  # type: ignore[index]
        del story.members[entry.item.id]
        entry.story = None
        if not story.members:
            self._drop(story)
            return story
        acc = story.sum
        for k, x in entry.vec.items():
            acc[k] = acc.get(k, 0.0) - x
        story.sq = sum(x * x for x in acc.values())  # exact again: no drift
        if entry.emb is not None and story.esum is not None:
            es = story.esum
            for i, x in enumerate(entry.emb):
                es[i] -= x
        ts = [e.t for e in story.members.values()]
        story.first, story.last = min(ts), max(ts)
        return story

    def absorb(self, keep: Story, gone: Story) -> None:
        """Move every member of ``gone`` into ``keep``."""
        for entry in list(gone.members.values()):
            self.join(keep, entry)
        gone.members.clear()
        self._drop(gone)

    def _drop(self, story: Story) -> None:
        for k in story.terms:
            ids = self._postings.get(k)
            if ids is not None:
                ids.discard(story.id)
                if not ids:
                    del self._postings[k]
        del self.stories[story.id]

    def centroid_similarity(self, a: Story, b: Story) -> float:
        """Cosine of two centroids, decayed by the time between the stories."""
        if a.sq <= 1e-12 or b.sq <= 1e-12:
            return 0.0
        lex = dot(a.sum, b.sum) / math.sqrt(a.sq * b.sq)
        w = self.scoring.embedding_weight
        if w and a.esum is not None and b.esum is not None:
            de = sum(x * y for x, y in zip(a.esum, b.esum))
            na = math.sqrt(sum(x * x for x in a.esum))
            nb = math.sqrt(sum(x * x for x in b.esum))
            lex = (1 - w) * lex + w * (de / (na * nb) if na and nb else 0.0)
        gap = max(0.0, a.first - b.last, b.first - a.last)
        return lex * self.decay(gap)

    def neighbours(self, story: Story, limit: int) -> list[Story]:
        """Other stories sharing the most of this story's heaviest terms."""
        acc = story.sum
        keys = heapq.nlargest(
            3 * self.scoring.candidate_terms, sorted(story.terms), key=lambda k: acc.get(k, 0.0)
        )
        hits: dict[str, int] = {}
        for k in keys:
            for sid in self._postings.get(k, ()):
                if sid != story.id:
                    hits[sid] = hits.get(sid, 0) + 1
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [self.stories[sid] for sid, _ in ranked]
