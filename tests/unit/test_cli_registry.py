"""The lazy command table names every command the CLI modules define, and only those."""

from __future__ import annotations

import importlib
import pkgutil

import tidings.cli
from tidings.cli import COMMAND_MODULES, main


def defined_commands() -> dict[str, str]:
    found = {}
    for info in pkgutil.iter_modules(tidings.cli.__path__):
        module = importlib.import_module(f"tidings.cli.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            found[command.name] = info.name
    return found


def test_every_command_is_in_the_lazy_table():
    assert COMMAND_MODULES == defined_commands()


def test_help_lists_every_command():
    from click.testing import CliRunner

    output = CliRunner().invoke(main, ["--help"]).output
    for name in COMMAND_MODULES:
        assert name in output
