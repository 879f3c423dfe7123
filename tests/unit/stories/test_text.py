"""Feature extraction and TF-IDF vectors."""

from __future__ import annotations

import math

import pytest

from tidings.stories.text import FeatureWeights, features, stem, word_stem
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
    assert "e:" + word_stem("Delaware") in f  # a capitalised word inside running text
    assert "b:sbarro file" in f
    assert "c:<sba" in f
    assert not any(k.startswith("w:for") for k in f)  # stop word


def test_title_case_headline_has_no_phrase_entities() -> None:
    f = features("Pizza Chain Sbarro Files For Bankruptcy Again", None, FeatureWeights())
    assert not any(k.startswith("e:") for k in f)


def test_text_counts_less_than_title() -> None:
    w = FeatureWeights(bigram=0, char=0, entity=0)
    f = features("bridge closed", "bridge", w)
    assert f["w:" + word_stem("bridge")] == pytest.approx(1.0 + w.text)


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


def test_inflections_match_with_the_snowball_stemmer() -> None:
    w = FeatureWeights(bigram=0, char=0, entity=0)
    a = features("GM Recalls 1.6 Million Cars", None, w)
    b = features("Lawmakers probe GM recall", None, w)
    c = features("Regulators open probes", None, w)
    assert word_stem("Recalls") == word_stem("recall")
    assert "w:" + word_stem("recall") in a.keys() & b.keys()
    assert "w:" + word_stem("probe") in b.keys() & c.keys()
    assert word_stem("GM's") == "gm"


@pytest.mark.parametrize(
    ("word", "language", "expected"),
    [
        ("Élections", "fr", "elect"),  # stems lose their diacritics, as in search
        ("l'enquête", "fr", "enquet"),  # elision dropped
        ("Häuser", "de", "haus"),
        ("東京", "ja", "東京"),  # no Snowball stemmer: only lower-cased
    ],
)
def test_word_stem_follows_the_language(word: str, language: str, expected: str) -> None:
    assert word_stem(word, language) == expected


def test_features_use_the_item_language() -> None:
    w = FeatureWeights(bigram=0, char=0, entity=0)
    de = features("Die Häuser brennen", None, w, "de-AT")
    assert "w:haus" in de
    assert "w:hauser" in features("Die Häuser brennen", None, w, None)  # English rules


def test_prior_idf_covers_some_kinds_and_the_rest_counts_alone() -> None:
    idf = IncrementalIdf({"w:stock": 500.0}, 1000, prior_kinds=("w:",))
    idf.observe(["w:stock", "b:stock fall"])
    idf.observe(["w:stock", "b:stock fall"])
    # Words: prior and own counts together (2 + 1000 documents).
    assert idf.idf("w:stock") == pytest.approx(math.log(1003 / 503) + 1)
    # Bigrams: the prior knows none, so only the two documents seen count.
    assert idf.idf("b:stock fall") == pytest.approx(math.log(3 / 3) + 1)
    v = idf.weigh({"w:stock": 1.0, "b:stock fall": 1.0})
    assert v["w:stock"] / v["b:stock fall"] == pytest.approx(idf.idf("w:stock"))
    assert idf.copy().idf("b:stock fall") == idf.idf("b:stock fall")


def test_acronyms_match_their_spelled_out_names_when_turned_on() -> None:
    w = FeatureWeights(acronym=1.0)
    boe = features("Sterling holds ground despite caution from BoE", None, w)
    bank = features("Carney says the Bank of England will act", None, w)
    assert "a:boe" in boe.keys() & bank.keys()
    assert not any(k.startswith("a:") for k in features("Carney says BoE", None, FeatureWeights()))


def test_rare_capitalised_words_are_names_in_title_case_when_turned_on() -> None:
    title = "Lindsay Lohan Talks Mean Girls Reunion"
    name = "e:" + word_stem("Lindsay") + " " + word_stem("Lohan")
    assert name in features(title, None, FeatureWeights(name_zipf=3.9))
    assert not any(k.startswith("e:") for k in features(title, None, FeatureWeights()))
    # Common capitalised words ("Mean", "Girls") do not become names.
    assert not any(
        "girl" in k
        for k in features(title, None, FeatureWeights(name_zipf=3.9))
        if k.startswith("e:")
    )
