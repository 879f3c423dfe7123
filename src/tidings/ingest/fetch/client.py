"""The Fetcher: one aiohttp session, safe and polite, for thousands of concurrent fetches.

One :meth:`Fetcher.fetch` is a conditional GET followed hop by hop through
redirects. Every hop is checked by the URL policy (:mod:`.netguard`), connects
only to addresses the guarded resolver (:mod:`.resolver`) let through, waits
for a global and a per-host slot (:mod:`.limits`), and reads its body through
the bounded decoder (:mod:`.decode`). Statuses and failures become Tidings
errors (:mod:`.messages`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import perf_counter
from types import TracebackType

import aiohttp
from aiohttp.abc import AbstractResolver
from multidict import CIMultiDictProxy
from yarl import URL

from tidings.clock import utcnow
from tidings.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    RedirectError,
    ResponseTooLargeError,
    UnsafeURLError,
)
from tidings.ingest.fetch.cachehints import parse_cache_hints, parse_retry_after
from tidings.ingest.fetch.decode import ACCEPT_ENCODING, BodyDecoder
from tidings.ingest.fetch.limits import ConcurrencySlots, HostBlocks, HostKey
from tidings.ingest.fetch.messages import (
    connection_error,
    rate_limited,
    status_error,
    total_timeout_error,
)
from tidings.ingest.fetch.netguard import checked_url
from tidings.ingest.fetch.resolver import GuardedResolver
from tidings.settings import Settings
from tidings.types import FetchResult

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json,"
    " application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8,"
    " application/json;q=0.7, */*;q=0.1"
)
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"

REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
# A 429 without Retry-After still means "slow down": the host rests this long.
DEFAULT_RATE_LIMIT_WAIT = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class _Hop:
    """One request and its response, the body read only when it will be returned."""

    url: URL
    status: int
    headers: CIMultiDictProxy[str]
    body: bytes | None
    seconds: float


class Fetcher:
    """Fetches documents over HTTP(S) under Tidings' safety and politeness rules.

    Use as ``async with Fetcher(settings) as fetcher: await fetcher.fetch(url)``;
    one instance serves any number of concurrent :meth:`fetch` calls on its
    event loop. ``resolver`` replaces DNS (e.g. a
    :class:`~tidings.ingest.fetch.resolver.StaticResolver` in tests); its
    answers are still filtered by the address policy.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
        resolver: AbstractResolver | None = None,
    ) -> None:
        self._settings = settings
        self._clock = clock
        self._allow_private = settings.allow_private_networks
        self._inner_resolver = resolver
        self._guard: GuardedResolver | None = None
        self._session: aiohttp.ClientSession | None = None
        self._slots = ConcurrencySlots(settings.max_connections, settings.max_connections_per_host)
        self._blocks = HostBlocks()
        self._longest_wait = timedelta(minutes=settings.max_interval_minutes)
        # No total here: it is enforced per fetch, from when a slot is held.
        self._timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None,
            sock_connect=settings.connect_timeout,
            sock_read=settings.read_timeout,
        )
        self._base_headers = {
            "User-Agent": settings.user_agent,
            "Accept-Encoding": ACCEPT_ENCODING,
        }

    async def __aenter__(self) -> Fetcher:  # noqa: PYI034 - the documented API
        resolver: AbstractResolver | None = self._inner_resolver
        if not self._allow_private:
            resolver = self._guard = GuardedResolver(resolver)
        connector = aiohttp.TCPConnector(
            limit=self._settings.max_connections,
            limit_per_host=self._settings.max_connections_per_host,
            resolver=resolver,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=self._timeout,
            auto_decompress=False,  # decode.py decompresses, within the size cap
            trust_env=False,  # never pick up proxies from the environment
            cookie_jar=aiohttp.DummyCookieJar(),  # feeds do not share cookies
            raise_for_status=False,
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()  # closes the connector and a resolver it made itself
        if self._guard is not None:
            guard, self._guard = self._guard, None
            await guard.close()

    def remember_wait(self, url: str, until: datetime, status: int = 429) -> None:
        """Honour a host's earlier "come back at ``until``" (stored with a feed) in this fetcher.

        Retry-After outlives one process: ``tidings refresh`` run twice in a row
        must not ask a host again before the time it gave.
        """
        parsed = URL(url)
        self._blocks.block((parsed.raw_host or "", parsed.port or 0), until, status)

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET ``url``, conditionally when validators are given, following redirects.

        Returns the final response (2xx with its decoded body, or 304 with
        ``body=None``). Raises :class:`UnsafeURLError` / :class:`BlockedAddressError`
        for addresses the policy refuses (at any hop), :class:`RedirectError`,
        :class:`ResponseTooLargeError` (over ``max_bytes``, default
        ``settings.max_body_bytes``, received or decoded),
        :class:`FetchTimeoutError`, :class:`RateLimitedError` (429/503, and at
        once without a request while the host asked to wait),
        :class:`FeedGoneError` (410), :class:`HTTPStatusError` (other statuses)
        and :class:`FetchError` for network failures.
        """
        session = self._session
        if session is None:
            raise RuntimeError("use the Fetcher inside 'async with'")
        started = perf_counter()
        limit = max_bytes or self._settings.max_body_bytes
        headers = {**self._base_headers, "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified

        current = checked_url(url, allow_private=self._allow_private)
        visited = {current}
        permanent = True
        budget = self._settings.total_timeout
        previous: URL | None = None
        for redirects in range(self._settings.max_redirects + 1):
            try:
                hop = await self._request(session, current, headers, limit, budget)
            except BlockedAddressError as exc:
                if previous is None:
                    raise
                raise _refused_redirect(previous, exc) from None
            budget -= hop.seconds
            status = hop.status
            if status not in REDIRECTS:
                break
            target = self._redirect_target(hop, redirects, visited)
            permanent = permanent and status in PERMANENT_REDIRECTS
            visited.add(target)
            previous, current = current, target
        else:  # pragma: no cover - the loop always breaks or raises
            raise AssertionError

        if status >= 300 and status != 304:
            raise self._failure(hop)
        now = self._clock()
        return FetchResult(
            requested_url=url,
            url=str(current),
            status=status,
            body=hop.body,
            content_type=hop.headers.get("Content-Type"),
            headers=hop.headers,
            cache=parse_cache_hints(
                hop.headers,
                status=status,
                now=now,
                sent_etag=etag,
                sent_last_modified=last_modified,
            ),
            permanent_url=str(current) if permanent and len(visited) > 1 else None,
            elapsed_seconds=perf_counter() - started,
        )

    async def _request(
        self,
        session: aiohttp.ClientSession,
        url: URL,
        headers: dict[str, str],
        limit: int,
        budget: float,
    ) -> _Hop:
        """One GET, within the host's slot and the remaining total-time ``budget``."""
        host = url.raw_host or ""
        key: HostKey = (host, url.port or 0)
        if self._blocks:
            self._refuse_if_blocked(key, url)
        await self._slots.acquire(key)
        started = perf_counter()
        timer = None
        try:
            async with asyncio.timeout(max(budget, 0.0)) as timer:
                async with session.get(url, headers=headers, allow_redirects=False) as resp:
                    status = resp.status
                    body = None
                    if 200 <= status < 300:
                        body = await _read_body(resp, limit)
                    return _Hop(url, status, resp.headers, body, perf_counter() - started)
        except TimeoutError as exc:
            if timer is not None and timer.expired():
                raise total_timeout_error(host, str(url), self._settings.total_timeout) from None
            if isinstance(exc, aiohttp.ClientError):
                raise self._connection_error(exc, url) from None
            raise FetchTimeoutError(f"{host} did not answer in time", url=str(url)) from None
        except aiohttp.ClientError as exc:
            raise self._connection_error(exc, url) from None
        except OSError as exc:  # a socket error aiohttp did not wrap
            raise FetchError(f"Could not fetch from {host} ({exc})", url=str(url)) from None
        except FetchError as exc:  # the resolver's refusal, or the decoder's
            exc.url = exc.url or str(url)
            raise
        finally:
            self._slots.release(key)

    def _connection_error(self, exc: aiohttp.ClientError, url: URL) -> FetchError:
        return connection_error(
            exc,
            str(url),
            url.raw_host or "",
            connect_timeout=self._settings.connect_timeout,
            read_timeout=self._settings.read_timeout,
        )

    def _refuse_if_blocked(self, key: HostKey, url: URL) -> None:
        blocked = self._blocks.blocked(key, self._clock())
        if blocked is not None:
            until, status = blocked
            raise rate_limited(url.raw_host or "", status, until, str(url), sent=False)

    def _redirect_target(self, hop: _Hop, redirects: int, visited: set[URL]) -> URL:
        location = hop.headers.get("Location")
        where = str(hop.url)
        if not location:
            raise RedirectError(
                f"{where} answered {hop.status} (a redirect) without saying where to", url=where
            )
        try:
            target = hop.url.join(URL(location.strip()))
            target = checked_url(target, allow_private=self._allow_private)
        except UnsafeURLError as exc:
            raise _refused_redirect(hop.url, exc) from None
        except ValueError:
            raise UnsafeURLError(
                f"{where} redirects to an invalid address: {location[:200]!r}", url=where
            ) from None
        if target in visited:
            raise RedirectError(
                f"Redirect loop: {where} sends Tidings back to {target}, already visited", url=where
            )
        if redirects >= self._settings.max_redirects:
            raise RedirectError(
                f"Too many redirects (more than {self._settings.max_redirects}); the last one"
                f" was from {where} to {target}",
                url=where,
            )
        return target

    def _failure(self, hop: _Hop) -> FetchError:
        """The error for a final status other than 2xx/304, remembering rate limits."""
        status, url, host = hop.status, str(hop.url), hop.url.raw_host or ""
        if status in (429, 503):
            now = self._clock()
            until = parse_retry_after(hop.headers.get("Retry-After"), now=now)
            if until is None and status == 429:
                until = now + DEFAULT_RATE_LIMIT_WAIT
            if until is not None and until > now:
                until = min(until, now + self._longest_wait)
                self._blocks.block((host, hop.url.port or 0), until, status)
                return rate_limited(host, status, until, url, sent=True)
        return status_error(status, url)


def _refused_redirect(source: URL, exc: UnsafeURLError) -> UnsafeURLError:
    """The policy's refusal of a redirect target, saying which address redirected."""
    kind = BlockedAddressError if isinstance(exc, BlockedAddressError) else UnsafeURLError
    return kind(f"{source} redirects to an address Tidings refuses: {exc.message}", url=str(source))


async def _read_body(resp: aiohttp.ClientResponse, limit: int) -> bytes:
    declared = resp.content_length
    decoder = BodyDecoder(resp.headers.get("Content-Encoding"), limit)
    if declared is not None and declared > limit:
        raise ResponseTooLargeError(
            f"The response is {declared} bytes, over the {limit}-byte limit; Tidings did not"
            " read it. The operator can raise TIDINGS_MAX_BODY_BYTES if this feed is genuine."
        )
    async for chunk in resp.content.iter_any():
        decoder.feed(chunk)
    return decoder.finish()


__all__ = ["FEED_ACCEPT", "HTML_ACCEPT", "Fetcher"]
