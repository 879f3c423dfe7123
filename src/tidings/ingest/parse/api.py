"""``parse_feed``: sniff the document, pick the reader, and recover what can be recovered.

The paths, fastest first:

1. strict lxml on the prepared bytes (UTF-8, DOCTYPE removed): well-formed feeds;
2. strict lxml again after textual repairs (HTML named entities, control
   characters, bare ampersands), flagged in ``problems``;
3. lxml in recovering mode: malformed XML, flagged in ``problems``;
4. feedparser's loose parser, when lxml recovers no root at all, or when the
   recovered tree holds fewer entries than the document has entry tags (the
   result with more entries is kept).

Paths 1-3 share one reader, so a feed reads the same whichever of them it took.
``ParsedFeed.parser`` says "fast" for paths 1-3 and "feedparser" for path 4.
"""

from __future__ import annotations

import itertools
import re
import threading
import zlib

from lxml import etree

from tidings.errors import NotAFeedError, TidingsError
from tidings.ingest.parse.build import FeedDraft, finish_feed
from tidings.ingest.parse.encoding import content_type_parts, decode_xml
from tidings.ingest.parse.jsonfeed import decode_json, read_json_feed
from tidings.ingest.parse.prolog import (
    escape_bare_ampersands,
    has_entity_refs,
    replace_entities,
    strip_control_characters,
    strip_doctype,
)
from tidings.ingest.parse.xmlfeed import read_tree
from tidings.ingest.parse.xmltext import Context
from tidings.types import ParsedFeed

_NOT_FEED_MEDIA = ("image/", "audio/", "video/", "font/")
_NOT_FEED_TYPES = frozenset(
    {
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/msword",
        "application/x-shockwave-flash",
        "application/wasm",
    }
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF8", "an image (GIF)"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"RIFF", "a media file"),
    (b"ID3", "an audio file (MP3)"),
)
_HTML_PAGE = (
    "The address returned an HTML page, not a feed. Try `tidings add` with the site's"
    " address to discover its feed."
)

_local = threading.local()


def _parsers() -> tuple[etree.XMLParser, etree.XMLParser]:
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        safe = {
            "resolve_entities": False,
            "no_network": True,
            "load_dtd": False,
            "huge_tree": False,
            "remove_pis": True,
            "remove_comments": True,
        }
        parsers = (etree.XMLParser(**safe), etree.XMLParser(recover=True, **safe))
        _local.parsers = parsers
    return parsers


