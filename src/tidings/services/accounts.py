"""Accounts: passwords, sign-in with a rate limit, sessions and API keys.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106 "low
memory" profile). Signing in as an unknown user verifies a dummy hash, so the
answer takes as long as for a known user with a wrong password and does not
tell which names exist. Sessions and API keys are random 256-bit tokens; only
their sha256 is stored (see tidings.store.accounts).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from tidings.errors import TidingsError, UserNotFoundError
from tidings.services.session_cache import cache_of
from tidings.store import Database
from tidings.store import accounts as store
from tidings.store import signin as signin_store
from tidings.store.users import create_user, get_user
from tidings.types import UserRecord, UserRole

SESSION_LIFETIME = timedelta(days=30)
SESSION_TOUCH_EVERY = timedelta(minutes=10)  # sliding expiry without a write per request
MIN_PASSWORD_LENGTH = 10
API_KEY_PREFIX = "tdg_"

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("tidings: not a real password, only for timing")


class AuthenticationError(TidingsError):
    """Wrong name or password, or no valid session or API key."""


class TooManyAttemptsError(TidingsError):
    """Too many failed sign-ins; try again later."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PasswordTooWeakError(TidingsError):
    """A new password does not meet the minimum length."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooWeakError(
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters."
        )
    return _hasher.hash(password)


def generate_password() -> str:
    return secrets.token_urlsafe(15)  # 20 characters, 120 bits


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --- rate limit ------------------------------------------------------------------


class SignInLimiter:
    """Failed sign-ins per (address, name) and per address in a sliding window.

    The counts are rows of ``sign_in_failures``, so every server process
    (``tidings serve --workers N``) shares them and a restart keeps them. A
    check and the failure it precedes are two statements, so attempts already
    in flight when the limit is reached still finish: at most one per request
    being served at that moment, not N times the limit.
    """

    def __init__(
        self,
        db: Database,
        *,
        per_name: int = 5,
        per_address: int = 20,
        window: float = 15 * 60,
    ) -> None:
        self.db = db
        self.per_name = per_name
        self.per_address = per_address
        self.window = timedelta(seconds=window)

    def check(self, address: str, username: str, *, now: datetime) -> None:
        with self.db.connect() as conn:
            failures = signin_store.recent_failures(
                conn, address, username.lower(), since=now - self.window
            )
        wait = refusal(failures, per_name=self.per_name, per_address=self.per_address,
                       window=self.window, now=now)
        if wait is not None:
            raise TooManyAttemptsError(
                f"Too many failed sign-ins. Try again in {max(wait // 60, 1)} minutes.",
                retry_after=wait,
            )

    def failed(self, address: str, username: str, *, now: datetime) -> None:
        with self.db.transaction() as conn:
            signin_store.add_failure(conn, address, username.lower(), now=now,
                                     prune_before=now - self.window)

    def succeeded(self, address: str, username: str) -> None:
        with self.db.transaction() as conn:
            signin_store.clear_name(conn, address, username.lower())


def refusal(
    failures: list[signin_store.Failure],
    *,
    per_name: int,
    per_address: int,
    window: timedelta,
    now: datetime,
) -> int | None:
    """Seconds to wait when either count is at its limit, else None (pure).

    ``failures`` are the address's failures in the window, oldest first; the wait
    lasts until enough of them leave the window to bring the count under the limit.
    """
    waits = []
    for times, limit in (
        ([f.failed_at for f in failures if f.same_name], per_name),
        ([f.failed_at for f in failures], per_address),
    ):
        if len(times) >= limit:
            leaves = times[len(times) - limit] + window
            waits.append(max(int((leaves - now).total_seconds()) + 1, 1))
    return max(waits) if waits else None


# --- users -------------------------------------------------------------------------


def add_user(
    db: Database, username: str, password: str, *, role: UserRole, now: datetime
) -> UserRecord:
    password_hash = hash_password(password)
    with db.transaction() as conn:
        return create_user(conn, username, role=role, password_hash=password_hash, now=now)


def set_password(db: Database, username: str, password: str) -> UserRecord:
    password_hash = hash_password(password)
    with db.transaction() as conn:
        user = get_user(conn, username)
        store.set_password_hash(conn, user.id, password_hash)
        store.delete_user_sessions(conn, user.id)  # a new password signs every device out
    return user


def authenticate(
    db: Database,
    username: str,
    password: str,
    *,
    address: str,
    limiter: SignInLimiter,
    now: datetime,
) -> UserRecord:
    """The user with this name and password; AuthenticationError otherwise (same time either way)."""
    limiter.check(address, username, now=now)
    user: UserRecord | None
    with db.connect() as conn:
        try:
            user = get_user(conn, username) if username.strip() else None
        except UserNotFoundError:
            user = None
    ok = _verify(user.password_hash if user else None, password)
    if user is None or not ok or user.disabled:
        limiter.failed(address, username, now=now)
        raise AuthenticationError("That name and password do not match an account.")
    limiter.succeeded(address, username)
    return user


# --- sessions -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewSession:
    token: str  # the cookie value; never stored
    csrf_token: str


def start_session(
    db: Database,
    user: UserRecord,
    *,
    now: datetime,
    replaces: str | None = None,
    user_agent: str | None = None,
) -> NewSession:
    """A fresh session for ``user``; the session of token ``replaces`` (if any) ends."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    with db.transaction() as conn:
        store.delete_expired_sessions(conn, now)  # housekeeping, at the rare moment of sign-in
        if replaces:
            old = store.session_by_token_hash(conn, token_hash(replaces), now)
            if old is not None:
                store.delete_session(conn, old.id)
        store.create_session(
            conn,
            user.id,
            token_hash=token_hash(token),
            csrf_token=csrf,
            now=now,
            expires_at=now + SESSION_LIFETIME,
            user_agent=user_agent,
        )
    return NewSession(token, csrf)


