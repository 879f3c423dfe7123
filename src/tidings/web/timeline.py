"""The story page's timeline charts, as geometry for the template to draw as inline SVG.

Pure: positions in SVG user units from the articles' times; the template
(``_timeline.html``) writes the elements with Jinja's autoescape, so every
label is escaped, and needs no script (the CSP forbids inline script).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tidings.types import StoryEntryText, StoryRecord

WIDTH = 720
LEFT = 180  # room for the source names
RIGHT = 24
TOP = 12
LANE = 30
AXIS = 28
TICKS = 5


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Lane:
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    y: float
    title: str  # the accessible tooltip (<title>)
    entry_id: int | None  # link to the reader's page (the reader follows the feed)
    url: str | None  # else to the original (the template keeps only http(s) addresses)
    copy: bool  # a syndicated copy of another source's article


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    title: str
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...] = ()
    bars: tuple[Bar, ...] = ()


def _scale(start: datetime, end: datetime) -> tuple[datetime, float]:
    span = max((end - start).total_seconds(), 3600.0)  # at least an hour wide
    return start, (WIDTH - LEFT - RIGHT) / span


def _x(when: datetime, origin: datetime, per_second: float) -> float:
    return round(LEFT + (when - origin).total_seconds() * per_second, 1)


def _ticks(start: datetime, end: datetime) -> tuple[Tick, ...]:
    origin, per_second = _scale(start, end)
    span = max(end - start, timedelta(hours=1))
    fmt = "%d %b %H:%M" if span <= timedelta(days=10) else "%d %b" if span <= timedelta(days=300) \
        else "%b %Y"
    return tuple(
        Tick(_x(start + span * i / (TICKS - 1), origin, per_second),
             (start + span * i / (TICKS - 1)).astimezone(UTC).strftime(fmt))
        for i in range(TICKS)
    )


def _short(text: str, size: int = 26) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _when(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def articles_chart(
    articles: Sequence[StoryEntryText], readable: Collection[int]
) -> Chart:
    """One lane per source (in order of first article), one mark per article."""
    sources = list(dict.fromkeys(a.source for a in articles))
    lane_of = {source: TOP + LANE * i + LANE / 2 for i, source in enumerate(sources)}
    start = min(a.published for a in articles)
    end = max(a.published for a in articles)
    origin, per_second = _scale(start, end)
    axis_y = TOP + LANE * len(sources) + 4
    marks = tuple(
        Mark(
            x=_x(a.published, origin, per_second),
            y=lane_of[a.source],
            title=f"{a.source}: {a.title} ({_when(a.published)})"
            + (" (copy)" if a.duplicate_of is not None else ""),
            entry_id=a.entry_id if a.entry_id in readable else None,
            url=None if a.entry_id in readable else a.url,
            copy=a.duplicate_of is not None,
        )
        for a in articles
    )
    return Chart(
        width=WIDTH,
        height=int(axis_y + AXIS),
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        axis_y=axis_y,
        lanes=tuple(Lane(y, _short(source)) for source, y in lane_of.items()),
        ticks=_ticks(start, end),
        marks=marks,
    )


def storyline_chart(stories: Sequence[StoryRecord], current_id: int) -> Chart:
    """One row per story of the storyline, a bar from its first to its latest article."""
    start = min(s.first_seen for s in stories)
    end = max(s.last_seen for s in stories)
    origin, per_second = _scale(start, end)
    axis_y = TOP + LANE * len(stories) + 4
    bars = []
    for i, s in enumerate(stories):
        x = _x(s.first_seen, origin, per_second)
        width = max(_x(s.last_seen, origin, per_second) - x, 6.0)
        bars.append(
            Bar(
                x=x, y=TOP + LANE * i + 8, width=round(width, 1),
                title=f"{s.headline} ({_when(s.first_seen)} to {_when(s.last_seen)})",
                href=f"/stories/{s.id}", current=s.id == current_id,
            )
        )
    return Chart(
        width=WIDTH,
        height=int(axis_y + AXIS),
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        axis_y=axis_y,
        lanes=tuple(
            Lane(TOP + LANE * i + LANE / 2, _short(s.headline)) for i, s in enumerate(stories)
        ),
        ticks=_ticks(start, end),
        bars=tuple(bars),
    )
