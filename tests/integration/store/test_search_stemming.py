"""Stemmed search: a plain word finds its other forms in the entry's own language.

Quoted text stays exact words; the operators work as before. Run on SQLite and
PostgreSQL: both store the same Python-made stems, so results are the same.
"""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from tidings.store import Database, feeds, search
from tidings.store.feeds import apply_feed_update
from tidings.store.fulltext import indexed_languages
from tidings.store.migrate import alembic_config
from tidings.text import stemming
from tidings.text.stemming import (
    new_stems,
    snowball_language,
    stem_words,
    stemmer_for,
    words,
)
from tidings.types import FeedFormat, ParsedFeed

from .conftest import T0, entry, update

ENGLISH = entry(
    "en",
    "Results of the election",
    "<p>The election was held on Sunday; turnout was higher than expected.</p>",
    language="en-GB",
)
PLURAL = entry(
    "en-plural",
    "Town councils meet",
    "<p>Two councils met to discuss the harbours and their budgets.</p>",
    language="en",
)
GERMAN = entry(
    "de",
    "Ergebnisse der Wahl in Bayern",
    "<p>Die Wahl in Bayern brachte eine hohe Beteiligung. Die Parteien feierten.</p>",
    language="de",
)
FRENCH = entry(  # no language of its own: its feed's (fr) is used
    "fr",
    "Le conseil municipal vote le budget",
    "<p>Les conseillères ont voté le budget de la ville après un long débat.</p>",
)
SPANISH = entry(  # no language anywhere: detected
    "es",
    "Las ciudades costeras preparan sus playas para el verano",
    "<p>Los ayuntamientos de las ciudades costeras contratan socorristas y limpian las"
    " playas antes de la llegada de los turistas en junio.</p>",
)


def _populate(conn) -> None:
    english = feeds.add_feed(conn, "https://en.example/feed", T0)
    french = feeds.add_feed(conn, "https://fr.example/feed", T0)
    apply_feed_update(conn, update(english, [ENGLISH, PLURAL, GERMAN, SPANISH]))
    site = ParsedFeed(
        format=FeedFormat.RSS20, title="Ville", link="https://fr.example/", language="fr"
    )
    apply_feed_update(conn, update(french, [FRENCH], feed=site))


def found(db: Database, query: str) -> set[str]:
    with db.connect() as conn:
        titles = {hit.title for hit in search.search_entries(conn, query)}
    return {e.key for e in (ENGLISH, PLURAL, GERMAN, FRENCH, SPANISH) if e.title in titles}


def test_stemming_api() -> None:
    assert snowball_language("de-AT") == "german" and snowball_language("pt_BR") == "portuguese"
    assert snowball_language("xx") is None and snowball_language(None) is None
    assert stemmer_for("klingon") is None
    stem = stemmer_for("en")
    assert stem is not None and stem("elections") == stem("election") == "elect"
    assert stem_words(["Élections", "élection"], "fr") == ["elect", "elect"]  # accents folded
    assert stem_words(["Wahlen"], "de") == ["wahl"]
    assert stem_words(["Wahlen"], None) == ["wahlen"]  # unknown language: the word itself


def test_only_new_stems_are_stored() -> None:
    # Each stem once, and only where it differs from its word (the words are indexed too).
    assert new_stems("The elections: an election, run by runners", "en") == "elect runner"
    assert new_stems("Die Wahlen und die Wahl", "de") == "wahl"
    assert new_stems("Le débat du débat", None) == "debat"  # unknown language: accents only
    assert new_stems("plain words only", None) == ""


def _new_stems_word_by_word(text: str, language: str | None) -> str:
    """new_stems as defined: over every word of the text, in order of first use."""
    forms = zip(words(text), stem_words(words(text), language), strict=True)
    return " ".join(dict.fromkeys(stem for word, stem in forms if stem != word))


NEW_STEMS_TEXTS = [
    "The elections: an election, run by runners (elections!) and RUNNERS.",
    'U.S.-led talks; well-known voters\' rights—"elections"… snake_case_words votes_cast',
    "Les élections, ÉLECTIONS.\tdébats\ndébat\xa0votes 2026-11-24 1,000 ~~~ ——",
    "Die Wahlen und die Wahl; Straße/Straßen  Wahlen,Wahlen",
    "",
    "   ",
    "word",
]


def test_new_stems_by_pieces_is_new_stems_by_words(monkeypatch) -> None:
    # new_stems looks up whole pieces between spaces; the result is the word-by-word one,
    # with its caches warm, cold, or cleared midway (a tiny bound clears them every call).
    for bound in (None, 1):
        if bound is not None:
            monkeypatch.setattr(stemming, "_CACHE_PIECES", bound)
            monkeypatch.setattr(stemming, "_CACHE_WORDS", bound)
        for _ in range(2):
            for sample in NEW_STEMS_TEXTS:
                for language in ("en", "de", "fr", None):
                    expected = _new_stems_word_by_word(sample, language)
                    assert new_stems(sample, language) == expected


