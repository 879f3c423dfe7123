"""The ``tidings`` command line. Every command calls the same service functions as the web app.

Commands are loaded lazily: ``tidings refresh`` does not import the web
framework or the extraction libraries (importing everything took over a
second, measured with ``python -X importtime``), which matters for a command
run from cron every few minutes.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from tidings import __version__
from tidings.cli.context import CLIContext
from tidings.errors import TidingsError

# Command name -> the module of this package that defines it (in its COMMANDS).
# tests/unit/test_cli_registry.py checks this table against the modules.
COMMAND_MODULES = {
    "add": "sources",
    "cluster": "stories",
    "demo": "demo",
    "export-opml": "sources",
    "extract": "extract",
    "extract-pending": "extract",
    "feeds": "sources",
    "import-document": "documents",
    "import-opml": "sources",
    "migrate": "query",
    "refresh": "refresh",
    "registration": "registration",
    "retry": "refresh",
    "search": "query",
    "serve": "web",
    "serve-demo": "web",
    "site-rule": "extract",
    "stats": "query",
    "stories": "stories",
    "story": "stories",
    "unsubscribe": "sources",
    "user": "users",
    "worker": "refresh",
}


class TidingsGroup(click.Group):
    """Loads commands on demand, and turns a TidingsError into one clear line on
    stderr and exit status 1, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"{__name__}.{module_name}")
        for command in module.COMMANDS:
            if command.name == cmd_name:
                return command
        raise RuntimeError(f"tidings.cli.{module_name} does not define {cmd_name!r}")

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TidingsError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=TidingsGroup)
@click.version_option(__version__, prog_name="tidings")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug).")
@click.pass_context
def main(ctx: click.Context, verbose: int) -> None:
    """Tidings: all your news in one place, grouped into stories.

    Settings come from TIDINGS_* environment variables and an optional TOML
    file (TIDINGS_CONFIG); see the README.
    """
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    ctx.obj = CLIContext()
