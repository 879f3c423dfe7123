"""Every kind of bad input from the issue, refreshed together with healthy feeds.

The promise under test: a bad feed gets a clear, specific error; the other
feeds are unaffected; nothing already stored is lost or corrupted.
"""

from __future__ import annotations

import time

import pytest

from tidings.clock import utcnow
from tidings.store.entries import list_entries
from tidings.store.feeds import get_feed
from tidings.types import RefreshStatus

from ..helpers import follow, refresh_all
from .farm import FarmState, running_farm

pytestmark = pytest.mark.asyncio


async def refresh(db, settings, feed_ids=None):
    return await refresh_all(db, settings, feed_ids)


def entries_of(db, user_id: int, feed_id: int):
    with db.connect() as conn:
        return list_entries(conn, user_id, feed_id=feed_id, limit=10_000)


# path -> (expected status, words the error must contain (lower case), entries stored)
EXPECTED = {
    "/good": (RefreshStatus.UPDATED, None, 5),
    "/atom": (RefreshStatus.UPDATED, None, 2),
    "/wrong-type": (RefreshStatus.UPDATED, None, 2),
    "/latin1-undeclared": (RefreshStatus.UPDATED, None, 1),
    "/misdeclared": (RefreshStatus.UPDATED, None, 1),
    "/moved": (RefreshStatus.UPDATED, None, 2),
    "/dup-guids": (RefreshStatus.UPDATED, None, 2),
    "/no-ids": (RefreshStatus.UPDATED, None, 2),
    "/future": (RefreshStatus.UPDATED, None, 1),
    "/html": (RefreshStatus.FAILED, "html", 0),
    "/empty": (RefreshStatus.FAILED, "empty", 0),
    "/missing": (RefreshStatus.FAILED, "404", 0),
    "/broken": (RefreshStatus.FAILED, "500", 0),
    "/gone": (RefreshStatus.GONE, "410", 0),
    "/hang": (RefreshStatus.FAILED, "within", 0),
    "/drip": (RefreshStatus.FAILED, "within", 0),
    "/loop-a": (RefreshStatus.FAILED, "redirect", 0),
    "/huge": (RefreshStatus.FAILED, "tidings_max_body_bytes", 0),
    "/bomb": (RefreshStatus.FAILED, "tidings_max_body_bytes", 0),
}


async def test_bad_feeds_fail_alone_with_clear_errors(db, settings):
    state = FarmState()
    async with running_farm(state) as base:
        user_id, ids = follow(db, [base + path for path in EXPECTED])
        started = time.monotonic()
        summary, results = await refresh(db, settings)
        elapsed = time.monotonic() - started

    assert summary.tried == len(EXPECTED)
    for path, (status, words, count) in EXPECTED.items():
        result = results[ids[base + path]]
        assert result.status is status, (path, result)
        if words:
            assert words in result.error.lower(), (path, result.error)
        else:
            assert result.error is None, (path, result.error)
        assert len(entries_of(db, user_id, ids[base + path])) == count, path
    # Timeouts are bounded by the settings, not by the slow servers (30 s).
    assert elapsed < 15


async def test_encodings_are_decoded_to_the_right_characters(db, settings):
    async with running_farm(FarmState()) as base:
        user_id, ids = follow(db, [base + "/latin1-undeclared", base + "/misdeclared"])
        await refresh(db, settings)
    (latin,) = entries_of(db, user_id, ids[base + "/latin1-undeclared"])
    (quotes,) = entries_of(db, user_id, ids[base + "/misdeclared"])
    assert latin.title == "Cr\u00e8me br\u00fbl\u00e9e"
    assert "caf\u00e9" in quotes.title and "\u201c" in quotes.title


async def test_malformed_feed_is_recovered_and_flagged(db, settings):
    async with running_farm(FarmState()) as base:
        user_id, ids = follow(db, [base + "/malformed"])
        _, results = await refresh(db, settings)
    feed_id = ids[base + "/malformed"]
    assert results[feed_id].status is RefreshStatus.UPDATED
    assert len(entries_of(db, user_id, feed_id)) >= 2
    with db.connect() as conn:
        feed = get_feed(conn, feed_id)
    assert feed.recovered and feed.problems


async def test_hostile_xml_is_not_expanded(db, settings):
    async with running_farm(FarmState()) as base:
        user_id, ids = follow(db, [base + "/laughs", base + "/xxe"])
        started = time.monotonic()
        _, results = await refresh(db, settings)
        assert time.monotonic() - started < 10
    for path in ("/laughs", "/xxe"):
        for entry in entries_of(db, user_id, ids[base + path]):
            text = f"{entry.title} {entry.summary} {entry.content}"
            assert "aaaaaaaaaa" * 10 not in text
            assert "root:" not in text
        result = results[ids[base + path]]
        assert result.status in (RefreshStatus.UPDATED, RefreshStatus.FAILED)


