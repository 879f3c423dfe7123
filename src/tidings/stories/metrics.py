"""Clustering quality: pairwise and B-cubed precision, recall and F1.

Both compare a predicted labelling with a true one over the same items.

- Pairwise: over all unordered pairs of items, a pair is a true positive
  when both labellings put the two items together. Big clusters dominate
  (their pair counts grow with the square of their size).
- B-cubed (Bagga and Baldwin, 1998): for each item, precision is the share
  of its predicted cluster that truly belongs with it, recall the share of
  its true cluster that was predicted with it; both averaged over items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from tidings.errors import TidingsError


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _check(pred: Mapping[str, Hashable], true: Mapping[str, Hashable]) -> None:
    if pred.keys() != true.keys():
        missing = len(true.keys() - pred.keys())
        extra = len(pred.keys() - true.keys())
        raise TidingsError(f"labellings cover different items ({missing} missing, {extra} extra)")


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(pred: Mapping[str, Hashable], true: Mapping[str, Hashable]) -> Scores:
    """Pairwise precision and recall; 1.0 where there are no pairs to judge."""
    _check(pred, true)
    joint = Counter((pred[i], true[i]) for i in pred)
    tp = sum(_pairs(n) for n in joint.values())
    pred_pairs = sum(_pairs(n) for n in Counter(pred.values()).values())
    true_pairs = sum(_pairs(n) for n in Counter(true.values()).values())
    return Scores(
        tp / pred_pairs if pred_pairs else 1.0,
        tp / true_pairs if true_pairs else 1.0,
    )


def bcubed(pred: Mapping[str, Hashable], true: Mapping[str, Hashable]) -> Scores:
    """B-cubed precision and recall, each item counting the same."""
    _check(pred, true)
    if not pred:
        return Scores(1.0, 1.0)
    joint = Counter((pred[i], true[i]) for i in pred)
    psize = Counter(pred.values())
    tsize = Counter(true.values())
    # An item in cell (p, t) sees joint[p, t] correct neighbours (itself included).
    p_sum = sum(n * n / psize[p] for (p, _), n in joint.items())
    r_sum = sum(n * n / tsize[t] for (_, t), n in joint.items())
    return Scores(p_sum / len(pred), r_sum / len(pred))
