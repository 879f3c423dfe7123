"""Streaming story clustering: each article joins a story or starts one.

``add`` is the fast path: retrieve candidate stories through an inverted
index on their words and names, score the item against each centroid
(TF-IDF cosine, optionally blended with a dense embedding, decayed by the
time between the item and the story), and join the best if it clears
``join_threshold``. A near-duplicate of an earlier item always joins that
item's story.

Streaming alone depends on arrival order: the IDF is young for the first
items, and an early odd headline can seed a story that a later one would
have joined. ``consolidate`` removes that dependence. It re-weighs every
item with the IDF as it now stands, replays them in a canonical order
(published time, then id), merges stories whose centroids turned out to be
one, and moves (or splits off) items that fit another story better than
their own. Story ids survive consolidation: each new story keeps the id of
the old story it shares the most items with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tidings.errors import AlreadyExistsError, ConfigError, TidingsError
from tidings.stories.embed import Embedder
from tidings.stories.model import (
    Clustering,
    ClusterItem,
    ConsolidationReport,
    StoryAssignment,
    StorySnapshot,
)
from tidings.stories.neardup import NearDuplicateIndex
from tidings.stories.prior import wordfreq_prior
from tidings.stories.storyset import Entry, Scoring, Story, StorySet
from tidings.stories.text import FeatureWeights, features
from tidings.stories.vectors import IncrementalIdf, top_terms

_TITLE_KEY = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """Global knobs. Defaults were chosen on half of a labelled set (see
    ``bench/README-stories.md``); nothing here is tuned to single items."""

    join_threshold: float = 0.08  # item-to-centroid similarity to join a story
    merge_threshold: float = 0.20  # centroid-to-centroid similarity to merge stories
    half_life: timedelta = timedelta(hours=36)  # time decay outside a story's span
    max_gap: timedelta = timedelta(days=4)  # beyond this a story attracts nothing
    candidate_terms: int = 12  # item terms used to look up candidate stories
    max_candidates: int = 20  # stories scored exactly per item
    embedding_weight: float = 0.0  # share of the dense cosine, when an embedder is given
    refine_rounds: int = 2  # reassignment sweeps in consolidate
    consolidate_rounds: int = 3  # merge-then-refine rounds in consolidate
    duplicate_jaccard: float = 0.6  # near-duplicate threshold on body shingles
    duplicate_min_words: int = 40  # bodies shorter than this are not fingerprinted
    same_title_min_words: int = 5  # identical titles this long count as copies
    # IDF prior from general-language word frequencies (see ``prior.py``), worth
    # this many documents; 0 learns the IDF from the items alone.
    prior_docs: float = 20000.0
    prior_language: str = "en"
    prior_words_per_doc: float = 12.0
    features: FeatureWeights = field(default_factory=FeatureWeights)

    @classmethod
    def with_embeddings(cls, weight: float = 0.4) -> ClusterParams:
        """Defaults for a blend with a dense embedding: cosines of unrelated
        texts run higher there, so the thresholds are higher too."""
        return cls(join_threshold=0.15, merge_threshold=0.30, embedding_weight=weight)

    def scoring(self) -> Scoring:
        return Scoring(
            embedding_weight=self.embedding_weight,
            half_life_s=self.half_life.total_seconds(),
            max_gap_s=self.max_gap.total_seconds(),
            candidate_terms=self.candidate_terms,
            max_candidates=self.max_candidates,
        )


def background_idf(
    documents: Iterable[tuple[str, str | None]], params: ClusterParams | None = None
) -> IncrementalIdf:
    """Document frequencies of the clusterer's features over (title, text) pairs."""
    weights = (params or ClusterParams()).features
    return IncrementalIdf.from_counts(features(t, x, weights).keys() for t, x in documents)


