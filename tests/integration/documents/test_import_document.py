"""Importing documents: stored once, private to the importer, searchable, never fetched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tidings.content.documents import DocumentError
from tidings.errors import EntryNotFoundError
from tidings.services.documents import import_document
from tidings.store import Database
from tidings.store.entries import get_entry, list_entries
from tidings.store.feeds import feeds_for_update, get_feed
from tidings.store.search import search_entries
from tidings.store.subscriptions import list_subscriptions, unsubscribe
from tidings.store.users import create_user, default_user
from tidings.types import FeedKind

DATA = Path(__file__).parents[2] / "data" / "documents"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def users(db: Database) -> tuple[int, int]:
    with db.transaction() as conn:
        return default_user(conn, now=NOW).id, create_user(conn, "bea", now=NOW).id


def _import(db: Database, user_id: int, name: str, **kwargs: object):
    return import_document(
        db, user_id=user_id, data=(DATA / name).read_bytes(), filename=name, now=NOW, **kwargs
    )


def test_imported_article_is_an_entry_of_the_users_documents_source(db, users) -> None:
    alice, _ = users
    imported = _import(db, alice, "aggregator_byline_first.txt")
    assert imported.status == "new"
    with db.connect() as conn:
        entry = get_entry(conn, alice, imported.entry_id)
        feed = get_feed(conn, imported.feed_id)
        subscriptions = list_subscriptions(conn, alice)
    assert entry.title == "Library Returns a Lost Manuscript to the Village Where It Was Written"
    # People first, then the publisher (entries have no publisher column).
    assert entry.authors == ("Jane Okafor", "Li Wei", "Northern Times")
    assert entry.published_at == datetime(2022, 3, 3, tzinfo=UTC)
    assert entry.content.startswith("<p>A handwritten book of songs")
    assert "Share this article" not in entry.content
    assert (feed.kind, feed.owner_user_id, feed.title) == (FeedKind.DOCUMENTS, alice, "Documents")
    assert [s.feed_id for s in subscriptions] == [imported.feed_id]


def test_documents_source_is_never_fetched(db, users) -> None:
    alice, _ = users
    _import(db, alice, "clean_essay.txt")
    with db.connect() as conn:
        due = feeds_for_update(conn, NOW + timedelta(days=30), due_only=False, include_failing=True)
    assert due == []


def test_importing_the_same_document_twice_stores_it_once(db, users) -> None:
    alice, _ = users
    first = _import(db, alice, "machine_transcript.txt")
    again = _import(db, alice, "machine_transcript.txt")
    assert (again.status, again.entry_id) == ("unchanged", first.entry_id)
    # The same text under another file name is the same document too.
    renamed = import_document(
        db,
        user_id=alice,
        data=(DATA / "machine_transcript.txt").read_bytes(),
        filename="copy.txt",
        now=NOW,
    )
    assert renamed.entry_id == first.entry_id
    with db.connect() as conn:
        assert len(list_entries(conn, alice, feed_id=first.feed_id)) == 1


def test_a_document_with_an_address_is_updated_in_place(db, users) -> None:
    alice, _ = users
    url = "https://news.example.org/ferries?utm_source=app"
    first = _import(db, alice, "aggregator_premium_app.txt", url=url)
    changed = import_document(
        db,
        user_id=alice,
        data=(DATA / "aggregator_premium_app.txt")
        .read_bytes()
        .replace(b"first of April.", b"first of April, a week later than planned."),
        filename="ferries.txt",
        url=url,
        now=NOW,
    )
    assert first.key == "https://news.example.org/ferries"  # tracking parameters dropped
    assert (changed.status, changed.entry_id) == ("updated", first.entry_id)


def test_other_users_never_see_a_document(db, users) -> None:
    alice, bea = users
    imported = _import(db, alice, "aggregator_feed_reader.txt")
    with db.connect() as conn:
        with pytest.raises(EntryNotFoundError):
            get_entry(conn, bea, imported.entry_id)
        assert list_entries(conn, bea) == []
        assert search_entries(conn, "orchard growers", user_id=bea) == []
        assert list_subscriptions(conn, bea) == []
    # Bea's own documents go to a source of her own.
    hers = _import(db, bea, "clean_essay.txt")
    assert hers.feed_id != imported.feed_id
    with db.connect() as conn:
        assert search_entries(conn, "bicycles", user_id=alice) == []


def test_documents_take_part_in_search(db, users) -> None:
    alice, _ = users
    imported = _import(db, alice, "machine_transcript.txt")
    _import(db, alice, "notes.md")
    with db.connect() as conn:
        hits = search_entries(conn, "turbine batteries", user_id=alice)
        by_publisher = search_entries(conn, "Harbour Gazette", user_id=alice)
    assert [h.entry_id for h in hits] == [imported.entry_id]
    assert by_publisher == []
    ferries = _import(db, alice, "aggregator_premium_app.txt")
    with db.connect() as conn:
        by_publisher = search_entries(conn, "Harbour Gazette", user_id=alice)
    assert [h.entry_id for h in by_publisher] == [ferries.entry_id]


def test_given_title_source_and_date_override_the_document(db, users) -> None:
    alice, _ = users
    imported = _import(
        db,
        alice,
        "interview.srt",
        title="Valley water, evening news",
        source="Channel Nine",
        published=datetime(2025, 6, 1, 18, 0, tzinfo=UTC),
    )
    with db.connect() as conn:
        entry = get_entry(conn, alice, imported.entry_id)
    assert entry.title == "Valley water, evening news"
    assert entry.authors == ("Channel Nine",)
    assert entry.published_at == datetime(2025, 6, 1, 18, 0, tzinfo=UTC)
    assert "<p>Karen Osei: Good evening." in entry.content


def test_untitled_subtitles_are_named_after_the_file(db, users) -> None:
    alice, _ = users
    imported = _import(db, alice, "rolling_captions.vtt")
    assert imported.title == "Rolling captions"


def test_bad_input_stores_nothing(db, users) -> None:
    alice, _ = users
    with pytest.raises(DocumentError, match="empty"):
        import_document(db, user_id=alice, data=b"", filename="x.txt", now=NOW)
    with pytest.raises(DocumentError, match="http"):
        _import(db, alice, "clean_essay.txt", url="javascript:alert(1)")
    with db.connect() as conn:
        assert list_subscriptions(conn, alice) == []


def test_importing_after_unfollowing_the_source_follows_it_again(db, users) -> None:
    alice, _ = users
    first = _import(db, alice, "clean_essay.txt")
    with db.transaction() as conn:
        unsubscribe(conn, alice, first.feed_id)
    second = _import(db, alice, "notes.md")
    with db.connect() as conn:
        assert (
            get_entry(conn, alice, second.entry_id).title == "Field Notes from the Estuary Survey"
        )
