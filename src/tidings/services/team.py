"""The team: users and their roles, invitations by link, and open or closed registration.

Guard rail: no change may leave the instance without an enabled admin who can
sign in (:class:`LastAdminError`); the command line can always repair things
(``tidings user role NAME admin``), but the web should not lock itself out.
Disabling a user ends their sessions at once; their API keys stop working
because every key lookup refuses a disabled user (the keys are kept, so
enabling the user again restores them).

Invitation links carry a random 256-bit token; only its sha256 is stored.
A link works once, until it expires (7 days by default) or an admin revokes it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tidings.errors import (
    AlreadyExistsError,
    InvalidUsernameError,
    InvitationNotFoundError,
    InvitationUnusableError,
    LastAdminError,
    PermissionDeniedError,
    RegistrationClosedError,
)
from tidings.services.accounts import generate_password, hash_password, token_hash
from tidings.services.reading import InvalidInputError
from tidings.store import Database
from tidings.store import accounts as account_store
from tidings.store import invitations as store
from tidings.store import users as user_store
from tidings.store.site import get_setting, set_setting
from tidings.types import (
    InvitationRecord,
    InvitationState,
    Registration,
    TeamMember,
    UserRecord,
    UserRole,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

INVITATION_LIFETIME = timedelta(days=7)
MAX_INVITATION_DAYS = 90
REGISTRATION_SETTING = "registration"
USERNAME = re.compile(r"[^\W_][\w.@-]{0,99}")  # a letter or digit, then letters, digits, . _ @ -


# --- registration setting -------------------------------------------------------------------


def registration(db: Database) -> Registration:
    with db.connect() as conn:
        value = get_setting(conn, REGISTRATION_SETTING)
    return Registration(value) if value in Registration._value2member_map_ else Registration.CLOSED


def set_registration(db: Database, value: Registration, *, now: datetime) -> Registration:
    with db.transaction() as conn:
        set_setting(conn, REGISTRATION_SETTING, Registration(value).value, now=now)
    return Registration(value)


# --- new accounts: by invitation or open registration ------------------------------------------


def check_username(username: str) -> str:
    name = username.strip()
    if not USERNAME.fullmatch(name):
        raise InvalidUsernameError(
            "Choose a name of 1 to 100 letters or digits; '.', '_', '@' and '-' may follow"
            " the first character."
        )
    return name


def _new_user(
    conn: Connection, username: str, password_hash: str, role: UserRole, now: datetime
) -> UserRecord:
    if user_store.username_taken(conn, username):
        raise InvalidUsernameError(f"The name {username!r} is taken; choose another.")
    try:
        return user_store.create_user(conn, username, role=role, password_hash=password_hash,
                                      now=now)
    except AlreadyExistsError:  # taken between the check and the insert
        raise InvalidUsernameError(f"The name {username!r} is taken; choose another.") from None


def register(db: Database, username: str, password: str, *, now: datetime) -> UserRecord:
    """A new member account, when registration is open."""
    if registration(db) is not Registration.OPEN:
        raise RegistrationClosedError(
            "Registration is closed: people join Tidings with an invitation link."
            " Ask an admin for one."
        )
    name = check_username(username)
    password_hash = hash_password(password)
    with db.transaction() as conn:
        return _new_user(conn, name, password_hash, UserRole.MEMBER, now)


@dataclass(frozen=True, slots=True)
class NewInvitation:
    token: str  # the secret part of the link; shown once, never stored
    record: InvitationRecord

    @property
    def path(self) -> str:
        return f"/join/{self.token}"


def create_invitation(
    db: Database,
    *,
    role: UserRole,
    note: str | None,
    created_by: int | None,
    now: datetime,
    lifetime: timedelta = INVITATION_LIFETIME,
) -> NewInvitation:
    if not timedelta(minutes=1) <= lifetime <= timedelta(days=MAX_INVITATION_DAYS):
        raise InvalidInputError(
            f"An invitation can last from one minute to {MAX_INVITATION_DAYS} days."
        )
    token = secrets.token_urlsafe(32)
    note = " ".join((note or "").split())[:200] or None
    with db.transaction() as conn:
        record = store.create_invitation(
            conn, token_hash=token_hash(token), role=UserRole(role), note=note,
            created_by=created_by, now=now, expires_at=now + lifetime,
        )
    return NewInvitation(token, record)


def pending_invitations(db: Database, *, now: datetime) -> list[InvitationRecord]:
    with db.connect() as conn:
        return store.pending_invitations(conn, now)


def revoke_invitation(db: Database, invitation_id: int, *, now: datetime) -> None:
    with db.transaction() as conn:
        if not store.revoke_invitation(conn, invitation_id, now):
            raise InvitationNotFoundError(
                f"There is no pending invitation with id {invitation_id}"
                " (it may have been used or revoked already)."
            )


_UNUSABLE = {
    InvitationState.ACCEPTED: "This invitation link has been used already. Ask the admin"
    " who sent it for a new one, or sign in if it was you.",
    InvitationState.REVOKED: "This invitation link was withdrawn. Ask an admin for a new one.",
    InvitationState.EXPIRED: "This invitation link has expired. Ask an admin for a new one.",
}


def _usable(found: InvitationRecord | None, now: datetime) -> InvitationRecord:
    if found is None:
        raise InvitationNotFoundError(
            "This invitation link is not valid. Check that you copied all of it,"
            " or ask an admin for a new one."
        )
    state = found.state(now)
    if state is not InvitationState.PENDING:
        raise InvitationUnusableError(_UNUSABLE[state])
    return found


def check_invitation(db: Database, token: str, *, now: datetime) -> InvitationRecord:
    """The pending invitation of this link; an InvitationError saying why it cannot be used."""
    with db.connect() as conn:
        return _usable(store.invitation_by_token_hash(conn, token_hash(token)), now)


def accept_invitation(
    db: Database, token: str, username: str, password: str, *, now: datetime
) -> UserRecord:
    """Create the invited person's account with the invitation's role; the link is used up."""
    check_invitation(db, token, now=now)  # a dead link is refused before the password is hashed
    name = check_username(username)
    password_hash = hash_password(password)
    with db.transaction() as conn:
        invitation = _usable(store.invitation_by_token_hash(conn, token_hash(token)), now)
        user = _new_user(conn, name, password_hash, invitation.role, now)
        if not store.mark_accepted(conn, invitation.id, user.id, now):
            # Used by someone else at this very moment: the transaction (and the user) is undone.
            raise InvitationUnusableError(_UNUSABLE[InvitationState.ACCEPTED])
    return user


# --- users -------------------------------------------------------------------------------------


def team(db: Database) -> list[TeamMember]:
    with db.connect() as conn:
        return user_store.list_team(conn)


def get_user(db: Database, user_id: int) -> UserRecord:
    with db.connect() as conn:
        return user_store.get_user_by_id(conn, user_id)


def _keeps_an_admin(conn: Connection, target: UserRecord, *, leaving: bool) -> None:
    """Refuse when ``target`` is the last enabled admin who can sign in and is ``leaving``."""
    if not leaving:
        return
    admins = user_store.signed_in_admin_ids(conn)
    if admins == [target.id]:
        raise LastAdminError(
            f"{target.username!r} is the only enabled admin who can sign in. Make someone"
            " else an admin first, so the team is not locked out."
        )


def _not_yourself(actor_id: int | None, user_id: int, action: str) -> None:
    if actor_id == user_id:
        raise PermissionDeniedError(
            f"You cannot {action} your own account here; ask another admin."
        )


def change_user(
    db: Database,
    user_id: int,
    *,
    actor_id: int | None,
    role: UserRole | None = None,
    disabled: bool | None = None,
    display_name: str | None = None,
) -> UserRecord:
    """Change a user's role, enable or disable them, or rename them for display.

    Disabling ends their sessions. ``actor_id`` is the admin doing it (None: the
    command line); an admin cannot disable themselves.
    """
    if disabled:
        _not_yourself(actor_id, user_id, "disable")
    if display_name is not None:
        display_name = " ".join(display_name.split())[:200]
    with db.transaction() as conn:
        target = user_store.get_user_by_id(conn, user_id)
        demoted = role is not None and role is not UserRole.ADMIN
        _keeps_an_admin(
            conn, target, leaving=target.role is UserRole.ADMIN and (demoted or bool(disabled))
        )
        user = user_store.update_user(conn, user_id, role=role, disabled=disabled,
                                      display_name=display_name)
        if disabled and not target.disabled:
            account_store.delete_user_sessions(conn, user_id)
    return user


def set_role(db: Database, username: str, role: UserRole) -> UserRecord:
    """The command line's role change, by name."""
    with db.connect() as conn:
        found = user_store.get_user(conn, username)
    return change_user(db, found.id, actor_id=None, role=role)


