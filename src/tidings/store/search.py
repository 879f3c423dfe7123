"""Full-text search over entries.

Query syntax, the same on both databases:

* plain words (all must match), ``"a phrase"``, and ``-word`` or
  ``-"a phrase"`` to exclude (a word or phrase anywhere in the entry). A plain
  word also finds its other forms ("elections" finds "election", "Wahlen"
  "Wahl"): it is stemmed with Snowball in each language the index holds and
  matched against the stems stored for each entry in its own language (see
  :mod:`tidings.store.fulltext`). Quoted text is exact words: ``"elections"``
  finds only "elections";
* ``title:word`` / ``title:"a phrase"``: in the title only;
  ``author:name`` (or ``authors:``): in the authors only; several of these
  must all match, like words;
* ``source:name`` / ``source:"two words"``: only entries of a source whose
  title as the user sees it (their rename, else the feed's title) or whose
  site host (else the feed URL's host) contains ``name``, ignoring case;
  several ``source:`` mean any of them;
* dates on the entry's date (``sort_at``, UTC), written ``YYYY``,
  ``YYYY-MM`` or ``YYYY-MM-DD``: ``after:D`` on or after the start of D,
  ``before:D`` before the start of D, ``date:D`` within D (a year, a month or
  a day). Several bounds narrow each other.

Operator names ignore case; operators cannot be negated (``-title:x`` is the
plain exclusion of the words "title x"). A malformed operator (``after:soon``,
``date:2026-02-30``, ``title:`` with nothing after it) is plain text, searched
as words. A query of operators with no word (``source:wire``,
``date:2026-03``) lists the matching entries newest first; exclusions then
still apply.

Anything else is text: operators of the underlying engines (``NEAR(``,
``*``, ``OR``, ``^``, FTS5 ``col:``...) have no effect, and no query, however
malformed, makes the database raise. That is by construction: the user's text
is split into terms here, each term is quoted for the engine (FTS5 strings
with ``"`` doubled; websearch_to_tsquery phrases, passed as a bound
parameter), terms with no letter or digit are dropped, column names and SQL
are fixed strings chosen here, and every value (source names, dates) is a
bound parameter. A query with nothing left to find, or only exclusions,
finds nothing.

Ranking: SQLite ``bm25`` with title x10, authors x5, body x1 (their stems
alike); PostgreSQL ``ts_rank`` over the weighted ``tsvector`` (title A,
authors B, body D) plus ``ts_rank`` over the stems' (title A, body D).

Snippets: the engine's (``snippet()``, ``ts_headline``) around the words
found; when an entry was found through a stem only ("running" finding
"runs"), the engines see no match in the text, so the snippet is the body's
words around the first word that is a query word or has one of its stems.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Float, Integer, Text, bindparam, text

from tidings.store.fulltext import indexed_languages, squeeze
from tidings.store.tables import UTCDateTime
from tidings.text.stemming import stem_words, stemmer_for, words
from tidings.types import SearchHit

_OPERATORS = ("title", "author", "authors", "source", "after", "before", "date")
# An operator with a quoted value, a quoted phrase, or any other run of non-space.
_TERM = re.compile(r'(-?)(?:(?i:(title|authors?|source|after|before|date)):)?"([^"]*)"?|(\S+)')
_HAS_WORD = re.compile(r"[^\W_]")
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")
_CONTROLS = {code: " " for code in (*range(32), 127)}
_SNIPPET_TOKENS = 24
_MAX_TERMS = 32  # a query longer than this is cut, so no query is unboundedly expensive


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A user's search, split into terms (each a word or a phrase) and filters."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    title: tuple[str, ...] = ()  # terms to find in the title only
    authors: tuple[str, ...] = ()  # terms to find in the authors only
    sources: tuple[str, ...] = ()  # lower-case; a source's title or host contains one
    since: datetime | None = None  # sort_at >= since
    until: datetime | None = None  # sort_at < until
    quoted: frozenset[str] = frozenset()  # terms of include/exclude written in quotes: exact

    @property
    def has_text(self) -> bool:
        """Whether there is anything for the full-text index to find."""
        return bool(self.include or self.title or self.authors)

    @property
    def empty(self) -> bool:
        return not (
            self.has_text or self.sources or self.since is not None or self.until is not None
        )


def _clean(term: str) -> str:
    return " ".join(term.replace('"', " ").split())


def _date_span(value: str) -> tuple[datetime, datetime | None] | None:
    """(start, end) of a year, month or day in UTC; None when it is not a date."""
    match = _DATE.fullmatch(value)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        start = datetime(year, month or 1, day or 1, tzinfo=UTC)  # type: ignore[arg-type]
    except ValueError:
        return None
    try:
        if day:
            end: datetime | None = start + timedelta(days=1)
        elif month:
            end = start.replace(year=year + month // 12, month=month % 12 + 1)  # type: ignore[operator]
        else:
            end = start.replace(year=year + 1)  # type: ignore[operator]
    except (ValueError, OverflowError):
        end = None  # past year 9999: no upper bound
    return start, end


def parse_query(query: str) -> SearchQuery:
    """Split a user's query into terms to find, terms to exclude, and filters (see above)."""
    found: dict[str, list[str]] = {"": [], "-": [], "title": [], "author": [], "source": []}
    quoted: set[str] = set()
    since: datetime | None = None
    until: datetime | None = None
    # Control characters are never words; NUL would even end the string early in SQLite.
    query = query.translate(_CONTROLS)
    for match in _TERM.finditer(query):
        negate, operator, phrase, word = match.groups()
        if phrase is not None:
            value = phrase
        else:
            negate = "-" if word.startswith("-") else ""
            value = word.lstrip("-")
            name, colon, rest = value.partition(":")
            if colon and not negate and name.lower() in _OPERATORS:
                operator, value = name, rest
        if operator and negate:  # not supported: the words as written, excluded
            operator, value = None, f"{operator} {value}"
        if operator:
            operator = operator.lower().rstrip("s")  # authors: -> author:
            value = _clean(value)
            if operator in ("after", "before", "date"):
                span = _date_span(value)
                if span is not None:
                    start, end = span
                    if operator in ("after", "date"):
                        since = start if since is None else max(since, start)
                    bound = start if operator == "before" else end
                    if operator != "after" and bound is not None:
                        until = bound if until is None else min(until, bound)
                    continue
            elif _HAS_WORD.search(value):
                found[operator].append(value.lower() if operator == "source" else value)
                continue
            found[""].append(operator)  # malformed: the operator's name and value are words
        term = _clean(value)
        if _HAS_WORD.search(term):
            found[negate].append(term)
            if phrase is not None:
                quoted.add(term)
    cut = {key: tuple(terms[:_MAX_TERMS]) for key, terms in found.items()}
    return SearchQuery(
        include=cut[""],
        exclude=cut["-"],
        title=cut["title"],
        authors=cut["author"],
        sources=cut["source"],
        since=since,
        until=until,
        quoted=frozenset(t for t in quoted if t in cut[""] or t in cut["-"]),
    )


