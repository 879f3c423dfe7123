"""Stories as the product uses them: the clustering pass over stored entries, and one story's view.

``update_stories`` reads the entries of a time window (one query) and the
stored stories they are in (one query). A full pass streams them through
:class:`StreamingClusterer` in time order and consolidates (which makes the
grouping independent of the order entries arrived in); an incremental pass
restores the stored stories and places only the new entries. Either way it
describes each story, links the stories into storylines and replaces the
window's stories in one transaction. Everything between the read and the write is
pure code from ``tidings.stories``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from tidings.rank.top import rank_stories
from tidings.store import Database, story_members
from tidings.store import entries as entry_store
from tidings.store import picks as picks_store
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
from tidings.stories.related import StoryText, related
from tidings.types import (
    EntryRecord,
    NewStory,
    NewStoryline,
    PickRecord,
    RankedStory,
    StoryEntryText,
    StoryRecord,
    StoryUpdateSummary,
)

WINDOW_DAYS = 7
# A pass places only the new entries when they are at most this share of the
# window; beyond it a full re-cluster costs about the same and regroups better.
INCREMENTAL_MAX_NEW = 0.5

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


def _cluster_item(entry: StoryEntryText) -> ClusterItem:
    return ClusterItem(
        _item_id(entry),
        entry.title,
        entry.published,
        entry.text or None,
        entry.source,
        language=entry.language,
    )


def incremental_ok(entries: Sequence[StoryEntryText], previous: Mapping[int, int]) -> bool:
    """Whether a pass can settle only the new entries: some entries are already in
    stored stories, and the new ones are at most ``INCREMENTAL_MAX_NEW`` of all."""
    if not previous:
        return False
    new = sum(1 for e in entries if e.entry_id not in previous)
    return new < len(entries) and new <= INCREMENTAL_MAX_NEW * len(entries)


def cluster_entries(
    entries: Sequence[StoryEntryText], previous: Mapping[int, int] | None = None
) -> list[tuple[list[StoryEntryText], dict[int, int]]]:
    """Group entries into stories (pure). Each story: its entries oldest first, and
    entry id -> the entry it is a near-verbatim copy of (the earliest copy, same story).

    Full pass (no ``previous``): entries are streamed in (published, id) order
    and then consolidated, so the result does not depend on the order of
    ``entries``. Incremental pass (``previous``: entry id -> stored story id,
    see ``incremental_ok``): the stored stories are restored as they are, only
    the other entries are added, and ``consolidate_recent`` settles them; older
    entries keep their stories (see ``StreamingClusterer.consolidate_recent``
    for where this can differ from a full pass).
    """
    ordered = sorted(entries, key=lambda e: (e.published, e.entry_id))
    clusterer = StreamingClusterer()
    if previous and incremental_ok(entries, previous):
        groups: dict[int, list[ClusterItem]] = {}
        for e in ordered:
            if e.entry_id in previous:
                groups.setdefault(previous[e.entry_id], []).append(_cluster_item(e))
        clusterer.restore((f"stored:{sid}", items) for sid, items in sorted(groups.items()))
        clusterer.add_many(_cluster_item(e) for e in ordered if e.entry_id not in previous)
        clusterer.consolidate_recent()
    else:
        clusterer.add_many(_cluster_item(e) for e in ordered)
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
    entries: Sequence[StoryEntryText], previous: Mapping[int, int] | None = None
) -> tuple[list[NewStory], list[NewStoryline]]:
    """What a clustering pass stores (pure): stories described, storylines linked.

    ``previous`` (entry id -> stored story id) makes the pass incremental when
    ``incremental_ok`` allows (see ``cluster_entries``).
    """
    new_stories = []
    infos = []
    for members, duplicates in cluster_entries(entries, previous):
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
    db: Database, *, now: datetime, window_days: int = WINDOW_DAYS, full: bool = False
) -> StoryUpdateSummary:
    """Cluster the entries of the last ``window_days`` days and store the stories.

    By default the pass is incremental when it can be (``incremental_ok``):
    the stored stories of the window are kept as they are and only entries
    new since the last pass are placed, joining a stored story (which keeps
    its id) or starting one. ``full=True`` re-clusters the whole window.
    """
    started = time.perf_counter()
    since = now - timedelta(days=window_days)
    with db.connect() as conn:
        entries = store.entries_for_clustering(conn, since)
        previous = {} if full else story_members.active_story_members(conn, since)
    incremental = incremental_ok(entries, previous)
    planned, lines = plan_stories(entries, previous if incremental else None)
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
        incremental=incremental,
    )
    log.info(
        "stories (%s pass): %d entries since %s -> %d stories, %d storylines (%.2fs)",
        "incremental" if incremental else "full",
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
    """The user's stories, most recently active first, as they see them (:func:`as_seen`)."""
    with db.connect() as conn:
        records = store.list_stories(conn, user_id, limit=limit, min_sources=min_sources)
        followed = picks_store.followed_feeds(conn, user_id) if records else set()
        return [story for story, _ in as_seen(conn, records, lambda _, feed: feed in followed)]


