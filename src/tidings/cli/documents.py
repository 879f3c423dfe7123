"""``tidings import-document``: a file (article, transcript, subtitles, Markdown, HTML) as an entry."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from tidings.cli.context import CLIContext, pass_cli, print_json
from tidings.clock import utcnow
from tidings.content.bylines import parse_date_text
from tidings.content.documents import MAX_DOCUMENT_BYTES, DocumentError
from tidings.content.extract.metadata import parse_date
from tidings.services.documents import ImportedDocument, import_document


def _read(path: str) -> tuple[bytes, str | None]:
    """The file's bytes (``-``: standard input), refusing what is too large before reading it."""
    if path == "-":
        data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        return data, None
    file = Path(path).expanduser()
    try:
        if file.is_dir():
            raise DocumentError(f"{file} is a folder, not a file.")
        size = file.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                f"{file} is {size / 1e6:.1f} MB; documents of up to "
                f"{MAX_DOCUMENT_BYTES // 1_000_000} MB can be imported."
            )
        return file.read_bytes(), file.name
    except OSError as exc:
        raise DocumentError(f"Cannot read {file}: {exc.strerror or exc}.") from exc


def _published(value: str | None) -> datetime | None:
    if value is None:
        return None
    parsed = parse_date(value) or parse_date_text(value)
    if parsed is None:
        raise click.BadParameter(
            f"{value!r} is not a date Tidings can read (try 2024-05-02 or '2 May 2024 14:30').",
            param_hint="--published",
        )
    return parsed


def _report(imported: ImportedDocument) -> None:
    doc = imported.document
    verb = {"new": "Imported", "updated": "Updated", "unchanged": "Already imported"}
    click.echo(f"{verb[imported.status]} entry {imported.entry_id} in Documents")
    rows = [
        ("Title", imported.title),
        ("Byline", ", ".join(imported.authors) or "-"),
        ("Publisher", imported.publisher or "-"),
        ("Date", imported.published.strftime("%Y-%m-%d %H:%M UTC") if imported.published else "-"),
        (
            "Kind",
            f"{doc.kind}, {doc.paragraphs} paragraphs, {doc.word_count} words"
            + (f", language {doc.language}" if doc.language else ""),
        ),
        (
            "Machine transcript",
            "yes: " + "; ".join(doc.evidence) if doc.machine_transcript else "no",
        ),
    ]
    if doc.dropped_lines:
        rows.append(("Chrome removed", f"{doc.dropped_lines} lines"))
    for label, value in rows:
        click.echo(f"  {label + ':':<20}{value}")


@click.command("import-document")
@click.argument("file", metavar="FILE")
@click.option("--url", help="Where the document came from (shown as its link; not fetched).")
@click.option("--source", help="The publisher or source to show, when the text does not say.")
@click.option("--title", help="Use this title instead of the one found in the document.")
@click.option("--published", help="Publication date, e.g. 2024-05-02 or '2 May 2024 14:30'.")
@click.option("--json", "as_json", is_flag=True, help="Print what was recognised as JSON.")
@pass_cli
def import_document_command(
    cli: CLIContext,
    file: str,
    url: str | None,
    source: str | None,
    title: str | None,
    published: str | None,
    as_json: bool,
) -> None:
    """Import a document (HTML, text, Markdown, .srt/.vtt subtitles, a transcript) as an entry.

    It goes into your private Documents source, where it can be read, searched
    and grouped into stories like any other entry. FILE may be - for standard input.
    """
    when = _published(published)
    data, filename = _read(file)
    imported = import_document(
        cli.db,
        user_id=cli.user_id,
        data=data,
        filename=filename,
        url=url,
        source=source,
        title=title,
        published=when,
        now=utcnow(),
    )
    if as_json:
        doc = imported.document
        print_json(
            {
                "entry_id": imported.entry_id,
                "feed_id": imported.feed_id,
                "status": imported.status,
                "title": imported.title,
                "authors": imported.authors,
                "publisher": imported.publisher,
                "published": imported.published,
                "kind": doc.kind,
                "language": doc.language,
                "paragraphs": doc.paragraphs,
                "words": doc.word_count,
                "machine_transcript": doc.machine_transcript,
                "evidence": doc.evidence,
                "chrome_lines_removed": doc.dropped_lines,
            }
        )
    else:
        _report(imported)


COMMANDS = [import_document_command]
