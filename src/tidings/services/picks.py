"""Editors' picks: an editor pins stories to the team's "Our picks" page.

Visibility, decided here and documented in docs/web.md ("Stories"): a pick is a
deliberate share, so every signed-in member sees a picked story on Our picks
and may open its page, even without following its feeds. What a pick shares
is what the picking editor can see of the story among public feeds: the
entries of feeds the editor follows that are not anyone's private source
(uploaded documents). A member also sees the entries of their own feeds, as
on any story. Read and star state stay per user; nothing else of the editor's
(their other feeds, folders, state) is shown. A pick whose editor's account
was deleted shares nothing more than each member's own feeds: pin it again.

Roles are checked at the web edge (``tidings.web.deps``: EditorSession,
EditorAPIUser); these functions take the acting editor's id.
"""

from __future__ import annotations

from datetime import datetime

from tidings.errors import AlreadyExistsError, NotPickedError
from tidings.services.stories import as_seen
from tidings.store import Database
from tidings.store import picks as store
from tidings.store import stories as story_store
from tidings.types import PickedStory, PickRecord

MAX_NOTE = 500
MAX_PICKS = 100


def list_picks(db: Database, user_id: int, *, limit: int = MAX_PICKS) -> list[PickedStory]:
    """The team's picks, newest first, one per story, each counted over what ``user_id``
    may see of it. Six queries at most, whatever the number of picks."""
    with db.connect() as conn:
        newest: dict[int, PickRecord] = {}
        for pick in store.list_picks(conn, limit=limit):
            newest.setdefault(pick.story_id, pick)  # newest first: the first one wins
        records = story_store.stories_by_id(conn, list(newest))
        shared = store.shared_feeds(conn, list(records))
        followed = store.followed_feeds(conn, user_id) if records else set()
        seen = as_seen(
            conn,
            [records[i] for i in newest if i in records],
            lambda story_id, feed: feed in followed or feed in shared.get(story_id, ()),
        )
    return [PickedStory(pick=newest[story.id], story=story, sources=sources)
            for story, sources in seen]


def pin_story(
    db: Database, editor_id: int, story_id: int, note: str | None, *, now: datetime
) -> PickRecord:
    """Pin one of the editor's stories (StoryNotFoundError if they cannot see it among their
    feeds; AlreadyExistsError if it is picked already)."""
    note = (note or "").strip()[:MAX_NOTE] or None
    with db.transaction() as conn:
        story, members = story_store.get_story(conn, editor_id, story_id)
        current = store.picks_of_stories(conn, [story.id]).get(story.id)
        if current is not None:
            raise AlreadyExistsError(
                f"Story {story_id} is already in Our picks (pick {current.id}). Unpin it first"
                " to pin it again with another note."
            )
        anchor = next((e for e in members if e.duplicate_of is None), members[0])
        pick_id = store.add_pick(conn, entry_id=anchor.entry_id, picked_by=editor_id, note=note,
                                 now=now)
        return store.get_pick(conn, pick_id)


def unpin_story(db: Database, story_id: int) -> None:
    """Take a story off Our picks (every pick that resolves to it)."""
    with db.transaction() as conn:
        if store.delete_story_picks(conn, story_id) == 0:
            raise NotPickedError(f"Story {story_id} is not in Our picks.")


def delete_pick(db: Database, pick_id: int) -> None:
    """Delete a pick, and any other pick a clustering pass merged into the same story."""
    with db.transaction() as conn:
        pick = store.get_pick(conn, pick_id)
        store.delete_story_picks(conn, pick.story_id)
