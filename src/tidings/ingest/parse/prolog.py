"""Make XML safe and well-formed before lxml sees it: DOCTYPEs and entities.

Feeds never need a DTD. A DOCTYPE is removed before parsing, which takes the
entity bombs (billion laughs, quadratic blow-up) and external entities
(``SYSTEM "file:///etc/passwd"``) out with it. Entities the internal subset
defines as plain text (no markup, no references to other entities, bounded
length) are kept as text, because real feeds use them (``<!ENTITY copy "©">``);
everything else is dropped and reported.

HTML named entities (``&nbsp;``, ``&eacute;``) are not XML, yet common in feeds;
:func:`replace_html_entities` turns them into character references so a strict
parser can read the document, as feedparser's loose parser would.
"""

from __future__ import annotations

import re
from html.entities import name2codepoint
from xml.sax.saxutils import escape

_DOCTYPE = re.compile(rb"<!DOCTYPE\b(?:[^\[>]*)(?:\[(.*?)\])?\s*>", re.DOTALL | re.IGNORECASE)
_ENTITY_DECL = re.compile(
    rb"<!ENTITY\s+(%\s*)?([\w.:-]+)\s+(SYSTEM|PUBLIC)?\s*(\"[^\"]*\"|'[^']*')", re.DOTALL
)
_ENTITY_REF = re.compile(rb"&([A-Za-z][A-Za-z0-9._:-]*);")
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_MAX_ENTITY_TEXT = 1024
_MAX_EXPANSION = 8 * 1024 * 1024
_HTML_ENTITIES: dict[bytes, bytes] = {
    name.encode(): f"&#{code};".encode() for name, code in name2codepoint.items()
}


def _doctype_start(data: bytes) -> int:
    """Where the DOCTYPE starts, walking the prolog (declaration, PIs, comments); -1 if none.

    A DOCTYPE can only come before the root element: "<!DOCTYPE" in a comment or in
    CDATA is text, and must not be cut out.
    """
    pos, size = 0, min(len(data), 65536)
    while pos < size:
        while pos < size and data[pos] in b" \t\r\n\xef\xbb\xbf":
            pos += 1
        if data.startswith(b"<?", pos):
            end, close = data.find(b"?>", pos), 2
        elif data.startswith(b"<!--", pos):
            end, close = data.find(b"-->", pos + 4), 3
        elif data[pos : pos + 9].upper() == b"<!DOCTYPE":
            return pos
        else:
            return -1
        if end < 0:
            return -1
        pos = end + close
    return -1


def strip_doctype(data: bytes) -> tuple[bytes, dict[bytes, bytes], list[str]]:
    """Remove the DOCTYPE; return the document, the safe text entities, and problems."""
    start = _doctype_start(data)
    if start < 0:
        return data, {}, []
    match = _DOCTYPE.search(data, start)
    if match is None:
        return data, {}, ["The document has an unfinished DOCTYPE."]
    entities: dict[bytes, bytes] = {}
    refused: list[str] = []
    subset = match.group(1) or b""
    for decl in _ENTITY_DECL.finditer(subset):
        parameter, name, external, quoted = decl.groups()
        value = quoted[1:-1]
        if (
            parameter
            or external
            or b"&" in value
            or b"%" in value
            or b"<" in value
            or len(value) > _MAX_ENTITY_TEXT
        ):
            refused.append(name.decode("utf-8", "replace"))
            continue
        entities[name] = escape(value.decode("utf-8", "replace")).encode("utf-8")
    problems = []
    if refused:
        problems.append(
            "The document declares entities that could be unsafe (external, nested or"
            f" parameter entities: {', '.join(sorted(set(refused))[:5])}); they were not expanded."
        )
    return data[: match.start()] + data[match.end() :], entities, problems


def replace_entities(data: bytes, declared: dict[bytes, bytes]) -> tuple[bytes, bool]:
    """Replace declared text entities and HTML named entities; True when any HTML one was found.

    Declared entities may add at most about the document's own size (and never more
    than ``_MAX_EXPANSION``): many references to one long entity are the "quadratic
    blow-up" attack. Past the budget, references are dropped.
    """
    used_html = False
    budget = min(max(len(data), 1_000_000), _MAX_EXPANSION)

    def substitute(match: re.Match[bytes]) -> bytes:
        nonlocal used_html, budget
        name = match.group(1)
        if name in _XML_ENTITIES:
            return match.group(0)
        value = declared.get(name)
        if value is not None:
            budget -= len(value)
            return value if budget >= 0 else b""
        code = _HTML_ENTITIES.get(name)
        if code is not None:
            used_html = True
            return code
        return b""  # undefined: drop it as a recovering parser would, never expand it

    return _ENTITY_REF.sub(substitute, data), used_html


_OTHER_REF = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z][A-Za-z0-9._:-]*;")


def has_entity_refs(data: bytes) -> bool:
    """Whether the document uses a named entity other than the five XML defines."""
    return _OTHER_REF.search(data) is not None


_BARE_AMPERSAND = re.compile(
    rb"(<!\[CDATA\[.*?\]\]>)|&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9._:-]*;)", re.DOTALL
)


def escape_bare_ampersands(data: bytes) -> tuple[bytes, int]:
    """``AT&T`` -> ``AT&amp;T``: the most common reason a real feed is not well-formed.

    CDATA sections are left alone: an ampersand there is already literal text.
    """
    count = 0

    def fix(match: re.Match[bytes]) -> bytes:
        nonlocal count
        if match.group(1) is not None:
            return match.group(1)
        count += 1
        return b"&amp;"

    if b"&" not in data:
        return data, 0
    fixed = _BARE_AMPERSAND.sub(fix, data)
    return fixed, count


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]+")


def strip_control_characters(data: bytes) -> tuple[bytes, int]:
    """Remove C0 control characters, which XML 1.0 forbids and some feeds carry anyway."""
    return _CONTROL.subn(b"", data)
