"""Errors to HTTP responses, in one place, for both surfaces.

:data:`STATUS` maps each :class:`~tidings.errors.TidingsError` subclass to a
status (the first matching class wins, so subclasses come first). The API
answers JSON ``{"error": {"status", "type", "message"}}``; the reader renders
``error.html``. Messages are the errors' own (written for people); for server
errors (5xx other than a feed's fetch failure) a generic message is shown and
the detail only logged. Nothing is ever reflected unescaped: templates
autoescape, JSON is JSON.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from tidings.errors import (
    AlreadyExistsError,
    ConfigError,
    ConflictError,
    DiscoveryError,
    FetchError,
    NotFoundError,
    ParseError,
    PermissionDeniedError,
    StorageError,
    TidingsError,
    UnsafeURLError,
)
from tidings.services.accounts import (
    AuthenticationError,
    PasswordTooWeakError,
    TooManyAttemptsError,
)
from tidings.services.reading import InvalidInputError
from tidings.web.security import CSRFError

log = logging.getLogger(__name__)


class SignInRequired(AuthenticationError):
    """A reader page was asked for without a session: send the browser to sign in."""


STATUS: tuple[tuple[type[TidingsError], int], ...] = (
    (SignInRequired, 401),
    (AuthenticationError, 401),
    (CSRFError, 403),
    (PermissionDeniedError, 403),
    (TooManyAttemptsError, 429),
    (PasswordTooWeakError, 422),
    (InvalidInputError, 400),
    (NotFoundError, 404),
    (AlreadyExistsError, 409),
    (ConflictError, 409),
    (UnsafeURLError, 422),  # before FetchError, its parent
    (DiscoveryError, 422),
    (ParseError, 422),  # includes OPMLError and NotAFeedError
    (FetchError, 502),
    (StorageError, 503),
    (ConfigError, 500),
    (TidingsError, 400),
)

REASONS = {
    400: "Bad request",
    401: "Sign in needed",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Cannot use that",
    429: "Too many attempts",
    500: "Something went wrong",
    502: "The source did not answer well",
    503: "Unavailable",
}

GENERIC_SERVER_ERROR = "Tidings could not complete this request. The details are in the server log."


def status_for(exc: TidingsError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 400  # pragma: no cover - TidingsError is last in STATUS


def wants_json(path: str) -> bool:
    return path.startswith("/api/")


def error_response(request: Request, status: int, message: str, kind: str) -> Response:
    headers: dict[str, str] = {}
    if wants_json(request.url.path):
        if status == 401:
            headers["www-authenticate"] = 'Bearer realm="tidings"'
        return JSONResponse(
            {"error": {"status": status, "type": kind, "message": message}},
            status_code=status,
            headers=headers,
        )
    from tidings.web.templating import render_error

    return render_error(request, status, REASONS.get(status, "Error"), message)


def unexpected_error_response(path: str) -> Response:
    if wants_json(path):
        return JSONResponse(
            {"error": {"status": 500, "type": "InternalError", "message": GENERIC_SERVER_ERROR}},
            status_code=500,
        )
    return HTMLResponse(
        "<!doctype html><meta charset=utf-8><title>Error</title>"
        f"<h1>Something went wrong</h1><p>{GENERIC_SERVER_ERROR}</p>",
        status_code=500,
    )


def too_large_response(path: str, limit: int) -> Response:
    message = f"The request body is larger than {limit // 2**20} MB."
    if wants_json(path):
        return JSONResponse(
            {"error": {"status": 413, "type": "TooLarge", "message": message}}, status_code=413
        )
    return HTMLResponse(
        f"<!doctype html><meta charset=utf-8><title>Too large</title><h1>Too large</h1><p>{message}",
        status_code=413,
    )


async def _tidings_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TidingsError)
    status = status_for(exc)
    if isinstance(exc, SignInRequired) and not wants_json(request.url.path):
        from urllib.parse import quote

        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/signin?next={quote(target, safe='')}", status_code=303)
    message = exc.message
    if status >= 500 and not isinstance(exc, FetchError):
        log.error("%s on %s: %s", type(exc).__name__, request.url.path, exc)
        message = GENERIC_SERVER_ERROR
    response = error_response(request, status, message, type(exc).__name__)
    if isinstance(exc, TooManyAttemptsError):
        response.headers["retry-after"] = str(exc.retry_after)
    return response


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    messages = {
        404: "There is nothing at this address.",
        405: "This address does not accept that method.",
    }
    message = messages.get(exc.status_code, REASONS.get(exc.status_code, "Error"))
    return error_response(request, exc.status_code, message, "HTTPError")


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        problems.append(f"{where}: {err.get('msg', 'invalid')}")  # never the input itself
    message = "The request is not valid: " + "; ".join(problems[:10]) + "."
    return error_response(request, 422 if wants_json(request.url.path) else 400, message,
                          "ValidationError")


def install(app: FastAPI) -> None:
    app.add_exception_handler(TidingsError, _tidings_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
