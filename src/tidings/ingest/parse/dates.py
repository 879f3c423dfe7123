"""Feed dates to UTC-aware datetimes.

Most feeds use RFC 822 (RSS) or RFC 3339 (Atom, JSON Feed); those take a fast
path here. Everything else (W3CDTF fragments, Korean, Greek, Hungarian or
Perforce styles, odd zones...) goes to feedparser's date parsers, which are the
field's reference for dates seen in the wild but are slower.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta

from feedparser.datetimes import _parse_date as _feedparser_parse_date

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ZONES = {
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
    "a": -1,
    "n": 1,
    "m": -12,
    "y": 12,
}
_RFC822 = re.compile(
    r"\s*(?:[a-z]{2,9},?\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2,4})\s+"
    r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?\s*$",
    re.IGNORECASE,
)
# Years outside this range are almost always typos; treat them as unknown.
_MIN_YEAR, _MAX_YEAR = 1970, 2200


_FIXED_ZONES = {"GMT": 0, "UTC": 0, "UT": 0, "Z": 0, "+0000": 0, "-0000": 0}


def _rfc822_canonical(value: str) -> datetime | None:
    """``Sun, 19 May 2002 15:21:36 GMT`` (or ``+hhmm``), the form most RSS feeds write, by slicing."""
    if (
        len(value) < 29
        or value[3] != ","
        or value[16] != " "
        or value[19] != ":"
        or value[22] != ":"
        or value[25] != " "
    ):
        return None
    month = _MONTHS.get(value[8:11].lower())
    digits = value[5:7] + value[12:16] + value[17:19] + value[20:22] + value[23:25]
    if month is None or value[7] != " " or value[11] != " " or not (digits.isascii() and digits.isdigit()):
        return None
    zone = value[26:]
    offset = _FIXED_ZONES.get(zone)
    if offset is None:
        if len(zone) != 5 or zone[0] not in "+-" or not (zone[1:].isascii() and zone[1:].isdigit()):
            return None
        offset = (int(zone[1:3]) * 60 + int(zone[3:])) * (1 if zone[0] == "+" else -1)
    try:
        when = datetime(
            int(digits[2:6]), month, int(digits[:2]), int(digits[6:8]), int(digits[8:10]),
            int(digits[10:12]), tzinfo=UTC,
        )
    except ValueError:
        return None
    return when - timedelta(minutes=offset) if offset else when


def _rfc822(value: str) -> datetime | None:
    match = _RFC822.match(value)
    if match is None:
        return None
    day, month_name, year_s, hour, minute, second, zone = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    year = int(year_s)
    if len(year_s) == 2:
        year += 2000 if year < 90 else 1900
    offset = 0
    if zone:
        z = zone.lower()
        if z[0] in "+-":
            digits = z[1:].replace(":", "")
            offset = (int(digits[:2]) * 60 + int(digits[2:])) * (1 if z[0] == "+" else -1)
        elif z in _ZONES:
            offset = _ZONES[z] * 60
        else:
            return None  # an unknown zone name: let the thorough parser decide
    try:
        local = datetime(year, month, int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    return (local - timedelta(minutes=offset)).replace(tzinfo=UTC)


def _iso8601(value: str) -> datetime | None:
    if len(value) < 10 or (value[4] != "-" and value[8:9] != "T"):  # 2003-12-31..., 20031231T...
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_date(value: str | None) -> datetime | None:
    """The instant ``value`` names, in UTC, or None when it names none we can read.

    Dates without a zone are taken to be UTC (as feedparser does).
    """
    if not value:
        return None
    value = value.strip()
    if not value:
        return None
    parsed = _iso8601(value) if value[:1].isdigit() else _rfc822_canonical(value)
    if parsed is None:
        parsed = _rfc822(value)
    if parsed is None:
        parsed = _slow(value)
    if parsed is None or not (_MIN_YEAR <= parsed.year <= _MAX_YEAR):
        return None
    return parsed


def _slow(value: str) -> datetime | None:
    try:
        parsed = _feedparser_parse_date(value)
    except Exception:  # noqa: BLE001 - a date we cannot read is no date, never a crash
        return None
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


__all__ = ["parse_date"]
