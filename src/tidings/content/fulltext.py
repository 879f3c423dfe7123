"""Background full-text extraction: after ingestion, fetch the article pages entries need.

:func:`extract_pending` runs one round: it picks due entries from the store
(one query), decides which need their page (the feed carries only a summary,
or the feed is set to always fetch it), fetches those pages concurrently
through the same :class:`~tidings.ingest.fetch.Fetcher` feeds use (address
policy, size cap, per-host limits), extracts each on a worker thread with
:func:`tidings.content.pages.extract_page` (the function ``tidings extract``
calls), and stores the batch in one transaction. A failure becomes the
entry's status and reason, never an exception: the entry keeps its feed
content, and transient failures are retried with backoff.

After storing, the lines each site repeats across its pages are learned
again from its latest pages (:func:`tidings.content.extract.learn_site_lines`)
and merged into the lines already known, newest first, bounded.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from html import escape
from time import perf_counter

from yarl import URL

from tidings.clock import utcnow
from tidings.content.extract import ExtractedArticle, learn_site_lines
from tidings.content.extract.article import count_words
from tidings.content.pages import (
    SHORT_CONTENT_WORDS,
    caption_tracks,
    extract_page,
    feed_text_is_short,
)
from tidings.content.transcripts import (
    decode_text,
    machine_made,
    transcript_problem,
    transcript_to_text,
)
from tidings.errors import (
    BlockedAddressError,
    FetchError,
    HTTPStatusError,
    ResponseTooLargeError,
    UnsafeURLError,
)
from tidings.ingest.fetch import HTML_ACCEPT, Fetcher
from tidings.settings import Settings
from tidings.store import Database
from tidings.store import articles as store
from tidings.types import (
    ArticleRecord,
    ArticleStatus,
    ExtractionCandidate,
    ExtractionResult,
    ExtractionSummary,
    SiteRule,
    TranscriptLink,
)

log = logging.getLogger(__name__)

__all__ = ["extract_bytes", "extract_page", "extract_pending", "extract_url", "host_of"]

# Entries taken per round (the rest wait for the next round).
DEFAULT_LIMIT = 50
# Only entries first seen this recently: upgrading never fetches years of archives.
LOOKBACK = timedelta(days=3)
# Tries per entry; then its status stays as it is.
MAX_ATTEMPTS = 4
# First retry after this; each later one waits four times longer (1 h, 4 h, 16 h).
RETRY_AFTER = timedelta(hours=1)
# Article pages are smaller than feeds can be; a larger body is refused while read.
MAX_PAGE_BYTES = 5 * 1024 * 1024
# Extraction is CPU work: at most this many pages at once on worker threads.
EXTRACT_THREADS = 2
# Pages fetched at once (the Fetcher also bounds connections, globally and per host).
CONCURRENT_FETCHES = 16

# Outcomes worth trying again later: the page may change or the network recover.
_RETRIED = frozenset(
    [ArticleStatus.FETCH_FAILED, ArticleStatus.NO_ARTICLE, ArticleStatus.LOGIN_WALL]
)


@dataclass(frozen=True, slots=True)
class _Context:
    rules: dict[str, SiteRule]
    lines: dict[str, frozenset[str]]
    extract_slots: asyncio.Semaphore
    fetch_slots: asyncio.Semaphore
    max_bytes: int


def _context(
    settings: Settings, rules: dict[str, SiteRule], lines: dict[str, frozenset[str]]
) -> _Context:
    return _Context(
        rules,
        lines,
        asyncio.Semaphore(EXTRACT_THREADS),
        asyncio.Semaphore(CONCURRENT_FETCHES),
        min(MAX_PAGE_BYTES, settings.max_body_bytes),
    )


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = URL(url).host
    except (ValueError, TypeError):
        return None
    return host.lower().rstrip(".") if host else None


async def extract_pending(
    db: Database,
    settings: Settings,
    *,
    limit: int = DEFAULT_LIMIT,
    fetcher: Fetcher | None = None,
    clock: Callable[[], datetime] = utcnow,
    stop: asyncio.Event | None = None,
) -> ExtractionSummary:
    """Run one extraction round over at most ``limit`` entries that need their page."""
    started = perf_counter()
    now = clock()
    # Database reads on a thread: the worker's refresh shares this event loop.
    candidates = await asyncio.to_thread(_candidates, db, now, limit)
    to_fetch: list[ExtractionCandidate] = []
    records: list[ArticleRecord] = []
    for candidate in candidates:
        if needs_page(candidate):
            if len(to_fetch) < limit:
                to_fetch.append(candidate)
        elif candidate.status is None or candidate.status is ArticleStatus.NOT_NEEDED:
            # Never looked at, or looked at again after the feed changed it.
            records.append(
                ArticleRecord(
                    candidate.entry_id, ArticleStatus.NOT_NEEDED, extracted_at=now, attempts=0
                )
            )
    not_needed = len(records)

    if to_fetch:
        hosts = {h for c in to_fetch if (h := host_of(c.link))}
        rules, lines = await asyncio.to_thread(_site_knowledge, db, hosts)
        ctx = _context(settings, rules, lines)
        if fetcher is None:
            async with Fetcher(settings) as own:
                fetched = await _extract_all(own, to_fetch, ctx, now, stop)
        else:
            fetched = await _extract_all(fetcher, to_fetch, ctx, now, stop)
        records.extend(fetched)

    if records:
        # A stale article whose new extraction failed is kept: only its next try is stored.
        readable = {c.entry_id for c in to_fetch if c.status is ArticleStatus.OK}
        await asyncio.to_thread(_store_round, db, records, now, readable)
    results = tuple(
        ExtractionResult(
            r.entry_id,
            r.fetched_url,
            r.status,
            r.reason,
            r.word_count,
        )
        for r in records
        if r.status is not ArticleStatus.NOT_NEEDED
    )
    if records:
        log.info(
            "full text: looked at %d entries, %d fetched (%d ok), %d carry their full text",
            len(candidates),
            len(results),
            sum(r.status is ArticleStatus.OK for r in results),
            not_needed,
        )
    return ExtractionSummary(
        looked_at=len(candidates),
        fetched=len(results),
        ok=sum(r.status is ArticleStatus.OK for r in results),
        failed=sum(r.status is not ArticleStatus.OK for r in results),
        not_needed=not_needed,
        seconds=perf_counter() - started,
        results=results,
    )


def _candidates(db: Database, now: datetime, limit: int) -> list[ExtractionCandidate]:
    with db.connect() as conn:
        # Some candidates turn out to carry their full text already: look at more.
        return store.entries_needing_extraction(
            conn, now, since=now - LOOKBACK, limit=limit * 4, max_attempts=MAX_ATTEMPTS
        )


def _site_knowledge(
    db: Database, hosts: set[str]
) -> tuple[dict[str, SiteRule], dict[str, frozenset[str]]]:
    """The rules and learned lines of these hosts."""
    with db.connect() as conn:
        rules = store.site_rules_for(conn, hosts)
        lines = {h: frozenset(v) for h, v in store.site_lines_for(conn, hosts).items()}
    return rules, lines


def needs_page(candidate: ExtractionCandidate) -> bool:
    """Whether to fetch anything for this entry: its article page or its transcript."""
    if candidate.status is not None and candidate.status is not ArticleStatus.NOT_NEEDED:
        return True  # a due retry
    return bool(candidate.transcripts) or _wants_article(candidate)


def _wants_article(candidate: ExtractionCandidate) -> bool:
    """A link, and a feed set to always fetch it or a feed text that is only a summary."""
    if not candidate.link:
        return False
    return candidate.always_fetch or feed_text_is_short(candidate.summary, candidate.content)


async def _extract_all(
    fetcher: Fetcher,
    candidates: Sequence[ExtractionCandidate],
    ctx: _Context,
    now: datetime,
    stop: asyncio.Event | None,
) -> list[ArticleRecord]:
    async def one(candidate: ExtractionCandidate) -> ArticleRecord | None:
        async with ctx.fetch_slots:
            if stop is not None and stop.is_set():
                return None  # not attempted; due again next round
            try:
                return await _extract_entry(fetcher, candidate, ctx, now)
            except Exception as exc:  # one bad entry never ends the round
                log.exception("extraction of entry %d failed", candidate.entry_id)
                return _failure(
                    candidate, now, ArticleStatus.FETCH_FAILED, f"internal error: {exc}"
                )

    done = await asyncio.gather(*(one(c) for c in candidates))
    return [r for r in done if r is not None]


async def _extract_entry(
    fetcher: Fetcher, candidate: ExtractionCandidate, ctx: _Context, now: datetime
) -> ArticleRecord:
    # The article page first (when the feed's text is short); a transcript
    # when there is no better full text.
    page: ArticleRecord | None = None
    if candidate.link and (_wants_article(candidate) or not candidate.transcripts):
        page = await _from_page(fetcher, candidate, ctx, now)
        if page.ok:
            return page
    if candidate.transcripts:
        links = [(link, None) for link in candidate.transcripts]
        transcript = await _first_readable(fetcher, candidate, links, ctx, now)
        if transcript.ok or page is None:
            return transcript
    assert page is not None
    return page


async def _from_page(
    fetcher: Fetcher, candidate: ExtractionCandidate, ctx: _Context, now: datetime
) -> ArticleRecord:
    url = candidate.link
    assert url is not None
    try:
        result = await fetcher.fetch(url, accept=HTML_ACCEPT, max_bytes=ctx.max_bytes)
    except BlockedAddressError as exc:
        return _failure(candidate, now, ArticleStatus.BLOCKED, str(exc), url=url)
    except UnsafeURLError as exc:
        return _failure(candidate, now, ArticleStatus.BLOCKED, str(exc), url=url)
    except ResponseTooLargeError:
        return _failure(
            candidate,
            now,
            ArticleStatus.TOO_LARGE,
            f"the page is larger than the limit of {_size(ctx.max_bytes)}",
            url=url,
        )
    except HTTPStatusError as exc:
        status = ArticleStatus.LOGIN_WALL if exc.status == 401 else ArticleStatus.FETCH_FAILED
        return _failure(candidate, now, status, str(exc), url=url)
    except FetchError as exc:
        return _failure(candidate, now, ArticleStatus.FETCH_FAILED, str(exc), url=url)
    final_url = result.url
    host = host_of(final_url)
    rule = ctx.rules.get(host or "") or ctx.rules.get(host_of(url) or "")
    body = result.body or b""
    async with ctx.extract_slots:
        article = await asyncio.to_thread(
            extract_page,
            body,
            url=final_url,
            content_type=result.content_type,
            rule=rule,
            site_lines=ctx.lines.get(host or "", frozenset()),
        )
    record = article_record(candidate, article, now, url=final_url, host=host)
    if record.ok and record.word_count >= SHORT_CONTENT_WORDS:
        return record
    # A video page: little or no article, and captions (<track>) to read instead.
    tracks = caption_tracks(body, url=final_url)
    if not tracks:
        return record
    links = [(track.link, track.label) for track in tracks]
    captions = await _first_readable(fetcher, candidate, links, ctx, now)
    if captions.ok:
        return replace(
            captions,
            title=article.title,
            site_name=article.site_name,
            lead_image=article.lead_image,
            canonical_url=article.canonical_url,
        )
    if record.ok:
        return record
    return replace(captions, reason=f"{record.reason}; its captions: {captions.reason}")


# Transcript links tried per entry, in the order given, until one reads: a feed may
# list a format we cannot read (SMIL, TTML) or a dead address before a good one.
MAX_TRANSCRIPT_TRIES = 3


async def _first_readable(
    fetcher: Fetcher,
    candidate: ExtractionCandidate,
    links: list[tuple[TranscriptLink, str | None]],
    ctx: _Context,
    now: datetime,
) -> ArticleRecord:
    """The first of ``links`` (with their player labels) that reads as a transcript;
    when none does, the first one's failure, naming why each failed."""
    failures: list[ArticleRecord] = []
    for link, label in links[:MAX_TRANSCRIPT_TRIES]:
        record = await _from_transcript(fetcher, candidate, link, ctx, now, label=label)
        if record.ok:
            return record
        failures.append(record)
    if len(failures) == 1:
        return failures[0]
    reasons = "; ".join(f"{f.fetched_url}: {f.reason}" for f in failures)
    return replace(failures[0], reason=f"no transcript could be read ({reasons})")


