"""How fast the web reader and the API answer, in process (no network, no uvicorn).

    .venv/bin/python bench/web_load.py [--feeds 300] [--entries 30] [--requests 200]
                                       [--concurrency 8] [--postgres URL]

Builds a store of FEEDS x ENTRIES entries followed by one user, signs in, then
sends REQUESTS requests per route through httpx's ASGI transport with
CONCURRENCY in flight, and prints requests/s and the median and 95th
percentile latency per route. It measures the application (routing, session
lookup, queries, templates), not a server's socket handling.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx

from tidings.services import accounts
from tidings.settings import load_settings
from tidings.store import Database
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
from tidings.web import create_app

T0 = datetime(2026, 11, 1, tzinfo=UTC)
BODY = "<p>" + " ".join(["news story text with some words"] * 60) + "</p>"


def fill(db: Database, user_id: int, n_feeds: int, n_entries: int) -> None:
    for f in range(n_feeds):
        with db.transaction() as conn:
            feed_id = add_feed(conn, f"https://feed{f}.example/rss", T0)
            parsed = [
                ParsedEntry(key=f"{f}-{i}", title=f"Story {i} of feed {f}",
                            link=f"https://feed{f}.example/{i}",
                            published=T0 + timedelta(minutes=f * n_entries + i), content=BODY)
                for i in range(n_entries)
            ]
            apply_feed_update(conn, FeedUpdate(
                feed_id=feed_id, checked_at=T0, next_check_at=T0 + timedelta(hours=1),
                status=RefreshStatus.UPDATED,
                feed=ParsedFeed(format=FeedFormat.RSS20, title=f"Feed {f}"),
                entries=tuple(EntryWrite(e.key, f"h{e.key}", e, True) for e in parsed),
                cache=HTTPCacheHints(), content_changed=True,
            ))
            subscribe(conn, user_id, feed_id, folder=f"Folder {f % 12}")


async def measure(client: httpx.AsyncClient, path: str, n: int, concurrency: int,
                  headers: dict[str, str]) -> tuple[float, float, float]:
    latencies: list[float] = []
    queue = list(range(n))

    async def worker() -> None:
        while queue:
            queue.pop()
            start = time.perf_counter()
            response = await client.get(path, headers=headers)
            latencies.append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return n / elapsed, statistics.median(latencies), latencies[int(len(latencies) * 0.95) - 1]


async def run(url: str, args: argparse.Namespace, label: str) -> None:
    db = Database.open(url)
    db.migrate()
    user = accounts.add_user(db, "bench", "bench-password", role=UserRole.MEMBER, now=T0)
    t = time.perf_counter()
    fill(db, user.id, args.feeds, args.entries)
    print(f"{label}: {args.feeds * args.entries} entries in {args.feeds} feeds,"
          f" built in {time.perf_counter() - t:.1f}s")
    session = accounts.start_session(db, user, now=datetime.now(UTC))
    key = accounts.create_api_key(db, user.id, "bench", now=T0).key
    app = create_app(db, load_settings(database_url=url))
    cookie = {"cookie": f"tidings_session={session.token}"}
    bearer = {"authorization": f"Bearer {key}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        first = (await client.get("/api/v1/entries?limit=1", headers=bearer)).json()
        entry_id = first["entries"][0]["id"]
        routes = [
            ("/unread", cookie), ("/all", cookie), (f"/entries/{entry_id}", cookie),
            ("/sources", cookie), ("/search?q=story", cookie),
            ("/api/v1/entries?limit=50", bearer), ("/api/v1/feeds", bearer),
        ]
        print(f"{'route':28} {'req/s':>8} {'median ms':>10} {'p95 ms':>8}")
        for path, headers in routes:
            rate, median, p95 = await measure(client, path, args.requests, args.concurrency,
                                              headers)
            print(f"{path:28} {rate:8.1f} {median * 1000:10.1f} {p95 * 1000:8.1f}")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--entries", type=int, default=30)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--postgres", help="also run on this PostgreSQL server (a fresh schema)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(f"sqlite:///{tmp}/bench.sqlite3", args, "SQLite"))
    if args.postgres:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        dsn = args.postgres.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        try:
            sep = "&" if "?" in args.postgres else "?"
            url = f"{args.postgres}{sep}options=-csearch_path%3D{schema}"
            asyncio.run(run(url, args, "PostgreSQL"))
        finally:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
