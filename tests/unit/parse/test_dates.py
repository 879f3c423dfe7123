"""Dates as feeds write them, to UTC-aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.ingest.parse.dates import parse_date


@pytest.mark.parametrize(
    ("text", "utc"),
    [
        ("Sun, 06 Nov 1994 08:49:37 GMT", (1994, 11, 6, 8, 49, 37)),
        ("Sun, 06 Nov 1994 08:49:37 EST", (1994, 11, 6, 13, 49, 37)),
        ("Sun, 6 Nov 1994 08:49 +0130", (1994, 11, 6, 7, 19, 0)),
        ("06 Nov 94 08:49:37 Z", (1994, 11, 6, 8, 49, 37)),
        ("Tue, 10 June 2003 09:41:01 -07:00", (2003, 6, 10, 16, 41, 1)),
        ("2003-12-31T10:14:55Z", (2003, 12, 31, 10, 14, 55)),
        ("2003-12-31T10:14:55-08:00", (2003, 12, 31, 18, 14, 55)),
        ("2003-12-31T10:14:55.25+01:00", (2003, 12, 31, 9, 14, 55)),
        ("2003-12-31", (2003, 12, 31, 0, 0, 0)),
        ("2003-12-31 10:14", (2003, 12, 31, 10, 14, 0)),
        ("20031231T101455Z", (2003, 12, 31, 10, 14, 55)),
        ("Wed, 31 Dec 2003 10:14:55 CEST", None),  # unknown zone names go to the thorough parser
        ("2004-02-28T18:14:55-08:00", (2004, 2, 29, 2, 14, 55)),
    ],
)
def test_parse_date(text: str, utc: tuple[int, ...] | None) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.tzinfo is not None
    assert parsed.utcoffset().total_seconds() == 0
    if utc is not None:
        assert parsed.replace(microsecond=0) == datetime(*utc, tzinfo=UTC)


@pytest.mark.parametrize("text", [None, "", "   ", "soon", "32 Foo 2020 99:99:99", "0000-00-00"])
def test_unreadable_dates_are_none(text: str | None) -> None:
    assert parse_date(text) is None
