"""The decide step: identity, real changes, dates, errors and the schedule, with no I/O."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta

from tidings.errors import FeedGoneError, FetchTimeoutError, HTTPStatusError, RateLimitedError
from tidings.ingest.decide import FetchOutcome, entry_content_hash, plan_update
from tidings.ingest.schedule import SchedulePolicy
from tidings.types import (
    FeedFormat,
    FeedForUpdate,
    FetchResult,
    HTTPCacheHints,
    ParsedEntry,
    ParsedFeed,
    RefreshStatus,
)

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
POLICY = SchedulePolicy(
    min_interval=timedelta(minutes=15), max_interval=timedelta(hours=24), max_consecutive_errors=3
)
FEED = FeedForUpdate(feed_id=7, url="https://example.org/feed.xml", etag='"v1"')


def fetched(status: int = 200, cache: HTTPCacheHints | None = None, **kw) -> FetchResult:
    return FetchResult(
        requested_url=FEED.url,
        url=kw.pop("url", FEED.url),
        status=status,
        body=None if status == 304 else b"<rss/>",
        content_type="application/rss+xml",
        headers={},
        cache=cache or HTTPCacheHints(),
        **kw,
    )


def entry(key: str, **fields) -> ParsedEntry:
    defaults = {"title": f"Title {key}", "link": f"https://example.org/{key}", "content": "<p>Body</p>"}
    return ParsedEntry(key=key, **{**defaults, **fields})


def feed_with(*entries: ParsedEntry, ttl: int | None = None) -> ParsedFeed:
    return ParsedFeed(format=FeedFormat.RSS20, title="Example", entries=entries, ttl_minutes=ttl)


def plan(outcome: FetchOutcome, existing=None, feed: FeedForUpdate = FEED):
    return plan_update(feed, outcome, existing or {}, now=NOW, policy=POLICY, rng=random.Random(1))


def test_new_entries_are_written_and_known_unchanged_ones_are_not():
    a, b = entry("a"), entry("b")
    update = plan(
        FetchOutcome(fetched(), feed_with(a, b)), existing={"a": entry_content_hash(a)}
    )
    assert update.status is RefreshStatus.UPDATED
    assert [(w.key, w.is_new) for w in update.entries] == [("b", True)]


def test_a_changed_body_is_an_update_but_a_new_date_alone_is_not():
    old = entry("a", published=NOW - timedelta(days=1))
    redated = dataclasses.replace(old, updated=NOW - timedelta(hours=1))
    edited = dataclasses.replace(old, content="<p>Corrected body</p>")
    existing = {"a": entry_content_hash(old)}

    assert plan(FetchOutcome(fetched(), feed_with(redated)), existing).entries == ()
    writes = plan(FetchOutcome(fetched(), feed_with(edited)), existing).entries
    assert [(w.key, w.is_new) for w in writes] == [("a", False)]


def test_nothing_new_is_unchanged_and_changes_nothing():
    a = entry("a")
    update = plan(FetchOutcome(fetched(), feed_with(a)), {"a": entry_content_hash(a)})
    assert update.status is RefreshStatus.UNCHANGED
    assert update.entries == ()


def test_duplicate_keys_in_one_document_keep_the_first():
    first, repeat = entry("dup", title="First"), entry("dup", title="Second")
    writes = plan(FetchOutcome(fetched(), feed_with(first, repeat))).entries
    assert [w.entry.title for w in writes] == ["First"]


def test_dates_in_the_future_are_clamped_to_now():
    far = entry("f", published=datetime(2092, 1, 1, tzinfo=UTC), updated=NOW + timedelta(days=3))
    (write,) = plan(FetchOutcome(fetched(), feed_with(far))).entries
    assert write.entry.published == NOW and write.entry.updated == NOW


def test_not_modified_keeps_validators_and_clears_errors():
    failing = dataclasses.replace(FEED, error_count=2)
    update = plan(FetchOutcome(fetched(304)), feed=failing)
    assert update.status is RefreshStatus.NOT_MODIFIED
    assert update.cache.etag == '"v1"'  # the 304 carried none; the sent one stays
    assert update.error is None and update.error_count == 0
    assert update.next_check_at > NOW


def test_permanent_redirect_is_passed_on_to_the_store():
    moved = fetched(permanent_url="https://example.org/new.xml")
    update = plan(FetchOutcome(moved, feed_with(entry("a"))))
    assert update.new_url == "https://example.org/new.xml"


def test_next_check_never_earlier_than_the_server_asked():
    later = NOW + timedelta(days=3)
    update = plan(FetchOutcome(fetched(cache=HTTPCacheHints(fresh_until=later)), feed_with()))
    assert update.next_check_at == later


def test_a_busy_feed_is_checked_more_often_than_a_quiet_one():
    busy = feed_with(*(entry(str(i), published=NOW - timedelta(hours=i)) for i in range(48)))
    quiet = feed_with(entry("q", published=NOW - timedelta(days=20)))
    busy_at = plan(FetchOutcome(fetched(), busy)).next_check_at
    quiet_at = plan(FetchOutcome(fetched(), quiet)).next_check_at
    assert NOW + POLICY.min_interval * 0.9 <= busy_at < quiet_at <= NOW + POLICY.max_interval * 1.1


def test_errors_back_off_exponentially_then_leave_the_schedule():
    error = FetchTimeoutError("The server did not answer within 10 s.", url=FEED.url)
    delays = []
    feed = FEED
    for _ in range(POLICY.max_consecutive_errors):
        update = plan(FetchOutcome(error=error), feed=feed)
        assert update.status is RefreshStatus.FAILED
        assert update.error.startswith("The server did not answer")
        delays.append(update.next_check_at)
        feed = dataclasses.replace(feed, error_count=update.error_count)
    assert delays[0] < delays[1]
    assert delays[-1] is None
    assert f"tidings retry {FEED.feed_id}" in update.error


def test_rate_limit_waits_until_retry_after_and_remembers_it():
    until = NOW + timedelta(hours=6)
    error = RateLimitedError("Too many requests.", status=429, retry_after=until)
    update = plan(FetchOutcome(error=error), feed=dataclasses.replace(FEED, error_count=1))
    assert update.next_check_at >= until
    assert update.cache.retry_after == until  # stored, so the next run waits too
    assert update.cache.etag == FEED.etag  # the validators are kept
    assert update.error_count == 1  # being asked to wait is not the feed failing


def test_gone_disables_the_feed_and_says_why():
    error = FeedGoneError("The publisher says this feed is gone for good (410).", status=410)
    update = plan(FetchOutcome(error=error))
    assert update.status is RefreshStatus.GONE
    assert update.next_check_at is None
    assert "410" in update.disabled_reason


def test_a_server_error_keeps_stored_entries_untouched():
    error = HTTPStatusError("The server had an error (500).", status=500)
    update = plan(FetchOutcome(error=error), existing={"a": "x"})
    assert update.entries == () and update.feed is None
