"""``tidings extract`` and ``tidings site-rule`` as a user runs them."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.store import Database
from tidings.store.articles import list_site_rules
from tidings.store.users import default_user

from .site import article_paragraphs, chrome_page, garbage

PAGE = chrome_page("Rivers rise", article_paragraphs(3, "Rivers rise"))


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def env(monkeypatch, tmp_path):
    monkeypatch.setenv("TIDINGS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    return tmp_path


def test_extract_file_json_has_the_metadata_and_clean_text(env):
    page = env / "rivers.html"
    page.write_text(PAGE, encoding="utf-8")

    result = run("extract", str(page), "--json")

    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert {k: out[k] for k in ("status", "reason", "title", "authors", "date", "publisher")} == {
        "status": "ok",
        "reason": None,
        "title": "Rivers rise",
        "authors": ["Ana Ruiz"],
        "date": "2026-11-20T08:00:00+00:00",
        "publisher": "The Daily",
    }
    assert (out["language"], out["canonical_url"]) == (
        "en",
        "https://daily.test/canonical/rivers-rise",
    )
    assert out["text"].startswith("Rivers rise story, part 1. Officials said")
    assert "Related stories" not in out["text"] and "morning briefing" not in out["text"]
    assert out["word_count"] == len(out["text"].split())

    plain = run("extract", str(page))
    assert plain.exit_code == 0
    assert "Title:         Rivers rise\n" in plain.stdout
    assert "Publisher:     The Daily\n" in plain.stdout
    assert "\n\nRivers rise story, part 1." in plain.stdout


def test_extract_shows_the_standfirst_apart_from_the_body(env):
    dek = '<p class="article-dek">Councils plan new levees after the wettest autumn on record.</p>'
    page = env / "dek.html"
    headed = f"<article><header><h1>Rivers rise</h1>{dek}</header>"
    assert "<article><h1>Rivers rise</h1>" in PAGE
    page.write_text(PAGE.replace("<article><h1>Rivers rise</h1>", headed), encoding="utf-8")

    out = json.loads(run("extract", str(page), "--json").stdout)
    assert out["standfirst"] == "Councils plan new levees after the wettest autumn on record."
    assert "Councils plan" not in out["text"] and out["text"].startswith(
        "Rivers rise story, part 1."
    )

    plain = run("extract", str(page)).stdout
    assert (
        "\n\nCouncils plan new levees after the wettest autumn on record.\n\nRivers rise story"
        in plain
    )


def test_extract_file_that_is_not_an_article(env):
    image = env / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + garbage(1024))
    result = run("extract", str(image))
    assert result.exit_code == 1
    assert "no article (not_html): the address serves image/png, not an HTML page" in result.stderr

    noise = env / "noise.html"
    noise.write_bytes(garbage(8192))
    out = run("extract", str(noise), "--json")
    assert out.exit_code == 1
    assert json.loads(out.stdout)["status"] == "binary"

    missing = run("extract", str(env / "missing.html"))
    assert missing.exit_code == 1 and "Cannot read" in missing.stderr


def test_extract_text_documents_go_through_the_documents_reader(env):
    notes = env / "notes.md"
    notes.write_text(
        "# Harbour notes\n\nThe harbour reopened on Monday after three weeks of repairs to the"
        " breakwater, and the first ferries left on time.\n",
        encoding="utf-8",
    )
    out = json.loads(run("extract", str(notes), "--json").stdout)
    assert (out["status"], out["title"]) == ("ok", "Harbour notes")
    assert out["text"].startswith("The harbour reopened on Monday")

    captions = env / "episode.vtt"
    captions.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWelcome back to the harbour podcast.\n",
        encoding="utf-8",
    )
    out = json.loads(run("extract", str(captions), "--json").stdout)
    assert out["status"] == "ok" and "Welcome back to the harbour podcast." in out["text"]
    assert "-->" not in out["text"]


@pytest.fixture
def page_server():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_extract_url_is_refused_for_a_private_address_unless_allowed(env, page_server, monkeypatch):
    base, hits = page_server
    refused = run("extract", base + "/rivers")
    assert refused.exit_code == 1
    assert "Tidings does not fetch from private networks" in refused.stderr
    assert hits == []

    monkeypatch.setenv("TIDINGS_ALLOW_PRIVATE_NETWORKS", "true")
    allowed = run("extract", base + "/rivers", "--json")
    assert allowed.exit_code == 0, allowed.output
    out = json.loads(allowed.stdout)
    assert out["title"] == "Rivers rise" and out["url"] == base + "/rivers"
    assert hits == ["/rivers"]


def test_site_rule_commands(env):
    assert run("site-rule", "list").stdout == "No site rules.\n"
    made = run("site-rule", "set", "https://News.Example/some/page", "--drop", ".promo, aside")
    assert made.exit_code == 0, made.output
    assert made.stdout == "Rule for news.example: keep -, drop .promo, aside\n"
    assert run("site-rule", "set", "news.example", "--keep", "article").exit_code == 0
    assert run("site-rule", "list").stdout == "news.example\tkeep: article\tdrop: -\n"

    bad = run("site-rule", "set", "news.example", "--keep", "div[[")
    assert bad.exit_code == 1 and "The keep selector 'div[[' is not valid CSS" in bad.stderr
    empty = run("site-rule", "set", "news.example")
    assert empty.exit_code == 1 and "needs a selector" in empty.stderr

    db = Database.open(f"sqlite:///{env / 'cli.sqlite3'}")
    with db.connect() as conn:
        (rule,) = list_site_rules(conn)
        assert rule.keep_selector == "article"  # the bad one did not replace it
        assert rule.updated_by == default_user(conn).id  # the CLI acts as the admin
    db.dispose()

    assert (
        run("site-rule", "remove", "news.example").stdout == "Removed the rule for news.example.\n"
    )
    gone = run("site-rule", "remove", "news.example")
    assert gone.exit_code == 1 and "no site rule for news.example" in gone.stderr


def test_extract_pending_json_on_an_empty_database(env):
    result = run("extract-pending", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "looked_at": 0, "fetched": 0, "ok": 0, "failed": 0, "not_needed": 0,
        "seconds": json.loads(result.stdout)["seconds"], "results": [],
    }  # fmt: skip
