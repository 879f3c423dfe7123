"""Feed discovery: from any address a person pastes to the feeds behind it.

The reading of pages is pure (:func:`feed_links_in_html`,
:func:`youtube_feed_url`, :func:`youtube_channel_id_in_html`,
:func:`common_feed_paths`); :func:`discover` is the thin orchestrator and
receives ``fetch`` and ``parse`` so it can be tested without a network.

Order of attempts, cheapest and surest first:
1. a YouTube address with the channel, playlist or user in it: no request;
2. the address itself is a feed;
3. a YouTube page (``/@handle``, ``/c/name``): read the channel id from it;
4. ``<link rel="alternate">`` feeds in the page, each verified by parsing it;
   failing those, ``<a href>`` links that look like feeds;
5. a short list of the usual feed addresses, stopping at the first that parses.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from tidings.errors import DiscoveryError, FetchError, ParseError
from tidings.types import FeedFormat, FetchResult, ParsedFeed

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7"
)
PAGE_ACCEPT = FEED_ACCEPT + ", text/html;q=0.6, */*;q=0.1"

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x.atom+xml",
        "application/x-atom+xml",
        "application/x-rss+xml",
    }
)

# <a href> endings that name a feed plainly enough to try (only without <link>s).
_FEEDISH_PATH = re.compile(
    r"(/feed/?|/rss/?|/atom/?|/feed/atom/?|[./_-](rss|atom|feed)\.xml|/index\.xml|\.rss|\.atom)$",
    re.IGNORECASE,
)

MAX_LINKS_TO_VERIFY = 8
MAX_GUESSES = 6


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed address a page points to. ``type`` is None for a plain ``<a href>``."""

    url: str
    title: str | None = None
    type: str | None = None


@dataclass(frozen=True, slots=True)
class DiscoveredFeed:
    """A feed found (and, except for YouTube addresses, fetched and parsed)."""

    url: str
    title: str | None = None
    format: FeedFormat = FeedFormat.UNKNOWN


Fetch = Callable[..., Awaitable[FetchResult]]
Parse = Callable[[bytes, str, str | None], ParsedFeed]


# --- pure: HTML pages ----------------------------------------------------------


def _document(html: bytes | str) -> etree._Element | None:
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):  # empty or unreadable: no links
        return None


