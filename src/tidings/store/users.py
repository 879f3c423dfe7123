"""Users, and the local default user the command line acts as.

The default user is named ``admin`` (role admin, no password). It is created
the first time :func:`default_user` is called, so a single-person install
never has to create an account; a multi-user install can give it a password
later and add others with :func:`create_user`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, select

from tidings.clock import utcnow
from tidings.errors import AlreadyExistsError, UserNotFoundError
from tidings.store.dialect import insert_for
from tidings.store.records import user_record
from tidings.store.tables import sessions, users
from tidings.types import TeamMember, UserRecord, UserRole

DEFAULT_USERNAME = "admin"


def default_user(conn: Connection, *, now: datetime | None = None) -> UserRecord:
    """The local default user (``admin``), created on first use."""
    row = conn.execute(select(users).where(users.c.username == DEFAULT_USERNAME)).first()
    if row is not None:
        return user_record(row)
    stmt = insert_for(conn, users).values(
        username=DEFAULT_USERNAME, role=UserRole.ADMIN.value, created_at=now or utcnow()
    )
    conn.execute(stmt.on_conflict_do_nothing(index_elements=[users.c.username]))
    return get_user(conn, DEFAULT_USERNAME)


def create_user(
    conn: Connection,
    username: str,
    *,
    role: UserRole | str = UserRole.MEMBER,
    display_name: str | None = None,
    password_hash: str | None = None,
    now: datetime | None = None,
) -> UserRecord:
    """Create a user; :class:`AlreadyExistsError` if the name is taken."""
    name = username.strip()
    if not name:
        raise ValueError("A username cannot be empty.")
    role = UserRole(role)
    stmt = insert_for(conn, users).values(
        username=name,
        role=role.value,
        display_name=display_name,
        password_hash=password_hash,
        created_at=now or utcnow(),
    )
    stmt = stmt.on_conflict_do_nothing(index_elements=[users.c.username]).returning(*users.c)
    row = conn.execute(stmt).first()
    if row is None:
        raise AlreadyExistsError(f"There is already a user named {name!r}.")
    return user_record(row)


def get_user(conn: Connection, username: str) -> UserRecord:
    row = conn.execute(select(users).where(users.c.username == username.strip())).first()
    if row is None:
        raise UserNotFoundError(f"There is no user named {username!r}.")
    return user_record(row)


def get_user_by_id(conn: Connection, user_id: int) -> UserRecord:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None:
        raise UserNotFoundError(f"There is no user with id {user_id}.")
    return user_record(row)


def list_users(conn: Connection) -> list[UserRecord]:
    return [user_record(r) for r in conn.execute(select(users).order_by(users.c.username))]


# --- administration (tidings.services.team) ------------------------------------------


def username_taken(conn: Connection, username: str) -> bool:
    """Whether a user has this name, ignoring case ("Alice" would pass for "alice")."""
    query = select(users.c.id).where(func.lower(users.c.username) == username.strip().lower())
    return conn.execute(query.limit(1)).first() is not None


def list_team(conn: Connection) -> list[TeamMember]:
    """Every user with their last session activity, in one query."""
    last_seen = (
        select(sessions.c.user_id, func.max(sessions.c.last_seen_at).label("last_seen_at"))
        .group_by(sessions.c.user_id)
        .subquery()
    )
    query = (
        select(users, last_seen.c.last_seen_at)
        .select_from(users.outerjoin(last_seen, last_seen.c.user_id == users.c.id))
        .order_by(users.c.username)
    )
    return [TeamMember(user_record(r), r.last_seen_at) for r in conn.execute(query)]


def signed_in_admin_ids(conn: Connection) -> list[int]:
    """Ids of the enabled admins with a password (who can sign in), rows locked on PostgreSQL
    until the transaction ends, so two admins cannot demote each other at the same moment."""
    query = (
        select(users.c.id)
        .where(users.c.role == UserRole.ADMIN.value, users.c.disabled.is_(False),
               users.c.password_hash.is_not(None))
        .order_by(users.c.id)
        .with_for_update()
    )
    return list(conn.execute(query).scalars())


def update_user(
    conn: Connection,
    user_id: int,
    *,
    role: UserRole | None = None,
    disabled: bool | None = None,
    display_name: str | None = None,
) -> UserRecord:
    """Change what is given (``display_name=""`` clears it); UserNotFoundError if no such user."""
    values: dict[str, object] = {}
    if role is not None:
        values["role"] = role.value
    if disabled is not None:
        values["disabled"] = disabled
    if display_name is not None:
        values["display_name"] = display_name or None
    if values:
        conn.execute(users.update().where(users.c.id == user_id).values(**values))
    return get_user_by_id(conn, user_id)


def delete_user(conn: Connection, user_id: int) -> None:
    """Delete the user and, by cascade, their subscriptions, folders, states, sessions and keys."""
    if conn.execute(users.delete().where(users.c.id == user_id)).rowcount == 0:
        raise UserNotFoundError(f"There is no user with id {user_id}.")
