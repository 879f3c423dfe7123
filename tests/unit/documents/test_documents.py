"""Documents a user imports: what the reader gets from each kind of file.

Each fixture in tests/data/documents has its expected result beside it
(``<name>.expected.json``): title, byline, publisher, date, kind, the
machine-transcript flag, the first and last paragraph, and text that must be
gone (app or site chrome).
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

import pytest

from tidings.content.documents import (
    MAX_DOCUMENT_BYTES,
    DocumentError,
    DocumentKind,
    read_document,
)

DATA = Path(__file__).parents[2] / "data" / "documents"
FIXTURES = sorted(p for p in DATA.iterdir() if not p.name.endswith(".expected.json"))


def test_every_fixture_has_an_expected_result() -> None:
    assert FIXTURES
    for path in FIXTURES:
        assert path.with_name(path.name + ".expected.json").exists(), path.name


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_document_reads_as_expected(path: Path) -> None:
    expected = json.loads(path.with_name(path.name + ".expected.json").read_text())
    doc = read_document(path.read_bytes(), filename=path.name)
    paragraphs = doc.text.split("\n\n")
    assert doc.kind == DocumentKind(expected["kind"])
    assert doc.title == expected["title"]
    assert list(doc.authors) == expected["authors"]
    assert doc.publisher == expected["publisher"]
    published = expected["published"]
    assert doc.published == (datetime.fromisoformat(published) if published else None)
    assert doc.machine_transcript is expected["machine_transcript"], doc.evidence
    assert bool(doc.evidence) is expected["machine_transcript"]
    if expected["paragraphs"] is not None:
        assert doc.paragraphs == len(paragraphs) == expected["paragraphs"]
    assert paragraphs[0].startswith(expected["first"])
    if expected["last"] is not None:
        assert paragraphs[-1].startswith(expected["last"])
    for chrome in expected["absent"]:
        assert chrome not in doc.text and chrome not in doc.html, chrome
    for fragment in expected["html_contains"]:
        assert fragment in doc.html
    # The headline is a field of its own, not the first paragraph too.
    if doc.title:
        assert not paragraphs[0].startswith(doc.title)
    assert doc.language == "en"


def test_machine_transcripts_are_split_into_readable_paragraphs() -> None:
    for name in ("machine_transcript.txt", "transcript_runon.txt"):
        doc = read_document((DATA / name).read_bytes(), filename=name)
        sizes = [len(p.split()) for p in doc.text.split("\n\n")]
        assert len(sizes) >= 4, name
        assert max(sizes) <= 130, (name, sizes)
        assert min(sizes) >= 20, (name, sizes)
        assert "\n" not in doc.text.replace("\n\n", ""), "no line breaks left inside paragraphs"


def test_machine_transcript_evidence_is_readable() -> None:
    doc = read_document((DATA / "machine_transcript.txt").read_bytes(), filename=None)
    evidence = " / ".join(doc.evidence)
    assert "[Music]" in evidence
    assert "punctuation" in evidence


def test_well_written_article_is_not_flagged() -> None:
    doc = read_document((DATA / "aggregator_premium_app.txt").read_bytes(), filename="a.txt")
    assert not doc.machine_transcript and doc.evidence == ()


def test_format_is_recognised_from_content_when_the_name_says_nothing() -> None:
    for name, kind in [
        ("interview.srt", DocumentKind.SUBTITLES),
        ("rolling_captions.vtt", DocumentKind.SUBTITLES),
        ("article.html", DocumentKind.HTML),
        ("notes.md", DocumentKind.MARKDOWN),
        ("podcast_transcript.json", DocumentKind.TRANSCRIPT),
    ]:
        doc = read_document((DATA / name).read_bytes(), filename="upload")
        assert doc.kind is kind, name


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    body = (
        "A Letter About the Allotments\n\n"
        "The committee met on Thursday to discuss the waiting list for\n"
        "allotments, which has grown to more than two hundred names since\n"
        "the spring, and agreed to ask the council for the unused field\n"
        "behind the primary school.\n\n"
        "Members also voted to raise the annual rent by two pounds, the\n"
        "first increase in six years, to pay for a new water tank and a\n"
        "lock for the tool shed after the break-ins last winter.\n"
    )
    doc = read_document(body.encode(), filename="letter.txt")
    assert doc.title == "A Letter About the Allotments"
    assert doc.paragraphs == 2
    assert "waiting list for allotments" in doc.text


def test_markdown_raw_html_is_sanitised_not_run() -> None:
    doc = read_document((DATA / "notes.md").read_bytes(), filename="notes.md")
    assert "<script" not in doc.html and "alert" not in doc.html


def test_document_fingerprint_ignores_spacing_and_case() -> None:
    a = read_document(b"Title Line Here\n\nSome text of the document.", filename="a.txt")
    b = read_document(b"Title Line Here\n\nSome   text of the\ndocument.", filename="b.txt")
    assert a.fingerprint() == b.fingerprint()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "binary"),
        (b"a" * (MAX_DOCUMENT_BYTES + 1), "MB"),
    ],
    ids=["empty", "blank", "png", "pdf", "too-large"],
)
def test_files_that_are_not_documents_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        read_document(data, filename="upload.txt")


def test_only_chrome_means_no_readable_text() -> None:
    with pytest.raises(DocumentError, match="no readable text"):
        read_document(b"Sign in\nHome\nFor you\nOpen in app\n", filename="x.txt")


def test_large_transcripts_are_read_in_bounded_time() -> None:
    # 1 MB of caption lines without punctuation, one block: each line continues the last.
    line = "and then the water came up over the road so we"
    body = ("\n".join([line] * 21_000)).encode()
    started = time.perf_counter()
    doc = read_document(body, filename="captions.txt")
    assert time.perf_counter() - started < 5  # ~0.5 s here; linear in the input
    assert doc.machine_transcript
    assert max(len(p.split()) for p in doc.text.split("\n\n")) <= 130


def test_markdown_too_large_to_render_is_refused() -> None:
    with pytest.raises(DocumentError, match="Markdown"):
        read_document(b"# T\n\n" + b"- item\n" * 200_000, filename="big.md")
