"""Full-text search over entries.

Query syntax, the same on both databases: plain words (all must match),
``"a phrase"``, and ``-word`` or ``-"a phrase"`` to exclude. Anything else is
text: operators of the underlying engines (``NEAR(``, ``*``, ``OR``, ``:``,
``^``...) have no effect, and no query, however malformed, makes the database
raise. That is by construction: the user's text is split into terms here, each
term is quoted for the engine (FTS5 strings with ``"`` doubled;
websearch_to_tsquery phrases, passed as a bound parameter), and terms with no
letter or digit are dropped. A query with nothing left to find, or only
exclusions, finds nothing.

Ranking: SQLite ``bm25`` with title x10, authors x5, body x1; PostgreSQL
``ts_rank`` over the weighted ``tsvector`` (title A, authors B, body D).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Float, Integer, Text, text

from tidings.store.fulltext import squeeze
from tidings.store.tables import UTCDateTime
from tidings.types import SearchHit

_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_HAS_WORD = re.compile(r"[^\W_]")
_CONTROLS = {code: " " for code in (*range(32), 127)}
_SNIPPET_TOKENS = 24
_MAX_TERMS = 32  # a query longer than this is cut, so no query is unboundedly expensive


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A user's search, split into terms (each a word or a phrase)."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.include


def parse_query(query: str) -> SearchQuery:
    """Split a user's query into terms to find and terms to exclude."""
    include: list[str] = []
    exclude: list[str] = []
    # Control characters are never words; NUL would even end the string early in SQLite.
    query = query.translate(_CONTROLS)
    for match in _TERM.finditer(query):
        negate, phrase, word = match.groups()
        if phrase is not None:
            term = phrase
        else:
            negate = "-" if word.startswith("-") else ""
            term = word.lstrip("-")
        term = " ".join(term.replace('"', " ").split())
        if not _HAS_WORD.search(term):
            continue
        (exclude if negate else include).append(term)
    return SearchQuery(tuple(include[:_MAX_TERMS]), tuple(exclude[:_MAX_TERMS]))


def fts5_match(query: SearchQuery) -> str:
    """The FTS5 MATCH expression: every term an FTS5 string, so nothing is an operator."""

    def quote(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    expression = " AND ".join(quote(term) for term in query.include)
    if query.exclude:
        expression = f"({expression})" + "".join(f" NOT {quote(t)}" for t in query.exclude)
    return expression


def websearch_text(query: SearchQuery) -> str:
    """Text for websearch_to_tsquery: every term quoted (so ``or`` is a word, not OR)."""
    parts = [f'"{term}"' for term in query.include]
    parts += [f'-"{term}"' for term in query.exclude]
    return " ".join(parts)


def search_entries(
    conn: Connection, query: str, *, user_id: int | None = None, limit: int = 20
) -> list[SearchHit]:
    """Entries matching ``query``, best first; only the user's feeds when ``user_id`` is given."""
    parsed = parse_query(query)
    if parsed.empty or limit <= 0:
        return []
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            _sqlite_query(user_id is not None),
            {"match": fts5_match(parsed), "user_id": user_id, "limit": limit},
        )
    else:
        rows = conn.execute(
            _postgres_query(user_id is not None),
            {"query": websearch_text(parsed), "user_id": user_id, "limit": limit},
        )
    return [_hit(row) for row in rows]


def _columns(statement: str) -> Any:
    return text(statement).columns(
        id=Integer,
        feed_id=Integer,
        title=Text,
        link=Text,
        sort_at=UTCDateTime(),
        feed_title=Text,
        snippet=Text,
        score=Float,
    )


def _feed_title_join(scoped: bool) -> tuple[str, str]:
    if scoped:
        return (
            "COALESCE(s.title, f.title)",
            "JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = :user_id",
        )
    return ("f.title", "")


def _sqlite_query(scoped: bool) -> Any:
    feed_title, join = _feed_title_join(scoped)
    return _columns(
        f"""
        SELECT e.id, e.feed_id, e.title, e.link, e.sort_at, {feed_title} AS feed_title,
               snippet(entry_search, 2, '', '', '…', {_SNIPPET_TOKENS}) AS snippet,
               -bm25(entry_search, 10.0, 5.0, 1.0) AS score
        FROM entry_search
        JOIN entries e ON e.id = entry_search.rowid
        JOIN feeds f ON f.id = e.feed_id
        {join}
        WHERE entry_search MATCH :match
        ORDER BY score DESC, e.id DESC
        LIMIT :limit
        """
    )


def _postgres_query(scoped: bool) -> Any:
    feed_title, join = _feed_title_join(scoped)
    return _columns(
        f"""
        WITH q AS (SELECT websearch_to_tsquery('simple', :query) AS query),
        hits AS (
            SELECT es.entry_id, ts_rank(es.document, q.query) AS score
            FROM entry_search es
            CROSS JOIN q
            JOIN entries e ON e.id = es.entry_id
            {join}
            WHERE es.document @@ q.query
            ORDER BY score DESC, es.entry_id DESC
            LIMIT :limit
        )
        SELECT e.id, e.feed_id, e.title, e.link, e.sort_at, {feed_title} AS feed_title,
               ts_headline('simple', es.body, q.query,
                           'StartSel="", StopSel="", MaxWords={_SNIPPET_TOKENS},
                            MinWords={_SNIPPET_TOKENS // 2}, MaxFragments=1,
                            FragmentDelimiter=" … "') AS snippet,
               hits.score
        FROM hits
        CROSS JOIN q
        JOIN entry_search es ON es.entry_id = hits.entry_id
        JOIN entries e ON e.id = hits.entry_id
        JOIN feeds f ON f.id = e.feed_id
        {join}
        ORDER BY hits.score DESC, e.id DESC
        """
    )


def _hit(row: Any) -> SearchHit:
    return SearchHit(
        entry_id=row.id,
        feed_id=row.feed_id,
        title=row.title,
        link=row.link,
        snippet=squeeze(row.snippet or ""),
        score=float(row.score or 0.0),
        sort_at=row.sort_at,
        feed_title=row.feed_title,
    )