def parse_feed(body: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse an RSS, Atom or JSON Feed document fetched from ``url``.

    Raises :class:`NotAFeedError` (with a message saying what the document is
    instead) and never a third-party exception.
    """
    try:
        return _parse(body, url, content_type)
    except TidingsError:
        raise
    except Exception as exc:  # noqa: BLE001 - a defect here must not break a refresh
        # Deliberately broad: lxml, feedparser, codecs and json raise many types, and a
        # refresh must get an error it can report, never a traceback.
        raise NotAFeedError(
            f"The feed could not be read ({type(exc).__name__}: {str(exc)[:200]})."
        ) from None


def _parse(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    media, _ = content_type_parts(content_type)
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    start = body[:1024].lstrip()
    if not start:
        raise NotAFeedError("The response was empty.")
    if media.startswith(_NOT_FEED_MEDIA) or media in _NOT_FEED_TYPES:
        raise NotAFeedError(f"The response is {_article(media)} ({media}), not a feed.")
    for magic, what in _MAGIC:
        if start.startswith(magic):
            raise NotAFeedError(f"The response is {what}, not a feed.")
    if start[:1] in (b"{", b"[") or media.endswith("json"):
        return finish_feed(read_json_feed(decode_json(body), url))
    lowered = start[:256].lower().lstrip(b"\xef\xbb\xbf")
    if lowered.startswith((b"<!doctype html", b"<html")):
        raise NotAFeedError(_HTML_PAGE)
    return _parse_xml(body, url, content_type)


_MAX_GUNZIPPED = 64 * 1024 * 1024


def _gunzip(body: bytes) -> bytes:
    """A body gzipped twice (once for transport, once by the publisher), bounded in size."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, _MAX_GUNZIPPED)
    except zlib.error:
        raise NotAFeedError("The response is corrupt gzip-compressed data, not a feed.") from None
    if inflater.unconsumed_tail:
        raise NotAFeedError("The response is gzip-compressed data that expands beyond 64 MB.")
    return data


def _article(media: str) -> str:
    kind = media.partition("/")[0]
    return {"image": "an image", "audio": "an audio file", "video": "a video"}.get(kind, "a file")


def _parse_xml(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    decoded = decode_xml(body, content_type)
    problems = list(decoded.problems)
    data, entities, doctype_problems = strip_doctype(decoded.data)
    problems += doctype_problems
    if entities or doctype_problems:
        data, _ = replace_entities(data, entities)
    strict, _ = _parsers()
    root = None
    recovered = False
    try:
        root = etree.fromstring(data, strict, base_url=url)
    except etree.XMLSyntaxError as exc:
        root, data, recovered = _repair(data, url, exc, problems)
    if root is None:
        return _fallback(decoded.data, url, problems)
    ctx = Context(url, b"xml:base" in data, recovered)
    draft = read_tree(root, ctx)
    draft.problems[:0] = problems
    if recovered and len(draft.entries) < _entry_tags(data):
        # The recovering parser lost entries (an unclosed tag or CDATA section swallows the
        # rest). First recover each entry on its own, which is cheap and confines the damage
        # to the broken entry; failing that, feedparser's loose parser often finds them
        # (at ~2 MB/s). Keep whichever found more.
        one_by_one = _recover_entry_by_entry(data, url, ctx)
        if one_by_one is not None and len(one_by_one.entries) > len(draft.entries):
            one_by_one.problems[:0] = problems
            draft = one_by_one
        if len(draft.entries) < _entry_tags(data):
            try:
                loose = _fallback(decoded.data, url, problems)
            except TidingsError:
                loose = None
            if loose is not None and len(loose.entries) > len(draft.entries):
                return loose
    return finish_feed(draft)


def _entry_tags(data: bytes) -> int:
    """How many entries the document seems to hold, by counting start tags (a cheap upper bound)."""
    return max(
        data.count(b"<item>") + data.count(b"<item "),
        data.count(b"<entry>") + data.count(b"<entry "),
    )


_ENTRY_START = {b"item": re.compile(rb"<item[\s>]"), b"entry": re.compile(rb"<entry[\s>]")}
_CDATA = re.compile(rb"<!\[CDATA\[.*?\]\]>", re.DOTALL)
_START_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)\b[^>]*>")


def _recover_entry_by_entry(data: bytes, url: str, ctx: Context) -> FeedDraft | None:
    """Read a damaged document one entry at a time: a broken entry cannot swallow the rest.

    The document is cut at each ``<item>``/``<entry>`` start tag; the part before the
    first holds the feed's metadata, and each piece is parsed (recovering) inside the
    root element's start tag (and the channel's, for RSS), so namespaces still apply.
    None when the cut cannot be trusted (an entry tag inside CDATA) or finds nothing.
    """
    tag = b"entry" if data.count(b"<entry") > data.count(b"<item") else b"item"
    pattern = _ENTRY_START[tag]
    starts = [m.start() for m in pattern.finditer(data)]
    if not starts or any(pattern.search(m.group(0)) for m in _CDATA.finditer(data)):
        return None
    _, recovering = _parsers()
    head = data[: starts[0]]
    try:
        root = etree.fromstring(head, recovering, base_url=url)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    opened = [m for m in _START_TAG.finditer(head) if m.group(1)[:1] != b"?"]
    if not opened:
        return None
    wrapper, parent = opened[0].group(0), root
    if tag == b"item" and b"</channel>" not in head:
        channel = next((m for m in opened if m.group(1).endswith(b"channel")), None)
        found = next((c for c in root if isinstance(c.tag, str) and c.tag.endswith("channel")), None)
        if channel is not None and found is not None:
            wrapper, parent = wrapper + channel.group(0), found
    bounds = [*starts, len(data)]
    for begin, end in itertools.pairwise(bounds):
        try:
            piece = etree.fromstring(wrapper + data[begin:end], recovering, base_url=url)
        except etree.XMLSyntaxError:
            continue
        if piece is None:
            continue
        entry = next(
            (el for el in piece.iter() if isinstance(el.tag, str) and el.tag.endswith(tag.decode())),
            None,
        )
        if entry is not None:
            parent.append(entry)
    draft = read_tree(root, ctx)
    draft.problems.append("Entries were recovered one by one.")
    return draft


def _repair(data: bytes, url: str, error: etree.XMLSyntaxError, problems: list[str]):  # type: ignore[no-untyped-def]
    """Paths 2 and 3: cheap textual repairs, then lxml's recovering parser."""
    strict, recovering = _parsers()
    first_error = error
    repaired = False
    if has_entity_refs(data):
        data, used_html = replace_entities(data, {})
        repaired = True
        if used_html:
            problems.append("The document uses HTML entities, which XML does not define.")
    data, controls = strip_control_characters(data)
    if controls:
        repaired = True
        problems.append(
            "The document contains control characters, which XML forbids; they were removed."
        )
    data, bare = escape_bare_ampersands(data)
    if bare:
        repaired = True
        problems.append(f"The document has {bare} unescaped ampersand(s) (& instead of &amp;).")
    if repaired:
        try:
            return etree.fromstring(data, strict, base_url=url), data, False
        except etree.XMLSyntaxError as exc:
            error = exc
    problems.append(
        f"The document is not well-formed XML ({_describe(error or first_error)}); "
        "what could be read was kept."
    )
    try:
        return etree.fromstring(data, recovering, base_url=url), data, True
    except etree.XMLSyntaxError:  # even the recovering parser found nothing to build on
        return None, data, True


def _describe(error: etree.XMLSyntaxError) -> str:
    message = str(error.msg or error).strip().rstrip(".")
    line = error.lineno
    return f"{message}, line {line}" if line else message


def _fallback(data: bytes, url: str, problems: list[str]) -> ParsedFeed:
    """Path 4, on the UTF-8 document (the encoding has been settled already)."""
    from tidings.ingest.parse.fallback import parse_with_feedparser

    draft: FeedDraft = parse_with_feedparser(data, url)
    draft.problems[:0] = problems
    return finish_feed(draft, parser="feedparser")
