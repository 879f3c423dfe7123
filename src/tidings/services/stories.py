"""Stories as the product uses them: the clustering pass over stored entries, and one story's view.

``update_stories`` reads the entries of a time window (one query), streams
them through :class:`StreamingClusterer` in time order, consolidates (which
makes the grouping independent of the order entries arrived in), describes
each story, links the stories into storylines and replaces the window's
stories in one transaction. Everything between the read and the write is
pure code from ``tidings.stories``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tidings.store import Database
from tidings.store import stories as store
from tidings.stories import (
    ClusterItem,
    StoryArticle,
    StreamingClusterer,
    compare_sources,
    describe_story,
    headline_style,
    link_storylines,
    story_info,
)
from tidings.types import (
    NewStory,
    NewStoryline,
    StoryEntryText,
    StoryRecord,
    StoryUpdateSummary,
)

WINDOW_DAYS = 7

log = logging.getLogger(__name__)


def _item_id(entry: StoryEntryText) -> str:
    return str(entry.entry_id)


def _article(entry: StoryEntryText) -> StoryArticle:
    return StoryArticle(
        id=_item_id(entry),
        source=entry.source,
        title=entry.title,
        text=entry.text,
        published=entry.published,
        url=entry.url,
        kind=entry.kind,
    )


def cluster_entries(
    entries: Sequence[StoryEntryText],
) -> list[tuple[list[StoryEntryText], dict[int, int]]]:
    """Group entries into stories (pure). Each story: its entries oldest first, and
    entry id -> the entry it is a near-verbatim copy of (the earliest copy, same story).

    Entries are streamed in (published, id) order and then consolidated, so the
    result does not depend on the order of ``entries``.
    """
    ordered = sorted(entries, key=lambda e: (e.published, e.entry_id))
    clusterer = StreamingClusterer()
    clusterer.add_many(
        ClusterItem(_item_id(e), e.title, e.published, e.text or None, e.source) for e in ordered
    )
    clusterer.consolidate()
    by_id = {_item_id(e): e for e in ordered}
    rank = {_item_id(e): i for i, e in enumerate(ordered)}
    assignment = clusterer.assignments()
    out = []
    for snapshot in clusterer.stories():
        members = sorted((by_id[i] for i in snapshot.members), key=lambda e: rank[_item_id(e)])
        duplicates: dict[int, int] = {}
        for entry in members:
            iid = _item_id(entry)
            copies = [
                c
                for c in clusterer.duplicates_of(iid)
                if assignment.get(c) == snapshot.id and by_id[c].feed_id != entry.feed_id
            ]
            original = min([iid, *copies], key=rank.__getitem__)
            if original != iid:
                duplicates[entry.entry_id] = by_id[original].entry_id
        out.append((members, duplicates))
    return out


def plan_stories(
    entries: Sequence[StoryEntryText],
) -> tuple[list[NewStory], list[NewStoryline]]:
    """What a clustering pass stores (pure): stories described, storylines linked."""
    new_stories = []
    infos = []
    for members, duplicates in cluster_entries(entries):
        articles = [_article(e) for e in members]
        description = describe_story(articles)
        key = _item_id(members[0])
        infos.append(story_info(key, articles))
        new_stories.append(
            NewStory(
                key=key,
                headline=description.headline,
                summary=description.summary,
                first_seen=description.first_seen,
                last_seen=description.last_seen,
                source_count=len({e.feed_id for e in members}),
                members=tuple((e.entry_id, duplicates.get(e.entry_id)) for e in members),
            )
        )
    lines = link_storylines(infos)
    line_of = {story_key: line.id for line in lines for story_key in line.story_ids}
    by_key = {s.key: s for s in new_stories}
    new_lines = [
        NewStoryline(
            key=line.id,
            title=by_key[line.story_ids[0]].headline,
            first_seen=min(by_key[k].first_seen for k in line.story_ids),
            last_seen=max(by_key[k].last_seen for k in line.story_ids),
        )
        for line in lines
    ]
    planned = [NewStory(**{**_fields(s), "storyline_key": line_of.get(s.key)}) for s in new_stories]
    return planned, new_lines


def _fields(story: NewStory) -> dict[str, Any]:
    return {name: getattr(story, name) for name in story.__dataclass_fields__}


def update_stories(
    db: Database, *, now: datetime, window_days: int = WINDOW_DAYS
) -> StoryUpdateSummary:
    """Re-cluster the entries of the last ``window_days`` days and store the stories."""
    started = time.perf_counter()
    since = now - timedelta(days=window_days)
    with db.connect() as conn:
        entries = store.entries_for_clustering(conn, since)
    planned, lines = plan_stories(entries)
    with db.transaction() as conn:
        store.replace_stories(conn, since=since, now=now, new_stories=planned, new_storylines=lines)
    summary = StoryUpdateSummary(
        entries=len(entries),
        stories=len(planned),
        multi_source_stories=sum(1 for s in planned if s.source_count > 1),
        duplicates=sum(1 for s in planned for _, dup in s.members if dup is not None),
        storylines=len(lines),
        since=since,
        seconds=time.perf_counter() - started,
    )
    log.info(
        "stories: %d entries since %s -> %d stories, %d storylines (%.2fs)",
        summary.entries,
        since.isoformat(timespec="minutes"),
        summary.stories,
        summary.storylines,
        summary.seconds,
    )
    return summary


def list_stories(
    db: Database, user_id: int, *, limit: int = 50, min_sources: int = 1
) -> list[StoryRecord]:
    with db.connect() as conn:
        return store.list_stories(conn, user_id, limit=limit, min_sources=min_sources)


@dataclass(frozen=True, slots=True)
class StoryView:
    """One story as a reader sees it: its articles, sources and their perspectives."""

    story: StoryRecord
    articles: tuple[StoryEntryText, ...]
    description: dict[str, Any]  # describe_story(...).to_dict()
    perspectives: dict[str, Any]  # compare_sources(...).to_dict()
    headline_styles: dict[str, dict[str, Any]]  # entry id -> headline_style(...).to_dict()
    storyline: tuple[StoryRecord, ...]  # the storyline's stories the reader can see

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.story.id,
            "headline": self.story.headline,
            "summary": list(self.story.summary),
            "first_seen": self.story.first_seen.isoformat(),
            "last_seen": self.story.last_seen.isoformat(),
            "article_count": self.story.article_count,
            "source_count": self.story.source_count,
            "people": self.description["people"],
            "places": self.description["places"],
            "organisations": self.description["organisations"],
            "articles": [
                {
                    "entry_id": a.entry_id,
                    "source": a.source,
                    "title": a.title,
                    "url": a.url,
                    "published": a.published.isoformat(),
                    "duplicate_of": a.duplicate_of,
                    "headline_style": self.headline_styles[str(a.entry_id)],
                }
                for a in self.articles
            ],
            "perspectives": self.perspectives,
            "storyline": {
                "id": self.story.storyline_id,
                "timeline": [
                    {
                        "story_id": s.id,
                        "headline": s.headline,
                        "first_seen": s.first_seen.isoformat(),
                        "last_seen": s.last_seen.isoformat(),
                        "current": s.id == self.story.id,
                    }
                    for s in self.storyline
                ],
            }
            if self.story.storyline_id is not None
            else None,
        }


def story_view(db: Database, user_id: int, story_id: int) -> StoryView:
    """One of the user's stories, with what each source reports; StoryNotFoundError otherwise."""
    with db.connect() as conn:
        story, members = store.get_story(conn, user_id, story_id)
        line = (
            store.storyline_stories(conn, user_id, story.storyline_id)
            if story.storyline_id is not None
            else []
        )
    articles = [_article(e) for e in members]
    return StoryView(
        story=story,
        articles=tuple(members),
        description=describe_story(articles).to_dict(),
        perspectives=compare_sources(articles).to_dict(),
        headline_styles={a.id: headline_style(a.title).to_dict() for a in articles},
        storyline=tuple(line),
    )
