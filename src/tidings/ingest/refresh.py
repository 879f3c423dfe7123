"""Refresh feeds: fetch -> parse -> decide -> process -> store, for one feed or thousands.

The one code path every caller uses (the CLI, the worker, the web app, a task
engine). Concurrency is split by the kind of work, the way datasette splits
reads and writes:

- the event loop does only network I/O (aiohttp, bounded globally and per host);
- preparing a write (``tidings.ingest.prepare``: parsing, deciding what
  changed, sanitising only those entries and building their search text) runs
  on one thread, after reading the stored hashes there; when many feeds are due
  (``PreparePool.wanted``), in one worker process instead, so that this pure
  CPU work has a core of its own and does not hold the main process's GIL,
  which the writer and the event loop need between their C calls;
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
import contextlib
import dataclasses
import logging
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any

from sqlalchemy import event

from tidings.clock import utcnow
from tidings.errors import StorageError, TidingsError
from tidings.ingest.decide import FetchOutcome, plan_update
from tidings.ingest.fetch import FEED_ACCEPT, Fetcher
from tidings.ingest.prepare import InternalRefreshError, PrepareJob, PreparePool, prepare_update
from tidings.ingest.schedule import SchedulePolicy
from tidings.settings import Settings
from tidings.store import Database
from tidings.store.engine import SQLITE_CACHE_KIB
from tidings.store.feeds import apply_feed_update, existing_entry_hashes
from tidings.store.updates import apply_feed_updates
from tidings.types import FeedForUpdate, FeedUpdate, RefreshResult, RefreshStatus, RefreshSummary

log = logging.getLogger(__name__)

# Prepared updates waiting for the writer; bounds memory when the database is the bottleneck.
WRITE_QUEUE_SIZE = 64
# Updates written in one transaction when several are waiting (group commit). A
# commit per feed made 2,000 commits, and on SQLite 2,000 full-text segment
# flushes, per refresh; measured with py-spy, commits were most of the writer's time.
WRITE_BATCH = 32
# When fewer are waiting and more feeds are still being fetched or prepared, the
# writer waits up to this long for more before it writes: with preparing in a
# worker process the writer kept up, took feeds one at a time, and its commits
# (each flushing a full-text segment) were again most of its time.
WRITE_LINGER = 0.1

# The GIL switch interval while a worker process prepares (see refresh_feeds).
SWITCH_INTERVAL = 0.0005
# SQLite's page cache per connection during a large refresh, in KiB (SQLite's own
# default). The store's 16 MiB (engine.SQLITE_CACHE_KIB) is for the reader's pages;
# the refresh's writer and hash reader filled theirs for no measurable gain (33.1
# vs 34.3 s on 2,000 feeds) and ~30 MB more resident memory, the margin of the
# 200 MB target once the worker process is counted.
REFRESH_CACHE_KIB = 2000

Progress = Callable[[RefreshResult], None]


async def fetch_outcome(feed: FeedForUpdate, fetcher: Fetcher) -> FetchOutcome:
    """Fetch one feed (parsing comes later, with :mod:`tidings.ingest.prepare`);
    every failure becomes the outcome's error."""
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
    return FetchOutcome(fetch=fetched)