def delete_user(db: Database, user_id: int, *, actor_id: int | None) -> UserRecord:
    """Delete a user and everything that is theirs alone (subscriptions, states, keys)."""
    _not_yourself(actor_id, user_id, "delete")
    with db.transaction() as conn:
        target = user_store.get_user_by_id(conn, user_id)
        _keeps_an_admin(conn, target, leaving=target.role is UserRole.ADMIN)
        user_store.delete_user(conn, user_id)
    return target


def create_user(
    db: Database, username: str, *, role: UserRole, display_name: str | None, now: datetime
) -> tuple[UserRecord, str]:
    """A new account with a generated password (returned once, to give to the person)."""
    name = check_username(username)
    password = generate_password()
    password_hash = hash_password(password)
    with db.transaction() as conn:
        if user_store.username_taken(conn, name):
            raise AlreadyExistsError(f"There is already a user named {name!r} (ignoring case).")
        user = user_store.create_user(conn, name, role=role, password_hash=password_hash,
                                      display_name=" ".join((display_name or "").split()) or None,
                                      now=now)
    return user, password


def reset_password(db: Database, user_id: int) -> tuple[UserRecord, str]:
    """A new generated password (returned once); the user is signed out everywhere."""
    password = generate_password()
    password_hash = hash_password(password)
    with db.transaction() as conn:
        user = user_store.get_user_by_id(conn, user_id)
        account_store.set_password_hash(conn, user_id, password_hash)
        account_store.delete_user_sessions(conn, user_id)
    return user, password
