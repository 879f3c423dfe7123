"""When to check a feed next: pure functions of what we know, with ``now`` passed in.

A feed's rhythm is its rate of new entries over recent weeks. A feed that
publishes ten times a day is checked every couple of hours; one that publishes
monthly, once a day. The interval is clamped between the operator's minimum
and maximum, spread with jitter so thousands of feeds added together do not
stay in lockstep, and never earlier than the server asked (Cache-Control,
Expires, Retry-After, RSS <ttl>).

Failing feeds back off exponentially; after ``max_consecutive_errors`` they
leave the schedule (``None``) until someone retries them by hand.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

RHYTHM_WINDOW = timedelta(days=28)
# Check about twice per expected new entry, so a new entry waits on average
# a quarter of the gap between entries before we see it.
CHECKS_PER_ENTRY = 2.0
JITTER = 0.1  # +-10 % of the interval


@dataclass(frozen=True, slots=True)
class SchedulePolicy:
    min_interval: timedelta = timedelta(minutes=15)
    max_interval: timedelta = timedelta(hours=24)
    max_consecutive_errors: int = 10

    @classmethod
    def from_settings(cls, settings: object) -> SchedulePolicy:
        return cls(
            min_interval=timedelta(minutes=settings.min_interval_minutes),  # type: ignore[attr-defined]
            max_interval=timedelta(minutes=settings.max_interval_minutes),  # type: ignore[attr-defined]
            max_consecutive_errors=settings.max_consecutive_errors,  # type: ignore[attr-defined]
        )


def entries_per_day(published: Iterable[datetime | None], now: datetime) -> float:
    """The rate of entries over the recent window, from their publication times.

    A feed document only lists its latest items, so the window is cut at the
    oldest item seen when that is more recent than the window start.
    """
    start = now - RHYTHM_WINDOW
    recent = sorted(p for p in published if p is not None and start <= p <= now)
    if not recent:
        return 0.0
    span = now - recent[0] if len(recent) > 1 else RHYTHM_WINDOW
    days = max(span / timedelta(days=1), 1.0)
    return len(recent) / days


def interval_for_rate(rate_per_day: float | None, policy: SchedulePolicy) -> timedelta:
    if not rate_per_day or rate_per_day <= 0:
        return policy.max_interval
    interval = timedelta(days=1) / (rate_per_day * CHECKS_PER_ENTRY)
    return min(max(interval, policy.min_interval), policy.max_interval)


def next_check(
    now: datetime,
    *,
    rate_per_day: float | None,
    policy: SchedulePolicy,
    not_before: Iterable[datetime | None] = (),
    ttl_minutes: int | None = None,
    rng: random.Random | None = None,
) -> datetime:
    """The next time to check a healthy feed."""
    interval = interval_for_rate(rate_per_day, policy)
    if ttl_minutes:
        interval = max(interval, min(timedelta(minutes=ttl_minutes), policy.max_interval))
    spread = (rng or random).uniform(-JITTER, JITTER)
    when = now + interval * (1 + spread)
    return max([when, *(t for t in not_before if t is not None)])


def next_check_after_error(
    now: datetime,
    *,
    error_count: int,
    policy: SchedulePolicy,
    not_before: Iterable[datetime | None] = (),
    rng: random.Random | None = None,
) -> datetime | None:
    """Exponential backoff after ``error_count`` consecutive failures (1 = first failure).

    Returns None once the feed has failed too often: it leaves the schedule
    until retried by hand (``tidings retry``).
    """
    if error_count >= policy.max_consecutive_errors:
        return None
    interval = min(policy.min_interval * (2 ** max(error_count - 1, 0)), policy.max_interval)
    spread = (rng or random).uniform(0, JITTER)
    when = now + interval * (1 + spread)
    return max([when, *(t for t in not_before if t is not None)])
