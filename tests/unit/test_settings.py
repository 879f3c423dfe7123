"""Settings: environment over TOML file over defaults, and plain errors."""

from __future__ import annotations

import pytest

from tidings.errors import ConfigError
from tidings.settings import load_settings


def test_defaults_use_an_embedded_sqlite_file_in_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'tidings.sqlite3'}"
    assert settings.allow_private_networks is False


def test_toml_file_is_read_and_environment_wins(tmp_path, monkeypatch):
    config = tmp_path / "tidings.toml"
    config.write_text('max_redirects = 3\nuser_agent = "From TOML"\n')
    monkeypatch.setenv("TIDINGS_CONFIG", str(config))
    monkeypatch.setenv("TIDINGS_USER_AGENT", "From env")
    settings = load_settings()
    assert settings.max_redirects == 3
    assert settings.user_agent == "From env"


def test_postgres_urls_are_accepted_in_both_spellings(monkeypatch):
    monkeypatch.setenv("TIDINGS_DATABASE_URL", "postgres://u@db/tidings")
    assert load_settings().effective_database_url == "postgresql://u@db/tidings"


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("TIDINGS_DATABASE_URL", "mysql://x/y", "sqlite:/// or postgresql://"),
        ("TIDINGS_MAX_CONNECTIONS", "0", "max_connections"),
        ("TIDINGS_ALLOW_PRIVATE_NETWORKS", "perhaps", "allow_private_networks"),
    ],
)
def test_invalid_settings_say_which_and_why(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert words in str(error.value)


def test_unknown_keys_in_the_toml_file_are_refused(tmp_path, monkeypatch):
    config = tmp_path / "tidings.toml"
    config.write_text("max_redirect = 3\n")  # a typo must not be silently ignored
    monkeypatch.setenv("TIDINGS_CONFIG", str(config))
    with pytest.raises(ConfigError) as error:
        load_settings()
    assert "max_redirect" in str(error.value)
