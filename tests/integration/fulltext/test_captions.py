"""Transcripts from captions, end to end over 127.0.0.1 (issue 4).

A podcast feed points to its transcripts (``podcast:transcript``, WebVTT and
SRT) or carries a caption file as an enclosure; a Media RSS feed names subtitle
files (``media:subTitle``); a video page offers captions in a ``<track>``. Each becomes the entry's article text, marked machine-made when
the source says so. Hostile files (too large, binary, not captions at all) get
a status and a reason, and no text is kept.
"""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import pytest

from tidings.content.fulltext import extract_pending
from tidings.ingest.fetch import Fetcher
from tidings.store.articles import get_article
from tidings.store.entries import list_entries
from tidings.store.search import search_entries
from tidings.types import ArticleStatus

from ..helpers import follow, refresh_all
from .site import resolver, serving

pytestmark = pytest.mark.asyncio

DATA = Path(__file__).parents[2] / "data" / "transcripts"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"


def podcast(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<rss version="2.0" xmlns:podcast="{PODCAST_NS}"><channel><title>The Harbour Hour</title>'
        "<link>https://pod.test/</link><description>d</description>"
        + "".join(items)
        + "</channel></rss>"
    )


def item(guid: str, extra: str, link: str | None = None) -> str:
    link_tag = f"<link>{escape(link)}</link>" if link else ""
    return (
        f"<item><guid>{guid}</guid><title>Episode {guid}</title>{link_tag}"
        f"<description>Show notes.</description>{extra}</item>"
    )


def transcript(url: str, kind: str, language: str | None = None) -> str:
    lang = f' language="{language}"' if language else ""
    return f'<podcast:transcript url="{escape(url)}" type="{kind}"{lang}/>'


async def run(db, settings, site, feed: str):
    site.add("127.0.0.1", "/feed.xml", feed, "application/rss+xml")
    user_id, ids = follow(db, [site.base + "/feed.xml"])
    await refresh_all(db, settings)
    async with Fetcher(settings, resolver=resolver()) as fetcher:
        await extract_pending(db, settings, fetcher=fetcher)
    with db.connect() as conn:
        entries = list_entries(conn, user_id, feed_id=ids[site.base + "/feed.xml"], limit=50)
        return user_id, {e.key: get_article(conn, e.id) for e in entries}


async def test_podcast_transcripts_and_caption_enclosures(db, settings):
    async with serving() as site:
        vtt = site.add(
            "bad.test", "/12.vtt", (DATA / "harbour_episode.vtt").read_bytes(), "text/vtt"
        )
        srt = site.add(
            "bad.test", "/13.srt", (DATA / "harbour_episode.srt").read_bytes(), "text/plain"
        )
        auto = site.add(
            "bad.test", "/14.vtt", (DATA / "workshop_auto.vtt").read_bytes(), "text/vtt"
        )
        feed = podcast(
            [
                item("12", transcript(vtt, "text/vtt", "en")),
                item("13", transcript(srt, "application/x-subrip")),
                item("14", f'<enclosure url="{escape(auto)}" type="text/vtt" length="1"/>'),
            ]
        )
        user_id, articles = await run(db, settings, site, feed)

    twelve = articles["12"]
    assert (twelve.status, twelve.source, twelve.language) == (ArticleStatus.OK, "transcript", "en")
    assert twelve.text.startswith("Ines Varga: Welcome to The Harbour Hour.")
    assert "<p>Tomas Reyes: It is quiet work." in twelve.html and "-->" not in twelve.text
    thirteen = articles["13"]  # SRT served as text/plain
    assert (thirteen.status, thirteen.source) == (ArticleStatus.OK, "transcript")
    assert "night pilots of the estuary" in thirteen.text and "{" not in thirteen.text
    fourteen = articles["14"]  # YouTube-style automatic captions, as an enclosure
    assert (fourteen.status, fourteen.source) == (ArticleStatus.OK, "auto-transcript")
    assert fourteen.text == (DATA / "workshop_auto.vtt.txt").read_text().strip()
    with db.connect() as conn:
        hits = search_entries(conn, "sandbank buoy", user_id=user_id)  # stemmed, too
    assert {h.title for h in hits} == {"Episode 12"}


