"""extract_page: the step shared by background extraction and ``tidings extract``."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tidings.content.extract import ExtractionStatus
from tidings.content.pages import declared_not_html, extract_page, feed_text_is_short
from tidings.types import SiteRule

PARAGRAPH = (
    "The council met on Thursday to review the plan, which would widen the footpaths,"
    " add trees along the avenue and close two side streets to through traffic."
)
ARTICLE = "".join(f"<p>Part {i}. {PARAGRAPH}</p>" for i in range(6))
SIGN_IN_BOX = (
    '<div class="account"><p>Sign in to continue reading your saved stories.</p>'
    '<form><input name="u"><input type="password" name="p"></form></div>'
)


def page(body: str) -> bytes:
    return f"<html><head><title>T</title></head><body>{body}</body></html>".encode()


def rule(keep: str | None = None, drop: str | None = None) -> SiteRule:
    return SiteRule("news.example", keep, drop, datetime(2026, 11, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("content_type", "reason"),
    [
        ("image/png", "the address serves image/png, not an HTML page"),
        ("application/pdf; name=x.pdf", "the address serves application/pdf, not an HTML page"),
        ("text/html; charset=utf-8", None),
        ("application/xhtml+xml", None),
        ("application/octet-stream", None),  # mislabelled pages are sniffed
        (None, None),
    ],
)
def test_declared_content_type(content_type, reason):
    assert declared_not_html(content_type) == reason


def test_a_declared_image_is_never_parsed_even_if_it_looks_like_html():
    article = extract_page(page(ARTICLE), url=None, content_type="image/png")
    assert article.status is ExtractionStatus.NOT_HTML and article.text == ""


def test_a_long_article_with_a_sign_in_box_is_not_a_login_wall():
    article = extract_page(
        page(f"<header>{SIGN_IN_BOX}</header><article>{ARTICLE}</article>"),
        url=None,
        content_type=None,
    )
    assert article.status is ExtractionStatus.OK
    assert "Part 5." in article.text


def test_a_sign_in_form_with_a_teaser_is_a_login_wall():
    teaser = f"<article><h1>Budget</h1><p>{PARAGRAPH}</p>{SIGN_IN_BOX}</article>"
    article = extract_page(page(teaser), url=None, content_type="text/html")
    assert article.status is ExtractionStatus.LOGIN_WALL
    assert (
        article.reason
        == "the page asks the reader to sign in (a login wall); the feed's text is kept"
    )
    assert article.text == ""


def test_rules_keep_and_drop():
    html = page(
        f'<div class="promo"><p>{PARAGRAPH} Promo.</p></div><div id="story">{ARTICLE}<p class="ad">Buy now and save on widgets for every room of the house today.</p></div>'
    )
    kept = extract_page(html, url=None, content_type=None, rule=rule(keep="#story", drop=".ad"))
    assert "Part 0." in kept.text and "Promo." not in kept.text and "widgets" not in kept.text
    # A keep selector the site no longer matches leaves the page whole.
    stale = extract_page(html, url=None, content_type=None, rule=rule(keep="#gone"))
    assert "Part 0." in stale.text and "widgets" in stale.text


def test_rules_do_not_mask_bad_input():
    assert (
        extract_page(b"\x00\x01" * 500, url=None, content_type=None, rule=rule(drop="p")).status
        is ExtractionStatus.BINARY
    )
    assert (
        extract_page(b"", url=None, content_type=None, rule=rule(drop="p")).status
        is ExtractionStatus.NO_ARTICLE
    )


def test_short_feed_text_means_a_summary():
    words = " ".join(["word"] * 119)
    assert feed_text_is_short(f"<p>{words}</p>", None)
    assert not feed_text_is_short(None, f"<p>{words} more</p>")
    assert feed_text_is_short("<p>A long summary " + words + "</p>", "<p>Short content.</p>")
    assert not feed_text_is_short(
        None, "<p>" + "市" * 130 + "</p>"
    )  # CJK characters count as words


def test_every_extraction_status_can_be_stored():
    from tidings.types import ArticleStatus

    assert {s.value for s in ExtractionStatus} <= {s.value for s in ArticleStatus}


def test_a_rule_does_not_hide_a_page_nested_too_deep():
    deep = page("<i>" * 100_000 + "deep text" + "</i>" * 100_000)
    assert (
        extract_page(deep, url=None, content_type=None, rule=rule(drop="p")).status
        is ExtractionStatus.TOO_DEEP
    )
