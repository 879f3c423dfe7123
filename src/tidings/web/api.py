"""The JSON API, /api/v1: every route in one table (``router``), thin handlers over services.

Authentication: an API key (``Authorization: Bearer <key>``), or the browser's
session cookie plus the ``X-CSRF-Token`` header on state-changing calls.
Errors: ``{"error": {"status", "type", "message"}}`` (see ``tidings.web.errors``).
"""

from __future__ import annotations

import functools
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import TypeAdapter

from tidings.errors import OPMLError
from tidings.services import reading
from tidings.services.reading import Scope, Show
from tidings.services.sources import MAX_OPML_BYTES, add_source, export_subscriptions, import_opml
from tidings.web import schemas as s
from tidings.web.deps import DB, APIUser, Now, SettingsDep
from tidings.web.lanes import in_slow_lane

router = APIRouter(prefix="/api/v1", tags=["v1"])

Limit = Annotated[int, Query(ge=1, le=reading.MAX_PAGE)]


@router.get("/me", response_model=s.Me)
def me(user: APIUser) -> s.Me:
    return s.Me(id=user.id, username=user.username, display_name=user.display_name,
                role=user.role.value)


# --- feeds and folders ---------------------------------------------------------------------------


_FEEDS = TypeAdapter(list[s.Feed])
_ENTRY_LIST = TypeAdapter(s.EntryList)


@router.get("/feeds", response_model=list[s.Feed])
def list_feeds(db: DB, user: APIUser) -> Response:
    # Serialised once per cached sidebar: 2,000 feeds through pydantic took ~10 ms a call.
    bar = reading.sidebar(db, user.id)
    body = bar.rendered.get("api_feeds")
    if body is None:
        body = bar.rendered["api_feeds"] = _FEEDS.dump_json(
            [s.Feed.of(sub) for sub in bar.subscriptions]
        )
    return Response(body, media_type="application/json")


@router.post("/feeds", response_model=s.Added, status_code=201)
async def add_feed(db: DB, settings: SettingsDep, user: APIUser, body: s.NewFeed) -> s.Added:
    """Follow a feed (or find the feed of a site) and fetch it now."""
    added = await add_source(db, settings, body.url.strip(), user_id=user.id, folder=body.folder,
                             title=body.title)
    sub = reading.sidebar(db, user.id).subscription(added.feed_id)
    result = added.refresh
    return s.Added(
        feed=s.Feed.of(sub), fetched=result is not None and result.error is None,
        new_entries=result.new_entries if result else 0, error=result.error if result else None,
    )


@router.get("/feeds/{feed_id}", response_model=s.Feed)
def get_feed(db: DB, user: APIUser, feed_id: int) -> s.Feed:
    return s.Feed.of(reading.sidebar(db, user.id).subscription(feed_id))


@router.patch("/feeds/{feed_id}", response_model=s.Feed)
def change_feed(db: DB, user: APIUser, feed_id: int, body: s.FeedChange) -> s.Feed:
    """Rename (``title``) or move (``folder``) a followed feed."""
    if body.title is not None:
        reading.rename_source(db, user.id, feed_id, body.title)
    if body.folder is not None:
        reading.move_source(db, user.id, feed_id, body.folder)
    return s.Feed.of(reading.sidebar(db, user.id).subscription(feed_id))


@router.delete("/feeds/{feed_id}", status_code=204)
def unsubscribe(db: DB, user: APIUser, feed_id: int) -> Response:
    reading.unsubscribe(db, user.id, feed_id)
    return Response(status_code=204)


@router.post("/feeds/{feed_id}/refresh", response_model=s.Refreshed)
async def refresh_feed(db: DB, settings: SettingsDep, now: Now, user: APIUser,
                       feed_id: int) -> s.Refreshed:
    result = await reading.refresh_source(db, settings, user.id, feed_id, now=now)
    return s.Refreshed(
        feed_id=feed_id, status=result.status.value if result else "skipped",
        new_entries=result.new_entries if result else 0, error=result.error if result else None,
    )


@router.get("/folders", response_model=list[s.Folder])
def list_folders(db: DB, user: APIUser) -> list[s.Folder]:
    bar = reading.sidebar(db, user.id)
    unread = bar.folder_unread()
    return [s.Folder.of(f, unread.get(f.id, 0)) for f in bar.folders]


