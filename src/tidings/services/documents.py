"""Import a standalone document as an entry of the user's Documents source.

The same decide -> process -> store path as a feed refresh: the document
becomes one :class:`ParsedEntry`, :func:`tidings.ingest.decide.plan_entry_writes`
decides whether it is new, changed or already there, and
:func:`tidings.store.updates.apply_feed_update` writes it (search index
included) in one transaction. Its key is the document's address when one is
given, else a hash of its words, so importing the same document twice stores
it once.

The publisher ("source") has no column of its own on entries; it is stored
as the last of the entry's authors, after the people, which is where many
feeds put it too (``<dc:creator>Reuters</dc:creator>``): the reader shows it
with the byline and search finds it (authors are indexed, weighted above the
body). :class:`ImportedDocument` keeps the two apart for the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from tidings.clock import as_utc
from tidings.content.documents import DocumentError, DocumentText, read_document
from tidings.ingest.decide import plan_entry_writes
from tidings.ingest.links import web_link
from tidings.ingest.process import clean_update
from tidings.store import Database
from tidings.store.documents import document_entry, documents_feed
from tidings.store.updates import apply_feed_update
from tidings.types import FeedUpdate, ParsedEntry, RefreshStatus

_TITLE_CHARS = 120


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """The stored entry and what was recognised in the document."""

    entry_id: int
    feed_id: int
    key: str
    status: str  # "new", "updated" or "unchanged" (the same document was imported before)
    title: str
    authors: tuple[str, ...]  # the people only
    publisher: str | None
    published: datetime | None
    document: DocumentText


def _title_from_filename(filename: str | None) -> str | None:
    if not filename:
        return None
    stem = PurePath(filename).stem
    words = re.sub(r"[_\-.]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words and not words.isdigit() else None


def _first_words(text: str) -> str:
    first = text.split("\n\n", 1)[0].strip()
    if len(first) <= _TITLE_CHARS:
        return first
    cut = first[:_TITLE_CHARS].rsplit(" ", 1)[0]
    return cut + "…"


def document_key(url: str | None, doc: DocumentText) -> str:
    """The entry's identity in the Documents feed: its address, else a hash of its words."""
    return url if url else f"document:{doc.fingerprint()}"


def import_document(
    db: Database,
    *,
    user_id: int,
    data: bytes,
    filename: str | None,
    url: str | None = None,
    source: str | None = None,
    title: str | None = None,
    published: datetime | None = None,
    now: datetime,
    content_type: str | None = None,
) -> ImportedDocument:
    """Read ``data`` as a document and store it in the user's Documents source.

    ``url`` is where the document came from (shown as its link; an http(s)
    address, never fetched); ``source`` names its publisher when the text does
    not (and helps find the publisher line when it does); ``title`` and
    ``published`` override what the document states. Raises
    :class:`DocumentError` for a file that is not a readable document.
    """
    link = None
    if url:
        link = web_link(url.strip(), None)
        if link is None:
            raise DocumentError(f"{url!r} is not an http(s) address.")
    source = (source or "").strip() or None
    doc = read_document(
        data, filename=filename, content_type=content_type, url=link, publisher_hint=source
    )
    final_title = (title or "").strip() or doc.title or _title_from_filename(filename)
    final_title = final_title or _first_words(doc.text)
    publisher = source or doc.publisher
    authors = doc.authors
    stored_authors = authors + ((publisher,) if publisher and publisher not in authors else ())
    when = as_utc(published) if published is not None else doc.published
    key = document_key(link, doc)
    entry = ParsedEntry(
        key=key,
        title=final_title,
        link=link,
        authors=stored_authors,
        published=when,
        content=doc.html,
        language=doc.language,
        base_url=link,
    )
    with db.transaction() as conn:
        feed_id = documents_feed(conn, user_id, now)
        stored = document_entry(conn, feed_id, key)
        existing = {key: stored[1]} if stored is not None else {}
        writes = plan_entry_writes([entry], existing, now)
        update = FeedUpdate(
            feed_id=feed_id,
            checked_at=now,
            next_check_at=None,  # never fetched
            status=RefreshStatus.UPDATED if writes else RefreshStatus.UNCHANGED,
            entries=tuple(writes),
        )
        apply_feed_update(conn, clean_update(update))
        found = document_entry(conn, feed_id, key)
    assert found is not None  # written above in this transaction
    status = "unchanged" if not writes else ("new" if writes[0].is_new else "updated")
    return ImportedDocument(
        entry_id=found[0],
        feed_id=feed_id,
        key=key,
        status=status,
        title=final_title,
        authors=authors,
        publisher=publisher,
        published=writes[0].entry.published if writes else when,
        document=doc,
    )
