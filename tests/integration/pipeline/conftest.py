from __future__ import annotations

import pytest

from tidings.settings import load_settings


@pytest.fixture
def settings(tmp_path, database_url):
    return load_settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        allow_private_networks=True,
        connect_timeout=2.0,
        read_timeout=1.5,
        total_timeout=3.0,
        max_body_bytes=1024 * 1024,
        max_redirects=5,
    )


