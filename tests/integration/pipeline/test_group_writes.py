"""Group commit: several feeds in one transaction, and a bad one costs the others nothing."""

from __future__ import annotations

from tidings.clock import utcnow
from tidings.ingest.decide import FetchOutcome
from tidings.ingest.refresh import FeedWriter
from tidings.ingest.schedule import SchedulePolicy
from tidings.store.entries import list_entries
from tidings.store.feeds import feeds_for_update, remove_feed
from tidings.types import (
    FeedFormat,
    FetchResult,
    HTTPCacheHints,
    ParsedEntry,
    ParsedFeed,
    RefreshStatus,
)

from ..helpers import follow


def outcome(url: str, title: str) -> FetchOutcome:
    fetched = FetchResult(
        requested_url=url, url=url, status=200, body=b"<rss/>",
        content_type="application/rss+xml", headers={}, cache=HTTPCacheHints(),
    )  # fmt: skip
    entry = ParsedEntry(key=title, title=title, content=f"<p>{title} body</p>")
    return FetchOutcome(fetched, ParsedFeed(format=FeedFormat.RSS20, title=title, entries=(entry,)))


def test_a_failing_feed_in_a_group_does_not_lose_the_others(db):
    urls = [f"https://news.example/{name}.xml" for name in ("a", "b", "c")]
    user_id, ids = follow(db, urls)
    with db.connect() as conn:
        feeds = {f.url: f for f in feeds_for_update(conn, utcnow(), due_only=False)}
    writer = FeedWriter(db, SchedulePolicy())
    batch = [(feeds[u], writer.prepare(feeds[u], outcome(u, u[-5]))) for u in urls]
    with db.transaction() as conn:  # removed while its update waited in the queue
        remove_feed(conn, ids[urls[1]])

    results = writer.write_many(batch)

    assert [r.status for r in results] == [
        RefreshStatus.UPDATED, RefreshStatus.FAILED, RefreshStatus.UPDATED,
    ]  # fmt: skip
    assert "no longer exists" in results[1].error
    with db.connect() as conn:
        titles = {e.title for e in list_entries(conn, user_id)}
    assert titles == {"a", "c"}


def test_a_healthy_group_is_written_together(db):
    urls = [f"https://news.example/{name}.xml" for name in ("d", "e")]
    follow(db, urls)
    with db.connect() as conn:
        feeds = {f.url: f for f in feeds_for_update(conn, utcnow(), due_only=False)}
    writer = FeedWriter(db, SchedulePolicy())
    results = writer.write_many([(feeds[u], writer.prepare(feeds[u], outcome(u, u[-5]))) for u in urls])
    assert all(r.status is RefreshStatus.UPDATED and r.new_entries == 1 for r in results)
