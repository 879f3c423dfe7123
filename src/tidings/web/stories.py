"""Story pages of the reader: Top stories, a story, and the team's picks."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
