"""The story page's timeline charts, as geometry for the template to draw as inline SVG.

Pure: positions (percent of the width across, CSS px down) from the articles'
times; the template (``_timeline.html``) writes the elements with Jinja's
autoescape, so every label is escaped, and needs no script (the CSP forbids
inline script).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tidings.types import StoryEntryText, StoryRecord

# Across: percentages of the chart's width, so the SVG needs no viewBox and is never
# scaled: its text keeps the stylesheet's 12 CSS px on a phone as on a desktop (with a
# 720-unit viewBox it shrank to 6 px at 390 px wide, issue 3). Each source's name sits
# above its lane instead of in a left column, so the plot has the whole width.
# Down: CSS px.
TOP = 4
LANE = 40  # a lane: its label, then its line with the marks
LABEL_Y = 13  # the label's baseline, from the lane's top
LINE_Y = 29  # the line, from the lane's top
AXIS = 28
TICKS = 5  # the 2nd and 4th labels are hidden on a phone (reader.css)
LABEL_CHARS = 44
MIN_BAR = 1.0  # percent: a story of one moment is still a visible bar
BAR_HEIGHT = 14  # the template's <rect height>


@dataclass(frozen=True, slots=True)
class Tick:
    x: float  # percent of the width
    label: str
    minor: bool  # may be hidden when narrow


@dataclass(frozen=True, slots=True)
class Lane:
    y: float  # the line
    label_y: float
    label: str


@dataclass(frozen=True, slots=True)
class Mark:
    x: float  # percent of the width
    y: float
    title: str  # the accessible tooltip (<title>)
    entry_id: int | None  # link to the reader's page (the reader follows the feed)
    url: str | None  # else to the original (the template keeps only http(s) addresses)
    copy: bool  # a syndicated copy of another source's article


@dataclass(frozen=True, slots=True)
class Bar:
    x: float  # percent of the width, as ``width``
    y: float
    width: float
    title: str
    href: str
    current: bool


@dataclass(frozen=True, slots=True)
class Chart:
    height: int  # CSS px; the width is the page's
    axis_y: float
    lanes: tuple[Lane, ...]
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...] = ()
    bars: tuple[Bar, ...] = ()


def _scale(start: datetime, end: datetime) -> tuple[datetime, float]:
    span = max((end - start).total_seconds(), 3600.0)  # at least an hour wide
    return start, 100 / span


def _x(when: datetime, origin: datetime, per_second: float) -> float:
    return round((when - origin).total_seconds() * per_second, 2)


def _ticks(start: datetime, end: datetime) -> tuple[Tick, ...]:
    origin, per_second = _scale(start, end)
    span = max(end - start, timedelta(hours=1))
    fmt = "%d %b %H:%M" if span <= timedelta(days=10) else "%d %b" if span <= timedelta(days=300) \
        else "%b %Y"
    return tuple(
        Tick(_x(start + span * i / (TICKS - 1), origin, per_second),
             (start + span * i / (TICKS - 1)).astimezone(UTC).strftime(fmt), i % 2 == 1)
        for i in range(TICKS)
    )


def _lanes(labels: Sequence[str]) -> tuple[Lane, ...]:
    return tuple(
        Lane(TOP + LANE * i + LINE_Y, TOP + LANE * i + LABEL_Y, _short(label))
        for i, label in enumerate(labels)
    )


def _chart(lanes: tuple[Lane, ...], ticks: tuple[Tick, ...], *,
           marks: tuple[Mark, ...] = (), bars: tuple[Bar, ...] = ()) -> Chart:
    axis_y = TOP + LANE * len(lanes) + 4
    return Chart(height=int(axis_y + AXIS), axis_y=axis_y, lanes=lanes, ticks=ticks,
                 marks=marks, bars=bars)


def _short(text: str, size: int = LABEL_CHARS) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _when(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def articles_chart(
    articles: Sequence[StoryEntryText], readable: Collection[int]
) -> Chart:
    """One lane per source (in order of first article), one mark per article."""
    sources = list(dict.fromkeys(a.source for a in articles))
    lanes = _lanes(sources)
    line_of = {source: lane.y for source, lane in zip(sources, lanes, strict=True)}
    start = min(a.published for a in articles)
    end = max(a.published for a in articles)
    origin, per_second = _scale(start, end)
    marks = tuple(
        Mark(
            x=_x(a.published, origin, per_second),
            y=line_of[a.source],
            title=f"{a.source}: {a.title} ({_when(a.published)})"
            + (" (copy)" if a.duplicate_of is not None else ""),
            entry_id=a.entry_id if a.entry_id in readable else None,
            url=None if a.entry_id in readable else a.url,
            copy=a.duplicate_of is not None,
        )
        for a in articles
    )
    return _chart(lanes, _ticks(start, end), marks=marks)


def storyline_chart(stories: Sequence[StoryRecord], current_id: int) -> Chart:
    """One lane per story of the storyline, a bar from its first to its latest article."""
    lanes = _lanes([s.headline for s in stories])
    start = min(s.first_seen for s in stories)
    end = max(s.last_seen for s in stories)
    origin, per_second = _scale(start, end)
    bars = []
    for s, lane in zip(stories, lanes, strict=True):
        x = _x(s.first_seen, origin, per_second)
        width = max(_x(s.last_seen, origin, per_second) - x, MIN_BAR)
        bars.append(
            Bar(
                x=min(x, 100 - MIN_BAR), y=lane.y - BAR_HEIGHT / 2, width=round(width, 2),
                title=f"{s.headline} ({_when(s.first_seen)} to {_when(s.last_seen)})",
                href=f"/stories/{s.id}", current=s.id == current_id,
            )
        )
    return _chart(lanes, _ticks(start, end), bars=tuple(bars))
