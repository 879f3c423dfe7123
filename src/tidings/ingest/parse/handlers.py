"""Entry element handlers shared by RSS and Atom: Dublin Core, iTunes, Media RSS, podcast, FeedBurner.

Each handler takes (draft, element, context) and writes raw values into the
draft; :data:`COMMON` maps normalised element names to them.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from tidings.ingest.parse.build import EntryDraft, duration_seconds, media_url, to_int
from tidings.ingest.parse.dates import parse_date
from tidings.ingest.parse.names import RDF_RESOURCE, name_of
from tidings.ingest.parse.xmltext import Context, html_body, text_of
from tidings.types import Enclosure, TranscriptLink

_Element = etree._Element

EntryHandler = Callable[[EntryDraft, _Element, Context], None]


def _title(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.title is None:
        d.title = text_of(el)


def on_author(d: EntryDraft, el: _Element, ctx: Context) -> None:
    text = text_of(el).strip()
    if text:
        d.authors.append(text)


def on_person(d: EntryDraft, el: _Element, ctx: Context) -> None:
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


def on_published(d: EntryDraft, el: _Element, ctx: Context) -> None:
    d.published = (
        parse_date(el.text) or d.published
    )  # the last readable value wins, as in feedparser


def on_updated(d: EntryDraft, el: _Element, ctx: Context) -> None:
    d.updated = parse_date(el.text) or d.updated


def _dc_date(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.published is None:
        d.published = parse_date(el.text)


def on_category(d: EntryDraft, el: _Element, ctx: Context) -> None:
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


def on_summary(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.summary is None:
        d.summary = html_body(el, ctx)


def _weak_summary(d: EntryDraft, el: _Element, ctx: Context) -> None:
    """itunes:summary, media:description: a body when the entry has no other."""
    if d.summary is None and d.content is None:
        kind = (el.get("type") or "").lower()
        d.summary = (
            html_body(el, ctx) if kind == "html" or len(el) else (text_of(el), False, ctx.base(el))
        )


def on_content_encoded(d: EntryDraft, el: _Element, ctx: Context) -> None:
    if d.content is None or d.content is d.summary:
        d.content = html_body(el, ctx)


def on_enclosure(d: EntryDraft, el: _Element, ctx: Context) -> None:
    url = media_url(el.get("url") or el.get(RDF_RESOURCE), ctx.base(el))
    if url:
        d.enclosures.append(
            Enclosure(url, (el.get("type") or "").strip() or None, to_int(el.get("length")))
        )


def _media_content(d: EntryDraft, el: _Element, ctx: Context) -> None:
    url = media_url(el.get("url"), ctx.base(el))
    if url:
        kind = (el.get("type") or "").strip() or None
        medium = (el.get("medium") or "").lower()
        if d.thumbnail is None and (medium == "image" or (kind or "").startswith("image/")):
            d.thumbnail = url
        d.enclosures.append(
            Enclosure(url, kind, to_int(el.get("fileSize")), to_int(el.get("duration")))
        )
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
        d.transcripts.append(
            TranscriptLink(url, el.get("type") or None, el.get("language") or None)
        )


def _media_subtitle(d: EntryDraft, el: _Element, ctx: Context) -> None:
    # Media RSS <media:subTitle type="text/vtt" lang="en" href="...">: a subtitle or caption
    # file of the item's video (YouTube-style feeds), read like a podcast:transcript.
    # It may sit in the item, its media:group and its media:content at once: one link each.
    url = media_url(el.get("href"), ctx.base(el))
    if url and all(t.url != url for t in d.transcripts):
        d.transcripts.append(
            TranscriptLink(
                url, (el.get("type") or "").strip() or None, (el.get("lang") or "").strip() or None
            )
        )


def on_comments(d: EntryDraft, el: _Element, ctx: Context) -> None:
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


def on_atom_link(d: EntryDraft, el: _Element, ctx: Context) -> None:
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
            d.enclosures.append(
                Enclosure(url, (el.get("type") or "").strip() or None, to_int(el.get("length")))
            )
    elif rel == "replies" and d.comments is None and "html" in (el.get("type") or "text/html"):
        d.comments = media_url(href, ctx.base(el))


_MEDIA_CHILDREN: dict[str, EntryHandler] = {
    "media:content": _media_content,
    "media:thumbnail": _media_thumbnail,
    "media:title": _media_title,
    "media:description": _weak_summary,
    "media:group": _media_group,
    "media:category": on_category,
    "media:keywords": _keywords,
    "media:subtitle": _media_subtitle,  # media:subTitle (names are matched lower-cased)
}

COMMON: dict[str, EntryHandler] = {
    **_MEDIA_CHILDREN,
    "dc:title": _title,
    "dc:description": on_summary,
    "dc:creator": on_author,
    "dc:author": on_author,
    "dc:contributor": on_author,
    "itunes:author": on_author,
    "dc:date": _dc_date,
    "dcterms:issued": _dc_date,
    "dcterms:created": _dc_date,
    "dcterms:modified": on_updated,
    "dc:subject": on_category,
    "itunes:keywords": _keywords,
    "itunes:category": _itunes_category,
    "itunes:summary": _weak_summary,
    "itunes:subtitle": _weak_summary,
    "content:encoded": on_content_encoded,
    "xhtml:body": on_content_encoded,
    "xhtml:div": on_content_encoded,
    "itunes:image": _itunes_image,
    "itunes:duration": _duration,
    "podcast:transcript": _transcript,
    "feedburner:origlink": _orig_link,
    "yt:videoid": lambda d, el, ctx: setattr(d, "id", d.id or f"yt:video:{text_of(el).strip()}"),
    "dc:language": _language,
    "wfw:comment": lambda d, el, ctx: None,
}
