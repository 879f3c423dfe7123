"""Safe asynchronous HTTP fetching for feeds and pages.

- :class:`Fetcher` — the async client: conditional GET, redirects followed hop
  by hop, size caps enforced while decompressing, global and per-host limits,
  memory of hosts that asked us to wait;
- :func:`check_url` / :func:`is_public_address` — the pure address policy, for
  modules that must refuse a URL before anything is fetched (OPML import);
- :class:`StaticResolver` — a fixed name table instead of DNS, for tests and demos.

Decisions, and why:

- URLs with a user name or password are refused, not stripped: the secret
  would otherwise be stored and shown, and ``http://good.example@10.0.0.1/``
  reads as a different host than it is.
- Fragments are dropped by :func:`check_url`: they are never sent.
- A name with both public and private addresses keeps only the public ones;
  with none left the fetch fails with :class:`BlockedAddressError`.
- ``allow_private_networks`` lifts the address rule only; http/https only and
  no credentials always hold.
- Timeouts count network time only: a fetch waits for its global and per-host
  slot first, then ``total_timeout`` covers all its hops together.
- A 429 without ``Retry-After`` rests the host 60 s; any wait is capped at
  ``max_interval_minutes`` so a hostile value cannot silence a feed for years.
  A 503 blocks the host only when it says until when.
- On 304 the validators sent are returned when the server does not repeat
  them, so callers can store ``FetchResult.cache`` as it is.
- Cookies are never kept (one shared jar would mix every site's cookies).
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
