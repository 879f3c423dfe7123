"""Invitation links: only the sha256 of each link's token is stored (as for sessions).

Accepting is a conditional update (:func:`mark_accepted`), so a link works once
even when two people use it at the same moment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, Select, select

from tidings.store.tables import invitations, users
from tidings.types import InvitationRecord, UserRole


def _select() -> Select[Any]:
    return select(invitations, users.c.username.label("created_by_name")).select_from(
        invitations.outerjoin(users, users.c.id == invitations.c.created_by)
    )


def _record(row: Row[Any]) -> InvitationRecord:
    m = row._mapping
    return InvitationRecord(
        id=m["id"],
        role=UserRole(m["role"]),
        note=m["note"],
        created_at=m["created_at"],
        expires_at=m["expires_at"],
        created_by=m["created_by"],
        created_by_name=m["created_by_name"],
        accepted_at=m["accepted_at"],
        accepted_by=m["accepted_by"],
        revoked_at=m["revoked_at"],
    )


def create_invitation(
    conn: Connection,
    *,
    token_hash: str,
    role: UserRole,
    note: str | None,
    created_by: int | None,
    now: datetime,
    expires_at: datetime,
) -> InvitationRecord:
    row = conn.execute(
        invitations.insert()
        .values(token_hash=token_hash, role=role.value, note=note, created_by=created_by,
                created_at=now, expires_at=expires_at)
        .returning(invitations.c.id)
    ).first()
    assert row is not None
    return get_invitation(conn, int(row[0]))


def get_invitation(conn: Connection, invitation_id: int) -> InvitationRecord | None:
    row = conn.execute(_select().where(invitations.c.id == invitation_id)).first()
    return _record(row) if row is not None else None


def invitation_by_token_hash(conn: Connection, token_hash: str) -> InvitationRecord | None:
    row = conn.execute(_select().where(invitations.c.token_hash == token_hash)).first()
    return _record(row) if row is not None else None


def pending_invitations(conn: Connection, now: datetime) -> list[InvitationRecord]:
    """Not accepted, not revoked, not expired; newest first."""
    query = _select().where(
        invitations.c.accepted_at.is_(None),
        invitations.c.revoked_at.is_(None),
        invitations.c.expires_at > now,
    )
    return [_record(r) for r in conn.execute(query.order_by(invitations.c.id.desc()))]


def mark_accepted(conn: Connection, invitation_id: int, user_id: int, now: datetime) -> bool:
    """Use the invitation up; False when it was no longer pending (used, revoked, expired)."""
    result = conn.execute(
        invitations.update()
        .where(
            invitations.c.id == invitation_id,
            invitations.c.accepted_at.is_(None),
            invitations.c.revoked_at.is_(None),
            invitations.c.expires_at > now,
        )
        .values(accepted_at=now, accepted_by=user_id)
    )
    return result.rowcount == 1


def revoke_invitation(conn: Connection, invitation_id: int, now: datetime) -> bool:
    """Revoke a pending invitation; False when there is no pending one with that id."""
    result = conn.execute(
        invitations.update()
        .where(
            invitations.c.id == invitation_id,
            invitations.c.accepted_at.is_(None),
            invitations.c.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    return result.rowcount == 1
