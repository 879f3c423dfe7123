"""Typed dependencies shared by the reader and the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from tidings.errors import PermissionDeniedError
from tidings.services.accounts import (
    AuthenticationError,
    SignInLimiter,
    cached_api_key_user,
    cached_session,
    session_for,
    user_for_api_key,
)
from tidings.services.sources import MAX_OPML_BYTES
from tidings.settings import Settings
from tidings.store import Database
from tidings.store.accounts import SessionRecord
from tidings.types import UserRecord, UserRole
from tidings.web.config import WebConfig
from tidings.web.errors import SignInRequired
from tidings.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_COOKIE,
    CSRFError,
    tokens_match,
)


# Dependencies that do no I/O are ``async def``: FastAPI runs each plain ``def``
# dependency on a worker thread, a hand-off per dependency on every request.
async def get_db(request: Request) -> Database:
    return request.app.state.db


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_config(request: Request) -> WebConfig:
    return request.app.state.config


async def get_limiter(request: Request) -> SignInLimiter:
    return request.app.state.limiter


async def get_now(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


DB = Annotated[Database, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Config = Annotated[WebConfig, Depends(get_config)]
Limiter = Annotated[SignInLimiter, Depends(get_limiter)]
Now = Annotated[datetime, Depends(get_now)]


async def optional_session(request: Request, db: DB, now: Now) -> SessionRecord | None:
    """The browser's live session, looked up once per request: from the per-process
    cache on the event loop, else from the database on a worker thread."""
    if hasattr(request.state, "session"):
        return request.state.session
    token = request.cookies.get(SESSION_COOKIE)
    session = None
    if token and len(token) < 200:
        session = cached_session(db, token, now=now)
        if session is None:
            session = await run_in_threadpool(partial(session_for, db, token, now=now))
    request.state.session = session
    return session


MaybeSession = Annotated[SessionRecord | None, Depends(optional_session)]


async def reader_session(session: MaybeSession) -> SessionRecord:
    if session is None:
        raise SignInRequired("Sign in to read.")
    return session


ReaderSession = Annotated[SessionRecord, Depends(reader_session)]


async def checked_session(request: Request, session: ReaderSession) -> SessionRecord:
    """The session of a state-changing reader request whose CSRF token matches."""
    if request.method not in SAFE_METHODS:
        given = request.headers.get(CSRF_HEADER)
        if given is None:
            form = await request.form(max_part_size=MAX_OPML_BYTES)
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        if not tokens_match(session.csrf_token, given):
            raise CSRFError(
                "This form has expired or did not come from Tidings. Go back, reload the page"
                " and try again."
            )
    return session


WriteSession = Annotated[SessionRecord, Depends(checked_session)]

_bearer = HTTPBearer(auto_error=False, description="An API key from `tidings user api-key` "
                     "or the Account page.")


async def api_user(
    request: Request,
    db: DB,
    now: Now,
    session: MaybeSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> UserRecord:
    """The API caller: an API key (Authorization: Bearer), else the browser session + CSRF header."""
    if "authorization" in request.headers:
        if credentials is None or not credentials.credentials:
            raise AuthenticationError(
                "The Authorization header must be 'Bearer <API key>'."
            )
        key = credentials.credentials.strip()
        user = cached_api_key_user(db, key)
        if user is None:
            user = await run_in_threadpool(partial(user_for_api_key, db, key, now=now))
        return user
    if session is None:
        raise AuthenticationError(
            "Authentication needed: send an API key as 'Authorization: Bearer <key>'"
            " (create one with `tidings user api-key NAME` or on the Account page)."
        )
    if request.method not in SAFE_METHODS and not tokens_match(
        session.csrf_token, request.headers.get(CSRF_HEADER)
    ):
        raise CSRFError(
            "Requests authenticated by the session cookie must send the X-CSRF-Token header"
            " (the content of the page's <meta name=csrf-token>), or use an API key instead."
        )
    return session.user


APIUser = Annotated[UserRecord, Depends(api_user)]


# --- roles: admin > editor > member ---------------------------------------------------------

_RANK = {UserRole.MEMBER: 0, UserRole.EDITOR: 1, UserRole.ADMIN: 2}


def has_role(user: UserRecord, role: UserRole) -> bool:
    """Whether ``user`` has ``role`` or a higher one."""
    return _RANK[user.role] >= _RANK[role]


def require_role(user: UserRecord, role: UserRole, action: str) -> None:
    """Refuse ``action`` unless ``user`` has ``role`` or a higher one."""
    if not has_role(user, role):
        raise PermissionDeniedError(
            f"Only an {role.value} can {action};"
            f" you are signed in as a {user.role.value}. Ask an admin to change your role."
        )


async def editor_session(session: WriteSession) -> SessionRecord:
    require_role(session.user, UserRole.EDITOR, "change the team's picks")
    return session


async def admin_session(session: ReaderSession) -> SessionRecord:
    require_role(session.user, UserRole.ADMIN, "manage users, invitations and registration")
    return session


async def admin_write_session(session: WriteSession) -> SessionRecord:
    return await admin_session(session)


async def editor_api_user(user: APIUser) -> UserRecord:
    require_role(user, UserRole.EDITOR, "change the team's picks")
    return user


async def admin_api_user(user: APIUser) -> UserRecord:
    require_role(user, UserRole.ADMIN, "manage users")
    return user


EditorSession = Annotated[SessionRecord, Depends(editor_session)]
AdminSession = Annotated[SessionRecord, Depends(admin_session)]
AdminWriteSession = Annotated[SessionRecord, Depends(admin_write_session)]
EditorAPIUser = Annotated[UserRecord, Depends(editor_api_user)]
AdminAPIUser = Annotated[UserRecord, Depends(admin_api_user)]