Variants = Callable[[str], list[str]]


def stem_variants(languages: list[str]) -> Variants:
    """For a plain term, its words stemmed in each of ``languages`` (a phrase of
    stems per language, duplicates dropped), after its words as written
    (lower-cased, what entries of no known language hold as stems)."""

    def variants(term: str) -> list[str]:
        tokens = words(term)
        if not tokens:
            return []
        forms = [" ".join(stem_words(tokens, None))]
        forms += (" ".join(stem_words(tokens, language)) for language in languages)
        return list(dict.fromkeys(forms))

    return variants


def _fts5_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _fts5_term(term: str, query: SearchQuery, variants: Variants | None) -> str:
    """A term: exact words, or (a plain term, with ``variants``) the words as
    written in any column or one of their stem forms in the title or body,
    their words or their stems (only the stems that differ from their word are
    stored: see :func:`tidings.text.stemming.new_stems`)."""
    if variants is None or term in query.quoted:
        return _fts5_string(term)
    stems = " OR ".join(
        f"{{title body title_stems body_stems}} : {_fts5_string(v)}" for v in variants(term)
    )
    return f"({_fts5_string(term)} OR {stems})" if stems else _fts5_string(term)


def fts5_match(query: SearchQuery, variants: Variants | None = None) -> str:
    """The FTS5 MATCH expression ("" when there is no text to find).

    Every term is an FTS5 string, so nothing in it is an operator; column
    filters are written here (``title : "x"``), never taken from the user.
    Without ``variants`` every term is exact words; with them, plain terms
    also match their stems (see :func:`stem_variants`).
    """
    parts = [_fts5_term(term, query, variants) for term in query.include]
    parts += [f"title : {_fts5_string(term)}" for term in query.title]
    parts += [f"authors : {_fts5_string(term)}" for term in query.authors]
    if not parts:
        return ""
    expression = " AND ".join(parts)
    if query.exclude:
        expression = f"({expression})" + "".join(
            f" NOT {_fts5_term(t, query, variants)}" for t in query.exclude
        )
    return expression


