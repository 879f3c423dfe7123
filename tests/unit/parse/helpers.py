"""Shared helpers for the parser tests: fixture loading and a JSON-shaped view of results."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

FEEDS = Path(__file__).resolve().parents[2] / "data" / "feeds"


def fixture(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def expected(name: str) -> dict[str, Any]:
    stem = name.rsplit(".", 1)[0]
    return json.loads((FEEDS / f"{stem}.expected.json").read_text(encoding="utf-8"))


def plain(value: Any) -> Any:
    """ParsedFeed/ParsedEntry/... as JSON-like data (datetimes as ISO strings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "value") and type(value).__module__ == "tidings.types":
        return value.value  # enums
    return value


def assert_subset(actual: Any, wanted: Any, path: str = "") -> None:
    """Every key in ``wanted`` has the same value in ``actual`` (lists compared item by item)."""
    if isinstance(wanted, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in wanted.items():
            assert key in actual, f"{path}.{key} missing"
            assert_subset(actual[key], value, f"{path}.{key}")
    elif isinstance(wanted, list) and wanted and isinstance(wanted[0], dict):
        assert isinstance(actual, list) and len(actual) == len(wanted), (
            f"{path}: expected {len(wanted)} items, got {actual!r}"
        )
        for i, (a, w) in enumerate(zip(actual, wanted)):
            assert_subset(a, w, f"{path}[{i}]")
    else:
        assert actual == wanted, f"{path}: expected {wanted!r}, got {actual!r}"
