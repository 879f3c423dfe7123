"""How ``tidings serve`` runs: the fast loop and parser, and a few handler threads."""

from __future__ import annotations

from importlib.util import find_spec

import anyio.to_thread
from starlette.testclient import TestClient

from tidings.web.app import HANDLER_THREADS
from tidings.web.server import fast_protocols


def test_uvloop_and_httptools_when_installed() -> None:
    expected = {"loop": "uvloop" if find_spec("uvloop") else "asyncio",
                "http": "httptools" if find_spec("httptools") else "h11"}
    assert fast_protocols() == expected
    assert find_spec("uvloop") and find_spec("httptools")  # uvicorn[standard], a dependency


def test_the_sync_handlers_get_a_few_threads(app) -> None:
    seen: list[int] = []

    @app.get("/_threads")
    async def threads() -> dict[str, int]:
        seen.append(int(anyio.to_thread.current_default_thread_limiter().total_tokens))
        return {}

    with TestClient(app) as client:  # runs the lifespan
        assert client.get("/_threads").status_code == 200
    assert seen == [HANDLER_THREADS]
