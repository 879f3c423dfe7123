"""A few of the browser tests again, against a server on PostgreSQL (whose search is
PostgreSQL's full-text search, not SQLite's FTS5). Skipped, and counted in the PostgreSQL
line, without a server; CI=true requires one."""

from __future__ import annotations

import pytest

# Collected here too: with ``live`` below, they run against the PostgreSQL server.
from tests.browser.test_keyboard import (
    test_m_toggles_read_and_the_unread_count_follows,
    test_s_stars_the_selected_entry_and_the_starred_view_lists_it,
)
from tests.browser.test_lists import (
    test_mark_all_read_empties_unread_and_all_still_lists_them,
    test_search_with_operators_and_phrases_shows_the_right_entries,
)
from tests.browser.test_sources import test_adding_a_site_finds_its_feed_and_shows_the_entries

pytestmark = pytest.mark.postgres

__all__ = [
    "test_adding_a_site_finds_its_feed_and_shows_the_entries",
    "test_m_toggles_read_and_the_unread_count_follows",
    "test_mark_all_read_empties_unread_and_all_still_lists_them",
    "test_s_stars_the_selected_entry_and_the_starred_view_lists_it",
    "test_search_with_operators_and_phrases_shows_the_right_entries",
]


@pytest.fixture
def live(live_postgres):
    return live_postgres
