"""Reading, for one signed-in user: lists, an entry with its neighbours, state, search, sources.

Every function takes the user's id and touches only what that user follows;
anything else is "not found", exactly as if it did not exist. Each page is a
fixed number of queries, whatever the number of entries or feeds.
"""

from __future__ import annotations

import base64
import binascii
import threading
import weakref
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection

from tidings.errors import EntryNotFoundError, FeedNotFoundError, FolderNotFoundError, TidingsError
from tidings.services.refreshing import refresh
from tidings.settings import Settings
from tidings.store import Database
from tidings.store import copies as copy_store
from tidings.store import entries as entry_store
from tidings.store import reading as read_store
from tidings.store import subscriptions as sub_store
from tidings.store.feeds import get_feed, list_feeds, retry_feed
from tidings.store.reading import SidebarVersion
from tidings.store.search import search_entries
from tidings.types import (
    EntryRecord,
    FeedRecord,
    FolderRecord,
    RefreshResult,
    SearchHit,
    SubscriptionRecord,
)

MAX_PAGE = 200


class InvalidInputError(TidingsError):
    """A request carried a value that cannot be used (the message says which and why)."""


class Show(StrEnum):
    UNREAD = "unread"
    ALL = "all"
    STARRED = "starred"


@dataclass(frozen=True, slots=True)
class Scope:
    """Which entries a list shows: all feeds, one folder, the feeds outside folders
    (``ungrouped``) or one feed; unread, all or starred."""

    show: Show = Show.UNREAD
    feed_id: int | None = None
    folder_id: int | None = None
    ungrouped: bool = False

    @property
    def narrowed(self) -> bool:
        """Fewer than all feeds (such a list has Unread/All/Starred tabs)."""
        return self.feed_id is not None or self.folder_id is not None or self.ungrouped

    def filters(self) -> dict[str, object]:
        return {
            "feed_id": self.feed_id,
            "folder_id": self.folder_id,
            "ungrouped": self.ungrouped,
            "unread_only": self.show is Show.UNREAD,
            "starred_only": self.show is Show.STARRED,
        }


@dataclass(frozen=True, slots=True)
class SidebarGroup:
    """A folder of the sidebar with its feeds; ``folder_id`` None: the feeds outside folders."""

    folder_id: int | None
    name: str
    unread: int
    subscriptions: tuple[SubscriptionRecord, ...]


@dataclass(frozen=True, slots=True)
class Sidebar:
    """The user's subscriptions (with unread counts) and folders.

    Immutable and shared: one instance is cached per user and version (see
    :func:`sidebar`) and served to every request until something it shows changes.
    """

    subscriptions: tuple[SubscriptionRecord, ...]
    folders: tuple[FolderRecord, ...]
    unread_total: int = field(init=False)
    _by_feed: dict[int, SubscriptionRecord] = field(init=False, repr=False, compare=False)
    _folder_unread: dict[int, int] = field(init=False, repr=False, compare=False)
    # The subscriptions by folder, in their order (feeds outside folders first, then by name).
    groups: tuple[SidebarGroup, ...] = field(init=False, repr=False, compare=False)
    # The web layer's rendering of this sidebar, kept as long as the sidebar is cached.
    rendered: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        counts: dict[int, int] = {}
        for sub in self.subscriptions:
            if sub.folder_id is not None:
                counts[sub.folder_id] = counts.get(sub.folder_id, 0) + sub.unread_count
        object.__setattr__(self, "unread_total", sum(s.unread_count for s in self.subscriptions))
        object.__setattr__(self, "_by_feed", {s.feed_id: s for s in self.subscriptions})
        object.__setattr__(self, "_folder_unread", counts)
        runs: dict[int | None, list[SubscriptionRecord]] = {}
        for sub in self.subscriptions:  # already grouped by folder (list_subscriptions' order)
            runs.setdefault(sub.folder_id, []).append(sub)
        object.__setattr__(self, "groups", tuple(
            SidebarGroup(
                folder_id, subs[0].folder_name or "" if folder_id is not None else "",
                counts.get(folder_id, 0) if folder_id is not None
                else sum(s.unread_count for s in subs),
                tuple(subs),
            )
            for folder_id, subs in runs.items()
        ))
        object.__setattr__(self, "rendered", {})

    def folder(self, folder_id: int) -> FolderRecord:
        for folder in self.folders:
            if folder.id == folder_id:
                return folder
        raise FolderNotFoundError(f"You have no folder with id {folder_id}.")

    def subscription(self, feed_id: int) -> SubscriptionRecord:
        try:
            return self._by_feed[feed_id]
        except KeyError:
            raise FeedNotFoundError(f"You do not follow feed {feed_id}.") from None

    def folder_unread(self) -> dict[int, int]:
        return dict(self._folder_unread)

    def unread_in(self, scope: Scope) -> int:
        """How many unread entries the scope's list has (0: no need to look)."""
        if scope.feed_id is not None:
            sub = self._by_feed.get(scope.feed_id)
            if sub is None or (scope.folder_id is not None and sub.folder_id != scope.folder_id):
                return 0
            return 0 if scope.ungrouped and sub.folder_id is not None else sub.unread_count
        if scope.folder_id is not None:
            return self._folder_unread.get(scope.folder_id, 0)
        if scope.ungrouped:
            return sum(g.unread for g in self.groups if g.folder_id is None)
        return self.unread_total


