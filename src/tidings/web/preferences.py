"""The Settings page: theme, density and mark-as-read-on-scroll.

The preferences come with the session (one query for both), so the page and
every other page read ``session.preferences``; ``base.html`` puts them on
``<html>`` and ``<body>`` for the stylesheet and the script.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from tidings.services.preferences import save_preferences
from tidings.types import Density, Preferences, Theme
from tidings.web.deps import DB, Now, ReaderSession, WriteSession
from tidings.web.templating import render

router = APIRouter()


@router.get("/settings")
def settings_page(request: Request, session: ReaderSession,
                  saved: Annotated[bool, Query()] = False) -> Response:
    return render(request, "settings.html", nav="settings", message="Saved." if saved else None)


@router.post("/settings")
def save_settings(
    db: DB, now: Now, session: WriteSession,
    theme: Annotated[Theme, Form()] = Theme.SYSTEM,
    density: Annotated[Density, Form()] = Density.COMFORTABLE,
    mark_read_on_scroll: Annotated[bool, Form()] = False,  # an unticked box is not sent
) -> Response:
    save_preferences(db, session.user.id, Preferences(theme, density, mark_read_on_scroll), now=now)
    return RedirectResponse("/settings?saved=1", status_code=303)
