"""Story pages of the reader: Top stories, a story, and the team's picks (``router``).

Thin handlers over ``services.stories`` and ``services.picks``. Pinning and
unpinning are POST forms for editors and admins (``EditorSession``: CSRF
token, then role); members do not see the forms and get 403 if they post.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from tidings.services import picks, stories
from tidings.types import UserRole
from tidings.web.deps import DB, EditorSession, Now, ReaderSession, has_role
from tidings.web.story_page import story_page
from tidings.web.templating import render

router = APIRouter()



@router.get("/top")
def top(request: Request, db: DB, now: Now, session: ReaderSession,
        offset: Annotated[int, Query(ge=0, le=10_000)] = 0) -> Response:
    page = stories.top_stories(db, session.user.id, now=now, offset=offset)
    return render(request, "top.html", top=page, nav="top", now=now)


@router.get("/stories/{story_id}")
def story(request: Request, db: DB, session: ReaderSession, story_id: int) -> Response:
    view = stories.story_view(db, session.user.id, story_id)
    return render(request, "story.html", page=story_page(view),
                  can_pick=has_role(session.user, UserRole.EDITOR))


@router.post("/stories/{story_id}/pin")
def pin(db: DB, now: Now, session: EditorSession, story_id: int,
        note: Annotated[str, Form(max_length=picks.MAX_NOTE)] = "") -> Response:
    picks.pin_story(db, session.user.id, story_id, note, now=now)
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.post("/stories/{story_id}/unpin")
def unpin(db: DB, session: EditorSession, story_id: int) -> Response:
    picks.unpin_story(db, story_id)
    return RedirectResponse(f"/stories/{story_id}", status_code=303)


@router.get("/picks")
def our_picks(request: Request, db: DB, session: ReaderSession) -> Response:
    return render(request, "picks.html", picked=picks.list_picks(db, session.user.id),
                  nav="picks")
