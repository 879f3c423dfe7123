"""Per-host concurrency and rate-limit memory, counted on the server side."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from tidings.errors import HTTPStatusError, RateLimitedError
from tidings.ingest.fetch import Fetcher, StaticResolver

from .conftest import FEED, NOW, FakeClock, LocalServer, http_date, settings


async def test_per_host_limit_is_respected(server: LocalServer) -> None:
    async with Fetcher(settings(max_connections_per_host=2)) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(server.url("/slow")) for _ in range(10)))
    assert all(r.body == FEED for r in results)
    assert server.state.hits["/slow"] == 10
    assert server.state.max_in_flight == 2


async def test_global_limit_spans_hosts(server: LocalServer) -> None:
    names = {f"h{i}.example": ["127.0.0.1"] for i in range(4)}
    config = settings(max_connections=3, max_connections_per_host=2)
    async with Fetcher(config, resolver=StaticResolver(names)) as fetcher:
        await asyncio.gather(
            *(
                fetcher.fetch(f"http://{name}:{server.port}/slow")
                for name in names
                for _ in range(3)
            )
        )
    assert server.state.hits["/slow"] == 12
    assert server.state.max_in_flight == 3


async def test_many_conditional_gets_share_connections(server: LocalServer) -> None:
    async with Fetcher(settings(max_connections_per_host=8)) as fetcher:
        results = await asyncio.gather(
            *(fetcher.fetch(server.url("/feed"), etag='"v1"') for _ in range(300))
        )
    assert all(r.not_modified for r in results)
    # Keep-alive: 300 requests over at most 8 connections.
    assert server.state.hits["/feed"] == 300
    assert 1 <= len(server.state.peers) <= 8


@pytest.mark.parametrize("retry_after", ["120", "date"])
async def test_429_blocks_the_host_until_retry_after(server: LocalServer, retry_after: str) -> None:
    clock = FakeClock()
    until = NOW + timedelta(seconds=120)
    value = http_date(until) if retry_after == "date" else retry_after
    async with Fetcher(settings(), clock=clock) as fetcher:
        with pytest.raises(RateLimitedError) as first:
            await fetcher.fetch(server.url(f"/status/429?retry={value.replace(' ', '%20')}"))
        assert first.value.status == 429
        assert first.value.retry_after == until
        assert "asked Tidings to wait until 2026-11-24 01:02:00 UTC" in first.value.message

        # Any address on that host is refused at once, without a request.
        with pytest.raises(RateLimitedError) as second:
            await fetcher.fetch(server.url("/feed"))
        assert second.value.retry_after == until
        assert second.value.message.startswith("Not sent:")
        assert server.state.hits["/feed"] == 0

        clock.now = until + timedelta(seconds=1)
        result = await fetcher.fetch(server.url("/feed"))
    assert result.body == FEED
    assert server.state.hits["/feed"] == 1


async def test_503_with_retry_after_blocks_the_host(server: LocalServer) -> None:
    async with Fetcher(settings(), clock=FakeClock()) as fetcher:
        with pytest.raises(RateLimitedError) as caught:
            await fetcher.fetch(server.url("/status/503?retry=30"))
        assert caught.value.status == 503
        with pytest.raises(RateLimitedError):
            await fetcher.fetch(server.url("/feed"))
    assert server.state.hits["/feed"] == 0


async def test_503_without_retry_after_does_not_block(server: LocalServer) -> None:
    async with Fetcher(settings(), clock=FakeClock()) as fetcher:
        with pytest.raises(HTTPStatusError) as caught:
            await fetcher.fetch(server.url("/status/503"))
        assert not isinstance(caught.value, RateLimitedError)
        assert (await fetcher.fetch(server.url("/feed"))).body == FEED


async def test_block_is_per_host(server: LocalServer) -> None:
    resolver = StaticResolver({"busy.example": ["127.0.0.1"], "calm.example": ["127.0.0.1"]})
    async with Fetcher(settings(), clock=FakeClock(), resolver=resolver) as fetcher:
        with pytest.raises(RateLimitedError):
            await fetcher.fetch(f"http://busy.example:{server.port}/status/429?retry=60")
        result = await fetcher.fetch(f"http://calm.example:{server.port}/feed")
    assert result.body == FEED


async def test_absurd_retry_after_is_capped(server: LocalServer) -> None:
    async with Fetcher(settings(max_interval_minutes=60), clock=FakeClock()) as fetcher:
        with pytest.raises(RateLimitedError) as caught:
            await fetcher.fetch(server.url("/status/429?retry=99999999"))
    assert caught.value.retry_after == NOW + timedelta(minutes=60)
