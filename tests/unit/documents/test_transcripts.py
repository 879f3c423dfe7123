"""Transcripts and subtitles become readable paragraphs (what the reader sees)."""

from __future__ import annotations

import json
from pathlib import Path

from tidings.content.transcripts import detect_format, transcript_to_text

DATA = Path(__file__).parents[2] / "data" / "documents"


def _read(name: str, content_type: str | None = None, url: str | None = None) -> str:
    return transcript_to_text((DATA / name).read_bytes(), content_type=content_type, url=url)


def test_rolling_webvtt_captions_read_once_with_speakers() -> None:
    text = _read("rolling_captions.vtt", "text/vtt")
    paragraphs = text.split("\n\n")
    # Timing, settings, inline timestamps, STYLE/NOTE blocks and the repeated lines are gone.
    assert paragraphs[0] == (
        "the harbour authority said on monday that the new ferry terminal "
        "will open in the spring [Music]"
    )
    assert paragraphs[1] == "Mara Quist: Is it going to be on time?"
    assert paragraphs[2] == "Oskar Lind: We think so, yes & the budget holds."
    assert "-->" not in text and "::cue" not in text and "Auto-generated" not in text


def test_srt_numbers_timing_and_styling_removed_speakers_start_paragraphs() -> None:
    text = _read("interview.srt", None, "https://example.org/ep1.srt")
    assert text.split("\n\n") == [
        (
            "Karen Osei: Good evening. Tonight we look at the water tables of the valley. "
            "Farmers say the wells are running dry earlier every summer."
        ),
        (
            "David Park: That's right, Karen. We measured it ourselves. "
            "The level dropped four metres since 2015."
        ),
    ]


def test_srt_sent_as_plain_text_is_recognised() -> None:
    body = (DATA / "interview.srt").read_text()
    assert detect_format(body, content_type="text/plain", url=None) == "srt"


def test_podcast_json_word_segments_joined_per_speaker() -> None:
    text = _read("podcast_transcript.json", "application/json")
    assert text.split("\n\n") == [
        "Ines: Welcome to Slow Rivers. That that matters.",  # real repeats are kept
        "Guest: Glad to be here. Really.",
    ]


def test_html_transcript_speaker_labels_joined_and_times_dropped() -> None:
    text = _read("podcast_transcript.html", "text/html")
    assert text.split("\n\n") == [
        "Ines: Welcome to Slow Rivers, episode twelve.",
        "Guest: Thanks. I brought maps.",
    ]


def test_unpunctuated_plain_transcript_split_into_readable_paragraphs() -> None:
    text = _read("machine_transcript.txt", "text/plain")
    paragraphs = text.split("\n\n")
    sizes = [len(p.split()) for p in paragraphs[1:]]  # the first is the title line
    assert len(paragraphs) >= 5
    assert all(20 <= n <= 120 for n in sizes), sizes
    # Breaks fall before discourse markers when one is in reach.
    starts = {p.split()[0] for p in paragraphs[2:]}
    assert starts & {"so", "now", "but", "anyway", "however"}


def test_empty_binary_and_foreign_json_give_no_text() -> None:
    assert transcript_to_text(b"", content_type=None, url=None) == ""
    assert transcript_to_text(b"\x00\x01\x02PNG", content_type=None, url=None) == ""
    body = json.dumps({"segments": [{"start": 1}]}).encode()
    assert transcript_to_text(body, content_type="application/json", url=None) == ""
