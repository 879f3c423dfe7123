"""``tidings demo``: fill a demo store from the bundled sources (no network) and show it."""

from __future__ import annotations

import asyncio

import click

from tidings.cli.context import CLIContext, pass_cli
from tidings.services.demo import build_demo
from tidings.store.entries import list_entries
from tidings.store.feeds import list_feeds
from tidings.store.search import search_entries

SAMPLE_SEARCH = "space station"


@click.command()
@pass_cli
def demo(cli: CLIContext) -> None:
    """Build the demo store from the bundled demo sources and show what it took in."""
    run = asyncio.run(build_demo(cli.settings))
    summary = run.summary
    click.echo(
        f"Tidings demo: {summary.tried} sources fetched from the bundled demo content in"
        f" {summary.seconds:.2f}s, {summary.new_entries} entries stored, {summary.failed} failed."
    )
    click.echo(
        f"Grouped into {run.stories.stories} stories ({run.stories.multi_source_stories} told by"
        f" more than one source, {run.stories.duplicates} syndicated copies folded) and"
        f" {run.stories.storylines} storylines."
    )
    with run.db.connect() as conn:
        feeds = list_feeds(conn, run.user_id)
        latest = list_entries(conn, run.user_id, limit=10)
        hits = search_entries(conn, SAMPLE_SEARCH, user_id=run.user_id, limit=5)
    click.echo("\nSources:")
    for feed in feeds:
        kind = f"{feed.format}" if getattr(feed, "format", None) else ""
        click.echo(f"  [{feed.id}] {feed.title or feed.url}  {kind}  {feed.entry_count} entries")
    click.echo("\nLatest:")
    for entry in latest:
        when = f"{entry.sort_at:%Y-%m-%d}"
        click.echo(f"  {when}  {entry.title}")
    click.echo(f"\nSearch for {SAMPLE_SEARCH!r}:")
    for hit in hits:
        click.echo(f"  {hit.title}  — {hit.feed_title}")
    click.echo(
        f"\nThe demo store is in {run.settings.data_dir}. Explore it with, for example:\n"
        f"  TIDINGS_DATA_DIR={run.settings.data_dir} tidings search \"launch\""
    )


COMMANDS = [demo]
