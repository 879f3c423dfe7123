"""Related stories: the other stories closest in subject to one story.

A story's subject is its headline and summary, as features of the same kind
the clusterer uses (stemmed words, bigrams, names). Candidates are weighed by
an IDF learned over the candidates themselves, so what every story of the
period mentions ("says", "government") counts for little, and the closest by
cosine similarity come first. Stories of the same storyline are left out:
the reader sees them on the storyline's timeline already.

Features of a story depend only on its text, so they are cached by text: a
page asking for related stories does the IDF and the cosines, not the
tokenising.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tidings.stories.text import FeatureWeights, features
from tidings.stories.vectors import IncrementalIdf, SparseVector

# Below this cosine two stories share words, not a subject. On the demo's 23
# stories the unrelated pairs stay under 0.09; two stories about the same town's
# libraries score 0.14, and stories of one storyline 0.15-0.49.
MIN_SIMILARITY = 0.12
_WEIGHTS = FeatureWeights(char=0.0)  # whole words and names; no character n-grams


@dataclass(frozen=True, slots=True)
class StoryText:
    """What related-story matching reads of a story."""

    id: int
    headline: str
    summary: str
    storyline_id: int | None = None


@lru_cache(maxsize=4096)
def _features(headline: str, summary: str) -> tuple[tuple[str, float], ...]:
    return tuple(features(headline, summary, _WEIGHTS).items())


def related(
    story: StoryText, candidates: Sequence[StoryText], *, limit: int = 5
) -> list[tuple[int, float]]:
    """Ids of the stories among ``candidates`` most related to ``story``, with their
    similarity, best first; never the story itself or one of its storyline."""
    pool = [
        c
        for c in candidates
        if c.id != story.id
        and (story.storyline_id is None or c.storyline_id != story.storyline_id)
    ]
    if not pool:
        return []
    raw = {c.id: dict(_features(c.headline, c.summary)) for c in pool}
    target_raw = dict(_features(story.headline, story.summary))
    idf = IncrementalIdf()
    idf.observe(target_raw)
    for feats in raw.values():
        idf.observe(feats)
    target = idf.weigh(target_raw)
    scored = []
    for story_id, feats in raw.items():
        similarity = _cosine(target, idf.weigh(feats))
        if similarity >= MIN_SIMILARITY:
            scored.append((story_id, similarity))
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:limit]


def _cosine(a: SparseVector, b: SparseVector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(key, 0.0) for key, value in a.items())
