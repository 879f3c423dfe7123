"""The worker runs extraction beside refreshing: a failing or slow round never stops it."""

from __future__ import annotations

import asyncio

import pytest

from tidings.ingest.worker import run_worker

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_failing_background_round_does_not_stop_the_worker(db, settings):
    stop = asyncio.Event()
    calls = []

    async def failing(event: asyncio.Event) -> None:
        calls.append(event)
        if len(calls) == 3:
            stop.set()
        raise RuntimeError("extraction broke")

    rounds = await asyncio.wait_for(
        run_worker(db, settings, stop=stop, poll_seconds=0.01, after_round=failing), 5
    )
    assert rounds == 0  # no feeds were due
    assert len(calls) == 3 and all(event is stop for event in calls)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_slow_background_round_is_not_restarted_and_stops_with_the_worker(db, settings):
    stop = asyncio.Event()
    started, finished = [], []

    async def slow(event: asyncio.Event) -> None:
        started.append(1)
        await event.wait()  # stands for a long extraction that honours stop
        finished.append(1)

    worker = asyncio.create_task(
        run_worker(db, settings, stop=stop, poll_seconds=0.01, after_round=slow)
    )
    await asyncio.sleep(0.2)  # many polls
    assert started == [1] and not worker.done()
    stop.set()
    await asyncio.wait_for(worker, 5)
    assert finished == [1]
