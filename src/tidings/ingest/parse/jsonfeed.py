"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) with the standard json module."""

from __future__ import annotations

import json
from typing import Any

from tidings.errors import NotAFeedError
from tidings.ingest.parse.build import EntryDraft, FeedDraft, finish_entry, media_url, to_int
from tidings.ingest.parse.dates import parse_date
from tidings.types import Enclosure, FeedFormat, ParsedEntry


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # ids are strings by the spec, but numbers are common
    return None


def _authors(obj: dict[str, Any]) -> list[str]:
    found = obj.get("authors")
    people = found if isinstance(found, list) else []
    if isinstance(obj.get("author"), dict):
        people = [*people, obj["author"]]
    names = []
    for person in people:
        if isinstance(person, dict):
            name = _str(person.get("name")) or _str(person.get("url"))
            if name:
                names.append(name)
    return names


def decode_json(body: bytes) -> Any:
    for encoding in ("utf-8-sig", "utf-16", "latin-1"):
        try:
            text = body.decode(encoding)
            return json.loads(text)
        except UnicodeDecodeError:
            continue
        except (ValueError, RecursionError) as exc:
            raise NotAFeedError(
                f"The response looks like JSON but cannot be read: {exc}."
            ) from None
    raise NotAFeedError("The response looks like JSON but its encoding cannot be read.")


def read_json_feed(doc: Any, url: str) -> FeedDraft:
    if not isinstance(doc, dict) or not isinstance(doc.get("items", []), list):
        raise NotAFeedError('The response is JSON but not a JSON Feed (no "version" and "items").')
    version = _str(doc.get("version")) or ""
    if "jsonfeed.org/version/" not in version and "items" not in doc:
        raise NotAFeedError('The response is JSON but not a JSON Feed (no "version" and "items").')
    fmt = FeedFormat.JSON11 if version.rstrip("/").endswith("1.1") else FeedFormat.JSON10
    feed = FeedDraft(fmt, url)
    if "jsonfeed.org/version/" not in version:
        feed.problems.append("The JSON Feed does not state its version.")
    feed.title = _str(doc.get("title"))
    feed.title_is_html = False
    feed.link = _str(doc.get("home_page_url"))
    description = _str(doc.get("description"))
    feed.description = (description, False, url) if description else None
    feed.language = _str(doc.get("language"))
    feed.icon = _str(doc.get("favicon")) or _str(doc.get("icon"))
    names = _authors(doc)
    feed.author = names[0] if names else None
    feed.entries = [
        entry for item in doc.get("items", []) if (entry := _item(item, url, feed.language, names))
    ]
    return feed


def _item(
    item: Any, url: str, feed_language: str | None, feed_authors: list[str]
) -> ParsedEntry | None:
    if not isinstance(item, dict):
        return None
    d = EntryDraft(url)
    d.id = _str(item.get("id"))
    d.title = _str(item.get("title"))
    d.title_is_html = False
    d.link = _str(item.get("url")) or _str(item.get("external_url"))
    html = _str(item.get("content_html"))
    text = _str(item.get("content_text"))
    summary = _str(item.get("summary"))
    if html:
        d.content = (html, True, url)
    elif text:
        d.content = (text, False, url)
    if summary:
        d.summary = (summary, False, url)
    d.published = parse_date(_str(item.get("date_published")))
    d.updated = parse_date(_str(item.get("date_modified")))
    d.authors = _authors(item) or list(feed_authors)  # the spec: items inherit the feed's authors
    tags = item.get("tags")
    if isinstance(tags, list):
        d.categories = [t for t in tags if isinstance(t, str)]
    d.language = _str(item.get("language"))
    d.thumbnail = media_url(_str(item.get("image")) or _str(item.get("banner_image")), url)
    attachments = item.get("attachments")
    for attachment in attachments if isinstance(attachments, list) else []:
        if not isinstance(attachment, dict):
            continue
        link = media_url(_str(attachment.get("url")), url)
        if link:
            d.enclosures.append(
                Enclosure(
                    link,
                    _str(attachment.get("mime_type")),
                    to_int(_str(attachment.get("size_in_bytes"))),
                    to_int(_str(attachment.get("duration_in_seconds"))),
                )
            )
    return finish_entry(d, feed_language)
