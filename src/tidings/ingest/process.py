"""Process parsed entries before they are stored: sanitise their HTML.

``parse -> decide -> process -> store``. The parser leaves ``summary`` and
``content`` as the feed states them (see :class:`tidings.types.ParsedEntry`);
this pure step reduces them to the reading allowlist of
:func:`tidings.content.sanitize.sanitize_html`, which also makes relative URLs
absolute against the entry's ``base_url`` (xml:base aware) and drops any URL
that is not http, https or mailto.

It runs after the decide step, on :attr:`FeedUpdate.entries` only: the entries
that are new or whose raw content changed. An entry already stored unchanged is
never sanitised again, which is most entries of most refreshes. The content
hash in each :class:`EntryWrite` stays the hash of the *raw* entry, so the next
refresh compares like with like.
"""

from __future__ import annotations

import dataclasses

from tidings.content.sanitize import sanitize_html
from tidings.types import EntryWrite, FeedUpdate, ParsedEntry

__all__ = ["clean_entry", "clean_update"]


def _clean(html: str | None, base_url: str | None) -> str | None:
    if not html:
        return None
    return sanitize_html(html, base_url=base_url).strip() or None


def clean_entry(entry: ParsedEntry) -> ParsedEntry:
    """``entry`` with its summary and content sanitised (relative URLs made absolute).

    A body that sanitises to nothing becomes None; content that sanitises to
    nothing falls back to the summary, as the parser's "fullest body" rule wants.
    Idempotent: cleaning a cleaned entry changes nothing.
    """
    base = entry.base_url
    summary = _clean(entry.summary, base)
    if entry.content is None:
        content = None
    elif entry.content == entry.summary:
        content = summary  # the same body twice (description and content:encoded): once
    else:
        content = _clean(entry.content, base) or summary
    if summary == entry.summary and content == entry.content:
        return entry
    return dataclasses.replace(entry, summary=summary, content=content)


def clean_update(update: FeedUpdate) -> FeedUpdate:
    """``update`` with the entries it writes (new and changed ones) cleaned; nothing else."""
    if not update.entries:
        return update
    writes = tuple(
        EntryWrite(w.key, w.content_hash, clean_entry(w.entry), w.is_new) for w in update.entries
    )
    return dataclasses.replace(update, entries=writes)