def fts5_any(terms: tuple[str, ...], query: SearchQuery, variants: Variants | None) -> str:
    """An FTS5 expression matching entries with any of ``terms``."""
    return " OR ".join(_fts5_term(t, query, variants) for t in terms)


def _quoted(terms: tuple[str, ...]) -> str:
    return " ".join(f'"{term}"' for term in terms)


def websearch_text(query: SearchQuery) -> str:
    """Text for websearch_to_tsquery over the whole document: every term quoted
    (so ``or`` is a word, not OR); column terms are in it too, as they must be
    in the document as well (that lets the GIN index narrow the rows first)."""
    parts = [_quoted(query.include), _quoted(query.title), _quoted(query.authors)]
    parts.append(" ".join(f'-"{term}"' for term in query.exclude))
    return " ".join(part for part in parts if part)


def search_entries(
    conn: Connection, query: str, *, user_id: int | None = None, limit: int = 20
) -> list[SearchHit]:
    """Entries matching ``query`` (syntax: see the module), best first, or newest
    first when the query has operators and no words; only the user's feeds when
    ``user_id`` is given."""
    parsed = parse_query(query)
    if parsed.empty or limit <= 0:
        return []
    sqlite = conn.dialect.name == "sqlite"
    scoped = user_id is not None
    params: dict[str, Any] = {"user_id": user_id, "limit": limit}
    filters = _filters(parsed, params, scoped=scoped, sqlite=sqlite)
    plain = [t for t in (*parsed.include, *parsed.exclude) if t not in parsed.quoted]
    # One small query, only when a plain word is to be stemmed.
    variants = stem_variants(indexed_languages(conn) if plain else [])
    if not parsed.has_text:
        if parsed.exclude:
            if sqlite:
                params["exclude"] = fts5_any(parsed.exclude, parsed, variants)
                filters.append(_SQLITE_EXCLUDE)
            else:
                matches = [
                    _pg_term(t, parsed, variants, params, f"x{i}", alias="x")
                    for i, t in enumerate(parsed.exclude)
                ]
                filters.append(_POSTGRES_EXCLUDE.format(any=" OR ".join(matches)))
        rows = conn.execute(_latest_query(scoped, filters, sqlite=sqlite), params)
        return [_hit(row, lead=True) for row in rows]
    if sqlite:
        params["match"] = fts5_match(parsed, variants)
        statement = _sqlite_query(scoped, filters)
    else:
        statement = _postgres_statement(parsed, variants, params, scoped, filters)
    rows = conn.execute(statement, params).all()
    if plain and rows:
        stemmed = _stem_matcher(parsed, plain, indexed_languages(conn))
        return [_hit(row, matches=stemmed) for row in rows]
    return [_hit(row) for row in rows]


