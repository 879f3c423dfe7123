"""canonical_link: tracking parameters go, everything that can name a different article stays."""

from __future__ import annotations

import pytest

from tidings.ingest.links import canonical_link, resolve_url, web_link


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://ex.com/a?utm_source=rss&utm_medium=feed", "https://ex.com/a"),
        ("https://ex.com/a?id=3&utm_campaign=x&page=2", "https://ex.com/a?id=3&page=2"),
        ("https://ex.com/a?fbclid=IwAR0&gclid=x&mc_cid=1&mc_eid=2&igshid=3", "https://ex.com/a"),
        ("https://ex.com/a?UTM_Source=x&Ref=keep", "https://ex.com/a?Ref=keep"),
        ("HTTPS://Example.COM:443/Path/To?q=1#Frag", "https://example.com/Path/To?q=1#Frag"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("https://example.com", "https://example.com/"),
        (
            "https://www.youtube.com/watch?v=abc&si=track&feature=share",
            "https://www.youtube.com/watch?v=abc",
        ),
        (
            "https://ex.com/article?si=5",
            "https://ex.com/article?si=5",
        ),  # 'si' is tracking only on some hosts
        ("https://ex.com/a#utm_source=x", "https://ex.com/a"),
        ("https://ex.com/a#section-2", "https://ex.com/a#section-2"),
        ("https://ex.com/a?b=1&b=2&a=0", "https://ex.com/a?b=1&b=2&a=0"),  # order and repeats kept
        ("https://ex.com/a b", "https://ex.com/a%20b"),
        ("  https://ex.com/x  ", "https://ex.com/x"),
        ("mailto:x@example.com", "mailto:x@example.com"),
        ("not a url", "not a url"),
        ("http://[::1]:80/x?_hsenc=a&__hstc=b", "http://[::1]/x"),
    ],
)
def test_canonical_link(url: str, canonical: str) -> None:
    assert canonical_link(url) == canonical


def test_canonical_link_is_idempotent() -> None:
    for url in ("HTTPS://Ex.com:443/a?utm_source=1&x=2#f", "https://ex.com/a?b=1&fbclid=2"):
        once = canonical_link(url)
        assert canonical_link(once) == once


def test_resolve_and_web_link() -> None:
    assert resolve_url("../x", "https://ex.com/a/b/c") == "https://ex.com/a/x"
    assert resolve_url("", "https://ex.com/") is None
    assert web_link("/p?utm_term=x", "https://Ex.com/feed") == "https://ex.com/p"
    assert web_link("javascript:alert(1)", "https://ex.com/") is None
    assert web_link("ftp://ex.com/file", None) is None
