"""The fetcher against a real local server: conditional GET, redirects, statuses, encodings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tidings.errors import (
    FeedGoneError,
    FetchError,
    HTTPStatusError,
    RedirectError,
)
from tidings.ingest.fetch import FEED_ACCEPT, Fetcher, StaticResolver

from .conftest import ETAG, FEED, LAST_MODIFIED, NOW, FakeClock, LocalServer, http_date, settings


async def test_200_then_304_on_conditional_get(server: LocalServer) -> None:
    async with Fetcher(settings(), clock=FakeClock()) as fetcher:
        first = await fetcher.fetch(server.url("/feed"))
        assert first.status == 200
        assert first.body == FEED
        assert first.content_type == "application/rss+xml; charset=utf-8"
        assert first.cache.etag == ETAG
        assert first.cache.last_modified == LAST_MODIFIED
        assert first.elapsed_seconds > 0

        again = await fetcher.fetch(
            server.url("/feed"), etag=first.cache.etag, last_modified=first.cache.last_modified
        )
        assert again.not_modified
        assert again.body is None
        assert again.cache.etag == ETAG
        # The server did not repeat Last-Modified: the one sent is kept for storage.
        assert again.cache.last_modified == LAST_MODIFIED

        by_date = await fetcher.fetch(server.url("/feed"), last_modified=LAST_MODIFIED)
        assert by_date.status == 304
    sent = server.state.requests[1].headers
    assert sent["If-None-Match"] == ETAG
    assert sent["If-Modified-Since"] == LAST_MODIFIED
    assert "If-None-Match" not in server.state.requests[0].headers


async def test_sends_honest_user_agent_accept_and_encodings(server: LocalServer) -> None:
    config = settings(user_agent="Tidings-test/1 (+https://example.org/bot)")
    async with Fetcher(config) as fetcher:
        await fetcher.fetch(server.url("/feed"))
    sent = server.state.requests[0].headers
    assert sent["User-Agent"] == "Tidings-test/1 (+https://example.org/bot)"
    assert sent["Accept"] == FEED_ACCEPT
    assert {"gzip", "deflate", "br"} <= {c.strip() for c in sent["Accept-Encoding"].split(",")}


@pytest.mark.parametrize("code", [301, 308])
async def test_permanent_redirect_chain_sets_permanent_url(server: LocalServer, code: int) -> None:
    async with Fetcher(settings()) as fetcher:
        result = await fetcher.fetch(server.url(f"/redirect/{code}/3"))
    assert result.status == 200
    assert result.body == FEED
    assert result.requested_url == server.url(f"/redirect/{code}/3")
    assert result.url == server.url("/feed")
    assert result.permanent_url == server.url("/feed")
    assert server.state.hits[f"/redirect/{code}/3"] == 1
    assert server.state.hits["/feed"] == 1


@pytest.mark.parametrize("code", [302, 303, 307])
async def test_temporary_redirect_keeps_stored_url(server: LocalServer, code: int) -> None:
    async with Fetcher(settings()) as fetcher:
        result = await fetcher.fetch(server.url(f"/redirect/{code}/2"))
    assert result.url == server.url("/feed")
    assert result.body == FEED
    assert result.permanent_url is None


async def test_permanent_then_temporary_keeps_stored_url(server: LocalServer) -> None:
    async with Fetcher(settings()) as fetcher:
        result = await fetcher.fetch(server.url("/to?code=301&url=/redirect/302/1"))
    assert result.url == server.url("/feed")
    assert result.permanent_url is None


async def test_conditional_headers_follow_redirects(server: LocalServer) -> None:
    async with Fetcher(settings()) as fetcher:
        result = await fetcher.fetch(server.url("/redirect/301/1"), etag=ETAG)
    assert result.not_modified
    assert result.permanent_url == server.url("/feed")


async def test_redirect_loop_is_reported(server: LocalServer) -> None:
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(RedirectError, match="Redirect loop"):
            await fetcher.fetch(server.url("/loop/a"))
    assert server.state.hits["/loop/a"] == 1
    assert server.state.hits["/loop/b"] == 1


async def test_too_many_redirects(server: LocalServer) -> None:
    async with Fetcher(settings(max_redirects=2)) as fetcher:
        ok = await fetcher.fetch(server.url("/redirect/301/2"))
        assert ok.status == 200
        with pytest.raises(RedirectError, match=r"Too many redirects \(more than 2\)"):
            await fetcher.fetch(server.url("/redirect/301/3"))
    assert server.state.hits["/feed"] == 1  # the chain of 3 stopped before its target


async def test_redirect_without_location(server: LocalServer) -> None:
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(RedirectError, match="without saying where"):
            await fetcher.fetch(server.url("/no-location"))


@pytest.mark.parametrize(
    ("code", "error", "words"),
    [
        (404, HTTPStatusError, "not found at this address – check it, or look for the feed again"),
        (401, HTTPStatusError, "access denied"),
        (403, HTTPStatusError, "access denied"),
        (400, HTTPStatusError, "refused the request"),
        (500, HTTPStatusError, "the server had an error; Tidings will retry later"),
        (502, HTTPStatusError, "the server had an error; Tidings will retry later"),
        (503, HTTPStatusError, "the server had an error; Tidings will retry later"),
        (
            410,
            FeedGoneError,
            (
                "The publisher says this feed is gone for good (410); it has been"
                " disabled. Remove it, or re-enable it if it comes back."
            ),
        ),
    ],
)
async def test_error_statuses_have_actionable_messages(
    server: LocalServer, code: int, error: type[HTTPStatusError], words: str
) -> None:
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(error) as caught:
            await fetcher.fetch(server.url(f"/status/{code}"))
    assert caught.value.status == code
    assert words in caught.value.message
    assert caught.value.url == server.url(f"/status/{code}")


async def test_cache_control_max_age(server: LocalServer) -> None:
    async with Fetcher(settings(), clock=FakeClock()) as fetcher:
        result = await fetcher.fetch(server.url("/cache?Cache-Control=public,%20max-age=600"))
    assert result.cache.fresh_until == NOW + timedelta(seconds=600)


async def test_expires_is_read_relative_to_server_date(server: LocalServer) -> None:
    # The server's clock is a day behind; its Expires still means "in one hour".
    server_now = NOW - timedelta(days=1)
    query = f"Date={http_date(server_now)}&Expires={http_date(server_now + timedelta(hours=1))}"
    async with Fetcher(settings(), clock=FakeClock()) as fetcher:
        result = await fetcher.fetch(server.url("/cache?" + query.replace(" ", "%20")))
    assert result.cache.fresh_until == NOW + timedelta(hours=1)


async def test_no_cache_promises_nothing(server: LocalServer) -> None:
    async with Fetcher(settings(), clock=FakeClock()) as fetcher:
        result = await fetcher.fetch(server.url("/cache?Cache-Control=no-cache,%20max-age=600"))
    assert result.cache.fresh_until is None


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate-zlib", "deflate-raw"])
async def test_compressed_bodies_are_decoded(server: LocalServer, coding: str) -> None:
    async with Fetcher(settings()) as fetcher:
        result = await fetcher.fetch(server.url(f"/encoded/{coding}"))
    assert result.body == FEED


async def test_unknown_name_is_a_plain_dns_error(server: LocalServer) -> None:
    async with Fetcher(settings(), resolver=StaticResolver({})) as fetcher:
        with pytest.raises(FetchError, match="Could not find the server nowhere.example"):
            await fetcher.fetch(f"http://nowhere.example:{server.port}/feed")


async def test_connection_refused_is_plain(closed_port: int) -> None:
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(FetchError, match="connection was refused"):
            await fetcher.fetch(f"http://127.0.0.1:{closed_port}/feed")


async def test_names_resolve_through_the_given_resolver(server: LocalServer) -> None:
    resolver = StaticResolver({"feeds.example.com": ["127.0.0.1"]})
    async with Fetcher(settings(), resolver=resolver) as fetcher:
        result = await fetcher.fetch(f"http://feeds.example.com:{server.port}/feed")
    assert result.body == FEED
    assert server.state.requests[0].headers["Host"] == f"feeds.example.com:{server.port}"
