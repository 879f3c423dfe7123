"""``tidings extract``, ``tidings extract-pending`` and ``tidings site-rule``."""

from __future__ import annotations

import asyncio
import sys

import click

from tidings.cli.context import CLIContext, pass_cli, print_json
from tidings.clock import utcnow
from tidings.services import articles
from tidings.types import ArticleRecord, ExtractionSummary


def article_json(article: ArticleRecord) -> dict:
    return {
        "status": article.status.value,
        "reason": article.reason,
        "title": article.title,
        "authors": list(article.authors),
        "date": article.published.isoformat() if article.published else None,
        "publisher": article.site_name,
        "language": article.language,
        "canonical_url": article.canonical_url,
        "url": article.fetched_url,
        "lead_image": article.lead_image,
        "word_count": article.word_count,
        "reading_minutes": article.reading_minutes,
        "standfirst": article.standfirst or None,
        "text": article.text,
    }


@click.command()
@click.argument("source", metavar="FILE_OR_URL")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_cli
def extract(cli: CLIContext, source: str, as_json: bool) -> None:
    """Show what Tidings makes of one page: its metadata and clean text.

    A URL is fetched with the same safety rules and site rules as feeds; a file
    is read from disk. Exits with status 1 when no article could be extracted.
    """
    is_url = source.startswith(("http://", "https://"))
    article = asyncio.run(
        articles.extract_source(source, cli.settings, db=cli.db if is_url else None, now=utcnow())
    )
    if as_json:
        print_json(article_json(article))
        if not article.ok:
            sys.exit(1)
        return
    if not article.ok:
        click.echo(f"Error: no article ({article.status.value}): {article.reason}", err=True)
        sys.exit(1)
    fields = [
        ("Title", article.title),
        ("Authors", ", ".join(article.authors) or None),
        ("Date", article.published.isoformat() if article.published else None),
        ("Publisher", article.site_name),
        ("Language", article.language),
        ("Canonical URL", article.canonical_url),
        ("Words", f"{article.word_count} ({article.reading_minutes} min read)"),
    ]
    for label, value in fields:
        click.echo(f"{label + ':':15}{value if value is not None else '-'}")
    click.echo()
    if article.standfirst:
        click.echo(article.standfirst)
        click.echo()
    click.echo(article.text)


def summary_json(summary: ExtractionSummary) -> dict:
    return {
        "looked_at": summary.looked_at,
        "fetched": summary.fetched,
        "ok": summary.ok,
        "failed": summary.failed,
        "not_needed": summary.not_needed,
        "seconds": round(summary.seconds, 3),
        "results": [
            {
                "entry_id": r.entry_id,
                "url": r.url,
                "status": r.status.value,
                "reason": r.reason,
                "word_count": r.word_count,
            }
            for r in summary.results
        ],
    }


@click.command("extract-pending")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON summary.")
@pass_cli
def extract_pending(cli: CLIContext, limit: int, as_json: bool) -> None:
    """Fetch and extract the full text of entries that need it, now (the worker does this too)."""
    summary = asyncio.run(articles.extract_pending(cli.db, cli.settings, limit=limit))
    if as_json:
        print_json(summary_json(summary))
        return
    click.echo(
        f"Looked at {summary.looked_at} entries in {summary.seconds:.1f}s: {summary.ok} extracted,"
        f" {summary.failed} failed, {summary.not_needed} carry their full text already."
    )
    for r in summary.results:
        if r.reason:
            click.echo(f"  ! [{r.entry_id}] {r.url or '-'}\n      {r.status.value}: {r.reason}")


@click.group("site-rule")
def site_rule() -> None:
    """Per-site extraction rules: CSS selectors to keep or drop before extraction."""


@site_rule.command("set")
@click.argument("host")
@click.option("--keep", "keep", help="CSS selector of the article (everything else goes).")
@click.option("--drop", "drop", help="CSS selector of blocks to remove.")
@pass_cli
def site_rule_set(cli: CLIContext, host: str, keep: str | None, drop: str | None) -> None:
    """Create or replace the rule for HOST."""
    rule = articles.set_site_rule(
        cli.db, host, keep_selector=keep, drop_selector=drop, user_id=cli.user_id, now=utcnow()
    )
    click.echo(
        f"Rule for {rule.host}: keep {rule.keep_selector or '-'}, drop {rule.drop_selector or '-'}"
    )


@site_rule.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def site_rule_list(cli: CLIContext, as_json: bool) -> None:
    """List the site rules."""
    rules = articles.list_site_rules(cli.db)
    if as_json:
        print_json(rules)
        return
    if not rules:
        click.echo("No site rules.")
    for rule in rules:
        click.echo(
            f"{rule.host}\tkeep: {rule.keep_selector or '-'}\tdrop: {rule.drop_selector or '-'}"
        )


@site_rule.command("remove")
@click.argument("host")
@pass_cli
def site_rule_remove(cli: CLIContext, host: str) -> None:
    """Remove the rule for HOST."""
    articles.remove_site_rule(cli.db, host)
    click.echo(f"Removed the rule for {articles.normalise_host(host)}.")


COMMANDS = [extract, extract_pending, site_rule]
