"""Listing entries and per-user read/starred state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tidings.errors import EntryNotFoundError
from tidings.store import Database, entries, feeds, subscriptions, users
from tidings.store.feeds import apply_feed_update

from .conftest import T0, entry, update


@pytest.fixture
def two_readers(db: Database):
    """Ann and Bob follow one feed of 5 dated entries; Ann also follows a second feed."""
    with db.transaction() as conn:
        ann = users.create_user(conn, "ann")
        bob = users.create_user(conn, "bob")
        shared = feeds.add_feed(conn, "https://shared.example/feed", T0)
        own = feeds.add_feed(conn, "https://own.example/feed", T0)
        apply_feed_update(
            conn,
            update(shared, [entry(f"s{n}", published=T0 - timedelta(hours=n)) for n in range(5)]),
        )
        apply_feed_update(conn, update(own, [entry("o1", published=T0 - timedelta(minutes=30))]))
        subscriptions.subscribe(conn, ann.id, shared, folder="News")
        subscriptions.subscribe(conn, ann.id, own)
        subscriptions.subscribe(conn, bob.id, shared)
    return ann.id, bob.id, shared, own


def test_listing_is_newest_first_with_cursor_pagination(db: Database, two_readers) -> None:
    ann, _, shared, _own = two_readers
    with db.connect() as conn:
        first = entries.list_entries(conn, ann, limit=3)
        second = entries.list_entries(conn, ann, limit=3, before=first[-1].cursor)
        third = entries.list_entries(conn, ann, limit=3, before=second[-1].cursor)
        only_shared = entries.list_entries(conn, ann, feed_id=shared)
        folder_id = subscriptions.get_subscription(conn, ann, shared).folder_id
        in_folder = entries.list_entries(conn, ann, folder_id=folder_id)
    assert [e.key for e in first + second] == ["s0", "o1", "s1", "s2", "s3", "s4"]
    assert third == []
    assert {e.feed_id for e in only_shared} == {shared} and len(only_shared) == 5
    assert [e.key for e in in_folder] == [e.key for e in only_shared]
    assert first[0].feed_title == "A feed"


def test_lists_can_leave_the_bodies_out(db: Database) -> None:
    with db.transaction() as conn:
        user = users.default_user(conn)
        feed = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed, [
            entry(f"k{n}", body=f"<p>body {n}</p>", summary=f"<p>sum {n}</p>",
                  published=T0 - timedelta(hours=n))
            for n in range(3)
        ]))
        subscriptions.subscribe(conn, user.id, feed)
        whole = entries.list_entries(conn, user.id)
        bare = entries.list_entries(conn, user.id, omit=entries.BODIES)
        no_content = entries.list_entries(conn, user.id, omit={"content"})
        newer = entries.newer_entry(conn, user.id, whole[-1].cursor, omit=entries.BODIES)
        with pytest.raises(ValueError):
            entries.list_entries(conn, user.id, omit={"title"})
    assert [e.content for e in whole] == ["<p>body 0</p>", "<p>body 1</p>", "<p>body 2</p>"]
    assert [e.id for e in bare] == [e.id for e in whole]
    assert {(e.summary, e.content) for e in bare} == {(None, None)}
    assert [e.summary for e in no_content] == [e.summary for e in whole]
    assert {e.content for e in no_content} == {None}
    assert [e.title for e in bare] == [e.title for e in whole]
    assert newer is not None and newer.id == whole[1].id and newer.content is None


def test_list_statements_are_reused_with_other_values(db: Database, two_readers) -> None:
    """Statements are built once per shape: a second user, feed or point gets its own rows."""
    ann, bob, shared, own = two_readers
    with db.connect() as conn:
        assert {e.feed_id for e in entries.list_entries(conn, ann, feed_id=own)} == {own}
        assert {e.feed_id for e in entries.list_entries(conn, ann, feed_id=shared)} == {shared}
        assert entries.list_entries(conn, bob, feed_id=own) == []
        assert len(entries.list_entries(conn, bob)) == 5
        assert len(entries.list_entries(conn, ann)) == 6
        top = entries.list_entries(conn, ann, limit=2)
        assert len(top) == 2
        assert entries.newer_entry(conn, ann, top[1].cursor) == top[0]
        assert entries.newer_entry(conn, ann, top[0].cursor) is None


def test_entries_with_equal_sort_times_page_without_gaps(db: Database) -> None:
    with db.transaction() as conn:
        user = users.default_user(conn)
        feed = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(conn, update(feed, [entry(f"k{n}") for n in range(7)]))  # all undated
        subscriptions.subscribe(conn, user.id, feed)
        seen, before = [], None
        while page := entries.list_entries(conn, user.id, limit=2, before=before):
            seen += [e.id for e in page]
            before = page[-1].cursor
    assert len(seen) == len(set(seen)) == 7


def test_read_and_starred_state_is_per_user(db: Database, two_readers) -> None:
    ann, bob, shared, _ = two_readers
    later = T0 + timedelta(hours=1)
    with db.transaction() as conn:
        ids = [e.id for e in entries.list_entries(conn, ann, feed_id=shared)]
        assert entries.set_read(conn, ann, ids[:2], True, later) == 2
        assert entries.set_starred(conn, ann, ids[:1], True, later) == 1
    with db.connect() as conn:
        ann_unread = entries.list_entries(conn, ann, feed_id=shared, unread_only=True)
        ann_starred = entries.list_entries(conn, ann, starred_only=True)
        bob_view = entries.list_entries(conn, bob, feed_id=shared)
        bob_starred = entries.list_entries(conn, bob, starred_only=True)
        first = entries.get_entry(conn, ann, ids[0])
        ann_counts = {
            s.feed_id: s.unread_count for s in subscriptions.list_subscriptions(conn, ann)
        }
        bob_counts = {
            s.feed_id: s.unread_count for s in subscriptions.list_subscriptions(conn, bob)
        }
    assert [e.id for e in ann_unread] == ids[2:]
    assert [e.id for e in ann_starred] == ids[:1]
    assert not any(e.read or e.starred for e in bob_view) and bob_starred == []
    assert first.read and first.starred and first.read_at == later and first.starred_at == later
    assert ann_counts[shared] == 3 and bob_counts[shared] == 5
    with db.transaction() as conn:
        entries.set_read(conn, ann, ids[:1], False, later)
        entries.set_starred(conn, ann, ids[:1], False, later)
        again = entries.get_entry(conn, ann, ids[0])
    assert not again.read and again.read_at is None and not again.starred


def test_users_cannot_reach_entries_of_feeds_they_do_not_follow(db: Database, two_readers) -> None:
    ann, bob, _, own = two_readers
    with db.transaction() as conn:
        ann_only = entries.list_entries(conn, ann, feed_id=own)[0].id
        with pytest.raises(EntryNotFoundError):
            entries.get_entry(conn, bob, ann_only)
        assert entries.list_entries(conn, bob, feed_id=own) == []
        assert entries.set_read(conn, bob, [ann_only, 424242], True, T0) == 0
        assert not entries.get_entry(conn, ann, ann_only).read


def test_mark_all_read(db: Database, two_readers) -> None:
    ann, bob, shared, _own = two_readers
    with db.transaction() as conn:
        entries.set_starred(conn, ann, [entries.list_entries(conn, ann)[0].id], True, T0)
        entries.mark_all_read(conn, ann, T0, feed_id=shared, up_to=T0 - timedelta(hours=2))
        assert [
            e.key for e in entries.list_entries(conn, ann, feed_id=shared, unread_only=True)
        ] == ["s0", "s1"]
        entries.mark_all_read(conn, ann, T0)
        assert entries.list_entries(conn, ann, unread_only=True) == []
        assert len(entries.list_entries(conn, ann, starred_only=True)) == 1  # stars kept
        assert len(entries.list_entries(conn, bob, unread_only=True)) == 5


def test_datetimes_round_trip_as_utc_aware(db: Database) -> None:
    paris = timezone(timedelta(hours=1))
    published = datetime(2026, 10, 3, 9, 15, 30, 123456, tzinfo=paris)
    with db.transaction() as conn:
        user = users.default_user(conn, now=published)
        feed = feeds.add_feed(conn, "https://example.org/feed", published)
        apply_feed_update(
            conn,
            update(feed, [entry("d", published=published, updated=published + timedelta(days=1))]),
        )
        subscriptions.subscribe(conn, user.id, feed)
    with db.connect() as conn:
        stored = entries.list_entries(conn, user.id)[0]
        feed_row = feeds.get_feed(conn, feed)
        user_row = users.get_user(conn, "admin")
    for value in (stored.published_at, stored.sort_at, feed_row.created_at, user_row.created_at):
        assert value.tzinfo is not None and value.utcoffset() == timedelta(0)
        assert value == published
    assert stored.published_at == datetime(2026, 10, 3, 8, 15, 30, 123456, tzinfo=UTC)
    assert stored.updated_at == published + timedelta(days=1)
    assert feed_row.last_checked_at == T0
