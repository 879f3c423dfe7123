"""The processing step: entry HTML is sanitised after the decide step, only where it changed."""

from __future__ import annotations

from datetime import UTC, datetime

from tidings.ingest.parse import parse_feed
from tidings.ingest.process import clean_entry, clean_update
from tidings.types import EntryWrite, FeedUpdate, ParsedEntry, RefreshStatus

NOW = datetime(2026, 11, 24, tzinfo=UTC)
HOSTILE = (
    '<p onclick="steal()">Hi <a href="javascript:alert(1)">js</a>'
    '<img src="x.png" onerror="alert(2)"></p><script>alert(3)</script>'
    '<!--><img src=x onerror=alert(4)>-->'
    '<a href="../about.html">rel</a><a href="//cdn.example.org/x">proto</a>'
)


def entry(**fields) -> ParsedEntry:
    return ParsedEntry(key=fields.pop("key", "k"), **fields)


def test_clean_entry_removes_scripts_event_handlers_and_javascript_urls() -> None:
    cleaned = clean_entry(entry(summary=HOSTILE, base_url="https://site.example.org/a/b/post"))
    html = cleaned.summary or ""
    for bad in ("<script", "alert(3)", "onclick", "onerror", "javascript:", "alert(1)"):
        assert bad not in html, bad
    assert ">js</a>" in html  # the link text stays, its dangerous URL does not


def test_clean_entry_resolves_relative_urls_against_base_url() -> None:
    cleaned = clean_entry(entry(content=HOSTILE, base_url="https://site.example.org/a/b/post"))
    html = cleaned.content or ""
    assert 'src="https://site.example.org/a/b/x.png"' in html
    assert 'href="https://site.example.org/a/about.html"' in html
    assert 'href="https://cdn.example.org/x"' in html


def test_without_a_base_relative_urls_are_dropped_not_left_relative() -> None:
    cleaned = clean_entry(entry(content='<a href="/x">x</a><img src="y.png">'))
    assert cleaned.content is not None
    assert 'href="/x"' not in cleaned.content and 'src="y.png"' not in cleaned.content


def test_atom_entry_with_xml_base_is_resolved_against_it() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.org/blog/">'
        b"<title>B</title><entry><id>e1</id><title>T</title>"
        b'<content type="html" xml:base="posts/2026/">&lt;p&gt;&lt;a href="next.html"&gt;next&lt;/a&gt;'
        b'&lt;img src="/img/p.png" onerror="x()"&gt;&lt;script&gt;bad()&lt;/script&gt;&lt;/p&gt;</content>'
        b"</entry></feed>"
    )
    raw = parse_feed(body, url="https://atom.example.org/feed.atom").entries[0]
    assert raw.base_url == "https://atom.example.org/blog/posts/2026/"
    assert "<script>" in (raw.content or "")  # the parser no longer sanitises
    cleaned = clean_entry(raw)
    assert cleaned.content == (
        '<p><a href="https://atom.example.org/blog/posts/2026/next.html"'
        ' rel="noopener noreferrer nofollow">next</a>'
        '<img src="https://atom.example.org/img/p.png"></p>'
    )


def test_content_that_cleans_to_nothing_falls_back_to_the_summary() -> None:
    cleaned = clean_entry(entry(summary="<p>Kept</p>", content="<script>only()</script>"))
    assert cleaned.summary == cleaned.content == "<p>Kept</p>"
    assert clean_entry(entry(summary="<style>x</style>")).summary is None


def test_clean_entry_is_idempotent_and_keeps_everything_else() -> None:
    original = entry(
        title="T", link="https://l.example.org/", summary=HOSTILE, content="<b>B</b>",
        base_url="https://l.example.org/", categories=("c",),
    )
    once = clean_entry(original)
    assert clean_entry(once) == once
    assert (once.title, once.link, once.categories, once.base_url) == (
        "T", "https://l.example.org/", ("c",), "https://l.example.org/"
    )
    plain_text = entry(summary="Already clean &amp; inert")
    assert clean_entry(plain_text) is plain_text


def test_clean_update_cleans_only_the_writes_and_keeps_their_raw_hash() -> None:
    dirty = entry(key="a", summary="<p>x</p><script>y()</script>")
    update = FeedUpdate(
        feed_id=1,
        checked_at=NOW,
        next_check_at=None,
        status=RefreshStatus.UPDATED,
        entries=(EntryWrite("a", "rawhash", dirty, is_new=True),),
    )
    cleaned = clean_update(update)
    (write,) = cleaned.entries
    assert write.entry.summary == "<p>x</p>"
    assert (write.key, write.content_hash, write.is_new) == ("a", "rawhash", True)
    assert (cleaned.feed_id, cleaned.status) == (update.feed_id, update.status)
    unchanged = FeedUpdate(
        feed_id=1, checked_at=NOW, next_check_at=None, status=RefreshStatus.UNCHANGED
    )
    assert clean_update(unchanged) is unchanged
