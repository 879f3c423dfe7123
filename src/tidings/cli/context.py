"""What every command shares: settings, the database and the user it acts as, built lazily once."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import click

from tidings.services.database import open_database
from tidings.settings import Settings, load_settings
from tidings.store import Database


@dataclass
class CLIContext:
    _settings: Settings | None = None
    _db: Database | None = None
    _user_id: int | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(self.settings)
        return self._db

    @property
    def user_id(self) -> int:
        """The CLI acts as the installation's default user (see tidings.store.users)."""
        if self._user_id is None:
            from tidings.store.users import default_user

            with self.db.transaction() as conn:
                self._user_id = default_user(conn).id
        return self._user_id


pass_cli = click.make_pass_decorator(CLIContext)


def to_jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__"):
        return {k: to_jsonable(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):  # StrEnum
        return value.value
    return value


def print_json(value: Any) -> None:
    click.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2))


def interactive() -> bool:
    """Progress bars only for a person at a terminal."""
    return sys.stderr.isatty()
