"""The bundled demo: packaged, self-consistent, and readable by Tidings' own parser."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import AsyncIterator
from difflib import SequenceMatcher
from importlib.resources import files

import pytest
from aiohttp import web

from tidings.demo import DEMO_FILES, FEED_FILES, PLACEHOLDER_BASE, demo_dir, demo_file, demo_opml
from tidings.demo import _stories as stories
from tidings.ingest.opml import parse_opml
from tidings.ingest.process import clean_entry
from tidings.types import FeedFormat

try:
    from tidings.ingest.parse import parse_feed
except ImportError:  # the parser is written by another engineer
    parse_feed = None  # type: ignore[assignment]

needs_parser = pytest.mark.skipif(parse_feed is None, reason="tidings.ingest.parse not written yet")

EXPECTED_FORMATS = {
    "harbour-gazette.rss": FeedFormat.RSS20,
    "meridian-wire.json": FeedFormat.JSON11,
    "valley-courier.xml": FeedFormat.RSS20,
    "trendspotter.atom": FeedFormat.ATOM10,
    "parallax-science.rdf": FeedFormat.RSS10,
    "northlight-engineering.atom": FeedFormat.ATOM10,
    "low-orbit-hour.xml": FeedFormat.RSS20,
    "launch-site-tv.xml": FeedFormat.ATOM10,
}


def words(html: str | None) -> int:
    return len(re.sub(r"<[^>]+>", " ", html or "").split())


def test_every_demo_file_is_packaged_and_readable_as_a_resource() -> None:
    packaged = {p.name for p in (files("tidings.demo") / "data").iterdir()}
    assert set(DEMO_FILES) <= packaged
    assert {p.name for p in demo_dir().iterdir()} == packaged


def test_demo_opml_lists_every_feed_in_four_folders_at_the_given_port() -> None:
    outlines = parse_opml(demo_opml(8765))
    assert {o.folder for o in outlines} == {"News", "Science", "Tech", "Listen & Watch"}
    assert sorted(o.xml_url for o in outlines) == sorted(f"http://127.0.0.1:8765/{n}" for n in FEED_FILES)
    assert b"{port}" not in demo_opml(8765)


def test_demo_file_only_serves_demo_files_and_checks_the_port() -> None:
    with pytest.raises(KeyError):
        demo_file("../__init__.py", 8000)
    with pytest.raises(ValueError):
        demo_file("demo.opml", 0)


@needs_parser
@pytest.mark.parametrize("name", FEED_FILES)
def test_every_demo_feed_parses_cleanly(name: str) -> None:
    feed = parse_feed(demo_file(name, 8765), url=f"http://127.0.0.1:8765/{name}", content_type=DEMO_FILES[name])
    assert feed.problems == ()
    assert feed.format == EXPECTED_FORMATS[name]
    assert feed.title
    assert len(feed.entries) >= 4
    for entry in feed.entries:
        assert entry.title and entry.link and entry.link.startswith("https://")
        assert entry.published is not None and entry.published.year == 2026
        body = entry.content or entry.summary
        assert 150 <= words(body) <= 400, (entry.title, words(body))
    assert len({e.key for e in feed.entries}) == len(feed.entries)


@needs_parser
def test_podcast_has_enclosures_durations_and_a_transcript_at_the_demo_server() -> None:
    feed = parse_feed(demo_file("low-orbit-hour.xml", 8765), url="http://127.0.0.1:8765/low-orbit-hour.xml")
    assert all(e.enclosures and e.enclosures[0].duration for e in feed.entries)
    transcripts = [t for e in feed.entries for t in e.transcripts]
    assert [(t.url, t.type) for t in transcripts] == [
        ("http://127.0.0.1:8765/low-orbit-hour-53.vtt", "text/vtt")
    ]
    assert demo_file("low-orbit-hour-53.vtt", 8765).startswith(b"WEBVTT")


@needs_parser
def test_tech_blog_relative_links_resolve_through_nested_xml_base() -> None:
    feed = parse_feed(demo_file("northlight-engineering.atom", 8765), url="http://127.0.0.1:8765/x")
    release = next(e for e in feed.entries if "4.2" in (e.title or ""))
    assert release.link == "https://northlight.example/blog/2026/10/release-4-2"
    # Relative links in the body are resolved when the entry is cleaned for storage.
    cleaned = clean_entry(release).content or ""
    assert 'href="https://northlight.example/blog/2026/06/timezones-are-data"' in cleaned


# --- the content is built to exercise story clustering ----------------------------


def all_articles() -> list[stories.Article]:
    return [
        *stories.WIRE,
        *stories.GAZETTE,
        *stories.COURIER,
        *stories.SCIENCE,
        *stories.TECH,
        *stories.SCROLL,
        *(e.article for e in stories.PODCAST),
        *(v.article for v in stories.VIDEOS),
    ]


def test_about_sixty_entries_and_stories_covered_by_several_publishers() -> None:
    publishers = {
        "wire": stories.WIRE,
        "gazette": stories.GAZETTE,
        "courier": stories.COURIER,
        "science": stories.SCIENCE,
        "tech": stories.TECH,
        "scroll": stories.SCROLL,
        "podcast": [e.article for e in stories.PODCAST],
        "video": [v.article for v in stories.VIDEOS],
    }
    assert 55 <= len(all_articles()) <= 65
    covered: dict[str, set[str]] = defaultdict(set)
    for publisher, articles in publishers.items():
        for article in articles:
            if article.story:
                covered[article.story].add(publisher)
    assert all(3 <= len(who) for who in covered.values()), covered
    station_months = {a.date[:7] for a in all_articles() if a.story == "station"}
    assert len(station_months) >= 6  # a storyline over months, not a single news event


def test_wire_flood_story_is_syndicated_near_verbatim_by_two_papers() -> None:
    wire = stories.WIRE_FLOOD.body
    copies = [a for a in stories.GAZETTE + stories.COURIER if a.author == "Meridian Wire"]
    assert len(copies) == 2
    for copy in copies:
        assert copy.title != stories.WIRE_FLOOD.title
        assert SequenceMatcher(None, wire, copy.body).ratio() > 0.9


def test_the_json_feed_is_valid_json_feed_1_1() -> None:
    feed = json.loads(demo_file("meridian-wire.json", 8765))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"].startswith("https://meridianwire.example/")
    assert all({"id", "url", "title", "content_html", "date_published"} <= set(i) for i in feed["items"])


def test_only_the_opml_needs_the_port_so_feeds_can_be_served_as_static_files() -> None:
    for name in DEMO_FILES:
        raw = (demo_dir() / name).read_bytes()
        if name == "demo.opml":
            assert raw.count(PLACEHOLDER_BASE.encode()) == len(FEED_FILES)
        else:
            assert b"{port}" not in raw and b"127.0.0.1" not in raw, name


# --- the path `tidings demo` takes: local server, real fetcher, real parser -----------


@pytest.fixture
async def demo_server() -> AsyncIterator[int]:
    # Static files straight from the package, as tidings.services.demo serves them.
    app = web.Application()
    app.router.add_static("/", demo_dir(), follow_symlinks=False)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield runner.addresses[0][1]
    await runner.cleanup()


@needs_parser
async def test_demo_feeds_through_the_real_fetcher_and_parser(demo_server: int) -> None:
    from tidings.ingest.fetch import Fetcher
    from tidings.settings import Settings

    total = 0
    transcripts = []
    async with Fetcher(Settings(allow_private_networks=True)) as fetcher:
        for outline in parse_opml(demo_opml(demo_server)):
            result = await fetcher.fetch(outline.xml_url)
            feed = parse_feed(result.body or b"", url=result.url, content_type=result.content_type)
            assert feed.problems == () and feed.title == outline.title
            total += len(feed.entries)
            transcripts += [t.url for e in feed.entries for t in e.transcripts]
        assert total == len(all_articles())
        # The podcast's transcript link leads back to the demo server, and answers.
        assert transcripts == [f"http://127.0.0.1:{demo_server}/low-orbit-hour-53.vtt"]
        vtt = await fetcher.fetch(transcripts[0], accept="text/vtt")
        assert vtt.body is not None and vtt.body.startswith(b"WEBVTT")
