"""How ``tidings serve`` runs: the fast loop and parser, pages one at a time, slow work beside them."""

from __future__ import annotations

import asyncio
import threading
from importlib.util import find_spec

import anyio.to_thread
import httpx
from fastapi import Request

from tidings.web.lanes import PAGE_THREADS, in_slow_lane
from tidings.web.server import fast_protocols


def test_uvloop_and_httptools_when_installed() -> None:
    expected = {"loop": "uvloop" if find_spec("uvloop") else "asyncio",
                "http": "httptools" if find_spec("httptools") else "h11"}
    assert fast_protocols() == expected
    assert find_spec("uvloop") and find_spec("httptools")  # uvicorn[standard], a dependency


def test_a_page_is_answered_while_slow_work_runs_in_its_own_lane(app) -> None:
    release = threading.Event()

    @app.get("/_slow")
    async def slow(request: Request) -> dict[str, bool]:
        return {"released": await in_slow_lane(request, release.wait, 10)}

    @app.get("/_page")
    def page() -> dict[str, bool]:  # a sync handler, like the reader's pages
        return {"answered": True}

    async def scenario() -> None:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
                waiting = asyncio.create_task(client.get("/_slow"))
                lane = app.state.slow_lane
                for _ in range(500):  # until the slow request holds its lane's thread
                    if lane.borrowed_tokens:
                        break
                    await asyncio.sleep(0.01)
                assert lane.borrowed_tokens == 1
                assert (await client.get("/_page")).json() == {"answered": True}
                assert not waiting.done()  # the page did not wait for it
                release.set()
                assert (await waiting).json() == {"released": True}

    try:
        asyncio.run(asyncio.wait_for(scenario(), 30))
    finally:
        release.set()


def test_pages_run_one_at_a_time(app) -> None:
    async def scenario() -> int:
        async with app.router.lifespan_context(app):
            return int(anyio.to_thread.current_default_thread_limiter().total_tokens)

    assert asyncio.run(scenario()) == PAGE_THREADS == 1
