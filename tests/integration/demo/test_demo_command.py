"""`tidings demo`: the README's first look, offline, with stories already grouped."""

from __future__ import annotations

import re

from click.testing import CliRunner

from tidings.cli import main
from tidings.services.database import open_database
from tidings.services.stories import list_stories
from tidings.settings import load_settings
from tidings.store.users import default_user


def test_demo_fills_a_store_and_groups_its_stories(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert re.search(r"8 sources fetched .* 58 entries stored, 0 failed", result.output)
    grouped = re.search(r"Grouped into (\d+) stories \((\d+) told by more than one source",
                        result.output)
    assert grouped and int(grouped.group(2)) >= 3, result.output

    # The stories are in the demo's own store, whatever their dates.
    demo_dir = tmp_path / "demo"
    db = open_database(load_settings(data_dir=demo_dir))
    with db.connect() as conn:
        user_id = default_user(conn).id
    stories = list_stories(db, user_id, limit=100)
    assert len(stories) == int(grouped.group(1))
    assert max(s.source_count for s in stories) >= 3
    db.dispose()
