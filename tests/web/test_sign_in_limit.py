"""The sign-in rate limit lives in the database: every server process shares it (issue 3).

Each "process" here is its own app on its own ``Database`` (its own engine and
pool) over the same database, as ``tidings serve --workers 2`` runs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from tests.web.conftest import PASSWORD_A, T0, make_client, sign_in
from tests.web.queries import count_queries
from tidings.services import accounts
from tidings.store import Database
from tidings.store.signin import Failure
from tidings.store.tables import sign_in_failures
from tidings.web import WebConfig, create_app
from tidings.web.security import SESSION_COOKIE

WINDOW = timedelta(minutes=15)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def two_processes(db: Database, database_url: str, settings, clock: Clock, world
                  ) -> Iterator[tuple[TestClient, TestClient]]:
    second = Database.open(database_url)
    try:
        with make_client(create_app(db, settings, WebConfig(), clock=clock)) as one, \
             make_client(create_app(second, settings, WebConfig(), clock=clock)) as two:
            yield one, two
    finally:
        second.dispose()


def test_two_processes_share_the_limit(two_processes) -> None:
    one, two = two_processes
    for client in (one, two, one, two, one):  # 5 failures, split 3 + 2
        assert sign_in(client, "alice", "wrong password!").status_code == 401
    for client in (one, two):  # each alone has seen fewer than 5; together they refuse
        blocked = sign_in(client, "alice", PASSWORD_A)  # the right password waits too
        assert blocked.status_code == 429, blocked.text
        assert 0 < int(blocked.headers["retry-after"]) <= WINDOW.total_seconds() + 1
        assert SESSION_COOKIE not in client.cookies


def test_the_limit_outlives_a_restart(db, settings, clock, world) -> None:
    with make_client(create_app(db, settings, WebConfig(), clock=clock)) as before:
        for _ in range(5):
            assert sign_in(before, "Alice", "wrong password!").status_code == 401  # any case
    with make_client(create_app(db, settings, WebConfig(), clock=clock)) as after:
        assert sign_in(after, "alice", PASSWORD_A).status_code == 429


def test_the_lockout_lasts_the_window_then_the_right_password_works(two_processes, clock) -> None:
    one, two = two_processes
    for minute in range(5):
        clock.now = T0 + timedelta(minutes=minute)
        assert sign_in(one, "alice", "wrong password!").status_code == 401
    # The oldest failure leaves the window at T0 + 15 min: until then, refused.
    clock.now = T0 + WINDOW - timedelta(seconds=1)
    blocked = sign_in(two, "alice", PASSWORD_A)
    assert blocked.status_code == 429 and blocked.headers["retry-after"] == "2"
    clock.now = T0 + WINDOW
    assert sign_in(two, "alice", PASSWORD_A).status_code == 303


def test_a_right_password_clears_the_name_but_not_the_address(two_processes, db) -> None:
    one, two = two_processes
    for _ in range(4):
        assert sign_in(one, "alice", "wrong password!").status_code == 401
    assert sign_in(two, "alice", PASSWORD_A).status_code == 303
    two.cookies.clear()
    # The name's count starts again ...
    for _ in range(4):
        assert sign_in(two, "alice", "wrong password!").status_code == 401
    assert sign_in(one, "alice", PASSWORD_A).status_code == 303
    one.cookies.clear()
    # ... while the address keeps all 8 failures: 12 more (any names) reach 20.
    for i in range(12):
        assert sign_in(one, f"nobody{i}", "wrong password!").status_code == 401
    assert sign_in(two, "bob", "bob-password-22").status_code == 429
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(sign_in_failures)).scalar() == 20


def test_addresses_are_counted_apart(db, settings, clock, world) -> None:
    config = WebConfig(behind_proxy=True)
    with make_client(create_app(db, settings, config, clock=clock)) as c:
        far = {"x-forwarded-for": "203.0.113.9"}
        for _ in range(5):
            c.headers.update(far)
            assert sign_in(c, "alice", "wrong password!").status_code == 401
        c.headers.update({"x-forwarded-for": "198.51.100.7"})
        assert sign_in(c, "alice", PASSWORD_A).status_code == 303


def test_old_failures_are_pruned(two_processes, db, clock) -> None:
    one, two = two_processes
    for _ in range(3):
        assert sign_in(one, "alice", "wrong password!").status_code == 401
    clock.now = T0 + WINDOW + timedelta(seconds=1)
    assert sign_in(two, "nobody", "wrong password!").status_code == 401
    with db.connect() as conn:
        names = conn.execute(select(sign_in_failures.c.name)).scalars().all()
    assert names == ["nobody"]


def test_unknown_names_cost_what_wrong_passwords_cost(two_processes, db, monkeypatch) -> None:
    """Same statements, one argon2 verification each: the time does not tell names apart."""
    one, _ = two_processes
    verified: list[str | None] = []
    real = accounts._verify
    monkeypatch.setattr(accounts, "_verify", lambda h, p: verified.append(h) or real(h, p))

    def attempt(name: str) -> int:
        return count_queries(db, lambda: sign_in(one, name, "wrong password!"))

    assert attempt("alice") == attempt("nobody-here")
    assert len(verified) == 2 and verified[0] is not None and verified[1] is None


def test_refusal_waits_until_enough_failures_leave_the_window() -> None:
    at = [T0 + timedelta(minutes=m) for m in range(7)]
    limits = {"per_name": 5, "per_address": 20, "window": WINDOW}
    now = T0 + timedelta(minutes=7)
    four = [Failure(t, True) for t in at[:4]]
    assert accounts.refusal(four, now=now, **limits) is None
    # Seven failures (two processes raced past the check): the third oldest must leave.
    seven = [Failure(t, True) for t in at]
    assert accounts.refusal(seven, now=now, **limits) == 10 * 60 + 1
    # Other names' failures count for the address only.
    others = [Failure(t, False) for t in at]
    assert accounts.refusal(others, now=now, **limits) is None
    three_each = sorted(others * 3, key=lambda f: f.failed_at)
    assert accounts.refusal(three_each, now=now, **limits) == 8 * 60 + 1
