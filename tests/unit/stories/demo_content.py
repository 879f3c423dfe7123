"""The bundled demo content as StoryArticle values, grouped by the demo's own story labels."""

from __future__ import annotations

import re
from datetime import datetime

from tidings.demo._stories import (
    COURIER,
    GAZETTE,
    PODCAST,
    SCIENCE,
    SCROLL,
    TECH,
    VIDEOS,
    WIRE,
    WIRE_FLOOD,
)
from tidings.stories.article import StoryArticle

PUBLISHERS = (
    ("Meridian Wire", None, [*WIRE, WIRE_FLOOD]),
    ("Harbour Gazette", None, GAZETTE),
    ("Valley Courier", None, COURIER),
    ("Parallax Science", None, SCIENCE),
    ("Northlight Engineering", "blog", TECH),
    ("Trendspotter", None, SCROLL),
    ("Low Orbit Hour", "podcast", [e.article for e in PODCAST]),
    ("Launch Site TV", "video", [v.article for v in VIDEOS]),
)


def demo_articles() -> list[tuple[StoryArticle, str | None]]:
    """Every demo article with its story label (``None`` for one-off items)."""
    out = []
    seen = set()
    for source, kind, arts in PUBLISHERS:
        for a in arts:
            if (source, a.slug) in seen:
                continue
            seen.add((source, a.slug))
            slug = re.sub(r"\W+", "-", a.slug).strip("-")
            out.append(
                (
                    StoryArticle(
                        id=f"{source.split()[0].lower()}:{slug}",
                        source=source,
                        title=a.title,
                        text=re.sub(r"<[^>]+>", "", a.body.strip()),
                        published=datetime.fromisoformat(a.date),
                        kind=kind,
                    ),
                    a.story,
                )
            )
    return out


def demo_story(label: str) -> list[StoryArticle]:
    return [a for a, s in demo_articles() if s == label]
