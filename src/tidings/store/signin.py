"""Failed sign-ins (``sign_in_failures``): the rate limit's counts, shared by every process."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, and_, delete, select, update

from tidings.store.tables import sign_in_failures as t

ADDRESS_LENGTH = 200
NAME_LENGTH = 100


@dataclass(frozen=True, slots=True)
class Failure:
    failed_at: datetime
    same_name: bool  # the same (lower-cased) name as the one asked about


def recent_failures(
    conn: Connection, address: str, name: str, *, since: datetime
) -> list[Failure]:
    """The address's failures after ``since``, oldest first (one index range)."""
    rows = conn.execute(
        select(t.c.failed_at, t.c.name)
        .where(t.c.address == address[:ADDRESS_LENGTH], t.c.failed_at > since)
        .order_by(t.c.failed_at, t.c.id)
    )
    key = name[:NAME_LENGTH]
    return [Failure(at, found == key) for at, found in rows]


def add_failure(conn: Connection, address: str, name: str, *, now: datetime,
                prune_before: datetime) -> None:
    """Count one failure, and delete the rows no window looks at any more."""
    conn.execute(delete(t).where(t.c.failed_at <= prune_before))
    conn.execute(
        t.insert().values(address=address[:ADDRESS_LENGTH], name=name[:NAME_LENGTH],
                          failed_at=now)
    )


def clear_name(conn: Connection, address: str, name: str) -> None:
    """A correct sign-in: the name's failures from this address count for the address only."""
    conn.execute(
        update(t)
        .where(and_(t.c.address == address[:ADDRESS_LENGTH], t.c.name == name[:NAME_LENGTH]))
        .values(name=None)
    )
