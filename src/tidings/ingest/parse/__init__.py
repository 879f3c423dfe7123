"""Feed parsing: bytes in, a typed :class:`~tidings.types.ParsedFeed` out.

``parse_feed`` is the only entry point; see :mod:`.api` for how a document is
routed between the fast lxml reader and the fallbacks.
"""

from tidings.ingest.parse.api import parse_feed

__all__ = ["parse_feed"]