async def test_duplicate_guids_keep_the_first_and_items_without_ids_get_stable_keys(db, settings):
    async with running_farm(FarmState()) as base:
        user_id, ids = follow(db, [base + "/dup-guids", base + "/no-ids"])
        await refresh(db, settings)
        titles = {e.title for e in entries_of(db, user_id, ids[base + "/dup-guids"])}
        assert titles == {"One", "Three"}
        # Refreshing again finds the same keys: nothing new, nothing duplicated.
        _, results = await refresh(db, settings)
        assert all(r.new_entries == 0 for r in results.values())
        assert len(entries_of(db, user_id, ids[base + "/no-ids"])) == 2


async def test_future_dates_do_not_sort_above_everything(db, settings):
    async with running_farm(FarmState()) as base:
        user_id, ids = follow(db, [base + "/future"])
        await refresh(db, settings)
    (entry,) = entries_of(db, user_id, ids[base + "/future"])
    assert entry.sort_at <= utcnow()
    assert entry.published_at is None or entry.published_at.year < 2099


@pytest.mark.parametrize("turns", ["500", "html", "malformed", "empty"])
async def test_nothing_stored_is_lost_when_a_feed_turns_bad(db, settings, turns):
    state = FarmState()
    async with running_farm(state) as base:
        user_id, ids = follow(db, [base + "/flip", base + "/good"])
        await refresh(db, settings)
        before = entries_of(db, user_id, ids[base + "/flip"])
        assert len(before) == 5
        state.turns_bad = turns
        _, results = await refresh(db, settings)
    after = {e.key: (e.title, e.content) for e in entries_of(db, user_id, ids[base + "/flip"])}
    # Every stored entry is still there, unchanged (a recovered fragment may add one).
    assert {e.key: (e.title, e.content) for e in before}.items() <= after.items()
    flip = results[ids[base + "/flip"]]
    if turns != "malformed":
        assert flip.status is RefreshStatus.FAILED and flip.error
    with db.connect() as conn:
        assert get_feed(conn, ids[base + "/flip"]).title == "Flip"


async def test_a_feed_that_changes_format_keeps_its_entries(db, settings):
    state = FarmState()
    async with running_farm(state) as base:
        user_id, ids = follow(db, [base + "/shifting"])
        await refresh(db, settings)
        state.format = "atom"
        _, results = await refresh(db, settings)
    feed_id = ids[base + "/shifting"]
    assert results[feed_id].status is RefreshStatus.UPDATED
    assert {e.title for e in entries_of(db, user_id, feed_id)} == {"Was RSS", "Now in Atom"}


async def test_conditional_get_answers_not_modified(db, settings):
    state = FarmState()
    async with running_farm(state) as base:
        follow(db, [base + "/good"])
        await refresh(db, settings)
        summary, _ = await refresh(db, settings)
    assert summary.not_modified == 1 and summary.new_entries == 0


async def test_permanent_redirect_updates_the_stored_address(db, settings):
    async with running_farm(FarmState()) as base:
        _, ids = follow(db, [base + "/moved"])
        await refresh(db, settings)
    with db.connect() as conn:
        assert get_feed(conn, ids[base + "/moved"]).url == base + "/moved-target"


async def test_a_feed_address_spelled_as_a_private_ip_is_never_fetched(db, settings):
    strict = settings.model_copy(update={"allow_private_networks": False})
    state = FarmState()
    async with running_farm(state) as base:
        port = base.rsplit(":", 1)[1]
        spellings = [
            f"http://2130706433:{port}/good",
            f"http://0x7f.1:{port}/good",
            f"http://127.1:{port}/good",
            f"http://[::ffff:127.0.0.1]:{port}/good",
            f"http://localhost:{port}/good",
        ]
        _, ids = follow(db, spellings)
        _, results = await refresh(db, strict)
    assert state.hits.get("/good", 0) == 0
    for url in spellings:
        result = results[ids[url]]
        assert result.status is RefreshStatus.FAILED
        assert "TIDINGS_ALLOW_PRIVATE_NETWORKS" in result.error, result.error


async def test_retry_after_is_honoured_by_later_runs_for_the_whole_host(db, settings):
    state = FarmState()
    async with running_farm(state) as base:
        _, ids = follow(db, [base + "/busy"])
        _, first = await refresh(db, settings)
        assert first[ids[base + "/busy"]].status is RefreshStatus.FAILED
        assert state.hits["/busy"] == 1
        # A feed added later on the same host, and a forced run of everything:
        # the host asked for an hour, so nothing is requested from it.
        _, more = follow(db, [base + "/good"])
        _, second = await refresh(db, settings)
    assert state.hits["/busy"] == 1 and state.hits.get("/good", 0) == 0
    assert "429" in second[more[base + "/good"]].error or "wait" in second[more[base + "/good"]].error.lower()
    with db.connect() as conn:
        busy = get_feed(conn, ids[base + "/busy"])
    assert busy.retry_after_until is not None and busy.error_count == 0
