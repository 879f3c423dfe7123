"""The command line as a user runs it, against a local feed server and a real database."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.ingest.opml import parse_opml

from ..pipeline.farm import FarmState, FarmThread


@pytest.fixture
def farm():
    with FarmThread(FarmState()) as running:
        yield running


@pytest.fixture
def env(monkeypatch, database_url):
    monkeypatch.setenv("TIDINGS_DATABASE_URL", database_url)
    monkeypatch.setenv("TIDINGS_ALLOW_PRIVATE_NETWORKS", "true")
    monkeypatch.setenv("TIDINGS_TOTAL_TIMEOUT", "5")
    return {k: v for k, v in os.environ.items()}


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


def test_import_refresh_search_stats_export(env, farm):
    imported = run("import-opml", farm.url + "/subs.opml")
    assert imported.exit_code == 0, imported.output
    assert "Imported 2 feeds in 2 folders" in imported.output
    assert "file:///etc/passwd" in imported.output

    first = json.loads(run("refresh", "--json").output)
    assert {k: first[k] for k in ("tried", "updated", "failed", "new_entries")} == {
        "tried": 2, "updated": 2, "failed": 0, "new_entries": 7,
    }
    assert first["seconds"] >= 0

    second = json.loads(run("refresh", "--all", "--json").output)
    assert second["new_entries"] == 0 and second["not_modified"] == 1

    stats = json.loads(run("stats", "--json").output)
    assert (stats["feeds"], stats["entries"], stats["feeds_in_error"]) == (2, 7, 0)

    found = json.loads(run("search", "Good story 3", "--json").output)
    assert found["results"][0]["title"] == "Good story 3"

    listed = json.loads(run("feeds", "--json").output)
    assert {f["title"] for f in listed} == {"Good news", "Atom news"}

    exported = run("export-opml")
    outlines = {o.xml_url: o.folder for o in parse_opml(exported.stdout_bytes)}
    assert outlines == {farm.url + "/good": "News", farm.url + "/atom": "Tech"}


def test_add_discovers_the_feed_of_a_site(env, farm):
    added = run("add", farm.url + "/site", "--folder", "Blogs")
    assert added.exit_code == 0, added.output
    assert farm.url + "/good" in added.output
    assert "5 entries fetched" in added.output


def test_errors_are_one_clear_line_not_a_traceback(env, farm, monkeypatch):
    monkeypatch.setenv("TIDINGS_ALLOW_PRIVATE_NETWORKS", "false")
    result = CliRunner().invoke(main, ["add", farm.url + "/good"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    assert "TIDINGS_ALLOW_PRIVATE_NETWORKS" in result.output


def test_bad_settings_are_reported_plainly(env, monkeypatch):
    monkeypatch.setenv("TIDINGS_MAX_REDIRECTS", "many")
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 1
    assert "max_redirects" in result.output and "Traceback" not in result.output


def test_worker_stops_cleanly_on_sigterm(env, farm, tmp_path):
    assert run("import-opml", farm.url + "/subs.opml").exit_code == 0
    worker = subprocess.Popen(
        [sys.executable, "-m", "tidings", "worker", "--poll", "0.2"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in worker.stderr], daemon=True).start()
    try:
        seen = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                continue
            if "refreshed 2 feeds" in seen[-1]:
                break
        else:
            pytest.fail("the worker did not refresh: " + "".join(seen))
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
        time.sleep(0.2)
        rest = "".join(lines.queue)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert "stopped cleanly" in rest
    stats = json.loads(run("stats", "--json").output)
    assert stats["entries"] == 7


def test_export_leaves_out_the_private_documents_source(env, farm, tmp_path):
    assert run("import-opml", farm.url + "/subs.opml").exit_code == 0
    document = tmp_path / "note.txt"
    document.write_text("A short note about the harbour.\n\nIt has two paragraphs.\n")
    assert run("import-document", str(document), "--title", "Harbour note").exit_code == 0
    exported = {o.xml_url for o in parse_opml(run("export-opml").stdout_bytes)}
    assert exported == {farm.url + "/good", farm.url + "/atom"}
