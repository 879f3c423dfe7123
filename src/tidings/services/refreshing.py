"""Choosing feeds to refresh and refreshing them: one function for every caller."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection
from datetime import datetime

from tidings.clock import utcnow
from tidings.ingest.fetch import Fetcher
from tidings.ingest.refresh import Progress, refresh_feeds
from tidings.settings import Settings
from tidings.store import Database
from tidings.store.feeds import feeds_for_update
from tidings.types import FeedForUpdate, RefreshSummary


def feeds_to_refresh(
    db: Database,
    settings: Settings,
    now: datetime,
    *,
    everything: bool = False,
    feed_ids: Collection[int] | None = None,
) -> list[FeedForUpdate]:
    """What is due; with ``everything``, every feed still in the schedule; with
    ``feed_ids``, those feeds whatever their state (a person asked for them by name)."""
    with db.connect() as conn:
        return feeds_for_update(
            conn,
            now,
            due_only=not (everything or feed_ids),
            feed_ids=list(feed_ids) if feed_ids else None,
            include_failing=bool(feed_ids),
            max_errors=settings.max_consecutive_errors,
        )


async def refresh(
    db: Database,
    settings: Settings,
    *,
    everything: bool = False,
    feed_ids: Collection[int] | None = None,
    clock: Callable[[], datetime] = utcnow,
    progress: Progress | None = None,
    stop: asyncio.Event | None = None,
    fetcher: Fetcher | None = None,
    on_selected: Callable[[int], None] | None = None,
) -> RefreshSummary:
    feeds = feeds_to_refresh(db, settings, clock(), everything=everything, feed_ids=feed_ids)
    if on_selected is not None:
        on_selected(len(feeds))
    return await refresh_feeds(
        feeds, db=db, settings=settings, clock=clock, progress=progress, stop=stop, fetcher=fetcher
    )