def _has_body(outcome: FetchOutcome) -> bool:
    fetched = outcome.fetch
    return outcome.error is None and fetched is not None and fetched.body is not None


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
        """The update for ``outcome``, prepared on this thread."""
        job = self.job(feed, outcome)
        return job if isinstance(job, FeedUpdate) else prepare_update(job, self._rng)

    def job(self, feed: FeedForUpdate, outcome: FetchOutcome) -> PrepareJob | FeedUpdate:
        """What preparing ``outcome`` needs (one read: the stored entry hashes, when
        there is a document), or the failure to record when that read fails."""
        now = self._clock()
        existing: dict[str, str] = {}
        if _has_body(outcome) or outcome.parsed is not None:
            try:
                with self._db.connect() as conn:
                    existing = existing_entry_hashes(conn, feed.feed_id)
            except TidingsError as exc:
                return self._plan(feed, FetchOutcome(error=exc), {}, now)
        # (If another process stores some of the entries meanwhile, the store's
        # upsert still writes each entry once.)
        return PrepareJob(feed, outcome, existing, now, self._policy)

    def write_many(self, batch: Sequence[tuple[FeedForUpdate, FeedUpdate]]) -> list[RefreshResult]:
        """Write several feeds' updates in one transaction, each still all or nothing.

        If the shared transaction fails, it rolls back and every feed of the
        batch is written again in a transaction of its own, so one bad feed
        costs the others nothing.
        """
        if len(batch) > 1:
            try:
                with self._db.transaction() as conn:
                    apply_feed_updates(conn, [update for _, update in batch])
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
    processes: bool | None = None,
) -> RefreshSummary:
    """Refresh ``feeds`` concurrently and return the totals.

    ``processes``: prepare writes in a worker process (True), on a thread
    (False), or decide by the number of feeds (None; see ``PreparePool.wanted``).

    When ``stop`` is set, no new fetch starts and queued results are dropped
    (they are refetched next time: refreshing is idempotent); the write in
    progress finishes, so no feed is ever half-written.
    """
    started = time.perf_counter()
    stop = stop or asyncio.Event()
    writer = FeedWriter(db, SchedulePolicy.from_settings(settings), clock)
    queue: asyncio.Queue[tuple[FeedForUpdate, FeedUpdate] | None] = asyncio.Queue(WRITE_QUEUE_SIZE)
    results: list[RefreshResult] = []
    loop = asyncio.get_running_loop()
    unqueued = {feed.feed_id for feed in feeds}  # still to be fetched, prepared and queued

    if processes is None:
        processes = PreparePool.wanted(len(feeds))
    workers = PreparePool() if processes else None
    switch_interval = sys.getswitchinterval()
    small_cache = _small_sqlite_cache(db) if workers is not None else contextlib.nullcontext()
    if workers is not None:
        # The main process's threads (event loop, writer, the worker's pipe ends)
        # each give up the GIL around every C call (a socket read, an SQLite
        # statement) and wait for it back: up to the switch interval (5 ms) when
        # another holds it. Measured on 400 feeds, the writer spent most of its
        # time waiting so; 0.5 ms cut that wait.
        sys.setswitchinterval(SWITCH_INTERVAL)

    with (
        small_cache,
        ThreadPoolExecutor(1, thread_name_prefix="tidings-parse") as parse_pool,
        ThreadPoolExecutor(1, thread_name_prefix="tidings-write") as write_pool,
    ):

        def prepare_here(feed: FeedForUpdate, outcome: FetchOutcome) -> FeedUpdate:
            try:
                return writer.prepare(feed, outcome)
            except Exception as exc:  # a bug must not stop the other feeds
                log.exception("preparing the update of %s failed unexpectedly", feed.url)
                error = InternalRefreshError(f"Internal error while processing: {exc!r}")
                return writer.prepare(feed, FetchOutcome(error=error))

        async def prepare(feed: FeedForUpdate, outcome: FetchOutcome) -> FeedUpdate:
            if not _has_body(outcome):
                # A 304 or a failure: nothing to parse, no stored hashes to read, only
                # the schedule to work out (microseconds), here rather than through the
                # parse thread and back, two wake-ups of this loop per feed (issue 2).
                return prepare_here(feed, outcome)
            if workers is None or workers.broken:
                return await loop.run_in_executor(parse_pool, prepare_here, feed, outcome)
            job = await loop.run_in_executor(parse_pool, writer.job, feed, outcome)
            if isinstance(job, FeedUpdate):
                return job
            fetched = outcome.fetch
            # The response headers (a multidict) are not needed past fetching, nor picklable.
            job = dataclasses.replace(
                job, outcome=FetchOutcome(fetch=dataclasses.replace(fetched, headers={}))
            )
            try:
                return await asyncio.wrap_future(workers.submit(job))
            except BrokenProcessPool:
                if not workers.broken:
                    log.warning("the prepare worker process stopped; preparing on a thread")
                    workers.broken = True
                return await loop.run_in_executor(parse_pool, prepare_here, feed, outcome)

        async def write_all() -> None:
            finished = False
            while not finished:
                item = await queue.get()
                if item is None:
                    break
                batch = [item]
                deadline = loop.time() + WRITE_LINGER
                while len(batch) < WRITE_BATCH:
                    if queue.empty():
                        if not unqueued or loop.time() >= deadline or stop.is_set():
                            break
                        await asyncio.sleep(0.005)
                        continue
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
                    try:
                        outcome = await fetch_outcome(feed, client)
                        update = await prepare(feed, outcome)
                        if not stop.is_set():
                            await queue.put((feed, update))
                    finally:
                        unqueued.discard(feed.feed_id)

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
            if workers is not None:
                await loop.run_in_executor(None, workers.close)
                sys.setswitchinterval(switch_interval)

    return summarise(results, time.perf_counter() - started)


@contextlib.contextmanager
def _small_sqlite_cache(db: Database) -> Iterator[None]:
    """SQLite connections taken from the pool while this is open use REFRESH_CACHE_KIB
    of page cache; the store's size is set back when they are returned."""
    if db.dialect != "sqlite":
        yield
        return

    def small(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.execute(f"PRAGMA cache_size = -{REFRESH_CACHE_KIB}")

    def usual(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")

    event.listen(db.engine, "checkout", small)
    event.listen(db.engine, "checkin", usual)
    try:
        yield
    finally:
        event.remove(db.engine, "checkout", small)
        event.remove(db.engine, "checkin", usual)


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