def test_a_stem_equal_to_a_word_is_found_in_the_words(db: Database) -> None:
    """A search for "running" finds "run": that stem is stored only as the word."""
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://run.example/feed", T0)
        runs = entry("run", "Morning", "<p>We run at dawn.</p>", language="en")
        later = entry("ran", "Evening", "<p>Runners ran at dusk.</p>", language="en")
        apply_feed_update(conn, update(feed_id, [runs, later]))
    with db.connect() as conn:
        assert {h.title for h in search.search_entries(conn, "running")} == {"Morning"}
        assert {h.title for h in search.search_entries(conn, "runner")} == {"Evening"}
        assert {h.title for h in search.search_entries(conn, "mornings")} == {"Morning"}
        assert [h.title for h in search.search_entries(conn, "dawn -running")] == []


def test_inflected_words_find_each_language(db: Database) -> None:
    with db.transaction() as conn:
        _populate(conn)
        assert {"english", "german", "french", "spanish"} <= set(indexed_languages(conn))
    assert found(db, "elections") == {"en"}  # plural finds singular
    assert found(db, "council") == {"en-plural"}  # singular finds plural
    assert found(db, "harbour budget") == {"en-plural"}
    assert found(db, "Wahlen") == {"de"}  # German, by the entry's language
    assert found(db, "Partei") == {"de"}
    assert found(db, "conseillère") == {"fr"}  # French, by the feed's language
    assert found(db, "votés") == {"fr"}
    assert found(db, "playa ciudad") == {"es"}  # Spanish, detected


def test_quoted_words_stay_exact(db: Database) -> None:
    with db.transaction() as conn:
        _populate(conn)
    assert found(db, '"elections"') == set()
    assert found(db, '"election"') == {"en"}
    assert found(db, '"the election was held"') == {"en"}
    assert found(db, '"the elections was held"') == set()
    assert found(db, '"Wahlen"') == set()


def test_operators_and_exclusions_unchanged(db: Database) -> None:
    with db.transaction() as conn:
        _populate(conn)
    assert found(db, "title:election") == {"en"}
    assert found(db, "title:budget source:fr.example") == {"fr"}
    assert found(db, "source:ville") == {"fr"}
    assert found(db, "budget -conseil") == {"en-plural"}
    assert found(db, "budgets -councils") == {"fr"}  # a plain exclusion is stemmed too
    assert found(db, 'budget -"councils met"') == {"fr"}
    assert found(db, "date:2026-11 -elections") == {"en-plural", "de", "fr", "es"}


def test_hits_show_the_word_as_written(db: Database) -> None:
    with db.transaction() as conn:
        _populate(conn)
    with db.connect() as conn:
        [hit] = search.search_entries(conn, "turnout elections")
    assert "turnout was higher" in hit.snippet and hit.score > 0


def test_migration_indexes_existing_entries_again(database_url: str) -> None:
    """Entries stored before 0007 are stemmed by the migration (in batches)."""
    db = Database.open(database_url)
    with db.engine.connect() as conn:
        command.upgrade(alembic_config(conn), "0006_team")
        conn.commit()
    with db.engine.begin() as conn:
        feed_id = conn.execute(
            text(
                "INSERT INTO feeds (url, kind, recovered, stale, error_count,"
                " always_fetch_full_text, created_at, language)"
                " VALUES ('https://de.example/', 'feed', false, false, 0, false, :t, 'de')"
                " RETURNING id"
            ),
            {"t": T0},
        ).scalar_one()
        entry_id = conn.execute(
            text(
                "INSERT INTO entries (feed_id, key, content_hash, title, content,"
                " first_seen_at, last_changed_at, sort_at)"
                " VALUES (:f, 'k', 'h', 'Die Wahlen', '<p>Die Wahlen in Bayern</p>', :t, :t, :t)"
                " RETURNING id"
            ),
            {"f": feed_id, "t": T0},
        ).scalar_one()
        if db.dialect == "sqlite":
            conn.execute(
                text(
                    "INSERT INTO entry_search (rowid, title, authors, body) VALUES (:i, 'Die Wahlen', '', 'Die Wahlen in Bayern')"
                ),
                {"i": entry_id},
            )
        else:
            conn.execute(
                text(
                    "INSERT INTO entry_search (entry_id, title, authors, body) VALUES (:i, 'Die Wahlen', '', 'Die Wahlen in Bayern')"
                ),
                {"i": entry_id},
            )
    db.migrate()
    with db.connect() as conn:
        assert [h.entry_id for h in search.search_entries(conn, "Wahl")] == [entry_id]
        assert indexed_languages(conn) == ["german"]
    db.dispose()


def test_sqlite_index_merges_eight_segments_at_a_time(db: Database) -> None:
    """Migration 0012: FTS5 automerge 8 (less merging while a refresh writes)."""
    if db.dialect != "sqlite":
        return
    with db.connect() as conn:
        value = conn.execute(text("SELECT v FROM entry_search_config WHERE k = 'automerge'"))
        assert value.scalar_one() == 8


def test_a_stem_match_centres_the_snippet_on_the_word(db: Database) -> None:
    filler = " ".join(f"word{i}" for i in range(60))
    body = f"<p>{filler} The mayor runs the city council. {filler}</p>"
    with db.transaction() as conn:
        feed_id = feeds.add_feed(conn, "https://snip.example/feed", T0)
        apply_feed_update(conn, update(feed_id, [entry("s", "Town hall", body, language="en")]))
    with db.connect() as conn:
        [hit] = search.search_entries(conn, "running")  # only "runs" is in the text
        [exact] = search.search_entries(conn, "mayor")
    assert "mayor runs the city council" in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "mayor runs" in exact.snippet  # the engine's own snippet, as before
