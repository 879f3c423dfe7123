"""The wordfreq IDF prior: rare names outweigh common words before any store statistics."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.stories.clusterer import ClusterParams, StreamingClusterer
from tidings.stories.model import ClusterItem
from tidings.stories.prior import wordfreq_prior
from tidings.stories.text import FeatureWeights, features, word_stem
from tidings.stories.vectors import IncrementalIdf

T = datetime(2025, 1, 1, tzinfo=UTC)


def test_a_rare_name_outweighs_a_common_word_from_the_first_headline() -> None:
    raw = features("Sbarro stocks", None, FeatureWeights(bigram=0, char=0, entity=0))
    name, word = "w:" + word_stem("Sbarro"), "w:" + word_stem("stocks")
    prior = wordfreq_prior("en")
    assert prior is not None
    v = prior.weigh(raw)
    assert v[name] > 1.2 * v[word]
    # Without the prior, one headline says nothing: both weigh the same.
    own = IncrementalIdf()
    own.observe(raw)
    plain = own.weigh(raw)
    assert plain[name] == pytest.approx(plain[word])


def test_store_counts_take_over_from_the_prior() -> None:
    prior = wordfreq_prior("en", docs=100)
    assert prior is not None
    name = "w:" + word_stem("Sbarro")
    before = prior.idf(name)
    for _ in range(1000):
        prior.observe([name])  # the store sees the name everywhere
    assert prior.idf(name) < before - 1.0


def test_unknown_language_has_no_prior() -> None:
    assert wordfreq_prior("xx") is None


def test_clusterer_uses_the_prior_unless_told_not_to() -> None:
    item = ClusterItem("1", "Sbarro stocks", T)
    with_prior = StreamingClusterer()
    without = StreamingClusterer(ClusterParams(prior_docs=0))
    with_prior.add(item)
    without.add(item)
    assert with_prior._idf.docs == ClusterParams().prior_docs + 1
    assert without._idf.docs == 1
