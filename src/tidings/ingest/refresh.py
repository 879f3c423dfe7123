"""Refresh feeds: fetch -> parse -> decide -> process -> store, for one feed or thousands.

The one code path every caller uses (the CLI, the worker, the web app, a task
engine). Concurrency is split by the kind of work, the way datasette splits
reads and writes:

- the event loop does only network I/O (aiohttp, bounded globally and per host);
- parsing, and everything else that needs no write lock, runs on one thread:
  reading the stored hashes, deciding what changed, sanitising only those
  entries (``tidings.ingest.process``) and building their search text;
- writes run on one writer thread, because SQLite takes one writer at a time
  and a single writer keeps PostgreSQL simple too. It only runs SQL. Updates
  that are waiting together are written in one transaction (group commit); a
  feed's update is always all or nothing, and a failed group is retried feed
  by feed.

lxml, nh3 and sqlite3 release the GIL while they work, so the threads overlap.

Bounded queues between the stages keep memory flat however many feeds are due.
A failing feed never stops the others: every error, ours included, becomes that
feed's error message and its backoff.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from tidings.clock import utcnow
from tidings.errors import StorageError, TidingsError
from tidings.ingest.decide import FetchOutcome, plan_update
from tidings.ingest.fetch import FEED_ACCEPT, Fetcher
from tidings.ingest.parse import parse_feed
from tidings.ingest.process import clean_update
from tidings.ingest.schedule import SchedulePolicy
from tidings.settings import Settings
from tidings.store import Database
from tidings.store.feeds import apply_feed_update, existing_entry_hashes
from tidings.store.updates import with_search_documents
from tidings.types import FeedForUpdate, FeedUpdate, RefreshResult, RefreshStatus, RefreshSummary

log = logging.getLogger(__name__)

# Prepared updates waiting for the writer; bounds memory when the database is the bottleneck.
WRITE_QUEUE_SIZE = 64
# Updates written in one transaction when several are waiting (group commit). A
# commit per feed made 2,000 commits, and on SQLite 2,000 full-text segment
# flushes, per refresh; measured with py-spy, commits were most of the writer's time.
WRITE_BATCH = 32

Progress = Callable[[RefreshResult], None]


class InternalRefreshError(TidingsError):
    """A bug in Tidings hit while refreshing one feed; the others go on."""


async def fetch_outcome(
    feed: FeedForUpdate, fetcher: Fetcher, parse_pool: ThreadPoolExecutor
) -> FetchOutcome:
    """Fetch and parse one feed; every failure becomes the outcome's error."""
    try:
        fetched = await fetcher.fetch(
            feed.url,
            etag=None if feed.stale else feed.etag,
            last_modified=None if feed.stale else feed.last_modified,
            accept=FEED_ACCEPT,
        )
    except TidingsError as exc:
        return FetchOutcome(error=exc)
    except Exception as exc:  # a bug must not stop the other feeds
        log.exception("fetching %s failed unexpectedly", feed.url)
        return FetchOutcome(error=InternalRefreshError(f"Internal error while fetching: {exc!r}"))
    if fetched.not_modified or fetched.body is None:
        return FetchOutcome(fetch=fetched)
    loop = asyncio.get_running_loop()
    try:
        parsed = await loop.run_in_executor(
            parse_pool,
            lambda: parse_feed(fetched.body, url=fetched.url, content_type=fetched.content_type),
        )
    except TidingsError as exc:
        return FetchOutcome(fetch=fetched, error=exc)
    except Exception as exc:
        log.exception("parsing %s failed unexpectedly", fetched.url)
        return FetchOutcome(
            fetch=fetched, error=InternalRefreshError(f"Internal error while parsing: {exc!r}")
        )
    return FetchOutcome(fetch=fetched, parsed=parsed)


