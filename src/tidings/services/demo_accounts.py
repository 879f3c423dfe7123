"""A reader account for the demo store, following what the demo's default user follows."""

from __future__ import annotations

from datetime import datetime

from tidings.services.accounts import hash_password
from tidings.store import Database
from tidings.store.subscriptions import list_subscriptions, subscribe_many
from tidings.store.users import create_user
from tidings.types import UserRole

DEMO_USERNAME = "demo"


def add_demo_reader(db: Database, source_user_id: int, password: str, *, now: datetime) -> str:
    """Create the ``demo`` user (an editor) with ``password`` and the demo's subscriptions."""
    with db.transaction() as conn:
        user = create_user(conn, DEMO_USERNAME, role=UserRole.EDITOR,
                           display_name="Demo reader", password_hash=hash_password(password),
                           now=now)
        follows = [
            (sub.feed_id, sub.folder_name, sub.title)
            for sub in list_subscriptions(conn, source_user_id)
        ]
        subscribe_many(conn, user.id, follows, now)
    return user.username
