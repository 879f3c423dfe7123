"""RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and CDF from an lxml tree, in one pass over the children.

Each element's children are visited once and dispatched on their normalised
name (see :mod:`.names`) through dicts of small handlers (:mod:`.handlers`,
:mod:`.entries`, :mod:`.channels`): no XPath per field. Readers only collect raw
values into drafts; :mod:`.build` turns them into typed results with the same
rules for every format.
"""

from __future__ import annotations

from lxml import etree

from tidings.errors import NotAFeedError
from tidings.ingest.parse.build import FeedDraft
from tidings.ingest.parse.channels import read_atom, read_rss
from tidings.ingest.parse.dates import parse_date
from tidings.ingest.parse.names import name_of
from tidings.ingest.parse.xmltext import Context
from tidings.types import FeedFormat

_Element = etree._Element

__all__ = ["detect_format", "read_tree"]

# --- format detection ------------------------------------------------------------------

_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"


def detect_format(root: _Element) -> FeedFormat:
    """The feed format of a parsed document; raises NotAFeedError for other XML."""
    tag = root.tag if isinstance(root.tag, str) else ""
    name = name_of(tag)
    if name == "rss":
        version = (root.get("version") or "").strip()
        if version.startswith("0.91"):
            return FeedFormat.RSS091
        if version.startswith(("0.92", "0.93", "0.94")):
            return FeedFormat.RSS092
        return FeedFormat.RSS20
    if name in ("atom:feed", "feed"):
        if tag.startswith("{http://www.w3.org/2005/Atom}"):
            return FeedFormat.ATOM10
        version = (root.get("version") or "").strip()
        return FeedFormat.ATOM03 if version or tag[:1] == "{" else FeedFormat.ATOM10
    if tag == _RDF or name.lower() in ("rdf:rdf", "rdf"):
        if root.nsmap.get(None) == "http://my.netscape.com/rdf/simple/0.9/":
            return FeedFormat.RSS090
        for child in root:
            if isinstance(child.tag, str) and child.tag.startswith(
                "{http://my.netscape.com/rdf/simple/0.9/}"
            ):
                return FeedFormat.RSS090
        return FeedFormat.RSS10
    if name == "channel":
        return FeedFormat.UNKNOWN  # CDF, which FeedFormat does not name
    if name == "atom:entry":  # an Atom entry document: a feed of one
        return FeedFormat.ATOM10
    local = tag.rpartition("}")[2].lower()
    if local in ("html", "xhtml", "body", "head"):
        raise NotAFeedError(
            "The address returned an HTML page, not a feed. Try `tidings add` with the site's"
            " address to discover its feed."
        )
    raise NotAFeedError(
        f"The document is XML but not a feed: its root element is <{local or '?'}>,"
        " not <rss>, <feed> or <rdf:RDF>."
    )


_EMBEDDED_FEED = (
    "{http://www.w3.org/2005/Atom}feed",
    "rss",
    "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF",
)


def read_tree(root: _Element, ctx: Context) -> FeedDraft:
    problem = None
    if isinstance(root.tag, str) and root.tag.rpartition("}")[2].lower() == "html":
        # Some publishers serve their feed inside an XHTML page; read it if it is there.
        embedded = next(root.iter(*_EMBEDDED_FEED), None)
        if embedded is not None:
            root = embedded
            problem = "The feed is wrapped in an HTML page."
    fmt = detect_format(root)
    if problem:
        draft = read_tree(root, ctx)
        draft.problems.append(problem)
        return draft
    if name_of(root.tag) == "atom:entry":
        wrapper = etree.Element("{http://www.w3.org/2005/Atom}feed")
        wrapper.append(root)
        return read_atom(wrapper, fmt, ctx)
    if fmt in (FeedFormat.ATOM03, FeedFormat.ATOM10):
        return read_atom(root, fmt, ctx)
    if name_of(root.tag) == "channel":  # a bare channel (CDF): read it as the RSS element's child
        ctx.cdf = True
        wrapper = etree.Element("rss")
        wrapper.append(root)
        feed = read_rss(wrapper, fmt, ctx)
        feed.link = feed.link or root.get("HREF") or root.get("href")
        feed.updated = feed.updated or parse_date(root.get("LASTMOD") or root.get("lastmod"))
        return feed
    return read_rss(root, fmt, ctx)
