"""Feed discovery: from the address a person pastes to the feeds behind it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import feedparser
import pytest
from aiohttp import web

from tidings.errors import DiscoveryError, HTTPStatusError, NotAFeedError
from tidings.ingest.discover import (
    DiscoveredFeed,
    FeedLink,
    address_as_typed,
    common_feed_paths,
    discover,
    feed_links_in_html,
    youtube_channel_id_in_html,
    youtube_feed_url,
)
from tidings.types import FeedFormat, FetchResult, HTTPCacheHints, ParsedFeed

DATA = Path(__file__).parent.parent / "data" / "discover"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


# --- pure: pages ---------------------------------------------------------------


def test_link_alternates_resolved_against_base_in_order_deduplicated() -> None:
    links = feed_links_in_html(read("blog_with_links.html"), "https://lab.example.org/blog/post/42")
    assert links == [
        FeedLink("https://lab.example.org/blog/feed.xml", "Field Notes (RSS)", "application/rss+xml"),
        FeedLink("https://lab.example.org/blog/atom.xml", "Field Notes (Atom)", "application/atom+xml"),
        FeedLink("https://lab.example.org/blog/feed.json", "Field Notes (JSON)", "application/feed+json"),
    ]


def test_relative_href_without_base_uses_page_address() -> None:
    html = b'<html><head><link rel="alternate" type="application/atom+xml" href="../atom.xml"></head></html>'
    assert feed_links_in_html(html, "https://x.example/a/b/page.html") == [
        FeedLink("https://x.example/a/atom.xml", None, "application/atom+xml")
    ]


def test_anchor_links_are_used_only_when_no_link_element() -> None:
    links = feed_links_in_html(read("blog_with_anchors.html"), "https://radio.example.net/")
    assert links == [
        FeedLink("https://radio.example.net/feed/", "RSS feed", None),
        FeedLink("https://radio.example.net/podcast/rss.xml", "Podcast", None),
    ]
    # The <a href=".../rss.xml"> in this page is ignored: it has <link>s.
    with_links = feed_links_in_html(read("blog_with_links.html"), "https://lab.example.org/")
    assert "https://lab.example.org/other/rss.xml" not in [link.url for link in with_links]


@pytest.mark.parametrize("html", [b"", b"   ", read("no_feed.html")])
def test_pages_without_feeds_give_nothing(html: bytes) -> None:
    assert feed_links_in_html(html, "https://x.example/") == []


# --- pure: YouTube -------------------------------------------------------------

CHANNEL = "UCa1b2c3d4e5f6g7h8i9j0kL"


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        (
            f"https://www.youtube.com/channel/{CHANNEL}",
            f"https://www.youtube.com/feeds/videos.xml?channel_id={CHANNEL}",
        ),
        (
            f"https://m.youtube.com/channel/{CHANNEL}/videos?view=0",
            f"https://www.youtube.com/feeds/videos.xml?channel_id={CHANNEL}",
        ),
        (
            "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
            "https://www.youtube.com/feeds/videos.xml?playlist_id=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
        ),
        ("https://youtube.com/user/OrbitalKitchen", "https://www.youtube.com/feeds/videos.xml?user=OrbitalKitchen"),
        ("https://www.youtube.com/@orbitalkitchen", None),  # needs the page
        ("https://www.youtube.com/c/OrbitalKitchen", None),  # needs the page
        ("https://www.youtube.com/channel/not-an-id", None),
        (f"https://notyoutube.com/channel/{CHANNEL}", None),
    ],
)
def test_youtube_feed_url(url: str, feed: str | None) -> None:
    assert youtube_feed_url(url) == feed


def test_channel_id_from_page_markup_beats_related_channels_in_json() -> None:
    assert youtube_channel_id_in_html(read("youtube_handle.html")) == CHANNEL


def test_channel_id_from_json_prefers_external_id() -> None:
    assert youtube_channel_id_in_html(read("youtube_json_only.html")) == "UCeeeeeeeeeeeeeeeeeeeeee"
    assert youtube_channel_id_in_html(read("no_feed.html")) is None


def test_common_feed_paths_are_few_absolute_and_at_the_site_root() -> None:
    paths = common_feed_paths("https://lab.example.org/blog/post/42?x=1")
    assert paths[:3] == [
        "https://lab.example.org/feed",
        "https://lab.example.org/rss",
        "https://lab.example.org/feed.xml",
    ]
    assert "https://lab.example.org/?feed=rss2" in paths
    assert "https://lab.example.org/feeds/posts/default" in paths
    assert len(paths) == len(set(paths)) <= 12


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("example.org", "https://example.org"),
        ("  example.org/blog ", "https://example.org/blog"),
        ("localhost:8080/feed", "https://localhost:8080/feed"),
        ("feed://example.org/rss", "http://example.org/rss"),
        ("feed:https://example.org/rss", "https://example.org/rss"),
        ("http://example.org/", "http://example.org/"),
        ("javascript:alert(1)", "javascript:alert(1)"),  # left for the fetcher to refuse
    ],
)
def test_address_as_typed(typed: str, meant: str) -> None:
    assert address_as_typed(typed) == meant


# --- orchestrator against a local server ------------------------------------

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title>
<link>http://example.org/</link><item><title>One</title><link>http://example.org/1</link></item>
</channel></rss>"""


