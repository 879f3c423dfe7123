"""Pydantic models of the JSON API (the web edge only; services speak dataclasses)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tidings.types import EntryRecord, FolderRecord, SearchHit, SubscriptionRecord


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Me(Out):
    id: int
    username: str
    display_name: str | None
    role: str


class Feed(Out):
    id: int = Field(description="The feed's id (use it in every /feeds/{feed_id} call).")
    url: str
    title: str
    feed_title: str | None
    custom_title: str | None
    site_url: str | None
    icon_url: str | None
    folder_id: int | None
    folder: str | None
    unread: int
    error: str | None = Field(description="The last fetch error in plain words, if any.")
    disabled: bool

    @classmethod
    def of(cls, s: SubscriptionRecord) -> Feed:
        return cls(
            id=s.feed_id, url=s.feed_url, title=s.display_title, feed_title=s.feed_title,
            custom_title=s.title, site_url=s.feed_site_url, icon_url=s.feed_icon_url,
            folder_id=s.folder_id, folder=s.folder_name, unread=s.unread_count,
            error=s.feed_error, disabled=s.feed_disabled,
        )


class Folder(Out):
    id: int
    name: str
    unread: int

    @classmethod
    def of(cls, f: FolderRecord, unread: int) -> Folder:
        return cls(id=f.id, name=f.name, unread=unread)


class Enclosure(Out):
    url: str
    type: str | None
    length: int | None
    duration: int | None


class Entry(Out):
    id: int
    feed_id: int
    feed_title: str | None
    title: str | None
    url: str | None
    authors: list[str]
    published_at: datetime | None
    updated_at: datetime | None
    sort_at: datetime
    summary: str | None = Field(description="Sanitised HTML.")
    content: str | None = Field(description="Sanitised HTML (omitted from lists unless asked).")
    enclosures: list[Enclosure]
    categories: list[str]
    thumbnail: str | None
    read: bool
    starred: bool

    @classmethod
    def of(cls, e: EntryRecord, *, content: bool = True) -> Entry:
        return cls(
            id=e.id, feed_id=e.feed_id, feed_title=e.feed_title, title=e.title, url=e.link,
            authors=list(e.authors), published_at=e.published_at, updated_at=e.updated_at,
            sort_at=e.sort_at, summary=e.summary, content=e.content if content else None,
            enclosures=[Enclosure(url=x.url, type=x.type, length=x.length, duration=x.duration)
                        for x in e.enclosures],
            categories=list(e.categories), thumbnail=e.thumbnail, read=e.read, starred=e.starred,
        )


class EntryList(Out):
    entries: list[Entry]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= to get the next (older) page; null on the last page."
    )


class Hit(Out):
    entry_id: int
    feed_id: int
    feed_title: str | None
    title: str | None
    url: str | None
    snippet: str
    score: float
    sort_at: datetime

    @classmethod
    def of(cls, h: SearchHit) -> Hit:
        return cls(entry_id=h.entry_id, feed_id=h.feed_id, feed_title=h.feed_title, title=h.title,
                   url=h.link, snippet=h.snippet, score=h.score, sort_at=h.sort_at)


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntryIds(In):
    ids: list[int] = Field(min_length=1, max_length=1000)


class MarkRead(EntryIds):
    read: bool = True


class MarkStarred(EntryIds):
    starred: bool = True


class MarkAllRead(In):
    feed_id: int | None = None
    folder_id: int | None = None
    up_to: datetime | None = Field(
        None, description="Only entries sorted at or before this time (default: now)."
    )


class Changed(Out):
    changed: int


class NewFeed(In):
    url: str = Field(min_length=1, max_length=2000, description="A feed, a site or a YouTube channel.")
    folder: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=300)


class FeedChange(In):
    title: str | None = Field(None, max_length=300, description="Empty string: the feed's own.")
    folder: str | None = Field(None, max_length=200, description="Empty string: no folder.")


class Added(Out):
    feed: Feed
    fetched: bool
    new_entries: int
    error: str | None


class Refreshed(Out):
    feed_id: int
    status: str
    new_entries: int
    error: str | None


class Outline(Out):
    url: str
    title: str | None
    folder: str | None


class Rejected(Out):
    url: str
    reason: str


class Imported(Out):
    added: list[Outline]
    rejected: list[Rejected]


ShowFilter = Literal["unread", "all", "starred"]


class ImportedDocument(Out):
    entry_id: int = Field(description="The stored entry (read it at /api/v1/entries/{entry_id}).")
    feed_id: int = Field(description="Your Documents source.")
    status: Literal["new", "updated", "unchanged"]
    title: str
    authors: list[str] = Field(description="The people named as its authors.")
    publisher: str | None
    published: datetime | None
    language: str | None
    machine_transcript: bool = Field(description="The text reads like speech recognition output.")