async def test_media_rss_subtitles(db, settings):
    # YouTube-style Media RSS: <media:subTitle> in the item's media:group.
    async with serving() as site:
        vtt = site.add(
            "bad.test", "/subs/21.en.vtt", (DATA / "harbour_episode.vtt").read_bytes(), "text/vtt"
        )
        feed = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>'
            "<title>Harbour Films</title><link>https://films.test/</link><description>d</description>"
            "<item><guid>21</guid><title>Night pilots</title><media:group>"
            '<media:content url="https://films.test/21.mp4" type="video/mp4"/>'
            f'<media:subTitle type="text/vtt" lang="en" href="{escape(vtt)}"/>'
            "</media:group></item></channel></rss>"
        )
        _, articles = await run(db, settings, site, feed)

    film = articles["21"]
    assert (film.status, film.source, film.language) == (ArticleStatus.OK, "transcript", "en")
    assert film.text.startswith("Ines Varga: Welcome to The Harbour Hour.")
    assert film.fetched_url == vtt


async def test_a_video_page_with_a_caption_track(db, settings):
    async with serving() as site:
        captions = site.add(
            "bad.test", "/captions/7.vtt", (DATA / "workshop_auto.vtt").read_bytes(), "text/vtt"
        )
        page = site.add(
            "daily.test",
            "/watch/7",
            f"""<!doctype html><html lang="en"><head><title>Building a birdhouse</title>
            <meta property="og:site_name" content="Workshop TV"></head><body>
            <h1>Building a birdhouse</h1><video src="/v/7.mp4">
            <track kind="captions" srclang="en" label="English (auto-generated)"
                   src="{escape(captions)}"></video><p>Subscribe for more.</p></body></html>""",
        )
        feed = podcast([item("v7", "", link=page)])
        _, articles = await run(db, settings, site, feed)

    video = articles["v7"]
    assert (video.status, video.source, video.language) == (
        ArticleStatus.OK,
        "auto-transcript",
        "en",
    )
    assert video.text.startswith("so welcome back to the workshop today we are building")
    assert video.title == "Building a birdhouse" and video.site_name == "Workshop TV"
    assert video.fetched_url == captions


async def test_hostile_caption_files_are_refused_with_a_reason(db, settings):
    async with serving() as site:
        huge = b"WEBVTT\n\n" + b"00:00:01.000 --> 00:00:02.000\nwords and words\n\n" * 40_000
        links = {
            "huge": site.add("bad.test", "/huge.vtt", huge, "text/vtt"),  # over the 1 MiB cap
            "binary": site.add("bad.test", "/noise.vtt", os.urandom(64 * 1024), "text/vtt"),
            "image": site.add(
                "bad.test", "/cat.vtt", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png"
            ),
            "empty": site.add(
                "bad.test", "/none.vtt", b"WEBVTT\n\nNOTE nothing said\n", "text/vtt"
            ),
            "missing": site.url("bad.test", "/404.vtt"),
        }
        feed = podcast([item(k, transcript(url, "text/vtt")) for k, url in links.items()])
        _, articles = await run(db, settings, site, feed)

    expected = {
        "huge": (ArticleStatus.TOO_LARGE, "larger than the limit of 1 MB"),
        "binary": (ArticleStatus.BINARY, "binary file, not text"),
        "image": (ArticleStatus.NOT_HTML, "serves image/png, not captions"),
        "empty": (ArticleStatus.NO_ARTICLE, "holds no readable text"),
        "missing": (ArticleStatus.FETCH_FAILED, "could not be fetched"),
    }
    for key, (status, words) in expected.items():
        stored = articles[key]
        assert stored.status is status, key
        assert words in (stored.reason or ""), (key, stored.reason)
        assert stored.text == "" and stored.html == "" and stored.source is None, key
        assert stored.word_count == 0


async def test_a_transcript_that_cannot_be_read_gives_way_to_the_next(db, settings):
    async with serving() as site:
        smil = site.add("bad.test", "/31.smil", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")
        missing = site.url("bad.test", "/31-gone.vtt")
        vtt = site.add(
            "bad.test", "/31.vtt", (DATA / "harbour_episode.vtt").read_bytes(), "text/vtt"
        )
        feed = podcast(
            [
                item("31", transcript(smil, "application/smil") + transcript(missing, "text/vtt")
                     + transcript(vtt, "text/vtt", "en")),
                item("32", transcript(smil, "application/smil") + transcript(missing, "text/vtt")),
            ]
        )
        _, articles = await run(db, settings, site, feed)

    found = articles["31"]
    assert (found.status, found.source, found.fetched_url) == (ArticleStatus.OK, "transcript", vtt)
    assert found.text.startswith("Ines Varga: Welcome to The Harbour Hour.")
    failed = articles["32"]  # neither reads: the reason names both
    assert failed.status is ArticleStatus.NOT_HTML and failed.text == ""
    assert "no transcript could be read" in failed.reason
    assert "31.smil" in failed.reason and "31-gone.vtt" in failed.reason
    assert "could not be fetched" in failed.reason