def page(links: str = "") -> bytes:
    return f"<!DOCTYPE html><html><head><title>Site</title>{links}</head><body>hi</body></html>".encode()


@dataclass
class Site:
    base: str
    routes: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    state = Site(base="")

    async def handler(request: web.Request) -> web.Response:
        state.requested.append(request.path_qs)
        found = state.routes.get(request.path_qs)
        if found is None:
            return web.Response(status=404, text="not here")
        content_type, body = found
        return web.Response(body=body, content_type=content_type)

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    port = runner.addresses[0][1]
    state.base = f"http://127.0.0.1:{port}"
    yield state
    await runner.cleanup()


def simple_fetch(session: aiohttp.ClientSession) -> Callable[..., Awaitable[FetchResult]]:
    """A stand-in with the contract of Fetcher.fetch: errors raised, FetchResult returned."""

    async def fetch(url: str, *, accept: str | None = None) -> FetchResult:
        async with session.get(url, headers={"Accept": accept or "*/*"}) as response:
            body = await response.read()
            if response.status >= 400:
                raise HTTPStatusError(f"{url} answered {response.status}", url=url, status=response.status)
            return FetchResult(
                requested_url=url,
                url=str(response.url),
                status=response.status,
                body=body,
                content_type=response.headers.get("Content-Type"),
                headers=dict(response.headers),
                cache=HTTPCacheHints(),
            )

    return fetch


