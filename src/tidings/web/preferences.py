"""The Settings page: theme, density and mark-as-read-on-scroll."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