# Only entries with none of the excluded terms (when there is no text to find).
_SQLITE_EXCLUDE = "e.id NOT IN (SELECT rowid FROM entry_search WHERE entry_search MATCH :exclude)"
_POSTGRES_EXCLUDE = "NOT EXISTS (SELECT 1 FROM entry_search x WHERE x.entry_id = e.id AND ({any}))"


def _pg_term(
    term: str,
    query: SearchQuery,
    variants: Variants,
    params: dict[str, Any],
    name: str,
    *,
    alias: str = "es",
) -> str:
    """A condition on ``alias`` (an entry_search row) true when it holds ``term``:
    its exact words in the document, or (a plain term) one of its stem forms in
    the stems or the document (a stem equal to its word is stored only as the
    word). Values are bound parameters named after ``name``."""
    params[name] = term
    exact = f"{alias}.document @@ phraseto_tsquery('simple', :{name})"
    forms = [] if term in query.quoted else variants(term)
    if not forms:
        return exact
    for j, form in enumerate(forms):
        params[f"{name}_{j}"] = form
    stems = " || ".join(f"phraseto_tsquery('simple', :{name}_{j})" for j in range(len(forms)))
    return f"({exact} OR {alias}.stems @@ ({stems}) OR {alias}.document @@ ({stems}))"


def _postgres_statement(
    parsed: SearchQuery,
    variants: Variants,
    params: dict[str, Any],
    scoped: bool,
    filters: list[str],
) -> Any:
    """The PostgreSQL search: exact terms through ``websearch_to_tsquery`` on the
    document (as before stemming), each plain word through :func:`_pg_term`."""
    exact = SearchQuery(
        include=tuple(t for t in parsed.include if t in parsed.quoted),
        title=parsed.title,
        authors=parsed.authors,
    )
    matches: list[str] = []
    params["query"] = websearch_text(exact)
    if exact.has_text:
        matches.append("es.document @@ q.query")
    # What ts_rank and ts_headline look for: the exact terms and the plain words as written.
    shown = ["websearch_to_tsquery('simple', :query)"] if exact.has_text else []
    stemmed: list[str] = []
    for i, term in enumerate(t for t in parsed.include if t not in parsed.quoted):
        matches.append(_pg_term(term, parsed, variants, params, f"w{i}"))
        shown.append(f"phraseto_tsquery('simple', :w{i})")
        stemmed += (f"phraseto_tsquery('simple', :w{i}_{j})" for j in range(len(variants(term))))
    for i, term in enumerate(parsed.exclude):
        filters.append(f"NOT {_pg_term(term, parsed, variants, params, f'x{i}')}")
    # The tsvector mixes the columns, so a column term is checked again on
    # that column alone: to_tsvector of the (short) title or authors text,
    # only for the rows the GIN index found for the whole query. That
    # re-parses a few dozen bytes per candidate, cheaper than ts_filter on
    # the stored vector, which would detoast the whole body.
    for column, terms in (("title", parsed.title), ("authors", parsed.authors)):
        if terms:
            params[f"{column}_query"] = _quoted(terms)
            filters.append(
                f"to_tsvector('simple', es.{column})"
                f" @@ websearch_to_tsquery('simple', :{column}_query)"
            )
    return _postgres_query(
        scoped,
        [*matches, *filters],
        shown=" || ".join(shown),
        stemmed=" || ".join(stemmed) if stemmed else None,
    )


