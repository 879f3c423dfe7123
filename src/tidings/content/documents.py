"""A standalone document (HTML, plain text, Markdown, subtitles, a transcript) as readable text.

:func:`read_document` is pure: bytes in, a :class:`DocumentText` out, or a
:class:`DocumentError` whose message says what is wrong with the file. The
format is recognised from the file name, the declared type and the content:

- HTML goes through full-text extraction (:func:`tidings.content.extract.extract_article`);
- Markdown is rendered (markdown-it-py, CommonMark; raw HTML in it is escaped),
  with YAML-style front matter (``title:``, ``author:``, ``date:``) read;
- WebVTT, SRT and Podcasting 2.0 JSON go through :mod:`tidings.content.transcripts`;
- plain text through :mod:`tidings.content.plaintext` (app chrome trimmed, headline,
  byline, publisher and date recognised).

Paragraphs far longer than a reader can follow (machine transcripts) are
split (:mod:`tidings.content.paragraphs`), and a text that looks like
speech-recognition output is flagged with the evidence.

Bounds: input over :data:`MAX_DOCUMENT_BYTES` (5 MB) is refused rather than
cut, since a cut document would be stored as if complete; so is Markdown over
:data:`MAX_MARKDOWN_CHARS` (1 M characters, the renderer is slow) and HTML over
the extractor's own limits (:mod:`tidings.content.extract.limits`: 2 M
characters without scripts and styles, 25,000 elements, depth 255). The other
steps are linear in the input: a 5 MB text or subtitle file takes 1-4 s.
"""

from __future__ import annotations

import hashlib
import html as html_module
import re
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from pathlib import PurePath

from tidings.errors import ParseError

from .bylines import parse_date_text, split_authors
from .extract import ExtractionStatus, extract_article
from .extract.language import detect_language
from .extract.metadata import parse_date
from .paragraphs import MAX_WORDS, machine_transcript_evidence, make_paragraphs
from .plaintext import read_plain_article
from .sanitize import html_to_text, sanitize_html
from .transcripts import decode_text, detect_format, html_paragraphs, transcript_to_text

MAX_DOCUMENT_BYTES = 5_000_000
# markdown-it-py is pure Python, about 2.5 s per MB of dense Markdown on the reference machine.
MAX_MARKDOWN_CHARS = 1_000_000
# A paragraph longer than this is split (a transcript's or a pasted article's wall of text).
_SPLIT_WORDS = int(1.5 * MAX_WORDS)


class DocumentError(ParseError):
    """The file cannot be read as a document (empty, binary, too large)."""


class DocumentKind(StrEnum):
    ARTICLE = "article"  # plain text that reads as written prose
    TRANSCRIPT = "transcript"  # speech: a machine transcript or a transcript file
    SUBTITLES = "subtitles"  # .srt / .vtt cues
    MARKDOWN = "markdown"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class DocumentText:
    """A document ready to store and read.

    ``text`` is plain text, paragraphs separated by blank lines; ``html`` is
    the sanitised reading HTML. ``published`` is UTC-aware. ``title`` is None
    when the document states none (the caller may name it after the file).
    ``machine_transcript`` says the text looks like speech recognition output;
    ``evidence`` says why, in words.
    """

    kind: DocumentKind
    text: str
    html: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    published: datetime | None = None
    language: str | None = None
    machine_transcript: bool = False
    evidence: tuple[str, ...] = ()
    dropped_lines: int = 0  # lines of app or site chrome removed (plain text)

    @property
    def paragraphs(self) -> int:
        return self.text.count("\n\n") + 1 if self.text else 0

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def fingerprint(self) -> str:
        """A key for "the same document": its words, blind to case, spacing and punctuation."""
        words = " ".join(re.findall(r"\w+", self.text.lower()))
        return hashlib.blake2b(words.encode(), digest_size=16).hexdigest()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_MARKDOWN_HINTS = re.compile(
    r"^(?:#{1,6}\s+\S|[-*+]\s+\S.*\n[-*+]\s+\S|>\s+\S|```|\d+\.\s+\S.*\n\d+\.\s+\S)"
    r"|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*",
    re.MULTILINE,
)


