"""Helpers for the story and picks tests: stories built by the real clustering pass over
real stored entries (the bundled demo fetched through the pipeline, or a few written here)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from starlette.testclient import TestClient

from tidings.clock import utcnow
from tidings.demo import demo_opml
from tidings.services import accounts
from tidings.services import stories as story_service
from tidings.services.demo import serve_demo_files
from tidings.services.refreshing import refresh
from tidings.services.sources import import_opml
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
from tidings.web import WebConfig, create_app

from .conftest import make_client, sign_in

NOW = datetime(2026, 11, 1, tzinfo=UTC)
YEAR = 365  # the demo's stories run from January to October 2026
PASSWORDS = {"alice": "alice-password-1", "ed": "editor-password-1", "bob": "bob-password-22"}
_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@dataclass
class Demo:
    db: Database
    app: object
    ids: dict[str, int]  # user name -> id
    opened: list[TestClient] = field(default_factory=list)

    def client(self, name: str) -> TestClient:
        c = make_client(self.app)
        c.__enter__()
        self.opened.append(c)
        assert sign_in(c, name, PASSWORDS[name]).status_code == 303
        c.csrf = _META.search(c.get("/account").text).group(1)  # type: ignore[attr-defined,union-attr]
        return c

    def cluster(self) -> None:
        story_service.update_stories(self.db, now=NOW, window_days=YEAR)

    def story(self, user: str, words: str) -> int:
        found = story_service.list_stories(self.db, self.ids[user], limit=200)
        return next(s.id for s in found if words in s.headline)


def add_users(db: Database) -> dict[str, int]:
    roles = {"alice": UserRole.MEMBER, "ed": UserRole.EDITOR, "bob": UserRole.MEMBER}
    return {
        name: accounts.add_user(db, name, PASSWORDS[name], role=role, now=NOW).id
        for name, role in roles.items()
    }


@pytest.fixture(name="demo")
def demo_fixture(db, database_url, tmp_path) -> Iterator[Demo]:
    """Alice (member) and Ed (editor) follow the demo feeds, fetched and clustered; Bob
    (member) follows nothing. The app's clock is NOW, just after the demo's stories."""
    ids = add_users(db)
    settings = load_settings(data_dir=tmp_path / "data", database_url=database_url,
                             allow_private_networks=True)

    async def build() -> None:
        async with serve_demo_files() as port:
            for name in ("alice", "ed"):
                import_opml(db, demo_opml(port), user_id=ids[name], allow_private=True,
                            now=utcnow())
            summary = await refresh(db, settings, everything=True)
            assert summary.failed == 0 and summary.new_entries > 50

    asyncio.run(build())
    story_service.update_stories(db, now=NOW, window_days=YEAR)
    demo = Demo(db, create_app(db, settings, WebConfig(), clock=lambda: NOW), ids)
    yield demo
    for c in demo.opened:
        c.__exit__(None, None, None)


def add_articles(
    db: Database, user_ids: list[int], url: str, source: str,
    articles: list[tuple[str, str, datetime]],
) -> int:
    """A feed titled ``source`` with (title, text, published) entries, followed by ``user_ids``."""
    with db.transaction() as conn:
        feed_id = add_feed(conn, url, NOW - timedelta(days=3))
        parsed = [
            ParsedEntry(key=f"{url}#{i}", title=title, link=f"{url}/{i}",
                        published=published, content=f"<p>{text}</p>")
            for i, (title, text, published) in enumerate(articles)
        ]
        apply_feed_update(conn, FeedUpdate(
            feed_id=feed_id, checked_at=NOW, next_check_at=NOW + timedelta(hours=1),
            status=RefreshStatus.UPDATED,
            feed=ParsedFeed(format=FeedFormat.ATOM10, title=source, link=url),
            entries=tuple(EntryWrite(key=e.key, content_hash=f"h{i}", entry=e, is_new=True)
                          for i, e in enumerate(parsed)),
            cache=HTTPCacheHints(),
        ))
        for user_id in user_ids:
            subscribe(conn, user_id, feed_id)
    return feed_id
