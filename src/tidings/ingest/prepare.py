"""Preparing one feed's write: parse -> decide -> process -> search documents.

Pure: no network, no database, no clock (``now`` and the stored entry hashes
are given). That is most of a first ingest's CPU (parsing with lxml,
sanitising with nh3, turning HTML into indexed text and stems), so the refresh
pipeline (:mod:`tidings.ingest.refresh`) runs it away from the writer: on a
thread, or, when many feeds are due, in a worker process of its own
(:class:`PreparePool`), which gives the second core to it and leaves the GIL of
the main process to the event loop and the writer.

This module is what the worker process imports: it must not import SQLAlchemy,
aiohttp or the web stack (each import is resident memory in both processes,
and the benchmark's peak RSS counts both). The parser (lxml), the sanitiser
(nh3) and the search text (with the stemmer) are imported on the first feed
that has entries to write: a refresh whose feeds all answer 304 needs none of
them, and ``tidings refresh`` run from cron starts sooner without lxml and nh3
(issue 2; the store imports the search text anyway).
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import multiprocessing.process
import operator
import os
import queue
import random
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any

from tidings.errors import TidingsError
from tidings.ingest.decide import FetchOutcome, plan_update
from tidings.ingest.schedule import SchedulePolicy
from tidings.types import (
    Enclosure,
    EntryWrite,
    FeedForUpdate,
    FeedUpdate,
    HTTPCacheHints,
    ParsedEntry,
    ParsedFeed,
    TranscriptLink,
)

log = logging.getLogger(__name__)

__all__ = ["InternalRefreshError", "PrepareJob", "PreparePool", "prepare_update"]


class InternalRefreshError(TidingsError):
    """A bug in Tidings hit while refreshing one feed; the others go on."""


@dataclass(frozen=True, slots=True)
class PrepareJob:
    """Everything preparing one feed's update needs; picklable, for a worker process."""

    feed: FeedForUpdate
    outcome: FetchOutcome  # a fetched body not yet parsed, a parsed feed, or an error
    existing: Mapping[str, str]  # entry key -> content hash, as stored
    now: datetime
    policy: SchedulePolicy


def prepare_update(job: PrepareJob, rng: random.Random | None = None) -> FeedUpdate:
    """The update to write for ``job``: parsed (when not yet), decided, sanitised,
    with search documents. Every failure, ours included, is the feed's error.
    ``rng`` draws the schedule's jitter (tests pass a seeded one)."""
    try:
        outcome = _parsed(job.outcome)
        update = plan_update(
            job.feed, outcome, job.existing, now=job.now, policy=job.policy, rng=rng
        )
        if not update.entries:
            return update
        from tidings.ingest.process import clean_update
        from tidings.text.searchtext import with_search_documents

        # Only the new and changed entries are sanitised, after the decide step.
        return with_search_documents(clean_update(update))
    except Exception as exc:  # a bug must not stop the other feeds
        log.exception("preparing the update of %s failed unexpectedly", job.feed.url)
        error = InternalRefreshError(f"Internal error while processing: {exc!r}")
        return plan_update(
            job.feed, FetchOutcome(error=error), {}, now=job.now, policy=job.policy, rng=rng
        )


def _parsed(outcome: FetchOutcome) -> FetchOutcome:
    fetched = outcome.fetch
    if outcome.error is not None or outcome.parsed is not None or fetched is None:
        return outcome
    if fetched.not_modified or fetched.body is None:
        return outcome
    from tidings.ingest.parse import parse_feed

    try:
        parsed = parse_feed(fetched.body, url=fetched.url, content_type=fetched.content_type)
    except TidingsError as exc:
        return FetchOutcome(fetch=fetched, error=exc)
    except Exception as exc:
        log.exception("parsing %s failed unexpectedly", fetched.url)
        error = InternalRefreshError(f"Internal error while parsing: {exc!r}")
        return FetchOutcome(fetch=fetched, error=error)
    return FetchOutcome(fetch=fetched, parsed=parsed)


# Below this many feeds to refresh, preparing stays on a thread: a worker process
# costs ~0.3 s of start-up and ~35 MB, which only pays on a large refresh.
PROCESS_FROM_FEEDS = 200