def _decode(data: bytes) -> str:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"The file is {len(data) / 1e6:.1f} MB; documents of up to "
            f"{MAX_DOCUMENT_BYTES // 1_000_000} MB can be imported."
        )
    if not data.strip():
        raise DocumentError("The file is empty.")
    text = decode_text(data)
    sample = text[:4096]
    if (
        "\x00" in sample
        or len(_CONTROL.findall(sample)) > len(sample) // 50
        or (sample.count("\ufffd") > len(sample) // 10)
    ):
        raise DocumentError("The file is binary, not text (a PDF, an image, an archive?).")
    return text


def _format(text: str, filename: str | None, content_type: str | None, url: str | None) -> str:
    suffix = PurePath(filename).suffix.lower() if filename else ""
    by_suffix = {
        ".vtt": "vtt",
        ".srt": "srt",
        ".json": "json",
        ".md": "markdown",
        ".markdown": "markdown",
        ".mdown": "markdown",
        ".html": "html",
        ".htm": "html",
        ".xhtml": "html",
    }
    if suffix in by_suffix:
        return by_suffix[suffix]
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in ("text/markdown", "text/x-markdown"):
        return "markdown"
    found = detect_format(text, content_type=content_type, url=url or filename)
    if found == "html" and not re.search(
        r"<(?:html|body|p|div|article)\b", text[:20000], re.IGNORECASE
    ):
        found = "text"  # a stray <br> or <span> in a text file does not make it a web page
    if (
        found == "text"
        and suffix not in (".txt", ".text")
        and len(_MARKDOWN_HINTS.findall(text)) >= 2
    ):
        return "markdown"
    return found


def read_document(
    data: bytes,
    *,
    filename: str | None,
    content_type: str | None = None,
    url: str | None = None,
    publisher_hint: str | None = None,
) -> DocumentText:
    """Read ``data`` as a document; :class:`DocumentError` when it is not one.

    ``publisher_hint`` (the source a user named) helps recognise the publisher
    line of a copied article; it is not the result's ``publisher`` unless the
    text states no other.
    """
    text = _decode(data)
    fmt = _format(text, filename, content_type, url)
    if fmt in ("vtt", "srt", "json"):
        doc = _from_transcript(data, fmt, content_type, url)
    elif fmt == "html" and _TRANSCRIPT_HTML.search(text) and _TIME_TAG.search(text):
        doc = _from_transcript(data, "html", content_type, url)  # <cite>Speaker</cite><time>
        doc = replace(doc, title=_html_title(text))
    elif fmt == "html":
        doc = _from_html(data, text, url)
    elif fmt == "markdown":
        doc = _from_markdown(text, url)
    else:
        doc = _from_text(text, publisher_hint, url)
    if not doc.text.strip():
        raise DocumentError("The file holds no readable text.")
    language = doc.language or detect_language(doc.text[:2000])
    return DocumentText(
        kind=doc.kind,
        text=doc.text,
        html=doc.html,
        title=doc.title,
        authors=doc.authors,
        publisher=doc.publisher,
        published=doc.published,
        language=language,
        machine_transcript=doc.machine_transcript,
        evidence=doc.evidence,
        dropped_lines=doc.dropped_lines,
    )


def _paragraph_html(paragraphs: list[str], headings: frozenset[int] = frozenset()) -> str:
    parts = []
    for i, paragraph in enumerate(paragraphs):
        tag = "h2" if i in headings else "p"
        parts.append(f"<{tag}>{html_module.escape(paragraph, quote=False)}</{tag}>")
    return "\n".join(parts)


def _split_long(paragraphs: list[str], limit: int = _SPLIT_WORDS) -> list[str]:
    out: list[str] = []
    for paragraph in paragraphs:
        if len(paragraph.split()) > limit:
            out.extend(make_paragraphs(paragraph))
        else:
            out.append(paragraph)
    return out


def _from_transcript(
    data: bytes, fmt: str, content_type: str | None, url: str | None
) -> DocumentText:
    ctype = {
        "vtt": "text/vtt",
        "srt": "application/x-subrip",
        "json": "application/json",
        "html": "text/html",
    }[fmt]
    text = transcript_to_text(data[:MAX_DOCUMENT_BYTES], content_type=ctype, url=url)
    paragraphs = [p for p in text.split("\n\n") if p]
    evidence = machine_transcript_evidence(text.replace("\n\n", "\n"))
    kind = DocumentKind.SUBTITLES if fmt in ("vtt", "srt") else DocumentKind.TRANSCRIPT
    return DocumentText(
        kind,
        "\n\n".join(paragraphs),
        sanitize_html(_paragraph_html(paragraphs)),
        machine_transcript=evidence.machine,
        evidence=evidence.reasons,
    )


def _from_html(data: bytes, text: str, url: str | None) -> DocumentText:
    article = extract_article(data, url=url)
    if article.status is ExtractionStatus.OK:
        return DocumentText(
            DocumentKind.HTML,
            article.text,
            article.html,
            title=article.title,
            authors=article.authors,
            publisher=article.site_name,
            published=article.published,
            language=article.language,
        )
    if article.status is ExtractionStatus.TOO_LARGE or article.status is ExtractionStatus.TOO_DEEP:
        raise DocumentError(f"The HTML cannot be read: {article.reason}.")
    # No article found (a short page, a transcript page): its blocks of text, in order.
    paragraphs = _split_long(html_paragraphs(text))
    return DocumentText(
        DocumentKind.HTML,
        "\n\n".join(paragraphs),
        sanitize_html(_paragraph_html(paragraphs), base_url=url),
        title=_html_title(text),
    )


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TRANSCRIPT_HTML = re.compile(r"<cite\b", re.IGNORECASE)
_TIME_TAG = re.compile(r"<time\b", re.IGNORECASE)


def _html_title(text: str) -> str | None:
    match = _TITLE.search(text[:20000])
    return (html_to_text(match.group(1)) or None) if match else None


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)


