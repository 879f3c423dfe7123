"""The per-process cache of sessions and API keys (``services/session_cache``): a change
made in this process is seen by the very next request, whatever made it."""

from __future__ import annotations

from tidings.clock import utcnow
from tidings.services import accounts, team
from tidings.services.session_cache import SessionCache, cache_of
from tidings.types import UserRole
from tidings.web.security import SESSION_COOKIE

from .conftest import T0, form, make_client
from .queries import count_queries, page_queries
from .team_helpers import close, signed_in_as


def _cached(db, client) -> bool:
    token = client.cookies.get(SESSION_COOKIE)
    return accounts.cached_session(db, token, now=utcnow()) is not None


def test_sessions_are_read_once_then_served_from_the_cache(db, alice) -> None:
    cold = page_queries(db, alice, "/unread")  # (empties the cache first)
    assert _cached(db, alice)
    assert count_queries(db, lambda: alice.get("/unread")) == cold - 1


def test_a_disabled_users_cached_session_stops_at_once(app, db, world, bob) -> None:
    key = accounts.create_api_key(db, world.b_id, "phone", now=T0).key
    with make_client(app, headers={"authorization": f"Bearer {key}"}) as api:
        assert api.get("/api/v1/me").status_code == 200  # (the first use is written down)
        assert api.get("/api/v1/me").status_code == 200
        assert accounts.cached_api_key_user(db, key) is not None
        assert bob.get("/unread").status_code == 200 and _cached(db, bob)
        team.change_user(db, world.b_id, actor_id=None, disabled=True)
        assert bob.get("/unread").status_code == 303  # to sign-in, not from the cache
        assert api.get("/api/v1/me").status_code == 401


def test_signing_out_ends_the_cached_session_at_once(db, alice) -> None:
    token = alice.cookies.get(SESSION_COOKIE)
    assert alice.get("/unread").status_code == 200 and _cached(db, alice)
    assert form(alice, "/signout").status_code == 303
    alice.cookies.set(SESSION_COOKIE, token)  # a copy of the cookie, kept somewhere
    assert alice.get("/unread").status_code == 303


def test_signing_other_devices_out_ends_their_cached_sessions(app, db, world, alice) -> None:
    other = make_client(app)
    other.cookies.set(SESSION_COOKIE, accounts.start_session(
        db, team.get_user(db, world.a_id), now=utcnow()).token)
    assert other.get("/unread").status_code == 200 and _cached(db, other)
    assert form(alice, "/account/sign-out-others").status_code == 303
    assert other.get("/unread").status_code == 303
    assert alice.get("/unread").status_code == 200
    other.close()


def test_a_revoked_api_key_stops_at_once(app, db, world) -> None:
    new = accounts.create_api_key(db, world.a_id, "k", now=T0)
    with make_client(app, headers={"authorization": f"Bearer {new.key}"}) as api:
        assert api.get("/api/v1/me").status_code == 200
        assert api.get("/api/v1/me").status_code == 200
        assert accounts.cached_api_key_user(db, new.key) is not None
        accounts.revoke_api_key(db, world.a_id, new.record.id)
        assert api.get("/api/v1/me").status_code == 401


def test_a_role_change_is_seen_at_once(app, db, world) -> None:
    dora = signed_in_as(app, db, "dora", UserRole.ADMIN)
    assert dora.get("/admin").status_code == 200
    team.create_user(db, "erin", role=UserRole.ADMIN, display_name=None, now=T0)  # another admin
    team.set_role(db, "dora", UserRole.MEMBER)
    assert dora.get("/admin").status_code == 403
    close(dora)


def test_a_lookup_that_overlaps_a_write_keeps_nothing() -> None:
    now = [0.0]
    cache = SessionCache(ttl=2.0, clock=lambda: now[0])
    generation = cache.generation
    cache.clear()  # a write happened while the row was being read
    cache.put("session", "h", "old row", generation)
    assert cache.get("session", "h") is None
    cache.put("session", "h", "row", cache.generation)
    assert cache.get("session", "h") == "row"
    now[0] = 2.5  # past the TTL: another process's change is seen by then
    assert cache.get("session", "h") is None


def test_a_write_outside_the_cached_tables_keeps_the_cache(db, alice, world) -> None:
    assert alice.get("/unread").status_code == 200 and _cached(db, alice)
    generation = cache_of(db).generation
    form(alice, f"/entries/{world.a_entries[0]}/star", {"starred": "true"})
    assert cache_of(db).generation == generation and _cached(db, alice)
