"""Decide what one refresh changes: a pure function from what was fetched to a FeedUpdate.

``parse -> decide -> store``: this module does no I/O and reads no clock, so
every rule about identity, updates, dates, errors and scheduling is tested
without a network or a database (the design of lemon24/reader's update step).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from tidings.errors import FeedGoneError, RateLimitedError, TidingsError
from tidings.ingest.schedule import (
    SchedulePolicy,
    entries_per_day,
    next_check,
    next_check_after_error,
)
from tidings.types import (
    EntryWrite,
    FeedForUpdate,
    FeedUpdate,
    FetchResult,
    HTTPCacheHints,
    ParsedEntry,
    ParsedFeed,
    RefreshStatus,
)


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What fetching and parsing one feed produced: a result or the error that stopped it."""

    fetch: FetchResult | None = None
    parsed: ParsedFeed | None = None
    error: TidingsError | None = None


# json.dumps(..., ensure_ascii=False, separators=(",", ":")) made a new encoder per call.
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def entry_content_hash(entry: ParsedEntry) -> str:
    """A digest of what a reader sees, so only real changes count as updates.

    Dates are left out on purpose: many feeds bump <updated> or re-date items
    on every build without changing a word.
    """
    material = [
        entry.title,
        entry.link,
        list(entry.authors),
        entry.summary,
        entry.content,
        [dataclasses.astuple(e) for e in entry.enclosures],
        entry.thumbnail,
        list(entry.categories),
    ]
    encoded = _encode_json(material).encode()
    return hashlib.blake2b(encoded, digest_size=16).hexdigest()


def _clamp_dates(entry: ParsedEntry, now: datetime) -> ParsedEntry:
    # A date in the future (clock skew, scheduled posts, typos like 2092) would
    # pin the entry to the top of every newest-first list; it becomes "now".
    published = entry.published if entry.published is None or entry.published <= now else now
    updated = entry.updated if entry.updated is None or entry.updated <= now else now
    if published is entry.published and updated is entry.updated:
        return entry
    return dataclasses.replace(entry, published=published, updated=updated)


def unique_entries(entries: Sequence[ParsedEntry]) -> list[ParsedEntry]:
    """Drop repeated keys within one document, keeping the first (feeds list newest first)."""
    seen: set[str] = set()
    kept = []
    for entry in entries:
        if entry.key not in seen:
            seen.add(entry.key)
            kept.append(entry)
    return kept


def plan_entry_writes(
    entries: Sequence[ParsedEntry], existing: Mapping[str, str], now: datetime
) -> list[EntryWrite]:
    """New entries and entries whose content changed; unchanged ones are left alone."""
    writes = []
    for entry in unique_entries(entries):
        entry = _clamp_dates(entry, now)
        digest = entry_content_hash(entry)
        stored = existing.get(entry.key)
        if stored is None:
            writes.append(EntryWrite(entry.key, digest, entry, is_new=True))
        elif stored != digest:
            writes.append(EntryWrite(entry.key, digest, entry, is_new=False))
    return writes


def plan_update(
    feed: FeedForUpdate,
    outcome: FetchOutcome,
    existing: Mapping[str, str],
    *,
    now: datetime,
    policy: SchedulePolicy,
    rng: random.Random | None = None,
) -> FeedUpdate:
    """Turn one fetch-and-parse outcome into everything the store must write."""
    if outcome.error is not None:
        return _plan_failure(feed, outcome.error, now=now, policy=policy, rng=rng)

    fetched = outcome.fetch
    assert fetched is not None, "an outcome without an error has a fetch result"
    cache = fetched.cache
    not_before = (cache.fresh_until, cache.retry_after)

    if fetched.not_modified:
        return FeedUpdate(
            feed_id=feed.feed_id,
            checked_at=now,
            next_check_at=next_check(
                now, rate_per_day=feed.entries_per_day, policy=policy, not_before=not_before, rng=rng
            ),
            status=RefreshStatus.NOT_MODIFIED,
            new_url=fetched.permanent_url,
            cache=_keep_validators(cache, feed),
            error=None,
            error_count=0,
        )

    parsed = outcome.parsed
    assert parsed is not None, "a 200 outcome without an error was parsed"
    writes = plan_entry_writes(parsed.entries, existing, now)
    rate = entries_per_day((e.published for e in parsed.entries), now)
    if feed.entries_per_day is not None:
        rate = max(rate, feed.entries_per_day)
    return FeedUpdate(
        feed_id=feed.feed_id,
        checked_at=now,
        next_check_at=next_check(
            now,
            rate_per_day=rate,
            policy=policy,
            not_before=not_before,
            ttl_minutes=parsed.ttl_minutes,
            rng=rng,
        ),
        status=RefreshStatus.UPDATED if writes else RefreshStatus.UNCHANGED,
        # What the feed says about itself, without its entries: those to write are
        # ``entries``. All of them, raw, doubled what a worker process sends back
        # to the writer (500 MB pickled on the 2,000-feed bench farm, ~5 CPU s).
        feed=dataclasses.replace(parsed, entries=()),
        entries=tuple(writes),
        new_url=fetched.permanent_url,
        cache=cache,
        error=None,
        error_count=0,
    )


def _keep_validators(cache: HTTPCacheHints, feed: FeedForUpdate) -> HTTPCacheHints:
    # A 304 may omit the validators; the ones we sent stay valid.
    if cache.etag or cache.last_modified:
        return cache
    return dataclasses.replace(cache, etag=feed.etag, last_modified=feed.last_modified)


def _plan_failure(
    feed: FeedForUpdate,
    error: TidingsError,
    *,
    now: datetime,
    policy: SchedulePolicy,
    rng: random.Random | None,
) -> FeedUpdate:
    if isinstance(error, FeedGoneError):
        return FeedUpdate(
            feed_id=feed.feed_id,
            checked_at=now,
            next_check_at=None,
            status=RefreshStatus.GONE,
            error=str(error),
            error_count=feed.error_count + 1,
            disabled_reason=str(error),
        )
    if isinstance(error, RateLimitedError):
        return _plan_rate_limited(feed, error, now=now, policy=policy, rng=rng)
    error_count = feed.error_count + 1
    next_at = next_check_after_error(now, error_count=error_count, policy=policy, rng=rng)
    message = str(error)
    if next_at is None:
        message += (
            f" This feed failed {error_count} times in a row and is no longer checked"
            f" automatically; run `tidings retry {feed.feed_id}` once it is fixed."
        )
    return FeedUpdate(
        feed_id=feed.feed_id,
        checked_at=now,
        next_check_at=next_at,
        status=RefreshStatus.FAILED,
        error=message,
        error_count=error_count,
    )


def _plan_rate_limited(
    feed: FeedForUpdate,
    error: RateLimitedError,
    *,
    now: datetime,
    policy: SchedulePolicy,
    rng: random.Random | None,
) -> FeedUpdate:
    # The server asked us to wait: that is not the feed failing, so the error
    # count stays, and the wait is stored so that the next run honours it too.
    until = error.retry_after if isinstance(error.retry_after, datetime) else None
    next_at = next_check_after_error(
        now, error_count=1, policy=policy, not_before=(until,), rng=rng
    )
    return FeedUpdate(
        feed_id=feed.feed_id,
        checked_at=now,
        next_check_at=next_at,
        status=RefreshStatus.FAILED,
        cache=HTTPCacheHints(
            etag=feed.etag, last_modified=feed.last_modified, retry_after=until
        ),
        error=str(error),
        error_count=feed.error_count,
    )
