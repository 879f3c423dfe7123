"""Admin pages of the reader: users, invitations and registration."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
