"""Parse speed of tidings.ingest.parse.parse_feed on the real-world corpus, against feedparser.

Usage:  .venv/bin/python bench/parse_speed.py [--data ../shared/data/feeds-real] [--runs 3] [--no-feedparser]

Every file listed in manifest.tsv is parsed in this one process. Speed is total
bytes / CPU seconds (time.process_time) for the whole corpus, best of --runs
runs for Tidings, one run for feedparser. Files that raise are listed: only
NotAFeedError on genuine non-feeds is acceptable. The path each file took (fast
strict, fast after entity repair/recovery, feedparser fallback) is counted with
its bytes, so a slow fallback cannot hide inside an average.
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections import Counter
from pathlib import Path

from tidings.errors import NotAFeedError
from tidings.ingest.parse import parse_feed

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "feeds-real"


def load(data: Path) -> list[tuple[str, bytes]]:
    rows = (data / "manifest.tsv").read_text().splitlines()[1:]
    names = [row.split("\t", 1)[0] for row in rows if row.strip()]
    return [(name, (data / "files" / name).read_bytes()) for name in names]


def run_tidings(
    files: list[tuple[str, bytes]],
) -> tuple[float, int, dict[str, str], Counter, Counter]:
    entries = 0
    raised: dict[str, str] = {}
    paths: Counter[str] = Counter()
    path_bytes: Counter[str] = Counter()
    start = time.process_time()
    for name, body in files:
        try:
            feed = parse_feed(body, url=f"https://feeds.example/{name}")
        except NotAFeedError as exc:
            raised[name] = f"NotAFeedError: {exc}"
            path = "not a feed"
        except Exception as exc:  # noqa: BLE001 - the benchmark reports crashes, it does not stop on them
            raised[name] = f"CRASH {type(exc).__name__}: {exc}"
            path = "crash"
        else:
            entries += len(feed.entries)
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
    """Where the time goes: one more run with the sanitiser and lxml's parse timed apart."""
    import tidings.ingest.parse.api as api
    import tidings.ingest.parse.build as build

    spent = {"sanitise (nh3)": 0.0, "XML parse (lxml)": 0.0}
    sanitize, fromstring = build.sanitize_html, api.etree.fromstring

    def timed_sanitize(html: str, *, base_url: str | None = None) -> str:
        started = time.process_time()
        try:
            return sanitize(html, base_url=base_url)
        finally:
            spent["sanitise (nh3)"] += time.process_time() - started

    def timed_fromstring(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.process_time()
        try:
            return fromstring(*args, **kwargs)
        finally:
            spent["XML parse (lxml)"] += time.process_time() - started

    build.sanitize_html = timed_sanitize
    api.etree.fromstring = timed_fromstring
    try:
        seconds = run_tidings(files)[0]
    finally:
        build.sanitize_html = sanitize
        api.etree.fromstring = fromstring
    print(f"breakdown of one run ({seconds:.3f} CPU s, timers add a little overhead):")
    rest = seconds - sum(spent.values())
    for part, value in [*spent.items(), ("everything else (Python)", rest)]:
        print(f"  {part:<26} {value:.3f} s  {100 * value / seconds:4.1f}%")
    print(
        f"  throughput without the sanitiser: {total / (seconds - spent['sanitise (nh3)']) / 1e6:.1f} MB/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-feedparser", action="store_true")
    args = parser.parse_args()
    files = load(args.data.resolve())
    total = sum(len(body) for _, body in files)
    print(f"corpus: {len(files)} files, {total / 1e6:.2f} MB")

    best = None
    for run in range(args.runs):
        result = run_tidings(files)
        print(f"  tidings run {run + 1}: {result[0]:.3f} CPU s, {total / result[0] / 1e6:.1f} MB/s")
        if best is None or result[0] < best[0]:
            best = result
    assert best is not None
    seconds, entries, raised, paths, path_bytes = best
    speed = total / seconds / 1e6
    print(
        f"tidings: {speed:.1f} MB/s (best of {args.runs}), {entries} entries, {len(raised)} files raised"
    )
    print("paths taken (files, MB):")
    for path, count in paths.most_common():
        print(f"  {path:<22} {count:4d} files {path_bytes[path] / 1e6:7.2f} MB")
    crashes = {k: v for k, v in raised.items() if v.startswith("CRASH")}
    for name, message in sorted(raised.items()):
        print(f"  raised: {name}: {message[:140]}")
    print(f"crashes (anything but NotAFeedError): {len(crashes)}")

    print_breakdown(files, total)

    if not args.no_feedparser:
        fp_seconds, fp_entries, fp_crashes = run_feedparser(files)
        fp_speed = total / fp_seconds / 1e6
        print(
            f"feedparser: {fp_speed:.2f} MB/s (one run), {fp_entries} entries, {fp_crashes} crashes"
        )
        print(f"ratio tidings/feedparser: {speed / fp_speed:.1f}x")


if __name__ == "__main__":
    main()
