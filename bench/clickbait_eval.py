"""Measure the shipped clickbait model (src/tidings/stories/models/clickbait.json.gz).

Three checks, through the same code the product runs (``headline_style``):

1. the held-out 20 % of "Stop Clickbait" (Chakraborty et al., ASONAM 2016;
   MIT), re-created with the split seed stored in the model;
2. news headlines from another source it was never trained on: the UCI News
   Aggregator slice in ../shared/data/stories-uci-dev/headlines.jsonl (March
   2014, many publishers). They are ordinary news headlines, so every
   "clickbait" verdict there counts as a false positive (an upper bound: a few
   of them are soft news that a person might call clickbait);
3. the demo's headlines, printed with their scores and flags.

    .venv/bin/python bench/clickbait_eval.py [--data ../shared/data] [--show 15]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_clickbait import load_split

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
from tidings.stories.headline import headline_style, load_clickbait_model

ROOT = Path(__file__).resolve().parents[1]


def _scores(pairs) -> dict[str, float]:
    tp = sum(1 for p, y in pairs if p and y)
    fp = sum(1 for p, y in pairs if p and not y)
    fn = sum(1 for p, y in pairs if not p and y)
    tn = sum(1 for p, y in pairs if not p and not y)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "n": len(pairs),
        "accuracy": (tp + tn) / len(pairs),
        "precision": prec,
        "recall": rec,
        "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
        "fpr": fp / (fp + tn) if fp + tn else 0.0,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--show", type=int, default=15, help="UCI false positives to print")
    args = ap.parse_args(argv)
    model = load_clickbait_model()
    seed = model.meta["training"]["seed"]
    print(
        f"model trained {model.meta['trained']}, {len(model.weights):,} weights, threshold {model.threshold}"
    )

    _, test = load_split(args.data / "clickbait-stop", seed)
    t0 = time.process_time()
    pairs = [(headline_style(t, model).is_clickbait, y == 1) for t, y in test]
    dt = time.process_time() - t0
    s = _scores(pairs)
    print(
        f"\n1. Stop Clickbait held-out (seed {seed}): n={s['n']} accuracy {s['accuracy']:.4f} "
        f"precision {s['precision']:.4f} recall {s['recall']:.4f} F1 {s['f1']:.4f} FPR {s['fpr']:.4f} "
        f"({len(test) / dt:,.0f} headlines per CPU second, headline_style end to end)"
    )

    uci = []
    with open(args.data / "stories-uci-dev" / "headlines.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            uci.append((row["title"], row.get("category", "")))
    styles = [(headline_style(t, model), cat) for t, cat in uci]
    fp = [st for st, _ in styles if st.is_clickbait]
    print(
        f"\n2. UCI news headlines (never trained on, all news): n={len(uci)} flagged clickbait {len(fp)} "
        f"-> false-positive rate {len(fp) / len(uci):.4f}"
    )
    by_cat: dict[str, list[int]] = {}
    for st, cat in styles:
        by_cat.setdefault(cat, [0, 0])
        by_cat[cat][0] += st.is_clickbait
        by_cat[cat][1] += 1
    print(
        "   by UCI category: "
        + ", ".join(f"{c or '?'} {a}/{n} ({a / n:.3f})" for c, (a, n) in sorted(by_cat.items()))
    )
    mean = sum(st.clickbait for st, _ in styles) / len(styles)
    print(
        f"   mean probability {mean:.3f}; at threshold 0.8 the rate would be "
        f"{sum(st.clickbait >= 0.8 for st, _ in styles) / len(styles):.4f}"
    )
    for st in sorted(fp, key=lambda s: -s.clickbait)[: args.show]:
        print(f"   {st.clickbait:.2f}  {st.title}")

    print("\n3. Demo headlines (publisher: probability, flags)")
    pubs = [
        ("Meridian Wire", [*WIRE, WIRE_FLOOD]),
        ("Harbour Gazette", GAZETTE),
        ("Valley Courier", COURIER),
        ("Parallax Science", SCIENCE),
        ("Northlight Engineering", TECH),
        ("Trendspotter", SCROLL),
        ("Low Orbit Hour", [e.article for e in PODCAST]),
        ("Launch Site TV", [v.article for v in VIDEOS]),
    ]
    flagged = total = 0
    for pub, arts in pubs:
        for a in {a.slug: a for a in arts}.values():  # WIRE already holds WIRE_FLOOD
            total += 1
            st = headline_style(a.title, model)
            flagged += st.is_clickbait
            mark = "*" if st.is_clickbait else " "
            print(
                f" {mark} {st.clickbait:.2f} {pub:<22} {a.title[:90]}  {'; '.join(f for f in st.flags if not f.startswith('clickbait'))}"
            )
    print(f"   {flagged} of {total} demo headlines flagged (*)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
