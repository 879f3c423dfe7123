"""One fetched page -> one :class:`ExtractedArticle`: the step ingestion and ``tidings extract`` share.

Pure (no network, database or clock): :func:`extract_page` takes the bytes a
fetch returned, with the site's rule and learned lines, and never raises for
any content. What it adds to :func:`tidings.content.extract.extract_article`:

- the server's Content-Type is believed when it names something that is not
  HTML (an image, a PDF, JSON): such a body is never parsed;
- an admin's site rule (CSS selectors to keep or drop) is applied first;
- a login wall (a sign-in form and almost no text) is named as such, so the
  reader sees why there is no full text.

:func:`caption_tracks` lists the caption tracks a page offers
(``<track kind="captions|subtitles" src=...>`` in a video page), which the
background extraction reads as the entry's text when the page has no article.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from cssselect import SelectorError
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from tidings.content.extract import ExtractedArticle, ExtractionStatus, extract_article
from tidings.content.extract.article import bounds_problem, count_words, parse_html
from tidings.content.extract.decode import decode_html
from tidings.store.fulltext import html_to_text
from tidings.types import SiteRule, TranscriptLink

# Feed content under this many words of plain text is a summary: fetch the page.
SHORT_CONTENT_WORDS = 120
# A page with a sign-in form and fewer words than this is a login wall.
LOGIN_WALL_WORDS = 150

_HTML_TYPES = frozenset(
    ["text/html", "application/xhtml+xml", "application/octet-stream", "binary/octet-stream", ""]
)
_PASSWORD_INPUT = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password", re.IGNORECASE)
_SIGN_IN_PROMPT = re.compile(
    r"\b(?:sign|log)\s*in\b[^.\n]{0,60}\b(?:continue|read|access|view)\b"
    r"|\b(?:subscribe|subscribers?)\b[^.\n]{0,40}\b(?:continue|read the (?:full|rest))",
    re.IGNORECASE,
)


def feed_text_is_short(summary: str | None, content: str | None) -> bool:
    """Whether an entry's own text is a summary rather than the article."""
    words, _ = count_words(html_to_text(content or summary))
    return words < SHORT_CONTENT_WORDS


def declared_not_html(content_type: str | None) -> str | None:
    """The reason a body declared as ``content_type`` is not an article page, or None."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime in _HTML_TYPES:
        return None
    return f"the address serves {mime}, not an HTML page"


def extract_page(
    body: bytes,
    *,
    url: str | None,
    content_type: str | None,
    rule: SiteRule | None = None,
    site_lines: frozenset[str] = frozenset(),
) -> ExtractedArticle:
    """The article in one fetched page (or file). Never raises for any ``body``."""
    reason = declared_not_html(content_type)
    if reason is not None:
        return ExtractedArticle(ExtractionStatus.NOT_HTML, reason=reason)
    page: bytes | str = body
    if rule is not None and (rule.keep_selector or rule.drop_selector):
        # The extractor's own decoding, parsing and bounds, so a rule never hides bad input.
        decoded = decode_html(body)
        if decoded.status is not ExtractionStatus.OK:
            return ExtractedArticle(decoded.status, reason=decoded.reason)
        tree, too_deep = parse_html(decoded.html)
        if tree is None:
            return ExtractedArticle(
                ExtractionStatus.NO_ARTICLE, reason="the HTML could not be parsed"
            )
        problem = bounds_problem(decoded.html, tree, too_deep)
        if problem is not None:
            return problem
        page = apply_site_rule(tree, rule)
    article = extract_article(page, url=url, site_lines=site_lines)
    if article.status in (ExtractionStatus.OK, ExtractionStatus.NO_ARTICLE) and _login_wall(
        page, article
    ):
        return ExtractedArticle(
            ExtractionStatus.LOGIN_WALL,
            title=article.title,
            site_name=article.site_name,
            language=article.language,
            canonical_url=article.canonical_url,
            reason="the page asks the reader to sign in (a login wall); the feed's text is kept",
        )
    return article


def _login_wall(page: bytes | str, article: ExtractedArticle) -> bool:
    if article.word_count >= LOGIN_WALL_WORDS:
        return False
    head = page[:400_000]
    sample = head.decode("utf-8", "replace") if isinstance(head, bytes) else head
    if _PASSWORD_INPUT.search(sample):
        return True
    return article.word_count < 60 and bool(_SIGN_IN_PROMPT.search(html_to_text(sample)))


def apply_site_rule(doc: HtmlElement, rule: SiteRule) -> str:
    """The page with the rule's drop selector removed and, when it matches, only the kept part.

    ``doc`` (a parsed page) is changed in place. A keep selector that matches
    nothing leaves the page whole (the site has changed its markup; extraction
    without the rule beats no text). ``<head>`` always stays, for the metadata.
    """
    if rule.drop_selector:
        for element in CSSSelector(rule.drop_selector, translator="html")(doc):
            if element.getparent() is not None:
                element.drop_tree()
    if rule.keep_selector:
        kept = CSSSelector(rule.keep_selector, translator="html")(doc)
        chosen = set(kept)
        top = [el for el in kept if not any(a in chosen for a in el.iterancestors())]
        body = doc.find("body")
        if top and body is not None:
            new_body = lxml.html.Element("body")
            for element in top:
                element.tail = None
                new_body.append(element)  # moves it out of the old body
            doc.replace(body, new_body)
    return lxml.html.tostring(doc, encoding="unicode")


def check_selector(selector: str) -> str | None:
    """Why ``selector`` is not a usable CSS selector, or None."""
    try:
        CSSSelector(selector, translator="html")
    except (SelectorError, ValueError) as exc:
        return str(exc) or "invalid selector"
    return None


@dataclass(frozen=True, slots=True)
class CaptionTrack:
    """A ``<track>`` of captions or subtitles in a page."""

    url: str
    language: str | None = None  # srclang
    label: str | None = None  # as shown in the player: "English (auto-generated)"

    @property
    def link(self) -> TranscriptLink:
        """The track as a transcript link, like a feed's ``podcast:transcript``."""
        return TranscriptLink(self.url, caption_type(self.url), self.language)


