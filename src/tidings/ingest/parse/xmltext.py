"""Reading text out of feed elements: plain text, escaped HTML, inline XHTML, Atom text constructs."""

from __future__ import annotations

import base64
import binascii

from lxml import etree

_Element = etree._Element


class Context:
    """What every handler may need about the document: its URL and whether xml:base occurs."""

    __slots__ = ("cdf", "has_xml_base", "recovered", "url")

    def __init__(self, url: str, has_xml_base: bool, recovered: bool = False) -> None:
        self.url = url
        self.has_xml_base = has_xml_base
        self.recovered = recovered  # the tree came from the recovering parser: nesting may be wrong
        self.cdf = (
            False  # Microsoft's Channel Definition Format keeps links and dates in attributes
        )

    def base(self, el: _Element) -> str:
        # lxml resolves nested xml:base against the document URL; it walks the
        # ancestors, so it is only asked when the document uses xml:base at all.
        return (el.base or self.url) if self.has_xml_base else self.url


# --- text helpers ---------------------------------------------------------------


def text_of(el: _Element) -> str:
    if len(el) == 0:
        return el.text or ""
    return "".join(el.itertext())


def inner_xml(el: _Element) -> str:
    """The children of ``el`` serialised as (X)HTML, namespaces dropped so nh3 sees HTML tags."""
    for node in el.iterdescendants():
        tag = node.tag
        if isinstance(tag, str) and tag[:1] == "{":
            node.tag = tag.partition("}")[2]
    etree.cleanup_namespaces(el)
    parts = [_escape(el.text)] if el.text else []
    for child in el:
        # HTML serialisation: <iframe/> must become <iframe></iframe> for an HTML parser.
        parts.append(etree.tostring(child, encoding="unicode", method="html", with_tail=True))
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_body(el: _Element, ctx: Context) -> tuple[str, bool, str | None]:
    """An RSS body (description, content:encoded): escaped HTML, CDATA, or inline XHTML."""
    text = inner_xml(el) if len(el) else (el.text or "")
    return text, True, ctx.base(el)


_HTML_TYPES = frozenset({"html", "text/html", "escaped"})
_XHTML_TYPES = frozenset({"xhtml", "application/xhtml+xml", "xml"})


def atom_text(el: _Element, ctx: Context) -> tuple[str, bool, str | None] | None:
    """An Atom text construct (1.0 ``type``, 0.3 ``type`` + ``mode``) as (text, is_html, base)."""
    kind = (el.get("type") or "text").strip().lower()
    mode = (el.get("mode") or "").strip().lower()
    if el.get("src") is not None and not (el.text or len(el)):
        return None  # out-of-line content: nothing to show here
    if mode == "base64" or (
        "/" in kind and not kind.startswith("text/") and not kind.endswith(("+xml", "/xml"))
    ):
        # Atom 1.0: any other media type is base64-encoded (RFC 4287, 4.1.3.3).
        try:
            text = base64.b64decode(text_of(el), validate=False).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return None
        return text, kind not in ("text", "text/plain"), ctx.base(el)
    if kind in _XHTML_TYPES or mode == "xml" or len(el):
        children = list(el)
        if (
            kind == "xhtml"
            and len(children) == 1
            and not (el.text or "").strip()
            and children[0].tag == "{http://www.w3.org/1999/xhtml}div"
            and not (children[0].tail or "").strip()
        ):
            el = children[0]  # Atom 1.0 wraps xhtml in a div that is not part of the content
        return inner_xml(el), True, ctx.base(el)
    if kind in _HTML_TYPES or mode == "escaped" or kind.endswith(("/html", "+xml", "/xml")):
        return el.text or "", True, ctx.base(el)
    return text_of(el), False, ctx.base(el)
