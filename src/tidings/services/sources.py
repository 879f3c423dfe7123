"""Sources a user follows: add by address (with discovery), OPML in and out, retry, remove."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tidings.clock import utcnow
from tidings.errors import FetchError, OPMLError
from tidings.ingest.discover import discover
from tidings.ingest.fetch import Fetcher, check_url
from tidings.ingest.opml import OPMLOutline, check_outlines, export_opml, parse_opml
from tidings.ingest.parse import parse_feed
from tidings.services.refreshing import refresh
from tidings.settings import Settings
from tidings.store import Database
from tidings.store.feeds import add_feed, add_feeds, retry_feed
from tidings.store.subscriptions import list_subscriptions, subscribe, subscribe_many
from tidings.types import FeedKind, RefreshResult

OPML_ACCEPT = "text/x-opml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1"
MAX_OPML_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class AddedSource:
    feed_id: int
    url: str
    title: str | None
    refresh: RefreshResult | None


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: tuple[OPMLOutline, ...]
    rejected: tuple[tuple[OPMLOutline, str], ...]


def _parse_for_discovery(body: bytes, url: str, content_type: str | None):
    return parse_feed(body, url=url, content_type=content_type)


async def add_source(
    db: Database,
    settings: Settings,
    url: str,
    *,
    user_id: int,
    folder: str | None = None,
    title: str | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> AddedSource:
    """Find the feed at ``url`` (a feed, a site, a YouTube channel), follow it and fetch it now."""
    check_url(url, allow_private=settings.allow_private_networks)
    async with Fetcher(settings, clock=clock) as fetcher:
        found = await discover(url, fetcher.fetch, _parse_for_discovery)
        chosen = found[0]
        with db.transaction() as conn:
            feed_id = add_feed(conn, chosen.url, clock())
            subscribe(conn, user_id, feed_id, folder=folder, title=title)
        summary = await refresh(
            db, settings, feed_ids=[feed_id], clock=clock, fetcher=fetcher
        )
    result = summary.results[0] if summary.results else None
    return AddedSource(feed_id, chosen.url, title or chosen.title, result)


async def read_opml_source(source: str, settings: Settings) -> bytes:
    """The bytes of an OPML file given as a path or an http(s) address."""
    if source.startswith(("http://", "https://")):
        async with Fetcher(settings) as fetcher:
            fetched = await fetcher.fetch(source, accept=OPML_ACCEPT, max_bytes=MAX_OPML_BYTES)
        if fetched.body is None:
            raise FetchError(f"{source} returned no OPML document.", url=source)
        return fetched.body
    path = Path(source).expanduser()
    try:
        if path.stat().st_size > MAX_OPML_BYTES:
            raise OPMLError(f"{path} is larger than {MAX_OPML_BYTES // 2**20} MB; is it OPML?")
        return path.read_bytes()
    except OSError as exc:
        raise OPMLError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


def import_opml(
    db: Database, data: bytes, *, user_id: int, allow_private: bool, now: datetime
) -> ImportReport:
    """Follow every safe feed of an OPML document, keeping its folders, in one transaction.

    Feeds are added, not fetched: ``tidings refresh`` (or the worker) fetches
    them, politely, with everything else that is due.
    """
    outlines = parse_opml(data)
    accepted, rejected = check_outlines(outlines, allow_private=allow_private)
    with db.transaction() as conn:
        feed_ids = add_feeds(conn, [o.xml_url for o in accepted], now)
        subscribe_many(
            conn, user_id, [(feed_ids[o.xml_url], o.folder, o.title) for o in accepted], now
        )
    return ImportReport(tuple(accepted), tuple(rejected))


def export_subscriptions(db: Database, *, user_id: int, now: datetime) -> bytes:
    with db.connect() as conn:
        subscriptions = list_subscriptions(conn, user_id)
    outlines = [
        OPMLOutline(
            xml_url=s.feed_url,
            title=s.title or s.feed_title,
            html_url=s.feed_site_url,
            folder=s.folder_name,
        )
        for s in subscriptions
        if s.feed_kind is FeedKind.FEED  # a private Documents source is not a feed to share
    ]
    return export_opml(outlines, now=now)


def retry_source(db: Database, feed_id: int, *, now: datetime) -> None:
    """Put a feed that failed too often (or was disabled) back in the schedule, due now."""
    with db.transaction() as conn:
        retry_feed(conn, feed_id, now)

