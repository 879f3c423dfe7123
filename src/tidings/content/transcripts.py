"""Transcripts and subtitles as readable text.

``transcript_to_text`` takes what a podcast feed's ``<podcast:transcript>``
link or a video page points to (WebVTT, SRT, the Podcasting 2.0 JSON format,
an HTML transcript, plain text) and returns plain text with paragraphs
separated by blank lines: cue numbers, timings, styling tags and the repeated
lines of rolling captions gone; a change of speaker starts a paragraph
("Speaker: ..."); long stretches of speech are split into paragraphs of a
readable length (``tidings.content.paragraphs``).

Pure and bounded: input over ``MAX_TRANSCRIPT_BYTES`` is cut at that size
(a transcript of several hours is well under it).

The WebVTT and SRT reader is our own rather than ``webvtt-py`` or ``srt``:
those raise on the malformed files the web serves (missing header, SRT sent
as text/plain, blank lines holding spaces), read SRT or WebVTT but not both
with one cue model, and leave rolling captions repeated; ours is one linear
pass over lines, tolerant, and never raises.

:func:`transcript_problem` says why a fetched body is not a transcript at all
(an image, a binary file), and :func:`machine_made` whether the source says it
is speech recognition output (YouTube's automatic captions, a track labelled
"auto-generated", a NOTE saying so).
"""

from __future__ import annotations

import codecs
import html as html_module
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .paragraphs import make_paragraphs, resplit_paragraphs

MAX_TRANSCRIPT_BYTES = 5_000_000
# Overlap looked for between a caption and the text before it (rolling captions).
_MAX_OVERLAP_WORDS = 40
# A pause this long between cues starts a paragraph once it has enough words.
_PAUSE_SECONDS = 2.5
_PAUSE_MIN_WORDS = 40
# HTML with more elements than this is read as plain text (the block search is not linear).
_MAX_ELEMENTS = 50_000

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """Text from bytes: a BOM, else UTF-8, else the likeliest encoding. Never raises."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, "replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:100_000]).best()
    return data.decode(best.encoding if best else "cp1252", "replace")


# --- format detection -------------------------------------------------------------

_TIMING = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_HTML_TAG = re.compile(r"<(?:html|body|p|div|br|span|cite|time|h[1-6])\b", re.IGNORECASE)


def detect_format(text: str, *, content_type: str | None = None, url: str | None = None) -> str:
    """One of "vtt", "srt", "json", "html", "text" from the type, the address and the content."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    path = (url or "").split("?")[0].split("#")[0].lower()
    head = text.lstrip()[:2000]
    if head.startswith("WEBVTT") or ctype == "text/vtt" or path.endswith(".vtt"):
        return "vtt"
    if ctype in ("application/x-subrip", "application/srt", "text/srt") or path.endswith(".srt"):
        return "srt"
    if head[:1] in "{[" and ("json" in ctype or path.endswith(".json") or '"segments"' in head):
        return "json"
    if any(_TIMING.match(line) for line in head.splitlines()[:6]):
        return "srt"  # SRT sent as text/plain
    if "html" in ctype or path.endswith((".html", ".htm")) or _HTML_TAG.search(head):
        return "html"
    return "text"


# --- cues ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption or transcript segment: its text, its speaker if known, its times."""

    text: str
    speaker: str | None = None
    start: float | None = None
    end: float | None = None


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_BRACES = re.compile(r"\{\\[^}]*\}")  # SSA styling left in SRT: {\an8}
# ">> Speaker:" (broadcast captions) and "SPEAKER NAME:" (upper-case label).
_LABEL = re.compile(r"^\s*(?:>>\s*)?([A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,3}):\s+(?=\S)")
_CHEVRONS = re.compile(r"^\s*>>\s*")


def _cue_lines(lines: list[str]) -> tuple[str | None, str]:
    speaker: str | None = None
    texts: list[str] = []
    for raw in lines:
        voice = _VOICE.search(raw)
        if voice:
            speaker = voice.group(1).strip()
        line = html_module.unescape(_TAGS.sub("", _BRACES.sub("", raw))).strip()
        if not line:
            continue
        label = _LABEL.match(line)
        if label and (label.group(1).isupper() or line.lstrip().startswith(">>")):
            speaker = label.group(1).title() if label.group(1).isupper() else label.group(1)
            line = line[label.end() :]
        elif line.startswith(">>"):
            speaker = speaker or "—"  # a change of speaker without a name
            line = _CHEVRONS.sub("", line)
        texts.append(line)
    return speaker, " ".join(texts)


