"""Full text after ingestion: feeds refreshed over HTTP, then one extraction round, read back.

Pages are served from 127.0.0.1 under made-up host names (see site.py); the
feeds themselves go through the ordinary refresh pipeline.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tidings.clock import utcnow
from tidings.content.extract import fingerprint
from tidings.content.fulltext import extract_pending
from tidings.ingest.fetch import Fetcher
from tidings.store.articles import get_article, site_lines_for
from tidings.store.entries import list_entries
from tidings.store.feeds import set_always_fetch_full_text
from tidings.store.search import search_entries
from tidings.types import ArticleStatus

from ..helpers import follow, refresh_all
from .site import (
    DAILY_TAGLINE,
    LOREM,
    article_paragraphs,
    chrome_page,
    garbage,
    resolver,
    rss,
    serving,
)

pytestmark = pytest.mark.asyncio

CHROME = (
    "Related stories",
    "Storm closes the coastal road",
    "morning briefing",
    "World news",
    "All rights reserved",
)


async def refresh(db, settings):
    await refresh_all(db, settings)


async def extract(db, settings, **kwargs):
    async with Fetcher(settings, resolver=resolver()) as fetcher:
        return await extract_pending(db, settings, fetcher=fetcher, **kwargs)


def entries_by_key(db, user_id, feed_id):
    with db.connect() as conn:
        return {e.key: e for e in list_entries(conn, user_id, feed_id=feed_id, limit=100)}


def article(db, entry_id):
    with db.connect() as conn:
        return get_article(conn, entry_id)


async def test_summary_feed_gets_clean_full_text_and_search_finds_it(db, settings):
    async with serving() as site:
        links = []
        for n, title in enumerate(["Rivers rise", "Schools reopen", "Market moves"]):
            paragraphs = article_paragraphs(4, title)
            if n == 0:
                paragraphs.append("Engineers call the new levee design zephyrine, after its maker.")
            links.append(site.add("daily.test", f"/news/{n}", chrome_page(title, paragraphs)))
        items = [
            (f"d{n}", t, links[n], f"Teaser {n}.")
            for n, t in enumerate(["Rivers rise", "Schools reopen", "Market moves"])
        ]
        site.add("127.0.0.1", "/daily.xml", rss("Daily", items), "application/rss+xml")
        long_html = "".join(f"<p>{LOREM}</p>" for _ in range(3))  # ~150 words: the full text
        full_link = site.add(
            "full.test", "/story", chrome_page("Full", article_paragraphs(3, "Full"))
        )
        always_link = site.add(
            "always.test", "/story", chrome_page("Always fetched", article_paragraphs(5, "Page"))
        )
        site.add(
            "127.0.0.1",
            "/full.xml",
            rss("Full", [("f1", "Full", full_link, "s", long_html)]),
            "application/rss+xml",
        )
        site.add(
            "127.0.0.1",
            "/always.xml",
            rss("Always", [("a1", "Always", always_link, "s", long_html)]),
            "application/rss+xml",
        )
        user_id, ids = follow(
            db, [site.base + p for p in ("/daily.xml", "/full.xml", "/always.xml")]
        )
        with db.transaction() as conn:
            set_always_fetch_full_text(conn, ids[site.base + "/always.xml"], True)
        await refresh(db, settings)
        daily = entries_by_key(db, user_id, ids[site.base + "/daily.xml"])
        full = entries_by_key(db, user_id, ids[site.base + "/full.xml"])
        always = entries_by_key(db, user_id, ids[site.base + "/always.xml"])

        summary = await extract(db, settings)

        assert (summary.ok, summary.failed, summary.not_needed) == (4, 0, 1)
        first = article(db, daily["d0"].id)
        assert first.status is ArticleStatus.OK and first.reason is None
        assert "Rivers rise story, part 1. Officials said" in first.text
        assert "zephyrine" in first.text
        for chrome in CHROME:
            assert chrome not in first.text and chrome not in first.html
        assert "<p>" in first.html and "<script" not in first.html
        assert first.word_count == len(first.text.split()) and first.reading_minutes == 2
        assert first.title == "Rivers rise"
        assert first.authors == ("Ana Ruiz",)
        assert first.published == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
        assert first.site_name == "The Daily"
        assert first.lead_image == "https://daily.test/img/lead.jpg"
        assert first.language == "en"
        assert first.canonical_url == "https://daily.test/canonical/rivers-rise"
        assert first.fetched_url == links[0]
        # The feed's own text is untouched.
        assert (
            entries_by_key(db, user_id, ids[site.base + "/daily.xml"])["d0"].summary
            == daily["d0"].summary
        )

        # A feed carrying its full text is not fetched, unless set to always fetch.
        assert article(db, full["f1"].id).status is ArticleStatus.NOT_NEEDED
        assert site.hits[("full.test", "/story")] == 0
        fetched = article(db, always["a1"].id)
        assert fetched.status is ArticleStatus.OK and "Page story, part 5" in fetched.text

        # Search finds a word only the fetched page has.
        with db.connect() as conn:
            hits = search_entries(conn, "zephyrine", user_id=user_id)
        assert [h.entry_id for h in hits] == [daily["d0"].id]

        # The line every daily.test article repeats was learned from the three pages...
        assert DAILY_TAGLINE in first.text
        with db.connect() as conn:
            assert fingerprint(DAILY_TAGLINE) in site_lines_for(conn, ["daily.test"])["daily.test"]
        # ... and is gone from the next page of that site; nothing is fetched twice.
        link = site.add(
            "daily.test", "/news/3", chrome_page("Bridge opens", article_paragraphs(4, "Bridge"))
        )
        items.append(("d3", "Bridge opens", link, "Teaser 3."))
        site.add("127.0.0.1", "/daily.xml", rss("Daily", items), "application/rss+xml")
        await refresh(db, settings)
        summary = await extract(db, settings)
        assert (summary.fetched, summary.ok) == (1, 1)
        newest = entries_by_key(db, user_id, ids[site.base + "/daily.xml"])["d3"]
        text = article(db, newest.id).text
        assert "Bridge story, part 4" in text and DAILY_TAGLINE not in text
        assert all(site.hits[("daily.test", f"/news/{n}")] == 1 for n in range(4))


def bad_pages() -> dict[str, tuple[bytes, str]]:
    """Name -> (body, content type) of pages that give no article, or a hard one."""
    ok_para = lambda marker: "".join(f"<p>{marker} {LOREM}</p>" for _ in range(3))
    cjk = "".join(
        "<p>市议会周四开会审议了这项计划，该计划将拓宽人行道，在大道两旁种植树木，并关闭两条小街以禁止过境车辆通行。"
        "在会上发言的居民意见不一，店主们担心送货问题，而家长们则欢迎通往广场附近两所学校的更安全路线。</p>"
        for _ in range(4)
    )
    rtl = "".join(
        "<p>قال المسؤولون إن المجلس اجتمع يوم الخميس لمراجعة الخطة التي ستوسع الأرصفة وتضيف الأشجار"
        " على طول الشارع وتغلق شارعين جانبيين أمام حركة المرور العابرة. وانقسم السكان الذين تحدثوا"
        " في الاجتماع، إذ أبدى أصحاب المتاجر قلقهم بشأن عمليات التسليم بينما رحب الآباء بطرق أكثر أمانا.</p>"
        for _ in range(4)
    )
    return {
        "png": (b"\x89PNG\r\n\x1a\n" + garbage(2048), "image/png"),
        "huge": (
            b"<html><body>" + b"<p>word word word word</p>" * (20 * 1024 * 1024 // 26),
            "text/html",
        ),
        "deep": (
            b"<html><body>"
            + b"<i>" * 100_000
            + b"deep text"
            + b"</i>" * 100_000
            + b"</body></html>",
            "text/html",
        ),
        "garbage": (garbage(), "text/html"),
        "empty": (
            b"<html><head><title>Nothing</title></head><body><article></article></body></html>",
            "text/html",
        ),
        "login": (
            (
                b"<html><head><title>Sign in</title></head><body><h1>Subscribers only</h1>"
                b"<p>Sign in to continue reading this article.</p><form action=/login>"
                b'<input name="user"><input type="password" name="pw"><button>Log in</button>'
                b"</form></body></html>"
            ),
            "text/html",
        ),
        "cjk": (
            f'<html lang="zh"><head><title>市议会</title></head><body><article>{cjk}</article></body></html>'.encode(),
            "text/html; charset=utf-8",
        ),
        "rtl": (
            f'<html lang="ar" dir="rtl"><head><title>المجلس</title></head><body><article>{rtl}</article></body></html>'.encode(),
            "text/html; charset=utf-8",
        ),
        # Declares UTF-8, sends Windows-1252 bytes.
        "broken": (
            f'<html><head><meta charset="utf-8"><title>Café</title></head><body><article>'
            f"<p>The café on the corner reopened.</p>{ok_para('Café news.')}</article></body></html>".encode(
                "cp1252"
            ),
            "text/html",
        ),
        "gone": (b"gone", "text/html"),  # served with 404 below
    }


EXPECTED = {
    "png": (ArticleStatus.NOT_HTML, "image/png"),
    "huge": (ArticleStatus.TOO_LARGE, "larger than the limit"),
    "deep": (ArticleStatus.TOO_DEEP, "nested"),
    "garbage": (ArticleStatus.BINARY, "binary"),
    "empty": (ArticleStatus.NO_ARTICLE, "no main text"),
    "login": (ArticleStatus.LOGIN_WALL, "sign in"),
    "gone": (ArticleStatus.FETCH_FAILED, "404"),
    "cjk": (ArticleStatus.OK, None),
    "rtl": (ArticleStatus.OK, None),
    "broken": (ArticleStatus.OK, None),
}


async def test_bad_pages_each_get_a_status_and_reason_and_keep_the_feed_text(db, settings):
    async with serving() as site:
        items = []
        for name, (body, content_type) in bad_pages().items():
            link = site.add(
                "bad.test", f"/{name}", body, content_type, status=404 if name == "gone" else 200
            )
            items.append((name, f"Item {name}", link, f"Feed teaser for {name}."))
        site.add("127.0.0.1", "/bad.xml", rss("Bad", items), "application/rss+xml")
        user_id, ids = follow(db, [site.base + "/bad.xml"])
        await refresh(db, settings)
        before = entries_by_key(db, user_id, ids[site.base + "/bad.xml"])
        now = utcnow()

        summary = await extract(db, settings, clock=lambda: now)

        assert (summary.fetched, summary.ok) == (len(EXPECTED), 3)
        after = entries_by_key(db, user_id, ids[site.base + "/bad.xml"])
        outcomes = {}
        for key, entry in after.items():
            assert (entry.summary, entry.content) == (before[key].summary, before[key].content)
            stored = article(db, entry.id)
            outcomes[key] = stored
            status, words = EXPECTED[key]
            assert stored.status is status, (key, stored.status, stored.reason)
            if status is ArticleStatus.OK:
                assert stored.reason is None and stored.word_count > 30
            else:
                assert words in stored.reason, (key, stored.reason)
                assert stored.text == "" and stored.html == ""
                assert stored.attempts == 1
        assert outcomes["cjk"].language == "zh" and "市议会周四开会" in outcomes["cjk"].text
        assert outcomes["rtl"].language == "ar" and "قال المسؤولون" in outcomes["rtl"].text
        assert "The café on the corner reopened." in outcomes["broken"].text
        # What may change is tried again later, with backoff; what cannot is not.
        assert outcomes["gone"].next_attempt_at == now + timedelta(hours=1)
        assert outcomes["png"].next_attempt_at is None
        assert outcomes["huge"].next_attempt_at is None

        # Nothing is due now; an hour later only the retriable ones are tried again.
        assert (await extract(db, settings, clock=lambda: now)).fetched == 0
        later = await extract(db, settings, clock=lambda: now + timedelta(hours=1, minutes=1))
        assert {r.entry_id for r in later.results} == {
            after[k].id for k in ("gone", "empty", "login")
        }
        assert article(db, after["gone"].id).attempts == 2
        assert article(db, after["gone"].id).next_attempt_at == now + timedelta(
            hours=1, minutes=1
        ) + timedelta(hours=4)


async def test_site_rule_drops_a_block_the_extractor_would_keep(db, settings):
    from tidings.services.articles import set_site_rule

    sponsor = '<p class="sponsor">This report was brought to you by Acme Widgets, makers of fine widgets for every home and office.</p>'
    async with serving() as site:
        paragraphs = article_paragraphs(3, "Ruled")
        with_rule = site.add(
            "daily.test", "/ruled", chrome_page("Ruled", paragraphs, extra_article_html=sponsor)
        )
        without = site.add(
            "always.test", "/plain", chrome_page("Plain", paragraphs, extra_article_html=sponsor)
        )
        items = [("r1", "Ruled", with_rule, "t"), ("r2", "Plain", without, "t")]
        site.add("127.0.0.1", "/r.xml", rss("R", items), "application/rss+xml")
        user_id, ids = follow(db, [site.base + "/r.xml"])
        set_site_rule(
            db,
            "DAILY.test",
            keep_selector="article",
            drop_selector=".sponsor",
            user_id=user_id,
            now=utcnow(),
        )
        await refresh(db, settings)
        entries = entries_by_key(db, user_id, ids[site.base + "/r.xml"])

        await extract(db, settings)

        ruled, plain = article(db, entries["r1"].id), article(db, entries["r2"].id)
        assert ruled.ok and plain.ok
        assert "Acme Widgets" in plain.text
        assert "Acme Widgets" not in ruled.text and "Ruled story, part 3" in ruled.text
        # Metadata in <head> survives a keep selector.
        assert ruled.site_name == "The Daily" and ruled.authors == ("Ana Ruiz",)


VTT = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Host>Welcome back to the harbour podcast.

00:00:04.000 --> 00:00:09.000
<v Guest>Today we talk about the lighthouse keepers of the northern coast.
"""


