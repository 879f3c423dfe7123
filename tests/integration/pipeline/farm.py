"""A small hostile feed server on 127.0.0.1 for pipeline tests.

Each route is one kind of input from the wild; ``state`` lets a test change
what a route serves between two refreshes (a feed that turns bad, a feed that
changes format).
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Self

from aiohttp import web

from ..helpers import serving

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def rss(title: str, items: list[tuple[str | None, str, datetime | None]], *, encoding="utf-8") -> bytes:
    """An RSS 2.0 document; items are (guid, title, published)."""
    parts = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        '<rss version="2.0"><channel>',
        f"<title>{title}</title><link>https://news.example/</link><description>d</description>",
    ]
    for guid, item_title, published in items:
        parts.append("<item>")
        parts.append(f"<title>{item_title}</title>")
        if guid is not None:
            parts.append(f'<guid isPermaLink="false">{guid}</guid>')
            parts.append(f"<link>https://news.example/{guid}</link>")
        if published is not None:
            parts.append(f"<pubDate>{format_datetime(published)}</pubDate>")
        parts.append(f"<description>&lt;p&gt;Body of {item_title}.&lt;/p&gt;</description>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode(encoding, errors="xmlcharrefreplace")


def atom(title: str, entries: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f"<entry><id>urn:x:{eid}</id><title>{t}</title>"
        f"<updated>2026-11-19T08:00:00Z</updated>"
        f'<link href="https://news.example/{eid}"/><content type="html">&lt;p&gt;{t}&lt;/p&gt;</content></entry>'
        for eid, t in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:x:feed</id><updated>2026-11-19T08:00:00Z</updated>{body}</feed>"
    ).encode()


GOOD_ITEMS = [(f"g{i}", f"Good story {i}", NOW - timedelta(hours=i)) for i in range(5)]

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE rss ['
    b'<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    + b"".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9)
    )
    + b']><rss version="2.0"><channel><title>Laughs &j;</title><item><title>&j;</title>'
    b"<guid>l1</guid></item></channel></rss>"
)

EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<rss version="2.0"><channel><title>XXE</title><item><title>Secret: &xxe;</title>'
    b"<guid>x1</guid><description>&xxe;</description></item></channel></rss>"
)


def gzip_bomb(decoded_size: int) -> bytes:
    return gzip.compress(b"<rss>" + b" " * decoded_size, compresslevel=9)


@dataclass
class FarmState:
    turns_bad: str = "good"  # good | 500 | html | malformed | empty
    format: str = "rss"  # rss | atom
    hits: dict[str, int] = field(default_factory=dict)


def build_app(state: FarmState) -> web.Application:
    routes = web.RouteTableDef()

    def xml(body: bytes, ctype="application/rss+xml") -> web.Response:
        tag = '"' + hashlib.md5(body).hexdigest() + '"'
        return web.Response(body=body, headers={"Content-Type": ctype, "ETag": tag})

    @web.middleware
    async def count(request, handler):
        state.hits[request.path] = state.hits.get(request.path, 0) + 1
        return await handler(request)

    @routes.get("/good")
    async def good(request):
        body = rss("Good news", GOOD_ITEMS)
        tag = '"' + hashlib.md5(body).hexdigest() + '"'
        if request.headers.get("If-None-Match") == tag:
            return web.Response(status=304, headers={"ETag": tag})
        return xml(body)

    @routes.get("/atom")
    async def good_atom(request):
        return xml(atom("Atom news", [("a1", "First"), ("a2", "Second")]), "application/atom+xml")

    @routes.get("/html")
    async def html(request):
        return web.Response(
            text="<!doctype html><html><head><title>Shop</title></head><body><p>Hi</p></body></html>",
            content_type="text/html",
        )

    @routes.get("/empty")
    async def empty(request):
        return web.Response(body=b"", content_type="application/rss+xml")

    @routes.get("/wrong-type")
    async def wrong_type(request):
        return xml(rss("Served as text/plain", GOOD_ITEMS[:2]), "text/plain")

    @routes.get("/latin1-undeclared")
    async def latin1(request):
        body = rss("Caf\u00e9 news", [("c1", "Cr\u00e8me br\u00fbl\u00e9e", NOW)]).replace(
            b'encoding="utf-8"', b""
        )
        return xml(body.decode().encode("latin-1"), "application/xml")

    @routes.get("/misdeclared")
    async def misdeclared(request):
        # Declares UTF-8, sends windows-1252 bytes.
        body = rss("Quotes", [("q1", "\u201cSmart quotes\u201d and caf\u00e9", NOW)])
        return xml(body.decode().encode("cp1252"))

    @routes.get("/malformed")
    async def malformed(request):
        body = rss("Broken", GOOD_ITEMS[:3]).replace(b"</title>", b"", 1)  # unclosed feed title
        body = body.replace(b"</channel></rss>", b"")  # truncated
        return xml(body)

    @routes.get("/missing")
    async def missing(request):
        return web.Response(status=404, text="not here")

    @routes.get("/broken")
    async def broken(request):
        return web.Response(status=500, text="oops")

    @routes.get("/gone")
    async def gone(request):
        return web.Response(status=410, text="gone")

    @routes.get("/hang")
    async def hang(request):
        await asyncio.sleep(30)
        return xml(rss("Too late", GOOD_ITEMS))

    @routes.get("/drip")
    async def drip(request):
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        await response.prepare(request)
        try:
            for _ in range(300):
                await response.write(b" ")
                await asyncio.sleep(0.1)
        except ConnectionError:
            pass  # the client gave up, as it should
        return response

    @routes.get("/loop-a")
    async def loop_a(request):
        raise web.HTTPFound("/loop-b")

    @routes.get("/loop-b")
    async def loop_b(request):
        raise web.HTTPFound("/loop-a")

    @routes.get("/moved")
    async def moved(request):
        raise web.HTTPMovedPermanently("/moved-target")

    @routes.get("/moved-target")
    async def moved_target(request):
        return xml(rss("Moved news", GOOD_ITEMS[:2]))

    @routes.get("/huge")
    async def huge(request):
        items = [(f"h{i}", "x" * 200, NOW) for i in range(5000)]
        return xml(rss("Huge", items))

    @routes.get("/bomb")
    async def bomb(request):
        return web.Response(
            body=gzip_bomb(50 * 1024 * 1024),
            headers={"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"},
        )

    @routes.get("/laughs")
    async def laughs(request):
        return xml(BILLION_LAUGHS)

    @routes.get("/xxe")
    async def xxe(request):
        return xml(EXTERNAL_ENTITY)

    @routes.get("/dup-guids")
    async def dup_guids(request):
        return xml(rss("Dups", [("same", "One", NOW), ("same", "Two", NOW), ("other", "Three", NOW)]))

    @routes.get("/no-ids")
    async def no_ids(request):
        return xml(rss("Bare", [(None, "No id one", None), (None, "No id two", None)]))

    @routes.get("/future")
    async def future(request):
        return xml(rss("Future", [("f1", "From 2099", datetime(2099, 1, 1, tzinfo=UTC))]))

    @routes.get("/flip")
    async def flip(request):
        if state.turns_bad == "500":
            return web.Response(status=500)
        if state.turns_bad == "html":
            return web.Response(text="<html><body>Maintenance</body></html>", content_type="text/html")
        if state.turns_bad == "malformed":
            return xml(b"<rss><channel><item><title>half")
        if state.turns_bad == "empty":
            return xml(b"")
        return xml(rss("Flip", GOOD_ITEMS))

    @routes.get("/shifting")
    async def shifting(request):
        if state.format == "atom":
            return xml(atom("Shifting", [("s1", "Now in Atom")]), "application/atom+xml")
        return xml(rss("Shifting", [("s0", "Was RSS", NOW)]))

    @routes.get("/busy")
    async def busy(request):
        return web.Response(status=429, headers={"Retry-After": "3600"}, text="slow down")

    @routes.get("/subs.opml")
    async def subscriptions(request):
        base = f"http://{request.host}"
        return web.Response(
            text=f"""<?xml version="1.0"?><opml version="2.0"><head><title>Subs</title></head><body>
            <outline text="News"><outline text="Good" type="rss" xmlUrl="{base}/good"/></outline>
            <outline text="Tech"><outline text="Atom" type="rss" xmlUrl="{base}/atom"/></outline>
            <outline text="Local file" type="rss" xmlUrl="file:///etc/passwd"/>
            </body></opml>""",
            content_type="text/x-opml",
        )

    @routes.get("/site")
    async def site(request):
        return web.Response(
            text='<html><head><title>A site</title><link rel="alternate" '
            'type="application/rss+xml" title="Site feed" href="/good"></head>'
            "<body>Welcome</body></html>",
            content_type="text/html",
        )

    app = web.Application(middlewares=[count])
    app.add_routes(routes)
    return app


@asynccontextmanager
async def running_farm(state: FarmState) -> AsyncIterator[str]:
    async with serving(build_app(state)) as url:
        yield url


class FarmThread:
    """The farm on its own event loop in a thread, for tests that call the synchronous CLI."""

    def __init__(self, state: FarmState) -> None:
        import threading

        self.state = state
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.url = ""

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        async with running_farm(self.state) as url:
            self.url = url
            self._ready.set()
            await self._stop.wait()

    def __enter__(self) -> Self:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
