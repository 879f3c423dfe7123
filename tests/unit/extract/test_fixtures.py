"""Hand-written article pages next to what extraction must find in them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from tidings.content.extract import ExtractionStatus, extract_article

DATA = Path(__file__).parents[2] / "data" / "extract"
PAGES = sorted(p.stem for p in DATA.glob("*.html"))


def _load(name: str) -> tuple[bytes, dict]:
    expected = json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))
    return (DATA / f"{name}.html").read_bytes(), expected


def test_every_page_has_an_expectation() -> None:
    assert PAGES and all((DATA / f"{p}.expected.json").exists() for p in PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_metadata(name: str) -> None:
    html, exp = _load(name)
    article = extract_article(html, url=exp.get("url"))
    assert article.status is ExtractionStatus(exp["status"])
    assert article.title == exp["title"]
    assert article.authors == tuple(exp["authors"])
    assert article.published == datetime.fromisoformat(exp["published"])
    assert article.published.utcoffset().total_seconds() == 0
    assert article.site_name == exp["site_name"]
    assert article.language == exp["language"]
    for key in ("lead_image", "canonical_url"):
        if key in exp:
            assert getattr(article, key) == exp[key]


@pytest.mark.parametrize("name", PAGES)
def test_article_text_kept_and_chrome_gone(name: str) -> None:
    html, exp = _load(name)
    article = extract_article(html, url=exp.get("url"))
    for phrase in exp["text_contains"]:
        assert phrase in article.text
    assert article.standfirst == exp.get("standfirst", "")
    for phrase in exp["text_excludes"]:
        assert phrase not in article.text, phrase
        if phrase != article.standfirst:  # the standfirst leads the reading HTML
            assert phrase not in article.html, phrase
    for fragment in exp["html_contains"]:
        assert fragment in article.html
    assert article.word_count > 0 and article.reading_minutes >= 1


@pytest.mark.parametrize("name", PAGES)
def test_text_is_paragraphs_separated_by_blank_lines(name: str) -> None:
    html, exp = _load(name)
    text = extract_article(html, url=exp.get("url")).text
    paragraphs = text.split("\n\n")
    assert len(paragraphs) >= 3
    assert all(p.strip() == p and p for p in paragraphs)


def test_title_is_not_repeated_in_the_body() -> None:
    html, exp = _load("news_article")
    article = extract_article(html)
    assert not article.text.startswith(exp["title"])


def test_html_is_sanitised() -> None:
    html, _ = _load("news_article")
    article = extract_article(html)
    assert "<script" not in article.html and "<form" not in article.html
    assert "onclick" not in article.html


def test_str_and_bytes_give_the_same_result() -> None:
    html, _ = _load("blog_post")
    assert extract_article(html) == extract_article(html.decode("utf-8"))


def test_cjk_words_are_counted_by_character() -> None:
    html, _ = _load("cjk_japanese")
    article = extract_article(html)
    assert article.word_count > 200  # not the 15 runs \w+ would see
    assert article.reading_minutes == 1