class FeedWriter:
    """Turns refresh outcomes into stored updates.

    :meth:`prepare` reads what is stored and decides, sanitises and builds
    search text: pure CPU work plus one read, run on the parse thread.
    :meth:`write` only writes, one transaction per feed, on the one writer
    thread, so the writer (SQLite's bottleneck) spends its time on SQL.
    """

    def __init__(
        self,
        db: Database,
        policy: SchedulePolicy,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self._db = db
        self._policy = policy
        self._clock = clock
        self._rng = rng

    def prepare(self, feed: FeedForUpdate, outcome: FetchOutcome) -> FeedUpdate:
        now = self._clock()
        existing: dict[str, str] = {}
        if outcome.parsed is not None:
            try:
                with self._db.connect() as conn:
                    existing = existing_entry_hashes(conn, feed.feed_id)
            except TidingsError as exc:
                return self._plan(feed, FetchOutcome(error=exc), {}, now)
        # Only the new and changed entries are sanitised, after the decide step.
        # (If another process stored some of them meanwhile, the store's upsert
        # still writes each entry once.)
        return with_search_documents(clean_update(self._plan(feed, outcome, existing, now)))

    def write_many(self, batch: Sequence[tuple[FeedForUpdate, FeedUpdate]]) -> list[RefreshResult]:
        """Write several feeds' updates in one transaction, each still all or nothing.

        If the shared transaction fails, it rolls back and every feed of the
        batch is written again in a transaction of its own, so one bad feed
        costs the others nothing.
        """
        if len(batch) > 1:
            try:
                with self._db.transaction() as conn:
                    for _, update in batch:
                        apply_feed_update(conn, update)
            except Exception:  # noqa: BLE001 - retried one by one below, with reasons
                log.info("a group write of %d feeds failed; writing them one by one", len(batch))
            else:
                return [_result(feed, update) for feed, update in batch]
        return [self.write(feed, update) for feed, update in batch]

    def write(self, feed: FeedForUpdate, update: FeedUpdate) -> RefreshResult:
        try:
            with self._db.transaction() as conn:
                apply_feed_update(conn, update)
        except TidingsError as exc:
            # The transaction rolled back: what was stored stays as it was.
            # Record why, in a transaction of its own.
            log.warning("storing feed %s failed: %s", feed.url, exc)
            update = self._record_failure(feed, exc, update.checked_at)
        except Exception as exc:
            log.exception("storing feed %s failed unexpectedly", feed.url)
            update = self._record_failure(
                feed,
                InternalRefreshError(f"Internal error while storing: {exc!r}"),
                update.checked_at,
            )
        return _result(feed, update)

    def _plan(self, feed, outcome, existing, now) -> FeedUpdate:
        return plan_update(feed, outcome, existing, now=now, policy=self._policy, rng=self._rng)

    def _record_failure(self, feed: FeedForUpdate, error: TidingsError, now) -> FeedUpdate:
        update = self._plan(feed, FetchOutcome(error=error), {}, now)
        try:
            with self._db.transaction() as conn:
                apply_feed_update(conn, update)
        except (TidingsError, StorageError):
            log.exception("could not record the error of feed %s", feed.url)
        return update


def _result(feed: FeedForUpdate, update: FeedUpdate) -> RefreshResult:
    return RefreshResult(
        feed_id=feed.feed_id,
        url=update.new_url or feed.url,
        status=update.status,
        new_entries=sum(1 for w in update.entries if w.is_new),
        updated_entries=sum(1 for w in update.entries if not w.is_new),
        error=update.error,
        next_check_at=update.next_check_at,
    )


async def refresh_feeds(
    feeds: Sequence[FeedForUpdate],
    *,
    db: Database,
    settings: Settings,
    clock: Callable[[], datetime] = utcnow,
    progress: Progress | None = None,
    stop: asyncio.Event | None = None,
    fetcher: Fetcher | None = None,
) -> RefreshSummary:
    """Refresh ``feeds`` concurrently and return the totals.

    When ``stop`` is set, no new fetch starts and queued results are dropped
    (they are refetched next time: refreshing is idempotent); the write in
    progress finishes, so no feed is ever half-written.
    """
    started = time.perf_counter()
    stop = stop or asyncio.Event()
    writer = FeedWriter(db, SchedulePolicy.from_settings(settings), clock)
    queue: asyncio.Queue[tuple[FeedForUpdate, FeedUpdate] | None] = asyncio.Queue(
        WRITE_QUEUE_SIZE
    )
    results: list[RefreshResult] = []
    loop = asyncio.get_running_loop()

    with (
        ThreadPoolExecutor(1, thread_name_prefix="tidings-parse") as parse_pool,
        ThreadPoolExecutor(1, thread_name_prefix="tidings-write") as write_pool,
    ):

        def prepare(feed: FeedForUpdate, outcome: FetchOutcome) -> FeedUpdate:
            try:
                return writer.prepare(feed, outcome)
            except Exception as exc:  # a bug must not stop the other feeds
                log.exception("preparing the update of %s failed unexpectedly", feed.url)
                error = InternalRefreshError(f"Internal error while processing: {exc!r}")
                return writer.prepare(feed, FetchOutcome(error=error))

        async def write_all() -> None:
            finished = False
            while not finished:
                item = await queue.get()
                if item is None:
                    break
                batch = [item]
                while len(batch) < WRITE_BATCH and not queue.empty():
                    waiting = queue.get_nowait()
                    if waiting is None:
                        finished = True
                        break
                    batch.append(waiting)
                if stop.is_set():
                    continue  # drain without writing; see the docstring
                written = await loop.run_in_executor(write_pool, writer.write_many, batch)
                results.extend(written)
                if progress is not None:
                    for result in written:
                        progress(result)

        async def fetch_all(client: Fetcher) -> None:
            now = clock()
            for feed in feeds:
                if feed.retry_after_until is not None and feed.retry_after_until > now:
                    client.remember_wait(feed.url, feed.retry_after_until)
            # Fetch concurrency is bounded inside the Fetcher (globally and per
            # host); this bound only caps how many outcomes wait in memory.
            slots = asyncio.Semaphore(settings.max_connections)

            async def one(feed: FeedForUpdate) -> None:
                async with slots:
                    if stop.is_set():
                        return
                    outcome = await fetch_outcome(feed, client, parse_pool)
                    update = await loop.run_in_executor(parse_pool, prepare, feed, outcome)
                    if not stop.is_set():
                        await queue.put((feed, update))

            await asyncio.gather(*(one(feed) for feed in feeds))

        writing = asyncio.create_task(write_all())
        try:
            if fetcher is not None:
                await fetch_all(fetcher)
            else:
                async with Fetcher(settings, clock=clock) as client:
                    await fetch_all(client)
        finally:
            await queue.put(None)
            await writing

    return summarise(results, time.perf_counter() - started)


def summarise(results: Sequence[RefreshResult], seconds: float) -> RefreshSummary:
    count = {status: 0 for status in RefreshStatus}
    for result in results:
        count[result.status] += 1
    return RefreshSummary(
        tried=len(results),
        updated=count[RefreshStatus.UPDATED],
        not_modified=count[RefreshStatus.NOT_MODIFIED],
        unchanged=count[RefreshStatus.UNCHANGED],
        failed=count[RefreshStatus.FAILED] + count[RefreshStatus.GONE],
        new_entries=sum(r.new_entries for r in results),
        seconds=round(seconds, 3),
        results=tuple(results),
    )
