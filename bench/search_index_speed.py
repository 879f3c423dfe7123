"""Cost of building entries' search documents, plain text only versus with stems.

Usage:  .venv/bin/python bench/search_index_speed.py [--data ../shared/data/feeds-real] [--runs 3]

Every feed of the corpus is parsed and its entries cleaned once (not timed);
then, for every entry, the search document is built as the refresh pipeline's
parse thread builds it (``tidings.store.updates.with_search_documents``):

(a) plain text only: ``tidings.store.fulltext.search_document`` (what was
    indexed before stemming, migration 0007);
(b) with stems: ``tidings.store.fulltext.index_document`` (language from the
    entry, else the feed, else detected; Snowball stems of title and body),
    first with the stem cache empty (a fresh process), then warm (best of runs).

Prints microseconds per entry (process CPU time) and the corpus' text volume.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tidings.errors import NotAFeedError
from tidings.ingest.parse import parse_feed
from tidings.ingest.process import clean_entry
from tidings.store import fulltext
from tidings.text import stemming


def entries(data: Path) -> list[tuple[object, str | None]]:
    rows = (data / "manifest.tsv").read_text().splitlines()[1:]
    out = []
    for row in rows:
        name = row.split("\t", 1)[0]
        try:
            feed = parse_feed((data / "files" / name).read_bytes(), url=f"https://x.test/{name}")
        except (NotAFeedError, ValueError):  # genuine non-feeds in the corpus
            continue
        out.extend((clean_entry(e), feed.language) for e in feed.entries)
    return out


def timed(items, build) -> float:
    start = time.process_time()
    for entry, language in items:
        build(entry, language)
    return time.process_time() - start


def plain(entry, language):
    return fulltext.search_document(entry.title, entry.authors, entry.summary, entry.content)


def stemmed(entry, language):
    return fulltext.index_document(
        entry.title, entry.authors, entry.summary, entry.content,
        language=entry.language or language,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("../shared/data/feeds-real"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    items = entries(args.data)
    chars = sum(len(plain(e, lang)[2]) for e, lang in items)
    fulltext._detect("warm the language model up", None)
    cold = timed(items, stemmed)
    warm = min(timed(items, stemmed) for _ in range(args.runs))
    base = min(timed(items, plain) for _ in range(args.runs))
    n = len(items)
    print(f"{n:,} entries, {chars / n:,.0f} characters of body text each on average")
    print(f"(a) plain text only:        {base / n * 1e6:8.1f} us/entry")
    print(f"(b) with stems, cold cache: {cold / n * 1e6:8.1f} us/entry")
    print(f"(b) with stems, warm cache: {warm / n * 1e6:8.1f} us/entry")
    print(f"stem cache: {sum(len(c) for c in stemming._caches.values()):,} words")


if __name__ == "__main__":
    main()
