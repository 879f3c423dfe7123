"""Perspectives: how the sources of one story differ.

:func:`compare_sources` takes the articles of one story and returns, per
source, what it reports that no other source does (sentences with numbers,
quotes or named people, matched approximately so rephrasing does not count as
new), where sources disagree (the same quantity with different figures),
sources framing the event in clearly opposite ways, headline style, source
kind and text quality. Pure: no storage, no clock, no network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tidings.stories._nlp import (
    Quantity,
    content_stems,
    key_entities,
    overlap,
    people,
    quantities,
    quotes,
    sentences,
)
from tidings.stories.article import StoryArticle
from tidings.stories.headline import HeadlineStyle, headline_style
from tidings.stories.sourcekind import SourceKind, TextQuality, source_kinds, text_quality

# Word lists are written as one string (a call keeps ruff from exploding "".split()).
_split = str.split

# Sentences this similar (overlap of content stems) to one in another source say the same thing.
SAME_SENTENCE = 0.5
# Quantities whose surrounding words overlap this much are about the same thing.
SAME_SUBJECT = 0.4
MAX_UNIQUE_PER_SOURCE = 5

POSITIVE = frozenset(
    _split(
        """
    success successful succeeds triumph milestone breakthrough partnership partner
    partners praised praise hails hailed celebrate celebrated win wins won boost boosts
    gain gains record historic promising promise promises thrive thriving welcome
    welcomed opportunity hope hopeful progress recovery recover improve improved strong
    strength confident safe insane incredible amazing great benefit benefits jobs growth
    grow grows
    """
    )
)
NEGATIVE = frozenset(
    _split(
        """
    failure fail fails failed crisis collapse collapsed sour soured mishap disaster blow
    setback halt halts halted freeze freezes froze frozen blame blamed threat threatens
    threat danger dangerous risk risks worry worries worried fear fears angry anger
    criticism criticised criticized rift split rival rivalry ends ending exit quit quits
    abandon abandoned loss losses cut cuts delay delayed problem problems fault flaw
    broke broken misfire jolts tilts unravel unravelled unraveled tension tense leave
    leaves leaving
    """
    )
)
OPPOSED = 0.3  # polarity on each side, of opposite signs
MIN_POLAR_WORDS = 3


@dataclass(frozen=True, slots=True)
class UniqueFact:
    sentence: str
    article_id: str
    what: tuple[
        str, ...
    ]  # the parts no other source has: "figure $2.6 billion", "quote", "person Lena Brandt"


@dataclass(frozen=True, slots=True)
class Figure:
    source: str
    article_id: str
    text: str  # as written
    value: float
    sentence: str
    context: frozenset[str] = field(default=frozenset(), repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """The same quantity reported with different figures by different sources."""

    subject: str  # the words the figures share ("evacuated residents")
    unit: str
    figures: tuple[Figure, ...]  # one per source, smallest first


@dataclass(frozen=True, slots=True)
class Framing:
    source: str
    polarity: float  # -1 (negative framing) .. +1 (positive)
    positive: tuple[str, ...]
    negative: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourcePerspective:
    source: str
    article_ids: tuple[str, ...]
    title: str
    kind: SourceKind
    quality: TextQuality
    headline: HeadlineStyle
    framing: Framing
    unique: tuple[UniqueFact, ...]


@dataclass(frozen=True, slots=True)
class Perspectives:
    sources: tuple[SourcePerspective, ...]
    disagreements: tuple[Disagreement, ...]
    opposed_framing: tuple[tuple[str, str], ...]  # (most positive source, most negative source)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sources": [
                {
                    "source": p.source,
                    "articles": list(p.article_ids),
                    "title": p.title,
                    "kind": p.kind.kind,
                    "kind_evidence": list(p.kind.evidence),
                    "copy_of": p.kind.copy_of,
                    "machine_transcript": p.quality.machine_transcript,
                    "quality_evidence": list(p.quality.evidence),
                    "headline": p.headline.to_dict(),
                    "framing": round(p.framing.polarity, 2),
                    "unique": [
                        {"sentence": u.sentence, "what": list(u.what), "article": u.article_id}
                        for u in p.unique
                    ],
                }
                for p in self.sources
            ],
            "disagreements": [
                {
                    "subject": d.subject,
                    "unit": d.unit,
                    "figures": [
                        {
                            "source": f.source,
                            "text": f.text,
                            "value": f.value,
                            "sentence": f.sentence,
                        }
                        for f in d.figures
                    ],
                }
                for d in self.disagreements
            ],
            "opposed_framing": [list(pair) for pair in self.opposed_framing],
        }

    def as_table(self) -> str:
        """A plain-text comparison, one row per source, then disagreements."""
        rows = [("source", "kind", "headline", "framing", "only here")]
        for p in self.sources:
            kind = p.kind.kind + (" (machine transcript)" if p.quality.machine_transcript else "")
            flags = ", ".join(p.headline.flags) or "plain"
            only = "; ".join(", ".join(u.what) for u in p.unique[:3]) or "-"
            rows.append((p.source, kind, flags, f"{p.framing.polarity:+.1f}", only))
        widths = [min(max(len(r[i]) for r in rows), 48) for i in range(5)]
        lines = [
            "  ".join(c[:48].ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in rows
        ]
        for d in self.disagreements:
            lines.append(
                f"DISAGREE {d.subject}: " + " vs ".join(f"{f.source} {f.text}" for f in d.figures)
            )
        for pos, neg in self.opposed_framing:
            lines.append(f"OPPOSED FRAMING: {pos} (positive) vs {neg} (negative)")
        return "\n".join(lines)


# --- pieces --------------------------------------------------------------------------


def _framing(source: str, title: str, text: str) -> Framing:
    toks = re.findall(r"[a-z]+", (title + " ") * 2 + text.lower())
    pos = [t for t in toks if t in POSITIVE]
    neg = [t for t in toks if t in NEGATIVE]
    polarity = (len(pos) - len(neg)) / (len(pos) + len(neg) + 2)
    return Framing(source, polarity, tuple(sorted(set(pos))), tuple(sorted(set(neg))))


def _same_subject(a: Quantity, b: Quantity) -> bool:
    if a.unit != b.unit:
        return False
    shared = a.context & b.context
    both = overlap(set(a.context), set(b.context))
    if a.head and a.head == b.head:
        # "$2.4bn project" vs "$2.6bn project": sums of money are rarer than counts, so
        # the same noun after them is enough; counts ("1,500 jobs", "2,300 jobs") need more.
        if a.unit.startswith("money:"):
            return True
        return len(shared) >= 2 and both >= SAME_SUBJECT / 2
    return len(shared) >= 2 and both >= SAME_SUBJECT


def _differ(a: float, b: float) -> bool:
    hi, lo = max(a, b), min(a, b)
    return hi > 0 and (hi - lo) / hi > 0.02


def find_disagreements(
    figures: list[tuple[str, str, Quantity]], copies: set[frozenset[str]] = frozenset()
) -> list[Disagreement]:
    """Articles of different sources reporting one quantity with different figures.

    ``figures`` holds ``(source, article id, quantity)``. A quantity is "the
    same" in two articles when the unit matches and the words around it
    overlap (or the noun right after it is the same and they overlap
    somewhat). A figure the other article also states exactly is agreement,
    so an article giving both "2,000" and "3,400" does not disagree with one
    giving "2,000". Pairs in ``copies`` (an article and its wire copy) are
    skipped: a copy repeats, it does not disagree.
    """
    by_article: dict[str, list[tuple[str, Quantity]]] = {}
    for src, aid, q in figures:
        by_article.setdefault(aid, []).append((src, q))
    values = {aid: {(q.unit, q.value) for _, q in qs} for aid, qs in by_article.items()}
    found: dict[tuple[str, frozenset[str]], dict[str, Figure]] = {}
    ids = sorted(by_article)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if frozenset((a, b)) in copies:
                continue
            for sa, qa in by_article[a]:
                if (qa.unit, qa.value) in values[b]:
                    continue
                for sb, qb in by_article[b]:
                    if (
                        sa == sb
                        or (qb.unit, qb.value) in values[a]
                        or not _differ(qa.value, qb.value)
                    ):
                        continue
                    hi, lo = max(qa.value, qb.value), min(qa.value, qb.value)
                    if lo <= 0 or hi / lo > 3:
                        continue  # far apart: different things
                    if qa.in_range or qb.in_range:
                        continue  # "between 350 and 450 metres" does not contradict "400 metres"
                    if not _same_subject(qa, qb):
                        continue
                    key = (qa.unit, frozenset(qa.context & qb.context))
                    group = found.setdefault(key, {})
                    group.setdefault(
                        f"{sa}={qa.value}",
                        Figure(sa, a, qa.text, qa.value, qa.sentence, qa.context),
                    )
                    group.setdefault(
                        f"{sb}={qb.value}",
                        Figure(sb, b, qb.text, qb.value, qb.sentence, qb.context),
                    )
    # Groups that share a figure (one source's same number) are one disagreement.
    merged: list[tuple[str, set[str], dict[str, Figure]]] = []
    for (unit, shared), figs in found.items():
        for m_unit, m_shared, m_figs in merged:
            if m_unit == unit and set(figs) & set(m_figs):
                m_figs.update(figs)
                m_shared &= shared
                break
        else:
            merged.append((unit, set(shared), dict(figs)))
    out = []
    for unit, shared, figs in merged:
        ordered = tuple(
            sorted(_one_per_source(list(figs.values())), key=lambda f: (f.value, f.source))
        )
        out.append(Disagreement(_subject(ordered[0], shared), unit, ordered))
    return out


def _one_per_source(figs: list[Figure]) -> list[Figure]:
    """Keep, for a source with several figures in one group, the one worded most like the rest.

    Merging pairs can pull in a second figure of a source that only looks related
    ("2,800 homes without power" beside "2,000 forced from their homes").
    """
    by_source: dict[str, list[Figure]] = {}
    for f in figs:
        by_source.setdefault(f.source, []).append(f)
    out = []
    for src, own in by_source.items():
        others = [set(f.context) for f in figs if f.source != src]
        out.append(
            max(own, key=lambda f: (sum(overlap(set(f.context), o) for o in others), -f.value))
        )
    return out


def _subject(fig: Figure, shared: set[str]) -> str:
    """A readable label: the words after the figure ("evacuated residents returned")."""
    at = fig.sentence.find(fig.text)
    after = re.findall(
        r"[A-Za-z][A-Za-z'’-]*", fig.sentence[at + len(fig.text) :] if at >= 0 else ""
    )
    words = [w for w in after[:6] if w.lower() not in _GLUE][:3]
    return " ".join(words) or " ".join(sorted(shared)[:3])


_GLUE = frozenset(
    _split("a an the of to in on at for and or as by from with its their his her was were is are")
)


def _unique_facts(
    own: list[tuple[str, str]],
    others_sentences: list[set[str]],
    others_text: str,
    other_people: set[str],
) -> list[UniqueFact]:
    """Sentences of one source (``own``) with a figure, quote or person no other source has."""
    other_values = {(q.unit, q.value) for s in others_text.split("\n") for q in quantities(s)}
    other_low = others_text.lower()
    out = []
    for aid, sent in own:
        stems = content_stems(sent)
        if len(stems) < 3:
            continue
        if any(overlap(stems, o) >= SAME_SENTENCE for o in others_sentences):
            continue  # another source says this, in its own words
        what = []
        for q in quantities(sent):
            if (q.unit, q.value) not in other_values:
                what.append(f"figure {q.text}")
        for quote in quotes(sent):
            qs = content_stems(quote)
            if not any(overlap(qs, o) >= SAME_SENTENCE for o in others_sentences):
                what.append("quote")
        for person in sorted(people(sent)):
            last = person.split()[-1].lower()
            if person not in other_people and last not in other_low:
                what.append(f"person {person}")
        if what:
            out.append(UniqueFact(sent, aid, tuple(dict.fromkeys(what))))
    # Prefer sentences with more new things, keep text order among equals.
    ranked = sorted(enumerate(out), key=lambda p: (-len(p[1].what), p[0]))
    return [u for _, u in sorted(ranked[:MAX_UNIQUE_PER_SOURCE], key=lambda p: p[0])]


# --- the whole comparison --------------------------------------------------------------


def compare_sources(articles: Sequence[StoryArticle]) -> Perspectives:
    """Compare the sources of one story (articles grouped by ``source``)."""
    by_source: dict[str, list[StoryArticle]] = {}
    for a in sorted(articles, key=lambda a: (a.published, a.id)):
        by_source.setdefault(a.source, []).append(a)
    kinds = source_kinds(articles)
    found = key_entities([a.text for a in articles])
    # Names a recogniser could mishear: people, and one-word organisations ("Roscosmos").
    names = [n for n, _ in found["person"]] + [n for n, _ in found["organisation"] if " " not in n]

    sents: dict[str, list[tuple[str, str]]] = {}
    for src, arts in by_source.items():
        seen: set[str] = set()
        sents[src] = []
        for a in arts:
            for s in sentences(a.text):
                if s not in seen:
                    seen.add(s)
                    sents[src].append((a.id, s))
    stems = {src: [content_stems(s) for _, s in ss] for src, ss in sents.items()}
    # Headlines carry figures too ("$2.6bn space deal", "20 degrees off course"); they
    # count for disagreements, not for coverage (a short headline "covers" too much).
    qty = {
        src: [
            (aid, q)
            for aid, s in [*((a.id, a.title) for a in by_source[src]), *ss]
            for q in quantities(s)
        ]
        for src, ss in sents.items()
    }
    ppl = {src: set().union(*(people(a.text) for a in arts)) for src, arts in by_source.items()}

    perspectives = []
    for src, arts in by_source.items():
        lead = arts[0]
        others = [o for o in by_source if o != src]
        if others:
            unique = _unique_facts(
                sents[src],
                [st for o in others for st in stems[o]],
                "\n".join(s for o in others for _, s in sents[o]),
                set().union(*(ppl[o] for o in others)) if others else set(),
            )
        else:
            unique = []
        quality = text_quality(" ".join(a.text for a in arts), names)
        kind = kinds[lead.id]
        if quality.machine_transcript and kind.kind in ("outlet", "blog", "video"):
            kind = SourceKind(
                "video transcript", ("reads like a machine transcript", *kind.evidence)
            )
        perspectives.append(
            SourcePerspective(
                source=src,
                article_ids=tuple(a.id for a in arts),
                title=lead.title,
                kind=kind,
                quality=quality,
                headline=headline_style(lead.title),
                framing=_framing(
                    src, " ".join(a.title for a in arts), " ".join(a.text for a in arts)
                ),
                unique=tuple(unique),
            )
        )

    copies = {frozenset((aid, k.copy_of)) for aid, k in kinds.items() if k.copy_of}
    disagreements = find_disagreements(
        [(src, aid, q) for src in qty for aid, q in qty[src]], copies
    )
    opposed = []
    polar = [
        p
        for p in perspectives
        if len(p.framing.positive) + len(p.framing.negative) >= MIN_POLAR_WORDS
    ]
    if polar:
        most_pos = max(polar, key=lambda p: p.framing.polarity)
        most_neg = min(polar, key=lambda p: p.framing.polarity)
        if most_pos.framing.polarity >= OPPOSED and most_neg.framing.polarity <= -OPPOSED:
            opposed.append((most_pos.source, most_neg.source))
    return Perspectives(tuple(perspectives), tuple(disagreements), tuple(opposed))
