"""Consolidated scores of one clusterer setting over split seeds and halves.

    .venv/bin/python bench/stories_grid.py ../shared/data/stories-uci-dev/headlines.jsonl \
        --seeds 0,1,2 --halves tune,heldout --set features.stemmer=light --wordfreq 0

One line per (seed, half): consolidated pairwise and B-cubed P/R/F1 with
time off (``--no-time`` of ``stories_eval.py``), in time order only (the
consolidated result does not depend on the order; ``stories_eval.py``
checks that). Used to choose parameters on seed 0's tune half and to see
whether a choice holds on the other halves and seeds.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from stories_eval import drop_time, load, parse_set, score, split

from tidings.stories.clusterer import ClusterParams, StreamingClusterer
from tidings.stories.metrics import pairwise
from tidings.stories.model import ClusterItem


def incremental(
    items: list[ClusterItem],
    truth: dict[str, str],
    params: ClusterParams,
    batch: int,
    full: dict[str, str],
    args: argparse.Namespace,
    seed: int,
    half: str,
) -> None:
    """Pass after pass: each pass restores the previous pass's stories into a new
    clusterer (as the worker does from the store), adds the next batch, and runs
    consolidate_recent. Prints the scores and the agreement with the full pass."""
    stories: dict[str, list[ClusterItem]] = {}
    by_id = {it.id: it for it in items}
    cpu = 0.0
    for start in range(0, len(items), batch):
        c = StreamingClusterer(params)
        t0 = time.process_time()
        c.restore(stories.items())
        c.add_many(items[start : start + batch])
        c.consolidate_recent()
        cpu += time.process_time() - t0
        stories = {}
        for iid, sid in c.assignments().items():
            stories.setdefault(sid, []).append(by_id[iid])
    labels = {iid: sid for sid, its in stories.items() for iid in [it.id for it in its]}
    r = score("incremental", labels, truth, 0.0)
    agree = pairwise(labels, full).f1
    print(
        f"{args.label + ' incr' + str(batch):<24} seed {seed} {half:<7} pairwise P {r.pw[0]:.3f} "
        f"R {r.pw[1]:.3f} F1 {r.pw[2]:.3f} | B3 P {r.b3[0]:.3f} R {r.b3[1]:.3f} "
        f"F1 {r.b3[2]:.3f} | {r.stories:3d} stories | agreement with full {agree:.3f} | "
        f"{cpu:.1f} CPU s for {len(range(0, len(items), batch))} passes",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("path", type=Path)
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--halves", default="tune,heldout")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--wordfreq", type=float, default=None, metavar="DOCS")
    ap.add_argument("--label", default="")
    ap.add_argument(
        "--incremental",
        type=int,
        default=0,
        metavar="N",
        help="also pass the items in batches of N as the worker does (restore the stories of "
        "the previous pass, add the batch, consolidate_recent) and compare with a full pass",
    )
    args = ap.parse_args(argv)
    params = parse_set(args.set, ClusterParams())
    if args.wordfreq is not None:
        params = replace(params, prior_docs=args.wordfreq)
    all_items, truth = load(args.path)
    for seed in (int(s) for s in args.seeds.split(",")):
        for half in args.halves.split(","):
            items = drop_time(split(all_items, truth, half, seed))
            items.sort(key=lambda it: (it.published, it.id))
            c = StreamingClusterer(params)
            t0 = time.process_time()
            c.add_many(items)
            c.consolidate()
            rate = len(items) / (time.process_time() - t0)
            r = score("consolidated", c.assignments(), truth, rate)
            if args.incremental:
                incremental(
                    items, truth, params, args.incremental, c.assignments(), args, seed, half
                )
            print(
                f"{args.label:<24} seed {seed} {half:<7} pairwise P {r.pw[0]:.3f} R {r.pw[1]:.3f} "
                f"F1 {r.pw[2]:.3f} | B3 P {r.b3[0]:.3f} R {r.b3[1]:.3f} F1 {r.b3[2]:.3f} | "
                f"{r.stories:3d} stories | {rate:5.0f} items/s",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
