"""Load on the web reader and the API, served by ``tidings serve`` as in production.

    .venv/bin/python bench/web_load.py [--feeds 2000] [--entries 50] [--concurrency 20]
                                       [--seconds 10] [--workers N] [--postgres URL]
                                       [--tool wrk|aiohttp] [--store DIR] [--cpu N]

Builds a store of FEEDS x ENTRIES entries (ENTRIES per feed) followed by one
user, in twelve folders, the older 40% of entries read and one in 50 starred;
starts ``tidings serve --host 127.0.0.1 --port P [--workers N]`` on it (the
command a user runs, in its own process); then, route after route, keeps
CONCURRENCY keep-alive connections sending requests back to back (a closed loop)
for SECONDS, and prints per route the requests, requests/s, p50/p95/p99 latency
and errors (any status but 200, or a failed connection), then whether each
target route met p95 < 50 ms.

The load tool is ``wrk`` when it is installed (``apt-get install wrk``; C, a few
percent of a core at these rates) with ``bench/web_load.lua``, else aiohttp in
this process, which took a large share of the two cores it shares with the
server; the output says which ran. Note the load (``uptime``) with every figure;
``bench/README.md`` has the figures measured.

``--cpu N`` measures instead each route's CPU time per request with the app called
in this process, one request at a time: on a machine shared with other work the
load figures move by tens of percent between identical runs, this much less.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from tidings.services import accounts, reading
from tidings.store import Database
from tidings.store import entries as entry_store
from tidings.store.feeds import add_feed, apply_feed_update
from tidings.store.subscriptions import subscribe
from tidings.types import (
    EntryWrite,
    FeedFormat,
    FeedUpdate,
    HTTPCacheHints,
    ParsedEntry,
    ParsedFeed,
    RefreshStatus,
    UserRole,
)

T0 = datetime(2026, 11, 1, tzinfo=UTC)
BODY = "<p>" + " ".join(["news story text with some words"] * 60) + "</p>"
TARGET_P95_MS = 50.0
SEARCH = "feed 7"  # two words; matches about one entry in 50


# --- the store ---------------------------------------------------------------------------------


def fill(db: Database, user_id: int, n_feeds: int, n_entries: int) -> None:
    """FEEDS x ENTRIES entries, published a minute apart across feeds (newest: feed 0's last)."""
    total = n_feeds * n_entries
    for f in range(n_feeds):
        with db.transaction() as conn:
            feed_id = add_feed(conn, f"https://feed{f}.example/rss", T0)
            parsed = [
                ParsedEntry(key=f"{f}-{i}", title=f"Story {i} of feed {f}",
                            link=f"https://feed{f}.example/{i}",
                            published=T0 - timedelta(minutes=total - (i * n_feeds + n_feeds - f)),
                            content=BODY)
                for i in range(n_entries)
            ]
            apply_feed_update(conn, FeedUpdate(
                feed_id=feed_id, checked_at=T0, next_check_at=T0 + timedelta(hours=1),
                status=RefreshStatus.UPDATED,
                feed=ParsedFeed(format=FeedFormat.RSS20, title=f"Feed {f}"),
                entries=tuple(EntryWrite(e.key, f"h{e.key}", e, True) for e in parsed),
                cache=HTTPCacheHints(),
            ))
            subscribe(conn, user_id, feed_id, folder=f"Folder {f % 12}")


def read_some(db: Database, user_id: int, n_total: int) -> None:
    """The older 40% read (as "mark all read" up to a point leaves them), one in 50 starred."""
    cutoff = T0 - timedelta(minutes=int(n_total * 0.6))
    reading.mark_all_read(db, user_id, now=T0, up_to=cutoff)
    with db.connect() as conn:
        from sqlalchemy import select

        from tidings.store.tables import entries

        ids = conn.execute(select(entries.c.id).where(entries.c.id % 50 == 0)).scalars().all()
    reading.set_starred(db, user_id, ids, True, now=T0)


# --- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path, url: str, port: int, workers: int | None) -> subprocess.Popen:
    tidings = shutil.which("tidings", path=str(Path(sys.executable).parent)) or "tidings"
    command = [tidings, "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    env = {**os.environ, "TIDINGS_DATA_DIR": str(data_dir), "TIDINGS_DATABASE_URL": url}
    print("server:", " ".join(command[1:] if command[0] == tidings else command))
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


async def wait_ready(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"tidings serve stopped:\n{server.stderr.read() if server.stderr else ''}")
            try:
                async with http.get(f"{base}/signin") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit("tidings serve did not answer within a minute")


# --- the load ----------------------------------------------------------------------------------


@dataclass
class Result:
    route: str
    target: bool
    requests: int = 0  # answered with 200
    seconds: float = 0.0
    p50: float = float("nan")  # ms
    p95: float = float("nan")
    p99: float = float("nan")
    errors: int = 0
    first_error: str = ""
    spread: str = ""  # the load tool's connections per server process, most first ("12/8")

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def met(self) -> bool:
        return not self.errors and self.requests > 0 and self.p95 < TARGET_P95_MS


async def drive_aiohttp(base: str, label: str, paths: list[str], headers: dict[str, str],
                        concurrency: int, seconds: float, warmup: float, target: bool) -> Result:
    """CONCURRENCY clients, each its own keep-alive connection, back to back for SECONDS."""
    result = Result(label, target)
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(base, connector=connector, headers=headers,
                                     timeout=timeout) as http:
        counter = 0

        async def client(until: float, record: bool) -> None:
            nonlocal counter
            while time.perf_counter() < until:
                path = paths[counter % len(paths)]
                counter += 1
                start = time.perf_counter()
                try:
                    async with http.get(path, allow_redirects=False) as response:
                        await response.read()
                        ok = response.status == 200
                        problem = f"HTTP {response.status} on {path}"
                except (TimeoutError, aiohttp.ClientError) as exc:
                    ok, problem = False, f"{type(exc).__name__} on {path}: {exc}"
                if not record:
                    continue
                if ok:
                    latencies.append(time.perf_counter() - start)
                else:
                    result.errors += 1
                    result.first_error = result.first_error or problem

        if warmup:
            end = time.perf_counter() + warmup
            await asyncio.gather(*(client(end, False) for _ in range(concurrency)))
        start = time.perf_counter()
        end = start + seconds
        await asyncio.gather(*(client(end, True) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - start
    result.requests = len(latencies)
    if latencies:
        ordered = sorted(latencies)

        def pct(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000

        result.p50, result.p95, result.p99 = pct(0.5), pct(0.95), pct(0.99)
    return result


WRK_SCRIPT = Path(__file__).with_name("web_load.lua")
WRK_THREADS = 2  # wrk's event-loop threads; 20 connections are spread over them


async def connections_per_process(port: int) -> str:
    """How the server's processes share the load tool's connections ("12/8"), read with
    ``ss``: with several workers, the one holding more connections answers each later,
    which moves p95 from run to run ("" without ``ss``)."""
    if not shutil.which("ss"):
        return ""
    process = await asyncio.create_subprocess_exec(
        "ss", "-tnpH", "state", "established", f"( sport = :{port} )",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
    )
    out, _ = await process.communicate()
    counts = Counter(re.findall(r"pid=(\d+)", out.decode()))
    return "/".join(str(n) for n in sorted(counts.values(), reverse=True))


async def drive_wrk(base: str, label: str, paths: list[str], headers: dict[str, str],
                    concurrency: int, seconds: float, warmup: float, target: bool) -> Result:
    """The same closed loop with wrk: CONCURRENCY connections on WRK_THREADS threads.

    wrk takes whole seconds; a warm-up is a separate, unreported run. Latencies
    are wrk's (every answered request, whatever its status); a status other than
    200 or a socket error is an error, as with aiohttp.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    try:
        [(name, value)] = headers.items()
        threads = min(WRK_THREADS, concurrency)

        async def wrk(duration: float) -> dict[str, Any]:
            command = [
                "wrk", "-t", str(threads), "-c", str(concurrency),
                "-d", f"{max(1, round(duration))}s", "--timeout", "30s",
                "-s", str(WRK_SCRIPT), base, "--", listing.name, str(threads), name, value,
            ]
            process = await asyncio.create_subprocess_exec(
                *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
            )
            out, err = await process.communicate()
            for line in out.decode().splitlines():
                if line.startswith("WRK "):
                    return json.loads(line[4:])
            raise SystemExit(f"wrk failed ({process.returncode}): {err.decode()}{out.decode()}")

        if warmup:
            await wrk(warmup)
        measured = asyncio.ensure_future(wrk(seconds))
        await asyncio.sleep(min(1.0, seconds / 2))
        spread = await connections_per_process(urlsplit(base).port or 80)
        figures = await measured
    finally:
        os.unlink(listing.name)
    socket_errors = {k: int(figures[k]) for k in ("connect", "read", "write", "timeout")}
    not_200 = int(figures["not_200"])
    result = Result(label, target, spread=spread)
    result.seconds = int(figures["duration_us"]) / 1e6
    result.requests = int(figures["requests"]) - not_200
    result.p50, result.p95, result.p99 = (
        float(figures[k]) / 1000 for k in ("p50_us", "p95_us", "p99_us")
    )
    result.errors = not_200 + sum(socket_errors.values())
    if result.errors:
        result.first_error = str(figures["first_error"]) or "socket errors: " + ", ".join(
            f"{k} {n}" for k, n in socket_errors.items() if n
        )
    return result


# --- CPU per request, in process (--cpu N) ------------------------------------------------


async def cpu_per_route(url: str, data_dir: Path, routes: list[Route], n: int) -> None:
    """Each route's CPU time per request, the app called in this process one request at a
    time (no HTTP, no load tool, no other request): what the machine's load moves least.

    Five blocks of N/5 requests after 10 unmeasured; the minimum and the median block
    (``time.process_time()``, every thread of the process). Unread articles are opened
    once each, alternately by two apps on two engines (two server processes, each with
    its own caches): one block. Writes to the store like a load run.
    """
    os.environ.update(TIDINGS_DATA_DIR=str(data_dir), TIDINGS_DATABASE_URL=url)
    from tidings.settings import load_settings
    from tidings.web import create_app

    settings = load_settings()
    apps = [create_app(Database.open(url), settings) for _ in range(2)]

    async def call(app: Any, path: str, headers: dict[str, str]) -> int:
        raw_path, _, query = path.partition("?")
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": "GET", "scheme": "http", "path": raw_path,
            "raw_path": raw_path.encode(), "query_string": query.encode(), "root_path": "",
            "headers": [(b"host", b"127.0.0.1")]
            + [(k.lower().encode(), v.encode()) for k, v in headers.items()],
            "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 80),
        }
        status = 0

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app(scope, receive, send)
        return status

    print(f"CPU ms per request, in process, {n} requests a route (load average"
          f" {load_average()})")
    print(f"{'route':40} {'min':>7} {'median':>7} {'statuses':>9}")
    async with apps[0].router.lifespan_context(apps[0]), \
            apps[1].router.lifespan_context(apps[1]):
        for name, paths, headers, _ in routes:
            writes = "marks it read" in name
            if writes:
                name = name.replace(")", ", two apps)")
                blocks, count = 1, min(n, len(paths))
            else:
                blocks, count = 5, max(5, n)
                for path in paths + paths[:10]:  # each once first: an unread article is read
                    await call(apps[0], path, headers)
            per = count // blocks
            times, statuses = [], set()
            for b in range(blocks):
                start = time.process_time()
                for i in range(b * per, (b + 1) * per):
                    app = apps[i % 2] if writes else apps[0]
                    statuses.add(await call(app, paths[i % len(paths)], headers))
                times.append((time.process_time() - start) / per * 1000)
            times.sort()
            print(f"{name:40} {times[0]:7.2f} {times[len(times) // 2]:7.2f}"
                  f" {','.join(map(str, sorted(statuses))):>9}", flush=True)


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


Route = tuple[str, list[str], dict[str, str], bool]  # name, paths, headers, target


def route_table(bar: Any, newest: Any, unread: Any, token: str, key: str) -> list[Route]:
    """The routes driven, each with its paths (used in turn), its header and whether it
    is one of the target rows."""
    cookie = {"Cookie": f"tidings_session={token}"}
    bearer = {"Authorization": f"Bearer {key}"}
    feed_id = bar.subscriptions[len(bar.subscriptions) // 2].feed_id
    folder_id = bar.folders[len(bar.folders) // 2].id
    # Articles already read (opening them writes nothing), and unread ones, each
    # opened once: marking it read is a write, and every count on the page moves.
    read_articles = [f"/entries/{e.id}" for e in newest[:100]]
    unread_articles = [f"/entries/{e.id}" for e in unread]
    return [
        ("/unread", ["/unread"], cookie, True),
        ("/all", ["/all"], cookie, True),
        ("/feeds/{id}", [f"/feeds/{feed_id}"], cookie, True),
        ("/folders/{id}", [f"/folders/{folder_id}"], cookie, True),
        ("/starred", ["/starred"], cookie, True),
        ("/entries/{id}", read_articles, cookie, True),
        ("/entries/{id} (unread: marks it read)", unread_articles, cookie, False),
        (f"/search?q={SEARCH}", [f"/search?q={SEARCH.replace(' ', '+')}"], cookie, False),
        ("/api/v1/entries", ["/api/v1/entries"], bearer, True),
        ("/api/v1/feeds", ["/api/v1/feeds"], bearer, True),
    ]


async def run(url: str, data_dir: Path, args: argparse.Namespace, label: str) -> list[Result]:
    db = Database.open(url)
    db.migrate()
    t = time.perf_counter()
    meta = data_dir / "bench-web.json"
    if meta.exists():  # --store: a store built by an earlier run (its unread ones partly read)
        saved = json.loads(meta.read_text())
        user_id, token, key = saved["user_id"], saved["token"], saved["key"]
    else:
        user = accounts.add_user(db, "bench", "bench-password", role=UserRole.MEMBER, now=T0)
        fill(db, user.id, args.feeds, args.entries)
        read_some(db, user.id, args.feeds * args.entries)
        user_id, token = user.id, accounts.start_session(db, user, now=datetime.now(UTC)).token
        key = accounts.create_api_key(db, user.id, "bench", now=T0).key
        meta.write_text(json.dumps({"user_id": user_id, "token": token, "key": key}))
    bar = reading.sidebar(db, user_id)
    newest = reading.entry_page(db, user_id, reading.Scope(reading.Show.ALL), limit=200).entries
    with db.connect() as conn:  # oldest first: opening them never reaches the newest 100
        unread = entry_store.list_entries(conn, user_id, unread_only=True, limit=5000)[::-1]
    db.dispose()
    print(f"{label}: {args.feeds * args.entries:,} entries in {args.feeds:,} feeds"
          f" ({bar.unread_total:,} unread), built in {time.perf_counter() - t:.1f}s")

    if args.cpu:
        await cpu_per_route(url, data_dir, _chosen(args, route_table(bar, newest, unread, token, key)),
                            args.cpu)
        return []
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(data_dir, url, port, args.workers)
    try:
        await wait_ready(base, server)
        routes = route_table(bar, newest, unread, token, key)
        _, read_articles, cookie, _ = routes[5]
        # Read articles: open each once first, so that the measured opens write nothing.
        async with aiohttp.ClientSession(base, headers=cookie) as http:
            for path in read_articles:
                async with http.get(path) as response:
                    await response.read()
        results = []
        if args.tool == "wrk":
            drive = drive_wrk
            print(f"load tool: wrk ({min(WRK_THREADS, args.concurrency)} threads,"
                  f" {args.concurrency} connections, {WRK_SCRIPT.name})")
        else:
            drive = drive_aiohttp
            print(f"load tool: aiohttp in this process ({args.concurrency} clients)"
                  + ("" if shutil.which("wrk") else "; wrk is not installed"))
        print(f"load average before: {load_average()}")
        print(f"{'route':40} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}"
              f" {'p99 ms':>7} {'errors':>6} {'conns/worker':>12}")
        for name, paths, headers, target in _chosen(args, routes):
            if "marks it read" in name:
                # Each path once only: unread ones run out, so this row is time-bounded by them too.
                warmup = 0.0
            else:
                warmup = args.warmup
            r = await drive(base, name, paths, headers, args.concurrency, args.seconds, warmup,
                            target)
            results.append(r)
            print(f"{name:40} {r.requests:8d} {r.rate:7.1f} {r.p50:7.1f}"
                  f" {r.p95:7.1f} {r.p99:7.1f} {r.errors:6d} {r.spread:>12}"
                  + (f"  first error: {r.first_error}" if r.errors else ""))
        print(f"load average after: {load_average()}")
        met = [r.route for r in results if r.target and r.met]
        missed = [r.route for r in results if r.target and not r.met]
        print(f"{label}: p95 < {TARGET_P95_MS:.0f} ms and no error:"
              f" met by {len(met)} of {len(met) + len(missed)} target routes"
              + (f"; NOT met: {', '.join(missed)}" if missed else " (all)"))
        return results
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=50, help="entries per feed")
    parser.add_argument("--concurrency", type=int, default=20, help="clients in flight")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured time per route")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured time per route")
    parser.add_argument("--workers", type=int, help="pass --workers N to tidings serve")
    parser.add_argument("--postgres", help="also run on this PostgreSQL server (a fresh schema)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--tool", choices=("wrk", "aiohttp"),
                        help="the load tool (default: wrk when installed, else aiohttp)")
    parser.add_argument("--cpu", type=int, metavar="N",
                        help="instead of the load: each route's CPU ms per request, the app"
                        " called in this process N times one at a time")
    parser.add_argument("--routes", help="only these routes, comma-separated names as printed"
                        " (e.g. '/folders/{id},/all'); the default is every route")
    parser.add_argument("--store", help="SQLite: keep the built store in this directory and"
                        " reuse it on later runs (quicker; its unread entries get read)")
    args = parser.parse_args()
    if args.tool is None:
        args.tool = "wrk" if shutil.which("wrk") else "aiohttp"
    elif args.tool == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk)")
    figures: dict[str, object] = {"args": vars(args), "at": datetime.now(UTC).isoformat()}
    if args.store:
        store = Path(args.store).resolve()
        store.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{store}/bench.sqlite3"
        figures["sqlite"] = _rows(asyncio.run(run(url, store, args, "SQLite")))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.sqlite3"
            figures["sqlite"] = _rows(asyncio.run(run(url, Path(tmp), args, "SQLite")))
    if args.postgres:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        dsn = args.postgres.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            sep = "&" if "?" in args.postgres else "?"
            url = f"{args.postgres}{sep}options=-csearch_path%3D{schema}"
            with tempfile.TemporaryDirectory() as tmp:
                figures["postgresql"] = _rows(asyncio.run(run(url, Path(tmp), args, "PostgreSQL")))
        finally:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


def _chosen(args: argparse.Namespace, routes: list[Route]) -> list[Route]:
    """The routes ``--routes`` names, in the table's order (all of them without it)."""
    if not args.routes:
        return routes
    wanted = {name.strip() for name in args.routes.split(",")}
    unknown = wanted - {route[0] for route in routes}
    if unknown:
        raise SystemExit(f"--routes: no route named {', '.join(sorted(unknown))}; the names are:"
                         f" {', '.join(route[0] for route in routes)}")
    return [route for route in routes if route[0] in wanted]


def _rows(results: list[Result]) -> list[dict[str, object]]:
    return [
        {"route": r.route, "requests": r.requests, "rps": round(r.rate, 1),
         "p50": round(r.p50, 1), "p95": round(r.p95, 1), "p99": round(r.p99, 1),
         "errors": r.errors, "target": r.target, "met": r.met, "spread": r.spread}
        for r in results
    ]


if __name__ == "__main__":
    main()