@dataclass(frozen=True, slots=True)
class EntryPage:
    sidebar: Sidebar
    scope: Scope
    entries: tuple[EntryRecord, ...]  # without what lists do not show (NOT_LISTED)
    next_cursor: str | None  # pass as ``before`` for the next (older) page
    title: str
    # entry id -> the sources of its syndicated copies you follow ("also in"); a copy
    # whose original is on the same page is folded under it, not listed again
    also_in: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class EntryView:
    sidebar: Sidebar
    entry: EntryRecord
    newer: EntryRecord | None  # the neighbours, as lists show them (links only)
    older: EntryRecord | None


# --- cursors ----------------------------------------------------------------------


def encode_cursor(cursor: tuple[datetime, int]) -> str:
    sort_at, entry_id = cursor
    raw = f"{sort_at.isoformat()}|{entry_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str | None) -> tuple[datetime, int] | None:
    if not value:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        stamp, _, entry_id = raw.partition("|")
        when = datetime.fromisoformat(stamp)
        if when.tzinfo is None:
            raise ValueError("naive")
        return when, int(entry_id)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            "The cursor is not one Tidings gave out; pass the next_cursor value of the previous"
            " page unchanged, or leave it out to start from the newest entry."
        ) from exc


# --- lists and entries -----------------------------------------------------------------


