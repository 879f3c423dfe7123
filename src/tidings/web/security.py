"""Security headers on every response, cookies, CSRF tokens, the client's address.

CSRF: a signed-in browser sends the session's synchronizer token in every
state-changing request, as the ``csrf_token`` form field or the
``X-CSRF-Token`` header (fetch calls). Before sign-in, the sign-in form uses a
double-submit token (a random cookie repeated in the form), so no one can sign
a visitor into an account of theirs.
"""

from __future__ import annotations

import logging
import secrets

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.errors import TidingsError
from tidings.web.config import WebConfig

log = logging.getLogger(__name__)

SESSION_COOKIE = "tidings_session"
SIGNIN_COOKIE = "tidings_signin"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:;"
    " media-src 'self' https:; font-src 'self'; connect-src 'self'; object-src 'none';"
    " base-uri 'none'; form-action 'self'; frame-ancestors 'none'; frame-src 'none'"
)

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]


class CSRFError(TidingsError):
    """A state-changing request came without the right CSRF token."""


def is_https(request: Request, config: WebConfig) -> bool:
    if config.secure_cookies or request.url.scheme == "https":
        return True
    if config.behind_proxy:
        proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
        return proto == "https"
    return False


def client_address(request: Request, config: WebConfig) -> str:
    if config.behind_proxy:
        # The proxy appends the address it saw: the last one is the only one it vouches for.
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.client.host if request.client else "unknown"


def set_cookie(
    response: Response, request: Request, config: WebConfig, name: str, value: str, *,
    max_age: int | None,
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=is_https(request, config),
    )


def clear_cookie(response: Response, request: Request, config: WebConfig, name: str) -> None:
    response.delete_cookie(
        name, path="/", httponly=True, samesite="lax", secure=is_https(request, config)
    )


def new_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return secrets.compare_digest(expected.encode(), given.encode())


MAX_BODY_BYTES = 12 * 1024 * 1024  # an OPML upload (10 MB) and its multipart envelope


class BodyTooLarge(Exception):
    pass


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response, refuses request bodies
    over :data:`MAX_BODY_BYTES` (413), and turns an unexpected exception into a
    plain 500 page (with the headers, without a traceback)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        received = 0
        declared = dict(scope.get("headers", [])).get(b"content-length", b"0")
        too_large = not declared.isdigit() or int(declared) > self.max_body_bytes

        async def receive_limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS
                ]
                headers.extend(SECURITY_HEADERS)
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    static = scope.get("path", "").startswith("/static/")
                    headers.append(
                        (b"cache-control", b"public, max-age=3600" if static else b"no-store")
                    )
                message = {**message, "headers": headers}
            await send(message)

        try:
            if too_large:
                raise BodyTooLarge
            await self.app(scope, receive_limited, send_with_headers)
        except BodyTooLarge:
            if started:
                raise
            from tidings.web.errors import too_large_response

            await too_large_response(scope.get("path", ""), self.max_body_bytes)(
                scope, receive, send_with_headers
            )
        except Exception:
            log.exception("Unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            from tidings.web.errors import unexpected_error_response

            response = unexpected_error_response(scope.get("path", ""))
            await response(scope, receive, send_with_headers)


_OURS = {k for k, _ in SECURITY_HEADERS}
