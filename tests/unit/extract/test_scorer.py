"""The benchmark scorer (bench/extraction_eval.py) on cases computed by hand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).parents[3] / "bench" / "extraction_eval.py"
_spec = importlib.util.spec_from_file_location("extraction_eval", _PATH)
assert _spec and _spec.loader
ev = importlib.util.module_from_spec(_spec)
sys.modules["extraction_eval"] = ev
_spec.loader.exec_module(ev)


def test_shingles_are_four_word_windows() -> None:
    assert ev.shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}


def test_short_text_is_one_shingle_and_empty_is_none() -> None:
    assert ev.shingles("hello, world!") == {("hello", "world"): 1}
    assert ev.shingles("  ...  ") == {}


def test_shingles_are_a_multiset_of_unicode_words() -> None:
    counts = ev.shingles("x y z w x y z w")
    assert counts[("x", "y", "z", "w")] == 2 and sum(counts.values()) == 5
    assert ev.shingles("Ünïcode wörds ok") == {("Ünïcode", "wörds", "ok"): 1}


def test_page_score_hand_computed() -> None:
    # truth: a b c d e -> {abcd, bcde}; prediction: b c d e f -> {bcde, cdef}
    # TP=1, FP=1, FN=1 -> each 1/3
    s = ev.score_page("b c d e f", "a b c d e")
    assert (s.tp, s.fp, s.fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))


def test_aggregate_hand_computed() -> None:
    pages = [
        ev.score_page("a b c d e", "a b c d e"),  # P=1, R=1
        ev.score_page("b c d e f", "a b c d e"),  # P=1/2, R=1/2
        ev.score_page("", "a b c d e"),  # empty prediction: R=0, no precision
    ]
    f1, p, r = ev.aggregate(pages)
    assert p == pytest.approx((1 + 0.5) / 2)
    assert r == pytest.approx((1 + 0.5 + 0) / 3)
    assert f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)


def test_empty_truth_counts_only_in_precision() -> None:
    _f1, p, r = ev.aggregate([ev.score_page("a b c d", ""), ev.score_page("a b c d", "a b c d")])
    assert p == pytest.approx(0.5) and r == pytest.approx(1.0)


def test_bootstrap_is_zero_on_identical_pages_and_positive_otherwise() -> None:
    same = [ev.score_page("a b c d e", "a b c d e")] * 20
    assert ev.bootstrap_std(same, rounds=50) == pytest.approx((0.0, 0.0, 0.0))
    mixed = same[:10] + [ev.score_page("x y z w", "a b c d e")] * 10
    assert all(s > 0 for s in ev.bootstrap_std(mixed, rounds=200))


def test_halves_are_disjoint_and_cover_all() -> None:
    ids = [f"{i:03d}" for i in range(181)]
    dev, held = ev.split_ids(ids, "dev"), ev.split_ids(ids, "heldout")
    assert not set(dev) & set(held) and sorted(dev + held) == sorted(ids)
    assert len(dev) == 90 and ev.split_ids(ids, "all") == sorted(ids)
