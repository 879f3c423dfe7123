"""Describe a story: headline, short extractive summary, key names, sources, times, pace.

Pure over :class:`StoryArticle` values. The summary takes the sentences
closest to the story's centroid (bag of content stems over all articles),
favouring early sentences, and never two sentences that say the same thing
(syndicated copies repeat whole paragraphs). Names come from the
capitalised-phrase heuristic in ``_nlp`` (no model needed).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tidings.errors import TidingsError
from tidings.stories._nlp import content_stems, key_entities, overlap, sentences
from tidings.stories.article import StoryArticle
from tidings.stories.headline import headline_style

SUMMARY_SENTENCES = 3
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{1,40}\([^)]{2,40}\)\s*[-–—]\s*")
_DUPLICATE = 0.6  # overlap of content stems above which two sentences say the same


@dataclass(frozen=True, slots=True)
class StoryDescription:
    headline: str
    headline_article: str  # the id of the article whose title was chosen
    summary: tuple[str, ...]
    people: tuple[str, ...]
    places: tuple[str, ...]
    organisations: tuple[str, ...]
    sources: tuple[str, ...]  # by first appearance
    first_seen: datetime
    last_seen: datetime
    articles: int
    pace: float  # articles per hour over the story's span (a lone article: 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "headline_article": self.headline_article,
            "summary": list(self.summary),
            "people": list(self.people),
            "places": list(self.places),
            "organisations": list(self.organisations),
            "sources": list(self.sources),
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "articles": self.articles,
            "pace": round(self.pace, 3),
        }


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    na = sum(v * v for v in a.values()) ** 0.5
    nb = sum(v * v for v in b.values()) ** 0.5
    return dot / (na * nb)


def describe_story(
    articles: Sequence[StoryArticle], *, max_sentences: int = SUMMARY_SENTENCES
) -> StoryDescription:
    """Describe one story from its articles."""
    if not articles:
        raise TidingsError("A story needs at least one article to be described.")
    arts = sorted(articles, key=lambda a: (a.published, a.id))
    centroid: Counter[str] = Counter()
    for a in arts:
        centroid.update(content_stems(a.title))
        centroid.update(content_stems(a.text))

    # Headline: the title closest to the centroid, discounted by how clickbait it reads.
    def title_score(a: StoryArticle) -> float:
        style = headline_style(a.title)
        shout = 0.1 * len(style.all_caps) + 0.1 * len(style.hooks)
        return (
            _cosine(Counter(content_stems(a.title)), centroid) * (1.0 - 0.8 * style.clickbait)
            - shout
        )

    best = max(arts, key=lambda a: (title_score(a), -arts.index(a)))

    # Summary: centroid sentences, early ones favoured, near-duplicates skipped.
    candidates = []
    for a in arts:
        for pos, raw in enumerate(sentences(a.text)):
            s = _DATELINE.sub("", raw)  # "PORT CALDER (Meridian Wire) - The river..."
            stems = content_stems(s)
            if len(stems) < 4 or len(s) > 400 or s.endswith("?"):
                continue
            score = _cosine(Counter(stems), centroid) * (1.0 / (1.0 + 0.15 * pos))
            candidates.append((score, a.published, s, stems))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    chosen: list[tuple[datetime, int, str, set[str]]] = []
    for score, when, s, stems in candidates:
        if any(overlap(stems, c[3]) >= _DUPLICATE for c in chosen):
            continue
        chosen.append((when, len(chosen), s, stems))
        if len(chosen) >= max_sentences:
            break
    summary = tuple(c[2] for c in sorted(chosen, key=lambda c: (c[0], c[1])))

    names = key_entities([a.title + ".\n" + a.text for a in arts])
    first, last = arts[0].published, arts[-1].published
    hours = (last - first).total_seconds() / 3600.0
    pace = len(arts) / max(hours, 1.0) if len(arts) > 1 else 0.0
    return StoryDescription(
        headline=best.title,
        headline_article=best.id,
        summary=summary,
        people=tuple(n for n, _ in names["person"][:6]),
        places=tuple(n for n, _ in names["place"][:6]),
        organisations=tuple(n for n, _ in names["organisation"][:6]),
        sources=tuple(dict.fromkeys(a.source for a in arts)),
        first_seen=first,
        last_seen=last,
        articles=len(arts),
        pace=pace,
    )
