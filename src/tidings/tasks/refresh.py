"""Refreshing one feed as an idempotent task.

The input is the feed's id (plus whether to ignore cache validators); the
output is a :class:`~tidings.types.RefreshResult`. Running it twice does no
harm: the second run sees the stored validators and hashes and changes
nothing that did not change. A distributed task engine (Celery, Dramatiq, ...)
can wrap :func:`refresh_feed_task` as it is; it uses the same code path as
``tidings refresh``.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass

from tidings.clock import utcnow
from tidings.errors import FeedNotFoundError
from tidings.ingest.refresh import refresh_feeds
from tidings.services.refreshing import feeds_to_refresh
from tidings.settings import Settings
from tidings.store import Database
from tidings.types import RefreshResult


@dataclass(frozen=True, slots=True)
class RefreshFeedTask:
    feed_id: int
    force: bool = False  # ignore ETag/Last-Modified and fetch the whole feed


def refresh_feed_task(task: RefreshFeedTask, *, db: Database, settings: Settings) -> RefreshResult:
    found = feeds_to_refresh(db, settings, utcnow(), feed_ids=[task.feed_id])
    if not found:
        raise FeedNotFoundError(f"There is no feed with id {task.feed_id} to refresh.")
    feed = dataclasses.replace(found[0], stale=task.force)
    summary = asyncio.run(refresh_feeds([feed], db=db, settings=settings))
    return summary.results[0]
