"""The one HTML sanitiser of Tidings: an allowlist for reading, built on nh3 (ammonia).

Everything a feed or a page gives us passes through :func:`sanitize_html` before
it is stored or shown. The allowlist keeps what a reader needs (text structure,
quotes, lists, figures, tables, links, images, code) and nothing that runs,
loads a document, submits a form or restyles the page. Only http, https and
mailto URLs survive; relative ones are made absolute when a base is known.

The output is a fixed point: sanitising it again changes nothing, so stored
HTML can be re-sanitised safely when the allowlist changes.
"""

from __future__ import annotations

import html as html_module
import re
import threading
from urllib.parse import urljoin

import nh3

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        # text structure
        "p",
        "br",
        "hr",
        "div",
        "span",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "q",
        "cite",
        "address",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "details",
        "summary",
        # inline
        "a",
        "abbr",
        "acronym",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "s",
        "strike",
        "del",
        "ins",
        "mark",
        "small",
        "big",
        "sub",
        "sup",
        "dfn",
        "kbd",
        "samp",
        "var",
        "time",
        "tt",
        "bdi",
        "bdo",
        "ruby",
        "rp",
        "rt",
        "wbr",
        "center",
        "font",
        # code
        "code",
        "pre",
        # media
        "figure",
        "figcaption",
        "img",
        "picture",
        "audio",
        "video",
        "source",
        "track",
        # tables
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "col",
        "colgroup",
    }
)

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "audio": {"src", "controls", "loop", "muted"},
    "video": {"src", "controls", "loop", "muted", "width", "height"},
    "source": {"src", "type", "media"},
    "track": {"src", "kind", "srclang", "label"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "align", "valign"},
    "th": {"colspan", "rowspan", "headers", "scope", "align", "valign"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "abbr": {"title"},
    "bdo": {"dir"},
    "details": {"open"},
}

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"

# script/style content is meaningless as text; the rest of the dropped tags keep their text.
# (object/embed/applet/iframe keep their text: it is the fallback for readers without them.)
_DROP_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "noscript",
    "frame",
    "frameset",
    "noembed",
    "noframes",
    "xmp",
    "textarea",
    "select",
    "math",
    "svg",
}


# One cleaner for every document: relative URLs are resolved by a callback against the
# base of the current call, kept per thread (nh3 calls back on the calling thread).
# A cleaner per base would cost ~50 us to build for every new feed.
_current = threading.local()


def _resolve_relative(url: str) -> str | None:
    base = getattr(_current, "base", None)
    if not base:
        return None  # without a base a relative URL cannot be followed from the reader's page
    try:
        absolute = urljoin(base, url)
    except ValueError:
        return None
    return absolute if absolute[:5].lower().startswith(("http:", "https")) else None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_DROP_WITH_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(URL_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
    url_relative=_resolve_relative,
)


def _usable_base(base_url: str | None) -> str | None:
    if base_url and base_url[:5].lower().startswith(("http:", "https")):
        return base_url
    return None


def sanitize_html(html: str, *, base_url: str | None = None) -> str:
    """Return ``html`` reduced to the reading allowlist, with URLs absolute and safe.

    Idempotent: ``sanitize_html(sanitize_html(x)) == sanitize_html(x)``.
    """
    if not html:
        return ""
    _current.base = _usable_base(base_url)
    try:
        return _CLEANER.clean(html)
    finally:
        _current.base = None


_SPACES = re.compile(r"\s+")
_MARKUP = re.compile(r"[<&]")
_TEXT_ONLY = nh3.Cleaner(
    tags=set(), clean_content_tags=set(_DROP_WITH_CONTENT), attributes={}, link_rel=None
)


def html_to_text(value: str) -> str:
    """Plain text from a field that may hold markup or entities (titles, names).

    Tags are removed (with the content of script/style), entities decoded and
    runs of white space collapsed, so the result can be shown as text.
    """
    if "<" in value:
        value = html_module.unescape(_TEXT_ONLY.clean(value))
    elif "&" in value:
        value = html_module.unescape(value)
    return _SPACES.sub(" ", value).strip()


def looks_like_html(value: str) -> bool:
    """A cheap guess whether a text field holds markup (a tag or an entity)."""
    return bool(_MARKUP.search(value))
