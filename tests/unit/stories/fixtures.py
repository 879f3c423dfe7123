"""Loads tests/data/stories/articles.jsonl: original short articles, labelled.

Six stories over five events: a bridge closure (with a wire story and an
aggregator's near-copy), a data breach, a cup final, a wildfire, and a central
bank that raises rates in March and cuts them in September (a storyline: same
bank, same governor, two stories).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tidings.stories.model import ClusterItem

DATA = Path(__file__).resolve().parents[2] / "data" / "stories" / "articles.jsonl"


def load_articles() -> tuple[list[ClusterItem], dict[str, str]]:
    items, truth = [], {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        items.append(
            ClusterItem(
                id=row["id"],
                title=row["title"],
                text=row["text"],
                source=row["source"],
                published=datetime.fromtimestamp(row["published_ms"] / 1000, UTC),
            )
        )
        truth[row["id"]] = row["cluster"]
    return items, truth
