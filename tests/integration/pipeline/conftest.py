from __future__ import annotations

import pytest

from ..helpers import loopback_settings


@pytest.fixture
def settings(tmp_path, database_url):
    # Short limits: the hostile farm's hanging and dripping feeds must fail fast.
    return loopback_settings(tmp_path, database_url, read_timeout=1.5, total_timeout=3.0)
