"""Users, shared feeds, subscriptions and folders."""

from __future__ import annotations

import pytest

from tidings.errors import AlreadyExistsError, FeedNotFoundError, UserNotFoundError
from tidings.store import Database, feeds, subscriptions, users
from tidings.store.feeds import apply_feed_update
from tidings.types import UserRole

from .conftest import T0, entry, update


def test_default_user_is_created_once(db: Database) -> None:
    with db.transaction() as conn:
        first = users.default_user(conn, now=T0)
        again = users.default_user(conn)
    assert first == again
    assert first.username == users.DEFAULT_USERNAME == "admin"
    assert first.role is UserRole.ADMIN and first.created_at == T0


def test_create_and_get_users(db: Database) -> None:
    with db.transaction() as conn:
        ann = users.create_user(conn, "ann", role="editor", display_name="Ann", now=T0)
        assert users.get_user(conn, "ann") == ann
        assert users.get_user_by_id(conn, ann.id) == ann
        with pytest.raises(AlreadyExistsError):
            users.create_user(conn, "ann")
        with pytest.raises(UserNotFoundError):
            users.get_user(conn, "nobody")
        assert [u.username for u in users.list_users(conn)] == ["ann"]
    assert ann.role is UserRole.EDITOR and ann.password_hash is None


def test_a_feed_followed_by_two_users_is_one_feed(db: Database) -> None:
    url = "https://example.org/feed"
    with db.transaction() as conn:
        ann = users.create_user(conn, "ann")
        bob = users.create_user(conn, "bob")
        a = feeds.add_feed(conn, url, T0)
        b = feeds.add_feed(conn, url, T0)  # the same address: the same feed
        subscriptions.subscribe(conn, ann.id, a)
        subscriptions.subscribe(conn, bob.id, b)
        apply_feed_update(conn, update(a, [entry("1"), entry("2")]))
        assert a == b
        assert [f.id for f in feeds.list_feeds(conn)] == [a]
        assert [f.entry_count for f in feeds.list_feeds(conn)] == [2]
        assert [f.unread_count for f in feeds.list_feeds(conn, ann.id)] == [2]
        assert len(feeds.feeds_for_update(conn, T0, due_only=False)) == 1


def test_subscriptions_with_folders_and_title_override(db: Database) -> None:
    with db.transaction() as conn:
        ann = users.create_user(conn, "ann")
        bob = users.create_user(conn, "bob")
        news = feeds.add_feed(conn, "https://news.example/feed", T0)
        blog = feeds.add_feed(conn, "https://blog.example/feed", T0)
        apply_feed_update(conn, update(news, [entry("n1")], title="The News"))
        sub = subscriptions.subscribe(conn, ann.id, news, folder="World", title="Daily")
        again = subscriptions.subscribe(conn, ann.id, news)  # idempotent, keeps folder and title
        subscriptions.subscribe(conn, ann.id, blog)
        subscriptions.subscribe(conn, bob.id, news, folder="World")  # bob's own folder
        listed = subscriptions.list_subscriptions(conn, ann.id)
        ann_folders = subscriptions.list_folders(conn, ann.id)
        bob_folders = subscriptions.list_folders(conn, bob.id)
    assert sub == again
    assert sub.display_title == "Daily" and sub.feed_title == "The News"
    assert sub.folder_name == "World" and sub.unread_count == 1
    assert [(s.feed_id, s.folder_name, s.display_title) for s in listed] == [
        (blog, None, "https://blog.example/feed"),
        (news, "World", "Daily"),
    ]
    assert [f.name for f in ann_folders] == ["World"] == [f.name for f in bob_folders]
    assert ann_folders[0].id != bob_folders[0].id


def test_rename_move_and_unsubscribe(db: Database) -> None:
    with db.transaction() as conn:
        ann = users.default_user(conn)
        feed = feeds.add_feed(conn, "https://example.org/feed", T0)
        subscriptions.subscribe(conn, ann.id, feed, folder="Old")
        subscriptions.rename_subscription(conn, ann.id, feed, "Mine")
        subscriptions.move_subscription(conn, ann.id, feed, "New")
        moved = subscriptions.get_subscription(conn, ann.id, feed)
        subscriptions.move_subscription(conn, ann.id, feed, None)
        subscriptions.rename_subscription(conn, ann.id, feed, None)
        cleared = subscriptions.get_subscription(conn, ann.id, feed)
        subscriptions.delete_folder(conn, ann.id, "Old")
        subscriptions.unsubscribe(conn, ann.id, feed)
        assert subscriptions.list_subscriptions(conn, ann.id) == []
        assert feeds.get_feed(conn, feed).url == "https://example.org/feed"  # the feed stays
        with pytest.raises(FeedNotFoundError):
            subscriptions.unsubscribe(conn, ann.id, feed)
        with pytest.raises(FeedNotFoundError):
            subscriptions.subscribe(conn, ann.id, 98765)
    assert (moved.title, moved.folder_name) == ("Mine", "New")
    assert (cleared.title, cleared.folder_name) == (None, None)


def test_deleting_a_folder_keeps_its_subscriptions(db: Database) -> None:
    with db.transaction() as conn:
        ann = users.default_user(conn)
        feed = feeds.add_feed(conn, "https://example.org/feed", T0)
        subscriptions.subscribe(conn, ann.id, feed, folder="Tech")
        subscriptions.delete_folder(conn, ann.id, "Tech")
        assert subscriptions.get_subscription(conn, ann.id, feed).folder_id is None