async def _from_transcript(
    fetcher: Fetcher,
    candidate: ExtractionCandidate,
    link: TranscriptLink,
    ctx: _Context,
    now: datetime,
    *,
    label: str | None = None,
) -> ArticleRecord:
    """The transcript's or captions' plain text as the article text.

    Source "auto-transcript" when the file or its link says it is speech
    recognition output (:func:`tidings.content.transcripts.machine_made`),
    else "transcript". A body that is no transcript (an image, a binary
    file, too large) is refused with a reason and nothing is kept.
    """
    try:
        result = await fetcher.fetch(link.url, accept=_CAPTIONS_ACCEPT, max_bytes=ctx.max_bytes)
    except UnsafeURLError as exc:
        return _failure(candidate, now, ArticleStatus.BLOCKED, str(exc), url=link.url)
    except ResponseTooLargeError:
        reason = f"the transcript is larger than the limit of {_size(ctx.max_bytes)}"
        return _failure(candidate, now, ArticleStatus.TOO_LARGE, reason, url=link.url)
    except FetchError as exc:
        reason = f"the transcript could not be fetched: {exc}"
        return _failure(candidate, now, ArticleStatus.FETCH_FAILED, reason, url=link.url)
    body = result.body or b""
    problem = transcript_problem(body, result.content_type)
    if problem is not None:
        status = ArticleStatus.BINARY if "binary" in problem else ArticleStatus.NOT_HTML
        if problem == "the transcript is empty":
            status = ArticleStatus.NO_ARTICLE
        return _failure(candidate, now, status, problem, url=result.url)
    async with ctx.extract_slots:
        try:
            text, machine = await asyncio.to_thread(
                _read_transcript, body, result.content_type or link.type, result.url, label
            )
        except Exception:  # one bad file must not end the round
            log.exception("transcript of entry %d could not be read", candidate.entry_id)
            text, machine = "", False
    if not text.strip():
        reason = "the transcript holds no readable text"
        return _failure(candidate, now, ArticleStatus.NO_ARTICLE, reason, url=result.url)
    words, minutes = count_words(text)
    paragraphs = [p for p in text.split("\n\n") if p]
    return ArticleRecord(
        entry_id=candidate.entry_id,
        status=ArticleStatus.OK,
        source="auto-transcript" if machine else "transcript",
        host=host_of(result.url),
        html="\n".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs),
        text=text,
        word_count=words,
        reading_minutes=minutes,
        language=link.language,
        fetched_url=result.url,
        extracted_at=now,
        attempts=candidate.attempts + 1,
    )


