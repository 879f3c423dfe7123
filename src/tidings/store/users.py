"""Users, and the local default user the command line acts as.

The default user is named ``admin`` (role admin, no password). It is created
the first time :func:`default_user` is called, so a single-person install
never has to create an account; a multi-user install can give it a password
later and add others with :func:`create_user`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from tidings.clock import utcnow
from tidings.errors import AlreadyExistsError, UserNotFoundError
from tidings.store.dialect import insert_for
from tidings.store.records import user_record
from tidings.store.tables import users
from tidings.types import UserRecord, UserRole

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