def cached_session(db: Database, token: str, *, now: datetime) -> store.SessionRecord | None:
    """The live session of ``token`` if this process read it a moment ago, else None
    (then ask :func:`session_for`); no I/O (see ``services/session_cache``)."""
    found = cache_of(db).get("session", token_hash(token))
    return found if found is not None and found.expires_at > now else None


def session_for(db: Database, token: str, *, now: datetime) -> store.SessionRecord | None:
    found = cached_session(db, token, now=now)
    if found is not None:
        return found
    cache = cache_of(db)
    generation = cache.generation
    with db.connect() as conn:
        found = store.session_by_token_hash(conn, token_hash(token), now)
    if found is not None and now - found.last_seen_at > SESSION_TOUCH_EVERY:
        with db.transaction() as conn:
            store.touch_session(conn, found.id, now, now + SESSION_LIFETIME)
    elif found is not None:  # (a touch is a write: the next request reads the row again)
        cache.put("session", token_hash(token), found, generation)
    return found


def end_session(db: Database, token: str, *, now: datetime) -> None:
    with db.transaction() as conn:
        found = store.session_by_token_hash(conn, token_hash(token), now)
        if found is not None:
            store.delete_session(conn, found.id)


def end_other_sessions(db: Database, user_id: int, *, keep_session_id: int) -> int:
    with db.transaction() as conn:
        return store.delete_user_sessions(conn, user_id, except_id=keep_session_id)


# --- API keys -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewAPIKey:
    key: str  # shown once; never stored
    record: store.APIKeyRecord


def create_api_key(db: Database, user_id: int, name: str, *, now: datetime) -> NewAPIKey:
    name = " ".join(name.split())[:100] or "API key"
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    with db.transaction() as conn:
        record = store.create_api_key(
            conn, user_id, name=name, key_hash=token_hash(key), prefix=key[:10], now=now
        )
    return NewAPIKey(key, record)


def list_api_keys(db: Database, user_id: int) -> list[store.APIKeyRecord]:
    with db.connect() as conn:
        return store.list_api_keys(conn, user_id)


def revoke_api_key(db: Database, user_id: int, key_id: int) -> None:
    with db.transaction() as conn:
        store.delete_api_key(conn, user_id, key_id)


def cached_api_key_user(db: Database, key: str) -> UserRecord | None:
    """The user of API key ``key`` if this process read it a moment ago, else None (then
    ask :func:`user_for_api_key`); no I/O (see ``services/session_cache``)."""
    found = cache_of(db).get("api_key", token_hash(key))
    return None if found is None else found[0]


def user_for_api_key(db: Database, key: str, *, now: datetime) -> UserRecord:
    cached = cached_api_key_user(db, key)
    if cached is not None:
        return cached
    cache = cache_of(db)
    hashed = token_hash(key)
    generation = cache.generation
    with db.connect() as conn:
        found = store.user_by_api_key_hash(conn, hashed)
    if found is None:
        raise AuthenticationError(
            "The API key is not valid (revoked, mistyped, or its user is disabled)."
            " Send it as 'Authorization: Bearer <key>'."
        )
    user, key_id, last_used = found
    if last_used is None or now - last_used > SESSION_TOUCH_EVERY:
        with db.transaction() as conn:
            store.touch_api_key(conn, key_id, now)
    else:
        cache.put("api_key", hashed, found, generation)
    return user
