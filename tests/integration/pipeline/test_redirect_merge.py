"""A feed that moves permanently to the address of another stored feed becomes that feed.

Real refreshes against a local server: ``/old`` first serves its own items,
then answers 301 to ``/new``, which another stored feed already follows.
Nothing a reader marked is lost, nobody follows the same feed twice, and the
address is fetched once afterwards.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from sqlalchemy import insert, select

from tidings.clock import utcnow
from tidings.store.entries import list_entries, set_read, set_starred
from tidings.store.feeds import feed_by_url, get_feed, list_feeds
from tidings.store.subscriptions import get_subscription, list_subscriptions, subscribe
from tidings.store.tables import story_picks
from tidings.store.users import create_user
from tidings.types import RefreshStatus

from ..helpers import follow, refresh_all, serving
from .farm import rss

pytestmark = pytest.mark.asyncio

T = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def site(state: dict[str, object]) -> web.Application:
    routes = web.RouteTableDef()

    @routes.get("/old")
    async def old(request):
        state["old_hits"] = int(state.get("old_hits", 0)) + 1  # type: ignore[call-overload]
        if state.get("moved"):
            raise web.HTTPMovedPermanently("/new")
        items = [("shared", "Shared story", T), ("only-old", "Older story", T - timedelta(days=3))]
        return web.Response(body=rss("Old address", items), content_type="application/rss+xml")

    @routes.get("/new")
    async def new(request):
        state["new_hits"] = int(state.get("new_hits", 0)) + 1  # type: ignore[call-overload]
        items = [("shared", "Shared story", T), ("fresh", "Fresh story", T + timedelta(hours=1))]
        return web.Response(body=rss("New address", items), content_type="application/rss+xml")

    app = web.Application()
    app.add_routes(routes)
    return app


def by_key(db, user_id: int, feed_id: int):
    with db.connect() as conn:
        return {
            e.key: e for e in list_entries(conn, user_id, feed_id=feed_id, limit=100)
        }


async def test_a_moved_feed_is_folded_into_the_feed_at_its_new_address(db, settings):
    state: dict[str, object] = {}
    async with serving(site(state)) as base:
        alice, ids = follow(db, [base + "/old", base + "/new"])
        old_id, new_id = ids[base + "/old"], ids[base + "/new"]
        with db.transaction() as conn:
            bob = create_user(conn, "bob", now=utcnow()).id
            subscribe(conn, bob, old_id, folder="Local", title="My paper")
        await refresh_all(db, settings)

        old_entries = by_key(db, alice, old_id)
        assert set(old_entries) == {"shared", "only-old"}
        with db.transaction() as conn:
            set_starred(conn, alice, [old_entries["shared"].id], True, utcnow())
            set_read(conn, alice, [old_entries["only-old"].id], True, utcnow())
            set_read(conn, bob, [old_entries["shared"].id], True, utcnow())
            conn.execute(insert(story_picks).values(
                entry_id=old_entries["shared"].id, picked_by=alice, picked_at=utcnow()))

        state["moved"] = True
        _, results = await refresh_all(db, settings, [old_id])
        assert results[old_id].status is RefreshStatus.UPDATED, results[old_id].error

        with db.connect() as conn:
            assert feed_by_url(conn, base + "/old") is None
            assert [f.id for f in list_feeds(conn)] == [new_id]
            # Bob follows the feed at the new address, in his folder, under his name.
            bobs = list_subscriptions(conn, bob)
            assert [(s.feed_id, s.folder_name, s.title) for s in bobs] == [
                (new_id, "Local", "My paper")
            ]
            # Alice, who followed both, follows it once.
            assert [s.feed_id for s in list_subscriptions(conn, alice)] == [new_id]
            assert get_subscription(conn, alice, new_id).feed_id == new_id

        alices = by_key(db, alice, new_id)
        assert set(alices) == {"shared", "fresh", "only-old"}
        assert alices["shared"].starred and not alices["shared"].read
        assert alices["only-old"].read
        assert alices["only-old"].id == old_entries["only-old"].id  # moved, not copied
        assert not alices["fresh"].read
        with db.connect() as conn:  # the editor's pick follows the article to the kept feed
            assert list(conn.scalars(select(story_picks.c.entry_id))) == [alices["shared"].id]
        bobs_entries = by_key(db, bob, new_id)
        assert bobs_entries["shared"].read and not bobs_entries["shared"].starred

        # From now on the address is fetched once per round, not twice.
        before = state["new_hits"]
        _, results = await refresh_all(db, settings)
        assert set(results) == {new_id}
        assert state["new_hits"] == before + 1  # type: ignore[operator]


async def test_the_feed_at_the_new_address_is_put_back_on_the_schedule(db, settings):
    state: dict[str, object] = {"moved": True}
    async with serving(site(state)) as base:
        _, ids = follow(db, [base + "/old", base + "/new"])
        old_id, new_id = ids[base + "/old"], ids[base + "/new"]
        with db.transaction() as conn:
            from tidings.store.feeds import disable_feed

            disable_feed(conn, new_id, "turned off by hand", utcnow())
        _, results = await refresh_all(db, settings, [old_id])
        assert results[old_id].status is RefreshStatus.UPDATED
        with db.connect() as conn:
            merged = get_feed(conn, new_id)
        assert merged.disabled_at is None and merged.error_count == 0
