"""Turning HTTP statuses and aiohttp failures into Tidings errors a person can act on.

Pure: the fetcher passes in what happened; nothing here touches the network.
"""

from __future__ import annotations

import errno
from datetime import datetime
from http import HTTPStatus

import aiohttp

from tidings.errors import (
    FeedGoneError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    RateLimitedError,
    UnsafeURLError,
)

GONE_MESSAGE = (
    "The publisher says this feed is gone for good (410); it has been disabled."
    " Remove it, or re-enable it if it comes back."
)


def _reason(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def seconds(value: float) -> str:
    """``10.0`` -> ``"10"``, ``0.5`` -> ``"0.5"``."""
    return f"{value:g}"


def status_error(status: int, url: str) -> HTTPStatusError:
    """The error for a final status that is neither success, 304, redirect nor rate limit."""
    if status == 410:
        return FeedGoneError(GONE_MESSAGE, url=url, status=status)
    if status == 404:
        text = (
            "HTTP 404: not found at this address – check it, or look for the feed again"
            " from the site's home page"
        )
    elif status in (401, 403, 407):
        text = (
            f"HTTP {_reason(status)}: access denied – the site does not let Tidings read this"
            " address (it may need a login or a subscription, or it blocks feed readers)"
        )
    elif status >= 500:
        text = f"HTTP {_reason(status)}: the server had an error; Tidings will retry later"
    elif 300 <= status < 400:
        text = f"HTTP {_reason(status)}: the server answered with a redirect Tidings cannot follow"
    else:
        text = f"HTTP {_reason(status)}: the server refused the request"
    return HTTPStatusError(text, url=url, status=status)


def rate_limited(
    host: str, status: int, until: datetime, url: str, *, sent: bool
) -> RateLimitedError:
    when = until.strftime("%Y-%m-%d %H:%M:%S UTC")
    if sent:
        text = (
            f"HTTP {_reason(status)}: {host} asked Tidings to wait until {when};"
            " it will not be asked again before then"
        )
    else:
        text = (
            f"Not sent: {host} asked Tidings to wait until {when} ({_reason(status)}),"
            " so no request goes there before then"
        )
    return RateLimitedError(text, url=url, status=status, retry_after=until)


def connection_error(
    exc: aiohttp.ClientError, url: str, host: str, *, connect_timeout: float, read_timeout: float
) -> FetchError:
    """Wrap an aiohttp exception raised while connecting or reading."""
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return FetchTimeoutError(
            f"{host} did not answer within {seconds(connect_timeout)} s (no connection)", url=url
        )
    if isinstance(exc, aiohttp.ServerTimeoutError):
        return FetchTimeoutError(f"{host} did not answer within {seconds(read_timeout)} s", url=url)
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return FetchError(
            f"Could not find the server {host}: the name does not resolve. Check the address"
            " for typos; if it is right, the site may be down or gone",
            url=url,
        )
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return FetchError(
            f"The secure connection to {host} failed: its certificate is not valid"
            f" ({exc.certificate_error})",
            url=url,
        )
    if isinstance(exc, aiohttp.ClientSSLError):
        return FetchError(f"The secure connection to {host} failed ({exc})", url=url)
    if isinstance(exc, aiohttp.ClientConnectorError):
        if exc.os_error.errno == errno.ECONNREFUSED:
            return FetchError(
                f"Could not connect to {host}: the connection was refused (is the site down?)",
                url=url,
            )
        return FetchError(f"Could not connect to {host} ({exc.strerror or exc})", url=url)
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return FetchError(f"{host} closed the connection without answering", url=url)
    if isinstance(exc, aiohttp.ClientPayloadError):
        return FetchError(f"{host} broke off the response before it was complete", url=url)
    if isinstance(exc, aiohttp.ClientResponseError):
        return FetchError(f"{host} sent an invalid HTTP response ({exc.message})", url=url)
    if isinstance(exc, aiohttp.InvalidURL):
        return UnsafeURLError(f"{url!r} is not a valid web address", url=url)
    return FetchError(f"Could not fetch from {host} ({type(exc).__name__}: {exc})", url=url)


def total_timeout_error(host: str, url: str, total: float) -> FetchTimeoutError:
    return FetchTimeoutError(
        f"{host} did not answer within {seconds(total)} s (the response was still arriving)",
        url=url,
    )


__all__ = [
    "GONE_MESSAGE",
    "connection_error",
    "rate_limited",
    "seconds",
    "status_error",
    "total_timeout_error",
]
