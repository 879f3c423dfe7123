"""What the search index is fed: plain text from sanitised HTML (pure functions)."""

from __future__ import annotations

from tidings.store.fulltext import html_to_text, search_document, squeeze


def test_tags_become_word_breaks() -> None:
    assert squeeze(html_to_text("<p>quick</p><ul><li>brown</li><li>fox</li></ul>")) == (
        "quick brown fox"
    )


def test_quoted_attribute_values_do_not_leak() -> None:
    assert squeeze(html_to_text("<img alt=\"a > b\" title='c>d'>text")) == "text"


def test_entities_are_decoded_once() -> None:
    assert html_to_text("Fish &amp; chips") == "Fish & chips"
    assert html_to_text("a &amp;lt; b") == "a &lt; b"  # literally "&lt;" in the article
    assert html_to_text("caf&eacute; &#8212; &#x2014;") == "café — —"
    assert html_to_text("AT&T") == "AT&T"
    assert "\x00" not in html_to_text("x&#0;y\x00z")


def test_comments_are_dropped() -> None:
    assert squeeze(html_to_text("a<!-- secret -->b")) == "a b"


def test_document_indexes_the_summary_only_when_it_adds_something() -> None:
    title, authors, body = search_document(
        "<b>Title</b>",
        ("Ann", "Bob"),
        "<p>Lead paragraph.</p>",
        "<p>Lead paragraph.</p><p>More.</p>",
    )
    assert squeeze(title) == "Title" and authors == "Ann, Bob"
    assert squeeze(body) == "Lead paragraph. More."
    _, _, body = search_document(None, (), "<p>A teaser.</p>", "<p>The article.</p>")
    assert squeeze(body) == "A teaser. The article."
    _, _, body = search_document(None, (), "<p>Only a summary.</p>", None)
    assert squeeze(body) == "Only a summary."
