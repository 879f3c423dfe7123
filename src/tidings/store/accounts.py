"""Web sessions and API keys: server-side records, so sign-out and revocation work.

Only hashes of the secrets are stored (sha256: the secrets are 256-bit random
values, so a slow hash would add nothing but cost on every request). Every
function is scoped by user where a user is involved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, select

from tidings.errors import NotFoundError
from tidings.store.preferences import preferences_of
from tidings.store.records import user_record
from tidings.store.tables import api_keys, sessions, user_preferences, users
from tidings.types import Preferences, UserRecord


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: int
    user: UserRecord
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    preferences: Preferences = field(default_factory=Preferences)  # same query, every page


@dataclass(frozen=True, slots=True)
class APIKeyRecord:
    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None


def create_session(
    conn: Connection,
    user_id: int,
    *,
    token_hash: str,
    csrf_token: str,
    now: datetime,
    expires_at: datetime,
    user_agent: str | None = None,
) -> int:
    row = conn.execute(
        sessions.insert()
        .values(
            user_id=user_id,
            token_hash=token_hash,
            csrf_token=csrf_token,
            created_at=now,
            last_seen_at=now,
            expires_at=expires_at,
            user_agent=(user_agent or "")[:300] or None,
        )
        .returning(sessions.c.id)
    ).first()
    assert row is not None
    return int(row[0])


def session_by_token_hash(conn: Connection, token_hash: str, now: datetime) -> SessionRecord | None:
    """The live session with that token, its (enabled) user and the user's display
    preferences, in one query; None otherwise."""
    row = conn.execute(
        select(
            users,
            sessions.c.id.label("session_id"),
            sessions.c.csrf_token,
            sessions.c.created_at.label("session_created_at"),
            sessions.c.last_seen_at,
            sessions.c.expires_at,
            user_preferences.c.theme.label("pref_theme"),
            user_preferences.c.density.label("pref_density"),
            user_preferences.c.mark_read_on_scroll.label("pref_mark_read_on_scroll"),
        )
        .select_from(
            sessions.join(users, users.c.id == sessions.c.user_id).outerjoin(
                user_preferences, user_preferences.c.user_id == users.c.id
            )
        )
        .where(sessions.c.token_hash == token_hash, sessions.c.expires_at > now)
    ).first()
    if row is None or row.disabled:
        return None
    return SessionRecord(
        id=row.session_id,
        user=user_record(row),
        csrf_token=row.csrf_token,
        created_at=row.session_created_at,
        last_seen_at=row.last_seen_at,
        expires_at=row.expires_at,
        preferences=preferences_of(
            row.pref_theme, row.pref_density, row.pref_mark_read_on_scroll
        ),
    )


def touch_session(conn: Connection, session_id: int, now: datetime, expires_at: datetime) -> None:
    conn.execute(
        sessions.update()
        .where(sessions.c.id == session_id)
        .values(last_seen_at=now, expires_at=expires_at)
    )


def delete_session(conn: Connection, session_id: int) -> None:
    conn.execute(sessions.delete().where(sessions.c.id == session_id))


def delete_user_sessions(conn: Connection, user_id: int, *, except_id: int | None = None) -> int:
    stmt = sessions.delete().where(sessions.c.user_id == user_id)
    if except_id is not None:
        stmt = stmt.where(sessions.c.id != except_id)
    return conn.execute(stmt).rowcount


def delete_expired_sessions(conn: Connection, now: datetime) -> int:
    return conn.execute(sessions.delete().where(sessions.c.expires_at <= now)).rowcount


def set_password_hash(conn: Connection, user_id: int, password_hash: str) -> None:
    conn.execute(users.update().where(users.c.id == user_id).values(password_hash=password_hash))


def create_api_key(
    conn: Connection, user_id: int, *, name: str, key_hash: str, prefix: str, now: datetime
) -> APIKeyRecord:
    row = conn.execute(
        api_keys.insert()
        .values(user_id=user_id, name=name, key_hash=key_hash, prefix=prefix, created_at=now)
        .returning(*api_keys.c)
    ).first()
    assert row is not None
    return _key(row)


def list_api_keys(conn: Connection, user_id: int) -> list[APIKeyRecord]:
    query = select(api_keys).where(api_keys.c.user_id == user_id).order_by(api_keys.c.id)
    return [_key(r) for r in conn.execute(query)]


def delete_api_key(conn: Connection, user_id: int, key_id: int) -> None:
    result = conn.execute(
        api_keys.delete().where(api_keys.c.id == key_id, api_keys.c.user_id == user_id)
    )
    if result.rowcount == 0:
        raise NotFoundError(f"You have no API key with id {key_id}.")


def user_by_api_key_hash(
    conn: Connection, key_hash: str
) -> tuple[UserRecord, int, datetime | None] | None:
    """The (enabled) user owning the key, the key's id and when it was last used; or None."""
    row = conn.execute(
        select(users, api_keys.c.id.label("key_id"), api_keys.c.last_used_at)
        .select_from(api_keys.join(users, users.c.id == api_keys.c.user_id))
        .where(api_keys.c.key_hash == key_hash)
    ).first()
    if row is None or row.disabled:
        return None
    return user_record(row), int(row.key_id), row.last_used_at


def touch_api_key(conn: Connection, key_id: int, now: datetime) -> None:
    conn.execute(api_keys.update().where(api_keys.c.id == key_id).values(last_used_at=now))


def _key(row) -> APIKeyRecord:  # type: ignore[no-untyped-def]
    return APIKeyRecord(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        prefix=row.prefix,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
    )
