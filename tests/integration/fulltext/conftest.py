from __future__ import annotations

import pytest

from ..helpers import loopback_settings


@pytest.fixture
def settings(tmp_path, database_url):
    return loopback_settings(tmp_path, database_url)