# --- entries -------------------------------------------------------------------------------------


@router.get("/entries", response_model=s.EntryList)
def list_entries(
    db: DB,
    user: APIUser,
    status: Annotated[s.ShowFilter, Query(description="unread, all or starred")] = "unread",
    feed_id: int | None = None,
    folder_id: int | None = None,
    limit: Limit = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    content: Annotated[bool, Query(description="Include each entry's full HTML")] = False,
) -> Response:
    """Newest first; follow ``next_cursor`` for older entries (keyset pagination)."""
    scope = Scope(Show(status), feed_id=feed_id, folder_id=folder_id)
    rows, next_cursor = reading.list_entries(db, user.id, scope, before=cursor, limit=limit,
                                             content=content)
    body = s.EntryList(entries=[s.Entry.of(e, content=content) for e in rows],
                       next_cursor=next_cursor)
    # Serialised here, the same JSON: returned as a model, FastAPI validated the 50 entries
    # a second time against response_model before serialising them (~10% of the call).
    return Response(_ENTRY_LIST.dump_json(body), media_type="application/json")


@router.get("/entries/{entry_id}", response_model=s.Entry)
def get_entry(db: DB, user: APIUser, entry_id: int) -> s.Entry:
    return s.Entry.of(reading.get_entry(db, user.id, entry_id))


@router.post("/entries/read", response_model=s.Changed)
def mark_read(db: DB, now: Now, user: APIUser, body: s.MarkRead) -> s.Changed:
    """Mark entries read (``read: false`` for unread). Ids you cannot see are ignored;
    404 when none of them is yours."""
    return s.Changed(changed=reading.set_read(db, user.id, body.ids, body.read, now=now))


@router.post("/entries/star", response_model=s.Changed)
def mark_starred(db: DB, now: Now, user: APIUser, body: s.MarkStarred) -> s.Changed:
    return s.Changed(changed=reading.set_starred(db, user.id, body.ids, body.starred, now=now))


@router.post("/entries/mark-all-read", status_code=204)
def mark_all_read(db: DB, now: Now, user: APIUser, body: s.MarkAllRead) -> Response:
    reading.mark_all_read(db, user.id, now=now, feed_id=body.feed_id, folder_id=body.folder_id,
                          up_to=body.up_to)
    return Response(status_code=204)


@router.get("/search", response_model=list[s.Hit])
async def search(request: Request, db: DB, user: APIUser,
                 q: Annotated[str, Query(min_length=1, max_length=500)],
                 limit: Limit = 20) -> list[s.Hit]:
    """Words (all must match), "phrases", -excluded, and the operators ``title:``,
    ``author:``, ``source:``, ``after:``/``before:``/``date:`` (YYYY, YYYY-MM or
    YYYY-MM-DD, UTC); best first, or newest first for operators alone."""
    hits = await in_slow_lane(request, functools.partial(reading.search, limit=limit),
                              db, user.id, q)
    return [s.Hit.of(h) for h in hits]


# --- OPML -------------------------------------------------------------------------------------------


@router.get("/opml", response_class=Response,
            responses={200: {"content": {"text/x-opml": {}}, "description": "Your subscriptions"}})
def export_opml(db: DB, now: Now, user: APIUser) -> Response:
    return Response(export_subscriptions(db, user_id=user.id, now=now),
                    media_type="text/x-opml; charset=utf-8")


_OPML_BODY = {
    "requestBody": {
        "required": True,
        "content": {"text/x-opml": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.post("/opml", response_model=s.Imported, openapi_extra=_OPML_BODY)
async def import_opml_document(
    request: Request, db: DB, settings: SettingsDep, now: Now, user: APIUser
) -> s.Imported:
    """Send the OPML document as the request body. Feeds are added, and fetched on the next refresh."""
    data = await request.body()
    if len(data) > MAX_OPML_BYTES:
        raise OPMLError(f"The document is larger than {MAX_OPML_BYTES // 2**20} MB; is it OPML?")
    report = import_opml(db, data, user_id=user.id, allow_private=settings.allow_private_networks,
                         now=now)
    return s.Imported(
        added=[s.Outline(url=o.xml_url, title=o.title, folder=o.folder) for o in report.added],
        rejected=[s.Rejected(url=o.xml_url, reason=r) for o, r in report.rejected],
    )
