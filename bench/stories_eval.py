"""Story clustering benchmark: stream labelled headlines, score the stories.

    .venv/bin/python bench/stories_eval.py ../shared/data/stories-uci-dev/headlines.jsonl \
        --orders time,shuffle:3 --half heldout

Input: JSONL, one item per line with ``id``, ``cluster`` (the true story),
``title``, ``published_ms`` and optionally ``source``, ``text``. The items are
split by true story into two halves (``--split-seed``): tune parameters on
``tune`` only and report ``heldout``. Each order streams the items through
the Tidings clusterer (figures after streaming alone and after
``consolidate()``) and through a plain TF-IDF centroid baseline, the peer
this work is measured against. Prints pairwise and B-cubed P/R/F1, items per
second, and the spread across orders.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tidings.stories.clusterer import ClusterParams, StreamingClusterer, background_idf
from tidings.stories.embed import load_embedder
from tidings.stories.metrics import bcubed, pairwise
from tidings.stories.model import ClusterItem
from tidings.stories.vectors import IncrementalIdf

# --- data --------------------------------------------------------------------


def load(path: Path) -> tuple[list[ClusterItem], dict[str, str]]:
    items, truth = [], {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            row = json.loads(line)
            iid = str(row["id"])
            items.append(
                ClusterItem(
                    id=iid,
                    title=row.get("title") or "",
                    text=row.get("text") or None,
                    source=row.get("source"),
                    published=datetime.fromtimestamp(row["published_ms"] / 1000, UTC),
                )
            )
            truth[iid] = str(row["cluster"])
    return items, truth


def drop_time(items: list[ClusterItem]) -> list[ClusterItem]:
    """Every item at one instant: in this data set each true story's items
    share one crawl timestamp, so time alone would give the answer away."""
    t = min(it.published for it in items)
    return [replace(it, published=t) for it in items]


def time_gives_it_away(items: list[ClusterItem], truth: dict[str, str]) -> bool:
    """True when most true stories have (nearly) one timestamp for all items.

    Then time alone separates the stories and any score with time on is
    optimistic; the UCI slice is like that (``published_ms`` is when the
    aggregator crawled the story page, once per story).
    """
    spans: dict[str, list[datetime]] = {}
    for it in items:
        spans.setdefault(truth[it.id], []).append(it.published)
    sized = [v for v in spans.values() if len(v) > 1]
    if not sized:
        return False
    tight = sum(1 for v in sized if (max(v) - min(v)).total_seconds() < 60)
    return tight / len(sized) > 0.5


def split(
    items: list[ClusterItem], truth: dict[str, str], half: str, seed: int
) -> list[ClusterItem]:
    """Half the true stories (by a seeded shuffle of their ids), or all."""
    if half == "all":
        return items
    clusters = sorted(set(truth.values()))
    random.Random(seed).shuffle(clusters)
    tune = set(clusters[: len(clusters) // 2])
    want = half == "tune"
    return [it for it in items if (truth[it.id] in tune) == want]


def orders(items: list[ClusterItem], spec: str, seed: int) -> list[tuple[str, list[ClusterItem]]]:
    out = []
    for part in spec.split(","):
        part = part.strip()
        if part == "time":
            out.append(("time", sorted(items, key=lambda it: (it.published, it.id))))
        elif part.startswith("shuffle"):
            n = int(part.split(":")[1]) if ":" in part else 1
            for k in range(n):
                shuffled = list(items)
                random.Random(seed * 1000 + k).shuffle(shuffled)
                out.append((f"shuffle{k + 1}", shuffled))
        elif part == "reverse":
            out.append(
                ("reverse", sorted(items, key=lambda it: (it.published, it.id), reverse=True))
            )
        else:
            raise SystemExit(f"unknown order {part!r}: use time, reverse, shuffle:N")
    return out


# --- the reference peer: plain TF-IDF centroid -------------------------------


class TfidfCentroidBaseline:
    """Word unigrams, incremental smoothed IDF, cosine to story centroids.

    What a first attempt looks like: no character n-grams, names, time,
    candidate index (it scores every story), or consolidation.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.df: Counter[str] = Counter()
        self.docs = 0
        self.sums: list[dict[str, float]] = []
        self.assign: dict[str, int] = {}

    def add(self, item: ClusterItem) -> None:
        import re

        toks = [t.lower() for t in re.findall(r"\w+", item.title)]
        tf = Counter(toks)
        self.df.update(tf.keys())
        self.docs += 1
        vec = {
            t: (1 + math.log(n)) * (math.log((1 + self.docs) / (1 + self.df[t])) + 1)
            for t, n in tf.items()
        }
        nv = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vec = {t: v / nv for t, v in vec.items()}
        best, best_sim = -1, 0.0
        for i, s in enumerate(self.sums):
            ns = math.sqrt(sum(v * v for v in s.values())) or 1.0
            sim = sum(v * s.get(t, 0.0) for t, v in vec.items()) / ns
            if sim > best_sim:
                best, best_sim = i, sim
        if best < 0 or best_sim < self.threshold:
            self.sums.append({})
            best = len(self.sums) - 1
        s = self.sums[best]
        for t, v in vec.items():
            s[t] = s.get(t, 0.0) + v
        self.assign[item.id] = best