async def test_podcast_transcript_becomes_the_text_when_there_is_no_better(db, settings):
    async with serving() as site:
        vtt = site.add("bad.test", "/ep1.vtt", VTT, "text/vtt")
        page = site.add(
            "daily.test", "/ep2", chrome_page("Episode two", article_paragraphs(3, "Episode"))
        )
        vtt2 = site.add("bad.test", "/ep2.vtt", VTT, "text/vtt")
        missing = site.url("bad.test", "/missing")
        feed = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
            ' xmlns:podcast="https://podcastindex.org/namespace/1.0"><channel><title>Pod</title>'
            "<link>https://pod.test/</link><description>d</description>"
            f"<item><guid>ep1</guid><title>One</title><link>{missing}</link><description>Notes.</description>"
            f'<podcast:transcript url="{vtt}" type="text/vtt" language="en"/></item>'
            f"<item><guid>ep2</guid><title>Two</title><link>{page}</link><description>Notes.</description>"
            f'<podcast:transcript url="{vtt2}" type="text/vtt"/></item>'
            "</channel></rss>"
        )
        site.add("127.0.0.1", "/pod.xml", feed, "application/rss+xml")
        user_id, ids = follow(db, [site.base + "/pod.xml"])
        await refresh(db, settings)
        episodes = entries_by_key(db, user_id, ids[site.base + "/pod.xml"])

        await extract(db, settings)

        one = article(db, episodes["ep1"].id)  # its page is missing: the transcript it is
        assert (one.status, one.source, one.language) == (ArticleStatus.OK, "transcript", "en")
        assert "lighthouse keepers of the northern coast" in one.text
        assert "-->" not in one.text and one.word_count > 10
        two = article(db, episodes["ep2"].id)  # the article page is the better text
        assert (two.status, two.source) == (ArticleStatus.OK, "page")
        assert "Episode story, part 3" in two.text
        assert site.hits[("bad.test", "/ep2.vtt")] == 0
