"""The ingestion benchmark: Tidings and lemon24/reader on the same local feed farm.

Starts the farm (``bench/farm.py``) in its own process on 127.0.0.1, runs Tidings
(``bench/run_tidings.py``) and then reader 3.26 (``bench/peer_reader.py``), each
in a fresh temporary directory on disk, and prints the first pass, the all-304
second pass, reader's separate search-index build, feeds/s, entries/s, peak RSS,
database size and feed/entry counts for both, then the reader/Tidings ratios
against the issue's targets:

- first pass, search indexing included, at least 15 times faster than reader;
- the 304 pass at least 10 times faster;
- Tidings' peak RSS under 200 MB.

The issue's reference figures for reader were measured on 2,000 healthy feeds:
``--healthy`` is that condition. Without it the farm mixes in faults (slow,
stalled beyond the timeouts, 500, 301, malformed, huge), and timeouts then
weigh on both tools' wall times.

Usage::

    .venv/bin/python bench/ingest.py                    # 2,000 feeds with faults
    .venv/bin/python bench/ingest.py --healthy          # the reference condition
    .venv/bin/python bench/ingest.py --feeds 200 --skip-reader

The result is also written to ``bench/out/ingest-<UTC timestamp>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peer_reader
import run_tidings
from common import OUT, FarmProcess

TARGETS = {"first_with_search": 15.0, "second": 10.0, "peak_rss_mb": 200.0}


def log(msg: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def _num(value):
    return value if isinstance(value, int | float) else None


def _inner(step: dict):
    """The seconds the tool measured itself (no interpreter start-up, imports, opening the db)."""
    if "error" in step:
        return None
    return _num(step.get("reported", step).get("seconds"))


def _add(a, b):
    return round(a + b, 3) if a is not None and b is not None else None


def summarise(run: dict, farm_feeds: int) -> dict:
    """One tool's row of figures, from the per-step results."""
    first = run.get("first", {})
    second = run.get("second", {})
    search = run.get("search", {})
    count = run.get("count", {})
    first_s = None if "error" in first else _num(first.get("wall_seconds"))
    second_s = None if "error" in second else _num(second.get("wall_seconds"))
    if run["tool"] == "reader":
        search_s = _num(search.get("wall_seconds"))
    else:  # Tidings indexes while it stores: no separate step
        search_s = 0.0 if first_s is not None else None
    with_search = first_s + search_s if first_s is not None and search_s is not None else None
    entries = _num(count.get("entries"))
    failed = _num(count.get("feeds_failed"))
    feeds = _num(count.get("feeds"))
    rss = [_num(run.get(k, {}).get("peak_rss_mb")) for k in ("first", "second", "search")]
    rss = [r for r in rss if r is not None]
    return {
        "label": run.get("label"),
        "first_s": first_s,
        "second_s": second_s,
        "search_s": search_s,
        "first_with_search_s": with_search,
        "feeds_per_s": round(farm_feeds / first_s, 1) if first_s else None,
        "entries_per_s": round(entries / first_s, 1) if first_s and entries is not None else None,
        "entries_per_s_with_search": (round(entries / with_search, 1)
                                      if with_search and entries is not None else None),
        "first_inner_s": _inner(first),
        "second_inner_s": _inner(second),
        "first_with_search_inner_s": _add(_inner(first), _inner(search) if run["tool"] == "reader"
                                          else 0.0),
        "first_cpu_s": _num(first.get("cpu_seconds")),
        "second_cpu_s": _num(second.get("cpu_seconds")),
        "peak_rss_mb": max(rss) if rss else None,
        "db_mb": _num(run.get("db_mb")),
        "feeds_ok": feeds - failed if feeds is not None and failed is not None else None,
        "feeds_failed": failed,
        "entries": entries,
        "first_304s": first.get("farm", {}).get("by_status", {}).get("304"),
        "second_304s": second.get("farm", {}).get("by_status", {}).get("304"),
        "second_200s": second.get("farm", {}).get("by_status", {}).get("200"),
        "errors": [f"{k}: {run[k]['error']}" for k in ("import", "first", "second", "stats")
                   if isinstance(run.get(k), dict) and "error" in run[k]],
    }


