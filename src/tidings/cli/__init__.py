"""The ``tidings`` command line. Every command calls the same service functions as the web app."""

from __future__ import annotations

import logging
import sys

import click

from tidings import __version__
from tidings.cli.context import CLIContext
from tidings.errors import TidingsError


class TidingsGroup(click.Group):
    """Turns a TidingsError into one clear line on stderr and exit status 1, never a traceback."""

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


def _register() -> None:
    """Every module of this package that lists ``COMMANDS`` adds them (one module per concern)."""
    import importlib
    import pkgutil

    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            main.add_command(command)


_register()
