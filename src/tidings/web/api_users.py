"""/api/v1: users, invitations and registration (admins only), and every user's preferences.

Admin routes take :data:`AdminAPIUser`: an editor or member gets 403 with a
message saying so. ``/me/preferences`` is the caller's own, whoever they are.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Response

from tidings.services import team
from tidings.services.preferences import get_preferences, save_preferences
from tidings.types import Density, Preferences, Registration, Theme, UserRole
from tidings.web import schemas_team as s
from tidings.web.deps import DB, AdminAPIUser, APIUser, Now

router = APIRouter(prefix="/api/v1", tags=["v1"])


# --- users ---------------------------------------------------------------------------------


@router.get("/users", response_model=list[s.User])
def list_users(db: DB, admin: AdminAPIUser) -> list[s.User]:
    """Every user, with their latest session activity."""
    return [s.User.of_member(m) for m in team.team(db)]


@router.post("/users", response_model=s.CreatedUser, status_code=201)
def create_user(db: DB, now: Now, admin: AdminAPIUser, body: s.NewUser) -> s.CreatedUser:
    """Create an account with a generated password, returned this once."""
    user, password = team.create_user(db, body.username, role=UserRole(body.role),
                                      display_name=body.display_name, now=now)
    return s.CreatedUser(user=s.User.of(user), password=password)


@router.patch("/users/{user_id}", response_model=s.User)
def change_user(db: DB, admin: AdminAPIUser, user_id: int, body: s.UserChange) -> s.User:
    """Change the role, disable (ends their sessions; keys stop working) or enable, rename.
    Refused (403) when it would leave no enabled admin who can sign in."""
    user = team.change_user(
        db, user_id, actor_id=admin.id, role=UserRole(body.role) if body.role else None,
        disabled=body.disabled, display_name=body.display_name,
    )
    return s.User.of(user)


@router.delete("/users/{user_id}", status_code=204)
def delete_user(db: DB, admin: AdminAPIUser, user_id: int) -> Response:
    """Delete the user with their subscriptions, states, sessions and API keys."""
    team.delete_user(db, user_id, actor_id=admin.id)
    return Response(status_code=204)


# --- invitations -------------------------------------------------------------------------------


@router.get("/invitations", response_model=list[s.Invitation])
def list_invitations(db: DB, now: Now, admin: AdminAPIUser) -> list[s.Invitation]:
    """Pending invitations (not used, revoked or expired), newest first."""
    return [s.Invitation.of(i) for i in team.pending_invitations(db, now=now)]


@router.post("/invitations", response_model=s.CreatedInvitation, status_code=201)
def create_invitation(db: DB, now: Now, admin: AdminAPIUser,
                      body: s.NewInvitation) -> s.CreatedInvitation:
    """A single-use link (``path``) that creates an account with ``role``."""
    made = team.create_invitation(db, role=UserRole(body.role), note=body.note,
                                  created_by=admin.id, now=now,
                                  lifetime=timedelta(days=body.days))
    return s.CreatedInvitation(invitation=s.Invitation.of(made.record), token=made.token,
                               path=made.path)


@router.delete("/invitations/{invitation_id}", status_code=204)
def revoke_invitation(db: DB, now: Now, admin: AdminAPIUser, invitation_id: int) -> Response:
    team.revoke_invitation(db, invitation_id, now=now)
    return Response(status_code=204)


# --- registration ---------------------------------------------------------------------------------


@router.get("/settings/registration", response_model=s.RegistrationSetting)
def get_registration(db: DB, admin: AdminAPIUser) -> s.RegistrationSetting:
    return s.RegistrationSetting(registration=team.registration(db).value)


@router.put("/settings/registration", response_model=s.RegistrationSetting)
def set_registration(db: DB, now: Now, admin: AdminAPIUser,
                     body: s.RegistrationSetting) -> s.RegistrationSetting:
    value = team.set_registration(db, Registration(body.registration), now=now)
    return s.RegistrationSetting(registration=value.value)


# --- the caller's own preferences ------------------------------------------------------------------


@router.get("/me/preferences", response_model=s.PreferencesBody)
def my_preferences(db: DB, user: APIUser) -> s.PreferencesBody:
    return s.PreferencesBody.of(get_preferences(db, user.id))


@router.put("/me/preferences", response_model=s.PreferencesBody)
def set_my_preferences(db: DB, now: Now, user: APIUser,
                       body: s.PreferencesBody) -> s.PreferencesBody:
    chosen = Preferences(Theme(body.theme), Density(body.density), body.mark_read_on_scroll)
    return s.PreferencesBody.of(save_preferences(db, user.id, chosen, now=now))
