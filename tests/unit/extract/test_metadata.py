"""Metadata from JSON-LD, OpenGraph and meta tags, in that order of trust."""

from __future__ import annotations

from datetime import UTC, datetime

import lxml.html
import pytest

from tidings.content.extract.metadata import extract_metadata, parse_date


def _meta(head: str, body: str = "", url: str | None = None):  # type: ignore[no-untyped-def]
    tree = lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return extract_metadata(tree, url=url)


def test_jsonld_wins_over_opengraph() -> None:
    meta = _meta(
        '<meta property="og:title" content="OG title">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "LD title",'
        ' "author": {"name": "By Ada Lovelace"}, "datePublished": "2020-01-02T03:04:05Z"}</script>'
    )
    assert meta.title == "LD title"
    assert meta.authors == ("Ada Lovelace",)
    assert meta.published == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_jsonld_type_list_and_broken_json() -> None:
    meta = _meta(
        '<script type="application/ld+json">{not json</script>'
        '<script type="application/ld+json">[{"@type": ["Article", "Thing"], "headline": "H",'
        ' "image": [{"url": "https://img.example/a.jpg"}]}]</script>'
    )
    assert meta.title == "H"
    assert meta.lead_image == "https://img.example/a.jpg"


def test_meta_authors_are_split_and_urls_dropped() -> None:
    meta = _meta(
        '<meta name="author" content="Ann Lee and Bo Chen; Cy Diaz">'
        '<meta property="article:author" content="https://fb.example/ann">'
    )
    assert meta.authors == ("Ann Lee", "Bo Chen", "Cy Diaz")


def test_title_loses_the_site_name() -> None:
    meta = _meta(
        "<title>Budget passes at last | Example News</title>"
        '<meta property="og:site_name" content="Example News">'
    )
    assert meta.title == "Budget passes at last"
    assert meta.site_name == "Example News"


def test_relative_urls_are_made_absolute() -> None:
    meta = _meta(
        '<link rel="canonical" href="/a/b"><meta property="og:image" content="img/x.png">',
        url="https://news.example/a/b?x=1",
    )
    assert meta.canonical_url == "https://news.example/a/b"
    assert meta.lead_image == "https://news.example/a/img/x.png"


def test_time_element_is_a_date_source() -> None:
    meta = _meta("", '<time datetime="2021-06-01T12:00:00-04:00">June 1</time>')
    assert meta.published == datetime(2021, 6, 1, 16, 0, tzinfo=UTC)


def test_declared_language() -> None:
    tree = lxml.html.document_fromstring('<html lang="pt-BR"><body><p>x</p></body></html>')
    assert extract_metadata(tree).declared_language == "pt"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019-11-20T10:00:00+01:00", datetime(2019, 11, 20, 9, 0, tzinfo=UTC)),
        ("2019-11-20", datetime(2019, 11, 20, tzinfo=UTC)),
        ("Wed, 20 Nov 2019 10:00:00 GMT", datetime(2019, 11, 20, 10, 0, tzinfo=UTC)),
        ("not a date", None),
        ("0001-01-01", None),
        ("", None),
    ],
)
def test_parse_date(raw: str, expected: datetime | None) -> None:
    assert parse_date(raw) == expected


def test_escaped_entities_and_roles_are_cleaned() -> None:
    meta = _meta(
        '<meta property="og:title" content="&amp;#8216;Quoted&amp;#8217; headline">'
        '<meta name="author" content="Tom Krisher, AP Auto Writer">'
        '<meta property="og:site_name" content="https://www.news.example">'
    )
    assert meta.title == "\u2018Quoted\u2019 headline"
    assert meta.authors == ("Tom Krisher",)
    assert meta.site_name == "www.news.example"
