"""Keeping the full-text index current, in the same transaction as the entry writes.

What is indexed (plain text and stems) is made by :mod:`tidings.text.searchtext`,
which needs no database, so a refresh builds it outside the writer (in a
worker process when there is much to do); its names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, bindparam, select, text

from tidings.store.tables import entry_search_pg, search_languages
from tidings.text.searchtext import (
    SearchDocument,
    html_to_text,
    index_document,
    search_document,
    squeeze,
    stemmed,
    with_body,
)

__all__ = [
    "SearchDocument",
    "html_to_text",
    "index_document",
    "index_entries",
    "indexed_languages",
    "rebuild_index",
    "search_document",
    "squeeze",
    "stemmed",
    "unindex_entries",
    "with_body",
]

_SQLITE_DELETE = text("DELETE FROM entry_search WHERE rowid IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
# FTS5 honours OR REPLACE on the rowid: the old document's terms leave the index.
_SQLITE_UPSERT = (
    "INSERT OR REPLACE INTO entry_search (rowid, title, authors, body, title_stems, body_stems)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)
_POSTGRES_UPSERT = (
    "INSERT INTO entry_search (entry_id, title, authors, body, title_stems, body_stems)"
    " SELECT * FROM unnest(%s::integer[], %s::text[], %s::text[], %s::text[],"
    " %s::text[], %s::text[])"
    " ON CONFLICT (entry_id) DO UPDATE SET title = excluded.title,"
    " authors = excluded.authors, body = excluded.body,"
    " title_stems = excluded.title_stems, body_stems = excluded.body_stems"
)
_ADD_LANGUAGE = text(
    "INSERT INTO search_languages (language) VALUES (:language) ON CONFLICT DO NOTHING"
)


def index_entries(conn: Connection, documents: Sequence[tuple[int, SearchDocument]]) -> None:
    """Write (or replace) the search documents of entries: (entry id, document).

    Two statements whatever the number of entries (driver-level, like the entry
    upsert in ``updates.py``, for speed): the documents, and the languages the
    index holds (usually one or two rows, most often already there).
    """
    if not documents:
        return
    languages = {doc.language for _, doc in documents if doc.language}
    if languages:
        conn.execute(_ADD_LANGUAGE, [{"language": language} for language in sorted(languages)])
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            _SQLITE_UPSERT,
            [
                (entry_id, doc.title, doc.authors, doc.body, doc.title_stems, doc.body_stems)
                for entry_id, doc in documents
            ],
        )
        return
    # One array per column (a constant statement psycopg parses once).
    columns: tuple[list, ...] = ([], [], [], [], [], [])
    for entry_id, doc in documents:
        for column, value in zip(
            columns,
            (entry_id, doc.title, doc.authors, doc.body, doc.title_stems, doc.body_stems),
            strict=True,
        ):
            column.append(value)
    conn.exec_driver_sql(_POSTGRES_UPSERT, columns)


def indexed_languages(conn: Connection) -> list[str]:
    """The Snowball languages of the entries indexed (a query word is stemmed in each)."""
    return sorted(conn.execute(select(search_languages.c.language)).scalars())


def rebuild_index(conn: Connection, *, after_id: int = 0, batch: int = 500) -> int | None:
    """Index again the ``batch`` entries after ``after_id`` (feed text plus any
    extracted article); returns the last id done, or None when there are no more.

    For migrations that change what is indexed: memory is bounded by ``batch``.
    """
    from tidings.store.articles import documents_of

    ids = list(
        conn.execute(
            text("SELECT id FROM entries WHERE id > :after ORDER BY id LIMIT :batch"),
            {"after": after_id, "batch": batch},
        ).scalars()
    )
    if not ids:
        return None
    index_entries(conn, documents_of(conn, ids))
    return ids[-1]


def unindex_entries(conn: Connection, entry_ids: Sequence[int]) -> None:
    """Remove entries from the index (deleting the entry does this too)."""
    if not entry_ids:
        return
    if conn.dialect.name == "sqlite":
        conn.execute(_SQLITE_DELETE, {"ids": list(entry_ids)})
    else:
        conn.execute(entry_search_pg.delete().where(entry_search_pg.c.entry_id.in_(entry_ids)))