@dataclass(frozen=True, slots=True)
class StoryView:
    """One story as a reader sees it: its articles, sources and their perspectives."""

    story: StoryRecord
    articles: tuple[StoryEntryText, ...]
    description: dict[str, Any]  # describe_story(...).to_dict()
    perspectives: dict[str, Any]  # compare_sources(...).to_dict()
    headline_styles: dict[str, dict[str, Any]]  # entry id -> headline_style(...).to_dict()
    storyline: tuple[StoryRecord, ...]  # the storyline's stories the reader can see
    pick: PickRecord | None = None  # the story's newest editors' pick
    readable: frozenset[int] = frozenset()  # entry ids from feeds the reader follows
    related: tuple[StoryRecord, ...] = ()  # the reader's closest other stories, best first

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
            "related": [
                {"story_id": s.id, "headline": s.headline, "source_count": s.source_count,
                 "last_seen": s.last_seen.isoformat()}
                for s in self.related
            ],
        }


def story_view(db: Database, user_id: int, story_id: int) -> StoryView:
    """One story the user can see, with what each source reports; StoryNotFoundError otherwise.

    The user sees the story's entries from the feeds they follow and, when an
    editor picked the story, from the feeds the pick shares (see services.picks).
    """
    with db.connect() as conn:
        shared = picks_store.shared_feeds(conn, [story_id]).get(story_id, set())
        story, members = store.get_story(conn, user_id, story_id, also_feeds=shared)
        pick = picks_store.picks_of_stories(conn, [story_id]).get(story_id)
        followed = picks_store.followed_feeds(conn, user_id)
        line = []
        if story.storyline_id is not None:
            others = [
                s
                for s in store.storyline_stories(conn, user_id, story.storyline_id)
                if s.id != story.id
            ]
            line = [s for s, _ in as_seen(conn, others, lambda _, feed: feed in followed)]
        related = related_stories(conn, user_id, story, followed)
    articles = [_article(e) for e in members]
    description = describe_story(articles)
    # Headline and summary from the entries this reader sees (the stored ones may draw on
    # entries of feeds they do not follow); the same as stored when they see them all.
    story = replace(story, headline=description.headline, summary=description.summary)
    if story.storyline_id is not None:
        line = sorted([*line, story], key=lambda s: (s.first_seen, s.id))
    return StoryView(
        story=story,
        articles=tuple(members),
        description=description.to_dict(),
        perspectives=compare_sources(articles).to_dict(),
        headline_styles={a.id: headline_style(a.title).to_dict() for a in articles},
        storyline=tuple(line),
        pick=pick,
        readable=frozenset(e.entry_id for e in members if e.feed_id in followed),
        related=tuple(related),
    )


RELATED_CANDIDATES = 300  # the reader's most recently active stories
RELATED_SHOWN = 5


