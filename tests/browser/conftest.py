"""Fixtures for the browser tests: a real ``tidings serve`` in a subprocess on a temporary
SQLite store, a local site with feeds on 127.0.0.1, and Debian's Chromium driven by
Playwright (one browser for the package, a fresh context per test). The server and the
browser are package-scoped, so they stop before the rest of the suite runs.

Without the playwright package or Chromium the tests are skipped with the reason printed
once at the end of the run; with ``CI=true`` they fail instead (as PostgreSQL does).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from tests.browser.support import (
    browser_problem,
    find_chromium,
    free_port,
    local_site,
    printed_password,
    run_cli,
    server_env,
    tidings_server,
)
from tests.conftest import POSTGRES_URL, require_postgres
from tests.integration.helpers import loopback_settings
from tidings.store import Database

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SKIP_PREFIX = "Browser tests skipped:"
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

_problem: str | None = None
_checked = False


def browser_unavailable() -> str | None:
    global _checked, _problem
    if not _checked:
        _checked, _problem = True, browser_problem()
    return _problem


def require_browser() -> None:
    problem = browser_unavailable()
    if problem is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true requires the browser tests: {problem}")
    pytest.skip(f"{SKIP_PREFIX} {problem}")


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """One plain line saying that the browser tests did not run, and why."""
    if _problem is None or IN_CI:
        return
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if SKIP_PREFIX in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} browser tests were skipped: {_problem}"
            "; CI=true requires them.",
            yellow=True,
        )


@dataclass
class Live:
    """The running server and what is in its store."""

    base: str
    site: str
    alice_password: str
    db: Database  # the same store, opened in the test process
    news_feed: int
    long_feed: int  # more than a page of entries; no reader follows it at first


@pytest.fixture(scope="package")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=find_chromium(), headless=True)
        yield chromium
        chromium.close()


@contextmanager
def serving_store(root: Path, url: str) -> Iterator[Live]:
    """``tidings serve`` on a free port of 127.0.0.1 over the database at ``url``, where
    ``alice`` (created with ``tidings user add``) follows the local site's Town Crier feed."""
    from tidings.services.sources import add_source
    from tidings.store.users import default_user, get_user

    env = server_env(root / "data", TIDINGS_DATABASE_URL=url,
                     TIDINGS_ALLOW_PRIVATE_NETWORKS="true")
    with local_site() as site:
        password = printed_password(run_cli(["user", "add", "alice"], env))
        db = Database.open(url)
        with db.transaction() as conn:
            alice = get_user(conn, "alice")
            nobody = default_user(conn).id  # the command line's user, who cannot sign in
        settings = loopback_settings(root, url)
        with ThreadPoolExecutor(1) as pool:  # Playwright's sync API owns this thread's loop
            added = pool.submit(asyncio.run, add_source(db, settings, f"{site}/news.xml",
                                                        user_id=alice.id)).result()
            long = pool.submit(asyncio.run, add_source(db, settings, f"{site}/long.xml",
                                                       user_id=nobody)).result()
        port = free_port()
        try:
            with tidings_server(["serve", "--port", str(port)], env, port,
                                root / "serve.log") as base:
                yield Live(base, site, password, db, added.feed_id, long.feed_id)
        finally:
            db.dispose()


@pytest.fixture(scope="package")
def live(tmp_path_factory) -> Iterator[Live]:
    """The server the tests use, on a SQLite file."""
    require_browser()
    root = tmp_path_factory.mktemp("browser")
    with serving_store(root, f"sqlite:///{root / 'tidings.sqlite3'}") as server:
        yield server


@pytest.fixture(scope="package")
def live_postgres(tmp_path_factory) -> Iterator[Live]:
    """A second server, on a fresh PostgreSQL schema (dropped afterwards)."""
    require_browser()
    require_postgres()
    import psycopg

    schema = f"browser_{uuid.uuid4().hex[:12]}"
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in POSTGRES_URL else "?"
    try:
        root = tmp_path_factory.mktemp("browser-postgres")
        with serving_store(root, f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}") as server:
            yield server
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@dataclass
class Reader:
    name: str
    password: str = field(repr=False)


def new_reader(live: Live, role: str = "member") -> Reader:
    """A new user of its own (so tests do not share read or starred state) who follows the
    Town Crier feed; a cheap password hash keeps signing in fast."""
    from tidings.store.subscriptions import subscribe
    from tidings.store.users import create_user

    name, password = f"{role}-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    with live.db.transaction() as conn:
        user = create_user(conn, name, role=role, password_hash=CHEAP.hash(password))
        subscribe(conn, user.id, live.news_feed)
    return Reader(name, password)


@pytest.fixture
def reader(live: Live) -> Reader:
    return new_reader(live)


@dataclass
class Problems:
    """Console errors, uncaught exceptions and CSP violations seen by a page."""

    seen: list[str] = field(default_factory=list)

    def clear(self) -> None:
        self.seen.clear()


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(browser, live: Live, problems: Problems):
    """A page in a fresh context; the test fails if the page logged an error."""
    context = browser.new_context(base_url=live.base, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    tab = context.new_page()
    tab.on("console", lambda m: problems.seen.append(f"console {m.type}: {m.text} ({tab.url})")
           if m.type == "error" else None)
    tab.on("pageerror", lambda exc: problems.seen.append(f"uncaught: {exc} ({tab.url})"))
    yield tab
    context.close()
    assert not problems.seen, "the browser reported:\n" + "\n".join(problems.seen)


def sign_in(page, name: str, password: str) -> None:
    page.goto("/signin")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/unread")


@pytest.fixture
def signed_in(page, reader: Reader):
    """The page, signed in as a fresh reader, on /unread."""
    sign_in(page, reader.name, reader.password)
    return page
