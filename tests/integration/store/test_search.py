"""Full-text search: kept current, query syntax, hostile input, scoping."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tidings.store import Database, feeds, search, subscriptions, users
from tidings.store.feeds import apply_feed_update
from tidings.store.search import fts5_match, parse_query, websearch_text

from .conftest import T0, entry, update

ARTICLES = [
    entry(
        "whales",
        "Whales return to the bay",
        "<p>Humpback whales were seen near the <b>harbour</b> this morning.</p>",
    ),
    entry(
        "budget",
        "City budget approved",
        "<p>The council approved the budget; the harbour renovation is delayed.</p>",
        authors=("Jane Reporter",),
    ),
    entry(
        "storm",
        "Storm warning",
        "<p>A storm is expected. Boats should stay in the harbour.</p>"
        "<p>Whales are not affected.</p>",
    ),
]


@pytest.fixture
def indexed(db: Database) -> int:
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://news.example/feed", T0)
        apply_feed_update(conn, update(feed_id, ARTICLES))
    return feed_id


def keys(db: Database, query: str, **kwargs: object) -> set[str]:
    with db.connect() as conn:
        hits = search.search_entries(conn, query, **kwargs)  # type: ignore[arg-type]
        titles = {h.title for h in hits}
    return {e.key for e in ARTICLES if e.title in titles}


def test_all_words_must_match(db: Database, indexed: int) -> None:
    assert keys(db, "harbour") == {"whales", "budget", "storm"}
    assert keys(db, "harbour whales") == {"whales", "storm"}
    assert keys(db, "HARBOUR Budget") == {"budget"}
    assert keys(db, "jane") == {"budget"}  # authors are indexed
    assert keys(db, "nothing-like-this") == set()


def test_phrases_and_exclusions(db: Database, indexed: int) -> None:
    assert keys(db, '"humpback whales"') == {"whales"}
    assert keys(db, '"whales humpback"') == set()
    assert keys(db, "harbour -storm") == {"whales", "budget"}
    assert keys(db, 'whales -"stay in the harbour"') == {"whales"}
    assert keys(db, "-storm") == set()  # nothing to find, only to exclude


def test_tags_are_not_indexed_and_snippets_are_plain_text(db: Database, indexed: int) -> None:
    assert keys(db, "b") == set()  # the <b> tag is not a word
    with db.connect() as conn:
        [hit] = search.search_entries(conn, "humpback")
    assert hit.title == "Whales return to the bay"
    assert "Humpback whales were seen near the harbour" in hit.snippet
    assert "<" not in hit.snippet and hit.score > 0 and hit.feed_title == "A feed"
    assert hit.sort_at == T0


def test_results_are_ranked(db: Database, indexed: int) -> None:
    with db.connect() as conn:
        hits = search.search_entries(conn, "whales")
    assert hits[0].title == "Whales return to the bay"  # in the title and the body
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    with db.connect() as conn:
        assert len(search.search_entries(conn, "harbour", limit=2)) == 2


def test_index_follows_updates(db: Database, indexed: int) -> None:
    with db.transaction() as conn:
        apply_feed_update(
            conn,
            update(
                indexed,
                [
                    entry(
                        "whales",
                        "Dolphins return to the bay",
                        "<p>Dolphins were seen offshore.</p>",
                    ),
                    entry("new", "Ferry strike", "<p>No ferries today.</p>"),
                ],
                new=False,
                at=T0 + timedelta(hours=1),
            ),
        )
    assert keys(db, "humpback") == set()  # the old words are gone
    with db.connect() as conn:
        assert [h.title for h in search.search_entries(conn, "dolphins")] == [
            "Dolphins return to the bay"
        ]
        assert [h.title for h in search.search_entries(conn, "ferries")] == ["Ferry strike"]


HOSTILE = [
    '"',
    '""',
    '"""',
    "*",
    "**",
    "-",
    "--",
    "- -",
    "NEAR(",
    "NEAR(a b",
    "NEAR",
    "a NEAR/2 b",
    "'); DROP TABLE entries; --",
    "harbour OR",
    "OR",
    "AND",
    "NOT",
    "NOT harbour",
    "(",
    ")",
    "harbour)",
    "((harbour",
    "^harbour",
    "title:harbour",
    "body:",
    "{title}: x",
    "harbour*",
    "*harbour",
    "a:b:c",
    "\\",
    "%",
    "_",
    "%harbour%",
    "\x00",
    "harbour\x00",
    "😀",
    "ÿ" * 300,
    "a & b | !c",
    "<-> !!",
    "x:* & y",
    "'",
    "''",
    ":",
    "e-mail",
    "c++",
    "--harbour",
    '"unterminated phrase',
    '-"',
    'harbour "',
    " " * 50,
    "word " * 200,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(db: Database, indexed: int, query: str) -> None:
    with db.connect() as conn:
        hits = search.search_entries(conn, query)
        assert isinstance(hits, list)
        # the connection is still usable (no aborted transaction on PostgreSQL)
        assert len(search.search_entries(conn, "harbour")) == 3
    with db.transaction() as conn:
        assert feeds.get_feed(conn, indexed).id == indexed


