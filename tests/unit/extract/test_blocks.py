"""trafilatura's body XML -> reading blocks."""

from __future__ import annotations

from lxml import etree

from tidings.content.extract.blocks import body_blocks


def _blocks(xml: str):
    return body_blocks(etree.fromstring(f"<body>{xml}</body>"))


def test_a_link_glued_to_the_next_word_gets_its_space_back() -> None:
    # trafilatura with links on sometimes splits a paragraph at a link and drops the space.
    (block,) = _blocks('<p><ref target="/guide">Price Guide</ref>for the latest deals</p>')
    assert block.text == "Price Guide for the latest deals"
    assert block.html == '<p><a href="/guide">Price Guide</a> for the latest deals</p>'


def test_a_link_followed_by_punctuation_or_a_space_is_left_alone() -> None:
    (block,) = _blocks(
        '<p>Ask <ref target="/a">Apple</ref>\'s staff, or <ref target="/b">the desk</ref>. '
        'A <ref target="/c">link</ref> here.</p>'
    )
    assert block.text == "Ask Apple's staff, or the desk. A link here."
