"""Train the clickbait model shipped in src/tidings/stories/models/clickbait.json.gz.

Data: the "Stop Clickbait" headlines (Chakraborty, Paranjape, Kakarla and
Ganguly, "Stop Clickbait: Detecting and Preventing Clickbaits in Online News
Media", ASONAM 2016; MIT licence), read from ../shared/data/clickbait-stop/,
never copied. Only the learned weights ship.

Model: logistic regression (L2) over binary word 1-2-grams and character
3-5-grams inside word boundaries plus a few shape features, each headline's
vector L2-normalised (``tidings.stories.headline.clickbait_features``). The
vocabulary is pruned to features seen in at least ``--min-df`` training
headlines, and after training to the ``--keep`` heaviest weights (the model
is then refitted on those alone so the pruned model is the one measured).
Fitted with full-batch Adam in numpy (no scikit-learn needed).

    .venv/bin/python bench/train_clickbait.py [--data DIR] [--out FILE]

Split: headlines deduplicated (case-insensitive), shuffled with ``--seed``,
80 % train / 20 % held out. bench/clickbait_eval.py re-creates the same split.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from tidings.stories.headline import clickbait_features

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "clickbait-stop"
DEFAULT_OUT = ROOT / "src" / "tidings" / "stories" / "models" / "clickbait.json.gz"
CONFIG = {"word_ngrams": 2, "char_ngrams": [3, 5], "shape": True}


def load_split(data: Path, seed: int = 0, held_out: float = 0.2):
    """(train, test) lists of (headline, label), label 1 = clickbait."""
    rows, seen = [], set()
    for name, label in (("clickbait_data.gz", 1), ("non_clickbait_data.gz", 0)):
        with gzip.open(data / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                title = line.strip()
                key = title.lower()
                if not title or key in seen:
                    continue
                seen.add(key)
                rows.append((title, label))
    rows.sort()
    random.Random(seed).shuffle(rows)
    cut = int(len(rows) * (1 - held_out))
    return rows[:cut], rows[cut:]


def _vocab(rows, min_df: int) -> dict[str, int]:
    df: dict[str, int] = {}
    for title, _ in rows:
        for k in clickbait_features(title, CONFIG):
            df[k] = df.get(k, 0) + 1
    return {k: i for i, k in enumerate(sorted(k for k, c in df.items() if c >= min_df))}


def featurise(rows, vocab: dict[str, int]):
    indptr, idx, val = [0], [], []
    for title, _ in rows:
        for k, v in clickbait_features(title, CONFIG).items():
            j = vocab.get(k)
            if j is not None:
                idx.append(j)
                val.append(v)
        indptr.append(len(idx))
    rows_of = np.repeat(np.arange(len(rows)), np.diff(indptr))
    return rows_of, np.array(idx, dtype=np.int64), np.array(val, dtype=np.float64)


def fit(x, y, n_features: int, l2: float, epochs: int, lr: float = 0.05):
    rows_of, idx, val = x
    n = len(y)
    w = np.zeros(n_features)
    b = 0.0
    m = np.zeros(n_features)
    v = np.zeros(n_features)
    mb = vb = 0.0
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        z = np.bincount(rows_of, weights=val * w[idx], minlength=n) + b
        p = 1.0 / (1.0 + np.exp(-z))
        r = (p - y) / n
        g = np.bincount(idx, weights=val * r[rows_of], minlength=n_features) + l2 * w
        gb = r.sum()
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        mb = b1 * mb + (1 - b1) * gb
        vb = b2 * vb + (1 - b2) * gb * gb
        b -= lr * (mb / (1 - b1**t)) / (np.sqrt(vb / (1 - b2**t)) + eps)
    return w, b


def predict(x, n: int, w, b):
    rows_of, idx, val = x
    z = np.bincount(rows_of, weights=val * w[idx], minlength=n) + b
    return 1.0 / (1.0 + np.exp(-z))


def scores(y, p, threshold: float = 0.5) -> dict[str, float]:
    pred = p >= threshold
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    tn = int(np.sum(~pred & (y == 0)))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "n": len(y),
        "accuracy": round((tp + tn) / len(y), 4),
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(f1, 4),
        "false_positive_rate": round(fp / (fp + tn), 4) if fp + tn else 0.0,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--keep", type=int, default=20000, help="features kept after pruning")
    ap.add_argument(
        "--l2",
        default="1e-4,1e-5,1e-6",
        help="comma-separated: chosen on a validation slice of train",
    )
    ap.add_argument("--epochs", type=int, default=600)
    args = ap.parse_args(argv)

    t0 = time.process_time()
    train, test = load_split(args.data, args.seed)
    y_tr = np.array([lab for _, lab in train], dtype=np.float64)
    y_te = np.array([lab for _, lab in test], dtype=np.float64)

    # Choose L2 on a validation slice of the training part (the last 10 %):
    # the held-out 20 % is never looked at until the final model is fixed.
    l2s = [float(x) for x in args.l2.split(",")]
    if len(l2s) > 1:
        cut = int(len(train) * 0.9)
        fit_rows, val_rows = train[:cut], train[cut:]
        vocab = _vocab(fit_rows, args.min_df)
        x_fit, x_val = featurise(fit_rows, vocab), featurise(val_rows, vocab)
        y_fit = y_tr[:cut]
        y_val = y_tr[cut:]
        best = None
        for l2 in l2s:
            w, b = fit(x_fit, y_fit, len(vocab), l2, args.epochs)
            acc = scores(y_val, predict(x_val, len(val_rows), w, b))["accuracy"]
            print(f"  l2={l2:g}: validation accuracy {acc:.4f}", file=sys.stderr)
            if best is None or acc > best[0]:
                best = (acc, l2)
        l2 = best[1]
    else:
        l2 = l2s[0]
    print(f"l2 = {l2:g}", file=sys.stderr)

    vocab = _vocab(train, args.min_df)
    x_tr = featurise(train, vocab)
    w, b = fit(x_tr, y_tr, len(vocab), l2, args.epochs)
    full = scores(y_te, predict(featurise(test, vocab), len(test), w, b))
    print(f"full vocabulary ({len(vocab):,} features): held-out {full}", file=sys.stderr)

    # Prune to the heaviest weights and refit on those alone.
    order = np.argsort(-np.abs(w))[: args.keep]
    names = sorted(vocab, key=vocab.__getitem__)
    kept = {names[j]: i for i, j in enumerate(sorted(order))}
    x_tr = featurise(train, kept)
    w, b = fit(x_tr, y_tr, len(kept), l2, args.epochs)
    train_scores = scores(y_tr, predict(x_tr, len(train), w, b))
    held = scores(y_te, predict(featurise(test, kept), len(test), w, b))
    print(f"pruned ({len(kept):,} features): train {train_scores}", file=sys.stderr)
    print(f"pruned ({len(kept):,} features): held-out {held}", file=sys.stderr)

    names = sorted(kept, key=kept.__getitem__)
    model = {
        "format": 1,
        "kind": "logistic regression, binary n-grams, L2-normalised per headline",
        "features": CONFIG,
        "threshold": 0.5,
        "trained": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "training": {
            "script": "bench/train_clickbait.py",
            "seed": args.seed,
            "split": "dedup case-insensitive, seeded shuffle, 80% train / 20% held out",
            "train_headlines": len(train),
            "held_out_headlines": len(test),
            "min_df": args.min_df,
            "features_before_pruning": len(vocab),
            "l2": l2,
            "l2_chosen_from": l2s,
            "epochs": args.epochs,
        },
        "metrics": {"train": train_scores, "held_out": held},
        "data": {
            "name": "Stop Clickbait headline data",
            "citation": "Abhijnan Chakraborty, Bhargavi Paranjape, Sourya Kakarla, Niloy Ganguly. "
            "Stop Clickbait: Detecting and Preventing Clickbaits in Online News Media. "
            "IEEE/ACM ASONAM 2016.",
            "licence": "MIT (Copyright (c) 2016 Abhijnan Chakraborty); only learned weights are included",
            "url": "https://github.com/bhargaviparanjape/clickbait",
        },
        "bias": round(float(b), 5),
        "weights": {k: round(float(w[i]), 4) for i, k in enumerate(names) if abs(w[i]) >= 5e-4},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    blob = gzip.compress(json.dumps(model, separators=(",", ":"), sort_keys=True).encode(), mtime=0)
    args.out.write_bytes(blob)
    print(
        f"wrote {args.out} ({len(blob):,} bytes, {len(model['weights']):,} weights) "
        f"in {time.process_time() - t0:.1f} CPU s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