# Caption files are served as text/vtt, application/x-subrip, text/plain or octet-stream.
_CAPTIONS_ACCEPT = "text/vtt, application/x-subrip, application/json;q=0.9, text/*;q=0.8, */*;q=0.5"


def _read_transcript(
    body: bytes, content_type: str | None, url: str | None, label: str | None
) -> tuple[str, bool]:
    """(plain text, whether the source says it is machine-made), on a worker thread."""
    text = transcript_to_text(body, content_type=content_type, url=url)
    if not text:
        return "", False
    head = decode_text(body[:200_000])
    return text, machine_made(head, url=url, label=label)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


async def extract_url(
    db: Database | None, settings: Settings, url: str, *, now: datetime | None = None
) -> ArticleRecord:
    """One page, fetched and extracted exactly as the background path does (``tidings extract``).

    The site's rule and learned lines are read from ``db`` when given. Failures
    come back as the record's status and reason, as they would for an entry.
    """
    now = now or utcnow()
    host = host_of(url)
    rules: dict[str, SiteRule] = {}
    lines: dict[str, frozenset[str]] = {}
    if db is not None and host:
        rules, lines = _site_knowledge(db, {host})
    candidate = ExtractionCandidate(
        entry_id=0, feed_id=0, link=url, summary=None, content=None, always_fetch=True
    )
    async with Fetcher(settings) as fetcher:
        return await _from_page(fetcher, candidate, _context(settings, rules, lines), now)