# Tracks are looked for in the first 2 MB of a page, at most this many.
_TRACK_SCAN_BYTES = 2 * 1024 * 1024
_MAX_TRACKS = 20
_TRACK_TAG = re.compile(rb"<track\b([^>]{0,2000})>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_DEFAULT = re.compile(r"(?:^|\s)default(?:\s|/|$)", re.IGNORECASE)
_CAPTION_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip"}


def caption_tracks(body: bytes, *, url: str | None) -> list[CaptionTrack]:
    """The caption and subtitle tracks of a page, the default one first; [] when none.

    A regular expression over the first 2 MB, not a parse: ``<track>`` is a
    void element with a few attributes, and this runs on pages the extractor
    found no article in. ``src`` is resolved against ``url``; only http(s)
    addresses are kept (the fetcher's address policy still applies to them).
    The one scan for tracks: callers need no check of their own first (a page
    without ``<track`` costs one pass of a literal-prefixed regular expression).
    """
    found: list[tuple[bool, CaptionTrack]] = []
    for match in _TRACK_TAG.finditer(body, 0, _TRACK_SCAN_BYTES):
        raw = match.group(1).decode("utf-8", "replace")
        attributes = {
            m.group(1).lower(): html.unescape(next(g for g in m.groups()[1:] if g is not None))
            for m in _ATTRIBUTE.finditer(raw)
        }
        default = "default" in attributes or _DEFAULT.search(_ATTRIBUTE.sub(" ", raw)) is not None
        kind = attributes.get("kind", "subtitles").strip().lower()  # subtitles by default
        src = attributes.get("src", "").strip()
        if kind not in ("captions", "subtitles") or not src:
            continue
        address = urljoin(url or "", src)
        if not address.lower().startswith(("http://", "https://")):
            continue
        track = CaptionTrack(
            address,
            attributes.get("srclang", "").strip() or None,
            attributes.get("label", "").strip() or None,
        )
        found.append((default, track))
        if len(found) >= _MAX_TRACKS:
            break
    return [track for _, track in sorted(found, key=lambda pair: not pair[0])]


def caption_type(url: str) -> str | None:
    """The type a caption file's address suggests (``.vtt``, ``.srt``), or None."""
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    return next((t for suffix, t in _CAPTION_TYPES.items() if path.endswith(suffix)), None)
