"""``tidings add``, ``import-opml``, ``export-opml``, ``feeds`` and ``unsubscribe``."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click

from tidings.cli.context import CLIContext, pass_cli, print_json
from tidings.clock import utcnow
from tidings.services.sources import (
    add_source,
    export_subscriptions,
    import_opml,
    read_opml_source,
)
from tidings.store.feeds import list_feeds
from tidings.store.subscriptions import unsubscribe as store_unsubscribe


@click.command()
@click.argument("url")
@click.option("--folder", help="Put the feed in this folder (created if needed).")
@click.option("--title", help="Show the feed under this name instead of its own.")
@pass_cli
def add(cli: CLIContext, url: str, folder: str | None, title: str | None) -> None:
    """Follow a feed, or find the feed of a site or YouTube channel, and fetch it now."""
    added = asyncio.run(
        add_source(cli.db, cli.settings, url, user_id=cli.user_id, folder=folder, title=title)
    )
    click.echo(f"Following [{added.feed_id}] {added.title or added.url}\n  {added.url}")
    result = added.refresh
    if result is not None and result.error:
        click.echo(f"  The first fetch failed: {result.error}", err=True)
    elif result is not None:
        click.echo(f"  {result.new_entries} entries fetched.")


@click.command("import-opml")
@click.argument("source", metavar="FILE_OR_URL")
@pass_cli
def import_opml_command(cli: CLIContext, source: str) -> None:
    """Follow every feed listed in an OPML file (a path or an http(s) address), keeping folders."""
    data = asyncio.run(read_opml_source(source, cli.settings))
    report = import_opml(
        cli.db,
        data,
        user_id=cli.user_id,
        allow_private=cli.settings.allow_private_networks,
        now=utcnow(),
    )
    folders = {o.folder for o in report.added if o.folder}
    click.echo(f"Imported {len(report.added)} feeds in {len(folders)} folders.")
    for outline, reason in report.rejected:
        click.echo(f"  skipped {outline.xml_url}: {reason}", err=True)
    if report.added:
        click.echo("Run `tidings refresh` to fetch them (or keep `tidings worker` running).")


@click.command("export-opml")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file."
)
@pass_cli
def export_opml_command(cli: CLIContext, output: Path | None) -> None:
    """Write your subscriptions, with folders, as OPML (to stdout unless -o is given)."""
    data = export_subscriptions(cli.db, user_id=cli.user_id, now=utcnow())
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        click.echo(f"Wrote {output}", err=True)


def _status(feed) -> str:
    if feed.disabled_reason:
        return f"disabled: {feed.disabled_reason}"
    if feed.last_error:
        return f"error ({feed.error_count}x): {feed.last_error}"
    if feed.last_checked_at is None:
        return "not fetched yet"
    return "ok"


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def feeds(cli: CLIContext, as_json: bool) -> None:
    """List the feeds you follow, with their state and last error in plain words."""
    with cli.db.connect() as conn:
        records = list_feeds(conn, cli.user_id)
    if as_json:
        print_json(records)
        return
    if not records:
        click.echo("You follow no feeds yet. Try `tidings add URL` or `tidings import-opml FILE`.")
        return
    for feed in records:
        name = feed.title or feed.url
        click.echo(f"[{feed.id}] {name}  ({feed.entry_count} entries)")
        click.echo(f"      {feed.url}")
        status = _status(feed)
        if status != "ok":
            click.echo(f"      {status}")


@click.command()
@click.argument("feed_id", type=int)
@pass_cli
def unsubscribe(cli: CLIContext, feed_id: int) -> None:
    """Stop following a feed (its entries stay for other users who follow it)."""
    with cli.db.transaction() as conn:
        store_unsubscribe(conn, cli.user_id, feed_id)
    click.echo(f"No longer following feed {feed_id}.")


COMMANDS = [add, import_opml_command, export_opml_command, feeds, unsubscribe]
