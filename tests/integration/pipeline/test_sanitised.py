"""Hostile HTML in a feed never reaches the store: the refresh pipeline sanitises what it writes.

The parser leaves entry HTML raw; ``tidings.ingest.process.clean_update`` runs in
the writer on the new and changed entries. These tests fetch real feeds over
HTTP from 127.0.0.1 and read back what ``list_entries`` returns.
"""

from __future__ import annotations

from html import escape

import pytest
from aiohttp import web

from tidings.store.entries import list_entries
from tidings.types import RefreshStatus

from ..helpers import follow, refresh_all, serving

pytestmark = pytest.mark.asyncio

HOSTILE = (
    '<p onclick="steal()">Story <a href="javascript:alert(1)">click</a> and '
    '<a href="/articles/2">next</a>, <a href="related.html">related</a>.</p>'
    '<img src="img/photo.jpg" onerror="alert(2)" alt="photo">'
    "<script>alert(3)</script>"
    "<!--><img src=x onerror=alert(4)>-->"
    '<iframe src="https://evil.example/"></iframe>'
)
FORBIDDEN = ("<script", "alert(", "onerror", "onclick", "javascript:", "<iframe", "src=x")


def rss_feed(extra_item: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Hostile</title><link>/</link><description>d</description>"
        "<item><guid>h1</guid><title>One</title><link>/articles/1</link>"
        f"<description>{escape(HOSTILE)}</description></item>"
        "<item><guid>h2</guid><title>Two</title><link>/articles/2</link>"
        f"<description>short</description><content:encoded><![CDATA[{HOSTILE}]]></content:encoded>"
        f"</item>{extra_item}</channel></rss>"
    ).encode()


def atom_feed() -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/">'
        "<title>Hostile Atom</title><id>urn:hostile</id><updated>2026-11-19T08:00:00Z</updated>"
        '<entry xml:base="2026/11/"><id>urn:hostile:a1</id><title>A1</title>'
        "<updated>2026-11-19T08:00:00Z</updated>"
        f'<content type="html">{escape(HOSTILE)}</content></entry>'
        "</feed>"
    ).encode()


def app_serving(routes: dict[str, bytes]) -> web.Application:
    async def handler(request: web.Request) -> web.Response:
        body = routes.get(request.path)
        if body is None:
            return web.Response(status=404)
        return web.Response(body=body, content_type="application/xml")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    return app


async def refresh(db, settings):
    _, results = await refresh_all(db, settings)
    return results


def stored(db, user_id: int, feed_id: int) -> dict[str, object]:
    with db.connect() as conn:
        return {e.key: e for e in list_entries(conn, user_id, feed_id=feed_id, limit=100)}


def assert_safe(html: str | None) -> None:
    assert html, "the safe part of the body is kept"
    for bad in FORBIDDEN:
        assert bad not in html, (bad, html)


async def test_stored_rss_entries_are_sanitised_and_links_absolute(db, settings):
    routes = {"/feed.xml": rss_feed()}
    async with serving(app_serving(routes)) as base:
        user_id, ids = follow(db, [base + "/feed.xml"])
        results = await refresh(db, settings)
        feed_id = ids[base + "/feed.xml"]
        assert results[feed_id].status is RefreshStatus.UPDATED
        entries = stored(db, user_id, feed_id)
        assert set(entries) == {"h1", "h2"}
        for entry in entries.values():
            assert_safe(entry.summary)
            assert_safe(entry.content)
        for html in (entries["h1"].summary, entries["h2"].content):
            assert f'href="{base}/articles/2"' in html
            assert f'href="{base}/related.html"' in html
            assert f'src="{base}/img/photo.jpg"' in html
            assert 'href="/' not in html and 'src="img/' not in html
            assert ">click</a>" in html  # the text of the javascript: link stays
        assert entries["h2"].summary == "short"

        # Unchanged entries are not written (nor sanitised) again; a changed one is.
        results = await refresh(db, settings)
        assert results[feed_id].status is RefreshStatus.UNCHANGED
        routes["/feed.xml"] = rss_feed(
            "<item><guid>h3</guid><title>Three</title>"
            '<description>&lt;a href="three.html" onmouseover="x()"&gt;3&lt;/a&gt;</description></item>'
        )
        results = await refresh(db, settings)
        assert (results[feed_id].new_entries, results[feed_id].updated_entries) == (1, 0)
        three = stored(db, user_id, feed_id)["h3"]
        assert three.summary == (
            f'<a href="{base}/three.html" rel="noopener noreferrer nofollow">3</a>'
        )


async def test_atom_xml_base_resolves_relative_links_in_stored_content(db, settings):
    async with serving(app_serving({"/atom.xml": atom_feed()})) as base:
        user_id, ids = follow(db, [base + "/atom.xml"])
        await refresh(db, settings)
        (entry,) = stored(db, user_id, ids[base + "/atom.xml"]).values()
    assert_safe(entry.content)
    assert f'href="{base}/articles/2"' in entry.content
    assert f'href="{base}/blog/2026/11/related.html"' in entry.content
    assert f'src="{base}/blog/2026/11/img/photo.jpg"' in entry.content
