"""Extracted articles, site rules and learned site lines.

``entry_articles`` holds one row per entry the extractor looked at, beside the
entry (its feed content is never touched). :func:`save_articles` writes a
batch and, for articles whose text arrived, rewrites the entry's search
document so searching finds words that only the full text has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, or_, select

from tidings.errors import SiteRuleNotFoundError
from tidings.store import fulltext
from tidings.store.dialect import insert_for
from tidings.store.fulltext import SearchDocument
from tidings.store.tables import entries, entry_articles, feeds, site_lines, site_rules
from tidings.types import (
    ArticleRecord,
    ArticleStatus,
    ExtractionCandidate,
    SiteRule,
    TranscriptLink,
)

# A site's learned lines are capped: they are read before every page of the site.
MAX_SITE_LINES = 300
# Pages of one host read to learn its repeated lines.
LEARN_FROM_PAGES = 40

_STORED_FIELDS = tuple(c.name for c in entry_articles.columns if c.name != "entry_id")


def entries_needing_extraction(
    conn: Connection,
    now: datetime,
    *,
    since: datetime,
    limit: int,
    max_attempts: int,
) -> list[ExtractionCandidate]:
    """Entries first seen or changed since ``since`` whose article may need
    fetching, newest first.

    One query. Returned: entries never looked at (the caller decides whether
    their feed content is short), entries looked at as "not needed" whose feed
    is now set to always fetch the page, failed attempts that are due again
    with fewer than ``max_attempts`` tries, and entries whose article went
    stale when the feed changed the entry (:func:`mark_stale`). Entries of
    document sources are never returned; an entry needs a link or a transcript.
    """
    a = entry_articles
    # Any status: a failure due again, or (ok, not needed) an article made stale.
    retry_due = and_(
        a.c.attempts < max_attempts,
        a.c.next_attempt_at.is_not(None),
        a.c.next_attempt_at <= now,
    )
    query = (
        select(
            entries.c.id,
            entries.c.feed_id,
            entries.c.link,
            entries.c.summary,
            entries.c.content,
            entries.c.transcripts,
            entries.c.enclosures,
            feeds.c.always_fetch_full_text,
            a.c.status,
            a.c.attempts,
        )
        .select_from(
            entries.join(feeds, feeds.c.id == entries.c.feed_id).outerjoin(
                a, a.c.entry_id == entries.c.id
            )
        )
        .where(
            feeds.c.kind != "documents",
            feeds.c.disabled_at.is_(None),
            entries.c.last_changed_at >= since,  # first seen, or changed, lately
            or_(
                entries.c.link.is_not(None),
                entries.c.transcripts.is_not(None),
                entries.c.enclosures.is_not(None),  # a caption file among them
            ),
            or_(
                a.c.entry_id.is_(None),
                and_(a.c.status == ArticleStatus.NOT_NEEDED.value, feeds.c.always_fetch_full_text),
                retry_due,
            ),
        )
        .order_by(entries.c.id.desc())
        .limit(limit)
    )
    return [
        ExtractionCandidate(
            entry_id=row.id,
            feed_id=row.feed_id,
            link=row.link,
            summary=row.summary,
            content=row.content,
            always_fetch=bool(row.always_fetch_full_text),
            transcripts=_transcript_links(row.transcripts, row.enclosures),
            status=ArticleStatus(row.status) if row.status else None,
            attempts=row.attempts or 0,
        )
        for row in conn.execute(query)
    ]


_CAPTION_TYPES = frozenset(
    ["text/vtt", "application/x-subrip", "application/srt", "text/srt", "text/x-srt"]
)


def _transcript_links(transcripts: Any, enclosures: Any) -> tuple[TranscriptLink, ...]:
    """The entry's transcripts (podcast:transcript), then caption files among its
    enclosures (a WebVTT or SRT type, or a .vtt/.srt address)."""
    links = [
        TranscriptLink(url=t["url"], type=t.get("type"), language=t.get("language"))
        for t in transcripts or ()
        if isinstance(t, dict) and t.get("url")
    ]
    for e in enclosures or ():
        if not isinstance(e, dict) or not isinstance(e.get("url"), str):
            continue
        kind = (e.get("type") or "").split(";")[0].strip().lower()
        path = e["url"].split("?", 1)[0].lower()
        if kind in _CAPTION_TYPES or path.endswith((".vtt", ".srt")):
            links.append(TranscriptLink(url=e["url"], type=kind or None))
    return tuple(links)


def mark_stale(conn: Connection, entry_ids: Sequence[int], now: datetime) -> None:
    """The feed changed these entries: look at their articles again (one statement).

    The stored article stays as it is (readable, and in the search index) until
    a new extraction replaces it: only its schedule changes, so the next
    extraction round takes it (issue 4).
    A "not needed" outcome is decided again too (the feed's text may now be a
    summary).
    """
    if entry_ids:
        conn.execute(
            entry_articles.update()
            .where(entry_articles.c.entry_id.in_(list(entry_ids)))
            .values(next_attempt_at=now, attempts=0)
        )


def save_articles(conn: Connection, articles: Sequence[ArticleRecord]) -> int:
    """Store a batch of outcomes (insert or replace per entry); returns how many were stored.

    Entries deleted meanwhile are skipped. For each article with text, the
    entry's search document becomes its feed text plus the article text.
    Three statements whatever the batch size.
    """
    if not articles:
        return 0
    ids = list({a.entry_id for a in articles})
    present = set(conn.execute(select(entries.c.id).where(entries.c.id.in_(ids))).scalars())
    kept = {a.entry_id: a for a in articles if a.entry_id in present}  # last one wins
    if not kept:
        return 0
    values = [_row_values(a) for a in kept.values()]
    stmt = insert_for(conn, entry_articles)
    stmt = stmt.on_conflict_do_update(
        index_elements=[entry_articles.c.entry_id],
        set_={name: stmt.excluded[name] for name in _STORED_FIELDS},
    )
    conn.execute(stmt, values)
    with_text = [a.entry_id for a in kept.values() if a.ok and a.text]
    fulltext.index_entries(conn, documents_of(conn, with_text))
    return len(kept)


def reschedule_articles(conn: Connection, articles: Sequence[ArticleRecord]) -> None:
    """Store only the tries and the next try of these outcomes (one statement).

    For a failed re-extraction of a stale article: the article stored stays
    readable, and is tried again as the failure's schedule says.
    """
    if articles:
        conn.execute(
            entry_articles.update()
            .where(entry_articles.c.entry_id == bindparam("id"))
            .values(attempts=bindparam("tries"), next_attempt_at=bindparam("due")),
            [{"id": a.entry_id, "tries": a.attempts, "due": a.next_attempt_at} for a in articles],
        )


def documents_of(conn: Connection, entry_ids: Sequence[int]) -> list[tuple[int, SearchDocument]]:
    """The search documents of stored entries: their feed text plus their extracted
    article's, in the article's language, else the entry's, else its feed's (one query)."""
    if not entry_ids:
        return []
    a = entry_articles
    rows = conn.execute(
        select(
            entries.c.id,
            entries.c.title,
            entries.c.authors,
            entries.c.summary,
            entries.c.content,
            entries.c.language,
            feeds.c.language.label("feed_language"),
            a.c.text.label("article_text"),
            a.c.language.label("article_language"),
        )
        .select_from(
            entries.join(feeds, feeds.c.id == entries.c.feed_id).outerjoin(
                a, and_(a.c.entry_id == entries.c.id, a.c.status == ArticleStatus.OK.value)
            )
        )
        .where(entries.c.id.in_(list(entry_ids)))
        .order_by(entries.c.id)
    )
    documents = []
    for row in rows:
        title, authors, body = fulltext.search_document(
            row.title, row.authors or [], row.summary, row.content
        )
        if row.article_text:
            body = _with_article(body, row.article_text)
        language = row.article_language or row.language or row.feed_language
        documents.append((row.id, fulltext.stemmed(title, authors, body, language)))
    return documents


def with_article_texts(
    conn: Connection,
    documents: Sequence[tuple[int, SearchDocument]],
    entry_ids: Sequence[int],
) -> list[tuple[int, SearchDocument]]:
    """Search documents with the extracted text of those of ``entry_ids`` that have one.

    Used by the refresh write path when entries change, so that a feed update
    does not drop the full text from the index (one query; the stems of those
    few documents are computed again here).
    """
    texts = {
        row.entry_id: (row.text, row.language)
        for row in conn.execute(
            select(
                entry_articles.c.entry_id, entry_articles.c.text, entry_articles.c.language
            ).where(
                entry_articles.c.entry_id.in_(list(entry_ids)),
                entry_articles.c.status == ArticleStatus.OK.value,
            )
        )
        if row.text
    }
    if not texts:
        return list(documents)
    return [
        (
            entry_id,
            fulltext.with_body(
                doc, _with_article(doc.body, texts[entry_id][0]), texts[entry_id][1]
            ),
        )
        if entry_id in texts
        else (entry_id, doc)
        for entry_id, doc in documents
    ]


def _with_article(feed_body: str, article_text: str) -> str:
    """The feed's text, then the article's, unless the article already starts with it."""
    head = fulltext.squeeze(feed_body)[:200]
    if not head or head in fulltext.squeeze(article_text[:4000]):
        return article_text
    return f"{feed_body}\n{article_text}"


def _row_values(article: ArticleRecord) -> dict[str, Any]:
    return {
        "entry_id": article.entry_id,
        "status": article.status.value,
        "reason": _text(article.reason),
        "source": article.source,
        "host": article.host,
        "html": _text(article.html) or None,
        "text": _text(article.text) or None,
        "standfirst": _text(article.standfirst) or None,
        "word_count": article.word_count,
        "reading_minutes": article.reading_minutes,
        "title": _text(article.title),
        "authors": list(article.authors) or None,
        "published": article.published,
        "site_name": _text(article.site_name),
        "lead_image": _text(article.lead_image),
        "language": article.language[:35] if article.language else None,
        "canonical_url": _text(article.canonical_url),
        "fetched_url": _text(article.fetched_url),
        "extracted_at": article.extracted_at,
        "attempts": article.attempts,
        "next_attempt_at": article.next_attempt_at,
    }


def _text(value: str | None) -> str | None:
    """PostgreSQL text cannot hold NUL."""
    return value.replace("\x00", "") if value and "\x00" in value else value


def get_article(conn: Connection, entry_id: int) -> ArticleRecord | None:
    """What was extracted for an entry, or None when it was never looked at."""
    row = conn.execute(select(entry_articles).where(entry_articles.c.entry_id == entry_id)).first()
    return _record(row._mapping) if row is not None else None


def get_articles(conn: Connection, entry_ids: Iterable[int]) -> dict[int, ArticleRecord]:
    """Articles of several entries at once (for a list view): entry id -> article."""
    ids = list(entry_ids)
    if not ids:
        return {}
    rows = conn.execute(select(entry_articles).where(entry_articles.c.entry_id.in_(ids)))
    return {row.entry_id: _record(row._mapping) for row in rows}


def _record(m: Mapping[str, Any]) -> ArticleRecord:
    return ArticleRecord(
        entry_id=m["entry_id"],
        status=ArticleStatus(m["status"]),
        reason=m["reason"],
        source=m["source"],
        host=m["host"],
        html=m["html"] or "",
        text=m["text"] or "",
        standfirst=m["standfirst"] or "",
        word_count=m["word_count"],
        reading_minutes=m["reading_minutes"],
        title=m["title"],
        authors=tuple(m["authors"] or ()),
        published=m["published"],
        site_name=m["site_name"],
        lead_image=m["lead_image"],
        language=m["language"],
        canonical_url=m["canonical_url"],
        fetched_url=m["fetched_url"],
        extracted_at=m["extracted_at"],
        attempts=m["attempts"],
        next_attempt_at=m["next_attempt_at"],
    )


# --- site rules -------------------------------------------------------------------


def set_site_rule(
    conn: Connection,
    host: str,
    *,
    keep_selector: str | None,
    drop_selector: str | None,
    user_id: int | None,
    now: datetime,
) -> SiteRule:
    """Create or replace the rule for ``host`` (already normalised and validated)."""
    values = {
        "host": host,
        "keep_selector": keep_selector,
        "drop_selector": drop_selector,
        "updated_at": now,
        "updated_by": user_id,
    }
    stmt = insert_for(conn, site_rules).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[site_rules.c.host],
        set_={k: v for k, v in values.items() if k != "host"},
    )
    conn.execute(stmt)
    return SiteRule(host, keep_selector, drop_selector, now, user_id)


def list_site_rules(conn: Connection) -> list[SiteRule]:
    rows = conn.execute(select(site_rules).order_by(site_rules.c.host))
    return [_rule(row) for row in rows]


def site_rules_for(conn: Connection, hosts: Iterable[str]) -> dict[str, SiteRule]:
    hosts = list(set(hosts))
    if not hosts:
        return {}
    rows = conn.execute(select(site_rules).where(site_rules.c.host.in_(hosts)))
    return {row.host: _rule(row) for row in rows}


def remove_site_rule(conn: Connection, host: str) -> None:
    result = conn.execute(site_rules.delete().where(site_rules.c.host == host))
    if result.rowcount == 0:
        raise SiteRuleNotFoundError(f"There is no site rule for {host}.")


def _rule(row: Any) -> SiteRule:
    return SiteRule(
        host=row.host,
        keep_selector=row.keep_selector,
        drop_selector=row.drop_selector,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


# --- learned site lines -----------------------------------------------------------


def site_lines_for(conn: Connection, hosts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each host's learned line fingerprints, newest first."""
    hosts = list(set(hosts))
    if not hosts:
        return {}
    rows = conn.execute(
        select(site_lines.c.host, site_lines.c.fingerprints).where(site_lines.c.host.in_(hosts))
    )
    return {row.host: tuple(row.fingerprints or ()) for row in rows}


