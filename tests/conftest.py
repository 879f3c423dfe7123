"""Test-wide fixtures.

PostgreSQL: tests marked ``postgres`` (and the ``postgres`` variant of the
``database_url`` fixture) use the server at ``TIDINGS_TEST_POSTGRES_URL``
(default: the local trust-auth server, database ``test``). Without a reachable
server they are skipped with the reason printed; with ``CI=true`` they fail.
"""

from __future__ import annotations

import os
import uuid

import pytest

POSTGRES_URL = os.environ.get(
    "TIDINGS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

_postgres_problem: str | None = None
_postgres_checked = False


def postgres_unavailable() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can (checked once)."""
    global _postgres_checked, _postgres_problem
    if not _postgres_checked:
        _postgres_checked = True
        try:
            import psycopg

            dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(dsn, connect_timeout=3):
                pass
        except Exception as exc:  # noqa: BLE001 - any failure means "not here"
            _postgres_problem = f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}".strip()
    return _postgres_problem


def require_postgres() -> None:
    problem = postgres_unavailable()
    if problem is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true requires PostgreSQL. {problem}")
    pytest.skip(problem)


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """Tests never read the developer's own TIDINGS_* settings or data directory."""
    for name in list(os.environ):
        if name.startswith("TIDINGS_") and name != "TIDINGS_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def postgres_url() -> str:
    """A PostgreSQL URL with a fresh, empty schema of its own, dropped afterwards."""
    require_postgres()
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def db(database_url: str):
    """A migrated database at ``database_url`` (so on SQLite and on PostgreSQL)."""
    from tidings.store import Database

    database = Database.open(database_url)
    database.migrate()
    yield database
    database.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """Run the test once on SQLite (a file) and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tidings.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """One plain line saying which tests did not run against PostgreSQL, and why."""
    problem = _postgres_problem
    if problem is None or IN_CI:
        return
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if "PostgreSQL" in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} PostgreSQL tests were skipped: {problem.splitlines()[0]}"
            " (set TIDINGS_TEST_POSTGRES_URL to run them; CI=true requires them).",
            yellow=True,
        )