def extract_bytes(
    body: bytes, *, url: str | None, content_type: str | None, now: datetime | None = None
) -> ArticleRecord:
    """A page read from a file, through :func:`extract_page` like every fetched page."""
    candidate = ExtractionCandidate(
        entry_id=0, feed_id=0, link=url, summary=None, content=None, always_fetch=True
    )
    article = extract_page(body, url=url, content_type=content_type)
    return article_record(candidate, article, now or utcnow(), url=url, host=host_of(url))


def article_record(
    candidate: ExtractionCandidate,
    article: ExtractedArticle,
    now: datetime,
    *,
    url: str | None,
    host: str | None,
) -> ArticleRecord:
    status = article.status
    if status is not ArticleStatus.OK:
        return _failure(candidate, now, status, article.reason or "no article", url=url, host=host)
    return ArticleRecord(
        entry_id=candidate.entry_id,
        status=status,
        source="page",
        host=host,
        html=article.html,
        text=article.text,
        standfirst=article.standfirst,
        word_count=article.word_count,
        reading_minutes=article.reading_minutes,
        title=article.title,
        authors=article.authors,
        published=article.published,
        site_name=article.site_name,
        lead_image=article.lead_image,
        language=article.language,
        canonical_url=article.canonical_url,
        fetched_url=url,
        extracted_at=now,
        attempts=candidate.attempts + 1,
    )