def recent_texts(
    conn: Connection, hosts: Iterable[str], *, per_host: int = LEARN_FROM_PAGES
) -> dict[str, list[str]]:
    """The plain texts of each host's latest extracted pages (one query)."""
    hosts = list(set(hosts))
    if not hosts:
        return {}
    # Rank ids first, then read only the texts wanted (a site may have thousands).
    ranked = (
        select(
            entry_articles.c.entry_id,
            func.row_number()
            .over(partition_by=entry_articles.c.host, order_by=entry_articles.c.entry_id.desc())
            .label("n"),
        )
        .where(
            entry_articles.c.host.in_(hosts),
            entry_articles.c.status == ArticleStatus.OK.value,
            entry_articles.c.source == "page",
        )
        .subquery()
    )
    query = (
        select(entry_articles.c.host, entry_articles.c.text)
        .join(ranked, ranked.c.entry_id == entry_articles.c.entry_id)
        .where(ranked.c.n <= per_host)
    )
    texts: dict[str, list[str]] = {}
    for row in conn.execute(query):
        texts.setdefault(row.host, []).append(row.text or "")
    return texts


def save_site_lines(conn: Connection, learned: Mapping[str, Sequence[str]], now: datetime) -> None:
    """Store each host's fingerprints (newest first), keeping at most MAX_SITE_LINES."""
    if not learned:
        return
    stmt = insert_for(conn, site_lines)
    stmt = stmt.on_conflict_do_update(
        index_elements=[site_lines.c.host],
        set_={"fingerprints": stmt.excluded.fingerprints, "updated_at": stmt.excluded.updated_at},
    )
    conn.execute(
        stmt,
        [
            {"host": host, "fingerprints": list(prints)[:MAX_SITE_LINES], "updated_at": now}
            for host, prints in learned.items()
        ],
    )
