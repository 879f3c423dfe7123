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


def test_loose_text_after_a_block_is_a_paragraph_of_its_own() -> None:
    # trafilatura keeps a run of loose text as the tail of the block before it
    blocks = _blocks(
        '<head rend="h2">Review</head>The new laptop is <hi rend="#b">faster</hi> &amp; lighter.'
        "<p>Second paragraph.</p>"
    )
    assert [(b.kind.value, b.text) for b in blocks] == [
        ("heading", "Review"),
        ("p", "The new laptop is faster & lighter."),
        ("p", "Second paragraph."),
    ]
    assert blocks[1].html == "<p>The new laptop is <strong>faster</strong> &amp; lighter.</p>"


def test_a_bare_web_address_after_an_image_is_not_a_paragraph() -> None:
    blocks = _blocks('<graphic src="a.jpg"/>https://example.org/news/story-1234<p>Text.</p>')
    assert [b.text for b in blocks] == ["", "Text."]


def test_a_link_left_directly_in_the_body_stays_a_paragraph_with_the_text_after_it() -> None:
    blocks = _blocks('<p>Text.</p><ref target="https://example.org">example.org</ref> for more')
    assert [b.text for b in blocks] == ["Text.", "example.org for more"]
    assert blocks[1].html == '<p><a href="https://example.org">example.org</a> for more</p>'
