"""Timeouts and size caps: a slow, silent or enormous server cannot hold or flood Tidings."""

from __future__ import annotations

import asyncio
import resource
import time
import tracemalloc

import pytest

from tidings.errors import FetchTimeoutError, ResponseTooLargeError
from tidings.ingest.fetch import Fetcher

from .conftest import FEED, LocalServer, MiB, brotli_bomb, settings


async def test_connect_timeout(silent_port: int) -> None:
    started = time.monotonic()
    async with Fetcher(settings(connect_timeout=0.3)) as fetcher:
        with pytest.raises(FetchTimeoutError, match=r"did not answer within 0.3 s"):
            await fetcher.fetch(f"http://127.0.0.1:{silent_port}/feed")
    assert time.monotonic() - started < 3


async def test_read_timeout_when_headers_never_come(server: LocalServer) -> None:
    async with Fetcher(settings(read_timeout=0.3)) as fetcher:
        with pytest.raises(FetchTimeoutError, match=r"127.0.0.1 did not answer within 0.3 s"):
            await fetcher.fetch(server.url("/stall"))
    assert server.state.hits["/stall"] == 1


async def test_slow_drip_body_hits_total_timeout(server: LocalServer) -> None:
    # A byte every 50 ms never trips the read timeout, only the total one.
    started = time.monotonic()
    async with Fetcher(settings(read_timeout=1, total_timeout=0.6)) as fetcher:
        with pytest.raises(FetchTimeoutError, match=r"did not answer within 0.6 s \(the response"):
            await fetcher.fetch(server.url("/drip"))
    assert time.monotonic() - started < 2
    assert 3 <= server.state.bytes_sent["/drip"] < 100


async def test_queueing_does_not_count_against_total_timeout(server: LocalServer) -> None:
    # 8 fetches of 0.1 s through one connection take 0.8 s in all, over the
    # 0.5 s total; each one alone is well within it.
    async with Fetcher(settings(max_connections_per_host=1, total_timeout=0.5)) as fetcher:
        results = await asyncio.gather(*(fetcher.fetch(server.url("/slow")) for _ in range(8)))
    assert [r.body for r in results] == [FEED] * 8


@pytest.mark.parametrize("declare", [False, True])
async def test_body_over_the_cap_is_refused(server: LocalServer, declare: bool) -> None:
    query = "/big?size=10485760" + ("&declare=1" if declare else "")
    async with Fetcher(settings()) as fetcher:
        with pytest.raises(ResponseTooLargeError, match="TIDINGS_MAX_BODY_BYTES"):
            await fetcher.fetch(server.url(query), max_bytes=MiB)
        # Exactly at the cap is fine.
        ok = await fetcher.fetch(server.url(f"/big?size={MiB}"), max_bytes=MiB)
    assert len(ok.body or b"") == MiB


async def test_settings_cap_applies_by_default(server: LocalServer) -> None:
    async with Fetcher(settings(max_body_bytes=64 * 1024)) as fetcher:
        with pytest.raises(ResponseTooLargeError):
            await fetcher.fetch(server.url("/big?size=100000"))


@pytest.mark.parametrize("kind", ["gzip", "br"])
async def test_compression_bomb_stops_at_the_cap_with_bounded_memory(
    server: LocalServer, kind: str
) -> None:
    # 1 GiB of zeros, compressed; the cap is 2 MiB. Unbounded decoding would
    # grow memory by the full gigabyte.
    config = settings()
    brotli_bomb()  # built before measuring: the server's work is not the client's memory
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    tracemalloc.start()
    try:
        async with Fetcher(config) as fetcher:
            with pytest.raises(ResponseTooLargeError, match="once decompressed"):
                await fetcher.fetch(server.url(f"/bomb/{kind}"), max_bytes=2 * MiB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert peak < 16 * MiB
    assert rss_growth * 1024 < 64 * MiB
