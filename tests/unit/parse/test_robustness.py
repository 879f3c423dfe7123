"""Malformed, mis-encoded, hostile and unusual documents: recovered, refused or read safely."""

from __future__ import annotations

import resource
import time

import pytest

from tidings.errors import NotAFeedError, TidingsError
from tidings.ingest.parse import parse_feed
from tidings.types import FeedFormat

from .helpers import fixture

URL = "https://feeds.example.org/feed"


# --- recovery ---------------------------------------------------------------------------


def test_malformed_feed_is_recovered_and_flagged() -> None:
    feed = parse_feed(fixture("malformed_recovered.xml"), url=URL)
    assert feed.recovered
    assert any("not well-formed" in p for p in feed.problems)
    assert feed.title == "Broken & proud"
    assert [e.link for e in feed.entries] == [
        "https://broken.example.org/1",
        "https://broken.example.org/2",
    ]
    assert feed.entries[0].title == "Unescaped ampersand & unclosed tag"


def test_html_entities_are_read_as_html_would_and_flagged() -> None:
    feed = parse_feed(fixture("html_entities.xml"), url=URL)
    assert feed.title == "Café — News Today"
    assert feed.entries[0].title == "Résumé …"
    assert any("HTML entities" in p for p in feed.problems)


def test_well_formed_feed_has_no_problems() -> None:
    feed = parse_feed(fixture("rss20_full.xml"), url=URL)
    assert feed.problems == ()
    assert feed.parser == "fast"


# --- encodings ----------------------------------------------------------------------------


def test_declared_utf8_but_latin1_bytes_is_read_and_flagged() -> None:
    feed = parse_feed(fixture("misdeclared_utf8_latin1.xml"), url=URL)
    assert feed.title == "Déjà vu - ça"
    assert feed.entries[0].title == "Crème brûlée"
    assert any("says its encoding is utf-8" in p for p in feed.problems)


def test_undeclared_windows_1252_is_read() -> None:
    feed = parse_feed(fixture("windows1252_undeclared.xml"), url=URL)
    assert feed.title == "“Smart” quotes — and €uros"
    assert feed.entries[0].title == "It’s here"
    assert feed.recovered  # not UTF-8 as an undeclared document must be


def test_utf16_with_bom_is_read() -> None:
    feed = parse_feed(fixture("utf16_bom.xml"), url=URL)
    assert feed.title == "UTF-16 Überschrift"
    assert feed.entries[0].title == "Grüße"
    assert feed.problems == ()


def test_http_charset_overrides_the_xml_declaration() -> None:
    body = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Ñandú</title></channel></rss>'
    feed = parse_feed(
        body.encode("iso-8859-1"), url=URL, content_type="application/rss+xml; charset=ISO-8859-1"
    )
    assert feed.title == "Ñandú"
    assert feed.problems == ()


# --- not a feed --------------------------------------------------------------------------------


def test_html_page_is_not_a_feed_and_says_what_to_do() -> None:
    with pytest.raises(NotAFeedError, match="HTML page.*tidings add"):
        parse_feed(fixture("html_page.html"), url=URL, content_type="text/html")


@pytest.mark.parametrize("body", [b"", b"   \n\t "])
def test_empty_body_is_not_a_feed(body: bytes) -> None:
    with pytest.raises(NotAFeedError, match="empty"):
        parse_feed(body, url=URL)


def test_image_is_not_a_feed() -> None:
    with pytest.raises(NotAFeedError, match=r"image \(image/png\)"):
        parse_feed(b"\x89PNG\r\n\x1a\n....", url=URL, content_type="image/png")
    with pytest.raises(NotAFeedError, match="image"):
        parse_feed(b"\x89PNG\r\n\x1a\n....", url=URL)  # sniffed without a Content-Type


def test_other_xml_is_not_a_feed_and_names_its_root() -> None:
    with pytest.raises(NotAFeedError, match="<opml>"):
        parse_feed(b"<opml version='2.0'><body/></opml>", url=URL)


