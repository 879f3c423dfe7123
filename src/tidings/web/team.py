"""Admin pages of the reader: users, invitations and registration (admins only).

Every route takes :data:`AdminSession` (reading) or :data:`AdminWriteSession`
(CSRF-checked); an editor or member gets 403 with a message saying who can do
it. The public pages that use invitations and open registration (``/join``,
``/register``) are in :mod:`tidings.web.join`, included here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from tidings.services import team
from tidings.store import Database
from tidings.types import Registration, UserRole
from tidings.web import join
from tidings.web.deps import DB, AdminSession, AdminWriteSession, Config, Now
from tidings.web.security import is_https
from tidings.web.templating import render

router = APIRouter()
router.include_router(join.router)

DONE = {
    "role": "Role changed.",
    "disabled": "Disabled: their sessions have ended and their API keys no longer work.",
    "enabled": "Enabled: they can sign in again.",
    "deleted": "Deleted, with their subscriptions, states, sessions and API keys.",
    "revoked": "Invitation revoked: the link no longer works.",
    "registration": "Registration setting saved.",
}

RoleField = Annotated[UserRole, Form()]


def _page(request: Request, db: Database, now: datetime, status: int = 200, **extra: object
          ) -> Response:
    return render(
        request, "admin.html", status, nav="admin",
        members=team.team(db),
        invitations=team.pending_invitations(db, now=now),
        registration=team.registration(db).value,
        roles=[r.value for r in UserRole],
        **{"new_password": None, "new_invitation": None, "error": None, **extra},
    )


@router.get("/admin")
def admin(request: Request, db: DB, now: Now, session: AdminSession,
          done: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    return _page(request, db, now, message=DONE.get(done or ""))


def _done(what: str) -> Response:
    return RedirectResponse(f"/admin?done={what}", status_code=303)


@router.post("/admin/users/{user_id}/role")
def change_role(db: DB, session: AdminWriteSession, user_id: int, role: RoleField) -> Response:
    team.change_user(db, user_id, actor_id=session.user.id, role=role)
    if user_id == session.user.id and role is not UserRole.ADMIN:
        return RedirectResponse("/unread", status_code=303)  # no longer allowed on /admin
    return _done("role")


@router.post("/admin/users/{user_id}/disable")
def disable(db: DB, session: AdminWriteSession, user_id: int) -> Response:
    team.change_user(db, user_id, actor_id=session.user.id, disabled=True)
    return _done("disabled")


@router.post("/admin/users/{user_id}/enable")
def enable(db: DB, session: AdminWriteSession, user_id: int) -> Response:
    team.change_user(db, user_id, actor_id=session.user.id, disabled=False)
    return _done("enabled")


@router.get("/admin/users/{user_id}/delete")
def confirm_delete(request: Request, db: DB, session: AdminSession, user_id: int) -> Response:
    return render(request, "admin_delete.html", nav="admin", target=team.get_user(db, user_id))


@router.post("/admin/users/{user_id}/delete")
def delete(db: DB, session: AdminWriteSession, user_id: int) -> Response:
    team.delete_user(db, user_id, actor_id=session.user.id)
    return _done("deleted")


@router.post("/admin/users/{user_id}/password")
def reset_password(request: Request, db: DB, now: Now, session: AdminWriteSession,
                   user_id: int) -> Response:
    target, password = team.reset_password(db, user_id)
    return _page(request, db, now, new_password=(target.username, password))


@router.post("/admin/invitations")
def invite(request: Request, db: DB, config: Config, now: Now, session: AdminWriteSession,
           role: RoleField = UserRole.MEMBER,
           note: Annotated[str, Form(max_length=200)] = "") -> Response:
    made = team.create_invitation(db, role=role, note=note, created_by=session.user.id, now=now)
    scheme = "https" if is_https(request, config) else request.url.scheme
    link = f"{scheme}://{request.url.netloc}{made.path}"
    return _page(request, db, now, new_invitation=(made.record, link))


@router.post("/admin/invitations/{invitation_id}/revoke")
def revoke(db: DB, now: Now, session: AdminWriteSession, invitation_id: int) -> Response:
    team.revoke_invitation(db, invitation_id, now=now)
    return _done("revoked")


@router.post("/admin/registration")
def registration(db: DB, now: Now, session: AdminWriteSession,
                 registration: Annotated[Registration, Form()]) -> Response:
    team.set_registration(db, registration, now=now)
    return _done("registration")
