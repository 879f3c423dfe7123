"""Any input gives a document or a DocumentError, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.content.documents import DocumentError, read_document
from tidings.content.transcripts import transcript_to_text

_LINES = st.sampled_from(
    [
        "",
        "By Jane Doe",
        "Jane Doe · Reuters",
        "Published 3 March 2022",
        "Updated 2h ago",
        "Sign in",
        "Related Stories",
        "WEBVTT",
        "00:00:01.000 --> 00:00:02.000",
        "1",
        "<v Ann>hello</v>",
        "# Heading",
        "- item",
        "<p>para</p>",
        "[Music]",
        "so and then we went there",
        "This is a sentence of reasonable length that ends in a full stop as prose does.",
        '{"segments": [{"body": "x", "speaker": "A"}]}',
    ]
)
_NAMES = st.sampled_from([None, "a.txt", "a.srt", "a.vtt", "a.md", "a.html", "a.json", "upload"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(_LINES, st.text(max_size=80)), max_size=40), name=_NAMES)
def test_read_document_never_fails_unexpectedly(lines: list[str], name: str | None) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        doc = read_document(data, filename=name)
    except DocumentError:
        return
    assert doc.text.strip()
    assert "<script" not in doc.html


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2000), ctype=st.sampled_from([None, "text/vtt", "text/html"]))
def test_transcript_to_text_never_raises(data: bytes, ctype: str | None) -> None:
    assert isinstance(transcript_to_text(data, content_type=ctype, url=None), str)
