"""Full-text search: kept current, query syntax, hostile input, scoping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tidings.store import Database, feeds, search, subscriptions, users
from tidings.store.feeds import apply_feed_update
from tidings.store.search import SearchQuery, fts5_match, parse_query, websearch_text
from tidings.types import FeedFormat, ParsedFeed

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
    # operators
    "title:",
    'title:"',
    'title:""',
    "title:*",
    "title:NEAR(",
    'title:"a" "b',
    "author:-",
    "authors:^x",
    "TITLE:OR",
    "title:title:title",
    "source:",
    "source:%",
    "source:_",
    "source:!",
    "source:'",
    'source:"%_!\\\'"',
    "source:'); DROP TABLE feeds; --",
    "source:😀",
    "source:a " * 40,
    "after:",
    "after:notadate",
    "after:0000-00-00",
    "after:99999",
    "before:0001-01-01",
    "date:0001",
    "date:9999-12-31",
    "date:9999-12",
    "date:2026-02-30",
    "date:2026-13",
    "date:2026-03 date:2025",
    "date:2026-03 -",
    "-title:x",
    "-source:x",
    "-date:2026",
    "source:news -harbour -storm",
    "title:harbour\x00 source:\x00",
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

    pieces = st.sampled_from(
        list("abc xyz\"-*()^:+&|!<>'\\%_NEAROT")
        + ["\x00", "é", "😀", "title:", "author:", "source:", "after:", "date:", "2026-03"]
    )

    @settings(
        max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(st.lists(pieces, max_size=40).map("".join))
    def check(query: str) -> None:
        with db.connect() as conn:
            assert isinstance(search.search_entries(conn, query), list)

    check()


# --- operators -------------------------------------------------------------------------------


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


WIRE = [
    entry(
        "w-title",
        "Harbour reopens",
        "<p>The port is open again.</p>",
        authors=("Jane Reporter",),
        published=at("2026-03-05"),
    ),
    entry(
        "w-body",
        "Ferry news",
        "<p>The harbour ferry runs on time.</p>",
        authors=("Sam Writer",),
        published=at("2026-03-20", 0),
    ),
    entry(
        "w-april",
        "Harbour festival",
        "<p>Music by the red fox band at the harbour.</p>",
        authors=("Jane Reporter",),
        published=at("2026-04-02"),
    ),
]
POST = [
    entry(
        "p-march",
        "Red fox seen",
        "<p>A red fox near the harbour.</p>",
        authors=("Ann Columnist",),
        published=at("2026-03-05", 23),
    ),
    entry(
        "p-may",
        "Budget",
        "<p>Jane Reporter wrote about the budget.</p>",
        authors=("Bob",),
        published=at("2026-05-01"),
    ),
]
BY_TITLE = {e.title: e.key for e in (*WIRE, *POST)}


@pytest.fixture
def two_sources(db: Database) -> tuple[int, int]:
    """Two feeds: "Wire Service" at wire.example, "Daily Post" at www.dailypost.example."""
    with db.transaction() as conn:
        wire = feeds.add_feed(conn, "https://wire.example/feed", T0)
        post = feeds.add_feed(conn, "https://feeds.example/daily", T0)
        for feed_id, entries, title, link in (
            (wire, WIRE, "Wire Service", "https://wire.example/news"),
            (post, POST, "Daily Post", "https://www.dailypost.example/"),
        ):
            site = ParsedFeed(format=FeedFormat.ATOM10, title=title, link=link)
            apply_feed_update(conn, update(feed_id, entries, feed=site))
    return wire, post


def found(db: Database, query: str, **kwargs: object) -> set[str]:
    return set(ordered(db, query, **kwargs))


def ordered(db: Database, query: str, **kwargs: object) -> list[str]:
    with db.connect() as conn:
        hits = search.search_entries(conn, query, **kwargs)  # type: ignore[arg-type]
    return [BY_TITLE[h.title] for h in hits]


def test_title_and_author_operators(db: Database, two_sources: tuple[int, int]) -> None:
    assert found(db, "harbour") == {"w-title", "w-body", "w-april", "p-march"}
    assert found(db, "title:harbour") == {"w-title", "w-april"}  # not in the body only
    assert found(db, "TITLE:Harbour") == {"w-title", "w-april"}
    assert found(db, 'title:"red fox"') == {"p-march"}  # w-april has it in its body
    assert found(db, 'title:"fox red"') == set()
    assert found(db, "author:jane") == {"w-title", "w-april"}  # p-may has it in its body
    assert found(db, 'author:"jane reporter"') == found(db, "authors:JANE")
    assert found(db, 'author:"reporter jane"') == set()
    assert found(db, "title:budget author:jane") == set()
    # combined with words, phrases and exclusions
    assert found(db, "harbour title:harbour -festival") == {"w-title"}
    assert found(db, '"red fox" title:harbour') == {"w-april"}
    assert found(db, 'author:jane -"red fox"') == {"w-title"}
    assert found(db, "title:harbour author:jane port") == {"w-title"}
    assert found(db, "budget -title:budget") == {"p-may"}  # operators cannot be negated


def test_source_operator(db: Database, two_sources: tuple[int, int]) -> None:
    everything = {"w-title", "w-body", "w-april", "p-march", "p-may"}
    assert found(db, "source:wire") == {"w-title", "w-body", "w-april"}  # title and host
    assert found(db, "source:SERVICE") == {"w-title", "w-body", "w-april"}  # the title
    assert found(db, "source:dailypost") == {"p-march", "p-may"}  # the site's host
    assert found(db, 'source:"daily post"') == {"p-march", "p-may"}
    assert found(db, "source:example") == everything  # every host
    assert found(db, "source:feeds") == set()  # the feed URL's host counts only without a site
    assert found(db, "source:wire source:post") == everything  # any of them
    assert found(db, "source:%") == set() and found(db, "source:_") == set()  # LIKE escaped
    assert found(db, "source:nothing") == set()
    # combined
    assert found(db, "harbour source:post") == {"p-march"}
    assert found(db, 'harbour -"red fox" source:wire') == {"w-title", "w-body"}
    assert found(db, "title:harbour source:wire -festival") == {"w-title"}
    assert found(db, "source:wire -ferry") == {"w-title", "w-april"}


def test_date_operators(db: Database, two_sources: tuple[int, int]) -> None:
    march = {"w-title", "w-body", "p-march"}
    assert found(db, "date:2026-03") == march
    assert found(db, "after:2026-03 before:2026-04") == march
    assert found(db, "after:2026-03-01 before:2026-04-01") == march
    assert found(db, "date:2026-03-05") == {"w-title", "p-march"}  # 10:00 and 23:00 UTC
    assert found(db, "date:2026-03-06") == set()
    assert found(db, "date:2026-3-5") == {"w-title", "p-march"}
    assert found(db, "after:2026-03-20") == {"w-body", "w-april", "p-may"}  # on or after
    assert found(db, "before:2026-03-20") == {"w-title", "p-march"}  # strictly before
    assert found(db, "date:2026") == march | {"w-april", "p-may"}
    assert found(db, "date:2025") == set()
    assert found(db, "date:2026-03 date:2026-04") == set()  # bounds narrow each other
    # combined
    assert found(db, "harbour date:2026-03") == march
    assert found(db, "harbour date:2026-03 -ferry") == {"w-title", "p-march"}
    assert found(db, "title:harbour author:jane after:2026-04") == {"w-april"}
    assert found(db, '"red fox" source:post before:2026-04') == {"p-march"}
    assert found(db, "date:2026-03 -fox") == {"w-title", "w-body"}


def test_operators_alone_list_newest_first(db: Database, two_sources: tuple[int, int]) -> None:
    assert ordered(db, "source:wire") == ["w-april", "w-body", "w-title"]
    assert ordered(db, "date:2026") == ["p-may", "w-april", "w-body", "p-march", "w-title"]
    assert ordered(db, "date:2026", limit=2) == ["p-may", "w-april"]
    with db.connect() as conn:
        [hit] = search.search_entries(conn, "source:post date:2026-05")
    assert hit.snippet == "Jane Reporter wrote about the budget." and hit.score == 0.0
    assert hit.feed_title == "Daily Post" and hit.sort_at == at("2026-05-01")
    assert found(db, "-harbour") == set()  # still nothing to find without an operator


def test_malformed_operators_are_words(db: Database, two_sources: tuple[int, int]) -> None:
    assert parse_query("after:notadate") == SearchQuery(include=("after", "notadate"))
    assert parse_query("date:2026-02-30 title:") == SearchQuery(
        include=("date", "2026-02-30", "title")
    )
    assert parse_query("-source:x") == SearchQuery(exclude=("source:x",))
    assert parse_query('x:1 title:"" source:"-"').include == ("x:1", "title", "source")
    assert found(db, "budget after:notadate") == set()  # the words must be there
    assert found(db, "budget date:2026-13") == set()
    assert found(db, "reporter date:99999") == set()
    parsed = parse_query('title:"red fox" author:ann source:Post after:2026-03 date:2026-03-05')
    assert parsed.title == ("red fox",) and parsed.authors == ("ann",)
    assert parsed.sources == ("post",)
    assert (parsed.since, parsed.until) == (at("2026-03-05", 0), at("2026-03-06", 0))
    assert fts5_match(parsed) == 'title : "red fox" AND authors : "ann"'
    assert websearch_text(parse_query('a title:"b c" -d')) == '"a" "b c" -"d"'


def test_operators_are_scoped_to_the_users_subscriptions(
    db: Database, two_sources: tuple[int, int]
) -> None:
    wire, _ = two_sources
    with db.transaction() as conn:
        ann = users.create_user(conn, "ann")
        subscriptions.subscribe(conn, ann.id, wire, title="My Paper")
    assert found(db, "source:paper", user_id=ann.id) == {"w-title", "w-body", "w-april"}
    assert found(db, "source:paper") == set()  # the rename is ann's
    assert found(db, "source:service", user_id=ann.id) == set()  # her name replaces it
    assert found(db, "source:wire", user_id=ann.id) == {"w-title", "w-body", "w-april"}  # host
    assert found(db, "source:post", user_id=ann.id) == set()
    assert found(db, "date:2026-03", user_id=ann.id) == {"w-title", "w-body"}
    assert found(db, 'title:"red fox"', user_id=ann.id) == set()
    assert found(db, "harbour date:2026-03-05", user_id=ann.id) == {"w-title"}
    with db.connect() as conn:
        hits = search.search_entries(conn, "date:2026-03", user_id=ann.id)
    assert {h.feed_title for h in hits} == {"My Paper"}
