"""/api/v1 stories and picks: every route in one table (``router``), thin handlers over
``services.stories`` and ``services.picks``. Changing picks needs an editor or admin
(``EditorAPIUser``: 403 otherwise)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from tidings.services import picks, stories
from tidings.web import schemas_stories as s
from tidings.web.deps import DB, APIUser, EditorAPIUser, Now

router = APIRouter(prefix="/api/v1", tags=["v1"])

NO_STORIES = (
    "There are no stories among your feeds yet: they are formed by the clustering pass"
    " (`tidings cluster`). GET /api/v1/entries lists your newest entries meanwhile."
)


@router.get("/stories", response_model=s.StoryList)
def list_stories(
    db: DB, now: Now, user: APIUser,
    limit: Annotated[int, Query(ge=1, le=stories.MAX_TOP_PAGE)] = stories.TOP_PAGE,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> s.StoryList:
    """Your stories, best first (Top stories' ranking: independent sources, then recency)."""
    top = stories.top_stories(db, user.id, now=now, offset=offset, limit=limit)
    return s.StoryList(
        stories=[s.StorySummary.ranked(item) for item in top.stories],
        next_offset=offset + top.limit if top.more else None,
        note=NO_STORIES if not top.stories and offset == 0 else None,
    )


@router.get("/stories/{story_id}", response_model=s.StoryDetail)
def get_story(db: DB, user: APIUser, story_id: int) -> s.StoryDetail:
    """A story with each source's articles, what only it reports, disagreements, framing,
    headline style and storyline. 404 unless you follow one of its feeds or it is picked."""
    return s.StoryDetail.of(stories.story_view(db, user.id, story_id))


@router.get("/picks", response_model=list[s.PickedStoryOut])
def list_picks(db: DB, user: APIUser) -> list[s.PickedStoryOut]:
    """The team's picks, newest first (what each pick shares: docs/web.md, Stories)."""
    return [s.PickedStoryOut.of(item) for item in picks.list_picks(db, user.id)]


@router.post("/picks", response_model=s.Pick, status_code=201)
def add_pick(db: DB, now: Now, user: EditorAPIUser, body: s.NewPick) -> s.Pick:
    """Pin one of your stories to Our picks (editors and admins). 409 if it is picked."""
    return s.Pick.of(picks.pin_story(db, user.id, body.story_id, body.note, now=now))


@router.delete("/picks/{pick_id}", status_code=204)
def delete_pick(db: DB, user: EditorAPIUser, pick_id: int) -> Response:
    """Unpin (editors and admins); also removes other picks a clustering pass merged into
    the same story."""
    picks.delete_pick(db, pick_id)
    return Response(status_code=204)
