"""Ingestion: fetch (safe HTTP), parse (feed formats), discover, OPML, schedule, refresh."""