def _filters(
    query: SearchQuery, params: dict[str, Any], *, scoped: bool, sqlite: bool
) -> list[str]:
    """SQL conditions on ``e`` (entries), ``f`` (feeds) and ``s`` (the subscription)
    for the source and date operators; their values go into ``params``."""
    filters: list[str] = []
    if query.sources:
        title, _ = _feed_title_join(scoped)
        url = "COALESCE(f.site_url, f.url)"
        if sqlite:
            rest = f"substr({url}, instr({url}, '://') + 3)"
            host = f"substr({rest}, 1, instr({rest} || '/', '/') - 1)"
        else:
            host = f"split_part(split_part({url}, '://', 2), '/', 1)"
        alternatives = []
        for i, source in enumerate(query.sources):
            pattern = "%" + re.sub(r"([!%_])", r"!\1", source) + "%"
            params[f"source_{i}"] = pattern
            alternatives.append(
                f"lower({title}) LIKE :source_{i} ESCAPE '!'"
                f" OR lower({host}) LIKE :source_{i} ESCAPE '!'"
            )
        filters.append("(" + " OR ".join(alternatives) + ")")
    if query.since is not None:
        params["since"] = query.since
        filters.append("e.sort_at >= :since")
    if query.until is not None:
        params["until"] = query.until
        filters.append("e.sort_at < :until")
    return filters


def _where(filters: list[str]) -> str:
    return "".join(f"\n          AND {condition}" for condition in filters)


def _columns(statement: str) -> Any:
    dates = [bindparam(name, type_=UTCDateTime()) for name in ("since", "until")]
    return (
        text(statement)
        .bindparams(*(b for b in dates if f":{b.key}" in statement))
        .columns(
            id=Integer,
            feed_id=Integer,
            title=Text,
            link=Text,
            sort_at=UTCDateTime(),
            feed_title=Text,
            snippet=Text,
            score=Float,
            body=Text,
        )
    )


def _feed_title_join(scoped: bool) -> tuple[str, str]:
    if scoped:
        return (
            "COALESCE(s.title, f.title)",
            "JOIN subscriptions s ON s.feed_id = e.feed_id AND s.user_id = :user_id",
        )
    return ("f.title", "")


def _sqlite_query(scoped: bool, filters: list[str]) -> Any:
    feed_title, join = _feed_title_join(scoped)
    # Ranked first, then a snippet and the body for the page of hits only: SQLite
    # computes a query's columns for every match before it sorts, and a snippet for
    # each of 100,000 entries holding a common word took seconds (4.2 s -> 0.35 s).
    return _columns(
        f"""
        WITH hits AS MATERIALIZED (
            SELECT e.id AS id, -bm25(entry_search, 10.0, 5.0, 1.0) AS score
            FROM entry_search
            JOIN entries e ON e.id = entry_search.rowid
            JOIN feeds f ON f.id = e.feed_id
            {join}
            WHERE entry_search MATCH :match{_where(filters)}
            ORDER BY score DESC, e.id DESC
            LIMIT :limit
        )
        SELECT e.id, e.feed_id, e.title, e.link, e.sort_at, {feed_title} AS feed_title,
               snippet(entry_search, 2, '', '', '…', {_SNIPPET_TOKENS}) AS snippet,
               hits.score AS score, entry_search.body AS body
        FROM hits
        JOIN entry_search ON entry_search.rowid = hits.id
        JOIN entries e ON e.id = hits.id
        JOIN feeds f ON f.id = e.feed_id
        {join}
        WHERE entry_search MATCH :match
        ORDER BY hits.score DESC, e.id DESC
        """
    )


def _postgres_query(scoped: bool, conditions: list[str], *, shown: str, stemmed: str | None) -> Any:
    feed_title, join = _feed_title_join(scoped)
    rank = "ts_rank(es.document, q.shown)"
    if stemmed is not None:
        rank += " + ts_rank(es.stems, q.stemmed)"
    where = " AND ".join(conditions)
    return _columns(
        f"""
        WITH q AS (SELECT {shown} AS shown, {stemmed or "NULL::tsquery"} AS stemmed,
                          websearch_to_tsquery('simple', :query) AS query),
        hits AS (
            SELECT es.entry_id, {rank} AS score
            FROM entry_search es
            CROSS JOIN q
            JOIN entries e ON e.id = es.entry_id
            JOIN feeds f ON f.id = e.feed_id
            {join}
            WHERE {where}
            ORDER BY score DESC, es.entry_id DESC
            LIMIT :limit
        )
        SELECT e.id, e.feed_id, e.title, e.link, e.sort_at, {feed_title} AS feed_title,
               ts_headline('simple', es.body, q.shown,
                           'StartSel="", StopSel="", MaxWords={_SNIPPET_TOKENS},
                            MinWords={_SNIPPET_TOKENS // 2}, MaxFragments=1,
                            FragmentDelimiter=" … "') AS snippet,
               hits.score, es.body AS body
        FROM hits
        CROSS JOIN q
        JOIN entry_search es ON es.entry_id = hits.entry_id
        JOIN entries e ON e.id = hits.entry_id
        JOIN feeds f ON f.id = e.feed_id
        {join}
        ORDER BY hits.score DESC, e.id DESC
        """
    )


