"""A real HTTP server on 127.0.0.1 for the fetcher tests, with server-side counters.

Routes are small and named for what they do; handlers that stall wait on
``state.release`` so the server shuts down at once after each test.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime

import brotli
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from tidings.settings import Settings, load_settings

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 24 Nov 2026 00:00:00 GMT"
NOW = datetime(2026, 11, 24, 1, 0, 0, tzinfo=UTC)
MiB = 1 << 20
BOMB_SIZE = 1 << 30  # 1 GiB of zeros, compressed to about a megabyte


@dataclass
class ServerState:
    hits: Counter[str] = field(default_factory=Counter)
    requests: list[web.BaseRequest] = field(default_factory=list)
    peers: set[object] = field(default_factory=set)  # client (host, port): one per connection
    in_flight: int = 0
    max_in_flight: int = 0
    bytes_sent: Counter[str] = field(default_factory=Counter)
    release: asyncio.Event = field(default_factory=asyncio.Event)


class FakeClock:
    """An injectable "now" that tests move by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _gzip_bomb_parts() -> tuple[bytes, bytes]:
    """(gzip header + first block, one more block): each block is 1 MiB of zeros.

    A full flush resets the compressor, so every block after the first is the
    same bytes: the server can stream a gigabyte while compressing only once.
    """
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    first = co.compress(bytes(MiB)) + co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(bytes(MiB)) + co.flush(zlib.Z_FULL_FLUSH)
    return first, block


_BROTLI_BOMB: bytes | None = None


