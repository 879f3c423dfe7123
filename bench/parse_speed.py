"""Parse speed of tidings.ingest.parse.parse_feed on the real-world corpus, against feedparser.

Usage:  .venv/bin/python bench/parse_speed.py [--data ../shared/data/feeds-real] [--runs 3] [--no-feedparser]

Every file listed in manifest.tsv is parsed in this one process. Speed is total
bytes / CPU seconds (time.process_time) for the whole corpus, best of --runs
runs for Tidings, one run for feedparser. Two Tidings figures are printed:

(a) PARSE: ``parse_feed`` alone. This is the parse figure (entry HTML is left
    raw by the parser; sanitising is a later step of the pipeline).
(b) PARSE + CLEAN: ``parse_feed`` then ``clean_entry`` (nh3 sanitising, relative
    URLs made absolute) on *every* entry: what a first-time ingest of a whole
    feed costs. A routine refresh cleans only new and changed entries, so it
    costs between (a) and (b).

Files that raise are listed: only NotAFeedError on genuine non-feeds is
acceptable. The path each file took (fast strict, fast after entity
repair/recovery, feedparser fallback) is counted with its bytes, so a slow
fallback cannot hide inside an average.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections import Counter
from pathlib import Path

from tidings.errors import NotAFeedError
from tidings.ingest.parse import parse_feed
from tidings.ingest.process import clean_entry

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "feeds-real"


def load(data: Path) -> list[tuple[str, bytes]]:
    rows = (data / "manifest.tsv").read_text().splitlines()[1:]
    names = [row.split("\t", 1)[0] for row in rows if row.strip()]
    return [(name, (data / "files" / name).read_bytes()) for name in names]


def run_tidings(
    files: list[tuple[str, bytes]], clean: bool = False
) -> tuple[float, int, dict[str, str], Counter, Counter]:
    entries = 0
    raised: dict[str, str] = {}
    paths: Counter[str] = Counter()
    path_bytes: Counter[str] = Counter()
    start = time.process_time()
    for name, body in files:
        try:
            feed = parse_feed(body, url=f"https://feeds.example/{name}")
            if clean:
                cleaned = [clean_entry(e) for e in feed.entries]
        except NotAFeedError as exc:
            raised[name] = f"NotAFeedError: {exc}"
            path = "not a feed"
        except Exception as exc:  # noqa: BLE001 - the benchmark reports crashes, it does not stop on them
            raised[name] = f"CRASH {type(exc).__name__}: {exc}"
            path = "crash"
        else:
            entries += len(cleaned) if clean else len(feed.entries)
            path = feed.parser + (" (recovered)" if feed.problems else "")
        paths[path] += 1
        path_bytes[path] += len(body)
    return time.process_time() - start, entries, raised, paths, path_bytes


def run_feedparser(files: list[tuple[str, bytes]]) -> tuple[float, int, int]:
    import feedparser

    entries = crashes = 0
    start = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _name, body in files:
            try:
                entries += len(feedparser.parse(body).entries)
            except Exception:  # noqa: BLE001
                crashes += 1
    return time.process_time() - start, entries, crashes


def print_breakdown(files: list[tuple[str, bytes]], total: int) -> None:
    """Where the time goes: one more (b) run with the sanitiser and lxml's parse timed apart."""
    from tidings.ingest import process
    from tidings.ingest.parse import api

    spent = {"sanitise (nh3, clean)": 0.0, "XML parse (lxml)": 0.0}
    sanitize, fromstring = process.sanitize_html, api.etree.fromstring

    def timed_sanitize(html: str, *, base_url: str | None = None) -> str:
        started = time.process_time()
        try:
            return sanitize(html, base_url=base_url)
        finally:
            spent["sanitise (nh3, clean)"] += time.process_time() - started

    def timed_fromstring(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.process_time()
        try:
            return fromstring(*args, **kwargs)
        finally:
            spent["XML parse (lxml)"] += time.process_time() - started

    process.sanitize_html = timed_sanitize
    api.etree.fromstring = timed_fromstring
    try:
        seconds = run_tidings(files, clean=True)[0]
    finally:
        process.sanitize_html = sanitize
        api.etree.fromstring = fromstring
    print(f"breakdown of one (b) run ({seconds:.3f} CPU s, timers add a little overhead):")
    rest = seconds - sum(spent.values())
    for part, value in [*spent.items(), ("everything else (Python)", rest)]:
        print(f"  {part:<26} {value:.3f} s  {100 * value / seconds:4.1f}%")


def best_of(files: list[tuple[str, bytes]], runs: int, clean: bool, total: int, label: str):  # type: ignore[no-untyped-def]
    best = None
    for run in range(runs):
        result = run_tidings(files, clean=clean)
        print(f"  {label} run {run + 1}: {result[0]:.3f} CPU s, {total / result[0] / 1e6:.1f} MB/s")
        if best is None or result[0] < best[0]:
            best = result
    assert best is not None
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-feedparser", action="store_true")
    args = parser.parse_args()
    files = load(args.data.resolve())
    total = sum(len(body) for _, body in files)
    print(f"corpus: {len(files)} files, {total / 1e6:.2f} MB")

    best = best_of(files, args.runs, False, total, "(a) parse")
    seconds, entries, raised, paths, path_bytes = best
    speed = total / seconds / 1e6
    print("paths taken (files, MB):")
    for path, count in paths.most_common():
        print(f"  {path:<22} {count:4d} files {path_bytes[path] / 1e6:7.2f} MB")
    crashes = {k: v for k, v in raised.items() if v.startswith("CRASH")}
    for name, message in sorted(raised.items()):
        print(f"  raised: {name}: {message[:140]}")

    clean_best = best_of(files, args.runs, True, total, "(b) parse + clean")
    clean_speed = total / clean_best[0] / 1e6
    crashes.update({k: v for k, v in clean_best[2].items() if v.startswith("CRASH")})

    print()
    print(
        f"(a) PARSE (parse_feed alone; the issue's parse figure): {speed:.1f} MB/s"
        f" (best of {args.runs}), {entries} entries, {len(raised)} files refused"
    )
    print(
        f"(b) PARSE + CLEAN (parse_feed + clean_entry on every entry, a first-time ingest):"
        f" {clean_speed:.1f} MB/s (best of {args.runs}), {clean_best[1]} entries"
    )
    print(f"crashes (anything but NotAFeedError): {len(crashes)}")
    print()
    print_breakdown(files, total)

    if not args.no_feedparser:
        fp_seconds, fp_entries, fp_crashes = run_feedparser(files)
        fp_speed = total / fp_seconds / 1e6
        print(
            f"feedparser: {fp_speed:.2f} MB/s (one run), {fp_entries} entries, {fp_crashes} crashes"
        )
        print(
            f"ratio tidings/feedparser: (a) parse {speed / fp_speed:.1f}x,"
            f" (b) parse + clean {clean_speed / fp_speed:.1f}x"
        )


if __name__ == "__main__":
    main()
