"""The cached sidebar (unread counts per feed and folder) is always current.

``services.reading`` keeps each user's sidebar in memory under the counters of
``reading_versions``, which triggers move in the same transaction as a change
(migration 0008_reading_speed). These tests warm the cache, change something
the sidebar shows by every route a change can take (ingestion, read state,
subscriptions, folders, deletion, another process), and check the counts.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, event
from starlette.testclient import TestClient

from tidings.services import reading
from tidings.services.reading import Scope, Show
from tidings.store import Database
from tidings.store.feeds import apply_feed_update, remove_feed
from tidings.store.tables import entries
from tidings.types import (
    EntryWrite,
    FeedFormat,
    FeedUpdate,
    HTTPCacheHints,
    ParsedEntry,
    ParsedFeed,
    RefreshStatus,
)

from .conftest import T0, add_feed_with_entries, form
from .queries import count_queries

NOW = T0 + timedelta(days=3)


def counts(db: Database, user_id: int) -> dict[int, int]:
    return {s.feed_id: s.unread_count for s in reading.sidebar(db, user_id).subscriptions}


def new_entries(db: Database, feed_id: int, keys: list[str], *, title: str = "Alice news",
                error: str | None = None) -> None:
    """What a refresh stores: new entries (and the feed's title and error) in one transaction."""
    parsed = [
        ParsedEntry(key=k, title=f"New {k}", link=f"https://example.org/new/{k}",
                    published=T0 + timedelta(days=1, minutes=i), content="<p>new</p>")
        for i, k in enumerate(keys)
    ]
    with db.transaction() as conn:
        apply_feed_update(conn, FeedUpdate(
            feed_id=feed_id, checked_at=NOW, next_check_at=NOW + timedelta(hours=1),
            status=RefreshStatus.UPDATED,
            feed=ParsedFeed(format=FeedFormat.ATOM10, title=title, link="https://example.org/"),
            entries=tuple(EntryWrite(e.key, f"h-{e.key}", e, True) for e in parsed),
            cache=HTTPCacheHints(), error=error, error_count=1 if error else 0,
        ))


def test_the_same_sidebar_is_served_while_nothing_changes(db: Database, world) -> None:
    first = reading.sidebar(db, world.a_id)
    assert reading.sidebar(db, world.a_id) is first
    assert reading.sidebar(db, world.b_id) is not first  # per user
    assert reading.sidebar(db, world.b_id).unread_total == 3


def test_counts_after_new_entries_arrive(db: Database, world) -> None:
    assert counts(db, world.a_id) == {world.a_feed: 7}
    new_entries(db, world.a_feed, ["n1", "n2"])
    assert counts(db, world.a_id) == {world.a_feed: 9}
    bar = reading.sidebar(db, world.a_id)
    assert bar.unread_total == 9 and bar.folder_unread() == {world.a_folder: 9}
    assert counts(db, world.b_id) == {world.b_feed: 3}  # Bob does not follow that feed


def test_counts_after_mark_read_and_unread(db: Database, world) -> None:
    counts(db, world.a_id)
    reading.set_read(db, world.a_id, world.a_entries[:3], True, now=NOW)
    assert counts(db, world.a_id) == {world.a_feed: 4}
    reading.set_read(db, world.a_id, world.a_entries[:1], False, now=NOW)
    assert counts(db, world.a_id) == {world.a_feed: 5}
    reading.set_starred(db, world.a_id, world.a_entries[:2], True, now=NOW)
    assert counts(db, world.a_id) == {world.a_feed: 5}  # starring is not reading
    assert counts(db, world.b_id) == {world.b_feed: 3}


def test_opening_an_entry_counts_it_read(db: Database, world) -> None:
    counts(db, world.a_id)
    view = reading.read_entry(db, world.a_id, world.a_entries[0], Scope(Show.ALL), now=NOW)
    assert view.sidebar.unread_total == 6
    assert counts(db, world.a_id) == {world.a_feed: 6}


def test_counts_after_mark_all_read(db: Database, world) -> None:
    other, _ = add_feed_with_entries(db, world.a_id, "https://c.example/feed", 4, title="C")
    assert counts(db, world.a_id) == {world.a_feed: 7, other: 4}
    reading.mark_all_read(db, world.a_id, now=NOW, folder_id=world.a_folder)
    assert counts(db, world.a_id) == {world.a_feed: 0, other: 4}
    page = reading.entry_page(db, world.a_id, Scope(Show.UNREAD, folder_id=world.a_folder))
    assert page.entries == ()
    reading.mark_all_read(db, world.a_id, now=NOW)
    assert counts(db, world.a_id) == {world.a_feed: 0, other: 0}
    assert reading.entry_page(db, world.a_id, Scope(Show.UNREAD)).entries == ()
    new_entries(db, other, ["late"])
    assert counts(db, world.a_id) == {world.a_feed: 0, other: 1}
    assert [e.title for e in reading.entry_page(db, world.a_id, Scope()).entries] == ["New late"]


def test_counts_after_unsubscribe_move_and_rename(db: Database, world) -> None:
    other, _ = add_feed_with_entries(db, world.a_id, "https://c.example/feed", 2, title="C")
    assert reading.sidebar(db, world.a_id).unread_total == 9
    reading.move_source(db, world.a_id, other, "Tech")
    assert reading.sidebar(db, world.a_id).folder_unread() == {world.a_folder: 9}
    reading.rename_source(db, world.a_id, other, "Renamed C")
    assert reading.sidebar(db, world.a_id).subscription(other).display_title == "Renamed C"
    reading.unsubscribe(db, world.a_id, other)
    bar = reading.sidebar(db, world.a_id)
    assert counts(db, world.a_id) == {world.a_feed: 7}
    assert bar.unread_total == 7 and bar.folder_unread() == {world.a_folder: 7}


def test_counts_after_entries_and_feeds_are_deleted(db: Database, world) -> None:
    counts(db, world.a_id)
    with db.transaction() as conn:  # as a retention pass would
        conn.execute(delete(entries).where(entries.c.id.in_(world.a_entries[:2])))
    assert counts(db, world.a_id) == {world.a_feed: 5}
    other, _ = add_feed_with_entries(db, world.a_id, "https://c.example/feed", 2, title="C")
    assert counts(db, world.a_id) == {world.a_feed: 5, other: 2}
    with db.transaction() as conn:
        remove_feed(conn, other)
    assert counts(db, world.a_id) == {world.a_feed: 5}


def test_feed_title_and_error_changes_show(db: Database, world) -> None:
    assert reading.sidebar(db, world.a_id).subscription(world.a_feed).feed_error is None
    new_entries(db, world.a_feed, [], title="Alice's new name", error="HTTP 500 from the site")
    sub = reading.sidebar(db, world.a_id).subscription(world.a_feed)
    assert sub.feed_title == "Alice's new name" and sub.feed_error


def test_changes_made_by_another_process_are_seen(db: Database, world, database_url) -> None:
    """Another Database object has its own engine and cache, as another process would."""
    assert counts(db, world.a_id) == {world.a_feed: 7}
    other = Database.open(database_url)
    try:
        assert counts(other, world.a_id) == {world.a_feed: 7}
        reading.set_read(other, world.a_id, world.a_entries[:2], True, now=NOW)
        assert counts(db, world.a_id) == {world.a_feed: 5}
        new_entries(db, world.a_feed, ["x"])
        assert counts(other, world.a_id) == {world.a_feed: 6}
    finally:
        other.dispose()


def test_pages_show_current_counts(db: Database, alice: TestClient, world) -> None:
    page = alice.get("/unread").text
    assert 'Unread <span class="count">7</span>' in page
    assert form(alice, f"/entries/{world.a_entries[0]}/read", {"read": "true"}).status_code == 303
    page = alice.get(f"/feeds/{world.a_feed}").text
    assert 'Unread <span class="count">6</span>' in page
    assert f'<a href="/feeds/{world.a_feed}" aria-current="page">' in page  # on the cached HTML
    assert f'<a href="/folders/{world.a_folder}" aria-current="page">' not in page
    folder_page = alice.get(f"/folders/{world.a_folder}").text
    assert f'<a href="/folders/{world.a_folder}" aria-current="page">' in folder_page
    assert form(alice, "/mark-all-read", {"next": "/unread"}).status_code == 303
    page = alice.get("/unread").text
    assert 'Unread <span class="count">0</span>' in page and "Nothing unread" in page
    new_entries(db, world.a_feed, ["fresh"])
    page = alice.get("/unread").text
    assert 'Unread <span class="count">1</span>' in page and "New fresh" in page


def test_a_cold_sidebar_is_three_more_queries_whatever_the_size(db: Database, world) -> None:
    def queries() -> int:
        return count_queries(db, lambda: reading.entry_page(db, world.a_id, Scope()))

    cold = queries()
    warm = queries()
    # warm: version, the page, copies; cold adds subscriptions + counts, folders, and the
    # version again (a bar counted while the version moved is not cached)
    assert (cold, warm) == (6, 3)
    for n in range(3):
        add_feed_with_entries(db, world.a_id, f"https://more{n}.example/", 5, folder=f"F{n}")
    assert (queries(), queries()) == (cold, warm)


def test_opening_an_entry_brings_the_cached_sidebar_forward(db: Database, world,
                                                            database_url) -> None:
    """Opening an unread entry moves one count on the cached sidebar, without counting again."""
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    reading.sidebar(db, world.a_id)
    reading.read_entry(db, world.a_id, world.a_entries[0], Scope(Show.ALL), now=NOW)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        bar = reading.sidebar(db, world.a_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len([s for s in statements if s.startswith("SELECT")]) == 1  # the version only
    assert bar.unread_total == 6 and bar.folder_unread() == {world.a_folder: 6}
    # A change elsewhere between the cached version and the opening: counted again, right.
    other = Database.open(database_url)
    try:
        reading.set_read(other, world.a_id, world.a_entries[1:3], True, now=NOW)
    finally:
        other.dispose()
    reading.read_entry(db, world.a_id, world.a_entries[3], Scope(Show.ALL), now=NOW)
    assert counts(db, world.a_id) == {world.a_feed: 3}
    reading.read_entry(db, world.a_id, world.a_entries[3], Scope(Show.ALL), now=NOW)  # again
    assert counts(db, world.a_id) == {world.a_feed: 3}


def test_another_process_brings_its_sidebar_forward_by_the_logged_moves(
        db: Database, world, database_url) -> None:
    """Read-state changes made in another process are applied to the cached sidebar from
    the log of what they did to the counts (unread_moves), not counted again."""
    from tidings.store.subscriptions import list_subscriptions

    other = Database.open(database_url)
    try:
        reading.sidebar(db, world.a_id)
        reading.sidebar(other, world.a_id)
        reading.read_entry(other, world.a_id, world.a_entries[0], Scope(Show.ALL), now=NOW)
        reading.set_read(other, world.a_id, world.a_entries[1:4], True, now=NOW)
        reading.set_starred(other, world.a_id, world.a_entries[4:5], True, now=NOW)
        reading.set_read(other, world.a_id, world.a_entries[2:3], False, now=NOW)
        statements: list[str] = []

        def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            bar = reading.sidebar(db, world.a_id)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert len([s for s in statements if s.startswith("SELECT")]) == 2  # version, moves
        assert bar.unread_total == 4 and bar.folder_unread() == {world.a_folder: 4}
        with db.connect() as conn:  # what a count from scratch says
            assert {s.feed_id: s.unread_count for s in list_subscriptions(conn, world.a_id)} \
                == {world.a_feed: 4}
        # "Mark all read" logs nothing: the gap means counting again, right.
        reading.mark_all_read(other, world.a_id, now=NOW)
        reading.set_read(other, world.a_id, world.a_entries[:1], False, now=NOW)
        assert counts(db, world.a_id) == {world.a_feed: 1}
    finally:
        other.dispose()


def test_a_moved_count_renders_the_same_html_as_a_full_render(db: Database, alice: TestClient,
                                                              world) -> None:
    from tidings.web.templating import SIDEBAR_EXPANDED_UP_TO, env

    add_feed_with_entries(db, world.a_id, "https://c.example/feed", 2, title="C", folder="Tech")
    assert alice.get("/unread").status_code == 200  # renders the cached sidebar in full
    for entry_id in world.a_entries[:2]:
        assert alice.get(f"/entries/{entry_id}").status_code == 200  # moves one count each
    bar = reading.sidebar(db, world.a_id)
    assert bar.unread_total == 7 and ("html", "all") in bar.rendered  # patched, not rendered
    assert bar.rendered[("html", "all")] == env.get_template("_sidebar.html").render(
        sidebar=bar, open="all", small=SIDEBAR_EXPANDED_UP_TO)


def test_concurrent_opens_leave_the_counts_right(db: Database, world) -> None:
    from concurrent.futures import ThreadPoolExecutor

    other, ids = add_feed_with_entries(db, world.a_id, "https://c.example/feed", 40, title="C")
    reading.sidebar(db, world.a_id)

    def open_(entry_id: int) -> int:
        view = reading.read_entry(db, world.a_id, entry_id, Scope(Show.ALL), now=NOW)
        return view.sidebar.unread_total

    with ThreadPoolExecutor(8) as pool:
        totals = list(pool.map(open_, ids[:30] + world.a_entries[:3]))
    assert all(0 <= t < 47 for t in totals)
    assert counts(db, world.a_id) == {world.a_feed: 4, other: 10}
    with db.connect() as conn:  # what a count from scratch says
        from tidings.store.subscriptions import list_subscriptions

        assert {s.feed_id: s.unread_count for s in list_subscriptions(conn, world.a_id)} == {
            world.a_feed: 4, other: 10}


def test_many_feeds_list_only_the_open_folder(db: Database, alice: TestClient, world,
                                               monkeypatch) -> None:
    """Above SIDEBAR_EXPANDED_UP_TO feeds, other folders are one link each, with their count."""
    from tidings.web import templating

    monkeypatch.setattr(templating, "SIDEBAR_EXPANDED_UP_TO", 1)
    other, other_ids = add_feed_with_entries(db, world.a_id, "https://c.example/feed", 2,
                                             title="C", folder="Other")
    loose, _ = add_feed_with_entries(db, world.a_id, "https://d.example/feed", 3, title="D")
    folders = {f.name: f.id for f in reading.sidebar(db, world.a_id).folders}
    page = alice.get("/unread").text
    assert f'<a href="/folders/{world.a_folder}">Tech</a> <span class="count">7</span>' in page
    assert f'<a href="/folders/{folders["Other"]}">Other</a> <span class="count">2</span>' in page
    assert '<a href="/ungrouped">Not in a folder</a> <span class="count">3</span>' in page
    assert f'href="/feeds/{world.a_feed}"' not in page and f'href="/feeds/{other}"' not in page
    assert f'href="/feeds/{loose}"' in page  # one feed outside folders: at most the threshold
    page = alice.get(f"/feeds/{other}").text
    assert f'<a href="/feeds/{other}" aria-current="page">C</a>' in page
    assert f'href="/feeds/{world.a_feed}"' not in page
    page = alice.get(f"/folders/{world.a_folder}").text
    assert f'<a href="/folders/{world.a_folder}" aria-current="page">' in page
    assert f'<a href="/feeds/{world.a_feed}">' in page and f'href="/feeds/{other}"' not in page
    # An article opens its feed's folder, without marking the feed as the current page.
    page = alice.get(f"/entries/{other_ids[0]}").text  # unread: moves two counts
    assert f'<a href="/feeds/{other}">C</a>' in page and f'href="/feeds/{world.a_feed}"' not in page
    assert f'<a href="/folders/{folders["Other"]}">Other</a> <span class="count">1</span>' in page
    bar = reading.sidebar(db, world.a_id)
    variants = [k for k in bar.rendered if isinstance(k, tuple)]
    # Brought forward from the sidebar before the opening, not rendered again.
    assert set(variants) == {("html", ""), ("html", f"folder-{folders['Other']}"),
                             ("html", f"folder-{world.a_folder}")}
    for _, open_ in variants:
        assert bar.rendered[("html", open_)] == templating.env.get_template(
            "_sidebar.html").render(sidebar=bar, open=open_, small=1)