def _latest_query(scoped: bool, filters: list[str], *, sqlite: bool) -> Any:
    """Operators with no words: the matching entries, newest first; the snippet
    is the start of the indexed body."""
    feed_title, join = _feed_title_join(scoped)
    search_join = "es.rowid = e.id" if sqlite else "es.entry_id = e.id"
    lead = "substr(es.body, 1, 600)" if sqlite else "left(es.body, 600)"
    return _columns(
        f"""
        SELECT e.id, e.feed_id, e.title, e.link, e.sort_at, {feed_title} AS feed_title,
               {lead} AS snippet, 0.0 AS score, NULL AS body
        FROM entries e
        JOIN feeds f ON f.id = e.feed_id
        {join}
        LEFT JOIN entry_search es ON {search_join}
        WHERE 1 = 1{_where(filters)}
        ORDER BY e.sort_at DESC, e.id DESC
        LIMIT :limit
        """
    )


def _lead(body: str) -> str:
    words = squeeze(body).split(" ")
    if len(words) <= _SNIPPET_TOKENS:
        return " ".join(words)
    return " ".join(words[:_SNIPPET_TOKENS]) + "…"


def _stem_matcher(
    query: SearchQuery, plain: list[str], languages: list[str]
) -> Callable[[str], bool]:
    """Whether a (lower-cased) word of an entry is one of the included plain terms'
    words or has one of their stems in one of ``languages``."""
    included = [t for t in plain if t in query.include]
    targets: set[str] = set()
    for term in included:
        tokens = words(term)
        targets.update(tokens)
        targets.update(stem_words(tokens, None))
        for language in languages:
            targets.update(stem_words(tokens, language))
    stemmers = [stem for stem in map(stemmer_for, languages) if stem is not None]

    def matches(word: str) -> bool:
        return word in targets or any(stem(word) in targets for stem in stemmers)

    return matches


def _stem_snippet(body: str, snippet: str, matches: Callable[[str], bool]) -> str:
    """The engine's snippet, unless none of its words is a term or a form of one (the
    entry matched through a stem only, which the engines' snippets do not see): then
    the words of ``body`` around the first that is."""
    if any(matches(w) for w in words(snippet)):
        return snippet
    tokens = squeeze(body).split(" ")
    for i, token in enumerate(tokens):
        if any(matches(w) for w in words(token)):
            start = max(0, i - _SNIPPET_TOKENS // 3)
            end = start + _SNIPPET_TOKENS
            text = " ".join(tokens[start:end])
            return ("…" if start else "") + text + ("…" if end < len(tokens) else "")
    return snippet


def _hit(
    row: Any, *, lead: bool = False, matches: Callable[[str], bool] | None = None
) -> SearchHit:
    snippet = _lead(row.snippet or "") if lead else squeeze(row.snippet or "")
    if matches is not None and row.body:
        snippet = _stem_snippet(row.body, snippet, matches)
    return SearchHit(
        entry_id=row.id,
        feed_id=row.feed_id,
        title=row.title,
        link=row.link,
        snippet=snippet,
        score=float(row.score or 0.0),
        sort_at=row.sort_at,
        feed_title=row.feed_title,
    )
