"""Public pages that create accounts: ``/join/{token}`` (an invitation link) and
``/register`` (when an admin has opened registration).

Both forms are protected like the sign-in form: a double-submit token (the
``tidings_signin`` cookie repeated in the form), since there is no session yet.
Both go through the sign-in rate limiter: failed attempts (a dead link, a
taken name) count, and so does every registration that creates an account, so
one address cannot make more than a few accounts in the limiter's window.
On success the new person is signed in (a fresh session, as at sign-in).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from tidings.errors import InvalidUsernameError, InvitationError, InvitationNotFoundError
from tidings.services import accounts, team
from tidings.types import Registration, UserRecord
from tidings.web.deps import DB, Config, Limiter, MaybeSession, Now
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

Token = Annotated[str, Path(min_length=1, max_length=200)]
Username = Annotated[str, Form(max_length=100)]
Password = Annotated[str, Form(max_length=1000)]
FormToken = Annotated[str, Form(max_length=200)]

# The limiter's per-name buckets; "/" is not allowed in a name, so no user shares them.
JOIN_KEY = "/join"
REGISTER_KEY = "/register"
PASSWORDS_DIFFER = "The two passwords are not the same. Type the same password twice."


def _form_page(request: Request, config: Config, name: str, status: int = 200,
               **context: object) -> Response:
    token = request.cookies.get(SIGNIN_COOKIE) or new_token()
    context = {"username": "", "error": None, "invitation": None, "closed": False, **context}
    response = render(request, name, status, form_token=token, **context)
    set_cookie(response, request, config, SIGNIN_COOKIE, token, max_age=3600)
    return response


def _check_form_token(request: Request, given: str) -> None:
    if not tokens_match(request.cookies.get(SIGNIN_COOKIE), given):
        raise CSRFError("This form expired. Reload the page and try again.")


def _signed_in(request: Request, db: DB, config: Config, now: Now, user: UserRecord) -> Response:
    new = accounts.start_session(db, user, now=now, replaces=request.cookies.get(SESSION_COOKIE),
                                 user_agent=request.headers.get("user-agent"))
    response = RedirectResponse("/unread", status_code=303)
    set_cookie(response, request, config, SESSION_COOKIE, new.token,
               max_age=int(accounts.SESSION_LIFETIME.total_seconds()))
    clear_cookie(response, request, config, SIGNIN_COOKIE)
    return response


def _dead_link(request: Request, exc: InvitationError) -> Response:
    status = 404 if isinstance(exc, InvitationNotFoundError) else 410
    return render(request, "join.html", status, invitation=None, error=exc.message,
                  username="", form_token="", closed=False)


# --- invitation links ---------------------------------------------------------------------


@router.get("/join/{token}")
def join_page(request: Request, db: DB, config: Config, now: Now, session: MaybeSession,
              token: Token) -> Response:
    try:
        invitation = team.check_invitation(db, token, now=now)
    except InvitationError as exc:
        return _dead_link(request, exc)
    return _form_page(request, config, "join.html", invitation=invitation, token=token)


@router.post("/join/{token}")
def join(
    request: Request, db: DB, config: Config, limiter: Limiter, now: Now, session: MaybeSession,
    token: Token, username: Username, password: Password, password_again: Password,
    csrf_token: FormToken = "",
) -> Response:
    _check_form_token(request, csrf_token)
    address = client_address(request, config)
    limiter.check(address, JOIN_KEY, now=now)
    try:
        invitation = team.check_invitation(db, token, now=now)
        if password != password_again:
            return _form_page(request, config, "join.html", 422, invitation=invitation,
                              token=token, username=username, error=PASSWORDS_DIFFER)
        user = team.accept_invitation(db, token, username, password, now=now)
    except InvitationError as exc:
        limiter.failed(address, JOIN_KEY, now=now)
        return _dead_link(request, exc)
    except (InvalidUsernameError, accounts.PasswordTooWeakError) as exc:
        if isinstance(exc, InvalidUsernameError):
            limiter.failed(address, JOIN_KEY, now=now)
        return _form_page(request, config, "join.html", 422, invitation=invitation, token=token,
                          username=username, error=exc.message)
    return _signed_in(request, db, config, now, user)


# --- open registration ----------------------------------------------------------------------


@router.get("/register")
def register_page(request: Request, db: DB, config: Config, session: MaybeSession) -> Response:
    if team.registration(db) is not Registration.OPEN:
        return render(request, "register.html", 403, closed=True, error=None, username="",
                      form_token="")
    return _form_page(request, config, "register.html")


@router.post("/register")
def register(
    request: Request, db: DB, config: Config, limiter: Limiter, now: Now, session: MaybeSession,
    username: Username, password: Password, password_again: Password,
    csrf_token: FormToken = "",
) -> Response:
    _check_form_token(request, csrf_token)
    if team.registration(db) is not Registration.OPEN:
        return render(request, "register.html", 403, closed=True, error=None, username="",
                      form_token="")
    address = client_address(request, config)
    limiter.check(address, REGISTER_KEY, now=now)
    if password != password_again:
        return _form_page(request, config, "register.html", 422, username=username,
                          error=PASSWORDS_DIFFER)
    try:
        user = team.register(db, username, password, now=now)
    except (InvalidUsernameError, accounts.PasswordTooWeakError) as exc:
        if isinstance(exc, InvalidUsernameError):
            limiter.failed(address, REGISTER_KEY, now=now)
        return _form_page(request, config, "register.html", 422, username=username,
                          error=exc.message)
    limiter.failed(address, REGISTER_KEY, now=now)  # each new account counts: no mass sign-ups
    return _signed_in(request, db, config, now, user)