# --- running -----------------------------------------------------------------


@dataclass
class Run:
    name: str
    pw: tuple[float, float, float]
    b3: tuple[float, float, float]
    rate: float
    stories: int
    labels: dict[str, str]


def score(name: str, labels: dict[str, str], truth: dict[str, str], rate: float) -> Run:
    t = {i: truth[i] for i in labels}
    p, b = pairwise(labels, t), bcubed(labels, t)
    return Run(
        name,
        (p.precision, p.recall, p.f1),
        (b.precision, b.recall, b.f1),
        rate,
        len(set(labels.values())),
        labels,
    )


def run_tidings(
    items: list[ClusterItem],
    truth: dict[str, str],
    params: ClusterParams,
    embedder: object | None,
    background: IncrementalIdf | None = None,
) -> tuple[Run, Run]:
    c = StreamingClusterer(params, embedder, background)  # type: ignore[arg-type]
    t0 = time.process_time()
    if embedder is not None:
        c.add_many(items)
    else:
        for it in items:
            c.add(it)
    t1 = time.process_time()
    streamed = score("stream", c.assignments(), truth, len(items) / (t1 - t0))
    c.consolidate()
    t2 = time.process_time()
    final = score("consolidated", c.assignments(), truth, len(items) / (t2 - t0))
    return streamed, final


def run_baseline(items: list[ClusterItem], truth: dict[str, str], threshold: float) -> Run:
    b = TfidfCentroidBaseline(threshold)
    t0 = time.process_time()
    for it in items:
        b.add(it)
    rate = len(items) / (time.process_time() - t0)
    return score("baseline", {k: str(v) for k, v in b.assign.items()}, truth, rate)


def parse_set(values: list[str], params: ClusterParams) -> ClusterParams:
    """``--set join_threshold=0.3 --set half_life=24`` (hours for durations)."""
    for kv in values:
        key, _, raw = kv.partition("=")
        if key in {"half_life", "max_gap"}:
            params = replace(params, **{key: timedelta(hours=float(raw))})
        elif key.startswith("features."):
            fname = key.split(".", 1)[1]
            cur = getattr(params.features, fname)
            value = raw if isinstance(cur, str) else type(cur)(float(raw))
            params = replace(params, features=replace(params.features, **{fname: value}))
        else:
            cur = getattr(params, key)
            value = raw if isinstance(cur, str) else type(cur)(float(raw))
            params = replace(params, **{key: value})
    return params


