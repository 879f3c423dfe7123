"""Full text and site rules, as a user (or the CLI, as the admin) acts on them."""

from __future__ import annotations

import asyncio
import mimetypes
from datetime import datetime
from pathlib import Path

from tidings.content.extract.article import count_words
from tidings.content.fulltext import extract_bytes, extract_pending, extract_url, host_of
from tidings.content.pages import check_selector, declared_not_html
from tidings.errors import InvalidSiteRuleError, TidingsError
from tidings.settings import Settings
from tidings.store import Database
from tidings.store import articles as store
from tidings.types import ArticleRecord, ArticleStatus, SiteRule

__all__ = [
    "extract_pending",
    "extract_source",
    "list_site_rules",
    "normalise_host",
    "remove_site_rule",
    "set_site_rule",
]


def normalise_host(host: str) -> str:
    """``host`` as rules are keyed: lower case, no scheme, path, port or trailing dot."""
    value = host.strip()
    if "://" in value:
        value = host_of(value) or ""
    value = value.split("/", 1)[0].split(":", 1)[0].lower().rstrip(".")
    if not value or " " in value or "." not in value and value != "localhost":
        raise InvalidSiteRuleError(f"{host!r} is not a host name (for example news.example.com).")
    return value


def set_site_rule(
    db: Database,
    host: str,
    *,
    keep_selector: str | None,
    drop_selector: str | None,
    user_id: int | None,
    now: datetime,
) -> SiteRule:
    """Create or replace the rule for a host; at least one valid CSS selector is needed."""
    keep = (keep_selector or "").strip() or None
    drop = (drop_selector or "").strip() or None
    if keep is None and drop is None:
        raise InvalidSiteRuleError(
            "A site rule needs a selector to keep (--keep) or to drop (--drop)."
        )
    for name, selector in (("keep", keep), ("drop", drop)):
        if selector is not None and (problem := check_selector(selector)) is not None:
            raise InvalidSiteRuleError(
                f"The {name} selector {selector!r} is not valid CSS: {problem}."
            )
    with db.transaction() as conn:
        return store.set_site_rule(
            conn,
            normalise_host(host),
            keep_selector=keep,
            drop_selector=drop,
            user_id=user_id,
            now=now,
        )


def list_site_rules(db: Database) -> list[SiteRule]:
    with db.connect() as conn:
        return store.list_site_rules(conn)


def remove_site_rule(db: Database, host: str) -> None:
    with db.transaction() as conn:
        store.remove_site_rule(conn, normalise_host(host))


async def extract_source(
    source: str, settings: Settings, *, db: Database | None = None, now: datetime
) -> ArticleRecord:
    """What Tidings makes of one page: an http(s) URL (fetched safely) or a file on disk.

    Pages (a URL, an .html file) go through :func:`tidings.content.pages.extract_page`
    like every page ingestion fetches; text documents (Markdown, plain text,
    subtitles, JSON transcripts) through the documents reader.
    """
    if source.startswith(("http://", "https://")):
        return await extract_url(db, settings, source, now=now)
    body = await asyncio.to_thread(_read_file, Path(source), settings.max_body_bytes)
    content_type, _ = mimetypes.guess_type(source)
    if _is_text_document(content_type, source):
        return _read_text_document(body, source, content_type, now)
    return extract_bytes(body, url=None, content_type=content_type, now=now)


_DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt", ".vtt", ".srt", ".json")


def _is_text_document(content_type: str | None, source: str) -> bool:
    """Markdown, plain text, subtitles, JSON transcripts: read as documents, not pages."""
    if source.lower().endswith(_DOCUMENT_SUFFIXES):
        return True
    return declared_not_html(content_type) is not None and (content_type or "").startswith("text/")


def _read_text_document(
    body: bytes, source: str, content_type: str | None, now: datetime
) -> ArticleRecord:
    """A text document file, through the documents reader (tidings.content.documents)."""
    from tidings.content.documents import DocumentError, read_document

    try:
        doc = read_document(body, filename=Path(source).name, content_type=content_type)
    except DocumentError as exc:
        return ArticleRecord(0, ArticleStatus.NO_ARTICLE, reason=str(exc), extracted_at=now)
    words, minutes = count_words(doc.text)
    if not words:
        reason = "the document holds no readable text"
        return ArticleRecord(0, ArticleStatus.NO_ARTICLE, reason=reason, extracted_at=now)
    return ArticleRecord(
        entry_id=0,
        status=ArticleStatus.OK,
        source="document",
        html=doc.html,
        text=doc.text,
        word_count=words,
        reading_minutes=minutes,
        title=doc.title,
        authors=doc.authors,
        published=doc.published,
        site_name=doc.publisher,
        language=doc.language,
        extracted_at=now,
    )


def _read_file(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as handle:
            body = handle.read(limit + 1)
    except OSError as exc:
        raise TidingsError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if len(body) > limit:
        raise TidingsError(
            f"{path} is larger than the limit of {limit:,} bytes (TIDINGS_MAX_BODY_BYTES)."
        )
    return body
