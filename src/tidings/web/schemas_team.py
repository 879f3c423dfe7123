"""Pydantic models of the team API: users, invitations, registration, preferences."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from tidings.types import InvitationRecord, Preferences, TeamMember, UserRecord
from tidings.web.schemas import In, Out

RoleName = Literal["admin", "editor", "member"]


class User(Out):
    id: int
    username: str
    display_name: str | None
    role: RoleName
    disabled: bool
    can_sign_in: bool = Field(description="False when the user has no password yet.")
    created_at: datetime
    last_seen_at: datetime | None = Field(None, description="Their latest session activity.")

    @classmethod
    def of(cls, user: UserRecord, last_seen_at: datetime | None = None) -> User:
        return cls(
            id=user.id, username=user.username, display_name=user.display_name,
            role=user.role.value, disabled=user.disabled,
            can_sign_in=user.password_hash is not None, created_at=user.created_at,
            last_seen_at=last_seen_at,
        )

    @classmethod
    def of_member(cls, member: TeamMember) -> User:
        return cls.of(member.user, member.last_seen_at)


class NewUser(In):
    username: str = Field(min_length=1, max_length=100)
    role: RoleName = "member"
    display_name: str | None = Field(None, max_length=200)


class CreatedUser(Out):
    user: User
    password: str = Field(description="Generated; shown this once. Give it to them privately.")


class UserChange(In):
    role: RoleName | None = None
    disabled: bool | None = Field(
        None, description="true ends their sessions and stops their API keys."
    )
    display_name: str | None = Field(None, max_length=200, description="Empty string clears it.")


class Invitation(Out):
    id: int
    role: RoleName
    note: str | None
    created_by: str | None = Field(description="The inviting admin's username.")
    created_at: datetime
    expires_at: datetime

    @classmethod
    def of(cls, i: InvitationRecord) -> Invitation:
        return cls(id=i.id, role=i.role.value, note=i.note, created_by=i.created_by_name,
                   created_at=i.created_at, expires_at=i.expires_at)


class NewInvitation(In):
    role: RoleName = "member"
    note: str | None = Field(None, max_length=200, description="Who it is for (admins see it).")
    days: int = Field(7, ge=1, le=90, description="How long the link works.")


class CreatedInvitation(Out):
    invitation: Invitation
    token: str = Field(description="Shown this once; only its hash is kept.")
    path: str = Field(description="The link to send, relative to the server: /join/<token>.")


class RegistrationSetting(In):
    registration: Literal["open", "closed"] = Field(
        description="open: anyone may create a member account at /register;"
        " closed: by invitation only."
    )


class PreferencesBody(In):
    theme: Literal["system", "light", "dark"]
    density: Literal["comfortable", "compact"]
    mark_read_on_scroll: bool

    @classmethod
    def of(cls, p: Preferences) -> PreferencesBody:
        return cls(theme=p.theme.value, density=p.density.value,
                   mark_read_on_scroll=p.mark_read_on_scroll)
