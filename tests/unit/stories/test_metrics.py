"""Pairwise and B-cubed scores against hand-computed examples."""

from __future__ import annotations

import pytest

from tidings.errors import TidingsError
from tidings.stories.metrics import bcubed, pairwise

# Items a..e. Truth: {a, b, c} {d, e}. Prediction: {a, b} {c, d, e}.
TRUE = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}
PRED = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}


def test_pairwise_by_hand() -> None:
    # Predicted pairs: ab, cd, ce, de -> 4. True pairs: ab, ac, bc, de -> 4.
    # Shared: ab, de -> 2. P = 2/4, R = 2/4.
    s = pairwise(PRED, TRUE)
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(0.5)


def test_bcubed_by_hand() -> None:
    # Precision per item: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> (1+1+1/3+2/3+2/3)/5 = 11/15.
    # Recall per item:    a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> (2/3+2/3+1/3+1+1)/5 = 11/15.
    s = bcubed(PRED, TRUE)
    assert s.precision == pytest.approx(11 / 15)
    assert s.recall == pytest.approx(11 / 15)
    assert s.f1 == pytest.approx(11 / 15)


def test_perfect_and_degenerate() -> None:
    assert pairwise(TRUE, TRUE).f1 == 1.0
    assert bcubed(TRUE, TRUE).f1 == 1.0
    singletons = {k: k for k in TRUE}
    # No predicted pairs: precision is vacuous (1.0), recall 0.
    assert pairwise(singletons, TRUE).precision == 1.0
    assert pairwise(singletons, TRUE).recall == 0.0
    # All in one: B-cubed recall 1, precision (3*3/5 + 2*2/5)/5 = 13/25.
    one = {k: 0 for k in TRUE}
    assert bcubed(one, TRUE).recall == pytest.approx(1.0)
    assert bcubed(one, TRUE).precision == pytest.approx(13 / 25)


def test_different_items_is_an_error() -> None:
    with pytest.raises(TidingsError, match="different items"):
        pairwise({"a": 1}, {"b": 1})
