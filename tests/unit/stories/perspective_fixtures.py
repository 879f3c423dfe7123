"""Loads tests/data/stories/perspectives.json (invented articles) as StoryArticle values."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from tidings.stories.article import StoryArticle

DATA = Path(__file__).resolve().parents[2] / "data" / "stories" / "perspectives.json"


def load(group: str) -> list[StoryArticle]:
    rows = json.loads(DATA.read_text(encoding="utf-8"))[group]
    return [
        StoryArticle(
            id=r["id"],
            source=r["source"],
            title=r["title"],
            text=r["text"],
            published=datetime.fromisoformat(r["published"]),
            kind=r["kind"],
        )
        for r in rows
    ]
