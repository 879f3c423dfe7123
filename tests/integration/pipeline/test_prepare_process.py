"""Preparing writes in a worker process (``tidings.ingest.prepare.PreparePool``).

A large refresh parses, decides, sanitises and builds search documents in one
worker process; the result must be what the thread path stores, and a worker
that dies must cost nothing but the speed (the feeds are prepared on a thread).
"""

from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool
from datetime import timedelta

import pytest
from aiohttp import web

from tidings.clock import utcnow
from tidings.ingest.decide import FetchOutcome
from tidings.ingest.prepare import PrepareJob, PreparePool
from tidings.ingest.refresh import refresh_feeds
from tidings.ingest.schedule import SchedulePolicy
from tidings.store import search
from tidings.store.entries import list_entries
from tidings.store.feeds import feeds_for_update
from tidings.types import FeedForUpdate, FetchResult, HTTPCacheHints, RefreshStatus

from ..helpers import follow, serving


def rss(name: str) -> bytes:
    items = "".join(
        f"<item><guid>{name}-{i}</guid><title>{name} story {i}</title>"
        f"<description>&lt;p onclick='x()'&gt;Councils of {name} met {i} times&lt;/p&gt;"
        "</description></item>"
        for i in range(3)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>'
        f"{name}</title><link>/</link><language>en</language>{items}</channel></rss>"
    ).encode()


def job(body: bytes) -> PrepareJob:
    fetched = FetchResult(
        requested_url="https://x.example/feed", url="https://x.example/feed", status=200,
        body=body, content_type="application/rss+xml", headers={}, cache=HTTPCacheHints(),
    )  # fmt: skip
    feed = FeedForUpdate(feed_id=1, url="https://x.example/feed")
    return PrepareJob(feed, FetchOutcome(fetch=fetched), {}, utcnow(), SchedulePolicy())


@pytest.mark.asyncio
async def test_a_refresh_prepared_in_a_worker_process_stores_the_same(db, settings) -> None:
    names = ["alpha", "beta", "gamma"]

    async def feed(request: web.Request) -> web.Response:
        return web.Response(
            body=rss(request.match_info["name"]), content_type="application/rss+xml"
        )

    app = web.Application()
    app.router.add_get("/{name}.xml", feed)
    async with serving(app) as base:
        user_id, _ = follow(db, [f"{base}/{name}.xml" for name in names])
        with db.connect() as conn:
            due = feeds_for_update(conn, utcnow(), due_only=False)
        summary = await refresh_feeds(due, db=db, settings=settings, processes=True)
    assert summary.updated == 3 and summary.new_entries == 9
    with db.connect() as conn:
        stored = list_entries(conn, user_id, limit=50)
        hits = search.search_entries(conn, "council")  # stemmed: "Councils" in the body
    assert len(stored) == 9 and all("onclick" not in (e.content or e.summary) for e in stored)
    assert len(hits) == 9


def test_the_worker_prepares_like_the_thread() -> None:
    from tidings.ingest.prepare import prepare_update

    pool = PreparePool()
    try:
        update = pool.submit(job(rss("delta"))).result(timeout=60)
        failed = pool.submit(job(b"\x00 not a feed at all")).result(timeout=60)
    finally:
        pool.close()
    here = prepare_update(job(rss("delta")))
    assert update.status is RefreshStatus.UPDATED
    # Whole objects, as the pipe's pickling (class and field values) rebuilds them.
    assert update.entries == here.entries and update.feed == here.feed
    assert update.cache == here.cache and update.feed_id == here.feed_id
    assert [w.search_document for w in update.entries] == [w.search_document for w in here.entries]
    assert type(update.entries[0].search_document) is type(here.entries[0].search_document)
    assert update.next_check_at - update.checked_at >= timedelta(minutes=1)
    # A document that cannot be parsed is the feed's error, not the pool's.
    assert failed.status is RefreshStatus.FAILED and failed.error


def test_a_dead_worker_fails_its_jobs_and_later_submits() -> None:
    pool = PreparePool()
    try:
        pool.submit(job(rss("epsilon"))).result(timeout=60)
        pool._process.kill()  # type: ignore[union-attr]
        pool._process.join()  # type: ignore[union-attr]
        with pytest.raises(BrokenProcessPool):
            pool.submit(job(rss("zeta"))).result(timeout=60)
        assert pool.broken
        with pytest.raises(BrokenProcessPool):
            pool.submit(job(rss("eta")))
    finally:
        pool.close()