def test_operators_are_just_words(db: Database) -> None:
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(
            conn,
            update(
                feed_id,
                [
                    entry("or", "Cats or dogs", "<p>Which is better?</p>"),
                    entry("cats", "Cats", "<p>Only cats here.</p>"),
                ],
            ),
        )
        assert [h.title for h in search.search_entries(conn, "cats or dogs")] == ["Cats or dogs"]
        assert [h.title for h in search.search_entries(conn, "cats OR dogs")] == ["Cats or dogs"]
        assert [h.title for h in search.search_entries(conn, "near(cats")] == []


def test_search_is_scoped_to_the_users_subscriptions(db: Database, indexed: int) -> None:
    with db.transaction() as conn:
        ann = users.create_user(conn, "ann")
        bob = users.create_user(conn, "bob")
        other = feeds.add_feed(conn, "https://other.example/feed", T0)
        apply_feed_update(
            conn, update(other, [entry("o", "Harbour news", "<p>harbour</p>")], title="Other")
        )
        subscriptions.subscribe(conn, ann.id, indexed, title="My news")
        subscriptions.subscribe(conn, bob.id, other)
        ann_hits = search.search_entries(conn, "harbour", user_id=ann.id)
        bob_hits = search.search_entries(conn, "harbour", user_id=bob.id)
        everyone = search.search_entries(conn, "harbour")
    assert {h.feed_id for h in ann_hits} == {indexed} and len(ann_hits) == 3
    assert {h.feed_title for h in ann_hits} == {"My news"}
    assert [h.title for h in bob_hits] == ["Harbour news"]
    assert len(everyone) == 4


def test_query_translation() -> None:
    parsed = parse_query('big "red fox" -"lazy dog" -cat "un"term" -- * NEAR(x')
    assert parsed.include == ("big", "red fox", "un", "term", "NEAR(x")
    assert parsed.exclude == ("lazy dog", "cat")
    assert fts5_match(parsed) == (
        '("big" AND "red fox" AND "un" AND "term" AND "NEAR(x") NOT "lazy dog" NOT "cat"'
    )
    assert websearch_text(parsed) == '"big" "red fox" "un" "term" "NEAR(x" -"lazy dog" -"cat"'
    assert parse_query('"" * - "-"').empty


def test_nul_characters_in_entries_are_dropped(db: Database) -> None:
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://example.org/feed", T0)
        apply_feed_update(
            conn,
            update(feed_id, [entry("nul\x00key", "Tit\x00le", "<p>zebra&#0;crossing\x00</p>")]),
        )
        assert [h.title for h in search.search_entries(conn, "zebra")] == ["Title"]


def test_random_queries_never_raise(db: Database, indexed: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("abc xyz\"-*()^:+&|!<>'\\%_NEAROT") + ["\x00", "é", "😀"])

    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.text(alphabet, max_size=40))
    def check(query: str) -> None:
        with db.connect() as conn:
            assert isinstance(search.search_entries(conn, query), list)

    check()