def brotli_bomb() -> bytes:
    """1 GiB of zeros as brotli: about 800 bytes (built once, in under a second)."""
    global _BROTLI_BOMB
    if _BROTLI_BOMB is None:
        c = brotli.Compressor(quality=5, lgwin=24)
        zeros = bytes(MiB)
        _BROTLI_BOMB = b"".join(c.process(zeros) for _ in range(BOMB_SIZE // MiB)) + c.finish()
    return _BROTLI_BOMB


def build_app(state: ServerState) -> web.Application:
    routes = web.RouteTableDef()

    @web.middleware
    async def count(request: web.Request, handler: Callable) -> web.StreamResponse:
        state.hits[request.path] += 1
        state.requests.append(request)
        if request.transport is not None:
            state.peers.add(request.transport.get_extra_info("peername"))
        state.in_flight += 1
        state.max_in_flight = max(state.max_in_flight, state.in_flight)
        try:
            return await handler(request)
        finally:
            state.in_flight -= 1

    @routes.get("/feed")
    async def feed(request: web.Request) -> web.Response:
        validators = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
        if request.headers.get("If-None-Match") == ETAG:
            return web.Response(status=304, headers={"ETag": ETAG})
        if request.headers.get("If-Modified-Since") == LAST_MODIFIED:
            return web.Response(status=304)
        return web.Response(
            body=FEED, headers={**validators, "Content-Type": "application/rss+xml; charset=utf-8"}
        )

    @routes.get("/redirect/{code}/{n}")
    async def redirect_chain(request: web.Request) -> web.Response:
        code, n = int(request.match_info["code"]), int(request.match_info["n"])
        target = "/feed" if n <= 1 else f"/redirect/{code}/{n - 1}"
        return web.Response(status=code, headers={"Location": target})

    @routes.get("/to")
    async def to(request: web.Request) -> web.Response:
        """Redirect (status ``code``, default 302) to the ``url`` query parameter."""
        code = int(request.query.get("code", "302"))
        return web.Response(status=code, headers={"Location": request.query["url"]})

    @routes.get("/no-location")
    async def no_location(request: web.Request) -> web.Response:
        return web.Response(status=302)

    @routes.get("/loop/a")
    async def loop_a(request: web.Request) -> web.Response:
        return web.Response(status=301, headers={"Location": "/loop/b"})

    @routes.get("/loop/b")
    async def loop_b(request: web.Request) -> web.Response:
        return web.Response(status=301, headers={"Location": "/loop/a"})

    @routes.get("/status/{code}")
    async def status(request: web.Request) -> web.Response:
        headers = {}
        if "retry" in request.query:
            headers["Retry-After"] = request.query["retry"]
        return web.Response(status=int(request.match_info["code"]), text="no", headers=headers)

    @routes.get("/cache")
    async def cache(request: web.Request) -> web.Response:
        headers = {k: v for k, v in request.query.items()}
        return web.Response(body=FEED, headers=headers)

    @routes.get("/stall")
    async def stall(request: web.Request) -> web.Response:
        await state.release.wait()
        return web.Response(body=FEED)

    @routes.get("/drip")
    async def drip(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse()
        await resp.prepare(request)
        for _ in range(200):
            await resp.write(b" ")
            state.bytes_sent["/drip"] += 1
            try:
                await asyncio.wait_for(state.release.wait(), 0.05)
                break
            except TimeoutError:
                pass
        return resp

    @routes.get("/slow")
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(0.1)
        return web.Response(body=FEED)

    @routes.get("/big")
    async def big(request: web.Request) -> web.StreamResponse:
        """``size`` bytes, chunked (no Content-Length) unless ``declare`` is set."""
        size = int(request.query["size"])
        resp = web.StreamResponse()
        if "declare" in request.query:
            resp.content_length = size
        await resp.prepare(request)
        chunk = b"x" * 65536
        sent = 0
        while sent < size:
            piece = chunk[: size - sent]
            await resp.write(piece)
            sent += len(piece)
            state.bytes_sent["/big"] += len(piece)
        return resp

    @routes.get("/encoded/{coding}")
    async def encoded(request: web.Request) -> web.Response:
        coding = request.match_info["coding"]
        if coding == "gzip":
            body = gzip.compress(FEED)
        elif coding == "br":
            body = brotli.compress(FEED)
        elif coding == "deflate-zlib":
            body, coding = zlib.compress(FEED), "deflate"
        elif coding == "deflate-raw":
            co = zlib.compressobj(wbits=-15)
            body, coding = co.compress(FEED) + co.flush(), "deflate"
        else:
            raise web.HTTPNotFound()
        return web.Response(body=body, headers={"Content-Encoding": coding})

    @routes.get("/bomb/gzip")
    async def gzip_bomb(request: web.Request) -> web.StreamResponse:
        first, block = _gzip_bomb_parts()
        resp = web.StreamResponse(headers={"Content-Encoding": "gzip"})
        await resp.prepare(request)
        try:
            await resp.write(first)
            for _ in range(BOMB_SIZE // MiB - 1):
                await resp.write(block)
                state.bytes_sent["/bomb/gzip"] += len(block)
        except (ConnectionError, RuntimeError):
            return resp  # the client hung up, as it should
        # Never reached when the client enforces its cap; the stream ends unfinished.
        return resp

    @routes.get("/bomb/br")
    async def br_bomb(request: web.Request) -> web.Response:
        return web.Response(body=brotli_bomb(), headers={"Content-Encoding": "br"})

    app = web.Application(middlewares=[count])
    app.add_routes(routes)
    return app


@dataclass
class LocalServer:
    state: ServerState
    port: int

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
async def server() -> AsyncIterator[LocalServer]:
    state = ServerState()
    test_server = TestServer(build_app(state), host="127.0.0.1")
    await test_server.start_server()
    try:
        yield LocalServer(state, test_server.port)
    finally:
        state.release.set()
        await test_server.close()


def settings(**overrides: object) -> Settings:
    """Test settings: private networks allowed (the server is on loopback) unless overridden."""
    values: dict[str, object] = {"allow_private_networks": True}
    values.update(overrides)
    return load_settings(**values)


def http_date(value: datetime) -> str:
    return format_datetime(value, usegmt=True)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port on 127.0.0.1 that never completes a connection: its accept queue is full."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
        fillers.append(s)
    yield port
    for s in fillers:
        s.close()
    listener.close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening (connections are refused)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
