"""One background extraction round over N summary-only entries served from 127.0.0.1.

    .venv/bin/python bench/fulltext_round.py [N]

Prints the round's wall time and pages per second (fetch over loopback,
extraction on worker threads, one write transaction with index updates and
site-line learning). SQLite in a temporary directory.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path
from time import perf_counter

from aiohttp import web

from tidings.clock import utcnow
from tidings.content.fulltext import extract_pending
from tidings.ingest.refresh import refresh_feeds
from tidings.settings import load_settings
from tidings.store import Database
from tidings.store.feeds import add_feed, feeds_for_update

PARA = (
    "Officials said the council met on Thursday to review the plan, which would widen the"
    " footpaths, add trees along the avenue and close two side streets to through traffic."
)


def page(i: int) -> bytes:
    body = "".join(f"<p>Story {i}, paragraph {j}. {PARA}</p>" for j in range(12))
    return (
        f"<html><head><title>Story {i}</title><meta name=author content='A B'></head><body>"
        "<nav><a href=/>Home</a><a href=/w>World</a></nav>"
        f"<article><h1>Story {i}</h1>{body}<p>Support independent local news today.</p></article>"
        "<aside><h2>Related</h2><ul><li><a href=/1>One thing happened somewhere</a></li></ul></aside>"
        "<footer>Copyright 2026</footer></body></html>"
    ).encode()


def feed(base: str, n: int) -> bytes:
    items = "".join(
        f"<item><guid>s{i}</guid><title>Story {i}</title><link>{base}/a/{i}</link>"
        "<description>Teaser.</description></item>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>B</title><link>x</link>'
        f"<description>d</description>{items}</channel></rss>"
    ).encode()


async def main(n: int) -> None:
    async def handler(request: web.Request) -> web.Response:
        if request.path == "/feed.xml":
            return web.Response(body=feed(base, n), content_type="application/rss+xml")
        return web.Response(
            body=page(int(request.path.rsplit("/", 1)[1])), content_type="text/html"
        )

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            data_dir=Path(tmp), allow_private_networks=True, max_connections_per_host=16
        )
        db = Database.open(settings.effective_database_url)
        db.migrate()
        with db.transaction() as conn:
            add_feed(conn, base + "/feed.xml", utcnow())
        with db.connect() as conn:
            due = feeds_for_update(conn, utcnow(), due_only=False)
        await refresh_feeds(due, db=db, settings=settings)
        started = perf_counter()
        summary = await extract_pending(db, settings, limit=n)
        seconds = perf_counter() - started
        print(
            f"{summary.ok}/{n} pages extracted in {seconds:.2f}s = {summary.ok / seconds:.0f} pages/s"
            f" ({sum(len(page(i)) for i in range(n)) / 1e6:.1f} MB of HTML)"
        )
        db.dispose()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
