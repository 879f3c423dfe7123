"""The schema check reads the newest revision from the scripts' text, without Alembic."""

from __future__ import annotations

from tidings.store.engine import migration_head
from tidings.store.migrate import head


def test_the_head_read_from_the_scripts_is_alembics() -> None:
    assert migration_head() == head()