def test_json_that_is_not_a_json_feed_is_not_a_feed() -> None:
    with pytest.raises(NotAFeedError, match="JSON"):
        parse_feed(b'{"hello": "world", "items": 3}', url=URL, content_type="application/json")
    with pytest.raises(NotAFeedError, match="JSON"):
        parse_feed(b'{"broken": ', url=URL)


def test_gzipped_twice_feed_is_unwrapped() -> None:
    import gzip

    feed = parse_feed(gzip.compress(fixture("rss20_full.xml")), url=URL)
    assert feed.title == "The Daily & Weekly"


# --- XML safety -------------------------------------------------------------------------------


def _max_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def test_billion_laughs_is_not_expanded_and_returns_quickly() -> None:
    before = _max_rss_kib()
    started = time.process_time()
    feed = parse_feed(fixture("billion_laughs.xml"), url=URL)
    assert time.process_time() - started < 1.0
    assert _max_rss_kib() - before < 50_000  # KiB: an expansion would need gigabytes
    assert "lol" not in (feed.title or "")
    assert all("lol" not in (e.title or "") + (e.summary or "") for e in feed.entries)
    assert feed.entries[0].link == "https://lol.example.org/1"
    assert any("not expanded" in p for p in feed.problems)


def test_external_entities_are_never_resolved() -> None:
    feed = parse_feed(fixture("external_entity.xml"), url=URL)
    text = repr(feed)
    assert "root:" not in text and "/bin/" not in text  # /etc/passwd content
    assert feed.entries[0].link == "https://xxe.example.org/1"
    assert feed.recovered


def test_quadratic_blowup_is_bounded() -> None:
    big = "x" * 50_000
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{big}">]>'
        f'<rss version="2.0"><channel><title>{"&a;" * 5000}</title></channel></rss>'
    ).encode()
    started = time.process_time()
    try:
        feed = parse_feed(body, url=URL)
    except NotAFeedError:
        return  # refusing is acceptable; expanding 250 MB is not
    assert time.process_time() - started < 2.0
    assert len(feed.title or "") < 1_000_000


def test_feedparser_fallback_is_as_safe() -> None:
    """Force the last-resort path and feed it the hostile documents directly."""
    from tidings.ingest.parse import fallback

    for name in ("billion_laughs.xml", "external_entity.xml"):
        started = time.process_time()
        draft = fallback.parse_with_feedparser(fixture(name), URL)
        assert time.process_time() - started < 2.0
        text = repr(draft.title) + repr(draft.entries)
        assert "lol" * 10 not in text
        assert "root:" not in text


# --- keys and odd entries -----------------------------------------------------------------------


def test_duplicate_guids_are_all_kept_in_order() -> None:
    feed = parse_feed(fixture("duplicate_guids.xml"), url=URL)
    assert [(e.key, e.title) for e in feed.entries] == [
        ("same-id", "First copy"),
        ("same-id", "Second copy"),
        ("other-id", "Other"),
    ]


def test_entries_without_ids_get_deterministic_distinct_keys() -> None:
    first = parse_feed(fixture("no_ids_no_dates.xml"), url="https://bare.example.org/rss")
    again = parse_feed(fixture("no_ids_no_dates.xml"), url="https://bare.example.org/rss")
    keys = [e.key for e in first.entries]
    assert keys == [e.key for e in again.entries]
    assert keys[0].startswith("sha1:") and keys[1].startswith("sha1:") and keys[0] != keys[1]
    assert keys[2] == "https://bare.example.org/relative/link"  # no id: the absolute link
    assert keys[3] == "https://bare.example.org/x"
    assert all(e.published is None and e.updated is None for e in first.entries)


def test_huge_feed_parses() -> None:
    items = "".join(
        f"<item><guid>id-{i}</guid><title>Item {i}</title><link>https://huge.example.org/{i}</link>"
        f"<description>&lt;p&gt;Body {i}&lt;/p&gt;</description>"
        f"<pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>"
        for i in range(10_000)
    )
    body = f'<rss version="2.0"><channel><title>Huge</title>{items}</channel></rss>'.encode()
    feed = parse_feed(body, url=URL)
    assert len(feed.entries) == 10_000
    assert feed.entries[-1].key == "id-9999"
    assert feed.entries[9_999].summary == "<p>Body 9999</p>"


