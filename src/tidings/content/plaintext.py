"""A plain-text document as an article: chrome trimmed, headline and byline found, paragraphs.

The shape this handles is an article copied out of a news app or a web page:

    <app chrome: "Get the app", menus, "Top stories", "Sign in">
    <publisher>  <author>  <date>          (any order, any of them)
    <headline>
    <byline / date lines>
    <body paragraphs, possibly with short sub-headings and stray prompts>
    <app chrome: "Sign up to read", related headlines, like/share counts>

The body starts at the first paragraph that reads like prose (a sentence of
15+ words, or 30+ words). Walking back from it, sentences just before it are
its lead, metadata lines are recognised and removed, and the nearest line
that reads like a headline is the title; above the headline only the
contiguous metadata lines next to it are read, everything else there is chrome.
After the body, the text ends at the first chrome line after which no long
paragraph follows. Inside the body the shared chrome rules
(:func:`tidings.content.extract.clean_text`) drop prompts.

A text with none of this (a transcript, notes) passes through: a first short
line is still taken as its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from .bylines import (
    LineMeta,
    is_app_chrome,
    is_end_marker,
    is_person_name,
    is_publisher_name,
    parse_meta_line,
)
from .extract.boilerplate import clean_text

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")
_BODY_WORDS = 15  # a sentence this long, ending in punctuation, is prose
_LONG_WORDS = 30  # this long is prose whatever its punctuation
_TAIL_LONG_WORDS = 40  # a paragraph this long after chrome means the article goes on
_LEAD_WORDS = 8  # shorter sentences before the body are chrome ("One app.")
_HEADLINE_MAX_WORDS = 30
# Hard-wrapped text: most lines at least this long, none longer than the maximum.
_WRAP_CHARS = 55
_WRAP_MAX_CHARS = 100


@dataclass(frozen=True, slots=True)
class PlainArticle:
    """What :func:`read_plain_article` found. ``paragraphs`` are plain text, in order;
    ``headings`` holds the indexes of the short ones that are sub-headings."""

    title: str | None
    authors: tuple[str, ...]
    publisher: str | None
    published: datetime | None
    paragraphs: tuple[str, ...]
    headings: frozenset[int] = field(default_factory=frozenset)
    dropped_lines: int = 0  # chrome lines removed, for the report


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def _is_prose(text: str) -> bool:
    n = _words(text)
    return (n >= _LONG_WORDS or (n >= _BODY_WORDS and _ends_sentence(text))) and not (
        is_app_chrome(text)
    )


def _is_headline(text: str) -> bool:
    n = _words(text)
    if not 3 <= n <= _HEADLINE_MAX_WORDS or len(text) > 250:
        return False
    if text.rstrip()[-1:] in ".,;:" and not text.rstrip().endswith("..."):
        return False
    return not is_app_chrome(text) and parse_meta_line(text) is None


def split_units(text: str) -> list[str]:
    """Paragraphs of a plain text: blank lines separate them; hard-wrapped lines are joined.

    Within a block, a line is joined to the next when it does not end a
    sentence and the next starts in lower case, or when the block is
    hard-wrapped (lines of similar width); otherwise each line is a paragraph
    of its own (apps often copy one paragraph per line).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    units: list[str] = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        hard_wrapped = _hard_wrapped(lines)
        current = [lines[0]]  # the lines of the unit being built (joined once: linear time)
        for line in lines[1:]:
            wrapped = not _ends_sentence(current[-1]) and (line[:1].islower() or hard_wrapped)
            if wrapped:
                current.append(line)
            else:
                units.append(" ".join(current))
                current = [line]
        units.append(" ".join(current))
    return units


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines cut at a fixed width (e-mail, terminals): most of similar length, none long."""
    if len(lines) < 3 or max(len(ln) for ln in lines) > _WRAP_MAX_CHARS:
        return False
    full = sum(1 for ln in lines[:-1] if len(ln) >= _WRAP_CHARS)
    return full >= 0.7 * (len(lines) - 1)


def read_plain_article(text: str, *, publisher_hint: str | None = None) -> PlainArticle:
    """Headline, byline, publisher, date and body paragraphs of a plain-text article."""
    units = split_units(text)
    if not units:
        return PlainArticle(None, (), None, None, ())
    first_body = next((i for i, u in enumerate(units) if _is_prose(u)), None)
    if first_body is None:
        # No prose at all (notes, a list): keep what is not chrome; a first short line is the title.
        kept = [u for u in units if not is_app_chrome(u)]
        title = kept[0] if kept and _is_headline(kept[0]) and len(kept) > 1 else None
        body = kept[1:] if title else kept
        return PlainArticle(
            title, (), None, None, tuple(body), dropped_lines=len(units) - len(kept)
        )

    meta = LineMeta()
    title: str | None = None
    lead: list[str] = []
    index = first_body - 1
    # 1. Walk back from the body: lead sentences and metadata lines, then the headline.
    while index >= 0:
        unit = units[index]
        found = parse_meta_line(unit) or _bare_meta(unit, meta)
        if found is not None and not _is_lead(unit):
            meta = meta.merged(found)
        elif not title and not lead_blocked(lead) and _is_lead(unit):
            lead.insert(0, unit)
        elif _is_headline(unit):
            title = unit
            index -= 1
            above = units[index] if index >= 0 else ""
            if (
                _is_headline(above)
                and _words(above) < _words(title)
                and not _bare_meta(above, meta)
            ):
                # Two headline-like lines: the shorter one above is the headline and
                # the one below it the standfirst, which opens the body.
                lead.insert(0, title)
                title = above
                index -= 1
            break
        elif is_app_chrome(unit):
            pass
        else:
            break
        index -= 1
    # 2. Above the headline: the metadata lines next to it (bare names and publishers count).
    if title is not None:
        seen: set[str] = set()
        while index >= 0:
            unit = units[index]
            found = parse_meta_line(unit)
            if found is None and is_person_name(unit) and not meta.authors:
                found = LineMeta(authors=(unit,))
            if found is None and unit in seen:
                index -= 1  # the same line twice: a logo's text and the name
                continue
            if found is None and publisher_hint and unit.lower() == publisher_hint.lower():
                found = LineMeta(publisher=unit)
            if found is None:
                break
            seen.update(x for x in (found.publisher, *found.authors) if x)
            meta = meta.merged(found)
            index -= 1
    head_dropped = first_body - len(lead) - (1 if title else 0)

    # 3. The end of the article: the first chrome unit after which no long paragraph follows.
    end = len(units)
    last_long = max((i for i, u in enumerate(units) if _words(u) >= _TAIL_LONG_WORDS), default=-1)
    prose_after = [False] * (len(units) + 1)  # prose_after[i]: a prose unit at i or later
    for i in range(len(units) - 1, -1, -1):
        prose_after[i] = prose_after[i + 1] or _is_prose(units[i])
    for i in range(first_body + 1, len(units)):
        unit = units[i]
        # "Related stories", "Sign up to keep reading": the article is over unless a long
        # paragraph follows; "Advertisement" or a counter ends it only if no prose follows.
        if (i > last_long and is_end_marker(unit)) or (
            not prose_after[i + 1] and (is_app_chrome(unit) or _is_stray(unit))
        ):
            end = i
            break
    body_units = [*lead, *units[first_body:end]]
    # 4. Inside the body: the shared chrome rules, a paragraph at a time.
    body: list[str] = []
    for unit in body_units:
        cleaned = clean_text(unit)
        if cleaned and not is_app_chrome(cleaned):
            body.append(cleaned.replace("\n", " "))
    headings = frozenset(
        i
        for i, p in enumerate(body)
        if 0 < i < len(body) - 1
        and _words(p) <= 12
        and not _ends_sentence(p)
        and _is_prose(body[i + 1])
    )
    authors = meta.authors
    publisher = meta.publisher or publisher_hint
    if publisher and publisher in authors:
        authors = tuple(a for a in authors if a != publisher)
    return PlainArticle(
        title,
        authors,
        publisher,
        meta.published or meta.updated,
        tuple(body),
        headings,
        dropped_lines=head_dropped + (len(units) - end) + (len(body_units) - len(body)),
    )


def _bare_meta(unit: str, meta: LineMeta) -> LineMeta | None:
    """A line that is only a name, between a headline and its article: author or publisher."""
    if not meta.authors and is_person_name(unit):
        return LineMeta(authors=(unit,))
    if not meta.publisher and is_publisher_name(unit):
        return LineMeta(publisher=unit)
    return None


def _is_lead(unit: str) -> bool:
    return _words(unit) >= _LEAD_WORDS and _ends_sentence(unit) and not is_app_chrome(unit)


def lead_blocked(lead: list[str]) -> bool:
    return len(lead) >= 3  # a standfirst is a sentence or two, not a page of short lines


def _is_stray(unit: str) -> bool:
    """A short line that is not a sentence (a related headline, a source's name)."""
    return not _ends_sentence(unit) and _words(unit) <= 14
