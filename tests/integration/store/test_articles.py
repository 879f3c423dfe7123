"""Extracted articles, site rules and learned site lines, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tidings.errors import SiteRuleNotFoundError
from tidings.store import Database
from tidings.store.articles import (
    MAX_SITE_LINES,
    entries_needing_extraction,
    get_article,
    get_articles,
    list_site_rules,
    remove_site_rule,
    save_articles,
    save_site_lines,
    set_site_rule,
    site_lines_for,
    site_rules_for,
)
from tidings.store.feeds import add_feed, remove_feed, set_always_fetch_full_text
from tidings.store.search import search_entries
from tidings.store.tables import entries
from tidings.store.updates import apply_feed_update
from tidings.store.users import default_user
from tidings.types import ArticleRecord, ArticleStatus, FeedKind, TranscriptLink

from .conftest import T0, entry, update

NOW = T0 + timedelta(hours=1)


def ids_by_key(conn) -> dict[str, int]:
    return {row.key: row.id for row in conn.execute(select(entries.c.key, entries.c.id))}


def needing(db: Database, now: datetime = NOW, *, since: datetime = T0, max_attempts: int = 3):
    with db.connect() as conn:
        found = entries_needing_extraction(
            conn, now, since=since, limit=100, max_attempts=max_attempts
        )
    return found


def test_entries_needing_extraction(db: Database) -> None:
    with db.transaction() as conn:
        feed = add_feed(conn, "https://news.example/feed", T0)
        docs = add_feed(conn, "https://docs.example/", T0, kind=FeedKind.DOCUMENTS)
        apply_feed_update(
            conn,
            update(
                feed,
                [
                    entry("a", body="<p>Short.</p>", link="https://news.example/a"),
                    entry("nolink", body="<p>Nowhere to fetch.</p>"),
                    entry(
                        "podcast",
                        transcripts=(TranscriptLink("https://news.example/t.vtt", "text/vtt"),),
                    ),
                    entry("b", summary="<p>Teaser</p>", link="https://news.example/b"),
                    entry("full", body="<p>Long.</p>", link="https://news.example/full"),
                ],
            ),
        )
        apply_feed_update(conn, update(docs, [entry("d", link="https://docs.example/d")]))
        ids = ids_by_key(conn)

    found = needing(db)
    assert [c.entry_id for c in found] == [ids["full"], ids["b"], ids["podcast"], ids["a"]]
    b = next(c for c in found if c.entry_id == ids["b"])
    assert (b.link, b.summary, b.content, b.status, b.attempts) == (
        "https://news.example/b", "<p>Teaser</p>", None, None, 0,
    )  # fmt: skip
    assert next(c for c in found if c.entry_id == ids["podcast"]).transcripts == (
        TranscriptLink("https://news.example/t.vtt", "text/vtt"),
    )
    assert needing(db, since=T0 + timedelta(seconds=1)) == []  # only recent entries

    with db.transaction() as conn:
        saved = save_articles(
            conn,
            [
                ArticleRecord(ids["a"], ArticleStatus.OK, text="Text", attempts=1),
                ArticleRecord(ids["podcast"], ArticleStatus.NO_ARTICLE, reason="r", attempts=1),
                ArticleRecord(ids["full"], ArticleStatus.NOT_NEEDED),
                ArticleRecord(
                    ids["b"],
                    ArticleStatus.FETCH_FAILED,
                    reason="the server answered 503",
                    attempts=1,
                    next_attempt_at=NOW + timedelta(hours=1),
                ),
                ArticleRecord(999_999, ArticleStatus.OK, text="entry gone meanwhile"),
            ],
        )
    assert saved == 4
    assert needing(db) == []  # nothing due
    later = needing(db, NOW + timedelta(hours=1))
    assert [(c.entry_id, c.status, c.attempts) for c in later] == [
        (ids["b"], ArticleStatus.FETCH_FAILED, 1)
    ]
    assert needing(db, NOW + timedelta(hours=1), max_attempts=1) == []  # tried enough

    # A feed switched to "always fetch" brings back entries found not to need it.
    with db.transaction() as conn:
        set_always_fetch_full_text(conn, feed, True)
    assert [c.entry_id for c in needing(db)] == [ids["full"]]
    assert needing(db)[0].always_fetch


def test_article_round_trip_search_and_cascade(db: Database) -> None:
    with db.transaction() as conn:
        feed = add_feed(conn, "https://news.example/feed", T0)
        apply_feed_update(
            conn,
            update(feed, [entry("a", title="Floods", summary="<p>Rivers rise in the north.</p>")]),
        )
        entry_id = ids_by_key(conn)["a"]
        user_id = default_user(conn).id
    article = ArticleRecord(
        entry_id=entry_id,
        status=ArticleStatus.OK,
        source="page",
        host="news.example",
        html="<p>Levees hold.</p><p>Rivers rise in the north.</p><p>The quokka levee held.</p>",
        text="Rivers rise in the north.\n\nThe quokka levee held.",
        standfirst="Levees hold.",
        word_count=9,
        reading_minutes=1,
        title="Floods in the north",
        authors=("Ana Ruiz", "Li Wei"),
        published=datetime(2026, 10, 31, 22, 0, tzinfo=UTC),
        site_name="The Daily",
        lead_image="https://news.example/lead.jpg",
        language="en",
        canonical_url="https://news.example/floods",
        fetched_url="https://news.example/a?x=1",
        extracted_at=NOW,
        attempts=1,
    )
    with db.transaction() as conn:
        assert search_entries(conn, "quokka") == []
        save_articles(conn, [article])
    with db.connect() as conn:
        assert get_article(conn, entry_id) == article
        assert get_articles(conn, [entry_id, 12345]) == {entry_id: article}
        assert [h.entry_id for h in search_entries(conn, "quokka", user_id=None)] == [entry_id]
        assert [h.entry_id for h in search_entries(conn, "rivers floods")] == [entry_id]

    # Saving again replaces the whole row.
    failed = ArticleRecord(entry_id, ArticleStatus.LOGIN_WALL, reason="sign in", attempts=2)
    with db.transaction() as conn:
        save_articles(conn, [failed])
    with db.connect() as conn:
        assert get_article(conn, entry_id) == failed

    with db.transaction() as conn:
        remove_feed(conn, feed)
    with db.connect() as conn:
        assert get_article(conn, entry_id) is None
        assert search_entries(conn, "quokka", user_id=user_id) == []


def test_site_rules(db: Database) -> None:
    with db.transaction() as conn:
        admin = default_user(conn).id
        set_site_rule(
            conn, "news.example", keep_selector="article", drop_selector=None, user_id=admin, now=T0
        )
        set_site_rule(
            conn, "blog.example", keep_selector=None, drop_selector=".ad", user_id=None, now=T0
        )
        replaced = set_site_rule(
            conn,
            "news.example",
            keep_selector="main",
            drop_selector=".promo, aside",
            user_id=admin,
            now=NOW,
        )
    with db.connect() as conn:
        rules = list_site_rules(conn)
        assert [r.host for r in rules] == ["blog.example", "news.example"]
        assert rules[1] == replaced
        assert (rules[1].keep_selector, rules[1].drop_selector, rules[1].updated_at) == (
            "main", ".promo, aside", NOW,
        )  # fmt: skip
        assert rules[1].updated_by == admin
        assert set(site_rules_for(conn, ["news.example", "other.example"])) == {"news.example"}
    with db.transaction() as conn:
        remove_site_rule(conn, "blog.example")
        with pytest.raises(SiteRuleNotFoundError, match="no site rule for blog.example"):
            remove_site_rule(conn, "blog.example")
    with db.connect() as conn:
        assert [r.host for r in list_site_rules(conn)] == ["news.example"]


def test_site_lines_are_bounded_and_keep_their_order(db: Database) -> None:
    prints = [f"{i:016x}" for i in range(MAX_SITE_LINES + 50)]
    with db.transaction() as conn:
        save_site_lines(conn, {"news.example": prints, "blog.example": ["ab"]}, T0)
        save_site_lines(conn, {"blog.example": ["cd", "ab"]}, NOW)
    with db.connect() as conn:
        lines = site_lines_for(conn, ["news.example", "blog.example", "none.example"])
    assert lines == {"news.example": tuple(prints[:MAX_SITE_LINES]), "blog.example": ("cd", "ab")}


def test_an_updated_entry_keeps_its_full_text_searchable(db: Database) -> None:
    with db.transaction() as conn:
        feed = add_feed(conn, "https://news.example/feed", T0)
        apply_feed_update(conn, update(feed, [entry("a", summary="<p>Teaser one.</p>")]))
        entry_id = ids_by_key(conn)["a"]
        save_articles(
            conn, [ArticleRecord(entry_id, ArticleStatus.OK, text="The wombat crossing opened.")]
        )
    with db.transaction() as conn:  # the feed edits the entry's summary
        apply_feed_update(
            conn, update(feed, [entry("a", summary="<p>Teaser two.</p>")], new=False, at=NOW)
        )
    with db.connect() as conn:
        assert [h.entry_id for h in search_entries(conn, "wombat two")] == [entry_id]
        assert search_entries(conn, "teaser one") == []


def test_recent_texts_are_the_latest_pages_of_each_host(db: Database) -> None:
    from tidings.store.articles import recent_texts

    with db.transaction() as conn:
        feed = add_feed(conn, "https://news.example/feed", T0)
        apply_feed_update(conn, update(feed, [entry(f"e{i}") for i in range(6)]))
        ids = ids_by_key(conn)
        save_articles(
            conn,
            [
                ArticleRecord(
                    ids[f"e{i}"],
                    ArticleStatus.OK if i != 4 else ArticleStatus.NO_ARTICLE,
                    source="page",
                    host="a.example" if i % 2 == 0 else "b.example",
                    text=f"text {i}",
                )
                for i in range(6)
            ],
        )
    with db.connect() as conn:
        texts = recent_texts(conn, ["a.example", "b.example", "c.example"], per_host=2)
    assert {host: sorted(t) for host, t in texts.items()} == {
        "a.example": ["text 0", "text 2"],  # entry 4 gave no article
        "b.example": ["text 3", "text 5"],
    }
