"""Where the sync handlers run: pages one at a time, slow work in a lane of its own.

The handlers are CPU-bound Python. Several threads in one process share the GIL
and interleave every few milliseconds, so every page in flight finishes late:
with four threads, 20 clients on two workers saw p95 45-57 ms on the list pages
and 1 s when opening unread entries (two workers' writes interleaved with
reads); one thread, each request run to the end in turn, gave 32-37 ms and
114 ms (bench/web_load.py, bench/README.md). But one thread means a slow
request holds up every page behind it, so work that can take long (a search
over every entry, hundreds of milliseconds) runs in a lane of its own threads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import FastAPI, Request

PAGE_THREADS = 1
SLOW_LANE_THREADS = 2

T = TypeVar("T")


def open_lanes(app: FastAPI) -> None:
    """In the app's lifespan (limiters belong to the running event loop)."""
    to_thread.current_default_thread_limiter().total_tokens = PAGE_THREADS
    app.state.slow_lane = CapacityLimiter(SLOW_LANE_THREADS)


async def in_slow_lane(request: Request, work: Callable[..., T], *args: Any) -> T:
    """``work(*args)`` in a thread of the slow lane, beside the pages' thread."""
    limiter = request.app.state.slow_lane
    return await to_thread.run_sync(functools.partial(work, *args), limiter=limiter)