class _SidebarCache:
    """Per process and database: the latest sidebars of recent users, by version.

    A hit needs the exact :func:`~tidings.store.reading.sidebar_version` the
    sidebar was built under, and the triggers move that version in the same
    transaction as any change the sidebar shows, so a hit is always current, in
    any number of server processes. Counting the unread entries of 2,000 feeds
    (100,000 entries) cost 35 ms on SQLite on every page before. A miss after the
    user's own read-state changes is brought forward from the log of what they
    did to the counts (:func:`_brought_forward`), whichever process made them.
    """

    VERSIONS = 4  # per user: requests still on a slightly older snapshot find theirs

    def __init__(self, size: int = 256) -> None:
        self._size = size
        # user -> {version: sidebar}, newest last
        self._items: OrderedDict[int, dict[SidebarVersion, Sidebar]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[int, threading.Lock] = {}

    def get(self, user_id: int, version: SidebarVersion) -> Sidebar | None:
        with self._lock:
            found = self._items.get(user_id)
            if found is None or version not in found:
                return None
            self._items.move_to_end(user_id)
            return found[version]

    def newest_before(self, user_id: int,
                      version: SidebarVersion) -> tuple[SidebarVersion, Sidebar] | None:
        """The newest sidebar kept under an older version with the same ``entries`` and
        ``feeds`` counters as ``version`` (only the user's own changes since)."""
        with self._lock:
            found = self._items.get(user_id) or {}
            older = [v for v in found if v[:2] == version[:2] and v[2] < version[2]]
            if not older:
                return None
            newest = max(older)
            return newest, found[newest]

    def building(self, user_id: int) -> threading.Lock:
        """Held while one request counts a user's sidebar: the others wait and reuse it."""
        with self._lock:
            return self._building.setdefault(user_id, threading.Lock())

    def put(self, user_id: int, version: SidebarVersion, bar: Sidebar) -> None:
        with self._lock:
            versions = self._items.setdefault(user_id, {})
            if version not in versions:
                versions[version] = bar
                while len(versions) > self.VERSIONS:  # drop the oldest (counters only grow)
                    del versions[min(versions, key=sum)]
            self._items.move_to_end(user_id)
            while len(self._items) > self._size:
                gone, _ = self._items.popitem(last=False)
                self._building.pop(gone, None)


_caches: weakref.WeakKeyDictionary[Database, _SidebarCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _cache(db: Database) -> _SidebarCache:
    with _caches_lock:
        cache = _caches.get(db)
        if cache is None:
            cache = _caches[db] = _SidebarCache()
        return cache


def _sidebar(db: Database, conn: Connection, user_id: int) -> Sidebar:
    """The user's sidebar: one primary-key read when it is cached and current, else it is
    brought forward from an older one by the logged moves, else counted (two queries)."""
    version = read_store.sidebar_version(conn, user_id)  # first: the data read next is as new
    cache = _cache(db)
    bar = cache.get(user_id, version)
    if bar is None:
        with cache.building(user_id):  # one count at a time per user; the others reuse it
            bar = cache.get(user_id, version)
            if bar is None:
                bar = _brought_forward(conn, cache, user_id, version)
                if bar is not None:
                    cache.put(user_id, version, bar)
            if bar is None:
                bar = Sidebar(
                    tuple(sub_store.list_subscriptions(conn, user_id)),
                    tuple(sub_store.list_folders(conn, user_id)),
                )
                # On PostgreSQL (READ COMMITTED) a change committed while counting may
                # already be in the counts: such a bar is shown but not kept under the
                # older version, from which the logged moves would apply it a second time.
                if read_store.sidebar_version(conn, user_id) == version:
                    cache.put(user_id, version, bar)
    return bar


def _brought_forward(conn: Connection, cache: _SidebarCache, user_id: int,
                     version: SidebarVersion) -> Sidebar | None:
    """A cached sidebar of an older version of the user's counter with the moves logged
    since applied (``store.subscriptions.unread_moves_between``); None at any gap."""
    found = cache.newest_before(user_id, version)
    if found is None:
        return None
    (entries_version, feeds_version, at), bar = found
    moved: dict[int, int] = {}
    for move in sub_store.unread_moves_between(conn, user_id, at, version[2]):
        if move.before != at or move.others != (entries_version, feeds_version):
            return None  # a change that logged nothing, or something else moved meanwhile
        for feed_id, delta in move.counts.items():
            moved[feed_id] = moved.get(feed_id, 0) + delta
        at = move.after
    if at != version[2]:
        return None
    moved = {feed_id: delta for feed_id, delta in moved.items() if delta}
    if not moved:
        return bar  # stars, or read and unread again: the same counts (and HTML)
    subs = tuple(
        replace(sub, unread_count=max(0, sub.unread_count + moved[sub.feed_id]))
        if sub.feed_id in moved else sub
        for sub in bar.subscriptions
    )
    moved_bar = Sidebar(subs, bar.folders)
    moved_bar.rendered["derived"] = (bar, tuple(moved))  # for the web layer's HTML
    return moved_bar


def _log_move(conn: Connection, user_id: int, before: SidebarVersion,
              counts: dict[int, int]) -> None:
    """Log what a change of the user's read states just made in ``conn`` did to the counts
    (``before``: the versions read after :func:`~tidings.store.reading.lock_user_version`)."""
    after = read_store.sidebar_version(conn, user_id)
    # Until the user's counter has a row there was nothing to lock (PostgreSQL), and a
    # change of entries or feeds in between would make the counts moved here incomplete.
    if before[2] > 0 and after[:2] == before[:2] and after[2] != before[2]:
        sub_store.record_unread_move(
            conn, user_id, sub_store.UnreadMove(before[2], after[2], before[:2], counts)
        )


def sidebar(db: Database, user_id: int) -> Sidebar:
    with db.connect() as conn:
        return _sidebar(db, conn, user_id)


def entry_page(
    db: Database, user_id: int, scope: Scope, *, before: str | None = None, limit: int = 50
) -> EntryPage:
    """One page of a list, with the sidebar; NotFound if the feed or folder is not the user's."""
    cursor = decode_cursor(before)
    limit = max(1, min(limit, MAX_PAGE))
    with db.connect() as conn:
        bar = _sidebar(db, conn, user_id)
        if scope.folder_id is not None:
            title = bar.folder(scope.folder_id).name
        elif scope.ungrouped and scope.feed_id is None:
            title = "Not in a folder"
        elif scope.feed_id is not None:
            title = bar.subscription(scope.feed_id).display_title
        else:
            title = {Show.UNREAD: "Unread", Show.ALL: "All", Show.STARRED: "Starred"}[scope.show]
        if scope.show is Show.UNREAD and bar.unread_in(scope) == 0:
            rows = []  # the counts say so: no need to walk every read entry to find none
        else:
            rows = entry_store.list_entries(
                conn, user_id, limit=limit + 1, before=cursor, omit=entry_store.NOT_LISTED,
                **scope.filters()  # type: ignore[arg-type]
            )
        more = len(rows) > limit
        rows = rows[:limit]
        copies = copy_store.copies_of(conn, user_id, [r.id for r in rows]) if rows else {}
    cursor_out = encode_cursor(rows[-1].cursor) if more else None
    shown = {r.id for r in rows}
    starred = {r.id for r in rows if r.starred}  # a copy someone starred stays in view
    folded = (
        {copy_id for found in copies.values() for copy_id, _ in found} - starred
        if scope.show is not Show.STARRED
        else set()
    )
    also_in = {
        original: tuple(dict.fromkeys(name for _, name in found))
        for original, found in copies.items()
        if original in shown
    }
    rows = [r for r in rows if r.id not in folded]  # each is under its original
    return EntryPage(bar, scope, tuple(rows), cursor_out, title, also_in)


def list_entries(
    db: Database, user_id: int, scope: Scope, *, before: str | None, limit: int,
    content: bool = True,
) -> tuple[list[EntryRecord], str | None]:
    """Entries and the cursor of the next page (None at the end), without the sidebar;
    ``content=False``: without each entry's full HTML (``content`` None)."""
    cursor = decode_cursor(before)
    limit = max(1, min(limit, MAX_PAGE))
    with db.connect() as conn:
        if scope.folder_id is not None:
            folders = {f.id for f in sub_store.list_folders(conn, user_id)}
            if scope.folder_id not in folders:
                raise FolderNotFoundError(f"You have no folder with id {scope.folder_id}.")
        if scope.feed_id is not None:
            sub_store.get_subscription(conn, user_id, scope.feed_id)
        rows = entry_store.list_entries(
            conn, user_id, limit=limit + 1, before=cursor, omit=() if content else ("content",),
            **scope.filters()  # type: ignore[arg-type]
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1].cursor) if more else None)