class StreamingClusterer:
    """Groups :class:`ClusterItem` values into stories as they arrive."""

    def __init__(
        self,
        params: ClusterParams | None = None,
        embedder: Embedder | None = None,
        background: IncrementalIdf | None = None,
    ) -> None:
        self.params = params or ClusterParams()
        if not 0.0 < self.params.join_threshold < 1.0:
            raise ConfigError("join_threshold must be between 0 and 1")
        if self.params.half_life.total_seconds() <= 0:
            raise ConfigError("half_life must be positive")
        self._embedder = embedder if self.params.embedding_weight > 0 else None
        # A background IDF (see ``background_idf``) steadies the first items;
        # it is copied so one background can serve many clusterers. Without
        # one, the language's word frequencies serve (``prior.py``).
        if background is None and self.params.prior_docs > 0:
            background = wordfreq_prior(
                self.params.prior_language,
                self.params.features,
                docs=self.params.prior_docs,
                words_per_doc=self.params.prior_words_per_doc,
            )
        self._idf = background.copy() if background is not None else IncrementalIdf()
        self._set = StorySet(self.params.scoring())
        self._entries: dict[str, Entry] = {}
        self._dups = NearDuplicateIndex(threshold=self.params.duplicate_jaccard)
        self._titles: dict[str, str] = {}
        self._next_id = 0
        self._recent: set[str] = set()  # items added since the last consolidation

    # --- streaming -------------------------------------------------------------

    def add(self, item: ClusterItem) -> StoryAssignment:
        """Place one item: join the best story above the threshold, or start one."""
        return self._add(item, self._embed([item])[0])

    def add_many(self, items: Iterable[ClusterItem]) -> list[StoryAssignment]:
        """``add`` each item in turn; embeddings (if any) computed in one batch."""
        items = list(items)
        return [self._add(it, emb) for it, emb in zip(items, self._embed(items))]

    def _add(self, item: ClusterItem, emb: tuple[float, ...] | None) -> StoryAssignment:
        if item.id in self._entries:
            raise AlreadyExistsError(f"item {item.id!r} was already clustered")
        if item.published.tzinfo is None:
            raise TidingsError(f"item {item.id!r} has a naive published time; give it in UTC")
        raw = features(item.title, item.text, self.params.features, item.language)
        self._idf.observe(raw.keys())
        entry = Entry(item, raw, self._idf.weigh(raw), emb)
        self._link_duplicates(entry)
        self._entries[item.id] = entry
        self._recent.add(item.id)

        dup = self._placed_duplicate(entry)
        if dup is not None:
            story = self._set.stories[dup.story]  # type: ignore[index]
            sim = self._set.similarity(entry, story)
            self._set.join(story, entry)
            return StoryAssignment(item.id, story.id, False, sim, dup.item.id)
        story, sim = self._set.best(entry)
        if story is not None and sim >= self.params.join_threshold:
            self._set.join(story, entry)
            return StoryAssignment(item.id, story.id, False, sim)
        story = self._set.new_story(self._mint(), entry)
        return StoryAssignment(item.id, story.id, True, 0.0)

    def _embed(self, items: list[ClusterItem]) -> list[tuple[float, ...] | None]:
        if self._embedder is None:
            return [None] * len(items)
        texts = [
            it.title + ("\n" + " ".join(it.text.split()[:60]) if it.text else "") for it in items
        ]
        return list(self._embedder.encode(texts))

    def _link_duplicates(self, entry: Entry) -> None:
        # Copies link only within max_gap: the same headline a year later
        # ("Stocks slip on news from Asia") is a new story, not a re-post.
        item = entry.item
        p = self.params
        max_gap = p.max_gap.total_seconds()
        key_words = _TITLE_KEY.findall(item.title.lower())
        if len(key_words) >= p.same_title_min_words:
            key = " ".join(key_words)
            prev = self._titles.get(key)
            if prev is not None and abs(self._entries[prev].t - entry.t) <= max_gap:
                self._link(entry, prev)
            if prev is None or entry.t >= self._entries[prev].t:
                self._titles[key] = item.id
        if item.text and len(item.text.split()) >= p.duplicate_min_words:
            for other in self._dups.add(item.id, item.text):
                if abs(self._entries[other].t - entry.t) <= max_gap:
                    self._link(entry, other)

    def _link(self, entry: Entry, other_id: str) -> None:
        entry.links.add(other_id)
        self._entries[other_id].links.add(entry.item.id)

    def _placed_duplicate(self, entry: Entry) -> Entry | None:
        placed = [self._entries[i] for i in sorted(entry.links)]
        placed = [e for e in placed if e.story is not None]
        return placed[0] if placed else None

    def _mint(self) -> str:
        while True:
            self._next_id += 1
            sid = f"s{self._next_id}"
            if sid not in self._set.stories:  # restored stories keep their own ids
                return sid

    def restore(self, stories: Iterable[tuple[str, Iterable[ClusterItem]]]) -> None:
        """Load the stories an earlier pass decided, as they were: (story id, items).

        Nothing is re-decided: each item goes into its given story, which keeps
        its id. Every item is counted in the IDF before any is weighed, so the
        vectors are those a clusterer that had streamed these items would use
        at the end. Items ``add``-ed afterwards join these stories or start new
        ones, and ``consolidate_recent`` settles them without regrouping the
        restored items. Call it on a fresh clusterer.
        """
        if self._entries:
            raise TidingsError("restore needs an empty clusterer")
        groups = [(sid, list(items)) for sid, items in stories]
        entries: list[tuple[str, Entry]] = []
        for sid, items in groups:
            embs = self._embed(items)
            for item, emb in zip(items, embs, strict=True):
                if item.published.tzinfo is None:
                    raise TidingsError(
                        f"item {item.id!r} has a naive published time; give it in UTC"
                    )
                raw = features(item.title, item.text, self.params.features, item.language)
                self._idf.observe(raw.keys())
                entries.append((sid, Entry(item, raw, {}, emb)))
        entries.sort(key=lambda se: (se[1].item.published, se[1].item.id))
        for sid, entry in entries:
            if entry.item.id in self._entries:
                raise AlreadyExistsError(f"item {entry.item.id!r} is in two stories")
            entry.vec = self._idf.weigh(entry.raw)
            self._link_duplicates(entry)
            self._entries[entry.item.id] = entry
            story = self._set.stories.get(sid)
            if story is None:
                self._set.new_story(sid, entry)
            else:
                self._set.join(story, entry)
        self._recent.clear()

    # --- consolidation ---------------------------------------------------------

    def consolidate(self) -> ConsolidationReport:
        """Re-cluster everything seen so far so the result barely depends on order."""
        old = {iid: e.story for iid, e in self._entries.items()}
        fresh = StorySet(self.params.scoring())
        order = sorted(self._entries.values(), key=lambda e: (e.item.published, e.item.id))
        temp = 0
        for entry in order:
            entry.vec = self._idf.weigh(entry.raw)
            entry.story = None
        for entry in order:
            dup = self._placed_duplicate(entry)
            if dup is not None:
                fresh.join(fresh.stories[dup.story], entry)  # type: ignore[index]
                continue
            story, sim = fresh.best(entry)
            if story is not None and sim >= self.params.join_threshold:
                fresh.join(story, entry)
            else:
                temp += 1
                fresh.new_story(f"~{temp}", entry)
        merged = moved = split = 0
        # Moving items changes centroids, so two stories can clear the merge
        # threshold only after a refinement: alternate until nothing merges.
        for round_ in range(self.params.consolidate_rounds):
            n = self._merge_pass(fresh)
            merged += n
            if round_ and not n:
                break
            m, sp, temp = self._refine(fresh, order, temp)
            moved, split = moved + m, split + sp
        self._set = self._rename(fresh, old)
        self._recent.clear()
        return ConsolidationReport(merged, moved, split, len(self._set.stories))

    def consolidate_recent(self) -> ConsolidationReport:
        """Settle the items added since ``restore`` (or the last consolidation) only.

        The cheap pass between full ones: every item is re-weighed with the
        IDF as it now stands (story centroids rebuilt, memberships and ids
        kept), then stories that received a recent item may merge with their
        neighbours (merge threshold, the larger story's id is kept), and
        recent items may move to a better story or split off (the same rules
        as ``consolidate``). Older items never move and two stories neither
        of which received a recent item never merge: that is where the result
        can differ from ``consolidate``, which replays everything.
        """
        recent = [self._entries[i] for i in sorted(self._recent) if i in self._entries]
        self._recent.clear()
        if not recent:
            return ConsolidationReport(0, 0, 0, len(self._set.stories))
        members = {
            sid: sorted(st.members.values(), key=lambda e: (e.item.published, e.item.id))
            for sid, st in self._set.stories.items()
        }
        fresh = StorySet(self.params.scoring())
        for sid in sorted(members, key=lambda k: (members[k][0].item.published, k)):
            entries = members[sid]
            for e in entries:
                e.vec = self._idf.weigh(e.raw)
            story = fresh.new_story(sid, entries[0])
            for e in entries[1:]:
                fresh.join(story, e)
        touched = {e.story for e in recent if e.story is not None}
        merged = self._merge_pass(fresh, touched)
        order = sorted(recent, key=lambda e: (e.item.published, e.item.id))
        moved = split = 0
        temp = 0
        for round_ in range(self.params.consolidate_rounds):
            if round_:
                touched = {e.story for e in recent if e.story is not None}
                n = self._merge_pass(fresh, touched)
                merged += n
                if not n:
                    break
            m, sp, temp = self._refine(fresh, order, temp)
            moved, split = moved + m, split + sp
        # Stories split off in _refine have temporary ids: give them real ones.
        for story in sorted(fresh.stories.values(), key=lambda st: st.id):
            if story.id.startswith("~"):
                entries = sorted(
                    story.members.values(), key=lambda e: (e.item.published, e.item.id)
                )
                for e in entries:
                    fresh.leave(e)
                target = fresh.new_story(self._mint(), entries[0])
                for e in entries[1:]:
                    fresh.join(target, e)
        self._set = fresh
        return ConsolidationReport(merged, moved, split, len(fresh.stories))

    def _merge_pass(self, stories: StorySet, only: set[str] | None = None) -> int:
        """Merge stories whose centroids clear the merge threshold; with ``only``,
        just pairs with at least one of those stories (followed through merges)."""
        merged = 0
        threshold = self.params.merge_threshold
        only = set(only) if only is not None else None
        for _ in range(10):
            pairs: list[tuple[float, str, str]] = []
            scan = (
                stories.stories.values()
                if only is None
                else [stories.stories[i] for i in sorted(only) if i in stories.stories]
            )
            for story in scan:
                for other in stories.neighbours(story, self.params.max_candidates):
                    if other.id < story.id and (only is None or other.id in only):
                        continue
                    sim = stories.centroid_similarity(story, other)
                    if sim >= threshold:
                        pairs.append((sim, story.id, other.id))
            if not pairs:
                break
            pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
            touched: set[str] = set()
            for _, a, b in pairs:
                # One merge per story per round: centroids move after a merge.
                if a in touched or b in touched:
                    continue
                sa, sb = stories.stories[a], stories.stories[b]
                keep, gone = (sa, sb) if len(sa.members) >= len(sb.members) else (sb, sa)
                stories.absorb(keep, gone)
                touched.update((a, b))
                merged += 1
                if only is not None:
                    only.discard(gone.id)
                    only.add(keep.id)
        return merged

    def _refine(self, stories: StorySet, order: list[Entry], temp: int) -> tuple[int, int, int]:
        moved = split = 0
        threshold = self.params.join_threshold
        for _ in range(self.params.refine_rounds):
            changed = 0
            for entry in order:
                if entry.links:
                    continue  # copies stay with their originals
                own = stories.stories[entry.story]  # type: ignore[index]
                own_sim = (
                    stories.similarity(entry, own, leave_out=True) if len(own.members) > 1 else 0.0
                )
                best, best_sim = stories.best(entry, exclude=own.id)
                if best is not None and best_sim >= threshold and best_sim > own_sim + 0.02:
                    stories.leave(entry)
                    stories.join(best, entry)
                    moved += 1
                    changed += 1
                elif len(own.members) > 1 and own_sim < threshold * 0.5:
                    stories.leave(entry)
                    temp += 1
                    stories.new_story(f"~{temp}", entry)
                    split += 1
                    changed += 1
            if not changed:
                break
        return moved, split, temp

    def _rename(self, fresh: StorySet, old: dict[str, str | None]) -> StorySet:
        """Give each new story the id of the old story it overlaps most."""
        overlaps: list[tuple[int, str, str]] = []
        for story in fresh.stories.values():
            counts: dict[str, int] = {}
            for iid in story.members:
                prev = old.get(iid)
                if prev is not None:
                    counts[prev] = counts.get(prev, 0) + 1
            overlaps.extend((n, story.id, prev) for prev, n in counts.items())
        overlaps.sort(key=lambda o: (-o[0], o[1], o[2]))
        names: dict[str, str] = {}
        used: set[str] = set()
        for _, new, prev in overlaps:
            if new not in names and prev not in used:
                names[new] = prev
                used.add(prev)
        out = StorySet(self.params.scoring())
        for story in sorted(fresh.stories.values(), key=lambda s: s.first):
            sid = names.get(story.id) or self._mint()
            entries = sorted(story.members.values(), key=lambda e: (e.item.published, e.item.id))
            target = out.new_story(sid, entries[0])
            for e in entries[1:]:
                out.join(target, e)
        return out

    def prune(self, before: datetime) -> tuple[StorySnapshot, ...]:
        """Forget stories whose last item is older than ``before``; return them.

        Keeps memory and the cost of ``consolidate`` bounded in a long-running
        process: call it with ``newest item - max_gap``, since such stories can
        no longer attract anything. Their items' assignments are final; the
        caller has stored them. The IDF keeps what it learned from them.
        """
        cutoff = before.timestamp()
        gone = [s for s in self._set.stories.values() if s.last < cutoff]
        snapshots = tuple(self._snapshot(s) for s in sorted(gone, key=lambda s: s.id))
        for story in gone:
            for item_id, entry in list(story.members.items()):
                self._set.leave(entry)
                del self._entries[item_id]
                self._dups.remove(item_id)
                for other in entry.links:
                    if other in self._entries:
                        self._entries[other].links.discard(item_id)
        if gone:
            gone_ids = {i for snap in snapshots for i in snap.members}
            self._titles = {k: v for k, v in self._titles.items() if v not in gone_ids}
        return snapshots

    # --- results ---------------------------------------------------------------

    def story_of(self, item_id: str) -> str:
        entry = self._entries.get(item_id)
        if entry is None or entry.story is None:
            raise TidingsError(f"item {item_id!r} has not been clustered")
        return entry.story

    def assignments(self) -> dict[str, str]:
        return {iid: e.story for iid, e in self._entries.items() if e.story is not None}

    def duplicates_of(self, item_id: str) -> tuple[str, ...]:
        entry = self._entries.get(item_id)
        return tuple(sorted(entry.links)) if entry else ()

    def stories(self) -> tuple[StorySnapshot, ...]:
        return tuple(
            self._snapshot(s) for s in sorted(self._set.stories.values(), key=lambda s: s.id)
        )

    def result(self) -> Clustering:
        return Clustering(self.assignments(), self.stories())

    @staticmethod
    def _snapshot(story: Story) -> StorySnapshot:
        members = sorted(story.members.values(), key=lambda e: (e.item.published, e.item.id))
        first, last = story.bounds()
        return StorySnapshot(
            id=story.id,
            members=tuple(e.item.id for e in members),
            first_seen=first,
            last_seen=last,
            top_terms=tuple(top_terms(story.sum, 8)),
        )


def cluster(
    items: Iterable[ClusterItem],
    params: ClusterParams | None = None,
    embedder: Embedder | None = None,
) -> Clustering:
    """Cluster a batch: stream it in, consolidate once, return the result."""
    c = StreamingClusterer(params, embedder)
    c.add_many(items)
    c.consolidate()
    return c.result()
