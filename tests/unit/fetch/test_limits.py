"""Concurrency slots and the rate-limit memory, on their own."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from tidings.ingest.fetch.limits import ConcurrencySlots, HostBlocks

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


async def test_slots_limit_per_host_and_in_total_and_forget_idle_hosts() -> None:
    slots = ConcurrencySlots(total=3, per_host=2)
    running: dict[str, int] = {"a": 0, "b": 0, "all": 0}
    peak: dict[str, int] = {"a": 0, "b": 0, "all": 0}

    async def work(host: str) -> None:
        await slots.acquire((host, 80))
        try:
            for name in (host, "all"):
                running[name] += 1
                peak[name] = max(peak[name], running[name])
            await asyncio.sleep(0.01)
            for name in (host, "all"):
                running[name] -= 1
        finally:
            slots.release((host, 80))

    await asyncio.gather(*(work(h) for h in "ab" * 6))
    assert peak == {"a": 2, "b": 2, "all": 3}
    assert slots._hosts == {}  # no memory kept for hosts with nothing in flight


async def test_cancelled_waiter_gives_its_place_back() -> None:
    slots = ConcurrencySlots(total=1, per_host=1)
    await slots.acquire(("a", 80))
    waiter = asyncio.create_task(slots.acquire(("a", 80)))
    await asyncio.sleep(0)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    slots.release(("a", 80))
    await asyncio.wait_for(slots.acquire(("a", 80)), 1)  # not stuck
    slots.release(("a", 80))
    assert slots._hosts == {}


def test_blocks_expire_and_keep_the_latest_time() -> None:
    blocks = HostBlocks()
    key = ("example.com", 443)
    blocks.block(key, NOW + timedelta(minutes=5), 429)
    blocks.block(key, NOW + timedelta(minutes=1), 503)  # an earlier time does not shorten it
    assert blocks.blocked(key, NOW) == (NOW + timedelta(minutes=5), 429)
    assert blocks.blocked(("other.example", 443), NOW) is None
    assert blocks.blocked(key, NOW + timedelta(minutes=5)) is None
    assert len(blocks) == 0
