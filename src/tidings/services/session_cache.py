"""Signed-in sessions and API keys remembered per process for a moment.

Every page and API call looked its session (or key) up: a connection, a
transaction and a join, and, because it did I/O, a hop to a worker thread
before the handler's own. A hit here is a dict lookup on the event loop.

Kept correct by two rules:

- Any write of this process to ``sessions``, ``users``, ``user_preferences`` or
  ``api_keys`` (sign-out, a rotated session on sign-in, signing other devices
  out, a user disabled, deleted or given another role or password, a key revoked,
  a preference changed) empties the cache when the statement runs and again when
  its connection goes back to the pool (:meth:`Database.on_write`), and a lookup
  that began before either keeps nothing (the generation moved). Whatever the
  code path, none of them has to remember to invalidate.
- A row is kept :data:`TTL` seconds at most: changes made by another process (the
  ``tidings user`` commands, another ``tidings serve --workers`` process) take
  effect within that time there.
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import Any

from tidings.store import Database

TTL = 2.0  # seconds
MAX_ITEMS = 10_000
WATCHED = ("sessions", "users", "user_preferences", "api_keys")


class SessionCache:
    def __init__(self, ttl: float = TTL, clock: Any = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._items: dict[tuple[str, str], tuple[float, Any]] = {}
        self._generation = 0
        self._lock = threading.Lock()

    @property
    def generation(self) -> int:
        """Read before looking a row up; pass to :meth:`put`."""
        return self._generation

    def get(self, kind: str, key: str) -> Any | None:
        found = self._items.get((kind, key))
        if found is None:
            return None
        stored_at, value = found
        if self._clock() - stored_at > self.ttl:
            return None
        return value

    def put(self, kind: str, key: str, value: Any, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return  # something was written since the row was read: it may be stale
            if len(self._items) >= MAX_ITEMS:
                self._items.clear()
            self._items[(kind, key)] = (self._clock(), value)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._items.clear()


_caches: weakref.WeakKeyDictionary[Database, SessionCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def cache_of(db: Database) -> SessionCache:
    """The cache of ``db`` in this process (watching its writes from the first call)."""
    found = _caches.get(db)
    if found is not None:
        return found
    with _caches_lock:
        found = _caches.get(db)
        if found is None:
            found = _caches[db] = SessionCache()
            db.on_write(WATCHED, found.clear)
        return found
