"""The scheduler loop behind ``tidings worker``: refresh what is due, sleep, repeat.

It stops cleanly when ``stop`` is set (the CLI sets it on SIGTERM and SIGINT):
no new fetch starts and the write in progress finishes, so no feed is left
half-written.

``after_round`` (the CLI passes full-text extraction) is started as a
background task after each refresh round, when the previous one has finished;
it never delays refreshing, and its failure is logged, not raised. It is given
``stop`` and awaited before the worker returns.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from tidings.clock import utcnow
from tidings.ingest.refresh import Progress, refresh_feeds
from tidings.settings import Settings
from tidings.store import Database
from tidings.store.feeds import feeds_for_update
from tidings.types import RefreshSummary

log = logging.getLogger(__name__)

# Feeds taken per round; the rest are due again next round, so a huge backlog
# never holds the whole list in memory.
BATCH_SIZE = 1000


async def run_worker(
    db: Database,
    settings: Settings,
    *,
    stop: asyncio.Event,
    poll_seconds: float = 60.0,
    clock: Callable[[], datetime] = utcnow,
    on_round: Callable[[RefreshSummary], None] | None = None,
    progress: Progress | None = None,
    after_round: Callable[[asyncio.Event], Awaitable[object]] | None = None,
) -> int:
    """Refresh due feeds until ``stop`` is set; returns the number of rounds run."""
    rounds = 0
    background: asyncio.Task[object] | None = None
    while not stop.is_set():
        with db.connect() as conn:
            due = feeds_for_update(
                conn, clock(), due_only=True, max_errors=settings.max_consecutive_errors
            )[:BATCH_SIZE]
        if due:
            summary = await refresh_feeds(
                due, db=db, settings=settings, clock=clock, stop=stop, progress=progress
            )
            rounds += 1
            log.info(
                "refreshed %d feeds: %d updated, %d failed, %d new entries in %.1fs",
                summary.tried,
                summary.updated,
                summary.failed,
                summary.new_entries,
                summary.seconds,
            )
            if on_round is not None:
                on_round(summary)
        if after_round is not None and (background is None or background.done()):
            background = asyncio.create_task(_guarded(after_round, stop))
        if due and len(due) == BATCH_SIZE:
            continue  # more are due: no sleep
        try:
            await asyncio.wait_for(stop.wait(), timeout=poll_seconds)
        except TimeoutError:
            pass
    if background is not None:
        await background
    return rounds


async def _guarded(task: Callable[[asyncio.Event], Awaitable[object]], stop: asyncio.Event) -> None:
    """Run a background job; its failure is logged, never raised into the refresh loop."""
    try:
        await task(stop)
    except Exception:
        log.exception("background work after a refresh round failed")