def _from_markdown(text: str, url: str | None) -> DocumentText:
    from markdown_it import MarkdownIt

    if len(text) > MAX_MARKDOWN_CHARS:
        raise DocumentError(
            f"The Markdown file holds {len(text):,} characters; up to "
            f"{MAX_MARKDOWN_CHARS:,} can be rendered (a book is about half that)."
        )

    title = published = None
    authors: tuple[str, ...] = ()
    front = _FRONT_MATTER.match(text)
    if front:
        text = text[front.end() :]
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            value = value.strip().strip("\"'")
            key = key.strip().lower()
            if key == "title" and value:
                title = value
            elif key in ("author", "authors", "by") and value:
                authors = split_authors(value.strip("[]"))
            elif key in ("date", "published", "pubdate") and value:
                published = parse_date(value) or parse_date_text(value)
    # CommonMark with raw HTML allowed: the sanitiser below is what makes it safe
    # (scripts, handlers and unsafe links go), as for any HTML Tidings shows.
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    heading = re.match(r"\s*<h1>(.*?)</h1>\s*", rendered, re.DOTALL)
    if heading:
        title = title or html_to_text(heading.group(1))
        rendered = rendered[heading.end() :]  # the title is shown as the title, not twice
    clean = sanitize_html(rendered, base_url=url)
    paragraphs = _split_long(html_paragraphs(clean)) if clean.strip() else []
    return DocumentText(
        DocumentKind.MARKDOWN,
        "\n\n".join(paragraphs),
        clean,
        title=title,
        authors=authors,
        published=published,
    )


def _from_text(text: str, publisher_hint: str | None, url: str | None) -> DocumentText:
    article = read_plain_article(text, publisher_hint=publisher_hint)
    body = list(article.paragraphs)
    # On the text as given: its line breaks are evidence too (captions cut mid-sentence).
    evidence = machine_transcript_evidence(text)
    headings = article.headings
    if evidence.machine:
        headings = frozenset()  # a transcript has no sub-headings, only short utterances
    split = _split_long(body, MAX_WORDS if evidence.machine else _SPLIT_WORDS)
    if len(split) != len(body):
        headings = frozenset()  # indexes moved; sub-headings are rare in such texts anyway
    kind = DocumentKind.TRANSCRIPT if evidence.machine else DocumentKind.ARTICLE
    return DocumentText(
        kind,
        "\n\n".join(split),
        sanitize_html(_paragraph_html(split, headings), base_url=url),
        title=article.title,
        authors=article.authors,
        publisher=article.publisher,
        published=article.published,
        machine_transcript=evidence.machine,
        evidence=evidence.reasons,
        dropped_lines=article.dropped_lines,
    )
