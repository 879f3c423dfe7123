"""A broken entry must not take the rest of the feed with it: entries are recovered one by one.

When lxml's recovering parser returns fewer entries than the document has entry
tags, the parser re-reads each entry on its own (cheap) before it falls back to
feedparser's loose parser (~2 MB/s).
"""

from __future__ import annotations

import pytest

from tidings.ingest.parse import parse_feed

URL = "https://recover.example.org/feed"
BROKEN = {
    "unterminated attribute quote": '<description><a href="x>y</a></description>',
    "channel closed too early": "<description>a</description></item></channel></rss>",
    "unclosed comment": "<description>a<!-- x</description>",
}


def rss(broken: str) -> bytes:
    items = "".join(
        f"<item><guid>g{i}</guid><title>T{i}</title><dc:creator>Ann {i}</dc:creator>"
        f"{broken if i == 1 else '<description>ok</description>'}</item>"
        for i in range(5)
    )
    return (
        '<rss version="2.0"><channel xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<title>R</title><link>https://recover.example.org/</link>{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize("broken", BROKEN.values(), ids=BROKEN.keys())
def test_rss_entries_after_a_broken_one_are_kept(broken: str) -> None:
    feed = parse_feed(rss(broken), url=URL)
    assert feed.parser == "fast"
    assert [e.key for e in feed.entries] == [f"g{i}" for i in range(5)]
    assert [e.title for e in feed.entries] == [f"T{i}" for i in range(5)]
    # Namespaces declared on the channel still apply inside each re-read entry.
    assert [e.authors for e in feed.entries] == [(f"Ann {i}",) for i in range(5)]
    assert feed.title == "R" and feed.link == "https://recover.example.org/"
    assert "Entries were recovered one by one." in feed.problems


def test_atom_entries_keep_the_root_xml_base() -> None:
    entries = "".join(
        f"<entry><id>e{i}</id><title>T{i}</title>"
        + ('<summary type="html">a<!-- x</summary>' if i == 1 else "")
        + '<content type="html">&lt;a href="p.html"&gt;p&lt;/a&gt;</content></entry>'
        for i in range(4)
    )
    body = (
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://b.example.org/dir/">'
        f"<title>A</title>{entries}</feed>"
    ).encode()
    feed = parse_feed(body, url=URL)
    assert [e.key for e in feed.entries] == ["e0", "e1", "e2", "e3"]
    assert feed.entries[3].base_url == "https://b.example.org/dir/"


def test_an_entry_tag_inside_cdata_is_not_a_place_to_cut() -> None:
    # An unclosed CDATA section swallows the following items as text; cutting at the
    # <item> tags inside it cannot be trusted, so feedparser's reading is used instead.
    body = rss("<description><![CDATA[never closed</description>").replace(
        b"<description>ok</description>", b"<description><![CDATA[ok]]></description>"
    )
    feed = parse_feed(body, url=URL)
    assert feed.entries and feed.entries[0].key == "g0"