def fmt(r: Run) -> str:
    return (
        f"{r.name:<13} pairwise P {r.pw[0]:.3f} R {r.pw[1]:.3f} F1 {r.pw[2]:.3f} | "
        f"B3 P {r.b3[0]:.3f} R {r.b3[1]:.3f} F1 {r.b3[2]:.3f} | "
        f"{r.stories:4d} stories | {r.rate:8.0f} items/s"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("path", type=Path)
    ap.add_argument("--orders", default="time,shuffle:3")
    ap.add_argument("--half", choices=["tune", "heldout", "all"], default="all")
    ap.add_argument("--split-seed", type=int, default=0)
    ap.add_argument("--order-seed", type=int, default=1)
    ap.add_argument("--embed", action="store_true", help="blend in wordllama embeddings")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a ClusterParams field (durations in hours)",
    )
    ap.add_argument("--baseline-threshold", type=float, default=0.10)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument(
        "--background",
        type=Path,
        help="headlines, one per line (.gz allowed), to seed the IDF before streaming",
    )
    ap.add_argument(
        "--wordfreq",
        type=float,
        default=None,
        metavar="DOCS",
        help="IDF prior from wordfreq's English word frequencies, worth DOCS documents "
        "(default: the clusterer's own setting, ClusterParams.prior_docs; 0 turns it off)",
    )
    ap.add_argument(
        "--no-time",
        action="store_true",
        help="give every item the same published time (see README-stories.md)",
    )
    ap.add_argument("--quiet", action="store_true", help="only the summary lines")
    args = ap.parse_args(argv)

    items, truth = load(args.path)
    items = split(items, truth, args.half, args.split_seed)
    if args.no_time:
        items = drop_time(items)
    elif time_gives_it_away(items, truth):
        print(
            "WARNING: in this file most true stories share a single timestamp, so time alone "
            "separates them; scores with time on are optimistic. Run with --no-time for the "
            "figures that carry over to real feeds."
        )
    params = ClusterParams()
    embedder = None
    if args.embed:
        embedder = load_embedder()
        if embedder is None:
            print("wordllama is not installed; running without embeddings", file=sys.stderr)
        else:
            params = ClusterParams.with_embeddings()
    params = parse_set(args.set, params)
    if args.wordfreq is not None:
        params = replace(params, prior_docs=args.wordfreq)
    background = None
    if args.background:
        opener = gzip.open if args.background.suffix == ".gz" else open
        with opener(args.background, "rt", encoding="utf-8") as f:
            lines = [ln.strip() for ln in f if ln.strip()]
        background = background_idf(((ln, None) for ln in lines), params)
        print(f"background IDF from {len(lines)} lines of {args.background.name}")
    n_true = len({truth[it.id] for it in items})
    print(
        f"{args.path.name}: {len(items)} items, {n_true} true stories, half={args.half} "
        f"(split seed {args.split_seed}), time={'off' if args.no_time else 'on'}, embeddings={'on' if embedder else 'off'}"
    )
    print(
        f"params: join {params.join_threshold} merge {params.merge_threshold} "
        f"half_life {params.half_life} embedding_weight {params.embedding_weight} "
        f"stemmer {params.features.stemmer} "
        f"wordfreq prior {'off (background file)' if background else params.prior_docs}"
    )

    results: dict[str, list[Run]] = {"stream": [], "consolidated": [], "baseline": []}
    reference: dict[str, str] | None = None
    for name, seq in orders(items, args.orders, args.order_seed):
        streamed, final = run_tidings(seq, truth, params, embedder, background)
        runs = [streamed, final]
        if not args.no_baseline:
            runs.append(run_baseline(seq, truth, args.baseline_threshold))
        for r in runs:
            results[r.name].append(r)
        if not args.quiet:
            print(f"-- order {name}")
            for r in runs:
                print("  " + fmt(r))
        if reference is None:
            reference = final.labels
        elif not args.quiet:
            agree = pairwise(final.labels, reference).f1
            print(f"  consolidated agreement with the first order (pairwise F1): {agree:.3f}")

    print("== summary over orders (mean, min-max of pairwise F1 / B3 F1, mean items/s)")
    for key, runs in results.items():
        if not runs:
            continue
        pf = [r.pw[2] for r in runs]
        bf = [r.b3[2] for r in runs]
        pp = statistics.mean(r.pw[0] for r in runs)
        pr = statistics.mean(r.pw[1] for r in runs)
        bp = statistics.mean(r.b3[0] for r in runs)
        br = statistics.mean(r.b3[1] for r in runs)
        print(
            f"{key:<13} pairwise P {pp:.3f} R {pr:.3f} F1 {statistics.mean(pf):.3f} "
            f"[{min(pf):.3f}-{max(pf):.3f}] | B3 P {bp:.3f} R {br:.3f} F1 {statistics.mean(bf):.3f} "
            f"[{min(bf):.3f}-{max(bf):.3f}] | {statistics.mean(r.rate for r in runs):.0f} items/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
