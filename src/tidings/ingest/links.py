"""Canonical entry links: absolute, tidy, and without tracking parameters.

Two links to the same article often differ only by campaign tags that a
newsletter or a social network appended (``?utm_source=...``). Removing them
lets the store and the story clusterer see one article, and stops Tidings from
passing the tracking on when a reader opens the link.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

# Parameters that only identify a campaign, click or recipient; never content.
# Matched case-insensitively. Prefixes cover families such as utm_source, utm_medium...
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "matomo_", "hsa_", "__hs", "_hs")
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        # ad click identifiers
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "epik",
        "sccid",
        # e-mail and marketing platforms (Mailchimp, HubSpot, Marketo, Vero, Omeda...)
        "mc_cid",
        "mc_eid",
        "mkt_tok",
        "hsctatracking",
        "vero_id",
        "vero_conv",
        "oly_anon_id",
        "oly_enc_id",
        "rb_clickid",
        "wickedid",
        "ml_subscriber",
        "ml_subscriber_hash",
        "s_cid",
        "ncid",
        "sr_share",
        "cmpid",
        # social sharing
        "igshid",
        "igsh",
        "si",
        "ref_src",
        "ref_url",
        "share_id",
        # analytics
        "_ga",
        "_gl",
        "_openstat",
        "ga_source",
        "ga_medium",
        "ga_campaign",
        "ga_content",
        "ga_term",
        "icid",
        "spm",
        "feature",
    }
)
# Short parameters that are tracking on the sites that use them but content elsewhere.
_ONLY_ON_HOSTS: dict[str, frozenset[str]] = {
    "si": frozenset({"youtube.com", "youtu.be", "open.spotify.com", "music.youtube.com"}),
    "feature": frozenset({"youtube.com", "youtu.be"}),
    "spm": frozenset({"aliexpress.com", "taobao.com", "tmall.com"}),
}

_DEFAULT_PORTS = {"http": 80, "https": 443}
# Already canonical: lower-case http(s) host, no port, credentials, query or fragment.
_PLAIN = re.compile(r"https?://[a-z0-9.-]+(/[^?#\s]*)?")


def _is_tracking(name: str, host: str) -> bool:
    lowered = name.lower()
    if lowered.startswith(TRACKING_PREFIXES):
        return True
    if lowered not in TRACKING_PARAMS:
        return False
    hosts = _ONLY_ON_HOSTS.get(lowered)
    if hosts is None:
        return True
    bare = host.removeprefix("www.").removeprefix("m.")
    return any(bare == h or bare.endswith("." + h) for h in hosts)


# A superset of the names above, to skip the per-parameter work for clean queries.
_HINT = re.compile(
    "(?:^|&)(?:" + "|".join(re.escape(p) for p in (*TRACKING_PREFIXES, *TRACKING_PARAMS)) + ")",
    re.IGNORECASE,
)
# http(s) URLs without credentials, port or IPv6 host: most links, handled without urlsplit.
_SIMPLE = re.compile(
    r"(https?)://([a-z0-9.-]+)(/[^?#\s]*)?(?:\?([^#\s]*))?(?:#(\S*))?", re.IGNORECASE
)


def _strip_query(query: str, host: str) -> str:
    if not query or not _HINT.search(query):
        return query
    # Keep every other parameter byte-for-byte and in order: servers may care.
    kept = [
        part for part in query.split("&") if part and not _is_tracking(part.split("=", 1)[0], host)
    ]
    return "&".join(kept)


def canonical_link(url: str) -> str:
    """Return ``url`` with a lower-case scheme and host, no default port and no tracking parameters.

    Paths, other parameters (and their order) and fragments are kept as they are:
    they can distinguish articles. A string that is not a URL is returned stripped.
    """
    url = url.strip()
    plain = _PLAIN.fullmatch(url)
    if plain is not None:
        return url if plain.group(1) else url + "/"
    simple = _SIMPLE.fullmatch(url)
    if simple is not None:
        scheme, host, path, query, fragment = simple.groups()
        host = host.lower()
        result = f"{scheme.lower()}://{host}{path or '/'}"
        if query:
            query = _strip_query(query, host)
            if query:
                result += "?" + query
        if fragment is not None:
            if "=" in fragment and fragment.lower().startswith(TRACKING_PREFIXES):
                fragment = _strip_query(fragment, host)
            if fragment:
                result += "#" + fragment
        return result
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname  # already lower-case
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    path = (parts.path or "/").replace(" ", "%20")
    query = _strip_query(parts.query, parts.hostname or "")
    fragment = parts.fragment
    if fragment and "=" in fragment and fragment.lower().startswith(TRACKING_PREFIXES):
        fragment = _strip_query(fragment, parts.hostname or "")
    return urlunsplit(SplitResult(scheme, netloc, path, query, fragment))


def resolve_url(value: str | None, base: str | None) -> str | None:
    """``value`` made absolute against ``base``; None for empty values or unparsable URLs."""
    if not value:
        return None
    value = value.strip()
    if not value:
        return None
    if not base or value.startswith(("http://", "https://")):
        return value
    try:
        return urljoin(base, value)
    except ValueError:
        return value


def web_link(value: str | None, base: str | None) -> str | None:
    """An absolute, canonical http(s) link, or None when the value is no such link."""
    if not value:
        return None
    plain = _PLAIN.fullmatch(value)
    if plain is not None:  # the common case, cheaply: already absolute and canonical
        return value if plain.group(1) else value + "/"
    absolute = resolve_url(value, base)
    if not absolute or not absolute[:5].lower().startswith(("http:", "https")):
        return None
    return canonical_link(absolute)
