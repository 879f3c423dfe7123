"""Safe asynchronous HTTP fetching for feeds and pages.

- :class:`Fetcher` — the async client (conditional GET, redirects hop by hop,
  size caps enforced while decompressing, per-host limits, rate-limit memory);
- :func:`check_url` / :func:`is_public_address` — the pure address policy,
  for modules that must refuse a URL before anything is fetched (OPML import).
"""

from tidings.ingest.fetch.client import FEED_ACCEPT, HTML_ACCEPT, Fetcher
from tidings.ingest.fetch.netguard import check_url, is_public_address
from tidings.ingest.fetch.resolver import StaticResolver

__all__ = [
    "FEED_ACCEPT",
    "HTML_ACCEPT",
    "Fetcher",
    "StaticResolver",
    "check_url",
    "is_public_address",
]
