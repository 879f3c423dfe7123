"""Feed-level metadata: the RSS channel (and RSS 1.0 siblings) and the Atom feed element."""

from __future__ import annotations

from lxml import etree

from tidings.ingest.parse.build import EntryDraft, FeedDraft, to_int
from tidings.ingest.parse.dates import parse_date
from tidings.ingest.parse.entries import ATOM_ENTRY, RSS_ITEM, read_item
from tidings.ingest.parse.handlers import on_person
from tidings.ingest.parse.names import RDF_RESOURCE, XML_LANG, name_of
from tidings.ingest.parse.xmltext import Context, atom_text, html_body, text_of
from tidings.types import FeedFormat

_Element = etree._Element


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
        elif name in (
            "description",
            "dc:description",
            "itunes:summary",
            "itunes:subtitle",
            "abstract",
        ):
            if feed.description is None or name == "description":
                feed.description = html_body(child, ctx)
        elif name in ("language", "dc:language"):
            feed.language = feed.language or text_of(child).strip() or None
        elif name == "image":
            _rss_image(feed, child, ctx)
        elif name == "itunes:image":
            icon = child.get("href") or child.get("url") or text_of(child).strip()
            feed.icon = feed.icon or icon or None
        elif name == "itunes:link" and (child.get("rel") or "").lower() == "image":
            feed.icon = feed.icon or child.get("href")
        elif name in (
            "managingeditor",
            "author",
            "dc:creator",
            "dc:author",
            "itunes:author",
            "dc:publisher",
            "webmaster",
        ):
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
    feed.entries = [read_item(item, ctx, RSS_ITEM, feed.language) for item in items]
    return feed


def _adopt_atom_namespace(root: _Element) -> None:
    """Atom written without its namespace: give un-namespaced elements the Atom one.

    An element whose prefix was never declared ("media:group", which the
    recovering parser keeps as written) is not Atom's and keeps its name: lxml
    refuses a colon in a local name, and the whole document failed.
    """
    for el in root.iter():
        tag = el.tag
        if isinstance(tag, str) and tag[:1] != "{" and ":" not in tag:
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
            if (
                rel == "alternate"
                and child.get("href")
                and (feed.link is None or (not link_is_html and "html" in kind))
            ):
                feed.link = child.get("href")
                feed.base = ctx.base(child)
                link_is_html = "html" in kind
        elif name in ("atom:icon", "atom:logo"):
            if feed.icon is None or name == "atom:icon":
                feed.icon = text_of(child).strip() or feed.icon
        elif name == "atom:author":
            if feed.author is None:
                holder = EntryDraft(None)
                on_person(holder, child, ctx)
                feed.author = holder.authors[0] if holder.authors else None
        elif name in ("atom:updated", "atom:modified"):
            feed.updated = parse_date(child.text)
        elif name == "itunes:image" and feed.icon is None:
            feed.icon = child.get("href")
    if ctx.recovered:
        entries = [
            el for el in root.iter() if isinstance(el.tag, str) and name_of(el.tag) == "atom:entry"
        ]
    for el in entries:
        entry = read_item(el, ctx, ATOM_ENTRY, feed.language)
        feed.entries.append(entry)
    return feed