def ratios(reader: dict, tidings: dict) -> dict:
    def ratio(key_reader: str, key_tidings: str):
        a, b = reader.get(key_reader), tidings.get(key_tidings)
        return round(a / b, 2) if a and b else None

    r = {
        "first": ratio("first_s", "first_s"),
        "first_with_search": ratio("first_with_search_s", "first_s"),
        "second": ratio("second_s", "second_s"),
        "first_inner": ratio("first_inner_s", "first_inner_s"),
        "first_with_search_inner": ratio("first_with_search_inner_s", "first_inner_s"),
        "second_inner": ratio("second_inner_s", "second_inner_s"),
    }
    return r


def verdicts(r: dict, tidings: dict) -> dict:
    """Each target judged on wall times (whole commands) and on in-process times."""

    def at_least(key: str, goal: float):
        return None if r.get(key) is None else r[key] >= goal

    rss = tidings.get("peak_rss_mb")
    return {
        "first pass with search >= 15x": {"wall": at_least("first_with_search", 15),
                                          "in_process": at_least("first_with_search_inner", 15)},
        "304 pass >= 10x": {"wall": at_least("second", 10),
                            "in_process": at_least("second_inner", 10)},
        "Tidings peak RSS < 200 MB": None if rss is None else rss < 200,
    }


