"""Reading what a server says about caching and waiting (RFC 9110, RFC 9111).

Pure functions of the response headers and ``now``: no I/O, no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from tidings.clock import as_utc
from tidings.types import HTTPCacheHints

# Larger values are clipped: they would overflow datetime and mean "not soon" anyway.
MAX_DELTA = timedelta(days=365)


def parse_http_date(value: str | None) -> datetime | None:
    """An HTTP-date (IMF-fixdate, RFC 850 or asctime) as aware UTC, or None if unreadable."""
    if not value:
        return None
    try:
        return as_utc(parsedate_to_datetime(value.strip()))
    except (ValueError, TypeError, OverflowError, IndexError):
        return None


def _delta_seconds(value: str) -> timedelta | None:
    value = value.strip().strip('"')
    if not value.isdigit() or not value.isascii():
        return None
    return min(timedelta(seconds=min(int(value), 10**9)), MAX_DELTA)


def parse_retry_after(value: str | None, *, now: datetime) -> datetime | None:
    """When ``Retry-After`` (delta-seconds or HTTP-date) allows the next request."""
    if not value:
        return None
    delta = _delta_seconds(value)
    if delta is not None:
        return now + delta
    return parse_http_date(value)


def parse_cache_control(value: str | None) -> dict[str, str | None]:
    """Directives of a ``Cache-Control`` header, names lower-cased: ``{"max-age": "60"}``."""
    directives: dict[str, str | None] = {}
    for part in (value or "").split(","):
        name, sep, arg = part.partition("=")
        name = name.strip().lower()
        if name:
            directives.setdefault(name, arg.strip().strip('"') if sep else None)
    return directives


def parse_fresh_until(headers: Mapping[str, str], *, now: datetime) -> datetime | None:
    """Until when the response may be reused without asking again; None if not promised.

    ``no-cache``/``no-store`` promise nothing; ``max-age`` (less ``Age``) wins
    over ``Expires``; ``Expires`` is taken relative to the server's ``Date``
    when present, so a server with a wrong clock still gets its intended
    lifetime. A time already past, or an invalid value, promises nothing.
    """
    directives = parse_cache_control(headers.get("Cache-Control"))
    if "no-cache" in directives or "no-store" in directives:
        return None
    if "max-age" in directives:
        max_age = _delta_seconds(directives["max-age"] or "")
        if max_age is None:
            return None  # RFC 9111 4.2.1: an invalid max-age means stale
        age = _delta_seconds(headers.get("Age") or "0") or timedelta()
        until = now + max_age - age
    else:
        expires = parse_http_date(headers.get("Expires"))
        if expires is None:
            return None
        date = parse_http_date(headers.get("Date"))
        until = now + min(expires - date, MAX_DELTA) if date is not None else expires
    return until if until > now else None


def parse_cache_hints(
    headers: Mapping[str, str],
    *,
    status: int,
    now: datetime,
    sent_etag: str | None = None,
    sent_last_modified: str | None = None,
) -> HTTPCacheHints:
    """The :class:`HTTPCacheHints` of one response.

    On 304 a validator the server did not repeat is the one that was sent, so
    callers can store the hints as they are. ``retry_after`` is read on 429
    and 503 only.
    """
    etag = headers.get("ETag")
    last_modified = headers.get("Last-Modified")
    if status == 304:
        etag = etag or sent_etag
        last_modified = last_modified or sent_last_modified
    retry_after = (
        parse_retry_after(headers.get("Retry-After"), now=now) if status in (429, 503) else None
    )
    return HTTPCacheHints(
        etag=etag,
        last_modified=last_modified,
        fresh_until=parse_fresh_until(headers, now=now),
        retry_after=retry_after,
    )


__all__ = [
    "parse_cache_control",
    "parse_cache_hints",
    "parse_fresh_until",
    "parse_http_date",
    "parse_retry_after",
]
