"""CPU time of one stories pass (``plan_stories``) over N entries, by stage.

    .venv/bin/python bench/stories_pass.py ../shared/data/stories-uci-dev/headlines.jsonl \
        --extra ../shared/data/clickbait-stop/non_clickbait_data.gz --entries 5000

Builds N entries as the store would hand them to a pass: the labelled
headlines, each with a ~75-word body made of other headlines of its own
story (so bodies agree with titles, as real ones do), topped up with
unrelated headlines from ``--extra`` (singleton stories), spread over 7
days. Prints CPU seconds for clustering alone, for the whole pure pass
(clustering, descriptions, storylines), and for an incremental pass that
adds the last ``--new`` entries to a clusterer restored from the rest.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from tidings.services.stories import cluster_entries, plan_stories
from tidings.stories.prior import wordfreq_prior
from tidings.types import StoryEntryText


def build(path: Path, extra: Path | None, n: int, seed: int) -> list[StoryEntryText]:
    rng = random.Random(seed)
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    by_story: dict[str, list[str]] = {}
    for r in rows:
        by_story.setdefault(r["cluster"], []).append(r["title"])
    lines: list[str] = []
    if extra is not None:
        with gzip.open(extra, "rt", encoding="utf-8") as f:
            lines = [ln.strip() for ln in f if ln.strip()]
    start = datetime(2026, 11, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        if i < len(rows):
            r = rows[i]
            title, pool = r["title"], by_story[r["cluster"]]
            source = r.get("source") or "src"
        else:
            title = lines[(i - len(rows)) % len(lines)]
            pool = [rng.choice(lines) for _ in range(5)]
            source = f"extra{i % 40}"
        body = ". ".join(rng.choice(pool) for _ in range(6)) + "."
        out.append(
            StoryEntryText(
                entry_id=i + 1,
                feed_id=hash(source) % 200,
                source=source,
                title=title,
                text=body,
                published=start + timedelta(seconds=rng.uniform(0, 7 * 86400)),
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path", type=Path)
    ap.add_argument("--extra", type=Path)
    ap.add_argument("--entries", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--new", type=int, default=100, help="entries new since the last pass")
    args = ap.parse_args(argv)
    entries = build(args.path, args.extra, args.entries, args.seed)
    words = sum(len(e.text.split()) for e in entries) / len(entries)
    print(f"{len(entries)} entries, {words:.0f} body words on average")
    t0 = time.process_time()
    wordfreq_prior()
    print(f"wordfreq prior, once per process: {time.process_time() - t0:.2f} CPU s")
    entries.sort(key=lambda e: (e.published, e.entry_id))
    t0 = time.process_time()
    groups = cluster_entries(entries)
    t1 = time.process_time()
    print(f"full pass, cluster_entries: {t1 - t0:.2f} CPU s ({len(groups)} stories)")
    t0 = time.process_time()
    plan_stories(entries)
    t1 = time.process_time()
    print(f"full pass, plan_stories (+ describe, storylines): {t1 - t0:.2f} CPU s")
    # The previous pass saw all but the newest --new entries.
    old = entries[: -args.new]
    previous = {
        e.entry_id: k for k, (members, _) in enumerate(cluster_entries(old)) for e in members
    }
    t0 = time.process_time()
    inc = cluster_entries(entries, previous)
    t1 = time.process_time()
    print(
        f"incremental pass ({args.new} new), cluster_entries: {t1 - t0:.2f} CPU s "
        f"({len(inc)} stories)"
    )
    t0 = time.process_time()
    plan_stories(entries, previous)
    t1 = time.process_time()
    print(f"incremental pass, plan_stories (+ describe, storylines): {t1 - t0:.2f} CPU s")
    full_groups = {frozenset(e.entry_id for e in m) for m, _ in groups}
    inc_groups = {frozenset(e.entry_id for e in m) for m, _ in inc}
    print(f"stories identical in both: {len(full_groups & inc_groups)} of {len(full_groups)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
