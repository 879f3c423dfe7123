"""``tidings search`` and ``tidings stats``."""

from __future__ import annotations

import click

from tidings.cli.context import CLIContext, pass_cli, print_json
from tidings.store.search import search_entries
from tidings.store.stats import store_stats


@click.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def search(cli: CLIContext, query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search your entries: words, "a phrase", -excluded."""
    text = " ".join(query)
    with cli.db.connect() as conn:
        hits = search_entries(conn, text, user_id=cli.user_id, limit=limit)
    if as_json:
        print_json({"query": text, "results": hits})
        return
    if not hits:
        click.echo(f"Nothing matches {text!r}.")
        return
    for hit in hits:
        when = f"{hit.sort_at:%Y-%m-%d}  "
        click.echo(f"{when}{hit.title or '(untitled)'}  — {hit.feed_title or ''}")
        if hit.link:
            click.echo(f"    {hit.link}")
        if hit.snippet:
            click.echo(f"    {hit.snippet}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def stats(cli: CLIContext, as_json: bool) -> None:
    """How much is stored: feeds, entries, feeds in error."""
    with cli.db.connect() as conn:
        figures = store_stats(conn)
    if as_json:
        print_json(figures)
        return
    for name in figures.__dataclass_fields__:
        click.echo(f"{name.replace('_', ' ')}: {getattr(figures, name)}")


@click.command()
@pass_cli
def migrate(cli: CLIContext) -> None:
    """Upgrade the database schema to this version of Tidings (take a backup first)."""
    from tidings.store import Database

    db = Database.open(cli.settings.effective_database_url)
    applied = db.migrate()
    click.echo(f"Applied {len(applied)} migrations." if applied else "The schema is up to date.")


COMMANDS = [search, stats, migrate]
