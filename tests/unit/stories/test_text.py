"""Feature extraction and TF-IDF vectors."""

from __future__ import annotations

import math

import pytest

from tidings.stories.text import FeatureWeights, features, stem
from tidings.stories.vectors import IncrementalIdf, dot


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Plosser's", "plosser"),
        ("stories", "story"),
        ("stocks", "stock"),
        ("Sbarro", "sbarro"),
        ("bus", "bus"),
        ("glass", "glass"),
        ("analysis", "analysis"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_feature_kinds() -> None:
    f = features(
        "Sbarro files for bankruptcy protection in Delaware, its 11th filing",
        None,
        FeatureWeights(),
    )
    assert "w:sbarro" in f and "w:file" in f
    assert "e:11th" in f  # numbers are name-like
    assert "e:delaware" in f  # a capitalised word inside running text
    assert "b:sbarro file" in f
    assert "c:<sba" in f
    assert not any(k.startswith("w:for") for k in f)  # stop word


def test_title_case_headline_has_no_phrase_entities() -> None:
    f = features("Pizza Chain Sbarro Files For Bankruptcy Again", None, FeatureWeights())
    assert not any(k.startswith("e:") for k in f)


def test_text_counts_less_than_title() -> None:
    w = FeatureWeights(bigram=0, char=0, entity=0)
    f = features("bridge closed", "bridge", w)
    assert f["w:bridge"] == pytest.approx(1.0 + w.text)


def test_zero_weight_kind_is_not_produced() -> None:
    f = features("Harbour bridge closed", None, FeatureWeights(char=0, bigram=0))
    assert not any(k.startswith(("c:", "b:")) for k in f)


def test_idf_learns_and_vectors_are_unit() -> None:
    idf = IncrementalIdf()
    for words in (["w:stock", "w:fall"], ["w:stock", "w:rise"], ["w:sbarro"]):
        idf.observe(words)
    assert idf.docs == 3
    assert idf.idf("w:sbarro") > idf.idf("w:stock")
    v = idf.weigh({"w:stock": 1.0, "w:sbarro": 2.0})
    assert math.isclose(dot(v, v), 1.0)
    assert v["w:sbarro"] > v["w:stock"]
