"""An entry the feed changes has its article extracted again (issue 4).

End to end over 127.0.0.1: a feed and its article pages are served, refreshed
and extracted; then the feed changes one entry and its page changes, and the
next round stores the new text. Until then the old article stays readable and
searchable. An entry the feed did not change is not fetched again.
"""

from __future__ import annotations

import pytest

from tidings.content.fulltext import extract_pending
from tidings.ingest.fetch import Fetcher
from tidings.store.articles import get_article
from tidings.store.entries import list_entries
from tidings.store.search import search_entries
from tidings.types import ArticleStatus

from ..helpers import follow, refresh_all
from .site import article_paragraphs, chrome_page, resolver, rss, serving

pytestmark = pytest.mark.asyncio


async def extract(db, settings):
    async with Fetcher(settings, resolver=resolver()) as fetcher:
        return await extract_pending(db, settings, fetcher=fetcher)


def article(db, entry_id):
    with db.connect() as conn:
        return get_article(conn, entry_id)


def found(db, user_id, query):
    with db.connect() as conn:
        return {h.entry_id for h in search_entries(conn, query, user_id=user_id)}


def page(title: str, marker: str, word: str) -> str:
    return chrome_page(title, [*article_paragraphs(4, marker), f"The word of the day is {word}."])


async def test_a_changed_entry_is_extracted_again_and_an_unchanged_one_is_not(db, settings):
    async with serving() as site:
        one = site.add("daily.test", "/one", page("Bridge opens", "Bridge", "quokkaberry"))
        two = site.add("daily.test", "/two", page("Park closes", "Park", "wombatleaf"))
        three = site.add("daily.test", "/three", page("Port expands", "Port", "pelicanstone"))

        def feed(teaser_one: str, teaser_three: str) -> bytes:
            return rss(
                "Daily",
                [
                    ("e1", "Bridge opens", one, teaser_one),
                    ("e2", "Park closes", two, "The park closes."),
                    ("e3", "Port expands", three, teaser_three),
                ],
            )

        site.add("127.0.0.1", "/daily.xml", feed("The bridge opens.", "The port grows."))
        user_id, ids = follow(db, [site.base + "/daily.xml"])
        await refresh_all(db, settings)
        with db.connect() as conn:
            keyed = {
                e.key: e.id
                for e in list_entries(conn, user_id, feed_id=ids[site.base + "/daily.xml"])
            }
        first = await extract(db, settings)
        assert first.ok == 3
        assert "quokkaberry" in article(db, keyed["e1"]).text

        # The feed updates e1 and e3; their pages change (e3's is now gone); so does e2's
        # page, but the feed did not change e2.
        site.add("daily.test", "/one", page("Bridge opens", "Bridge", "kiwiblossom"))
        site.add("daily.test", "/two", page("Park closes", "Park", "emuthistle"))
        site.add("daily.test", "/three", "gone", status=404)
        site.add(
            "127.0.0.1",
            "/daily.xml",
            feed("The bridge opens, a day late.", "The port grows again."),
        )
        await refresh_all(db, settings)

        # Until the next round, the old article is kept, readable and searchable.
        stale = article(db, keyed["e1"])
        assert stale.status is ArticleStatus.OK and "quokkaberry" in stale.text
        assert found(db, user_id, "quokkaberry") == {keyed["e1"]}
        assert found(db, user_id, "late") == {keyed["e1"]}  # the feed's new words, too

        second = await extract(db, settings)

        assert {r.entry_id for r in second.results} == {keyed["e1"], keyed["e3"]}
        fresh = article(db, keyed["e1"])
        assert fresh.status is ArticleStatus.OK and "kiwiblossom" in fresh.text
        assert "quokkaberry" not in fresh.text
        assert found(db, user_id, "kiwiblossom") == {keyed["e1"]}
        assert found(db, user_id, "quokkaberry") == set()
        # e3's page failed this time: its article is kept, and tried again later.
        kept = article(db, keyed["e3"])
        assert kept.status is ArticleStatus.OK and "pelicanstone" in kept.text
        assert kept.attempts == 1 and kept.next_attempt_at is not None
        # e2 was not changed by the feed: not fetched again, its text as it was.
        assert site.hits[("daily.test", "/two")] == 1
        assert "wombatleaf" in article(db, keyed["e2"]).text

        third = await extract(db, settings)  # nothing is due
        assert third.fetched == 0
