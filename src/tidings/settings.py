"""Settings, built once at start-up and passed down.

Sources, strongest first: ``TIDINGS_*`` environment variables, then the TOML
file named by ``TIDINGS_CONFIG`` (default: ``tidings.toml`` in the data
directory, if present), then the defaults below. Code deep inside Tidings never
reads the environment itself; it receives a :class:`Settings` or the few values
it needs.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from tidings import __version__
from tidings.errors import ConfigError

DEFAULT_USER_AGENT = (
    f"Tidings/{__version__} (self-hosted news reader; +https://github.com/tidings-news/tidings)"
)


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("tidings", appauthor=False))


def _config_file() -> Path:
    explicit = os.environ.get("TIDINGS_CONFIG")
    if explicit:
        return Path(explicit)
    data_dir = os.environ.get("TIDINGS_DATA_DIR")
    return (Path(data_dir) if data_dir else default_data_dir()) / "tidings.toml"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIDINGS_", extra="forbid", frozen=True)

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str = ""  # empty: SQLite file in data_dir

    # Fetching
    allow_private_networks: bool = False
    user_agent: str = DEFAULT_USER_AGENT
    max_connections: int = Field(100, ge=1, le=10_000)
    max_connections_per_host: int = Field(4, ge=1, le=100)
    connect_timeout: float = Field(10.0, gt=0)
    read_timeout: float = Field(30.0, gt=0)
    total_timeout: float = Field(60.0, gt=0)
    max_body_bytes: int = Field(20 * 1024 * 1024, ge=1024)
    max_redirects: int = Field(5, ge=0, le=20)

    # Scheduling
    min_interval_minutes: int = Field(15, ge=1)
    max_interval_minutes: int = Field(24 * 60, ge=1)
    max_consecutive_errors: int = Field(10, ge=1)

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if value and not value.startswith(("sqlite", "postgresql", "postgres")):
            raise ValueError(
                "TIDINGS_DATABASE_URL must start with sqlite:/// or postgresql://"
                f" (got {value.split(':', 1)[0]!r})"
            )
        if value.startswith("postgres://"):
            value = "postgresql://" + value.removeprefix("postgres://")
        return value

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'tidings.sqlite3'}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file())
        return (init_settings, env_settings, toml)


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning validation errors into one readable :class:`ConfigError`."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"Invalid settings ({problems}). Check TIDINGS_* variables and {_config_file()}.") from exc
