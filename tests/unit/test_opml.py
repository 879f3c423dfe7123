"""OPML import/export: what a user moving from another reader relies on."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidings.errors import OPMLError
from tidings.ingest.opml import OPMLOutline, check_outlines, export_opml, parse_opml

DATA = Path(__file__).parent.parent / "data" / "opml"
NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


# --- parsing -----------------------------------------------------------------


def test_folders_are_kept_and_deeper_nesting_takes_the_innermost_folder() -> None:
    outlines = parse_opml(read("folders.opml"))
    assert [(o.xml_url, o.folder) for o in outlines] == [
        ("https://loose.example/feed.xml", None),
        ("https://gazette.example/rss", "News"),
        ("https://wire.example/atom.xml", "News"),
        ("https://deep.example/feed", "Tech"),
        ("https://deepest.example/feed", "Deeper"),
        ("https://back.example/feed", "News"),
    ]


def test_title_prefers_title_attribute_and_html_url_is_kept() -> None:
    gazette = parse_opml(read("folders.opml"))[1]
    assert gazette == OPMLOutline(
        xml_url="https://gazette.example/rss",
        title="The Harbour Gazette",
        html_url="https://gazette.example/",
        folder="News",
    )


def test_duplicate_feeds_are_kept_once_first_wins() -> None:
    outlines = parse_opml(read("folders.opml"))
    gazettes = [o for o in outlines if o.xml_url == "https://gazette.example/rss"]
    assert len(gazettes) == 1 and gazettes[0].folder == "News"


def test_xml_url_spelling_variants_and_opml_1_latin1() -> None:
    outlines = parse_opml(read("case_variants.opml"))
    assert [o.xml_url for o in outlines] == [
        "https://a.example/feed",
        "https://b.example/feed",
        "https://c.example/feed",
        "https://d.example/feed",
        "https://e.example/feed",
    ]
    assert outlines[1].html_url == "https://b.example/"
    assert outlines[3].title == "Café des Sciences"
    assert outlines[4].title == "spaced"


def test_outline_type_does_not_matter() -> None:
    doc = b"""<opml version="2.0"><body>
      <outline text="a" type="rss" xmlUrl="https://a.example/1"/>
      <outline text="b" type="atom" xmlUrl="https://a.example/2"/>
      <outline text="c" xmlUrl="https://a.example/3"/>
      <outline text="d" type="link" url="https://a.example/not-a-feed"/>
    </body></opml>"""
    assert [o.title for o in parse_opml(doc)] == ["a", "b", "c"]


def test_malformed_opml_says_which_line() -> None:
    with pytest.raises(OPMLError, match=r"line 4, column \d+: Opening and ending tag mismatch"):
        parse_opml(read("malformed.opml"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<rss version='2.0'><channel/></rss>", "root element is <rss>"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
        (b"<html><body>hi", "not well-formed"),
    ],
)
def test_not_opml_is_explained(data: bytes, expected: str) -> None:
    with pytest.raises(OPMLError, match=expected):
        parse_opml(data)


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(OPMLError, match="declares XML entities"):
        parse_opml(read("billion_laughs.opml"))
    assert time.perf_counter() - started < 1


def test_external_entity_is_refused() -> None:
    with pytest.raises(OPMLError, match="declares XML entities"):
        parse_opml(read("external_entity.opml"))


@pytest.mark.parametrize("name", ["billion_laughs.opml", "external_entity.opml"])
def test_entity_attacks_in_utf16_do_not_expand_either(name: str) -> None:
    # The byte scan for <!ENTITY cannot see UTF-16; the parser settings must hold.
    text = read(name).decode().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    started = time.perf_counter()
    try:
        outlines = parse_opml(text.encode("utf-16"))
    except OPMLError:
        outlines = []
    assert time.perf_counter() - started < 1
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    for outline in outlines:
        assert "lollol" not in (outline.title or "")
        assert not hostname or hostname not in (outline.title or "")


# --- screening before any fetch ---------------------------------------------


def outline(url: str) -> OPMLOutline:
    return OPMLOutline(xml_url=url, title="t")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://ftp.example.org/feed.xml",
        "gopher://example.org/",
    ],
)
def test_non_http_schemes_are_rejected_even_when_private_is_allowed(url: str) -> None:
    for allow_private in (False, True):
        accepted, rejected = check_outlines([outline(url)], allow_private=allow_private)
        assert accepted == []
        assert [r[0].xml_url for r in rejected] == [url]
        assert rejected[0][1]  # a reason a person can read


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://2130706433/feed",  # 127.0.0.1 spelled as one integer
        "http://[::1]/feed",
        "http://10.0.0.1/rss",
    ],
)
def test_private_and_loopback_addresses_are_rejected_unless_allowed(url: str) -> None:
    accepted, rejected = check_outlines([outline(url)], allow_private=False)
    assert accepted == [] and len(rejected) == 1
    assert rejected[0][1]
    accepted, rejected = check_outlines([outline(url)], allow_private=True)
    assert len(accepted) == 1 and rejected == []


def test_public_feeds_pass_and_order_is_kept() -> None:
    urls = ["https://news.example.org/rss", "file:///x", "http://blog.example.com/atom.xml"]
    accepted, rejected = check_outlines([outline(u) for u in urls], allow_private=False)
    assert [a.xml_url.rstrip("/") for a in accepted] == [urls[0], urls[2]]
    assert [r[0].xml_url for r in rejected] == ["file:///x"]


def test_two_spellings_of_one_address_are_kept_once() -> None:
    accepted, rejected = check_outlines(
        [outline("HTTPS://News.Example.org/rss"), outline("https://news.example.org/rss")],
        allow_private=False,
    )
    assert [a.xml_url for a in accepted] == ["https://news.example.org/rss"]
    assert len(rejected) == 1 and "twice" in rejected[0][1]


# --- export --------------------------------------------------------------------


def test_export_writes_opml_2_with_folders_as_parents() -> None:
    subs = [
        OPMLOutline("https://a.example/feed", "A", "https://a.example/", "News"),
        OPMLOutline("https://b.example/feed", "B", None, None),
        OPMLOutline("https://c.example/feed", "C", None, "News"),
    ]
    doc = export_opml(subs, title="Mine", now=NOW)
    assert doc.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b'<opml version="2.0">' in doc
    assert b"<title>Mine</title>" in doc
    assert b"<dateCreated>Sat, 14 Mar 2026 09:30:00 GMT</dateCreated>" in doc
    # One News folder holding both of its feeds, placed where its first feed was.
    assert doc.count(b'text="News"') == 1
    assert parse_opml(doc) == [subs[0], subs[2], subs[1]]


def test_export_of_nothing_is_still_a_valid_file() -> None:
    assert parse_opml(export_opml([], now=NOW)) == []


xml_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=40,
).map(str.strip)
titles = st.one_of(st.none(), xml_text.filter(bool), st.sampled_from(["A & B", "<b>x</b>", "\"q\" 'q'", "Ça été 📰"]))
folders = st.one_of(st.none(), st.sampled_from(["News", "Tech & Science", "<Listen>", "\"Q\""]), xml_text.filter(bool))


@st.composite
def subscription_lists(draw: st.DrawFn) -> list[OPMLOutline]:
    n = draw(st.integers(0, 8))
    items = [
        OPMLOutline(
            xml_url=f"https://feeds.example/{i}?a=1&b=<{i}>",
            title=draw(titles),
            html_url=draw(st.one_of(st.none(), st.just(f"https://site.example/{i}?x=1&y=\"2\""))),
            folder=draw(folders),
        )
        for i in range(n)
    ]
    # Canonical order: folders grouped where each first appears.
    first: dict[str | None, int] = {}
    for index, item in enumerate(items):
        first.setdefault(item.folder, index)
    return sorted(items, key=lambda o: first[o.folder])


@given(subscription_lists())
def test_export_then_parse_round_trips(subs: list[OPMLOutline]) -> None:
    assert parse_opml(export_opml(subs, now=NOW)) == subs
