"""Headline style: the shipped clickbait model and the visible hooks."""

from __future__ import annotations

from tidings.stories.headline import headline_style, load_clickbait_model


def test_shipped_model_carries_its_provenance_and_is_small() -> None:
    model = load_clickbait_model()
    assert "Chakraborty" in model.meta["data"]["citation"]
    assert "MIT" in model.meta["data"]["licence"]
    assert model.meta["metrics"]["held_out"]["accuracy"] > 0.95
    assert 1000 < len(model.weights) <= 20000


def test_demo_clickbait_headline_scores_high_and_news_headline_low() -> None:
    bait = headline_style(
        "The Space Station Mishap Nobody Is Talking About (And Why It Could Change Everything)"
    )
    news = headline_style(
        "Space agency picks Kestrel Orbital to build commercial module for Concord Station"
    )
    assert bait.is_clickbait and bait.clickbait > 0.9
    assert "nobody is talking" in bait.hooks
    assert not news.is_clickbait and news.clickbait < 0.2
    assert news.flags == ()


def test_caps_superlatives_lists_and_exclamations_are_reported() -> None:
    style = headline_style("9 Of The Craziest Gadgets You Need To See NOW!")
    assert style.number_list
    assert style.exclamation
    assert "craziest" in style.superlatives
    assert style.all_caps == ("NOW",)
    # Acronyms are not shouting.
    assert headline_style("NASA and ESA sign a lunar data pact").all_caps == ()
    assert headline_style("Why the bridge closed?").question
