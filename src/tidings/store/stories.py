"""Stories: the entries a clustering pass reads, the stories it writes, and reading them back.

A clustering pass (``tidings.services.stories.update_stories``) replaces the
stories of a time window in one transaction: the stories whose last entry is
inside the window are deleted and the new ones inserted in bulk. Reading is
scoped to a user: a story exists for a user when at least one of its entries
comes from a feed the user follows, and only those entries are shown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from tidings.errors import StoryNotFoundError
from tidings.store.fulltext import html_to_text, squeeze
from tidings.store.subscriptions import followed_feed_ids
from tidings.store.tables import (
    entries,
    entry_articles,
    feeds,
    stories,
    story_entries,
    storylines,
)
from tidings.types import NewStory, NewStoryline, StoryEntryText, StoryMember, StoryRecord


def _kind(enclosures: Any) -> str | None:
    for enc in enclosures or ():
        mime = (enc.get("type") or "").lower()
        if mime.startswith("audio/"):
            return "podcast"
        if mime.startswith("video/"):
            return "video"
    return None


def _text_columns() -> list[Any]:
    return [
        entries.c.id,
        entries.c.feed_id,
        entries.c.title,
        entries.c.link,
        entries.c.summary,
        entries.c.content,
        entries.c.enclosures,
        entries.c.sort_at,
        feeds.c.title.label("feed_title"),
        feeds.c.url.label("feed_url"),
        entry_articles.c.text.label("article_text"),
        # The language words are stemmed in: the article's, else the entry's, else the feed's.
        func.coalesce(
            entry_articles.c.language, entries.c.language, feeds.c.language
        ).label("language"),
    ]


def _entry_text(m: Mapping[str, Any], duplicate_of: int | None = None) -> StoryEntryText:
    # The article text, else the feed's content, else its summary: not the summary
    # in front of the content (as search indexes it), which would hide a dateline.
    text = m["article_text"] or html_to_text(m["content"]) or html_to_text(m["summary"])
    return StoryEntryText(
        entry_id=m["id"],
        feed_id=m["feed_id"],
        source=m["feed_title"] or m["feed_url"],
        title=squeeze(html_to_text(m["title"])) or "(untitled)",
        text=squeeze(text),
        published=m["sort_at"],
        url=m["link"],
        kind=_kind(m["enclosures"]),
        duplicate_of=duplicate_of,
        language=m["language"],
    )


def _with_text(query: Any) -> Any:
    return query.select_from(
        entries.join(feeds, feeds.c.id == entries.c.feed_id).outerjoin(
            entry_articles, entry_articles.c.entry_id == entries.c.id
        )
    )


def entries_for_clustering(conn: Connection, since: datetime) -> list[StoryEntryText]:
    """Entries sorted at or after ``since``, and every entry of a story still active
    since then (so a story that began before the window is re-clustered whole),
    oldest first. One query."""
    active = (
        select(story_entries.c.entry_id)
        .join(stories, stories.c.id == story_entries.c.story_id)
        .where(stories.c.last_seen_at >= since)
    )
    query = _with_text(select(*_text_columns())).where(
        or_(entries.c.sort_at >= since, entries.c.id.in_(active))
    )
    rows = conn.execute(query.order_by(entries.c.sort_at, entries.c.id))
    return [_entry_text(r._mapping) for r in rows]


def replace_stories(
    conn: Connection,
    *,
    since: datetime,
    now: datetime,
    new_stories: Sequence[NewStory],
    new_storylines: Sequence[NewStoryline],
) -> dict[str, int]:
    """Replace the stories active since ``since`` with ``new_stories``; returns each
    new story's key -> stored id. The caller holds the transaction.

    Entries deleted since the pass read them (a feed removed meanwhile) are
    left out, and a story left with none is not stored.
    """
    new_stories = _still_existing(conn, new_stories)
    members = [entry_id for s in new_stories for entry_id, _ in s.members]
    reused = _reused_ids(conn, new_stories, members)
    old_line_of = dict(
        conn.execute(
            select(stories.c.id, stories.c.storyline_id).where(
                stories.c.id.in_(list(reused.values())), stories.c.storyline_id.is_not(None)
            )
        ).all()
    )
    active = select(stories.c.id).where(stories.c.last_seen_at >= since)
    conn.execute(delete(story_entries).where(story_entries.c.story_id.in_(active)))
    # An entry re-clustered now may still sit in an older story outside the window.
    for start in range(0, len(members), 500):
        chunk = members[start : start + 500]
        conn.execute(delete(story_entries).where(story_entries.c.entry_id.in_(chunk)))
    # Stories left with no entries (the window's, and any emptied by deleted entries).
    has_entries = select(story_entries.c.story_id).distinct()
    conn.execute(delete(stories).where(stories.c.id.not_in(has_entries)))
    if reused:  # only ids of stories just deleted can be given again
        query = select(stories.c.id).where(stories.c.id.in_(list(reused.values())))
        standing = set(conn.scalars(query))
        reused = {key: i for key, i in reused.items() if i not in standing}
    # A storyline keeps the id of the old storyline most of its (kept) stories were in;
    # that row still exists until unused storylines are deleted at the end.
    line_id = _reused_line_ids(new_stories, reused, old_line_of)
    fresh_lines = [line for line in new_storylines if line.key not in line_id]
    line_ids = _insert_returning_ids(
        conn,
        storylines,
        [
            {"title": line.title, "first_seen_at": line.first_seen, "last_seen_at": line.last_seen}
            for line in fresh_lines
        ],
    )
    line_id |= {line.key: i for line, i in zip(fresh_lines, line_ids, strict=True)}
    values = [
        {
            "headline": s.headline,
            "summary": "\n".join(s.summary),
            "first_seen_at": s.first_seen,
            "last_seen_at": s.last_seen,
            "article_count": len(s.members),
            "source_count": s.source_count,
            "updated_at": now,
            "storyline_id": line_id.get(s.storyline_key) if s.storyline_key else None,
        }
        for s in new_stories
    ]
    kept = [i for i, s in enumerate(new_stories) if s.key in reused]
    if kept:
        conn.execute(
            insert(stories), [{**values[i], "id": reused[new_stories[i].key]} for i in kept]
        )
    fresh = [i for i, s in enumerate(new_stories) if s.key not in reused]
    fresh_ids = _insert_returning_ids(conn, stories, [values[i] for i in fresh])
    ids = {new_stories[i].key: reused[new_stories[i].key] for i in kept}
    ids |= {new_stories[i].key: story_id for i, story_id in zip(fresh, fresh_ids, strict=True)}
    story_ids = [ids[s.key] for s in new_stories]
    rows = [
        {"story_id": story_id, "entry_id": entry_id, "duplicate_of": duplicate_of}
        for s, story_id in zip(new_stories, story_ids, strict=True)
        for entry_id, duplicate_of in s.members
    ]
    if rows:
        conn.execute(insert(story_entries), rows)
    if line_id:
        _refresh_storylines(conn, list(line_id.values()))
    # Storylines none of whose stories is left.
    used = select(stories.c.storyline_id).where(stories.c.storyline_id.is_not(None)).distinct()
    conn.execute(delete(storylines).where(storylines.c.id.not_in(used)))
    return {s.key: story_id for s, story_id in zip(new_stories, story_ids, strict=True)}


def _reused_line_ids(
    new_stories: Sequence[NewStory], reused: Mapping[str, int], old_line_of: Mapping[int, int]
) -> dict[str, int]:
    votes: dict[str, dict[int, int]] = {}
    for s in new_stories:
        old = old_line_of.get(reused.get(s.key, -1))
        if s.storyline_key is not None and old is not None:
            counts = votes.setdefault(s.storyline_key, {})
            counts[old] = counts.get(old, 0) + 1
    ranked = sorted((-n, key, old) for key, c in votes.items() for old, n in c.items())
    out: dict[str, int] = {}
    for _, key, old in ranked:
        if key not in out and old not in out.values():
            out[key] = old
    return out


def _refresh_storylines(conn: Connection, line_ids: Sequence[int]) -> None:
    """Title (the earliest story's headline) and span of storylines, from their stories,
    which may include stories older than the window."""
    of_line = stories.c.storyline_id == storylines.c.id
    conn.execute(
        update(storylines)
        .where(storylines.c.id.in_(line_ids))
        .values(
            title=select(stories.c.headline)
            .where(of_line)
            .order_by(stories.c.first_seen_at, stories.c.id)
            .limit(1)
            .scalar_subquery(),
            first_seen_at=select(func.min(stories.c.first_seen_at))
            .where(of_line)
            .scalar_subquery(),
            last_seen_at=select(func.max(stories.c.last_seen_at)).where(of_line).scalar_subquery(),
        )
    )


def _still_existing(conn: Connection, new_stories: Sequence[NewStory]) -> list[NewStory]:
    wanted = [entry_id for s in new_stories for entry_id, _ in s.members]
    existing: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        existing.update(conn.scalars(select(entries.c.id).where(entries.c.id.in_(chunk))))
    if len(existing) == len(set(wanted)):
        return list(new_stories)
    out = []
    for s in new_stories:
        members = tuple(
            (entry_id, dup if dup in existing else None)
            for entry_id, dup in s.members
            if entry_id in existing
        )
        if members:
            out.append(replace(s, members=members))
    return out


def _reused_ids(
    conn: Connection, new_stories: Sequence[NewStory], members: Sequence[int]
) -> dict[str, int]:
    """New story key -> the id of the stored story it shares the most entries with,
    so a story keeps its id (and its address) across passes. Each old id goes to
    at most one new story: the one with the largest overlap (ties: earliest key)."""
    old: dict[int, int] = {}
    for start in range(0, len(members), 500):
        chunk = members[start : start + 500]
        query = select(story_entries.c.entry_id, story_entries.c.story_id).where(
            story_entries.c.entry_id.in_(chunk)
        )
        old.update((r.entry_id, r.story_id) for r in conn.execute(query))
    overlaps = []
    for s in new_stories:
        counts: dict[int, int] = {}
        for entry_id, _ in s.members:
            if entry_id in old:
                counts[old[entry_id]] = counts.get(old[entry_id], 0) + 1
        overlaps.extend((-n, s.key, story_id) for story_id, n in counts.items())
    reused: dict[str, int] = {}
    taken: set[int] = set()
    for _, key, story_id in sorted(overlaps):
        if key not in reused and story_id not in taken:
            reused[key] = story_id
            taken.add(story_id)
    return reused


def _insert_returning_ids(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Bulk insert (one statement batch on both databases); ids in the order of ``rows``."""
    if not rows:
        return []
    result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return [r[0] for r in result]


def _visible_feed(user_id: int, also_feeds: Collection[int] = ()) -> Any:
    """The condition on ``entries.feed_id`` of what ``user_id`` can see of a story: the feeds
    they follow, and ``also_feeds`` (the feeds an editor's pick shares, see services.picks)."""
    followed = entries.c.feed_id.in_(followed_feed_ids(user_id))
    return or_(followed, entries.c.feed_id.in_(list(also_feeds))) if also_feeds else followed


def _counts(condition: Any) -> Any:
    """Per story: its entries and distinct feeds that meet ``condition``."""
    return (
        select(
            story_entries.c.story_id,
            func.count().label("visible_articles"),
            func.count(entries.c.feed_id.distinct()).label("visible_sources"),
        )
        .join(entries, entries.c.id == story_entries.c.entry_id)
        .where(condition)
        .group_by(story_entries.c.story_id)
        .subquery()
    )


def _counted_stories(condition: Any) -> Any:
    """Stories with their counts over the entries that meet ``condition``."""
    counts = _counts(condition)
    return select(stories, counts.c.visible_articles, counts.c.visible_sources).join(
        counts, counts.c.story_id == stories.c.id
    )


def _story_record(m: Mapping[str, Any]) -> StoryRecord:
    return StoryRecord(
        id=m["id"],
        headline=m["headline"],
        summary=tuple(line for line in m["summary"].split("\n") if line),
        first_seen=m["first_seen_at"],
        last_seen=m["last_seen_at"],
        article_count=m["visible_articles"],
        source_count=m["visible_sources"],
        updated_at=m["updated_at"],
        storyline_id=m["storyline_id"],
    )


def _stories_query(user_id: int, also_feeds: Collection[int] = ()) -> Any:
    """Stories counted over the entries ``user_id`` can see (see ``_visible_feed``)."""
    return _counted_stories(_visible_feed(user_id, also_feeds))


def list_stories(
    conn: Connection, user_id: int, *, limit: int = 50, min_sources: int = 1
) -> list[StoryRecord]:
    """The user's stories, latest activity first, counted over what the user can see."""
    query = _stories_query(user_id)
    if min_sources > 1:
        query = query.where(query.selected_columns.visible_sources >= min_sources)
    query = query.order_by(stories.c.last_seen_at.desc(), stories.c.id.desc()).limit(limit)
    return [_story_record(r._mapping) for r in conn.execute(query)]


def get_story(
    conn: Connection, user_id: int, story_id: int, *, also_feeds: Collection[int] = ()
) -> tuple[StoryRecord, list[StoryEntryText]]:
    """One story and its entries the user can see (their feeds, and ``also_feeds``),
    oldest first (two queries)."""
    row = conn.execute(_stories_query(user_id, also_feeds).where(stories.c.id == story_id)).first()
    if row is None:
        raise StoryNotFoundError(f"There is no story {story_id} among your feeds' stories.")
    query = (
        _with_text(select(*_text_columns(), story_entries.c.duplicate_of))
        .join(story_entries, story_entries.c.entry_id == entries.c.id)
        .where(
            and_(
                story_entries.c.story_id == story_id,
                _visible_feed(user_id, also_feeds),
            )
        )
        .order_by(entries.c.sort_at, entries.c.id)
    )
    members = [_entry_text(r._mapping, r._mapping["duplicate_of"]) for r in conn.execute(query)]
    return _story_record(row._mapping), members


def storyline_stories(conn: Connection, user_id: int, storyline_id: int) -> list[StoryRecord]:
    """The stories of a storyline the user can see, oldest first."""
    query = _stories_query(user_id).where(stories.c.storyline_id == storyline_id)
    query = query.order_by(stories.c.first_seen_at, stories.c.id)
    return [_story_record(r._mapping) for r in conn.execute(query)]


def story_members(conn: Connection, story_ids: Collection[int]) -> dict[int, list[StoryMember]]:
    """Story id -> all its entries, oldest first. One query (the caller keeps what its
    reader may see)."""
    if not story_ids:
        return {}
    query = (
        select(
            story_entries.c.story_id,
            entries.c.id,
            entries.c.feed_id,
            entries.c.title,
            func.coalesce(feeds.c.title, feeds.c.url).label("source"),
        )
        .join(entries, entries.c.id == story_entries.c.entry_id)
        .join(feeds, feeds.c.id == entries.c.feed_id)
        .where(story_entries.c.story_id.in_(list(story_ids)))
        .order_by(story_entries.c.story_id, entries.c.sort_at, entries.c.id)
    )
    out: dict[int, list[StoryMember]] = {}
    for r in conn.execute(query):
        title = squeeze(html_to_text(r.title)) or "(untitled)"
        out.setdefault(r.story_id, []).append(
            StoryMember(r.story_id, r.id, r.feed_id, r.source, title)
        )
    return out


def entry_texts(conn: Connection, entry_ids: Collection[int]) -> dict[int, str]:
    """Entry id -> its plain text as clustering reads it. One query per 500 ids."""
    ids = list(entry_ids)
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        query = _with_text(select(*_text_columns())).where(
            entries.c.id.in_(ids[start : start + 500])
        )
        out.update((r.id, _entry_text(r._mapping).text) for r in conn.execute(query))
    return out


def stories_by_id(conn: Connection, story_ids: Collection[int]) -> dict[int, StoryRecord]:
    """Stories by id, counted over all their entries (the caller recounts for its reader)."""
    if not story_ids:
        return {}
    query = _counted_stories(story_entries.c.story_id.in_(list(story_ids)))
    return {r.id: _story_record(r._mapping) for r in conn.execute(query)}
