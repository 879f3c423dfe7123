"""``tidings refresh``, ``tidings worker`` and ``tidings retry``."""

from __future__ import annotations

import asyncio
import signal
from contextlib import contextmanager
from datetime import datetime, timedelta

import click

from tidings.cli.context import CLIContext, interactive, pass_cli, print_json
from tidings.clock import utcnow
from tidings.ingest.refresh import refresh_feeds
from tidings.services import refreshing
from tidings.types import RefreshResult, RefreshStatus, RefreshSummary

# rich (the progress bar), the worker's loop and the sources service (feed
# discovery, lxml) are imported by the commands that use them: `tidings refresh`
# is run from cron and by the benchmark, where start-up is part of every run.

# Passes between full ones are incremental (only new entries are placed); a full
# pass now and then lets stories settled earlier merge or split as they should.
FULL_PASS_EVERY = timedelta(hours=6)


@contextmanager
def progress_bar(total: int, enabled: bool):
    """Yields a callback advancing a bar on stderr (a no-op when not at a terminal)."""
    if not enabled or total < 2:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]Refreshing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("refresh", total=total, failed=0)
        failed = 0

        def advance(result: RefreshResult) -> None:
            nonlocal failed
            failed += result.status in (RefreshStatus.FAILED, RefreshStatus.GONE)
            bar.update(task, advance=1, failed=failed)

        yield advance


def summary_json(summary: RefreshSummary) -> dict:
    return {
        "tried": summary.tried,
        "updated": summary.updated,
        "not_modified": summary.not_modified,
        "unchanged": summary.unchanged,
        "failed": summary.failed,
        "new_entries": summary.new_entries,
        "seconds": summary.seconds,
        "errors": [
            {"feed_id": r.feed_id, "url": r.url, "error": r.error}
            for r in summary.results
            if r.error
        ],
    }


def print_summary(summary: RefreshSummary) -> None:
    click.echo(
        f"Refreshed {summary.tried} feeds in {summary.seconds:.1f}s: "
        f"{summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.not_modified} not modified, {summary.failed} failed; "
        f"{summary.new_entries} new entries."
    )
    for result in summary.results:
        if result.error:
            click.echo(f"  ! [{result.feed_id}] {result.url}\n      {result.error}")


@click.command()
@click.option("--all", "everything", is_flag=True, help="Refresh every feed, due or not.")
@click.option("--feed", "feed_ids", type=int, multiple=True, help="Refresh only this feed id.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary.")
@pass_cli
def refresh(cli: CLIContext, everything: bool, feed_ids: tuple[int, ...], as_json: bool) -> None:
    """Fetch the feeds that are due (all of them with --all) and store what is new."""
    feeds = refreshing.feeds_to_refresh(
        cli.db, cli.settings, utcnow(), everything=everything, feed_ids=feed_ids
    )
    with progress_bar(len(feeds), interactive() and not as_json) as advance:
        summary = asyncio.run(
            refresh_feeds(feeds, db=cli.db, settings=cli.settings, progress=advance)
        )
    if as_json:
        print_json(summary_json(summary))
    else:
        print_summary(summary)


@click.command()
@click.option(
    "--poll", "poll_seconds", default=60.0, show_default=True, help="Seconds between checks."
)
@pass_cli
def worker(cli: CLIContext, poll_seconds: float) -> None:
    """Run the scheduler: refresh feeds as they come due, until stopped (SIGTERM or Ctrl-C)."""

    # Imported here: the extraction libraries are heavy, and only the worker needs them.
    from tidings.content.fulltext import extract_pending
    from tidings.ingest.worker import run_worker
    from tidings.services.stories import update_stories

    changed = [True]  # stories are due: the first time, then after new or changed entries
    last_full: list[datetime | None] = [None]  # a full pass first, then every FULL_PASS_EVERY

    def on_round(s: RefreshSummary) -> None:
        click.echo(
            f"{utcnow():%Y-%m-%d %H:%M:%S} refreshed {s.tried} feeds: {s.updated} updated,"
            f" {s.failed} failed, {s.new_entries} new entries ({s.seconds:.1f}s)",
            err=True,
        )
        if s.updated:
            changed[0] = True

    async def after_round(stop: asyncio.Event) -> None:
        # Full text first, so the clustering pass sees the articles' text.
        extracted = await extract_pending(cli.db, cli.settings, stop=stop)
        if (changed[0] or extracted.ok) and not stop.is_set():
            changed[0] = False
            now = utcnow()
            full = last_full[0] is None or now - last_full[0] >= FULL_PASS_EVERY
            if full:
                last_full[0] = now
            # CPU-bound: on a thread, off the event loop that refreshes feeds.
            await asyncio.to_thread(update_stories, cli.db, now=now, full=full)

    async def serve() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        click.echo(f"Tidings worker started (checking every {poll_seconds:g}s).", err=True)
        return await run_worker(
            cli.db,
            cli.settings,
            stop=stop,
            poll_seconds=poll_seconds,
            on_round=on_round,
            # Full text of new entries, then stories, in the background after each round.
            after_round=after_round,
        )

    rounds = asyncio.run(serve())
    click.echo(f"Tidings worker stopped cleanly after {rounds} rounds.", err=True)


@click.command()
@click.argument("feed_id", type=int)
@pass_cli
def retry(cli: CLIContext, feed_id: int) -> None:
    """Put a feed that kept failing back in the schedule and refresh it now."""
    from tidings.services.sources import retry_source

    retry_source(cli.db, feed_id, now=utcnow())
    summary = asyncio.run(refreshing.refresh(cli.db, cli.settings, feed_ids=[feed_id]))
    print_summary(summary)


COMMANDS = [refresh, worker, retry]
