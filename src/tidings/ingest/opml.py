"""OPML import and export: subscription lists in and out of Tidings.

Pure functions: bytes in, typed outlines out (and back). Nothing here fetches;
:func:`check_outlines` only applies the fetcher's address policy to the
spelling of each URL, so an imported list can be screened before any request.

Folders: OPML lets outlines nest to any depth, but Tidings (like Miniflux and
Feedly) has one level of folders. A feed takes the name of its *innermost*
enclosing folder: ``News > Tech > feed`` lands in ``Tech``. That is what
Miniflux's importer does, and it keeps folder names as the user wrote them
rather than inventing joined names such as ``News/Tech``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import format_datetime

from lxml import etree

from tidings.clock import as_utc
from tidings.errors import OPMLError, UnsafeURLError


@dataclass(frozen=True, slots=True)
class OPMLOutline:
    """One subscription read from (or written to) an OPML file."""

    xml_url: str
    title: str | None = None
    html_url: str | None = None
    folder: str | None = None


# Attribute spellings differ between exporters (xmlUrl, xmlurl, XMLURL, xmlURL...),
# so attributes are looked up by lower-cased name.
_XML_URL = "xmlurl"
_HTML_URL = "htmlurl"

# Characters XML 1.0 cannot carry, even escaped; dropped on export.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def _where(exc: etree.XMLSyntaxError) -> str:
    """'line 3, column 7: <what libxml2 said>', without libxml2's repeated position."""
    message = re.sub(r",? line \d+, column \d+$", "", str(exc.msg or "")).strip()
    position = f"line {exc.lineno}" if exc.lineno else "at the start"
    if exc.lineno and exc.offset:
        position += f", column {exc.offset}"
    return f"{position}: {message}"


def _parser() -> etree.XMLParser:
    # No entity expansion, no DTD loading, no network: an OPML file is
    # user-supplied and must not be able to read local files or blow up memory
    # (billion laughs). huge_tree stays off for the same reason.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _attrs(element: etree._Element) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in element.attrib.items()}


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def parse_opml(data: bytes) -> list[OPMLOutline]:
    """Read the subscriptions in an OPML 1.0/2.0 document.

    Outlines with an ``xmlUrl`` (any capitalisation) are feeds, whatever their
    ``type`` says; outlines without one that contain others are folders.
    The title is ``title``, else ``text``. A feed listed twice is kept once
    (first occurrence wins).
    """
    if not data or not data.strip():
        raise OPMLError("The OPML file is empty. Export your subscriptions again and retry.")
    if _ENTITY_DECLARATION.search(data):
        # No exporter writes entity declarations; they only serve attacks
        # (billion laughs, reading local files through external entities).
        raise OPMLError(
            "This OPML file declares XML entities (<!ENTITY ...>), which Tidings refuses "
            "for safety. Remove the <!DOCTYPE ...> block and import it again."
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise OPMLError(
            f"This OPML file is not well-formed XML ({_where(exc)}). "
            "Fix that line or export the file again from your old reader."
        ) from exc
    if _local(root.tag) != "opml":
        raise OPMLError(
            f"This is not an OPML file: its root element is <{_local(root.tag) or '?'}>, "
            "expected <opml>. If it is a feed, subscribe to its address instead."
        )
    body = next((c for c in root if _local(c.tag) == "body"), None)
    if body is None:
        raise OPMLError(
            f"line {root.sourceline}: the OPML file has no <body> element, so it lists no "
            "subscriptions. Export the file again from your old reader."
        )

    found: list[OPMLOutline] = []
    seen: set[str] = set()

    def walk(parent: etree._Element, folder: str | None) -> None:
        for element in parent:
            if _local(element.tag) != "outline":
                continue
            attrs = _attrs(element)
            title = _clean(attrs.get("title")) or _clean(attrs.get("text"))
            xml_url = _clean(attrs.get(_XML_URL))
            if xml_url:
                if xml_url not in seen:
                    seen.add(xml_url)
                    found.append(
                        OPMLOutline(
                            xml_url=xml_url,
                            title=title,
                            html_url=_clean(attrs.get(_HTML_URL)),
                            folder=folder,
                        )
                    )
                # A feed outline with children is odd; its children keep the folder.
                walk(element, folder)
            else:
                walk(element, title or folder)

    walk(body, None)
    return found


def check_outlines(
    outlines: Iterable[OPMLOutline], *, allow_private: bool
) -> tuple[list[OPMLOutline], list[tuple[OPMLOutline, str]]]:
    """Split outlines into those Tidings may fetch and those it refuses, with the reason.

    Uses the fetcher's own URL policy, on the spelling only (no DNS): other
    schemes (``file:``, ``javascript:``, ``ftp:``...) are always refused;
    private and loopback addresses are refused unless ``allow_private``.
    Accepted outlines carry the URL as the policy normalised it; two spellings
    of one address (``HTTPS://Example.org/rss``, ``https://example.org/rss``)
    are kept once, the second is rejected as a repeat.
    """
    from tidings.ingest.fetch import check_url  # imported late: fetch pulls in aiohttp

    accepted: list[OPMLOutline] = []
    rejected: list[tuple[OPMLOutline, str]] = []
    seen: set[str] = set()
    for outline in outlines:
        try:
            url = check_url(outline.xml_url, allow_private=allow_private)
        except UnsafeURLError as exc:  # BlockedAddressError is a subclass
            rejected.append((outline, exc.message))
            continue
        if url in seen:
            rejected.append((outline, f"Listed twice: {url} is already in this file."))
            continue
        seen.add(url)
        accepted.append(replace(outline, xml_url=url) if url != outline.xml_url else outline)
    return accepted, rejected


def _xml_text(value: str | None) -> str:
    return _NOT_XML.sub("", value or "")


def _feed_element(parent: etree._Element, outline: OPMLOutline) -> None:
    title = _xml_text(outline.title)
    attrs = {"type": "rss", "text": title, "title": title, "xmlUrl": _xml_text(outline.xml_url)}
    if outline.html_url:
        attrs["htmlUrl"] = _xml_text(outline.html_url)
    etree.SubElement(parent, "outline", attrs)


def export_opml(
    subscriptions: Iterable[OPMLOutline],
    *,
    title: str = "Tidings subscriptions",
    now: datetime,
) -> bytes:
    """Write subscriptions as an OPML 2.0 document, folders as parent outlines.

    Each folder appears once, where its first feed appears; feeds without a
    folder sit at the top level in their place. So for a list whose folders
    are already grouped in that order, ``parse_opml(export_opml(x)) == x``.
    """
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _xml_text(title)
    etree.SubElement(head, "dateCreated").text = format_datetime(as_utc(now), usegmt=True)
    body = etree.SubElement(root, "body")

    folders: dict[str, etree._Element] = {}
    for outline in subscriptions:
        parent = body
        if outline.folder is not None:
            parent = folders.get(outline.folder)  # type: ignore[assignment]
            if parent is None:
                name = _xml_text(outline.folder)
                parent = etree.SubElement(body, "outline", text=name, title=name)
                folders[outline.folder] = parent
        _feed_element(parent, outline)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