def _failure(
    candidate: ExtractionCandidate,
    now: datetime,
    status: ArticleStatus,
    reason: str,
    *,
    url: str | None = None,
    host: str | None = None,
) -> ArticleRecord:
    attempts = candidate.attempts + 1
    retry = status in _RETRIED and attempts < MAX_ATTEMPTS
    return ArticleRecord(
        entry_id=candidate.entry_id,
        status=status,
        reason=reason,
        host=host,
        fetched_url=url,
        extracted_at=now,
        attempts=attempts,
        next_attempt_at=now + RETRY_AFTER * 4 ** (attempts - 1) if retry else None,
    )


def _store_round(
    db: Database,
    records: Sequence[ArticleRecord],
    now: datetime,
    readable: frozenset[int] | set[int] = frozenset(),
) -> None:
    """Store the round's outcomes, then learn the repeated lines of the hosts fetched.

    ``readable``: entries whose stored article is kept when their new outcome
    is a failure (a stale article tried again, issue 4).
    """
    hosts = {r.host for r in records if r.ok and r.source == "page" and r.host}
    kept = [r for r in records if not r.ok and r.entry_id in readable]
    with db.transaction() as conn:
        store.save_articles(conn, [r for r in records if r.ok or r.entry_id not in readable])
        store.reschedule_articles(conn, kept)
        if not hosts:
            return
        known = store.site_lines_for(conn, hosts)
        learned: dict[str, list[str]] = {}
        for host, texts in store.recent_texts(conn, hosts).items():
            new = learn_site_lines(texts)
            old = known.get(host, ())
            fresh = sorted(new.difference(old))
            if fresh:
                learned[host] = [*fresh, *old]
        store.save_site_lines(conn, learned, now)