def test_only_tidings_errors_escape() -> None:
    for body in (b"<", b"<?xml", b"<rss", b"\xff\xfe<\x00", b"{", b"<feed><entry>", b"\x00" * 10):
        try:
            parse_feed(body, url=URL)
        except TidingsError:
            pass


def test_format_of_rss_versions() -> None:
    def fmt(version: str) -> FeedFormat:
        return parse_feed(
            f'<rss version="{version}"><channel><title>v</title></channel></rss>'.encode(), url=URL
        ).format

    assert fmt("0.91") is FeedFormat.RSS091
    assert fmt("0.92") is FeedFormat.RSS092
    assert fmt("2.0") is FeedFormat.RSS20


def test_mismatched_inline_xhtml_keeps_every_entry() -> None:
    feed = parse_feed(fixture("mismatched_xhtml.xml"), url=URL)
    assert [e.key for e in feed.entries] == ["m1", "m2", "m3"]
    assert feed.entries[0].content is not None and "Para" in feed.entries[0].content
    assert feed.recovered


def test_feed_wrapped_in_an_xhtml_page_is_found() -> None:
    body = (
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Inside</title><entry><id>w1</id></entry></feed>'
        b"</body></html>"
    )
    feed = parse_feed(body, url=URL)
    assert feed.title == "Inside" and [e.key for e in feed.entries] == ["w1"]
    assert "wrapped in an HTML page" in feed.problems[0]


def test_control_characters_are_removed() -> None:
    body = b'<rss version="2.0"><channel><title>Bell\x07 and null\x00</title></channel></rss>'
    feed = parse_feed(body, url=URL)
    assert feed.title == "Bell and null"
    assert any("control characters" in p for p in feed.problems)


def test_doctype_after_a_comment_is_removed_but_doctype_text_in_cdata_is_kept() -> None:
    body = (
        b'<?xml version="1.0"?>\n<!-- a comment with <!DOCTYPE inside -->\n'
        b'<!DOCTYPE rss [<!ENTITY who "Ann">]>\n<rss version="2.0"><channel><title>By &who;</title>'
        b"<item><guid>d1</guid><description><![CDATA[<p>&lt;!DOCTYPE is text here</p>]]></description>"
        b"</item></channel></rss>"
    )
    feed = parse_feed(body, url=URL)
    assert feed.title == "By Ann"
    assert feed.entries[0].summary == "<p>&lt;!DOCTYPE is text here</p>"
    assert feed.problems == ()


def test_many_references_to_a_long_entity_do_not_blow_up() -> None:
    long_text = "y" * 1000
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "{long_text}">]>'
        f'<rss version="2.0"><channel><title>t</title><item><guid>q</guid>'
        f"<description>{'&a;' * 100_000}</description></item></channel></rss>"
    ).encode()
    started = time.process_time()
    feed = parse_feed(body, url=URL)
    assert time.process_time() - started < 5.0
    assert len(feed.entries[0].summary or "") < 10_000_000  # 100 MB if every reference expanded


def test_blank_lines_before_the_xml_declaration_are_tolerated() -> None:
    body = b'\n\n  <?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>A &amp; B</title></channel></rss>'
    feed = parse_feed(body, url=URL)
    assert feed.title == "A & B"
    assert feed.problems == ()


def test_bare_ampersands_are_repaired_but_cdata_is_left_alone() -> None:
    body = (
        b'<rss version="2.0"><channel><title>Fish & Chips</title><item><guid>c</guid>'
        b"<title><![CDATA[Salt & Vinegar]]></title></item></channel></rss>"
    )
    feed = parse_feed(body, url=URL)
    assert feed.title == "Fish & Chips"
    assert feed.entries[0].title == "Salt & Vinegar"
    assert any("1 unescaped ampersand" in p for p in feed.problems)
