"""Fixtures for the web tests: a migrated database (SQLite and PostgreSQL), users with
feeds and entries, the app, and browsers (TestClient) signed in as them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from starlette.testclient import TestClient

from tidings.services import accounts
from tidings.settings import load_settings
from tidings.store import Database
from tidings.store.feeds import add_feed, apply_feed_update
from tidings.store.subscriptions import get_subscription, subscribe
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

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
PASSWORD_A = "alice-password-1"
PASSWORD_B = "bob-password-22"


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same argon2id code path, tiny cost: keeps the suite fast."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("dummy"))


def add_feed_with_entries(
    db: Database,
    user_id: int,
    url: str,
    n: int,
    *,
    title: str = "A feed",
    folder: str | None = None,
    word: str = "common",
    error: str | None = None,
) -> tuple[int, list[int]]:
    """A feed followed by ``user_id`` with ``n`` entries (newest has the highest number)."""
    with db.transaction() as conn:
        feed_id = add_feed(conn, url, T0)
        parsed = [
            ParsedEntry(
                key=f"{url}#{i}",
                title=f"{title} story {i}",
                link=f"https://example.org/{feed_id}/{i}",
                authors=("Ann Author",),
                published=T0 + timedelta(hours=i),
                content=f"<p>Body of story {i} about {word}.</p>",
            )
            for i in range(n)
        ]
        apply_feed_update(
            conn,
            FeedUpdate(
                feed_id=feed_id,
                checked_at=T0 + timedelta(days=1),
                next_check_at=T0 + timedelta(days=2),
                status=RefreshStatus.UPDATED if parsed else RefreshStatus.UNCHANGED,
                feed=ParsedFeed(format=FeedFormat.ATOM10, title=title, link="https://example.org/"),
                entries=tuple(
                    EntryWrite(key=e.key, content_hash=f"h{i}", entry=e, is_new=True)
                    for i, e in enumerate(parsed)
                ),
                cache=HTTPCacheHints(),
                error=error,
                error_count=1 if error else 0,
            ),
        )
        subscribe(conn, user_id, feed_id, folder=folder)
    from tidings.store.entries import list_entries

    with db.connect() as conn:
        ids = [e.id for e in list_entries(conn, user_id, feed_id=feed_id, limit=1000)]
    return feed_id, sorted(ids)


@dataclass
class World:
    """Two users, each with their own feed (A's in a folder) and entries."""

    a_id: int
    b_id: int
    a_feed: int
    a_entries: list[int]
    a_folder: int
    b_feed: int
    b_entries: list[int]


@pytest.fixture
def world(db: Database) -> World:
    now = T0
    a = accounts.add_user(db, "alice", PASSWORD_A, role=UserRole.MEMBER, now=now)
    b = accounts.add_user(db, "bob", PASSWORD_B, role=UserRole.MEMBER, now=now)
    a_feed, a_entries = add_feed_with_entries(
        db, a.id, "https://a.example/feed", 7, title="Alice news", folder="Tech", word="zebra"
    )
    b_feed, b_entries = add_feed_with_entries(
        db, b.id, "https://b.example/feed", 3, title="Bob news", word="common"
    )
    with db.connect() as conn:
        folder_id = get_subscription(conn, a.id, a_feed).folder_id
    assert folder_id is not None
    return World(a.id, b.id, a_feed, a_entries, folder_id, b_feed, b_entries)


@pytest.fixture
def settings(tmp_path, database_url):
    return load_settings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def app(db: Database, settings):
    return create_app(db, settings, WebConfig())


def make_client(app, **kwargs) -> TestClient:
    return TestClient(app, base_url=kwargs.pop("base_url", "http://testserver"),
                      follow_redirects=False, **kwargs)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with make_client(app) as c:
        yield c


_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def sign_in(client: TestClient, username: str, password: str, **extra: str):
    page = client.get("/signin")
    assert page.status_code == 200
    token = _TOKEN.search(page.text).group(1)  # type: ignore[union-attr]
    return client.post(
        "/signin", data={"username": username, "password": password, "csrf_token": token, **extra}
    )


def csrf_of(client: TestClient) -> str:
    page = client.get("/account")
    assert page.status_code == 200, page.text
    return _META.search(page.text).group(1)  # type: ignore[union-attr]


@pytest.fixture
def alice(app, world) -> Iterator[TestClient]:
    with make_client(app) as c:
        assert sign_in(c, "alice", PASSWORD_A).status_code == 303
        c.csrf = csrf_of(c)  # type: ignore[attr-defined]
        yield c


@pytest.fixture
def bob(app, world) -> Iterator[TestClient]:
    with make_client(app) as c:
        assert sign_in(c, "bob", PASSWORD_B).status_code == 303
        c.csrf = csrf_of(c)  # type: ignore[attr-defined]
        yield c


def form(client: TestClient, path: str, data: dict | None = None, **kwargs):
    """POST a reader form with the session's CSRF token, as the browser does."""
    token = client.csrf  # type: ignore[attr-defined]
    return client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)
