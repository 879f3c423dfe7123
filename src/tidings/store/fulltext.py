"""Keeping the full-text index current, in the same transaction as the entry writes.

What is indexed is plain text, never HTML: the title, the authors, and the
body (the content with the summary in front when the summary says something
the content does not), tags removed and entities decoded.

Tags are removed with one compiled regular expression rather than an HTML
parser: entries reach the store already sanitised (well-formed, no scripts,
styles or comments), so a parser's error recovery buys nothing, and the regex
runs at about 220 MB/s against about 45 MB/s for ``lxml.html`` +
``text_content()`` (measured on 14 MB of 700-byte paragraphs; lxml also glues
words across block boundaries, "quick</li><li>dog" -> "quickdog"). The pattern
skips over quoted attribute values, so ``alt="a>b"`` does not leak into the
text. Every tag becomes one space (so ``<p>a</p><p>b</p>`` is two words);
whitespace runs are left for the tokenizer and squeezed only in snippets.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, text

from tidings.store.tables import entry_search_pg

_TAG = re.compile(r"<[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_WHITESPACE = re.compile(r"\s+")
_RARE_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|quot|#39|nbsp);)[#\w]+;")


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment, for indexing (whitespace not squeezed)."""
    if not fragment:
        return ""
    if "<" in fragment:
        if "<!--" in fragment:
            fragment = _COMMENT.sub(" ", fragment)
        fragment = _TAG.sub(" ", fragment)
    if "&" in fragment:
        if _RARE_ENTITY.search(fragment):
            fragment = html.unescape(fragment)  # may decode &#0; to NUL, which PostgreSQL refuses
        else:
            # What sanitisers emit; str.replace is ~5x faster than html.unescape's
            # per-entity callback. &amp; goes last so "&amp;lt;" stays "&lt;".
            fragment = (
                fragment.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", '"')
                .replace("&#39;", "'")
                .replace("&nbsp;", "\xa0")
                .replace("&amp;", "&")
            )
    return fragment.replace("\x00", " ") if "\x00" in fragment else fragment


def squeeze(value: str) -> str:
    """Collapse whitespace runs to one space (for snippets shown to people)."""
    return _WHITESPACE.sub(" ", value).strip()


def search_document(
    title: str | None, authors: Sequence[str], summary: str | None, content: str | None
) -> tuple[str, str, str]:
    """The (title, authors, body) plain text indexed for one entry."""
    body = html_to_text(content)
    summary_text = html_to_text(summary)
    if summary_text:
        if not body:
            body = summary_text
        elif squeeze(summary_text[:400])[:200] not in squeeze(body[:2000]):
            body = f"{summary_text}\n{body}"
    return (html_to_text(title), ", ".join(authors), body)


_SQLITE_DELETE = text("DELETE FROM entry_search WHERE rowid IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
# FTS5 honours OR REPLACE on the rowid: the old document's terms leave the index.
_SQLITE_UPSERT = (
    "INSERT OR REPLACE INTO entry_search (rowid, title, authors, body) VALUES (?, ?, ?, ?)"
)
_POSTGRES_UPSERT = (
    "INSERT INTO entry_search (entry_id, title, authors, body)"
    " SELECT * FROM unnest(%s::integer[], %s::text[], %s::text[], %s::text[])"
    " ON CONFLICT (entry_id) DO UPDATE SET title = excluded.title,"
    " authors = excluded.authors, body = excluded.body"
)


def index_entries(conn: Connection, documents: Sequence[tuple[int, tuple[str, str, str]]]) -> None:
    """Write (or replace) the search documents of entries: (entry id, (title, authors, body)).

    One statement whatever the number of entries (driver-level, like the entry
    upsert in ``updates.py``, for speed).
    """
    if not documents:
        return
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(_SQLITE_UPSERT, [(entry_id, *doc) for entry_id, doc in documents])
        return
    # One array per column (a constant statement psycopg parses once).
    ids = [entry_id for entry_id, _ in documents]
    titles, authors, bodies = (list(column) for column in zip(*(doc for _, doc in documents)))
    conn.exec_driver_sql(_POSTGRES_UPSERT, (ids, titles, authors, bodies))


def unindex_entries(conn: Connection, entry_ids: Sequence[int]) -> None:
    """Remove entries from the index (deleting the entry does this too)."""
    if not entry_ids:
        return
    if conn.dialect.name == "sqlite":
        conn.execute(_SQLITE_DELETE, {"ids": list(entry_ids)})
    else:
        conn.execute(entry_search_pg.delete().where(entry_search_pg.c.entry_id.in_(entry_ids)))
