"""The last resort: feedparser's loose parser for documents lxml cannot recover.

It is slow but forgiving. Its input is the raw body, which feedparser itself
strips of its DOCTYPE (keeping only plain-text entities) before parsing, and
feedparser never fetches: it is given bytes, not a URL. Its own sanitiser and
relative-URI resolution are off: Tidings sanitises with its own allowlist.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from typing import Any

import feedparser

from tidings.errors import NotAFeedError
from tidings.ingest.parse.build import EntryDraft, FeedDraft, finish_entry, media_url, to_int
from tidings.ingest.parse.prolog import strip_doctype
from tidings.types import Enclosure, FeedFormat

_VERSIONS = {
    "rss090": FeedFormat.RSS090,
    "rss091n": FeedFormat.RSS091,
    "rss091u": FeedFormat.RSS091,
    "rss092": FeedFormat.RSS092,
    "rss093": FeedFormat.RSS092,
    "rss094": FeedFormat.RSS092,
    "rss20": FeedFormat.RSS20,
    "rss10": FeedFormat.RSS10,
    "rss": FeedFormat.RSS20,
    "atom01": FeedFormat.ATOM03,
    "atom02": FeedFormat.ATOM03,
    "atom03": FeedFormat.ATOM03,
    "atom10": FeedFormat.ATOM10,
    "atom": FeedFormat.ATOM10,
}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def _body(detail: Any, base: str) -> tuple[str, bool, str] | None:
    if not detail or not detail.get("value"):
        return None
    return (
        detail["value"],
        detail.get("type", "text/html") in _HTML_TYPES,
        detail.get("base") or base,
    )


def parse_with_feedparser(body: bytes, url: str) -> FeedDraft:
    """Read ``body`` (UTF-8 bytes) with feedparser into a draft; NotAFeedError if it finds no feed."""
    # Belt and braces: feedparser strips DOCTYPEs too, but Tidings does not rely on it.
    # ``body`` is already UTF-8 (see encoding.py); a clean declaration saying so keeps
    # feedparser's own encoding sniffing from tripping over a garbled one.
    safe_body, _, _ = strip_doctype(body)
    safe_body = _DECLARATION.sub(b"", safe_body, count=1)
    headers = {"content-location": url, "content-type": "application/xml; charset=utf-8"}
    try:
        result = feedparser.parse(
            safe_body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as exc:  # noqa: BLE001 - feedparser's own failure on a hopeless document
        raise NotAFeedError(
            f"The document is not well-formed XML and could not be recovered ({type(exc).__name__})."
        ) from None
    fmt = _VERSIONS.get(result.get("version") or "", FeedFormat.UNKNOWN)
    if fmt is FeedFormat.UNKNOWN and not result.entries:
        raise NotAFeedError("The document is neither a feed nor XML that can be recovered.")
    meta = result.feed
    feed = FeedDraft(fmt, url)
    if result.get("bozo"):
        feed.problems.append(f"feedparser: {result.get('bozo_exception')}")
    feed.title = meta.get("title")
    feed.link = meta.get("link")
    feed.description = _body(meta.get("subtitle_detail"), url)
    feed.language = meta.get("language")
    feed.icon = meta.get("icon") or (meta.get("image") or {}).get("href")
    feed.author = meta.get("author")
    feed.updated = _when(dict.get(meta, "updated_parsed"))  # dict.get: no deprecated alias
    for item in result.entries:
        d = EntryDraft(url)
        d.id = item.get("id")
        d.title = item.get("title")
        d.link = item.get("link")
        d.authors = [a.get("name") or a.get("email") for a in item.get("authors", []) if a]
        d.published = _when(item.get("published_parsed"))
        d.updated = _when(dict.get(item, "updated_parsed"))
        d.summary = _body(item.get("summary_detail"), url)
        contents = item.get("content") or []
        d.content = _body(contents[0], url) if contents else None
        for enclosure in item.get("enclosures", []):
            link = media_url(enclosure.get("href"), url)
            if link:
                d.enclosures.append(
                    Enclosure(link, enclosure.get("type"), to_int(enclosure.get("length")))
                )
        d.categories = [t.get("term") for t in item.get("tags", []) if t.get("term")]
        thumbs = item.get("media_thumbnail") or []
        d.thumbnail = media_url(thumbs[0].get("url"), url) if thumbs else None
        d.comments = item.get("comments")
        feed.entries.append(finish_entry(d, feed.language))
    return feed