class PreparePool:
    """Runs :func:`prepare_update` in one worker process (started on first use).

    One process, because the main process needs the other core (HTTP, reading
    hashes, the writer's SQL). Jobs go down one pipe and updates come back up
    another, each end served by a thread of its own, so the worker always has
    the next jobs waiting: with ``ProcessPoolExecutor`` (one job queued ahead)
    it waited, after each feed, for a thread of the busy main process to get
    the GIL and hand it the next. The process is started with ``spawn`` and
    imports only this module's dependencies, not the parent's ``__main__`` (see
    :class:`_NoMainSpawnProcess`). If it dies, the jobs in flight and every later
    :meth:`submit` raise :class:`BrokenProcessPool` and the caller prepares on
    its own thread.
    """

    def __init__(self) -> None:
        self.broken = False
        self._lock = threading.Lock()
        self._futures: dict[int, Future[FeedUpdate]] = {}
        self._jobs: queue.SimpleQueue[tuple[int, PrepareJob] | None] = queue.SimpleQueue()
        self._next = 0
        self._process: multiprocessing.process.BaseProcess | None = None
        self._threads: list[threading.Thread] = []

    @staticmethod
    def wanted(feeds: int) -> bool:
        """Whether a refresh of ``feeds`` feeds should prepare in a worker process."""
        return feeds >= PROCESS_FROM_FEEDS and (os.cpu_count() or 1) > 1

    def submit(self, job: PrepareJob) -> Future[FeedUpdate]:
        future: Future[FeedUpdate] = Future()
        with self._lock:
            if self.broken:
                raise BrokenProcessPool("the prepare worker process stopped")
            if self._process is None:
                self._start()
            self._next += 1
            self._futures[self._next] = future
            self._jobs.put((self._next, job))
        return future

    def _start(self) -> None:
        ours, theirs = multiprocessing.Pipe()
        self._process = _NoMainSpawnProcess(
            target=_serve, args=(theirs,), name="tidings-prepare", daemon=True
        )
        self._process.start()
        theirs.close()
        self._threads = [
            threading.Thread(target=self._send, args=(ours,), name="tidings-prepare-send"),
            threading.Thread(target=self._receive, args=(ours,), name="tidings-prepare-receive"),
        ]
        for thread in self._threads:
            thread.daemon = True
            thread.start()

    def _send(self, conn: Connection) -> None:
        while True:
            item = self._jobs.get()
            try:
                conn.send(item)  # None asks the worker to stop
            except OSError:
                return  # the worker is gone; the receiver fails the futures
            except Exception as exc:  # noqa: BLE001 - this job could not be sent (pickling)
                assert item is not None
                with self._lock:
                    future = self._futures.pop(item[0])
                future.set_exception(exc)
            if item is None:
                return

    def _receive(self, conn: Connection) -> None:
        try:
            while True:
                number, update = conn.recv()
                with self._lock:
                    future = self._futures.pop(number)
                future.set_result(update)
        except (EOFError, OSError):
            pass  # closed by close(), or the worker died
        with self._lock:
            self.broken = True
            futures, self._futures = list(self._futures.values()), {}
        for future in futures:
            future.set_exception(BrokenProcessPool("the prepare worker process stopped"))

    def close(self) -> None:
        """Stop the worker once the jobs sent are done (their futures are then set)."""
        if self._process is None:
            return
        self._jobs.put(None)  # the sender, then the worker, then the receiver stop
        for thread in self._threads:
            thread.join()
        self._process.join()


def _serve(conn: Connection) -> None:
    """The worker process: prepare each job received, send its update back, in order."""
    # A crash handler is not needed: the parent sees the pipe close.
    while True:
        try:
            item = conn.recv()
        except EOFError:
            return
        if item is None:
            return
        number, job = item
        conn.send((number, prepare_update(job)))


def _by_fields(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    """A pickle reducer for a frozen dataclass: its class and its field values, in
    order, so that unpickling calls the class. The default for a slotted dataclass
    goes through ``dataclasses``' Python ``__getstate__``/``__setstate__`` (a
    ``fields()`` call and a ``setattr`` per field, for every object)."""
    fields = dataclasses.fields(cls)
    if any(not f.init or f.kw_only for f in fields):  # cls(*values) would not rebuild it
        raise TypeError(f"{cls.__name__} has a field its constructor does not take in order")
    values = operator.attrgetter(*(f.name for f in fields))

    def reduce(obj: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(obj)

    return reduce


# What comes back from the worker: an update per feed, tens of entries each. With
# the defaults, pickling the 2,000 bench-farm feeds' updates in the worker and
# unpickling them in the writer's process took 1.1 + 1.2 CPU s (of 341 MB).
for _cls in (FeedUpdate, EntryWrite, ParsedEntry, ParsedFeed, HTTPCacheHints, Enclosure,
             TranscriptLink):  # fmt: skip
    ForkingPickler.register(_cls, _by_fields(_cls))


class _NoMainSpawnProcess(multiprocessing.context.SpawnProcess):
    """A ``spawn`` process that does not re-run the parent's ``__main__`` first.

    ``spawn`` runs the main script again in the child (as ``__mp_main__``) when
    the parent was started from a file: the ``tidings`` console script imports
    the whole command line, SQLAlchemy included, ~25 MB more in the worker,
    which needs nothing from it (its function is found by module name).
    """

    @staticmethod
    def _Popen(process_obj):  # type: ignore[no-untyped-def]
        from multiprocessing import popen_spawn_posix, spawn

        class Popen(popen_spawn_posix.Popen):
            def _launch(self, process_obj):  # type: ignore[no-untyped-def]
                prepared = spawn.get_preparation_data

                def without_main(name):  # type: ignore[no-untyped-def]
                    data = prepared(name)
                    data.pop("init_main_from_path", None)
                    data.pop("init_main_from_name", None)
                    return data

                spawn.get_preparation_data = without_main
                try:
                    return super()._launch(process_obj)
                finally:
                    spawn.get_preparation_data = prepared

        return Popen(process_obj)
