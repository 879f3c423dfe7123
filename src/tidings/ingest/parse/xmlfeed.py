"""RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 from an lxml tree, in one pass over the children.

Each element's children are visited once and dispatched on their normalised
name (see :mod:`.names`) through dicts of small handlers: no XPath per field.
Readers only collect raw values into drafts; :mod:`.build` turns them into
typed results with the same rules for every format.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from lxml import etree

from tidings.errors import NotAFeedError
from tidings.ingest.parse.build import (
    EntryDraft,
    FeedDraft,
    duration_seconds,
    finish_entry,
    media_url,
    to_int,
)
from tidings.ingest.parse.dates import parse_date
from tidings.ingest.parse.names import NAMES, RDF_ABOUT, RDF_RESOURCE, XML_LANG, name_of
from tidings.types import Enclosure, FeedFormat, TranscriptLink

_Element = etree._Element


class Context:
    """What every handler may need about the document: its URL and whether xml:base occurs."""

    __slots__ = ("url", "has_xml_base", "cdf", "recovered")

    def __init__(self, url: str, has_xml_base: bool, recovered: bool = False) -> None:
        self.url = url
        self.has_xml_base = has_xml_base
        self.recovered = recovered  # the tree came from the recovering parser: nesting may be wrong
        self.cdf = False  # Microsoft's Channel Definition Format keeps links and dates in attributes

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
    if mode == "base64" or ("/" in kind and not kind.startswith("text/")
                            and not kind.endswith(("+xml", "/xml"))):
        # Atom 1.0: any other media type is base64-encoded (RFC 4287, 4.1.3.3).
        try:
            text = base64.b64decode(text_of(el), validate=False).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return None
        return text, kind not in ("text", "text/plain"), ctx.base(el)
    if kind in _XHTML_TYPES or mode == "xml" or len(el):
        children = list(el)
        if (kind == "xhtml" and len(children) == 1 and not (el.text or "").strip()
                and children[0].tag == "{http://www.w3.org/1999/xhtml}div"
                and not (children[0].tail or "").strip()):
            el = children[0]  # Atom 1.0 wraps xhtml in a div that is not part of the content
        return inner_xml(el), True, ctx.base(el)
    if kind in _HTML_TYPES or mode == "escaped" or kind.endswith(("/html", "+xml", "/xml")):
        return el.text or "", True, ctx.base(el)
    return text_of(el), False, ctx.base(el)


# --- shared entry handlers (RSS and Atom extensions) ---------------------------------------

EntryHandler = Callable[[EntryDraft, _Element, Context], None]


def _title(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.title is None:
        d.title = text_of(el)


def _author(d: EntryDraft, el: _Element, ctx: Context) -> None:
    text = text_of(el).strip()
    if text:
        d.authors.append(text)


def _person(d: EntryDraft, el: _Element, ctx: Context) -> None:
    name = email = None
    for child in el:
        if not isinstance(child.tag, str):
            continue
        local = name_of(child.tag).rpartition(":")[2]
        if local == "name":
            name = text_of(child).strip()
        elif local == "email":
            email = text_of(child).strip()
    if name or email:
        d.authors.append(name or email or "")
    elif len(el) == 0 and (el.text or "").strip():
        d.authors.append(el.text.strip())


def _published(d: EntryDraft, el: _Element, ctx: Context) -> None:
    d.published = parse_date(el.text) or d.published  # the last readable value wins, as in feedparser


def _updated(d: EntryDraft, el: _Element, ctx: Context) -> None:
    d.updated = parse_date(el.text) or d.updated


def _dc_date(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.published is None:
        d.published = parse_date(el.text)


def _category(d: EntryDraft, el: _Element, ctx: Context) -> None:
    term = el.get("term") or el.get("label") or text_of(el)
    if term and term.strip():
        d.categories.append(term.strip())


def _itunes_category(d: EntryDraft, el: _Element, ctx: Context) -> None:
    term = el.get("text")
    if term and term.strip():
        d.categories.append(term.strip())
    for child in el:
        if name_of(child.tag) == "itunes:category":
            _itunes_category(d, child, ctx)


def _keywords(d: EntryDraft, el: _Element, ctx: Context) -> None:
    d.categories.extend(k.strip() for k in text_of(el).split(",") if k.strip())


def _summary(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.summary is None:
        d.summary = html_body(el, ctx)


def _weak_summary(d: EntryDraft, el: _Element, ctx: Context) -> None:
    """itunes:summary, media:description: a body when the entry has no other."""
    if d.summary is None and d.content is None:
        kind = (el.get("type") or "").lower()
        d.summary = html_body(el, ctx) if kind == "html" or len(el) else (text_of(el), False, ctx.base(el))


def _content_encoded(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.content is None or d.content is d.summary:
        d.content = html_body(el, ctx)


def _enclosure(d: EntryDraft, el: _Element, ctx: Context) -> None:
    url = media_url(el.get("url") or el.get(RDF_RESOURCE), ctx.base(el))
    if url:
        d.enclosures.append(Enclosure(url, (el.get("type") or "").strip() or None, to_int(el.get("length"))))


def _media_content(d: EntryDraft, el: _Element, ctx: Context) -> None:
    url = media_url(el.get("url"), ctx.base(el))
    if url:
        kind = (el.get("type") or "").strip() or None
        medium = (el.get("medium") or "").lower()
        if d.thumbnail is None and (medium == "image" or (kind or "").startswith("image/")):
            d.thumbnail = url
        d.enclosures.append(Enclosure(url, kind, to_int(el.get("fileSize")), to_int(el.get("duration"))))
    for child in el:  # media:content may carry its own thumbnail, title and description
        if isinstance(child.tag, str):
            handler = _MEDIA_CHILDREN.get(name_of(child.tag))
            if handler is not None:
                handler(d, child, ctx)


def _media_thumbnail(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.thumbnail is None:
        d.thumbnail = media_url(el.get("url"), ctx.base(el))


def _itunes_image(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.thumbnail is None:
        d.thumbnail = media_url(el.get("href") or el.get("url") or text_of(el), ctx.base(el))


def _media_title(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.title is None:
        d.title = text_of(el)
        d.title_is_html = (el.get("type") or "").lower() == "html"


def _media_group(d: EntryDraft, el: _Element, ctx: Context) -> None:
    for child in el:
        if isinstance(child.tag, str):
            handler = _MEDIA_CHILDREN.get(name_of(child.tag))
            if handler is not None:
                handler(d, child, ctx)


def _duration(d: EntryDraft, el: _Element, ctx: Context) -> None:
    d.duration = duration_seconds(el.text)


def _transcript(d: EntryDraft, el: _Element, ctx: Context) -> None:
    url = media_url(el.get("url"), ctx.base(el))
    if url:
        d.transcripts.append(TranscriptLink(url, el.get("type") or None, el.get("language") or None))


def _comments(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.comments is None:
        d.comments = text_of(el).strip() or None


def _orig_link(d: EntryDraft, el: _Element, ctx: Context) -> None:
    # FeedBurner rewrites <link> to its redirector; the original is the article itself.
    text = text_of(el).strip()
    if text:
        d.link = text
        d.link_base = ctx.base(el)


def _language(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.language is None:
        d.language = text_of(el).strip() or None


def _atom_link(d: EntryDraft, el: _Element, ctx: Context) -> None:
    rel = (el.get("rel") or "alternate").strip().lower()
    href = el.get("href")
    if href is None:  # Atom 0.3 and RSS-in-Atom mistakes: link text
        href = text_of(el).strip() or None
        if href is None:
            return
    if rel == "alternate":
        if d.link is None:  # the first alternate link is the entry's link
            d.link = href
            d.link_base = ctx.base(el)
    elif rel == "enclosure":
        url = media_url(href, ctx.base(el))
        if url:
            d.enclosures.append(Enclosure(url, (el.get("type") or "").strip() or None, to_int(el.get("length"))))
    elif rel == "replies" and d.comments is None and "html" in (el.get("type") or "text/html"):
        d.comments = media_url(href, ctx.base(el))


_MEDIA_CHILDREN: dict[str, EntryHandler] = {
    "media:content": _media_content,
    "media:thumbnail": _media_thumbnail,
    "media:title": _media_title,
    "media:description": _weak_summary,
    "media:group": _media_group,
    "media:category": _category,
    "media:keywords": _keywords,
}

_COMMON: dict[str, EntryHandler] = {
    **_MEDIA_CHILDREN,
    "dc:title": _title,
    "dc:description": _summary,
    "dc:creator": _author,
    "dc:author": _author,
    "dc:contributor": _author,
    "itunes:author": _author,
    "dc:date": _dc_date,
    "dcterms:issued": _dc_date,
    "dcterms:created": _dc_date,
    "dcterms:modified": _updated,
    "dc:subject": _category,
    "itunes:keywords": _keywords,
    "itunes:category": _itunes_category,
    "itunes:summary": _weak_summary,
    "itunes:subtitle": _weak_summary,
    "content:encoded": _content_encoded,
    "xhtml:body": _content_encoded,
    "xhtml:div": _content_encoded,
    "itunes:image": _itunes_image,
    "itunes:duration": _duration,
    "podcast:transcript": _transcript,
    "feedburner:origlink": _orig_link,
    "yt:videoid": lambda d, el, ctx: setattr(d, "id", d.id or f"yt:video:{text_of(el).strip()}"),
    "dc:language": _language,
    "wfw:comment": lambda d, el, ctx: None,
}

# --- RSS -----------------------------------------------------------------------------


def _rss_link(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.link is None:
        d.link = text_of(el).strip() or el.get(RDF_RESOURCE)
        d.link_base = ctx.base(el)


def _guid(d: EntryDraft, el: _Element, ctx: Context) -> None:
    value = text_of(el).strip()
    if not value:
        return
    d.id = value
    if (el.get("isPermaLink") or "true").strip().lower() != "false" and d.link is None:
        if "://" in value:  # a guid that is a link stands in for a missing <link>
            d.link = value
            d.link_base = ctx.base(el)


def _rss_title(d: EntryDraft, el: _Element, ctx: Context) -> None:
    d.title = text_of(el)


_RSS_ITEM: dict[str, EntryHandler] = {
    **_COMMON,
    "title": _rss_title,
    "link": _rss_link,
    "guid": _guid,
    "description": _summary,
    "abstract": _summary,
    "fullitem": _content_encoded,
    "body": _content_encoded,
    "author": _author,
    "category": _category,
    "pubdate": _published,
    "comments": _comments,
    "enclosure": _enclosure,
    "atom:link": _atom_link,
    "atom:id": lambda d, el, ctx: setattr(d, "id", text_of(el).strip() or d.id),
    "atom:updated": _updated,
    "atom:published": _published,
    "atom:author": _person,
    "atom:content": lambda d, el, ctx: _atom_content(d, el, ctx),
    "atom:summary": lambda d, el, ctx: _atom_summary(d, el, ctx),
}


def read_item(el: _Element, ctx: Context, table: dict[str, EntryHandler], feed_language: str | None):
    draft = EntryDraft(ctx.base(el))
    names = NAMES
    for child in el:
        tag = child.tag
        handler = table.get(names.get(tag) or name_of(tag))
        if handler is not None:
            handler(draft, child, ctx)
    lang = el.get(XML_LANG)
    if lang:
        draft.language = lang
    if draft.id is None and table is _RSS_ITEM:
        draft.id = el.get(RDF_ABOUT)  # RSS 1.0 names each item by its rdf:about
    elif table is _ATOM_ENTRY and draft.link is None and draft.id \
            and draft.id.startswith(("http://", "https://")):
        draft.link = draft.id  # an Atom id that is a web address is the entry's address too
        draft.link_base = ctx.base(el)
    if ctx.cdf:
        draft.link = draft.link or el.get("HREF") or el.get("href")
        draft.updated = draft.updated or parse_date(el.get("LASTMOD") or el.get("lastmod"))
    return finish_entry(draft, feed_language)


def _channel(feed: FeedDraft, channel: _Element, ctx: Context, items: list[_Element]) -> None:
    for child in channel:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = name_of(tag)
        if name == "item":
            items.append(child)
        elif name in ("title", "dc:title"):
            if feed.title is None or name == "title":
                feed.title = text_of(child)
        elif name == "link":
            if feed.link is None:
                feed.link = text_of(child).strip() or child.get(RDF_RESOURCE)
        elif name == "atom:link":
            rel = (child.get("rel") or "alternate").lower()
            if rel == "alternate" and feed.link is None:
                feed.link = child.get("href")
        elif name in ("description", "dc:description", "itunes:summary", "itunes:subtitle", "abstract"):
            if feed.description is None or name == "description":
                feed.description = html_body(child, ctx)
        elif name in ("language", "dc:language"):
            feed.language = feed.language or text_of(child).strip() or None
        elif name == "image":
            _rss_image(feed, child, ctx)
        elif name == "itunes:image":
            feed.icon = feed.icon or child.get("href") or text_of(child).strip() or None
        elif name in ("managingeditor", "author", "dc:creator", "dc:author", "itunes:author",
                      "dc:publisher", "webmaster"):
            if feed.author is None:
                feed.author = text_of(child).strip() or None
        elif name in ("lastbuilddate", "pubdate", "dc:date", "atom:updated", "dcterms:modified"):
            feed.updated = feed.updated or parse_date(child.text)
        elif name == "ttl":
            feed.ttl = to_int(child.text)


def _rss_image(feed: FeedDraft, el: _Element, ctx: Context) -> None:
    for child in el:
        if isinstance(child.tag, str) and name_of(child.tag) == "url":
            feed.icon = feed.icon or text_of(child).strip() or None
    if feed.icon is None and el.get(RDF_RESOURCE):
        feed.icon = el.get(RDF_RESOURCE)


def read_rss(root: _Element, fmt: FeedFormat, ctx: Context) -> FeedDraft:
    feed = FeedDraft(fmt, ctx.url)
    items: list[_Element] = []
    for child in root:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = name_of(tag)
        if name == "channel":
            _channel(feed, child, ctx, items)
            if ctx.has_xml_base:
                feed.base = ctx.base(child)
        elif name == "item":  # RSS 0.90 / 1.0: items are siblings of the channel
            items.append(child)
        elif name == "image":
            _rss_image(feed, child, ctx)
    if feed.language is None:
        feed.language = root.get(XML_LANG)
    if ctx.recovered:
        # An unclosed tag makes the recovering parser nest later items inside earlier ones.
        items = [el for el in root.iter() if isinstance(el.tag, str) and name_of(el.tag) == "item"]
    feed.entries = [read_item(item, ctx, _RSS_ITEM, feed.language) for item in items]
    return feed


# --- Atom ----------------------------------------------------------------------------


def _atom_title(d: EntryDraft, el: _Element, ctx: Context) -> None:
    body = atom_text(el, ctx)
    if body is not None:
        d.title, d.title_is_html = body[0], body[1]


def _atom_summary(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.summary is None or d.summary is d.content:
        d.summary = atom_text(el, ctx)


def _atom_content(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.content is None:
        d.content = atom_text(el, ctx)


def _atom_id(d: EntryDraft, el: _Element, ctx: Context) -> None:
    d.id = text_of(el).strip() or d.id


_ATOM_ENTRY: dict[str, EntryHandler] = {
    **_COMMON,
    "atom:title": _atom_title,
    "atom:id": _atom_id,
    "atom:link": _atom_link,
    "atom:summary": _atom_summary,
    "atom:content": _atom_content,
    "atom:author": _person,
    "atom:published": _published,
    "atom:issued": _published,
    "atom:created": lambda d, el, ctx: _published(d, el, ctx) if d.published is None else None,
    "atom:updated": _updated,
    "atom:modified": _updated,
    "atom:category": _category,
    "category": _category,
}


def _adopt_atom_namespace(root: _Element) -> None:
    """Atom written without its namespace: give un-namespaced elements the Atom one."""
    for el in root.iter():
        tag = el.tag
        if isinstance(tag, str) and tag[:1] != "{":
            el.tag = "{http://www.w3.org/2005/Atom}" + tag


def read_atom(root: _Element, fmt: FeedFormat, ctx: Context) -> FeedDraft:
    if root.tag[:1] != "{":
        _adopt_atom_namespace(root)
    feed = FeedDraft(fmt, ctx.base(root))
    feed.language = root.get(XML_LANG)
    entries: list[_Element] = []
    link_is_html = False
    for child in root:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = name_of(tag)
        if name == "atom:entry":
            entries.append(child)
        elif name == "atom:title":
            body = atom_text(child, ctx)
            if body is not None:
                feed.title, feed.title_is_html = body[0], body[1]
        elif name in ("atom:subtitle", "atom:tagline"):
            feed.description = atom_text(child, ctx)
        elif name == "atom:link":
            rel = (child.get("rel") or "alternate").lower()
            kind = (child.get("type") or "").lower()
            if rel == "alternate" and child.get("href") and (feed.link is None or (not link_is_html and "html" in kind)):
                feed.link = child.get("href")
                feed.base = ctx.base(child)
                link_is_html = "html" in kind
        elif name in ("atom:icon", "atom:logo"):
            if feed.icon is None or name == "atom:icon":
                feed.icon = text_of(child).strip() or feed.icon
        elif name == "atom:author":
            if feed.author is None:
                holder = EntryDraft(None)
                _person(holder, child, ctx)
                feed.author = holder.authors[0] if holder.authors else None
        elif name in ("atom:updated", "atom:modified"):
            feed.updated = parse_date(child.text)
        elif name == "itunes:image" and feed.icon is None:
            feed.icon = child.get("href")
    if ctx.recovered:
        entries = [el for el in root.iter() if isinstance(el.tag, str) and name_of(el.tag) == "atom:entry"]
    for el in entries:
        entry = read_item(el, ctx, _ATOM_ENTRY, feed.language)
        feed.entries.append(entry)
    return feed


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
            if isinstance(child.tag, str) and child.tag.startswith("{http://my.netscape.com/rdf/simple/0.9/}"):
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


_EMBEDDED_FEED = ("{http://www.w3.org/2005/Atom}feed", "rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF")


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