def get_entry(db: Database, user_id: int, entry_id: int) -> EntryRecord:
    with db.connect() as conn:
        return entry_store.get_entry(conn, user_id, entry_id)


def read_entry(db: Database, user_id: int, entry_id: int, scope: Scope, *, now: datetime) -> EntryView:
    """The entry (marked read on opening) with its neighbours in the list it was opened from."""
    filters = scope.filters()
    filters["unread_only"] = False  # opening marks read: walk the whole list, unread first is moot
    with db.connect() as conn:
        entry = entry_store.get_entry(conn, user_id, entry_id)
    if not entry.read:
        # The write lock is held for this one change, not for the whole page:
        # SQLite has one writer, and readers opening entries at once queued on it
        # until they timed out (bench/web_load.py, 20 clients: 503 "database is locked").
        set_read(db, user_id, [entry_id], True, now=now)
        entry = replace(entry, read=True, read_at=now)
    with db.connect() as conn:
        # The neighbours are links (id and title): read as lists read entries.
        older = entry_store.list_entries(conn, user_id, limit=1, before=entry.cursor,
                                         omit=entry_store.NOT_LISTED, **filters)  # type: ignore[arg-type]
        newer = entry_store.newer_entry(conn, user_id, entry.cursor, omit=entry_store.NOT_LISTED,
                                        **filters)  # type: ignore[arg-type]
        bar = _sidebar(db, conn, user_id)
    return EntryView(bar, entry, newer, older[0] if older else None)


def set_read(
    db: Database, user_id: int, entry_ids: Collection[int], read: bool, *, now: datetime
) -> int:
    """Mark entries read or unread, logging what that did to the unread counts. Marking
    read takes their unread syndicated copies along (the same story: read once)."""
    with db.transaction() as conn:
        read_store.lock_user_version(conn, user_id)  # first, in every writer: one lock order
        before = read_store.sidebar_version(conn, user_id)
        counts = entry_store.unread_changes(conn, user_id, entry_ids, read)
        changed = entry_store.set_read(conn, user_id, entry_ids, read, now)
        if read and changed:
            twins = copy_store.unread_twins(conn, user_id, entry_ids)
            if twins:
                for feed_id, delta in entry_store.unread_changes(conn, user_id, twins, True).items():
                    counts[feed_id] = counts.get(feed_id, 0) + delta
                entry_store.set_read(conn, user_id, twins, True, now)
        _log_move(conn, user_id, before, counts)
    if entry_ids and changed == 0:
        raise EntryNotFoundError("None of those entries is in the feeds you follow.")
    return changed


