"""Reading cache and retry hints from response headers (pure, fixed ``now``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tidings.ingest.fetch.cachehints import (
    parse_cache_hints,
    parse_fresh_until,
    parse_http_date,
    parse_retry_after,
)
from tidings.types import HTTPCacheHints

NOW = datetime(2026, 11, 24, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "Tue, 24 Nov 2026 13:00:00 GMT",  # IMF-fixdate
        "Tuesday, 24-Nov-26 13:00:00 GMT",  # RFC 850
        "Tue Nov 24 13:00:00 2026",  # asctime
    ],
)
def test_http_date_forms(value: str) -> None:
    assert parse_http_date(value) == NOW + timedelta(hours=1)


@pytest.mark.parametrize("value", [None, "", "0", "-1", "soon", "Tue, 99 Nov 2026 13:00:00 GMT"])
def test_unreadable_http_dates(value: str | None) -> None:
    assert parse_http_date(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", NOW + timedelta(seconds=120)),
        ("0", NOW),
        ("Tue, 24 Nov 2026 12:30:00 GMT", NOW + timedelta(minutes=30)),
        ("99999999999999999999", NOW + timedelta(days=365)),  # clipped, no overflow
        ("-5", None),
        ("1.5", None),
        ("later", None),
        (None, None),
    ],
)
def test_retry_after(value: str | None, expected: datetime | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Cache-Control": "max-age=600"}, NOW + timedelta(seconds=600)),
        ({"Cache-Control": 'public, MAX-AGE="60"'}, NOW + timedelta(seconds=60)),
        ({"Cache-Control": "max-age=600", "Age": "100"}, NOW + timedelta(seconds=500)),
        (
            {"Cache-Control": "max-age=600", "Expires": "Tue, 24 Nov 2026 18:00:00 GMT"},
            NOW + timedelta(seconds=600),
        ),  # max-age wins
        ({"Cache-Control": "max-age=0"}, None),
        ({"Cache-Control": "max-age=abc"}, None),
        ({"Cache-Control": "no-cache, max-age=600"}, None),
        ({"Cache-Control": "no-store"}, None),
        ({"Expires": "Tue, 24 Nov 2026 14:00:00 GMT"}, NOW + timedelta(hours=2)),
        (
            {"Expires": "Tue, 24 Nov 2026 14:00:00 GMT", "Date": "Tue, 24 Nov 2026 13:00:00 GMT"},
            NOW + timedelta(hours=1),
        ),  # relative to the server's clock
        ({"Expires": "0"}, None),
        ({"Expires": "Mon, 23 Nov 2026 00:00:00 GMT"}, None),  # already past
        ({}, None),
    ],
)
def test_fresh_until(headers: dict[str, str], expected: datetime | None) -> None:
    assert parse_fresh_until(headers, now=NOW) == expected


def test_hints_of_a_200() -> None:
    headers = {
        "ETag": 'W/"abc"',
        "Last-Modified": "Mon, 23 Nov 2026 00:00:00 GMT",
        "Cache-Control": "max-age=60",
        "Retry-After": "30",
    }
    assert parse_cache_hints(headers, status=200, now=NOW) == HTTPCacheHints(
        etag='W/"abc"',
        last_modified="Mon, 23 Nov 2026 00:00:00 GMT",
        fresh_until=NOW + timedelta(seconds=60),
        retry_after=None,  # only read on 429/503
    )


def test_304_keeps_the_validators_that_were_sent() -> None:
    hints = parse_cache_hints({}, status=304, now=NOW, sent_etag='"1"', sent_last_modified="x")
    assert (hints.etag, hints.last_modified) == ('"1"', "x")
    renewed = parse_cache_hints({"ETag": '"2"'}, status=304, now=NOW, sent_etag='"1"')
    assert renewed.etag == '"2"'


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_on_rate_limits(status: int) -> None:
    hints = parse_cache_hints({"Retry-After": "30"}, status=status, now=NOW)
    assert hints.retry_after == NOW + timedelta(seconds=30)
