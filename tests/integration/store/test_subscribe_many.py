"""Following many feeds at once (OPML import) keeps the rules of following one."""

from __future__ import annotations

from datetime import UTC, datetime

from tidings.store.feeds import add_feed, add_feeds
from tidings.store.subscriptions import list_subscriptions, subscribe, subscribe_many
from tidings.store.users import create_user

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_add_feeds_returns_one_id_per_address_and_keeps_existing_ones(db):
    with db.transaction() as conn:
        known = add_feed(conn, "https://a.example/feed", NOW)
        ids = add_feeds(conn, ["https://a.example/feed", "https://b.example/feed",
                               "https://b.example/feed"], NOW)  # fmt: skip
    assert ids["https://a.example/feed"] == known
    assert set(ids) == {"https://a.example/feed", "https://b.example/feed"}
    assert len(set(ids.values())) == 2


def test_subscribe_many_files_folders_and_keeps_what_is_not_given(db):
    with db.transaction() as conn:
        user = create_user(conn, "reader", now=NOW)
        ids = add_feeds(conn, [f"https://{n}.example/feed" for n in "abc"], NOW)
        a, b, c = (ids[f"https://{n}.example/feed"] for n in "abc")
        subscribe(conn, user.id, a, folder="Old", title="My A")
        subscribe_many(conn, user.id, [(a, None, None), (b, "News", "B"), (c, "News", None)], NOW)
        subscribe_many(conn, user.id, [(b, "News", "B")], NOW)  # again: no duplicate
        subs = {s.feed_id: s for s in list_subscriptions(conn, user.id)}
    assert len(subs) == 3
    assert (subs[a].folder_name, subs[a].title) == ("Old", "My A")  # None left them alone
    assert (subs[b].folder_name, subs[b].title) == ("News", "B")
    assert subs[b].folder_id == subs[c].folder_id
