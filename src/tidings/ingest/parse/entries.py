"""RSS items and Atom entries: the core elements of each, and the one loop that reads an entry."""

from __future__ import annotations

from lxml import etree

from tidings.ingest.parse.build import EntryDraft, finish_entry
from tidings.ingest.parse.dates import parse_date
from tidings.ingest.parse.handlers import (
    COMMON,
    EntryHandler,
    on_atom_link,
    on_author,
    on_category,
    on_comments,
    on_content_encoded,
    on_enclosure,
    on_person,
    on_published,
    on_summary,
    on_updated,
)
from tidings.ingest.parse.names import RDF_ABOUT, RDF_RESOURCE, XML_LANG, name_of
from tidings.ingest.parse.xmltext import Context, atom_text, text_of
from tidings.types import ParsedEntry

_Element = etree._Element

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
    permalink = (el.get("isPermaLink") or "true").strip().lower() != "false"
    if permalink and d.link is None and "://" in value:
        # a guid that is a link stands in for a missing <link>
        d.link = value
        d.link_base = ctx.base(el)


def _rss_title(d: EntryDraft, el: _Element, ctx: Context) -> None:
    d.title = text_of(el)


RSS_ITEM: dict[str, EntryHandler] = {
    **COMMON,
    "title": _rss_title,
    "link": _rss_link,
    "guid": _guid,
    "description": on_summary,
    "abstract": on_summary,
    "fullitem": on_content_encoded,
    "body": on_content_encoded,
    "author": on_author,
    "category": on_category,
    "pubdate": on_published,
    "comments": on_comments,
    "enclosure": on_enclosure,
    "atom:link": on_atom_link,
    "atom:id": lambda d, el, ctx: setattr(d, "id", text_of(el).strip() or d.id),
    "atom:updated": on_updated,
    "atom:published": on_published,
    "atom:author": on_person,
    "atom:content": lambda d, el, ctx: _atom_content(d, el, ctx),
    "atom:summary": lambda d, el, ctx: _atom_summary(d, el, ctx),
}


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


ATOM_ENTRY: dict[str, EntryHandler] = {
    **COMMON,
    "atom:title": _atom_title,
    "atom:id": _atom_id,
    "atom:link": on_atom_link,
    "atom:summary": _atom_summary,
    "atom:content": _atom_content,
    "atom:author": on_person,
    "atom:published": on_published,
    "atom:issued": on_published,
    "atom:created": lambda d, el, ctx: on_published(d, el, ctx) if d.published is None else None,
    "atom:updated": on_updated,
    "atom:modified": on_updated,
    "atom:category": on_category,
    "category": on_category,
}


class _ByTag(dict):  # type: ignore[type-arg]
    """A handler table keyed by lxml's own tag (Clark notation, ``{ns}local``).

    Filled on first sight of each tag: one dict lookup per child element instead of
    normalising the name and looking it up again. What it holds depends only on the
    tag, never on a document, so sharing it between feeds leaks nothing.
    """

    __slots__ = ("table",)

    def __init__(self, table: dict[str, EntryHandler]) -> None:
        super().__init__()
        self.table = table

    def __missing__(self, tag: object) -> EntryHandler | None:
        handler = self.table.get(name_of(tag)) if isinstance(tag, str) else None
        if len(self) < 4096:  # hostile documents invent endless namespaces
            self[tag] = handler
        return handler


_RSS_BY_TAG = _ByTag(RSS_ITEM)
_ATOM_BY_TAG = _ByTag(ATOM_ENTRY)


def read_item(
    el: _Element, ctx: Context, table: dict[str, EntryHandler], feed_language: str | None
) -> ParsedEntry:
    draft = EntryDraft(ctx.base(el))
    by_tag = (
        _RSS_BY_TAG if table is RSS_ITEM else _ATOM_BY_TAG if table is ATOM_ENTRY else _ByTag(table)
    )
    for child in el:
        handler = by_tag[child.tag]
        if handler is not None:
            handler(draft, child, ctx)
    lang = el.get(XML_LANG)
    if lang:
        draft.language = lang
    if draft.id is None and table is RSS_ITEM:
        draft.id = el.get(RDF_ABOUT)  # RSS 1.0 names each item by its rdf:about
    elif (
        table is ATOM_ENTRY
        and draft.link is None
        and draft.id
        and draft.id.startswith(("http://", "https://"))
    ):
        draft.link = draft.id  # an Atom id that is a web address is the entry's address too
        draft.link_base = ctx.base(el)
    if ctx.cdf:
        draft.link = draft.link or el.get("HREF") or el.get("href")
        draft.updated = draft.updated or parse_date(el.get("LASTMOD") or el.get("lastmod"))
    return finish_entry(draft, feed_language)
