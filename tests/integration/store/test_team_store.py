"""Team storage and services on SQLite and PostgreSQL: preferences, the registration
setting, invitations (single use, expiry, revocation) and the last-admin guard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from tidings.errors import (
    InvalidUsernameError,
    InvitationNotFoundError,
    InvitationUnusableError,
    LastAdminError,
    PermissionDeniedError,
    RegistrationClosedError,
    UserNotFoundError,
)
from tidings.services import accounts, team
from tidings.services.preferences import get_preferences, save_preferences
from tidings.store import Database, users
from tidings.store import accounts as account_store
from tidings.types import Density, Preferences, Registration, Theme, UserRole

from .conftest import T0

PASSWORD = "a long enough password"


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", cheap)


def test_preferences_default_then_saved_and_read_with_the_session(db: Database) -> None:
    ann = accounts.add_user(db, "ann", PASSWORD, role=UserRole.MEMBER, now=T0)
    assert get_preferences(db, ann.id) == Preferences()
    new = accounts.start_session(db, ann, now=T0)
    assert accounts.session_for(db, new.token, now=T0).preferences == Preferences()  # type: ignore[union-attr]
    chosen = Preferences(Theme.DARK, Density.COMPACT, True)
    save_preferences(db, ann.id, chosen, now=T0)
    save_preferences(db, ann.id, chosen, now=T0 + timedelta(minutes=1))  # an upsert
    assert get_preferences(db, ann.id) == chosen
    assert accounts.session_for(db, new.token, now=T0).preferences == chosen  # type: ignore[union-attr]


def test_registration_is_closed_until_opened(db: Database) -> None:
    assert team.registration(db) is Registration.CLOSED
    with pytest.raises(RegistrationClosedError, match="Ask an admin"):
        team.register(db, "ann", PASSWORD, now=T0)
    team.set_registration(db, Registration.OPEN, now=T0)
    assert team.registration(db) is Registration.OPEN
    ann = team.register(db, "ann", PASSWORD, now=T0)
    assert ann.role is UserRole.MEMBER
    with pytest.raises(InvalidUsernameError, match="taken"):
        team.register(db, "ANN", PASSWORD, now=T0)
    for bad in ("", " ", "-x", "a b", "a" * 101, "<script>"):
        with pytest.raises(InvalidUsernameError):
            team.register(db, bad, PASSWORD, now=T0)
    team.set_registration(db, Registration.CLOSED, now=T0)
    assert team.registration(db) is Registration.CLOSED


def test_invitation_is_single_use_with_its_role(db: Database) -> None:
    boss = accounts.add_user(db, "boss", PASSWORD, role=UserRole.ADMIN, now=T0)
    made = team.create_invitation(db, role=UserRole.EDITOR, note="  for   Cy ", created_by=boss.id,
                                  now=T0)
    assert made.path.startswith("/join/") and len(made.token) >= 43
    assert made.record.note == "for Cy" and made.record.created_by_name == "boss"
    assert made.record.expires_at == T0 + timedelta(days=7)
    assert [i.id for i in team.pending_invitations(db, now=T0)] == [made.record.id]

    cy = team.accept_invitation(db, made.token, "cy", PASSWORD, now=T0 + timedelta(hours=1))
    assert cy.role is UserRole.EDITOR
    assert accounts.authenticate(db, "cy", PASSWORD, address="a", now=T0,
                                 limiter=accounts.SignInLimiter(db)).id == cy.id
    with pytest.raises(InvitationUnusableError, match="used already"):
        team.accept_invitation(db, made.token, "cy2", PASSWORD, now=T0 + timedelta(hours=2))
    assert team.pending_invitations(db, now=T0) == []
    with pytest.raises(InvitationNotFoundError, match="not valid"):
        team.check_invitation(db, "nonsense", now=T0)


def test_expired_and_revoked_invitations_are_refused(db: Database) -> None:
    short = team.create_invitation(db, role=UserRole.MEMBER, note=None, created_by=None, now=T0,
                                   lifetime=timedelta(hours=1))
    with pytest.raises(InvitationUnusableError, match="expired"):
        team.accept_invitation(db, short.token, "dee", PASSWORD, now=T0 + timedelta(hours=1))
    revoked = team.create_invitation(db, role=UserRole.MEMBER, note=None, created_by=None, now=T0)
    team.revoke_invitation(db, revoked.record.id, now=T0)
    with pytest.raises(InvitationNotFoundError):
        team.revoke_invitation(db, revoked.record.id, now=T0)
    with pytest.raises(InvitationUnusableError, match="withdrawn"):
        team.accept_invitation(db, revoked.token, "dee", PASSWORD, now=T0)
    with db.connect() as conn, pytest.raises(UserNotFoundError):
        users.get_user(conn, "dee")


def test_a_taken_name_leaves_the_invitation_unused(db: Database) -> None:
    accounts.add_user(db, "eve", PASSWORD, role=UserRole.MEMBER, now=T0)
    made = team.create_invitation(db, role=UserRole.MEMBER, note=None, created_by=None, now=T0)
    with pytest.raises(InvalidUsernameError):
        team.accept_invitation(db, made.token, "Eve", PASSWORD, now=T0)
    assert team.check_invitation(db, made.token, now=T0).id == made.record.id


def test_the_last_admin_cannot_be_demoted_disabled_or_deleted(db: Database) -> None:
    one = accounts.add_user(db, "one", PASSWORD, role=UserRole.ADMIN, now=T0)
    two = accounts.add_user(db, "two", PASSWORD, role=UserRole.ADMIN, now=T0)
    with db.transaction() as conn:
        users.default_user(conn, now=T0)  # an admin without a password does not count
    team.change_user(db, two.id, actor_id=one.id, role=UserRole.MEMBER)
    with pytest.raises(LastAdminError, match="only enabled admin"):
        team.change_user(db, one.id, actor_id=one.id, role=UserRole.EDITOR)
    with pytest.raises(LastAdminError):
        team.set_role(db, "one", UserRole.MEMBER)
    with pytest.raises(LastAdminError):
        team.change_user(db, one.id, actor_id=None, disabled=True)
    with pytest.raises(LastAdminError):
        team.delete_user(db, one.id, actor_id=None)
    with pytest.raises(PermissionDeniedError, match="your own"):
        team.delete_user(db, one.id, actor_id=one.id)
    assert team.get_user(db, one.id).role is UserRole.ADMIN
    team.set_role(db, "two", UserRole.ADMIN)
    team.change_user(db, one.id, actor_id=two.id, disabled=True)  # now allowed
    team.delete_user(db, one.id, actor_id=two.id)
    assert [m.user.username for m in team.team(db)] == ["admin", "two"]


def test_disabling_ends_sessions_and_keys_stop_working(db: Database) -> None:
    boss = accounts.add_user(db, "boss", PASSWORD, role=UserRole.ADMIN, now=T0)
    fay = accounts.add_user(db, "fay", PASSWORD, role=UserRole.MEMBER, now=T0)
    session = accounts.start_session(db, fay, now=T0)
    key = accounts.create_api_key(db, fay.id, "k", now=T0)
    team.change_user(db, fay.id, actor_id=boss.id, disabled=True)
    assert accounts.session_for(db, session.token, now=T0) is None
    with pytest.raises(accounts.AuthenticationError):
        accounts.user_for_api_key(db, key.key, now=T0)
    with db.connect() as conn:
        assert account_store.list_api_keys(conn, fay.id) != []  # kept: enabling restores them
    team.change_user(db, fay.id, actor_id=boss.id, disabled=False)
    assert accounts.user_for_api_key(db, key.key, now=T0).id == fay.id


def test_team_lists_last_seen_and_reset_password(db: Database) -> None:
    gus = accounts.add_user(db, "gus", PASSWORD, role=UserRole.MEMBER, now=T0)
    accounts.start_session(db, gus, now=T0)
    accounts.start_session(db, gus, now=T0 + timedelta(hours=3))
    members = {m.user.username: m for m in team.team(db)}
    assert members["gus"].last_seen_at == T0 + timedelta(hours=3)
    user, password = team.reset_password(db, gus.id)
    assert user.id == gus.id and len(password) >= 20
    limiter = accounts.SignInLimiter(db)
    assert accounts.authenticate(db, "gus", password, address="a", limiter=limiter,
                                 now=T0).id == gus.id
    assert team.team(db)[0].last_seen_at is None  # every session ended
