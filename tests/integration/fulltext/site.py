"""Article pages and feeds served from 127.0.0.1 under made-up host names.

Feeds are fetched from 127.0.0.1 by the ordinary refresh; the article links
they carry point at ``daily.test``, ``always.test``, ``bad.test``..., which
a :class:`StaticResolver` maps to the same server, so each site has its own
host (for site rules and learned lines).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from html import escape

from aiohttp import web

from tidings.ingest.fetch import StaticResolver

HOSTS = ("daily.test", "always.test", "full.test", "bad.test")
resolver_names = {host: ["127.0.0.1"] for host in HOSTS}

LOREM = (
    "Officials said the council met on Thursday to review the plan, which would widen the"
    " footpaths, add trees along the avenue and close two side streets to through traffic."
    " Residents who spoke at the meeting were divided, with shop owners worried about deliveries"
    " and parents welcoming safer routes to the two schools near the square."
)
# Inside every daily.test article: not chrome to the extractor, but the same on every page.
DAILY_TAGLINE = "The Daily is an independent newsroom funded by readers like you every single day."


def chrome_page(title: str, paragraphs: list[str], *, extra_article_html: str = "") -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)} | The Daily</title>
<meta property="og:site_name" content="The Daily">
<meta property="og:image" content="https://daily.test/img/lead.jpg">
<meta name="author" content="Ana Ruiz">
<meta property="article:published_time" content="2026-11-20T08:00:00Z">
<link rel="canonical" href="https://daily.test/canonical/{escape(title.lower().replace(" ", "-"))}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World news</a> <a href="/sport">Sport results</a>
<a href="/culture">Culture and arts</a></nav></header>
<main><article><h1>{escape(title)}</h1>{body}{extra_article_html}<p>{DAILY_TAGLINE}</p></article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/r1">Storm closes the coastal road for a second day running</a></li>
<li><a href="/r2">Mayor promises more buses on the night routes next year</a></li></ul></aside>
<div class="newsletter"><h3>Newsletter</h3><p>Sign up for our morning briefing and get the
day's top stories delivered to your inbox before breakfast.</p>
<form><input type="email" name="email"><button>Subscribe</button></form></div>
</main><footer><p>Copyright 2026 The Daily. All rights reserved. Privacy policy. Terms.</p></footer>
</body></html>"""


def article_paragraphs(n: int, marker: str) -> list[str]:
    return [f"{marker} story, part {i + 1}. {LOREM}" for i in range(n)]


def rss(title: str, items: list[tuple[str, str, str, str]]) -> bytes:
    """items: (guid, title, link, description html) [, content:encoded html]."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
        f"<title>{escape(title)}</title><link>https://example.test/</link><description>d</description>",
    ]
    for item in items:
        guid, item_title, link, description, *content = item
        parts.append(
            f"<item><guid>{guid}</guid><title>{escape(item_title)}</title><link>{escape(link)}</link>"
            f"<description>{escape(description)}</description>"
        )
        if content:
            parts.append(f"<content:encoded><![CDATA[{content[0]}]]></content:encoded>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200


@dataclass
class Site:
    base: str = ""  # http://127.0.0.1:PORT
    port: int = 0
    routes: dict[tuple[str, str], Route] = field(default_factory=dict)  # (host, path)
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def add(
        self,
        host: str,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
    ) -> str:
        self.routes[(host, path)] = Route(
            body.encode() if isinstance(body, str) else body, content_type, status
        )
        return self.url(host, path)


@asynccontextmanager
async def serving() -> AsyncIterator[Site]:
    site = Site()

    async def handler(request: web.Request) -> web.StreamResponse:
        host = (request.host or "").split(":")[0]
        key = (host, request.path)
        site.hits[key] += 1
        route = site.routes.get(key)
        if route is None:
            return web.Response(status=404)
        response = web.Response(body=route.body, status=route.status)
        response.headers["Content-Type"] = route.content_type
        return response

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    site.port = tcp._server.sockets[0].getsockname()[1]
    site.base = f"http://127.0.0.1:{site.port}"
    try:
        yield site
    finally:
        await runner.cleanup()


def resolver() -> StaticResolver:
    return StaticResolver(resolver_names)


def garbage(n: int = 64 * 1024) -> bytes:
    return os.urandom(n)
