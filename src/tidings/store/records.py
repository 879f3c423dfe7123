"""Turning result rows into the frozen records of :mod:`tidings.types` (rows stop here)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Result, Row

from tidings.types import (
    Enclosure,
    EntryRecord,
    FeedKind,
    FeedRecord,
    TranscriptLink,
    UserRecord,
    UserRole,
)


def user_record(row: Row[Any]) -> UserRecord:
    m = row._mapping
    return UserRecord(
        id=m["id"],
        username=m["username"],
        display_name=m["display_name"],
        role=UserRole(m["role"]),
        created_at=m["created_at"],
        disabled=bool(m["disabled"]),
        password_hash=m["password_hash"],
    )


def feed_record(row: Row[Any]) -> FeedRecord:
    m = row._mapping
    return FeedRecord(
        id=m["id"],
        url=m["url"],
        kind=FeedKind(m["kind"]),
        created_at=m["created_at"],
        owner_user_id=m["owner_user_id"],
        title=m["title"],
        site_url=m["site_url"],
        description=m["description"],
        language=m["language"],
        icon_url=m["icon_url"],
        author=m["author"],
        format=m["format"],
        parser=m["parser"],
        recovered=bool(m["recovered"]),
        problems=tuple(m["problems"].split("\n")) if m["problems"] else (),
        ttl_minutes=m["ttl_minutes"],
        etag=m["etag"],
        last_modified=m["last_modified"],
        fresh_until=m["fresh_until"],
        retry_after_until=m["retry_after_until"],
        stale=bool(m["stale"]),
        last_checked_at=m["last_checked_at"],
        next_check_at=m["next_check_at"],
        last_updated_at=m["last_updated_at"],
        error_count=m["error_count"],
        last_error=m["last_error"],
        disabled_at=m["disabled_at"],
        disabled_reason=m["disabled_reason"],
        always_fetch_full_text=bool(m["always_fetch_full_text"]),
        entry_count=int(m.get("entry_count") or 0),
        unread_count=None if m.get("unread_count") is None else int(m["unread_count"]),
    )


def entry_record(row: Row[Any]) -> EntryRecord:
    return entry_from_dict(row._asdict())


def entry_records(result: Result[Any]) -> list[EntryRecord]:
    """Every row of ``result``; the column names are looked up once, not per row."""
    names = tuple(result.keys())
    return [entry_from_dict(dict(zip(names, row, strict=True))) for row in result]


def entry_from_dict(m: dict[str, Any]) -> EntryRecord:
    # Plain dict lookups: RowMapping.get goes through the Mapping ABC and raises a
    # KeyError inside for each absent key (the user's state outside a user's list, the
    # bodies a list leaves out); a list of 50 spent ~0.5 ms in there.
    get = m.get
    return EntryRecord(
        id=m["id"],
        feed_id=m["feed_id"],
        key=m["key"],
        content_hash=m["content_hash"],
        first_seen_at=m["first_seen_at"],
        last_changed_at=m["last_changed_at"],
        sort_at=m["sort_at"],
        title=m["title"],
        link=m["link"],
        authors=tuple(m["authors"] or ()),
        published_at=m["published_at"],
        updated_at=m["updated_at"],
        summary=get("summary"),  # left out of some lists (store.entries.list_entries)
        content=get("content"),
        enclosures=tuple(Enclosure(**e) for e in m["enclosures"]) if m["enclosures"] else (),
        thumbnail=m["thumbnail"],
        categories=tuple(m["categories"] or ()),
        language=m["language"],
        transcripts=(
            tuple(TranscriptLink(**t) for t in m["transcripts"]) if m["transcripts"] else ()
        ),
        comments_url=m["comments_url"],
        feed_title=get("feed_title"),
        read=bool(get("read")),
        read_at=get("read_at"),
        starred=bool(get("starred")),
        starred_at=get("starred_at"),
    )