def fmt(value, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        text = f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
    else:
        text = f"{value:,}"
    return text + unit


ROWS = [
    ("first pass (s)", "first_s"),
    ("304 pass (s)", "second_s"),
    ("search index (s)", "search_s"),
    ("first pass + search (s)", "first_with_search_s"),
    ("feeds/s (first pass)", "feeds_per_s"),
    ("entries/s (first pass)", "entries_per_s"),
    ("entries/s (with search)", "entries_per_s_with_search"),
    ("first pass, in-process (s)", "first_inner_s"),
    ("304 pass, in-process (s)", "second_inner_s"),
    ("CPU, first pass (s)", "first_cpu_s"),
    ("CPU, 304 pass (s)", "second_cpu_s"),
    ("peak RSS (MB)", "peak_rss_mb"),
    ("database (MB)", "db_mb"),
    ("feeds ok", "feeds_ok"),
    ("feeds failed", "feeds_failed"),
    ("entries", "entries"),
    ("farm 304s, 304 pass", "second_304s"),
]


def table(result: dict) -> str:
    rows = result["rows"]
    labels = [row["label"] for row in rows]
    width = max(len(name) for name, _ in ROWS) + 2
    cols = [max(12, len(label) + 2) for label in labels]
    lines = ["".ljust(width) + "".join(label.rjust(c) for label, c in zip(labels, cols))]
    for name, key in ROWS:
        lines.append(name.ljust(width) + "".join(fmt(row.get(key)).rjust(c)
                                                  for row, c in zip(rows, cols)))
    r = result.get("ratios")
    if r:
        lines.append("")
        lines.append("reader / Tidings (how many times faster Tidings is):")
        lines.append(f"  first pass, without reader's search index: {fmt(r['first'], 'x')}")
        lines.append(f"  first pass, with reader's search index:    {fmt(r['first_with_search'], 'x')}"
                     "   (target >= 15x)")
        lines.append(f"  304 pass:                                  {fmt(r['second'], 'x')}"
                     "   (target >= 10x)")
        lines.append(f"  in-process (no start-up): first pass {fmt(r['first_inner'], 'x')}, with"
                     f" search {fmt(r['first_with_search_inner'], 'x')}, 304 pass"
                     f" {fmt(r['second_inner'], 'x')}")
    lines.append("")
    lines.append("targets:")
    def word(ok) -> str:
        return "met" if ok else "NOT met" if ok is False else "not measured"

    for name, ok in result["targets"].items():
        if isinstance(ok, dict):
            lines.append(f"  {name}: {word(ok['wall'])} on wall times,"
                         f" {word(ok['in_process'])} in-process")
        else:
            lines.append(f"  {name}: {word(ok)}")
    for row in rows:
        for err in row.get("errors", []):
            lines.append(f"  ! {row['label']}: {err[:400]}")
    c = result["conditions"]
    lines.append("")
    lines.append(f"farm: {c['farm']['feeds']} feeds on {c['farm'].get('hosts', 1)} hosts ({'healthy' if c['healthy'] else 'with faults: ' + json.dumps(c['farm']['faults'])}), "
                 f"{c['farm']['items']:,} items, {c['farm']['bytes'] / 1e6:,.0f} MB; "
                 f"{c['cpus']} CPUs, load {c['load_before']} before, {c['load_after']} after")
    return "\n".join(lines)


def reused_reader(path: Path, args: argparse.Namespace) -> dict:
    """reader's default run from an earlier result, checked to be on the same farm."""
    earlier = json.loads(path.read_text())
    c = earlier["conditions"]
    hosts = args.hosts or max(1, args.feeds // 10)
    same = (c["farm"]["feeds"] == args.feeds and c["healthy"] == args.healthy
            and c["farm"]["seed"] == args.seed and c["farm"].get("hosts", 1) == hosts)
    if not same:
        raise SystemExit(f"{path} was made on another farm (feeds {c['farm']['feeds']}, healthy "
                         f"{c['healthy']}, seed {c['farm']['seed']}, "
                         f"hosts {c['farm'].get('hosts', 1)})")
    for run in earlier["runs"]:
        if run["tool"] == "reader" and run.get("workers", 1) == 1:
            run = dict(run, label=f"reader 3.26 (reused, {c['started'][11:16]} UTC)")
            note = f"reused from {path}, measured {c['started']} at load {c['load_before']}"
            run["notes"] = [*run.get("notes", []), note]
            return run
    raise SystemExit(f"{path} has no reader run with workers=1")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--healthy", action="store_true", help="no faults (the issue's reference condition)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hosts", type=int, default=0,
                    help="ports of 127.0.0.1 the farm spreads its feeds over (default: feeds/10)")
    ap.add_argument("--skip-reader", action="store_true")
    ap.add_argument("--skip-tidings", action="store_true")
    ap.add_argument("--no-reader-search", action="store_true",
                    help="skip reader's enable_search() + update_search() (no with-search ratio)")
    ap.add_argument("--reader-workers", type=int, default=0, metavar="N",
                    help="also run reader with update_feeds(workers=N), reported apart")
    ap.add_argument("--reader-from", metavar="FILE", type=Path,
                    help="reuse reader's figures from an earlier bench/out/ingest-*.json made with"
                         " the same --feeds/--healthy/--seed, instead of running reader (labelled)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary data directories")
    ap.add_argument("--json", action="store_true", help="print the whole result as JSON")
    ap.add_argument("--max-minutes", type=float, default=60.0,
                    help="the farm stops by itself after this long")
    args = ap.parse_args(argv)

    started = datetime.now(UTC)
    conditions = {
        "started": started.isoformat(timespec="seconds"),
        "healthy": args.healthy,
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    runs: list[dict] = []
    reused = reused_reader(args.reader_from, args) if args.reader_from else None
    log(f"starting the farm: {args.feeds} feeds, {'healthy' if args.healthy else 'with faults'}")
    with FarmProcess(args.feeds, healthy=args.healthy, seed=args.seed,
                     max_seconds=args.max_minutes * 60,
                     extra=["--hosts", str(args.hosts)] if args.hosts else None) as farm:
        conditions["farm"] = farm.info
        log(f"farm at {farm.url}: {farm.info['items']:,} items, {farm.info['bytes'] / 1e6:,.0f} MB, "
            f"built in {farm.info['gen_seconds']} s")
        if not args.skip_tidings:
            runs.append(run_tidings.run(farm.url, farm=farm, keep=args.keep, log=log))
        if reused is not None:
            runs.append(reused)
        elif not args.skip_reader:
            runs.append(peer_reader.run(farm.url, farm=farm, keep=args.keep, log=log,
                                        search=not args.no_reader_search))
            if args.reader_workers > 1:
                runs.append(peer_reader.run(farm.url, farm=farm, keep=args.keep, log=log,
                                            workers=args.reader_workers, search=False))
        conditions["farm_stats"] = farm.stats()
    conditions["load_after"] = [round(x, 2) for x in os.getloadavg()]
    conditions["seconds"] = round(time.time() - started.timestamp(), 1)

    rows = [summarise(run, args.feeds) for run in runs]
    by_tool = {run["tool"]: row for run, row in zip(runs, rows) if run.get("workers", 1) == 1}
    result: dict = {"conditions": conditions, "rows": rows, "runs": runs,
                    "targets_wanted": TARGETS}
    if "reader" in by_tool and "tidings" in by_tool:
        result["ratios"] = ratios(by_tool["reader"], by_tool["tidings"])
        result["targets"] = verdicts(result["ratios"], by_tool["tidings"])
    else:
        rss = by_tool.get("tidings", {}).get("peak_rss_mb")
        result["targets"] = {"Tidings peak RSS < 200 MB": None if rss is None else rss < 200}

    OUT.mkdir(exist_ok=True)
    path = OUT / f"ingest-{started:%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(result, indent=2))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(table(result))
        print(f"\n(written to {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
