"""What the browser tests and the screenshot script share: finding Chromium, a local site
with feeds on 127.0.0.1, and a real ``tidings`` server in a subprocess."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp import web

from tests.integration.helpers import serving

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def find_chromium() -> str | None:
    """Debian's Chromium (never a browser downloaded by Playwright), or the executable
    named by ``TIDINGS_TEST_CHROMIUM``."""
    chosen = os.environ.get("TIDINGS_TEST_CHROMIUM")
    if chosen is not None:
        return chosen if os.access(chosen, os.X_OK) else None
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return next((p for p in CHROMIUM_PATHS if os.access(p, os.X_OK)), None)


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if find_chromium() is None:
        where = os.environ.get("TIDINGS_TEST_CHROMIUM") or "/usr/bin/chromium"
        return f"no Chromium at {where} (apt-get install chromium)"
    return None


# --- the local site: pages and feeds on 127.0.0.1 ----------------------------------------------

TOWN_CRIER = [  # (title, body); the newest last
    ("Library extends opening hours", "The central library now opens on Sunday mornings."),
    ("Rowing club wins regional final", "The eight finished two lengths ahead on the river."),
    ("Orchard festival draws record crowds",
     "Visitors cheered the comet-shaped kite display above the orchard."),
    ("Harbour bridge reopens after repairs", "Traffic crosses the harbour bridge again."),
    ("Comet visible tonight over the city",
     "Look north after dusk: the night sky will be clear until two."),
]
LONG_READS = [(f"Long read {i}", f"Part {i} of a long series.") for i in range(55)]  # > a page
FIRST_DAY = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
GAZETTE = [
    ("Ferry timetable changes in spring", "Boats leave every forty minutes from April."),
    ("New bakery opens on Mill Lane", "Queues formed before seven for the first loaves."),
    ("Riverside path resurfaced", "Cyclists and walkers have a smooth path again."),
]


def _atom(title: str, base: str, slug: str, items: list[tuple[str, str]]) -> str:
    entries = []
    for i, (headline, body) in enumerate(items):
        when = (FIRST_DAY + timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        entries.append(
            f"<entry><id>{base}/{slug}/{i}</id><title>{headline}</title>"
            f'<link rel="alternate" href="{base}/{slug}/{i}.html"/>'
            f"<updated>{when}</updated><published>{when}</published>"
            f"<author><name>Desk {i}</name></author>"
            f'<content type="html">&lt;p&gt;{body}&lt;/p&gt;</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
        f"<id>{base}/{slug}</id><updated>2026-11-20T09:00:00Z</updated>"
        f'<link rel="alternate" href="{base}/{slug}/"/>{"".join(entries)}</feed>'
    )


def site_app() -> web.Application:
    """/news.xml and /long.xml (feeds), /gazette/ (a site page whose feed is found by discovery) and
    the entries' own pages (/news/0.html ...)."""
    page = (
        "<!doctype html><html><head><title>Riverside Gazette</title>"
        '<link rel="alternate" type="application/atom+xml" title="Riverside Gazette"'
        ' href="/gazette/feed.xml"></head><body><h1>Riverside Gazette</h1></body></html>'
    )

    async def news(request: web.Request) -> web.Response:
        text = _atom("Town Crier", f"http://{request.host}", "news", TOWN_CRIER)
        return web.Response(text=text, content_type="application/atom+xml")

    async def long_reads(request: web.Request) -> web.Response:
        text = _atom("Long Reads", f"http://{request.host}", "long", LONG_READS)
        return web.Response(text=text, content_type="application/atom+xml")

    async def gazette(request: web.Request) -> web.Response:
        text = _atom("Riverside Gazette", f"http://{request.host}", "gazette", GAZETTE)
        return web.Response(text=text, content_type="application/atom+xml")

    async def home(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    async def article(request: web.Request) -> web.Response:
        html = f"<!doctype html><title>Article</title><h1>{request.path}</h1>"
        return web.Response(text=html, content_type="text/html")

    app = web.Application()
    app.router.add_get("/{slug}/{number}.html", article)
    app.router.add_get("/news.xml", news)
    app.router.add_get("/long.xml", long_reads)
    app.router.add_get("/gazette/feed.xml", gazette)
    app.router.add_get("/gazette/", home)
    return app


@contextmanager
def local_site() -> Iterator[str]:
    """Serve :func:`site_app` on 127.0.0.1 from a thread of its own; yields the base URL."""
    ready = threading.Event()
    box: dict[str, object] = {}

    async def run() -> None:
        stop = asyncio.Event()
        box["loop"], box["stop"] = asyncio.get_running_loop(), stop
        async with serving(site_app()) as base:
            box["base"] = base
            ready.set()
            await stop.wait()

    thread = threading.Thread(target=asyncio.run, args=(run(),), daemon=True)
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("the local site did not start")
    try:
        yield str(box["base"])
    finally:
        loop, stop = box["loop"], box["stop"]
        loop.call_soon_threadsafe(stop.set)  # type: ignore[attr-defined]
        thread.join(5)


# --- a real server in a subprocess -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tidings_command() -> list[str]:
    return [sys.executable, "-m", "tidings"]


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIDINGS_")}
    env.update({"TIDINGS_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", **extra})
    return env


def run_cli(args: list[str], env: Mapping[str, str]) -> str:
    done = subprocess.run([*tidings_command(), *args], check=False, env=dict(env),
                          capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(f"tidings {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def printed_password(output: str) -> str:
    """The password ``tidings user add`` or ``serve-demo`` printed."""
    match = re.search(r"(?:Password: |with the password )(\S+)", output)
    if not match:
        raise RuntimeError(f"no password in: {output!r}")
    return match.group(1)


@contextmanager
def tidings_server(args: list[str], env: Mapping[str, str], port: int, log: Path,
                   timeout: float = 90) -> Iterator[str]:
    """Run ``tidings <args>`` (which serves on ``port``) until it answers; yields its base URL.

    Its output goes to ``log`` (read it with :func:`read_log`)."""
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen([*tidings_command(), *args], env=dict(env), stdout=out,
                                stderr=subprocess.STDOUT)
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no http_proxy
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"tidings {args[0]} exited:\n{log.read_text()}")
            try:
                with direct.open(f"{base}/signin", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"tidings {args[0]} did not answer:\n{log.read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
