"""The bundled demo: a store filled from the demo sources through the real pipeline, offline.

The demo feeds ship inside the package (``tidings.demo``). They are served by
a small HTTP server on 127.0.0.1 for the length of the run, so the demo goes
through exactly the fetch -> parse -> decide -> store path a real feed takes
(conditional GET included), with private addresses allowed for this run only.
The demo has its own database under ``<data dir>/demo`` and is rebuilt on
every run, so it never touches a real installation's data.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web

from tidings.clock import utcnow
from tidings.demo import demo_dir, demo_opml
from tidings.services.database import open_database
from tidings.services.refreshing import refresh
from tidings.services.sources import ImportReport, import_opml
from tidings.services.stories import update_stories
from tidings.settings import Settings
from tidings.store import Database
from tidings.store.stats import oldest_entry_time
from tidings.store.users import default_user
from tidings.types import RefreshSummary, StoryUpdateSummary


@dataclass(frozen=True, slots=True)
class DemoRun:
    settings: Settings
    db: Database
    user_id: int
    imported: ImportReport
    summary: RefreshSummary
    stories: StoryUpdateSummary


@asynccontextmanager
async def serve_demo_files() -> AsyncIterator[int]:
    """Serve the bundled demo feeds on 127.0.0.1; yields the port."""
    app = web.Application()
    app.router.add_static("/", demo_dir(), follow_symlinks=False)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    finally:
        await runner.cleanup()


def demo_settings(settings: Settings) -> Settings:
    data_dir = settings.data_dir / "demo"
    return settings.model_copy(
        update={"data_dir": data_dir, "database_url": "", "allow_private_networks": True}
    )


async def build_demo(settings: Settings) -> DemoRun:
    """Rebuild the demo store from the bundled sources and return what it took in."""
    settings = demo_settings(settings)
    shutil.rmtree(settings.data_dir, ignore_errors=True)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(settings)
    with db.transaction() as conn:
        user_id = default_user(conn).id
    async with serve_demo_files() as port:
        imported = import_opml(
            db, demo_opml(port), user_id=user_id, allow_private=True, now=utcnow()
        )
        summary = await refresh(db, settings, everything=True)
    return DemoRun(settings, db, user_id, imported, summary, _cluster_everything(db))


def _cluster_everything(db: Database) -> StoryUpdateSummary:
    """Group the demo's articles into stories. They are dated over most of a year,
    longer ago than the worker's window, so the pass covers all of them."""
    now = utcnow()
    with db.connect() as conn:
        oldest = oldest_entry_time(conn) or now
    return update_stories(db, now=now, window_days=max((now - oldest).days + 1, 1))

