"""``tidings cluster``, ``tidings stories`` and ``tidings story ID``."""

from __future__ import annotations

import click

from tidings.cli.context import CLIContext, pass_cli, print_json
from tidings.clock import utcnow
from tidings.services import stories as service
from tidings.types import StoryRecord


@click.command()
@click.option(
    "--days",
    default=service.WINDOW_DAYS,
    show_default=True,
    type=click.IntRange(1, 3650),
    help="Re-cluster the entries of this many days.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Re-cluster every entry of the window, not only those new since the last pass"
    " (stories may then merge or split).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def cluster(cli: CLIContext, days: int, full: bool, as_json: bool) -> None:
    """Group recent entries into stories and link stories into storylines."""
    summary = service.update_stories(cli.db, now=utcnow(), window_days=days, full=full)
    if as_json:
        print_json(summary)
        return
    click.echo(
        f"{'Incremental' if summary.incremental else 'Full'} pass: "
        f"{summary.entries} entries since {summary.since:%Y-%m-%d %H:%M} UTC -> "
        f"{summary.stories} stories ({summary.multi_source_stories} from several sources), "
        f"{summary.duplicates} near-duplicate copies, {summary.storylines} storylines "
        f"in {summary.seconds:.2f} s."
    )


def story_json(story: StoryRecord) -> dict:
    return {
        "id": story.id,
        "headline": story.headline,
        "summary": list(story.summary),
        "first_seen": story.first_seen.isoformat(),
        "last_seen": story.last_seen.isoformat(),
        "article_count": story.article_count,
        "source_count": story.source_count,
        "storyline_id": story.storyline_id,
    }


@click.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option(
    "--min-sources",
    default=1,
    show_default=True,
    type=click.IntRange(1, 100),
    help="Only stories covered by at least this many of your feeds.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def stories(cli: CLIContext, limit: int, min_sources: int, as_json: bool) -> None:
    """The stories of the feeds you follow, latest activity first (run `tidings cluster` first)."""
    found = service.list_stories(cli.db, cli.user_id, limit=limit, min_sources=min_sources)
    if as_json:
        print_json({"stories": [story_json(s) for s in found]})
        return
    if not found:
        click.echo("No stories yet. Run `tidings cluster` after a refresh.")
        return
    for s in found:
        line = f" [storyline {s.storyline_id}]" if s.storyline_id is not None else ""
        click.echo(
            f"{s.id:>6}  {s.last_seen:%Y-%m-%d}  {s.article_count} articles, "
            f"{s.source_count} sources{line}  {s.headline}"
        )


@click.command()
@click.argument("story_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_cli
def story(cli: CLIContext, story_id: int, as_json: bool) -> None:
    """One story: summary, names, sources and what each reports, disagreements, storyline."""
    view = service.story_view(cli.db, cli.user_id, story_id).to_dict()
    if as_json:
        print_json(view)
        return
    echo = click.echo
    echo(view["headline"])
    echo(
        f"{view['article_count']} articles from {view['source_count']} sources, "
        f"{view['first_seen'][:16]} to {view['last_seen'][:16]} UTC"
    )
    echo()
    for sentence in view["summary"]:
        echo(sentence)
    for label in ("people", "places", "organisations"):
        if view[label]:
            echo(f"{label.capitalize()}: {', '.join(view[label])}")
    echo()
    echo("Sources:")
    perspectives = view["perspectives"]
    for p in perspectives["sources"]:
        headline = p["headline"]
        flags = [name for name in ("superlatives", "all_caps", "hooks") if headline[name]] + [
            name for name in ("question", "number_list", "exclamation") if headline[name]
        ]
        style = f"clickbait {headline['clickbait']:.2f}" + (
            f", {', '.join(flags)}" if flags else ""
        )
        copy = f" (copy of entry {p['copy_of']})" if p["copy_of"] else ""
        echo(f"  {p['source']} — {p['kind']}{copy}; headline: {style}")
        echo(f"    {p['title']}")
        for fact in p["unique"]:
            echo(f"    only here ({', '.join(fact['what'])}): {fact['sentence']}")
    if perspectives["disagreements"]:
        echo()
        echo("Disagreements:")
        for d in perspectives["disagreements"]:
            figures = " vs ".join(f"{f['source']} {f['text']}" for f in d["figures"])
            echo(f"  {d['subject']} ({d['unit']}): {figures}")
    for pos, neg in perspectives["opposed_framing"]:
        echo(f"Opposed framing: {pos} (positive) vs {neg} (negative)")
    echo()
    echo("Articles:")
    for a in view["articles"]:
        dup = f" [near-copy of entry {a['duplicate_of']}]" if a["duplicate_of"] else ""
        echo(f"  {a['published'][:16]}  {a['source']}: {a['title']}{dup}")
    if view["storyline"]:
        echo()
        echo(f"Storyline {view['storyline']['id']}:")
        for s in view["storyline"]["timeline"]:
            here = "  <- this story" if s["current"] else ""
            echo(f"  {s['first_seen'][:10]}  [{s['story_id']}] {s['headline']}{here}")


COMMANDS = [cluster, stories, story]