def _text(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _absolute(href: str, base: str) -> str | None:
    href = href.strip()
    if not href:
        return None
    url = urljoin(base, href)
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return None  # javascript:, mailto:, data: are never feeds
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def feed_links_in_html(html: bytes, base_url: str) -> list[FeedLink]:
    """The feeds a page advertises, in page order, each address once.

    ``<link rel="alternate" type="...feed type...">`` first; only when there
    is none, ``<a href>`` links whose address plainly names a feed. Relative
    addresses are resolved against ``<base href>`` (itself resolved against
    the page address).
    """
    doc = _document(html)
    if doc is None:
        return []
    base = base_url
    for element in doc.iter("base"):
        if element.get("href"):
            base = urljoin(base_url, element.get("href").strip())
            break

    found: list[FeedLink] = []
    seen: set[str] = set()

    def add(link: FeedLink) -> None:
        if link.url not in seen:
            seen.add(link.url)
            found.append(link)

    for element in doc.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        url = _absolute(element.get("href") or "", base)
        # WordPress puts rel=alternate type=application/json on every page for its REST API.
        if url is None or (kind == "application/json" and "/wp-json/" in url):
            continue
        add(FeedLink(url=url, title=_text(element.get("title")), type=kind))
    if found:
        return found

    for element in doc.iter("a"):
        url = _absolute(element.get("href") or "", base)
        if url is None or not _FEEDISH_PATH.search(urlsplit(url).path):
            continue
        add(FeedLink(url=url, title=_text(element.text_content()), type=None))
    return found


# --- pure: YouTube -------------------------------------------------------------

_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
_CHANNEL_ID = re.compile(r"^UC[0-9A-Za-z_-]{22}$")
_CHANNEL_ID_IN_JSON = re.compile(r'"(externalId|channelId)"\s*:\s*"(UC[0-9A-Za-z_-]{22})"')
YOUTUBE_FEEDS = "https://www.youtube.com/feeds/videos.xml"


def is_youtube(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() in _YOUTUBE_HOSTS


def youtube_feed_url(url: str) -> str | None:
    """The feed of a YouTube channel, playlist or user address, when the address says which.

    ``/@handle`` and ``/c/name`` need the page: see :func:`youtube_channel_id_in_html`.
    """
    parts = urlsplit(url.strip())
    if (parts.hostname or "").lower() not in _YOUTUBE_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    if len(segments) >= 2 and segments[0] == "channel" and _CHANNEL_ID.match(segments[1]):
        return f"{YOUTUBE_FEEDS}?channel_id={segments[1]}"
    if segments[:1] == ["playlist"] and query.get("list"):
        return f"{YOUTUBE_FEEDS}?playlist_id={query['list'][0]}"
    if len(segments) >= 2 and segments[0] == "user" and re.fullmatch(r"[\w.-]+", segments[1]):
        return f"{YOUTUBE_FEEDS}?user={segments[1]}"
    return None


def youtube_channel_id_in_html(html: bytes | str) -> str | None:
    """The channel id a YouTube channel page states about itself.

    The page's own markup is trusted before its JSON: the JSON also carries
    the ids of other channels (recommendations), but ``externalId`` and the
    first ``channelId`` belong to the page's channel.
    """
    doc = _document(html)
    if doc is not None:
        for meta in doc.iter("meta"):
            if meta.get("itemprop") == "channelId" and _CHANNEL_ID.match(meta.get("content") or ""):
                return meta.get("content")
        for link in doc.iter("link"):
            if "canonical" in (link.get("rel") or "").lower().split():
                match = re.search(r"/channel/(UC[0-9A-Za-z_-]{22})", link.get("href") or "")
                if match:
                    return match.group(1)
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    matches = {kind: cid for kind, cid in reversed(_CHANNEL_ID_IN_JSON.findall(text))}
    return matches.get("externalId") or matches.get("channelId")


# --- pure: guesses ---------------------------------------------------------------

_COMMON_PATHS = (
    "feed",  # WordPress and many others
    "rss",
    "feed.xml",  # Jekyll
    "rss.xml",
    "atom.xml",
    "index.xml",  # Hugo
    "feeds/posts/default",  # Blogger
    "?feed=rss2",  # WordPress without pretty links
    "feed.json",
)


def common_feed_paths(site_url: str) -> list[str]:
    """Usual feed addresses at the root of a site, most likely first.

    Only the site root: sections (``/blog/``) nearly always advertise their
    feed with a ``<link>``, and guesses must stay few.
    """
    parts = urlsplit(site_url)
    root = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    return [urljoin(root, path) for path in _COMMON_PATHS]


def address_as_typed(text: str) -> str:
    """What a person means by the address they pasted: ``example.org`` is
    ``https://example.org``, and the old ``feed:`` scheme wraps an http(s) address.
    Other schemes are left as they are, for the fetcher's policy to refuse."""
    text = text.strip()
    lowered = text.lower()
    if lowered.startswith("feed:"):
        rest = text[5:]
        if rest.startswith("//"):
            return "http:" + rest
        return rest
    if "://" not in text and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^0-9]", text):
        return "https://" + text.lstrip("/")
    return text


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in {"text/html", "application/xhtml+xml"}:
        return True
    if kind in FEED_TYPES:
        return False
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


# --- orchestrator ----------------------------------------------------------------


async def _try_feed(url: str, fetch: Fetch, parse: Parse) -> DiscoveredFeed | None:
    """Fetch and parse a candidate; None when it is not a feed or did not answer."""
    try:
        result = await fetch(url, accept=FEED_ACCEPT)
    except FetchError:
        return None
    return _as_feed(result, parse)


def _as_feed(result: FetchResult, parse: Parse, title: str | None = None) -> DiscoveredFeed | None:
    if result.status >= 400 or not result.body or looks_like_html(result.body, result.content_type):
        return None
    try:
        parsed = parse(result.body, result.url, result.content_type)
    except ParseError:
        return None
    if parsed.format == FeedFormat.UNKNOWN and not parsed.entries and not parsed.title:
        return None
    return DiscoveredFeed(url=result.url, title=parsed.title or title, format=parsed.format)


async def discover(url: str, fetch: Fetch, parse: Parse) -> list[DiscoveredFeed]:
    """The feeds at or behind ``url``, best first.

    ``fetch(url, accept=...)`` is :meth:`tidings.ingest.fetch.Fetcher.fetch`
    (it applies the address policy and raises :class:`FetchError`);
    ``parse(body, url, content_type)`` wraps the feed parser. An error
    fetching ``url`` itself is raised as is: it says what went wrong there.
    """
    url = address_as_typed(url)
    direct = youtube_feed_url(url)
    if direct:
        return [DiscoveredFeed(url=direct, title=None, format=FeedFormat.ATOM10)]

    page = await fetch(url, accept=PAGE_ACCEPT)
    body = page.body or b""
    if page.status < 400 and body:
        feed = _as_feed(page, parse)
        if feed:
            return [feed]

    if body and looks_like_html(body, page.content_type):
        if is_youtube(page.url) or is_youtube(url):
            channel = youtube_channel_id_in_html(body)
            if channel:
                return [
                    DiscoveredFeed(
                        url=f"{YOUTUBE_FEEDS}?channel_id={channel}",
                        title=_page_title(body),
                        format=FeedFormat.ATOM10,
                    )
                ]
        links = feed_links_in_html(body, page.url)[:MAX_LINKS_TO_VERIFY]
        # Verified together (the fetcher bounds requests per host); page order kept.
        feeds = await asyncio.gather(*(_try_feed(link.url, fetch, parse) for link in links))
        found: list[DiscoveredFeed] = []
        for link, feed in zip(links, feeds, strict=True):
            if feed and all(f.url != feed.url for f in found):
                found.append(DiscoveredFeed(feed.url, feed.title or link.title, feed.format))
        if found:
            return found

    for guess in common_feed_paths(page.url)[:MAX_GUESSES]:
        feed = await _try_feed(guess, fetch, parse)
        if feed:
            return [feed]

    raise DiscoveryError(
        f"No feed found at {url}: the page has no feed link and none of the usual feed "
        "addresses answered. Ask the site for its feed address."
    )


def _page_title(html: bytes) -> str | None:
    doc = _document(html)
    if doc is None:
        return None
    for meta in doc.iter("meta"):
        if meta.get("property") == "og:title" and meta.get("content"):
            return _text(meta.get("content"))
    title = doc.find(".//title")
    return _text(title.text_content()) if title is not None else None


__all__ = [
    "DiscoveredFeed",
    "FeedLink",
    "address_as_typed",
    "common_feed_paths",
    "discover",
    "feed_links_in_html",
    "youtube_channel_id_in_html",
    "youtube_feed_url",
]
