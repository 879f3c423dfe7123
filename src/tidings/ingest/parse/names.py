"""Element names, normalised: ``{namespace}local`` to ``prefix:local``.

Feeds spell the same namespace several ways (Media RSS with and without its
trailing slash, Atom 0.3 and 1.0, Dublin Core 1.0 and 1.1). Readers dispatch on
one short name per concept. The core RSS namespaces (RSS 0.90, 1.0, Userland)
and elements without a namespace map to the bare local name; Atom elements map
to ``atom:...`` in every format, so an Atom reader and an ``atom:link`` inside
RSS are handled by the same names. Local names are lower-cased, as feedparser
does: feeds in the wild write ``<Title>``, ``<pubdate>`` and CDF's ``<ITEM>``.
"""

from __future__ import annotations

NAMESPACES: dict[str, str] = {
    "http://backend.userland.com/rss": "",
    "http://backend.userland.com/rss2": "",
    "http://blogs.law.harvard.edu/tech/rss": "",
    "http://purl.org/rss/1.0/": "",
    "http://my.netscape.com/rdf/simple/0.9/": "",
    "http://purl.org/rss/1.0/modules/rss091#": "",
    "http://www.w3.org/2005/Atom": "atom",
    "http://purl.org/atom/ns#": "atom",
    "http://example.com/newformat#": "atom",
    "http://example.com/necho": "atom",
    "http://purl.org/echo/": "atom",
    "uri/of/echo/namespace#": "atom",
    "http://purl.org/pie/": "atom",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/elements/1.0/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://www.itunes.com/DTDs/PodCast-1.0.dtd": "itunes",
    "http://example.com/DTDs/PodCast-1.0.dtd": "itunes",
    "https://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://search.yahoo.com/mrss": "media",
    "http://search.yahoo.com/mrss/": "media",
    "https://search.yahoo.com/mrss/": "media",
    "http://www.youtube.com/xml/schemas/2015": "yt",
    "https://podcastindex.org/namespace/1.0": "podcast",
    "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md": "podcast",
    "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://wellformedweb.org/commentAPI/": "wfw",
    "http://purl.org/rss/1.0/modules/slash/": "slash",
    "http://www.google.com/schemas/play-podcasts/1.0": "googleplay",
}

_FOLDED = {uri.lower().rstrip("/"): prefix for uri, prefix in NAMESPACES.items()}

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
RDF_RESOURCE = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}resource"

_CACHE: dict[str, str] = {}
NAMES = _CACHE  # read directly in hot loops: NAMES.get(tag) or name_of(tag)


def name_of(tag: str) -> str:
    """The normalised name of an lxml tag (cached: feeds repeat a few dozen tags)."""
    name = _CACHE.get(tag)
    if name is not None:
        return name
    if not isinstance(tag, str):  # comments, processing instructions, entities
        return ""
    if tag[:1] == "{":
        uri, _, local = tag[1:].partition("}")
        prefix = NAMESPACES.get(uri)
        if prefix is None:
            # Lenient: publishers mistype case or add a trailing slash.
            prefix = _FOLDED.get(uri.lower().rstrip("/"))
        if prefix is None and uri.startswith("http://backend.userland.com/rss"):
            prefix = ""  # Userland's RSS 2.x namespaces, which some generators still emit
        if prefix is None:
            name = tag
        else:
            name = f"{prefix}:{local.lower()}" if prefix else local.lower()
    else:
        name = tag.lower()
    if len(_CACHE) < 4096:  # hostile documents invent endless namespaces
        _CACHE[tag] = name
    return name
