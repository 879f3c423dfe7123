"""``tidings import-document`` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main

DATA = Path(__file__).parents[2] / "data" / "documents"


@pytest.fixture
def env(monkeypatch, tmp_path):
    """SQLite only: the service tests cover PostgreSQL; these test the command line."""
    monkeypatch.setenv("TIDINGS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_import_prints_what_was_recognised(env) -> None:
    result = run("import-document", str(DATA / "aggregator_byline_first.txt"))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Imported entry 1 in Documents")
    assert "Library Returns a Lost Manuscript" in out
    assert "Jane Okafor, Li Wei" in out
    assert "Northern Times" in out
    assert "2022-03-03" in out
    assert "article, 3 paragraphs" in out
    assert "Machine transcript: no" in out

    again = run("import-document", str(DATA / "aggregator_byline_first.txt"))
    assert again.output.startswith("Already imported entry 1")

    found = json.loads(run("search", "manuscript", "--json").output)
    assert [hit["entry_id"] for hit in found["results"]] == [1]


def test_json_output_and_options(env) -> None:
    result = run(
        "import-document",
        str(DATA / "machine_transcript.txt"),
        "--json",
        "--source",
        "Village Power (YouTube)",
        "--url",
        "https://video.example.org/watch?v=abc123",
        "--published",
        "2024-05-02 14:30",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["kind"] == "transcript"
    assert report["machine_transcript"] is True and report["evidence"]
    assert report["publisher"] == "Village Power (YouTube)"
    assert report["published"].startswith("2024-05-02T14:30")
    assert report["title"].startswith("This Tiny Village Built Its OWN Power Grid")
    assert report["paragraphs"] >= 5


def test_standard_input(env) -> None:
    result = run("import-document", "-", "--title", "Pasted", input=b"Some pasted words here.")
    assert result.exit_code == 0, result.output
    assert "Pasted" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Cannot read"),
        (b"", "The file is empty."),
        (b"\x00\x01\x02\x03" * 500, "binary"),
    ],
    ids=["missing", "empty", "binary"],
)
def test_bad_files_give_one_clear_error_line(env, tmp_path, content, message) -> None:
    path = tmp_path / "doc.txt"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(main, ["import-document", str(path)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert message in result.output


def test_too_large_file_is_refused_before_reading(env, tmp_path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(6_000_000)
    result = CliRunner().invoke(main, ["import-document", str(path)])
    assert result.exit_code == 1
    assert "6.0 MB" in result.output and "5 MB" in result.output


def test_unreadable_date_is_refused(env) -> None:
    result = CliRunner().invoke(
        main, ["import-document", str(DATA / "clean_essay.txt"), "--published", "soonish"]
    )
    assert result.exit_code == 2
    assert "'soonish' is not a date" in result.output
