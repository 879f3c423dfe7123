"""Choose a document's character encoding and hand lxml UTF-8.

The order follows RFC 3023 as feedparser applies it: the HTTP charset first
(for XML media types it overrides the document), then a byte-order mark, then
the XML declaration, then UTF-8, then windows-1252 (which, with its latin-1
fallback, always decodes). When the encoding that worked is not the declared
one, the document is flagged: it was mis-declared.

One deliberate difference from RFC 3023: ``text/xml`` without a charset is not
forced to US-ASCII (nearly every such feed on the web is UTF-8 or says what it
is in its XML declaration); it is read like a document without HTTP headers.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"'][^>]*\?>")
_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>")
_UTF8 = frozenset({"utf-8", "utf8", "u8", "utf_8"})
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
# '<?' in encodings that are not ASCII-compatible, without a BOM (XML spec, appendix F).
_MARKERS: tuple[tuple[bytes, str], ...] = (
    (b"\x00\x00\x00\x3c", "utf-32-be"),
    (b"\x3c\x00\x00\x00", "utf-32-le"),
    (b"\x00\x3c\x00\x3f", "utf-16-be"),
    (b"\x3c\x00\x3f\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),
)
_UNICODE_FAMILY = ("utf-16", "utf16", "utf-32", "utf32", "ucs-2", "ucs-4", "iso-10646")


@dataclass(frozen=True, slots=True)
class Decoded:
    """The document as UTF-8 bytes whose XML declaration (if any) says UTF-8."""

    data: bytes
    encoding: str
    problems: tuple[str, ...] = ()


def content_type_parts(content_type: str | None) -> tuple[str, str | None]:
    """(media type, charset) from a Content-Type header value; both lower-case."""
    if not content_type:
        return "", None
    media, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").strip().lower() or None
    return media.strip().lower(), charset


def _normal(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _xml_media(media: str) -> bool:
    return media in (
        "application/xml",
        "text/xml",
        "application/xml-dtd",
        "application/xml-external-parsed-entity",
        "text/xml-external-parsed-entity",
    ) or media.endswith("+xml")


def decode_xml(body: bytes, content_type: str | None) -> Decoded:
    media, http_charset = content_type_parts(content_type)
    bom = None
    for mark, name in _BOMS:
        if body.startswith(mark):
            bom = name
            body = body[len(mark) :]
            break
    if body[:1].isspace() and body.lstrip()[:5] == b"<?xml":
        body = body.lstrip()  # blank lines before the declaration: common, and fatal to XML parsers
    sniffed = bom
    if sniffed is None:
        for mark, name in _MARKERS:
            if body.startswith(mark):
                sniffed = name
                break
    head = body[:512]
    if sniffed and sniffed not in ("utf-8",):
        try:
            head = body[:2048].decode(sniffed, "ignore").encode("ascii", "ignore")
        except LookupError:
            head = b""
    match = _XML_DECL.match(head)
    declared = match.group(1).decode("ascii").lower() if match else None
    if declared and sniffed and declared.startswith(_UNICODE_FAMILY):
        declared = sniffed  # "utf-16" in the declaration; the bytes say which order
    if declared == "gb2312":
        declared = "gb18030"  # a superset, which real "gb2312" feeds need

    http = (
        http_charset
        if (http_charset and (_xml_media(media) or media.startswith("text/")))
        else None
    )
    if http == "gb2312":
        http = "gb18030"
    stated = http or bom or declared or sniffed
    candidates = [
        c for c in (http, bom, declared, sniffed, "utf-8", "windows-1252", "latin-1") if c
    ]
    problems: list[str] = []
    tried: set[str] = set()
    for candidate in candidates:
        codec = _normal(candidate)
        if codec is None or codec in tried:
            if codec is None and candidate in (http, declared):
                problems.append(
                    f"The document declares an unknown character encoding ({candidate})."
                )
            continue
        tried.add(codec)
        if codec == "utf-8" and bom is None and (declared is None or declared in _UTF8):
            if not body.isascii():  # ASCII is valid UTF-8: no need to decode it to check
                try:
                    body.decode("utf-8")
                except UnicodeDecodeError:
                    continue
            return _result(body, "utf-8", stated, problems)  # already what lxml wants: no copy
        try:
            text = _decode(body, codec)
        except (UnicodeDecodeError, LookupError):
            continue
        data = text.encode("utf-8")
        if _DECL.match(data):
            data = _DECL.sub(b"<?xml version='1.0' encoding='utf-8'?>", data, count=1)
        return _result(data, codec, stated, problems)
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


# As browsers do (WHATWG Encoding): these labels mean windows-1252, whose 0x80-0x9F
# are the curly quotes and dashes that "latin-1" feeds actually contain.
_AS_WINDOWS_1252 = frozenset({"latin-1", "iso8859-1", "ascii"})


def _decode(body: bytes, codec: str) -> str:
    if codec in _AS_WINDOWS_1252:
        try:
            return body.decode("cp1252")
        except UnicodeDecodeError:
            if codec == "ascii":
                raise
            return body.decode("latin-1")  # the five bytes cp1252 leaves undefined
    return body.decode(codec)


def _result(data: bytes, codec: str, stated: str | None, problems: list[str]) -> Decoded:
    stated_codec = _normal(stated)
    if not stated and codec != "utf-8":
        problems.append(
            f"The document does not state its encoding and is not UTF-8; it was read as {codec}."
        )
    elif stated and stated_codec != codec:
        problems.append(
            f"The document says its encoding is {stated}, but it is not; it was read as {codec}."
        )
    return Decoded(data, codec, tuple(problems))
