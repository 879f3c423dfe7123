"""How fast the store ingests a refresh of many feeds (search indexing included).

    .venv/bin/python bench/store_speed.py [--feeds 2000] [--entries 35] [--postgres URL]

Inserts FEEDS x ENTRIES entries of 1-3 KB of HTML through ``apply_feed_update``,
one transaction per feed as the refresh pipeline does, then refreshes every
feed again with 3 changed entries each. Prints entries/s for SQLite (a file in
a temporary directory) and for PostgreSQL (a fresh schema, dropped afterwards).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

from tidings.store import Database, entries, feeds, search, subscriptions, users
from tidings.types import EntryWrite, FeedFormat, FeedUpdate, ParsedEntry, ParsedFeed, RefreshStatus

WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "it",
    "as",
    "was",
    "with",
    "be",
    "by",
    "on",
    "not",
    "he",
    "this",
    "are",
    "or",
    "his",
    "from",
    "at",
    "which",
    "but",
    "have",
    "an",
    "they",
    "you",
    "were",
    "her",
    "she",
    "there",
    "been",
    "one",
    "all",
    "we",
    "their",
    "has",
    "would",
    "when",
    "government",
    "market",
    "climate",
    "election",
    "city",
    "police",
    "report",
    "minister",
    "company",
    "energy",
    "water",
    "school",
    "health",
    "science",
    "court",
    "budget",
    "football",
    "music",
    "film",
    "storm",
    "border",
    "trade",
    "rail",
    "bank",
]


def paragraph(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def html_body(rng: random.Random) -> str:
    parts = []
    size = rng.randint(1000, 3000)
    while sum(map(len, parts)) < size:
        parts.append(
            f'<p>{paragraph(rng, 25)} <a href="https://example.org/{rng.randint(1, 10**6)}">'
            f"{paragraph(rng, 3)}</a> &amp; <em>{paragraph(rng, 4)}</em>.</p>"
        )
    return "".join(parts)


def make_updates(feed_ids: list[int], per_feed: int, now: datetime, seed: int) -> list[FeedUpdate]:
    rng = random.Random(seed)
    updates = []
    for feed_id in feed_ids:
        writes = []
        for n in range(per_feed):
            body = html_body(rng)
            e = ParsedEntry(
                key=f"https://site{feed_id}.example/{n}",
                title=paragraph(rng, 8),
                link=f"https://site{feed_id}.example/{n}",
                authors=("Ann Author",),
                published=now - timedelta(hours=n),
                summary=None,
                content=body,
                categories=("news",),
            )
            digest = hashlib.sha256(body.encode()).hexdigest()
            writes.append(EntryWrite(key=e.key, content_hash=digest, entry=e, is_new=True))
        updates.append(
            FeedUpdate(
                feed_id=feed_id,
                checked_at=now,
                next_check_at=now + timedelta(hours=1),
                status=RefreshStatus.UPDATED,
                feed=ParsedFeed(format=FeedFormat.RSS20, title=f"Feed {feed_id}"),
                entries=tuple(writes),
                content_changed=True,
            )
        )
    return updates


def changed(updates: list[FeedUpdate], now: datetime) -> list[FeedUpdate]:
    out = []
    for u in updates:
        writes = tuple(
            EntryWrite(
                w.key,
                w.content_hash[::-1],
                ParsedEntry(
                    **{
                        **{f: getattr(w.entry, f) for f in ParsedEntry.__slots__},
                        "title": "edited " + (w.entry.title or ""),
                    }
                ),
                is_new=False,
            )
            for w in u.entries[:3]
        )
        out.append(
            FeedUpdate(
                u.feed_id,
                now,
                now + timedelta(hours=1),
                RefreshStatus.UPDATED,
                entries=writes,
                content_changed=True,
            )
        )
    return out


def run(url: str, n_feeds: int, per_feed: int) -> None:
    db = Database.open(url)
    db.migrate()
    now = datetime(2026, 11, 24, tzinfo=UTC)
    with db.transaction() as conn:
        ids = [feeds.add_feed(conn, f"https://site{i}.example/feed", now) for i in range(n_feeds)]
    updates = make_updates(ids, per_feed, now, seed=1)
    html_mb = sum(len(w.entry.content or "") for u in updates for w in u.entries) / 1e6
    total = n_feeds * per_feed
    start = time.perf_counter()
    for u in updates:
        with db.transaction() as conn:
            feeds.apply_feed_update(conn, u)
    insert_s = time.perf_counter() - start
    second = changed(updates, now + timedelta(hours=1))
    start = time.perf_counter()
    for u in second:
        with db.transaction() as conn:
            feeds.apply_feed_update(conn, u)
    update_s = time.perf_counter() - start
    with db.transaction() as conn:
        user_id = users.default_user(conn).id
        for feed_id in ids:
            subscriptions.subscribe(conn, user_id, feed_id)
    timings = {}
    with db.connect() as conn:
        for label, call in (
            ("search", lambda: search.search_entries(conn, "climate election -storm")),
            ("search scoped", lambda: search.search_entries(conn, "climate", user_id=user_id)),
            ("list_entries unread", lambda: entries.list_entries(conn, user_id, unread_only=True)),
            ("list_subscriptions", lambda: subscriptions.list_subscriptions(conn, user_id)),
            ("list_feeds", lambda: feeds.list_feeds(conn, user_id)),
            ("feeds_for_update", lambda: feeds.feeds_for_update(conn, now, due_only=False)),
        ):
            start = time.perf_counter()
            call()
            timings[label] = (time.perf_counter() - start) * 1000
    print(
        f"{db.dialect:10} insert {total} entries ({html_mb:.0f} MB HTML) in {insert_s:.2f} s"
        f" = {total / insert_s:,.0f} entries/s; update {3 * n_feeds} in {update_s:.2f} s"
        f" = {3 * n_feeds / update_s:,.0f} entries/s"
    )
    print("           " + ", ".join(f"{k} {v:.0f} ms" for k, v in timings.items()))
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=35)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(f"sqlite:///{tmp}/bench.sqlite3", args.feeds, args.entries)
    if not args.skip_postgres:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.postgres, autocommit=True) as c:
            c.execute(f'CREATE SCHEMA "{schema}"')
        try:
            run(f"{args.postgres}?options=-csearch_path%3D{schema}", args.feeds, args.entries)
        finally:
            with psycopg.connect(args.postgres, autocommit=True) as c:
                c.execute(f'DROP SCHEMA "{schema}" CASCADE')


if __name__ == "__main__":
    main()