def related_stories(
    conn: Connection, user_id: int, story: StoryRecord, followed: Collection[int]
) -> list[StoryRecord]:
    """The reader's stories closest in subject to ``story`` (not of its storyline),
    as the reader sees them; two queries."""
    candidates = store.list_stories(conn, user_id, limit=RELATED_CANDIDATES)
    texts = [
        StoryText(s.id, s.headline, " ".join(s.summary), s.storyline_id) for s in candidates
    ]
    target = StoryText(story.id, story.headline, " ".join(story.summary), story.storyline_id)
    chosen = [story_id for story_id, _ in related(target, texts, limit=RELATED_SHOWN)]
    by_id = {s.id: s for s in candidates}
    seen = as_seen(conn, [by_id[i] for i in chosen], lambda _, feed: feed in followed)
    return [s for s, _ in seen]


# --- Top stories -------------------------------------------------------------------------------

TOP_CANDIDATES = 500  # the most recently active stories are ranked; older ones cannot place
TOP_PAGE = 30
MAX_TOP_PAGE = 100


@dataclass(frozen=True, slots=True)
class TopStories:
    """One page of Top stories, or (when the user has no stories yet) their newest entries."""

    stories: tuple[RankedStory, ...]
    offset: int
    limit: int
    more: bool
    newest: tuple[EntryRecord, ...]  # only when there are no stories at all


def as_seen(
    conn: Connection, records: Sequence[StoryRecord], allowed: Callable[[int, int], bool]
) -> list[tuple[StoryRecord, tuple[str, ...]]]:
    """Stories as one reader sees them, with their source names: counted over the entries
    whose feed ``allowed(story_id, feed_id)``; a story with none is left out.

    A stored headline and summary are written from all of a story's entries, so
    when the reader sees only some, the headline is kept only if it is the title
    of one they see (else the earliest such title) and summary sentences only if
    they are in one they see: other people's feeds never show through. Two
    queries (the second only for stories seen in part).
    """
    members = store.story_members(conn, [s.id for s in records])
    seen_of = {
        s.id: [m for m in members.get(s.id, []) if allowed(s.id, m.feed_id)] for s in records
    }
    partial = [s.id for s in records if len(seen_of[s.id]) < len(members.get(s.id, []))]
    texts = store.entry_texts(conn, [m.entry_id for i in partial for m in seen_of[i]])
    out = []
    for story in records:
        seen = seen_of[story.id]
        if not seen:
            continue
        story = replace(
            story, article_count=len(seen), source_count=len({m.feed_id for m in seen})
        )
        if story.id in partial:
            titles = [m.title for m in seen]
            text = " ".join(titles + [texts.get(m.entry_id, "") for m in seen])
            story = replace(
                story,
                headline=story.headline if story.headline in titles else titles[0],
                summary=tuple(line for line in story.summary if line in text),
            )
        out.append((story, tuple(dict.fromkeys(m.source for m in seen))))
    return out


def top_stories(
    db: Database, user_id: int, *, now: datetime, offset: int = 0, limit: int = TOP_PAGE
) -> TopStories:
    """The user's stories ranked by :func:`tidings.rank.top.story_score`; four queries at most."""
    limit = max(1, min(limit, MAX_TOP_PAGE))
    offset = max(0, offset)
    with db.connect() as conn:
        candidates = store.list_stories(conn, user_id, limit=TOP_CANDIDATES)
        ranked = rank_stories(candidates, now)
        page = ranked[offset : offset + limit]
        followed = picks_store.followed_feeds(conn, user_id) if page else set()
        seen = as_seen(conn, [story for story, _ in page], lambda _, feed: feed in followed)
        newest = (
            entry_store.list_entries(conn, user_id, limit=limit) if not candidates else []
        )
    score = {story.id: value for story, value in page}
    return TopStories(
        stories=tuple(RankedStory(story, score[story.id], sources) for story, sources in seen),
        offset=offset,
        limit=limit,
        more=len(ranked) > offset + limit,
        newest=tuple(newest),
    )
