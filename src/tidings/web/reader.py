"""The web reader: every HTML route in one table (``router``), thin handlers over services.

State-changing routes are POST forms carrying the session's CSRF token; the
small script in ``static/reader.js`` sends the same requests with fetch (and
the X-CSRF-Token header) for keyboard shortcuts, and every action works
without it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from starlette.responses import JSONResponse, RedirectResponse, Response

from tidings.errors import DiscoveryError, FetchError, OPMLError, ParseError
from tidings.services import accounts, reading, team
from tidings.services.reading import Scope, Show
from tidings.services.sources import MAX_OPML_BYTES, add_source, export_subscriptions, import_opml
from tidings.types import Registration
from tidings.web.deps import (
    DB,
    Config,
    Limiter,
    MaybeSession,
    Now,
    ReaderSession,
    SettingsDep,
    WriteSession,
)
from tidings.web.lanes import in_slow_lane
from tidings.web.security import (
    SESSION_COOKIE,
    SIGNIN_COOKIE,
    CSRFError,
    clear_cookie,
    client_address,
    new_token,
    set_cookie,
    tokens_match,
)
from tidings.web.templating import render

router = APIRouter()

ShowParam = Annotated[Literal["unread", "all", "starred"], Query()]
Before = Annotated[str | None, Query(max_length=200)]


def _local(target: str | None, default: str = "/unread") -> str:
    """Only same-site paths are followed after sign-in or an action (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def _back(request: Request, next_: str | None, default: str) -> Response:
    if request.headers.get("x-requested-with") == "fetch":
        return JSONResponse({"ok": True})
    return RedirectResponse(_local(next_, default), status_code=303)


# --- signing in and out ------------------------------------------------------------------


@router.get("/")
def home(session: MaybeSession) -> Response:
    return RedirectResponse("/unread" if session else "/signin", status_code=303)


@router.get("/signin")
def signin_page(request: Request, db: DB, config: Config, session: MaybeSession,
                next: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    if session is not None:
        return RedirectResponse(_local(next), status_code=303)
    token = request.cookies.get(SIGNIN_COOKIE) or new_token()
    response = render(request, "signin.html", signin_token=token, next=_local(next), username="",
                      registration_open=team.registration(db) is Registration.OPEN)
    set_cookie(response, request, config, SIGNIN_COOKIE, token, max_age=3600)
    return response


@router.post("/signin")
def signin(
    request: Request,
    db: DB,
    config: Config,
    limiter: Limiter,
    now: Now,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "/unread",
) -> Response:
    if not tokens_match(request.cookies.get(SIGNIN_COOKIE), csrf_token):
        raise CSRFError("The sign-in form expired. Reload the page and sign in again.")
    try:
        user = accounts.authenticate(
            db, username, password, address=client_address(request, config), limiter=limiter,
            now=now,
        )
    except accounts.AuthenticationError as exc:
        response = render(request, "signin.html", 401, signin_token=csrf_token, next=_local(next),
                          username=username, message=exc.message)
        return response
    new = accounts.start_session(
        db, user, now=now, replaces=request.cookies.get(SESSION_COOKIE),
        user_agent=request.headers.get("user-agent"),
    )
    response = RedirectResponse(_local(next), status_code=303)
    set_cookie(response, request, config, SESSION_COOKIE, new.token,
               max_age=int(accounts.SESSION_LIFETIME.total_seconds()))
    clear_cookie(response, request, config, SIGNIN_COOKIE)
    return response


@router.post("/signout")
def signout(request: Request, db: DB, config: Config, now: Now, session: WriteSession) -> Response:
    accounts.end_session(db, request.cookies.get(SESSION_COOKIE, ""), now=now)
    response = RedirectResponse("/signin", status_code=303)
    clear_cookie(response, request, config, SESSION_COOKIE)
    return response


# --- lists ------------------------------------------------------------------------------------


def _list(request: Request, db: DB, session: ReaderSession, scope: Scope, before: str | None,
          nav: str) -> Response:
    page = reading.entry_page(db, session.user.id, scope, before=before)
    return render(request, "list.html", page=page, sidebar=page.sidebar, nav=nav)


@router.get("/unread")
def unread(request: Request, db: DB, session: ReaderSession, before: Before = None) -> Response:
    return _list(request, db, session, Scope(Show.UNREAD), before, "unread")


@router.get("/all")
def all_entries(request: Request, db: DB, session: ReaderSession, before: Before = None) -> Response:
    return _list(request, db, session, Scope(Show.ALL), before, "all")


@router.get("/starred")
def starred(request: Request, db: DB, session: ReaderSession, before: Before = None) -> Response:
    return _list(request, db, session, Scope(Show.STARRED), before, "starred")


@router.get("/feeds/{feed_id}")
def feed(request: Request, db: DB, session: ReaderSession, feed_id: int,
         show: ShowParam = "unread", before: Before = None) -> Response:
    return _list(request, db, session, Scope(Show(show), feed_id=feed_id), before, f"feed-{feed_id}")


@router.get("/folders/{folder_id}")
def folder(request: Request, db: DB, session: ReaderSession, folder_id: int,
           show: ShowParam = "unread", before: Before = None) -> Response:
    scope = Scope(Show(show), folder_id=folder_id)
    return _list(request, db, session, scope, before, f"folder-{folder_id}")


@router.get("/ungrouped")
def ungrouped(request: Request, db: DB, session: ReaderSession, show: ShowParam = "unread",
              before: Before = None) -> Response:
    """The feeds outside folders, listed like a folder ("Not in a folder" in the sidebar)."""
    scope = Scope(Show(show), ungrouped=True)
    return _list(request, db, session, scope, before, "ungrouped")


@router.post("/mark-all-read")
def mark_all_read(
    request: Request, db: DB, now: Now, session: WriteSession,
    up_to: Annotated[datetime | None, Form()] = None,
    feed_id: Annotated[int | None, Form()] = None,
    folder_id: Annotated[int | None, Form()] = None,
    ungrouped: Annotated[bool, Form()] = False,
    next: Annotated[str, Form(max_length=500)] = "/unread",
) -> Response:
    reading.mark_all_read(db, session.user.id, now=now, feed_id=feed_id, folder_id=folder_id,
                          ungrouped=ungrouped, up_to=up_to)
    return _back(request, next, "/unread")


# --- one entry -----------------------------------------------------------------------------------


@router.get("/entries/{entry_id}")
def entry(
    request: Request, db: DB, now: Now, session: ReaderSession, entry_id: int,
    show: ShowParam = "all",
    feed: Annotated[int | None, Query()] = None,
    folder: Annotated[int | None, Query()] = None,
    ungrouped: Annotated[bool, Query()] = False,
) -> Response:
    scope = Scope(Show(show), feed_id=feed, folder_id=folder, ungrouped=ungrouped)
    view = reading.read_entry(db, session.user.id, entry_id, scope, now=now)
    return render(request, "entry.html", view=view, sidebar=view.sidebar, scope=scope,
                  sidebar_feed=view.entry.feed_id,
                  scope_query={"show": show, "feed": feed, "folder": folder,
                               "ungrouped": 1 if ungrouped else None})


@router.post("/entries/{entry_id}/read")
def entry_read(
    request: Request, db: DB, now: Now, session: WriteSession, entry_id: int,
    read: Annotated[bool, Form()] = True,
    next: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    reading.set_read(db, session.user.id, [entry_id], read, now=now)
    return _back(request, next, f"/entries/{entry_id}")


@router.post("/entries/{entry_id}/star")
def entry_star(
    request: Request, db: DB, now: Now, session: WriteSession, entry_id: int,
    starred: Annotated[bool, Form()] = True,
    next: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    reading.set_starred(db, session.user.id, [entry_id], starred, now=now)
    return _back(request, next, f"/entries/{entry_id}")


# --- search ------------------------------------------------------------------------------------------


@router.get("/search")
async def search(request: Request, db: DB, session: ReaderSession,
                 q: Annotated[str, Query(max_length=500)] = "") -> Response:
    def page() -> Response:
        hits = reading.search(db, session.user.id, q) if q.strip() else []
        bar = reading.sidebar(db, session.user.id)
        return render(request, "search.html", hits=hits, q=q, sidebar=bar, nav="search")

    return await in_slow_lane(request, page)  # a search can take long: never in the pages' way


# --- sources --------------------------------------------------------------------------------------------

DONE = {
    "renamed": "Renamed.",
    "moved": "Moved.",
    "unsubscribed": "Unsubscribed. The feed's entries are gone from your lists.",
    "refreshed": "Fetched.",
}


def _sources_page(request: Request, db: DB, session: ReaderSession, status: int = 200,
                  message: str | None = None, **extra: object) -> Response:
    items, bar = reading.sources(db, session.user.id)
    return render(request, "sources.html", status, sources=items, sidebar=bar, nav="sources",
                  message=message, **extra)


@router.get("/sources")
def sources(
    request: Request, db: DB, session: ReaderSession,
    done: Annotated[str | None, Query(max_length=20)] = None,
    imported: Annotated[int | None, Query(ge=0)] = None,
    skipped: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    message = DONE.get(done or "")
    if imported is not None:
        message = f"Imported {imported} feeds" + (f"; skipped {skipped}." if skipped else ".")
        message += " They are fetched on the next refresh."
    return _sources_page(request, db, session, message=message)


@router.post("/sources/add")
async def add(
    request: Request, db: DB, settings: SettingsDep, session: WriteSession,
    url: Annotated[str, Form(max_length=2000)],
    folder: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    try:
        added = await add_source(db, settings, url.strip(), user_id=session.user.id,
                                 folder=folder.strip() or None)
    except (DiscoveryError, FetchError, ParseError) as exc:
        return _sources_page(request, db, session, 422, error=exc.message, url=url, folder=folder)
    return RedirectResponse(f"/feeds/{added.feed_id}?show=all", status_code=303)


@router.post("/sources/import")
async def import_sources(
    request: Request, db: DB, settings: SettingsDep, now: Now, session: WriteSession,
    file: Annotated[UploadFile, File()],
) -> Response:
    data = await file.read(MAX_OPML_BYTES + 1)
    try:
        if len(data) > MAX_OPML_BYTES:
            raise OPMLError(f"The file is larger than {MAX_OPML_BYTES // 2**20} MB; is it OPML?")
        report = import_opml(db, data, user_id=session.user.id,
                             allow_private=settings.allow_private_networks, now=now)
    except OPMLError as exc:
        return _sources_page(request, db, session, 422, error=exc.message)
    return RedirectResponse(
        f"/sources?imported={len(report.added)}&skipped={len(report.rejected)}", status_code=303
    )


@router.get("/sources/export.opml")
def export(db: DB, now: Now, session: ReaderSession) -> Response:
    data = export_subscriptions(db, user_id=session.user.id, now=now)
    return Response(
        data,
        media_type="text/x-opml; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="tidings-subscriptions.opml"'},
    )


@router.post("/sources/{feed_id}/refresh")
async def refresh(request: Request, db: DB, settings: SettingsDep, now: Now,
                  session: WriteSession, feed_id: int) -> Response:
    await reading.refresh_source(db, settings, session.user.id, feed_id, now=now)
    return _back(request, None, "/sources?done=refreshed")


@router.post("/sources/{feed_id}/rename")
def rename(request: Request, db: DB, session: WriteSession, feed_id: int,
           title: Annotated[str, Form(max_length=300)] = "") -> Response:
    reading.rename_source(db, session.user.id, feed_id, title)
    return _back(request, None, "/sources?done=renamed")


@router.post("/sources/{feed_id}/move")
def move(request: Request, db: DB, session: WriteSession, feed_id: int,
         folder: Annotated[str, Form(max_length=200)] = "") -> Response:
    reading.move_source(db, session.user.id, feed_id, folder)
    return _back(request, None, "/sources?done=moved")


@router.post("/sources/{feed_id}/unsubscribe")
def unsubscribe(request: Request, db: DB, session: WriteSession, feed_id: int) -> Response:
    reading.unsubscribe(db, session.user.id, feed_id)
    return _back(request, None, "/sources?done=unsubscribed")


# --- account ---------------------------------------------------------------------------------------


@router.get("/account")
def account(request: Request, db: DB, session: ReaderSession) -> Response:
    keys = accounts.list_api_keys(db, session.user.id)
    return render(request, "account.html", keys=keys, nav="account",
                  sidebar=reading.sidebar(db, session.user.id), new_key=None)


@router.post("/account/api-keys")
def create_key(request: Request, db: DB, now: Now, session: WriteSession,
               name: Annotated[str, Form(max_length=100)] = "") -> Response:
    new = accounts.create_api_key(db, session.user.id, name, now=now)
    keys = accounts.list_api_keys(db, session.user.id)
    return render(request, "account.html", keys=keys, nav="account",
                  sidebar=reading.sidebar(db, session.user.id), new_key=new)


@router.post("/account/api-keys/{key_id}/revoke")
def revoke_key(request: Request, db: DB, session: WriteSession, key_id: int) -> Response:
    accounts.revoke_api_key(db, session.user.id, key_id)
    return RedirectResponse("/account", status_code=303)


@router.post("/account/sign-out-others")
def sign_out_others(request: Request, db: DB, session: WriteSession) -> Response:
    accounts.end_other_sessions(db, session.user.id, keep_session_id=session.id)
    return RedirectResponse("/account", status_code=303)
