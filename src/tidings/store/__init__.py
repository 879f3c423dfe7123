"""Storage: engine, tables, migrations and queries per aggregate. ORM rows never leave it.

Open a :class:`Database`, then call the query modules with a connection from
``db.transaction()`` (writes, committed at the end of the block) or
``db.connect()`` (reads)::

    db = Database.open(settings.effective_database_url)
    db.check_schema()                      # or db.migrate()
    with db.transaction() as conn:
        user = users.default_user(conn)
        feed_id = feeds.add_feed(conn, url, now)
        subscriptions.subscribe(conn, user.id, feed_id, folder="News")

Modules: ``users``, ``feeds`` (including ``apply_feed_update``), ``subscriptions``,
``entries``, ``search``, ``stats``.
"""

from tidings.store.engine import Database

__all__ = ["Database"]
