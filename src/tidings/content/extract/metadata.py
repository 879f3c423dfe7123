"""Article metadata from the page head: JSON-LD, OpenGraph, meta tags, then htmldate.

Publishers state metadata in several overlapping vocabularies; the order of
trust is the one that is most often right in practice: schema.org JSON-LD
(written for search engines, so usually maintained), then OpenGraph (written
for social previews), then plain meta tags, then the visible page. Only when
none gives a date does htmldate search the page, since it is the slow part.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "liveblogposting",
    "posting",
    "socialmediaposting",
    "webpage",
}
_MAX_JSONLD_CHARS = 200_000
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—»·:]\s+")
_BY = re.compile(r"^\s*(?:by|von|par|por|di|door)\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||\band\b|&|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


# Zone abbreviations US and UK news sites print in dates (offsets in seconds).
_ZONES = {
    "EST": -5 * 3600,
    "EDT": -4 * 3600,
    "CST": -6 * 3600,
    "CDT": -5 * 3600,
    "MST": -7 * 3600,
    "MDT": -6 * 3600,
    "PST": -8 * 3600,
    "PDT": -7 * 3600,
    "BST": 3600,
    "CET": 3600,
    "CEST": 7200,
    "IST": 19800,
    "JST": 9 * 3600,
}


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    site_name: str | None = None
    lead_image: str | None = None
    canonical_url: str | None = None
    declared_language: str | None = None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    if "&" in value:
        value = html.unescape(value)  # many sites escape meta values twice
    value = _SPACES.sub(" ", value).strip()
    return value or None


def _meta(tree: HtmlElement) -> dict[str, str]:
    """First value of each meta property/name/itemprop, keys lower-cased."""
    found: dict[str, str] = {}
    for el in tree.iterfind(".//meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        value = _clean(el.get("content"))
        if key and value:
            found.setdefault(key.strip().lower(), value)
    return found


def _jsonld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iterfind(".//script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = script.text or ""
        if len(raw) > _MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(reversed(item["@graph"]))


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _article_object(tree: HtmlElement) -> dict[str, Any]:
    best: dict[str, Any] = {}
    for obj in _jsonld_objects(tree):
        kinds = _types(obj)
        if kinds & (_ARTICLE_TYPES - {"webpage"}):
            return obj
        if "webpage" in kinds and not best:
            best = obj
    return best


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    text = _clean(value)
    return [text] if text else []


def _image(value: Any) -> str | None:
    if isinstance(value, list):
        return next((u for u in map(_image, value) if u), None)
    if isinstance(value, dict):
        return _clean(value.get("url") or value.get("contentUrl"))
    return _clean(value)


def _split_authors(names: list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        if name.startswith(("http://", "https://", "/")) or "@" in name:
            continue  # a profile address or an e-mail, not a name
        for part in _AUTHOR_SPLIT.split(_BY.sub("", name)):
            # "Tom Krisher, AP Auto Writer", "Troy Smith, Cleveland.com": the name is before the comma.
            head = part.split(",")[0]
            if head != part and len(head.split()) >= 2:
                part = head
            part = part.strip(" ,.")
            if 1 < len(part) <= 80 and part.lower() not in {o.lower() for o in out}:
                out.append(part)
    return tuple(out)


def parse_date(value: str | None) -> datetime | None:
    """A datetime in UTC from an ISO-ish string; naive times are taken as UTC."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            from dateutil import parser as dateutil_parser

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # unknown zone names: handled by _ZONES or UTC
                parsed = dateutil_parser.parse(value, tzinfos=_ZONES)
        except (ValueError, OverflowError, TypeError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed = parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return parsed if 1990 <= parsed.year <= 2100 else None


def _htmldate(tree: HtmlElement) -> datetime | None:
    try:
        from htmldate import find_date

        found = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - htmldate is a best-effort fallback; never fatal
        return None
    return parse_date(found)


def _strip_site(title: str, site_name: str | None) -> str:
    """'Headline | Site' -> 'Headline' when the site name is known."""
    if site_name:
        parts = _TITLE_SEPARATORS.split(title)
        kept = [p for p in parts if p.strip().lower() != site_name.lower()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    return title


def _absolute(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    return url if url.startswith(("http://", "https://")) else None


def extract_metadata(tree: HtmlElement, *, url: str | None = None) -> PageMetadata:
    """Metadata of a parsed page; never raises on odd markup."""
    meta = _meta(tree)
    ld = _article_object(tree)

    canonical = None
    for link in tree.iterfind(".//link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = _absolute(link.get("href", "").strip(), url)
            break
    canonical = canonical or _absolute(meta.get("og:url"), url) or (url or None)
    base = canonical or url

    publisher = ld.get("publisher")
    site_name = (
        meta.get("og:site_name")
        or (_names(publisher)[:1] or [None])[0]
        or meta.get("application-name")
        or meta.get("twitter:site", "").lstrip("@")
        or None
    )

    title = (
        _clean(ld.get("headline"))
        or meta.get("og:title")
        or meta.get("twitter:title")
        or _clean(next((h.text_content() for h in tree.iterfind(".//h1")), None))
        or _clean(next((t.text_content() for t in tree.iterfind(".//title")), None))
    )
    if title:
        title = _strip_site(title, site_name)

    authors = _split_authors(_names(ld.get("author") or ld.get("creator")))
    if not authors:
        authors = _split_authors(
            [
                meta[k]
                for k in (
                    "author",
                    "article:author",
                    "dc.creator",
                    "byl",
                    "parsely-author",
                    "sailthru.author",
                    "citation_author",
                )
                if k in meta
            ]
        )

    published = None
    for candidate in (
        ld.get("datePublished"),
        ld.get("dateCreated"),
        meta.get("article:published_time"),
        meta.get("datepublished"),
        meta.get("date"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("publish-date"),
        meta.get("dc.date.issued"),
        meta.get("dc.date"),
        meta.get("parsely-pub-date"),
        meta.get("sailthru.date"),
        meta.get("og:published_time"),
    ):
        published = parse_date(candidate if isinstance(candidate, str) else None)
        if published:
            break
    if published is None:
        for time_el in tree.iterfind(".//time"):
            published = parse_date(time_el.get("datetime"))
            if published:
                break
    if published is None:
        published = _htmldate(tree)

    lead_image = _absolute(
        meta.get("og:image")
        or meta.get("og:image:url")
        or _image(ld.get("image"))
        or meta.get("twitter:image")
        or meta.get("twitter:image:src"),
        base,
    )

    declared = tree.get("lang") or meta.get("og:locale") or meta.get("content-language")
    language = None
    if declared:
        code = re.split(r"[-_]", declared.strip().lower())[0]
        language = code if re.fullmatch(r"[a-z]{2,3}", code) else None

    site_name = _clean(site_name)
    if site_name and site_name.startswith(("http://", "https://")):
        site_name = urlsplit(site_name).hostname or site_name  # an address given as the name

    return PageMetadata(
        title=title,
        authors=authors,
        published=published,
        site_name=site_name,
        lead_image=lead_image,
        canonical_url=canonical,
        declared_language=language,
    )