def _timed_cues(text: str) -> Iterator[Cue]:
    """Cues of a WebVTT or SRT document; header, NOTE, STYLE and REGION blocks skipped.

    A cue ends at an empty line. A line of spaces does not end it: YouTube's
    captions hold such lines inside cues. So a block may hold several cues
    (an SRT file whose blank lines hold spaces): each timing line starts one,
    and the number or identifier line before the next timing is dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # An empty line ends a block; lines of spaces next to it belong to it.
    for block in re.split(r"\n(?:[ \t]*\n)*\n", text):
        lines = block.strip("\n").split("\n")
        timing: re.Match[str] | None = None
        body: list[str] = []
        for line in lines:
            found = _TIMING.match(line)
            if found is None:
                if timing is not None:
                    body.append(line)
                continue
            if timing is not None:
                yield from _cue(timing, _without_identifier(body))
            timing, body = found, []
        if timing is not None:
            yield from _cue(timing, body)


def _without_identifier(lines: list[str]) -> list[str]:
    """A cue's lines without the next cue's number or identifier (and the blank before it)."""
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    if lines and len(lines) >= 2 and not lines[-2].strip():
        lines = lines[:-2]  # "text", " ", "2": the last line is the next cue's identifier
    elif lines and lines[-1].strip().isdigit():
        lines = lines[:-1]
    return lines


def _cue(timing: re.Match[str], lines: list[str]) -> Iterator[Cue]:
    speaker, words = _cue_lines(lines)
    if words:
        yield Cue(words, speaker, _seconds(timing.group(1)), _seconds(timing.group(2)))


def _json_cues(text: str) -> Iterator[Cue]:
    """Segments of a Podcasting 2.0 JSON transcript ({"segments": [{"body", "speaker"}]})."""
    try:
        doc = json.loads(text)
    except ValueError:
        return
    segments = doc.get("segments") if isinstance(doc, dict) else doc
    if not isinstance(segments, list):
        return
    for seg in segments:
        if not isinstance(seg, dict):
            continue
        body = seg.get("body")
        if not isinstance(body, str) or not body.strip():
            continue
        speaker = seg.get("speaker")
        start, end = seg.get("startTime"), seg.get("endTime")
        yield Cue(
            html_module.unescape(_TAGS.sub("", body)).strip(),
            speaker.strip() if isinstance(speaker, str) and speaker.strip() else None,
            float(start) if isinstance(start, int | float) else None,
            float(end) if isinstance(end, int | float) else None,
        )


def _words(text: str) -> list[str]:
    return text.split()


def _norm(word: str) -> str:
    return word.lower().strip(".,!?;:\"'…-")


def _new_words(previous: list[str], words: list[str]) -> list[str]:
    """``words`` without the part that repeats the end of ``previous`` (rolling captions)."""
    limit = min(len(previous), len(words), _MAX_OVERLAP_WORDS)
    tail = [_norm(w) for w in previous[-limit:]] if limit else []
    head = [_norm(w) for w in words[:limit]]
    for size in range(limit, 0, -1):
        if size == 1 and len(words) > 1:
            break  # one shared word ("the ... the") is chance, not a repeated caption
        if tail[-size:] == head[:size]:
            return words[size:]
    return words


def cues_to_paragraphs(cues: Iterable[Cue], *, rolling: bool = True) -> list[str]:
    """Paragraphs from cues: speakers start paragraphs; long turns are split readably.

    ``rolling``: drop words a cue repeats from the end of the one before (the
    roll-up captions of live TV and YouTube repeat the previous line).
    """
    turns: list[tuple[str | None, list[list[str]]]] = []  # (speaker, chunks of words)
    previous: list[str] = []
    last_end: float | None = None
    speaker: str | None = None
    for cue in cues:
        words = _new_words(previous, _words(cue.text)) if rolling else _words(cue.text)
        new_speaker = cue.speaker is not None and cue.speaker != speaker
        if cue.speaker is not None:
            speaker = cue.speaker
        if new_speaker or not turns:
            turns.append((speaker, [[]]))
            previous = []
            words = _words(cue.text) if new_speaker else words
        chunks = turns[-1][1]
        pause = (
            cue.start is not None
            and last_end is not None
            and cue.start - last_end >= _PAUSE_SECONDS
        )
        if pause and len(chunks[-1]) >= _PAUSE_MIN_WORDS:
            chunks.append([])
        chunks[-1].extend(words)
        previous = (previous + words)[-_MAX_OVERLAP_WORDS:]
        last_end = cue.end if cue.end is not None else last_end
    paragraphs: list[str] = []
    for who, chunks in turns:
        first = True
        for chunk in chunks:
            for paragraph in make_paragraphs(" ".join(chunk)):
                if first and who and who != "—":
                    paragraph = f"{who}: {paragraph}"
                first = False
                paragraphs.append(paragraph)
    return paragraphs


# --- HTML and plain text ------------------------------------------------------------

_BLOCK_TAGS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "tr")


def html_paragraphs(text: str) -> list[str]:
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError):  # empty or odd markup: read it as text
        return _text_paragraphs(_TAGS.sub(" ", text))
    if sum(1 for _ in root.iter()) > _MAX_ELEMENTS:
        return _text_paragraphs(root.text_content())  # keep the block search linear-ish
    for el in root.xpath("//script|//style|//time|//head"):
        el.drop_tree()
    for el in root.xpath("//br"):
        el.tail = "\n" + (el.tail or "")
    paragraphs: list[str] = []
    blocks = [
        el
        for el in root.iter(*_BLOCK_TAGS, "cite")
        if (el.tag == "cite" and not any(a.tag in _BLOCK_TAGS for a in el.iterancestors()))
        or (el.tag != "cite" and not any(c.tag in _BLOCK_TAGS for c in el.iterdescendants()))
    ]
    if not any(el.tag != "cite" for el in blocks):
        return _text_paragraphs(root.text_content())
    for el in blocks:
        value = " ".join(el.text_content().split())
        if value and el.tag == "cite" and not value.endswith(":"):
            value += ":"
        if value:
            paragraphs.append(value)
    # "<cite>Speaker:</cite>" often stands in a block of its own before the speech.
    merged: list[str] = []
    for value in paragraphs:
        if merged and merged[-1].endswith(":") and len(merged[-1]) <= 40:
            merged[-1] = f"{merged[-1]} {value}"
        else:
            merged.append(value)
    return resplit_paragraphs(merged)


def _text_paragraphs(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    paragraphs: list[str] = []
    for block in blocks:
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        # Short lines in a row are caption lines (or a transcript pasted line by
        # line): joined; a line with a speaker label starts a paragraph.
        current: list[str] = []
        for line in lines:
            if _LABEL.match(line) and current:
                paragraphs.extend(make_paragraphs(" ".join(current)))
                current = []
            current.append(line)
        if current:
            paragraphs.extend(make_paragraphs(" ".join(current)))
    return paragraphs


# Declared types no transcript is served as (checked before reading a byte of it).
_NOT_TRANSCRIPT_TYPES = ("image/", "audio/", "video/", "font/", "model/")
_NOT_TRANSCRIPT_MIMES = frozenset(
    [
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-tar",
        "application/vnd.ms-excel",
        "application/msword",
        "application/x-shockwave-flash",
        "application/wasm",
    ]
)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def transcript_problem(body: bytes, content_type: str | None) -> str | None:
    """Why ``body`` (declared as ``content_type``) is not a transcript, in words; or None."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime.startswith(_NOT_TRANSCRIPT_TYPES) or mime in _NOT_TRANSCRIPT_MIMES:
        return f"the transcript address serves {mime}, not captions or a transcript"
    sample = body[:4096]
    if not sample.strip():
        return "the transcript is empty"
    if not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and (
        b"\x00" in sample or len(_CONTROL.findall(sample)) * 50 > len(sample)
    ):
        return "the transcript is a binary file, not text"
    return None