def set_starred(
    db: Database, user_id: int, entry_ids: Collection[int], starred: bool, *, now: datetime
) -> int:
    with db.transaction() as conn:
        read_store.lock_user_version(conn, user_id)
        before = read_store.sidebar_version(conn, user_id)
        changed = entry_store.set_starred(conn, user_id, entry_ids, starred, now)
        _log_move(conn, user_id, before, {})  # a new state row moves the counter, not a count
    if entry_ids and changed == 0:
        raise EntryNotFoundError("None of those entries is in the feeds you follow.")
    return changed


def mark_all_read(
    db: Database,
    user_id: int,
    *,
    now: datetime,
    feed_id: int | None = None,
    folder_id: int | None = None,
    ungrouped: bool = False,
    up_to: datetime | None = None,
) -> None:
    with db.transaction() as conn:
        read_store.lock_user_version(conn, user_id)  # first, as read_entry: one lock order
        if feed_id is not None:
            sub_store.get_subscription(conn, user_id, feed_id)
        if folder_id is not None and folder_id not in {
            f.id for f in sub_store.list_folders(conn, user_id)
        }:
            raise FolderNotFoundError(f"You have no folder with id {folder_id}.")
        entry_store.mark_all_read(
            conn, user_id, now, feed_id=feed_id, folder_id=folder_id, ungrouped=ungrouped,
            up_to=up_to or now,
        )


def search(db: Database, user_id: int, query: str, *, limit: int = 50) -> list[SearchHit]:
    with db.connect() as conn:
        return search_entries(conn, query, user_id=user_id, limit=max(1, min(limit, MAX_PAGE)))


# --- sources -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    subscription: SubscriptionRecord
    feed: FeedRecord

    @property
    def status(self) -> str:
        return feed_status(self.feed)

    @property
    def healthy(self) -> bool:
        return not (self.feed.disabled or self.feed.last_error)


def feed_status(feed: FeedRecord) -> str:
    """The feed's state in plain words."""
    if feed.disabled:
        return f"Stopped: {feed.disabled_reason or 'taken out of the schedule'}"
    if feed.last_error:
        times = "once" if feed.error_count == 1 else f"{feed.error_count} times in a row"
        return f"Failing ({times}): {feed.last_error}"
    if feed.last_checked_at is None:
        return "Not fetched yet"
    return "OK"


def sources(db: Database, user_id: int) -> tuple[list[Source], Sidebar]:
    with db.connect() as conn:
        bar = _sidebar(db, conn, user_id)
        feeds = {f.id: f for f in list_feeds(conn, user_id)}
    return [Source(s, feeds[s.feed_id]) for s in bar.subscriptions if s.feed_id in feeds], bar


def rename_source(db: Database, user_id: int, feed_id: int, title: str | None) -> None:
    title = " ".join((title or "").split())[:300] or None
    with db.transaction() as conn:
        sub_store.rename_subscription(conn, user_id, feed_id, title)


def move_source(db: Database, user_id: int, feed_id: int, folder: str | None) -> None:
    folder = " ".join((folder or "").split())[:200] or None
    with db.transaction() as conn:
        sub_store.move_subscription(conn, user_id, feed_id, folder)


def unsubscribe(db: Database, user_id: int, feed_id: int) -> None:
    with db.transaction() as conn:
        sub_store.unsubscribe(conn, user_id, feed_id)


async def refresh_source(
    db: Database, settings: Settings, user_id: int, feed_id: int, *, now: datetime
) -> RefreshResult | None:
    """Fetch one followed feed now; a feed that failed too often or was stopped is retried."""
    with db.transaction() as conn:
        sub_store.get_subscription(conn, user_id, feed_id)  # NotFound unless the user follows it
        feed = get_feed(conn, feed_id)
        if feed.disabled or feed.error_count >= settings.max_consecutive_errors:
            retry_feed(conn, feed_id, now)
    summary = await refresh(db, settings, feed_ids=[feed_id])
    return summary.results[0] if summary.results else None
