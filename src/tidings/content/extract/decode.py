"""From raw bytes to a bounded HTML string, or a reason why not.

Everything here runs before any parser sees the input, so a 20 MB page or a
binary file costs a few regular-expression passes, not a parse.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .limits import MAX_HTML_CHARS, SNIFF_BYTES
from .types import ExtractionStatus

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECL = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
_TAG = re.compile(
    r"<\s*(!doctype|html|head|body|p|div|article|meta|title|span|a|br)\b", re.IGNORECASE
)
# Scripts, styles, comments and inline SVG hold no article text and make up most
# of a big page; dropping them before parsing also saves parse and copy time.
# JSON-LD scripts are kept: they carry the metadata.
_HEAVY_OPEN = re.compile(r"<(script|style|svg)\b[^>]*>|<!--", re.IGNORECASE)
_CLOSERS = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in (
        ("script", r"</script[^>]*>"),
        ("style", r"</style[^>]*>"),
        ("svg", r"</svg[^>]*>"),
        (None, r"-->"),
    )
}


def strip_heavy(html: str) -> str:
    """``html`` without script, style, svg and comment content (JSON-LD kept)."""
    out: list[str] = []
    pos = 0
    while match := _HEAVY_OPEN.search(html, pos):
        tag = match.group(1).lower() if match.group(1) else None
        close = _CLOSERS[tag].search(html, match.end())
        if tag == "script" and "ld+json" in match.group(0).lower():
            keep_to = close.end() if close else len(html)
            out.append(html[pos:keep_to])
            pos = keep_to
            continue
        out.append(html[pos : match.start()])
        out.append(" ")
        pos = close.end() if close else len(html)
    out.append(html[pos:])
    return "".join(out)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Input ready to parse (``status`` OK), or the reason it is not."""

    status: ExtractionStatus
    html: str = ""
    reason: str | None = None


def _declared_encoding(head: bytes) -> str | None:
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _to_text(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, "replace").lstrip("\ufeff")
    declared = _declared_encoding(data[: SNIFF_BYTES * 4])
    # Pages often declare latin-1 and send UTF-8; strict UTF-8 that succeeds is right.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and declared not in ("utf-8", "utf-16", "utf-32"):
        return data.decode(declared, "replace")
    from charset_normalizer import from_bytes

    best = from_bytes(data[:100_000]).best()
    return data.decode(best.encoding if best else "cp1252", "replace")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(sample: str) -> bool:
    if not sample:
        return False
    return "\x00" in sample or len(_CONTROL.findall(sample)) / len(sample) > 0.02


def decode_html(data: bytes | str) -> Decoded:
    """Decode, sniff and bound ``data``; never raises on any input."""
    text = data if isinstance(data, str) else _to_text(data)
    sample = text[:SNIFF_BYTES]
    if not text.strip():
        return Decoded(ExtractionStatus.NO_ARTICLE, reason="the document is empty")
    # Undecodable bytes in bulk mean the input was never text (an image, a zip...).
    if _looks_binary(sample) or sample.count("\ufffd") > len(sample) // 10:
        return Decoded(ExtractionStatus.BINARY, reason="the document is binary, not text")
    if not _TAG.search(text[: SNIFF_BYTES * 16]):
        return Decoded(ExtractionStatus.NOT_HTML, reason="the document has no HTML markup")
    text = strip_heavy(text)
    if len(text) > MAX_HTML_CHARS:
        return Decoded(
            ExtractionStatus.TOO_LARGE,
            reason=f"the page holds over {MAX_HTML_CHARS:,} characters of HTML "
            "besides scripts and styles",
        )
    return Decoded(ExtractionStatus.OK, html=text)
