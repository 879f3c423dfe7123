"""apply_feed_update: one call stores the feed row and its entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tidings.errors import FeedNotFoundError, StorageError
from tidings.store import Database, feeds, search, stats
from tidings.store.feeds import apply_feed_update
from tidings.store.updates import apply_feed_updates
from tidings.types import Enclosure, HTTPCacheHints, RefreshStatus, TranscriptLink

from .conftest import T0, entry, update


def test_new_entries_are_stored_with_their_fields(db: Database) -> None:
    published = datetime(2026, 10, 30, 8, 30, tzinfo=UTC)
    rich = entry(
        "guid-1",
        "Hello",
        "<p>Body</p>",
        link="https://example.org/1",
        authors=("Ann", "Bob"),
        published=published,
        summary="<p>Sum</p>",
        enclosures=(Enclosure("https://example.org/a.mp3", "audio/mpeg", 1234, 61),),
        categories=("news", "tech"),
        transcripts=(TranscriptLink("https://example.org/a.vtt", "text/vtt", "en"),),
        thumbnail="https://example.org/t.jpg",
        comments_url="https://example.org/1#comments",
        language="en",
    )
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed_id, [rich, entry("guid-2")]))
    with db.connect() as conn:
        from tidings.store import entries, subscriptions, users

        user = users.default_user(conn)
        subscriptions.subscribe(conn, user.id, feed_id)
        listed = entries.list_entries(conn, user.id)
        feed = feeds.get_feed(conn, feed_id)
    assert [e.key for e in listed] == ["guid-2", "guid-1"]  # undated: sorted at first seen
    stored = listed[1]
    assert stored.title == "Hello" and stored.content == "<p>Body</p>"
    assert stored.authors == ("Ann", "Bob")
    assert stored.published_at == published and stored.sort_at == published
    assert stored.enclosures == (Enclosure("https://example.org/a.mp3", "audio/mpeg", 1234, 61),)
    assert stored.transcripts == (TranscriptLink("https://example.org/a.vtt", "text/vtt", "en"),)
    assert stored.categories == ("news", "tech")
    assert stored.first_seen_at == T0 and stored.first_seen_at.tzinfo is not None
    assert listed[0].sort_at == T0
    assert feed.title == "A feed" and feed.site_url == "https://example.org/"
    assert feed.etag == '"v1"' and feed.last_checked_at == T0 and feed.last_updated_at == T0
    assert feed.next_check_at == T0 + timedelta(hours=1)
    assert feed.entry_count == 0  # get_feed does not count; list_feeds does


def test_last_updated_moves_only_when_entries_are_written(db: Database) -> None:
    later, latest = T0 + timedelta(hours=2), T0 + timedelta(hours=4)
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed_id, [entry("a", "A")]))
        apply_feed_update(conn, update(feed_id, [], at=later))  # fetched, nothing new
        unchanged = feeds.get_feed(conn, feed_id)
        apply_feed_update(conn, update(feed_id, [entry("b", "B")], at=latest))
        changed = feeds.get_feed(conn, feed_id)
    assert (unchanged.last_checked_at, unchanged.last_updated_at) == (later, T0)
    assert (changed.last_checked_at, changed.last_updated_at) == (latest, latest)


def test_changed_entry_is_updated_and_unchanged_ones_untouched(db: Database) -> None:
    later = T0 + timedelta(hours=2)
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed_id, [entry("a", "A", "<p>one</p>"), entry("b", "B")]))
        ids_before = _ids(conn, feed_id)
        hashes_before = feeds.existing_entry_hashes(conn, feed_id)
    with db.transaction() as conn:
        changed = entry("a", "A edited", "<p>two</p>")
        apply_feed_update(conn, update(feed_id, [changed], at=later, new=False))
    with db.connect() as conn:
        rows = {
            r.key: r
            for r in conn.execute(
                text(
                    "SELECT key, id, title, content_hash, first_seen_at, last_changed_at"
                    " FROM entries WHERE feed_id = :f"
                ),
                {"f": feed_id},
            )
        }
        hashes_after = feeds.existing_entry_hashes(conn, feed_id)
    assert {k: r.id for k, r in rows.items()} == ids_before  # same rows, no duplicates
    assert rows["a"].title == "A edited"
    assert hashes_after["a"] != hashes_before["a"]
    assert hashes_after["b"] == hashes_before["b"]
    assert rows["b"].title == "B"
    # first_seen_at preserved; last_changed_at moves only for the changed entry
    assert str(rows["a"].first_seen_at).startswith("2026-11-01 12:00")
    assert str(rows["a"].last_changed_at).startswith("2026-11-01 14:00")
    assert str(rows["b"].last_changed_at).startswith("2026-11-01 12:00")


def test_future_dates_are_clamped_for_sorting(db: Database) -> None:
    future = T0 + timedelta(days=30)
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed_id, [entry("f", published=future)]))
        apply_feed_update(
            conn,
            update(
                feed_id, [entry("f", "again", published=future)], at=T0 + timedelta(1), new=False
            ),
        )
        row = conn.execute(text("SELECT sort_at FROM entries")).one()
    assert str(row.sort_at).startswith("2026-11-01 12:00")


def test_failure_and_gone_update_the_feed_row(db: Database) -> None:
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed_id, []))
        apply_feed_update(
            conn,
            update(
                feed_id,
                status=RefreshStatus.FAILED,
                feed=None,
                cache=None,
                error="The server did not answer within 30 seconds.",
                error_count=3,
                at=T0 + timedelta(hours=1),
            ),
        )
        failed = feeds.get_feed(conn, feed_id)
        apply_feed_update(
            conn,
            update(
                feed_id,
                status=RefreshStatus.GONE,
                feed=None,
                cache=None,
                next_check_at=None,
                disabled_reason="410 Gone",
                error_count=4,
                at=T0 + timedelta(hours=2),
            ),
        )
        gone = feeds.get_feed(conn, feed_id)
        due_gone = feeds.feeds_for_update(conn, T0 + timedelta(days=9))
        feeds.retry_feed(conn, feed_id, T0 + timedelta(days=1))
        retried = feeds.get_feed(conn, feed_id)
        due_retried = feeds.feeds_for_update(conn, T0 + timedelta(days=1))
    assert failed.title == "A feed" and failed.etag == '"v1"'  # kept on failure
    assert failed.error_count == 3 and failed.last_error.startswith("The server did not answer")
    assert gone.disabled and gone.disabled_reason == "410 Gone" and gone.next_check_at is None
    assert due_gone == []
    assert not retried.disabled and retried.error_count == 0 and retried.last_error is None
    assert [f.feed_id for f in due_retried] == [feed_id]


def test_not_modified_keeps_validators_the_server_did_not_repeat(db: Database) -> None:
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed_id, []))
        apply_feed_update(
            conn,
            update(
                feed_id,
                status=RefreshStatus.NOT_MODIFIED,
                feed=None,
                cache=HTTPCacheHints(etag=None),
            ),
        )
        feed = feeds.get_feed(conn, feed_id)
    assert feed.etag == '"v1"' and feed.title == "A feed"


def test_permanent_redirect_changes_the_address(db: Database) -> None:
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "http://example.org/feed", T0)
        other = feeds.add_feed(conn, "https://example.org/other", T0)
        apply_feed_update(conn, update(feed_id, new_url="https://example.org/feed"))
        assert feeds.get_feed(conn, feed_id).url == "https://example.org/feed"
        # Moving to an address another feed has makes them one feed (tests: test_redirect_merge).
        apply_feed_update(conn, update(other, new_url="https://example.org/feed"))
        assert feeds.feed_by_url(conn, "https://example.org/feed").id == feed_id
        assert feeds.feed_by_url(conn, "https://example.org/other") is None


def test_feeds_for_update_picks_due_feeds_in_one_query(db: Database) -> None:
    with db.transaction() as conn:
        new = feeds.add_feed(conn, "https://a.example/feed", T0)
        checked = feeds.add_feed(conn, "https://b.example/feed", T0)
        failing = feeds.add_feed(conn, "https://c.example/feed", T0)
        apply_feed_update(conn, update(checked, []))  # next check T0+1h
        apply_feed_update(
            conn,
            update(
                failing,
                [],
                status=RefreshStatus.FAILED,
                error="x",
                error_count=10,
                next_check_at=T0,
            ),
        )
        due_now = {f.feed_id for f in feeds.feeds_for_update(conn, T0)}
        due_later = {f.feed_id for f in feeds.feeds_for_update(conn, T0 + timedelta(hours=2))}
        with_failing = {f.feed_id for f in feeds.feeds_for_update(conn, T0, include_failing=True)}
        everything = feeds.feeds_for_update(conn, T0, due_only=False, feed_ids=[checked])
    assert due_now == {new}
    assert due_later == {new, checked}
    assert with_failing == {new, failing}
    assert [(f.feed_id, f.etag) for f in everything] == [(checked, '"v1"')]


def test_a_failed_transaction_leaves_the_store_unchanged(db: Database) -> None:
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed_id, [entry("keep", "Keeper", "<p>walrus</p>")]))
    with pytest.raises(RuntimeError), db.transaction() as conn:
        apply_feed_update(
            conn,
            update(
                feed_id,
                [entry("keep", "Changed", "<p>narwhal</p>"), entry("new")],
                new=False,
                at=T0 + timedelta(hours=1),
                title="Renamed",
            ),
        )
        raise RuntimeError("the refresh crashed after writing")
    with db.connect() as conn:
        assert feeds.existing_entry_hashes(conn, feed_id).keys() == {"keep"}
        assert feeds.get_feed(conn, feed_id).title == "A feed"
        assert [h.title for h in search.search_entries(conn, "walrus")] == ["Keeper"]
        assert search.search_entries(conn, "narwhal") == []
        assert stats.store_stats(conn).entries == 1


def test_database_errors_become_storage_errors(db: Database) -> None:
    with pytest.raises(StorageError), db.transaction() as conn:
        conn.execute(text("INSERT INTO feeds (url) VALUES (NULL)"))


def test_update_of_a_removed_feed_raises(db: Database) -> None:
    with pytest.raises(FeedNotFoundError), db.transaction() as conn:
        apply_feed_update(conn, update(12345, [entry("x")]))


def test_duplicate_keys_in_one_update_do_not_fail(db: Database) -> None:
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed_id, [entry("dup", "first"), entry("dup", "second")]))
        # is_new wrong (the decide step raced another refresh): still an update, not a failure
        apply_feed_update(conn, update(feed_id, [entry("dup", "third")], new=True))
        assert conn.execute(text("SELECT title FROM entries")).scalars().all() == ["third"]
        assert [h.title for h in search.search_entries(conn, "third")] == ["third"]
        assert search.search_entries(conn, "first") == []


def test_remove_feed_removes_its_entries_from_search(db: Database) -> None:
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed_id, [entry("a", "Aardvark")]))
        feeds.remove_feed(conn, feed_id)
        assert search.search_entries(conn, "aardvark") == []
        assert stats.store_stats(conn).entries == 0
        with pytest.raises(FeedNotFoundError):
            feeds.get_feed(conn, feed_id)


def test_stats(db: Database) -> None:
    with db.transaction() as conn:
        from tidings.store import subscriptions, users

        a = feeds.add_feed(conn, "https://a.example/feed", T0)
        b = feeds.add_feed(conn, "https://b.example/feed", T0)
        apply_feed_update(conn, update(a, [entry("1"), entry("2")]))
        apply_feed_update(
            conn,
            update(
                b,
                [],
                status=RefreshStatus.GONE,
                error="gone",
                error_count=1,
                disabled_reason="410 Gone",
            ),
        )
        subscriptions.subscribe(conn, users.default_user(conn).id, a)
        assert stats.store_stats(conn) == stats.StoreStats(
            feeds=2, entries=2, feeds_in_error=1, feeds_disabled=1, subscriptions=1, users=1
        )


def _ids(conn, feed_id: int) -> dict[str, int]:
    rows = conn.execute(text("SELECT key, id FROM entries WHERE feed_id = :f"), {"f": feed_id})
    return dict(rows.all())


def test_metadata_a_feed_stops_stating_is_kept(db: Database) -> None:
    """A recovered (malformed) document without a title must not erase the stored one."""
    from tidings.types import FeedFormat, ParsedFeed

    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed_id, [], title="Stated"))
        broken = ParsedFeed(format=FeedFormat.RSS20, problems=("mismatched tag at line 3",))
        apply_feed_update(conn, update(feed_id, [], feed=broken))
        feed = feeds.get_feed(conn, feed_id)
    assert feed.title == "Stated" and feed.site_url == "https://example.org/"
    assert feed.recovered and feed.problems == ("mismatched tag at line 3",)
    assert feed.format == "rss20"


def test_feeds_for_update_carries_the_publishing_rate(db: Database) -> None:
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        [never_checked] = feeds.feeds_for_update(conn, T0)
        apply_feed_update(
            conn,
            update(
                feed_id,
                [entry(f"e{n}", published=T0 - timedelta(days=n)) for n in range(0, 56, 2)],
                next_check_at=T0,
            ),
        )
        [checked] = feeds.feeds_for_update(conn, T0)
    assert never_checked.entries_per_day is None
    assert checked.entries_per_day == 15 / 28  # every other day, days 0 to 28 inclusive


def test_statements_per_refresh_do_not_grow_with_entries(db: Database) -> None:
    """Batched storage: no query per entry (STYLE.md)."""
    from sqlalchemy import event

    counts = []
    for n, url in ((3, "https://a.example/feed"), (120, "https://b.example/feed")):
        with db.transaction() as conn:
            feed_id = feeds.add_feed(conn, url, T0)
        statements: list[str] = []

        def count(conn, cursor, statement, *args, _seen=statements) -> None:
            _seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            with db.transaction() as conn:
                apply_feed_update(conn, update(feed_id, [entry(f"{url}/{i}") for i in range(n)]))
                apply_feed_update(
                    conn,
                    update(feed_id, [entry(f"{url}/{i}", "edited") for i in range(n)], new=False),
                )
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        counts.append(len(statements))
    # Two refreshes: feed row, upsert (SQLite: executemany, then one query for the
    # ids), languages, index; the second also reads articles and marks them stale.
    assert counts[0] == counts[1] <= 12


def test_several_feeds_written_together(db: Database) -> None:
    """apply_feed_updates: the same rows as one call per feed, same keys in two feeds kept apart."""
    with db.transaction() as conn:
        a = feeds.add_feed(conn, "https://a.example/feed", T0)
        b = feeds.add_feed(conn, "https://b.example/feed", T0)
        gone = feeds.add_feed(conn, "https://gone.example/feed", T0)
        apply_feed_updates(conn, [update(a, [entry("k1", "A one")], title="Feed A")])
    later = T0 + timedelta(hours=1)
    with db.transaction() as conn:
        apply_feed_updates(
            conn,
            [
                update(a, [entry("k1", "A one, edited")], at=later, new=False, title="Feed A"),
                update(b, [entry("k1", "B one"), entry("k2", "B two")], at=later, title=None),
                update(gone, [], at=later, status=RefreshStatus.NOT_MODIFIED, feed=None),
            ],
        )
    with db.connect() as conn:
        rows = conn.execute(text("SELECT feed_id, key, title FROM entries ORDER BY feed_id, key"))
        assert [tuple(r) for r in rows] == [
            (a, "k1", "A one, edited"), (b, "k1", "B one"), (b, "k2", "B two"),
        ]  # fmt: skip
        assert {h.title for h in search.search_entries(conn, "one")} == {"A one, edited", "B one"}
        assert feeds.get_feed(conn, a).title == "Feed A"
        assert feeds.get_feed(conn, gone).last_checked_at == later
    with db.transaction() as conn:
        feeds.remove_feed(conn, gone)
    with pytest.raises(FeedNotFoundError), db.transaction() as conn:
        apply_feed_updates(conn, [update(a, [], at=later), update(gone, [], at=later)])