def simple_parse(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    """A stand-in for parse_feed, using feedparser: NotAFeedError unless it is a feed."""
    parsed = feedparser.parse(body)
    if not parsed.version:
        raise NotAFeedError(f"{url} is not a feed")
    return ParsedFeed(format=FeedFormat.RSS20, title=parsed.feed.get("title"))


@pytest.fixture
async def tools() -> AsyncIterator[tuple[Callable[..., Awaitable[FetchResult]], Callable]]:
    async with aiohttp.ClientSession() as session:
        yield simple_fetch(session), simple_parse


async def test_page_with_link_gives_verified_feeds_only(site: Site, tools) -> None:
    fetch, parse = tools
    site.routes["/"] = (
        "text/html",
        page(
            '<link rel="alternate" type="application/rss+xml" title="Main" href="/main.xml">'
            '<link rel="alternate" type="application/atom+xml" href="/broken.xml">'
            '<link rel="alternate" type="application/rss+xml" href="/comments.xml">'
        ),
    )
    site.routes["/main.xml"] = ("application/rss+xml", RSS % b"Main news")
    site.routes["/comments.xml"] = ("application/rss+xml", RSS % b"Comments")
    site.routes["/broken.xml"] = ("application/atom+xml", b"<html>oops, an error page</html>")
    found = await discover(site.base + "/", fetch, parse)
    assert found == [
        DiscoveredFeed(site.base + "/main.xml", "Main news", FeedFormat.RSS20),
        DiscoveredFeed(site.base + "/comments.xml", "Comments", FeedFormat.RSS20),
    ]
    assert "/feed" not in site.requested  # no guessing once links worked


async def test_feed_address_itself_is_returned(site: Site, tools) -> None:
    fetch, parse = tools
    site.routes["/rss"] = ("application/xml", RSS % b"Direct")
    assert await discover(site.base + "/rss", fetch, parse) == [
        DiscoveredFeed(site.base + "/rss", "Direct", FeedFormat.RSS20)
    ]
    assert site.requested == ["/rss"]


async def test_page_without_link_finds_a_usual_address(site: Site, tools) -> None:
    fetch, parse = tools
    site.routes["/about"] = ("text/html", page())
    site.routes["/feed.xml"] = ("text/xml", RSS % b"Guessed")
    site.routes["/atom.xml"] = ("text/xml", RSS % b"Not reached")
    found = await discover(site.base + "/about", fetch, parse)
    assert found == [DiscoveredFeed(site.base + "/feed.xml", "Guessed", FeedFormat.RSS20)]
    assert "/atom.xml" not in site.requested  # stopped at the first hit


async def test_nothing_found_is_a_discovery_error_and_guessing_is_bounded(site: Site, tools) -> None:
    fetch, parse = tools
    site.routes["/"] = ("text/html", page())
    with pytest.raises(DiscoveryError, match=r"No feed found at http://127\.0\.0\.1:\d+/: .*Ask the site"):
        await discover(site.base + "/", fetch, parse)
    assert 1 < len(site.requested) <= 8


async def test_anchor_to_a_feed_is_used_when_the_page_has_no_link_element(site: Site, tools) -> None:
    fetch, parse = tools
    site.routes["/"] = ("text/html", page().replace(b"hi", b'<a href="/podcast/rss.xml">Podcast</a>'))
    site.routes["/podcast/rss.xml"] = ("application/rss+xml", RSS % b"The Podcast")
    found = await discover(site.base + "/", fetch, parse)
    assert found == [DiscoveredFeed(site.base + "/podcast/rss.xml", "The Podcast", FeedFormat.RSS20)]


async def test_an_address_that_does_not_answer_reports_the_fetch_error(site: Site, tools) -> None:
    fetch, parse = tools
    with pytest.raises(HTTPStatusError, match="404"):
        await discover(site.base + "/missing", fetch, parse)
    assert site.requested == ["/missing"]  # no guessing around a wrong address


async def test_youtube_channel_address_needs_no_request() -> None:
    async def no_fetch(url: str, **_: object) -> FetchResult:
        raise AssertionError(f"fetched {url}")

    found = await discover(f"https://www.youtube.com/channel/{CHANNEL}", no_fetch, simple_parse)
    assert found == [
        DiscoveredFeed(
            f"https://www.youtube.com/feeds/videos.xml?channel_id={CHANNEL}", None, FeedFormat.ATOM10
        )
    ]


async def test_youtube_handle_page_gives_the_channel_feed() -> None:
    async def fake_fetch(url: str, **_: object) -> FetchResult:
        assert url == "https://www.youtube.com/@orbitalkitchen"
        return FetchResult(url, url, 200, read("youtube_handle.html"), "text/html", {}, HTTPCacheHints())

    found = await discover("https://www.youtube.com/@orbitalkitchen", fake_fetch, simple_parse)
    assert found == [
        DiscoveredFeed(
            f"https://www.youtube.com/feeds/videos.xml?channel_id={CHANNEL}", "Orbital Kitchen", FeedFormat.ATOM10
        )
    ]


# --- with the real fetcher and parser, once they exist -------------------------



def _have_real() -> bool:
    try:
        from tidings.ingest.fetch import Fetcher  # noqa: F401
        from tidings.ingest.parse import parse_feed  # noqa: F401
    except ImportError:
        return False
    return True


HAVE_REAL = _have_real()


@pytest.mark.skipif(not HAVE_REAL, reason="tidings.ingest.fetch / parse not written yet")
async def test_discover_with_real_fetcher_and_parser(site: Site) -> None:
    from tidings.ingest.fetch import Fetcher
    from tidings.ingest.parse import parse_feed
    from tidings.settings import Settings

    site.routes["/"] = (
        "text/html",
        page('<link rel="alternate" type="application/rss+xml" href="/main.xml">'),
    )
    site.routes["/main.xml"] = ("application/rss+xml", RSS % b"Main news")

    def parse(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
        return parse_feed(body, url=url, content_type=content_type)

    async with Fetcher(Settings(allow_private_networks=True)) as fetcher:
        found = await discover(site.base + "/", fetcher.fetch, parse)
        assert [(f.url, f.title, f.format) for f in found] == [
            (site.base + "/main.xml", "Main news", FeedFormat.RSS20)
        ]
        with pytest.raises(DiscoveryError):
            site.routes["/"] = ("text/html", page())
            await discover(site.base + "/", fetcher.fetch, parse)
