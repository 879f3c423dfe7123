"""Helpers shared by the integration tests: following feeds, refreshing, serving on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager

from aiohttp import web

from tidings.clock import utcnow
from tidings.ingest.refresh import refresh_feeds
from tidings.store.feeds import add_feed, feeds_for_update
from tidings.store.subscriptions import subscribe
from tidings.store.users import default_user
from tidings.types import RefreshResult, RefreshSummary


def follow(db, urls: list[str]) -> tuple[int, dict[str, int]]:
    """The default user follows ``urls``; returns the user id and each URL's feed id."""
    with db.transaction() as conn:
        user_id = default_user(conn).id
        ids = {}
        for url in urls:
            ids[url] = add_feed(conn, url, utcnow())
            subscribe(conn, user_id, ids[url])
    return user_id, ids


async def refresh_all(
    db, settings, feed_ids: Collection[int] | None = None
) -> tuple[RefreshSummary, dict[int, RefreshResult]]:
    """Refresh every feed (or ``feed_ids``), due or not, failing ones included."""
    with db.connect() as conn:
        feeds = feeds_for_update(
            conn, utcnow(), due_only=False, feed_ids=feed_ids, include_failing=True
        )
    summary = await refresh_feeds(feeds, db=db, settings=settings)
    return summary, {r.feed_id: r for r in summary.results}


@asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port); yields its base URL."""
    runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.2)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def loopback_settings(tmp_path, database_url: str, **overrides: object):
    """Settings for tests against servers on 127.0.0.1: private addresses allowed,
    short time limits, a 1 MiB body cap; ``overrides`` for what a suite needs."""
    from tidings.settings import load_settings

    values: dict[str, object] = {
        "data_dir": tmp_path / "data",
        "database_url": database_url,
        "allow_private_networks": True,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "total_timeout": 5.0,
        "max_body_bytes": 1024 * 1024,
    }
    return load_settings(**{**values, **overrides})