# Word-level timestamps inside cues ("word<00:00:01.200><c> next</c>"): what YouTube's
# automatic speech recognition writes, and people never do.
_WORD_TIMESTAMP = re.compile(r"<(?:\d+:)?\d{2}:\d{2}\.\d{3}>")
_MACHINE_WORDS = re.compile(
    r"auto-?generated|automatic(?:ally)?\s+(?:generated|transcribed|captions?)"
    r"|machine[- ](?:generated|transcri\w+)|speech recognition|\basr\b",
    re.IGNORECASE,
)


def machine_made(text: str, *, url: str | None = None, label: str | None = None) -> bool:
    """Whether the source says the captions are speech recognition output.

    Signs: word-level timestamps in cues (YouTube's automatic captions); a
    ``kind=asr`` address (YouTube's timedtext); a track label or a WebVTT
    header or NOTE saying "auto-generated", "automatic captions", "machine
    transcript", "speech recognition" or "ASR".
    """
    if label and _MACHINE_WORDS.search(label):
        return True
    if url and re.search(r"[?&]kind=asr\b", url, re.IGNORECASE):
        return True
    head = text[:200_000]
    if len(_WORD_TIMESTAMP.findall(head[:20_000])) >= 3:
        return True
    for block in re.split(r"\n\s*\n", head[:20_000]):
        first = block.lstrip()
        if first.startswith(("WEBVTT", "NOTE", "Kind:")) and _MACHINE_WORDS.search(block):
            return True
    return False


def transcript_to_text(body: bytes, *, content_type: str | None, url: str | None) -> str:
    """Readable plain text of a transcript or subtitle file (paragraphs split by blank lines).

    Returns "" when nothing readable is found (an empty or foreign document).
    """
    text = decode_text(body[:MAX_TRANSCRIPT_BYTES])
    if "\x00" in text[:4096]:
        return ""  # binary
    kind = detect_format(text, content_type=content_type, url=url)
    if kind in ("vtt", "srt"):
        paragraphs = cues_to_paragraphs(_timed_cues(text))
    elif kind == "json":
        paragraphs = cues_to_paragraphs(_json_cues(text), rolling=False)
    elif kind == "html":
        paragraphs = html_paragraphs(text)
    else:
        paragraphs = _text_paragraphs(text)
    return "\n\n".join(p for p in paragraphs if p)
