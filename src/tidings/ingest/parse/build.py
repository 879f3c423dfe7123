"""Drafts that the format readers fill in, and the one place they become typed results.

Every reader (RSS/Atom via lxml, JSON Feed, the feedparser fallback) writes raw
values into an :class:`EntryDraft` / :class:`FeedDraft`; :func:`finish_entry` and
:func:`finish_feed` then apply the same rules to all of them: plain-text fields
are unescaped and stripped of tags, links are made absolute and canonical, and
each entry gets its key. Entry bodies (summary, content) are *not* sanitised
here: they stay the feed's HTML, with the base their relative URLs need in
``ParsedEntry.base_url``; :func:`tidings.ingest.process.clean_entry` sanitises
them, and the refresh pipeline runs it only on entries that are new or changed.
The feed's own description (one per document) is still sanitised here.

Entry keys: the entry's guid/id as the feed states it (stripped), else its
canonical link, else ``"sha1:" + sha1(title + "\\0" + body)`` over the *raw*
title and body, before sanitising, so a change to the sanitiser's allowlist does
not change the identity of stored entries. Keys are deterministic; duplicates
within one document are kept in document order for the caller to resolve.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from html import escape

from tidings.content.sanitize import html_to_text, looks_like_html, sanitize_html
from tidings.ingest.links import resolve_url, web_link
from tidings.types import Enclosure, FeedFormat, ParsedEntry, ParsedFeed, TranscriptLink


class EntryDraft:
    """Raw values for one entry, as a reader found them. Bodies are (text, is_html, base)."""

    __slots__ = (
        "authors",
        "base",
        "categories",
        "comments",
        "content",
        "duration",
        "enclosures",
        "id",
        "language",
        "link",
        "link_base",
        "published",
        "summary",
        "thumbnail",
        "title",
        "title_is_html",
        "transcripts",
        "updated",
    )

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.id: str | None = None
        self.title: str | None = None
        self.title_is_html = True
        self.link: str | None = None
        self.link_base: str | None = None
        self.authors: list[str] = []
        self.published: datetime | None = None
        self.updated: datetime | None = None
        self.summary: tuple[str, bool, str | None] | None = None
        self.content: tuple[str, bool, str | None] | None = None
        self.enclosures: list[Enclosure] = []
        self.thumbnail: str | None = None
        self.categories: list[str] = []
        self.language: str | None = None
        self.transcripts: list[TranscriptLink] = []
        self.comments: str | None = None
        self.duration: int | None = None  # itunes:duration, for the first enclosure


class FeedDraft:
    __slots__ = (
        "author",
        "base",
        "description",
        "entries",
        "format",
        "icon",
        "language",
        "link",
        "problems",
        "title",
        "title_is_html",
        "ttl",
        "updated",
    )

    def __init__(self, fmt: FeedFormat, base: str | None) -> None:
        self.format = fmt
        self.base = base
        self.title: str | None = None
        self.title_is_html = True
        self.link: str | None = None
        self.description: tuple[str, bool, str | None] | None = None
        self.language: str | None = None
        self.icon: str | None = None
        self.author: str | None = None
        self.updated: datetime | None = None
        self.ttl: int | None = None
        self.problems: list[str] = []
        self.entries: list[ParsedEntry] = []


def plain(value: str | None, is_html: bool = True) -> str | None:
    """A plain-text field: tags stripped and entities decoded (when it may hold HTML)."""
    if value is None:
        return None
    if is_html and ("<" in value or "&" in value):
        return html_to_text(value) or None
    return " ".join(value.split()) or None


def raw_html(body: tuple[str, bool, str | None] | None) -> str | None:
    """The HTML of a (text, is_html, base) body, *not* sanitised; plain text is escaped.

    Blank bodies are None. Sanitising is the processing step's job (see the module
    docstring).
    """
    if body is None:
        return None
    text, is_html, _ = body
    if is_html and looks_like_html(text):
        return text.strip() or None
    text = text.strip()
    if not text:
        return None
    # Plain text becomes inert HTML by escaping, and keeps its paragraphs.
    escaped = escape(text, quote=False)
    return escaped.replace("\n\n", "<br><br>") if "\n\n" in escaped else escaped


def body_html(body: tuple[str, bool, str | None] | None) -> str | None:
    """Sanitised HTML from a (text, is_html, base) body; plain text is escaped first."""
    html = raw_html(body)
    if html is None or body is None or not body[1] or not looks_like_html(body[0]):
        return html  # plain text, escaped: already inert
    return sanitize_html(html, base_url=body[2]).strip() or None


def language_tag(value: str | None) -> str | None:
    """A BCP 47-style tag from what feeds write: ``en_US`` -> ``en-US``; blank -> None."""
    if not value:
        return None
    value = value.strip().replace("_", "-")
    return value or None


def author_name(value: str | None) -> str | None:
    """A display name from RSS-style author fields: ``me@x.org (Jane)`` -> ``Jane``."""
    if not value:
        return None
    value = plain(value) or ""
    if value.endswith(")") and "(" in value:
        head, _, tail = value[:-1].partition("(")
        head, tail = head.strip(), tail.strip()
        if "@" in head and tail:
            return tail
        if "@" in tail and head:
            return head
    return value or None


def entry_key(draft: EntryDraft, link: str | None) -> str:
    if draft.id and draft.id.strip():
        return draft.id.strip()
    if link:
        return link
    body = draft.content or draft.summary
    raw = (draft.title or "") + "\0" + (body[0] if body else "")
    return "sha1:" + hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()


def finish_entry(draft: EntryDraft, feed_language: str | None) -> ParsedEntry:
    link = web_link(draft.link, draft.link_base or draft.base)
    summary = raw_html(draft.summary)
    if draft.content is draft.summary or (
        draft.content is not None
        and draft.summary is not None
        and draft.content[0] == draft.summary[0]
        and draft.content[2] == draft.summary[2]
    ):
        content = summary  # the same body twice (description and content:encoded)
    else:
        content = raw_html(draft.content) or summary
    # The base for resolving the bodies' relative URLs later: the content's, else the summary's.
    if draft.content is not None and content is not summary:
        base_url = draft.content[2]
    elif draft.summary is not None:
        base_url = draft.summary[2]
    else:
        base_url = draft.base
    authors = _unique(map(author_name, draft.authors)) if draft.authors else ()
    enclosures = _unique_enclosures(draft.enclosures, draft.duration) if draft.enclosures else ()
    return ParsedEntry(
        key=entry_key(draft, link),
        title=plain(draft.title, draft.title_is_html),
        link=link,
        authors=authors,
        published=draft.published,
        updated=draft.updated,
        summary=summary,
        content=content,
        enclosures=enclosures,
        thumbnail=draft.thumbnail,
        categories=_unique(map(plain, draft.categories)) if draft.categories else (),
        language=language_tag(draft.language) or language_tag(feed_language),
        transcripts=tuple(draft.transcripts) if draft.transcripts else (),
        comments_url=web_link(draft.comments, draft.base) if draft.comments else None,
        base_url=base_url,
    )


def _unique(values) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    return tuple(dict.fromkeys(filter(None, values)))


def _unique_enclosures(found: list[Enclosure], duration: int | None) -> tuple[Enclosure, ...]:
    by_url: dict[str, Enclosure] = {}
    for enclosure in found:
        by_url.setdefault(enclosure.url, enclosure)
    result = list(by_url.values())
    if duration is not None and result and result[0].duration is None:
        first = result[0]
        result[0] = Enclosure(first.url, first.type, first.length, duration)
    return tuple(result)


def finish_feed(draft: FeedDraft, *, parser: str = "fast") -> ParsedFeed:
    return ParsedFeed(
        format=draft.format,
        title=plain(draft.title, draft.title_is_html),
        link=web_link(draft.link, draft.base),
        description=body_html(draft.description),
        language=language_tag(draft.language),
        icon=media_url(draft.icon, draft.base),
        author=author_name(draft.author),
        updated=draft.updated,
        entries=tuple(draft.entries),
        problems=tuple(dict.fromkeys(draft.problems)),
        parser=parser,
        ttl_minutes=draft.ttl,
    )


def media_url(value: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL for media (not canonicalised: signed URLs must stay intact)."""
    if not value:
        return None
    absolute = resolve_url(value, base)
    if absolute and absolute[:5].lower().startswith(("http:", "https")):
        return absolute
    return None


def to_int(value: str | None) -> int | None:
    if not value:
        return None
    value = value.strip().replace(",", "")
    try:
        number = int(float(value)) if "." in value else int(value)
    except ValueError:
        return None
    return number if number >= 0 else None


def duration_seconds(value: str | None) -> int | None:
    """itunes:duration: ``SS``, ``MM:SS``, ``HH:MM:SS`` (also with fractions) -> seconds."""
    if not value:
        return None
    total = 0.0
    try:
        for part in value.strip().split(":"):
            total = total * 60 + float(part or 0)
    except ValueError:
        return None
    return int(total) if 0 <= total < 10**7 else None
