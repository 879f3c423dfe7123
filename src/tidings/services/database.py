"""Opening the store the way every entry point does."""

from __future__ import annotations

from tidings.settings import Settings
from tidings.store import Database


def open_database(settings: Settings, *, migrate_empty: bool = True) -> Database:
    """Open the configured database, ready to use.

    A brand-new, empty database is initialised on the spot (first run). An
    existing database on another schema version is refused with a message
    that says to run ``tidings migrate``: upgrading someone's data is their
    decision, taken with a backup at hand.
    """
    db = Database.open(settings.effective_database_url)
    if migrate_empty and db.is_empty():
        db.migrate()
    else:
        db.check_schema()
    return db
