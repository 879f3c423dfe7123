"""lemon24/reader (PyPI ``reader``, pinned 3.26) as the peer in the ingestion benchmark.

Each phase runs in its own child process against one SQLite file in a fresh
temporary directory on disk, so wall time and peak RSS are the tool's own:

1. ``add``: add every feed URL listed in the farm's OPML (not compared);
2. ``first``: ``update_feeds()`` with reader's defaults (``workers=1``);
3. ``second``: ``update_feeds(scheduled=False)``, the all-304 pass. reader only
   updates feeds that are due by default, and none is due an hour after the
   first pass, so ``scheduled=False`` is what makes it ask the farm again;
4. ``search``: ``enable_search()`` then ``update_search()``, timed apart: reader
   builds its full-text index in a separate step, Tidings during ingestion.

reader's ``update_feeds(workers=N)`` fetches with N threads (parsing and storing
stay serial); ``--workers N`` runs that variant, which is reported under its own
label and never as reader's default figure.

Usage::

    .venv/bin/python bench/peer_reader.py --farm http://127.0.0.1:PORT [--workers 1] [--no-search]

prints one JSON object. Needs ``reader==3.26`` and ``sgmllib3k`` (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FarmPass, dir_bytes, get_bytes, mb, run_measured

PHASE_TIMEOUT = {"add": 300.0, "first": 1800.0, "second": 1200.0, "search": 1800.0, "count": 300.0}


# -- the phases, each run in a child process ---------------------------------


def phase(name: str, db: str, farm: str, workers: int) -> dict:
    from reader import make_reader

    reader = make_reader(db)
    try:
        started = time.perf_counter()
        out: dict = {"phase": name}
        if name == "add":
            opml = ET.fromstring(get_bytes(f"{farm}/opml.xml"))
            urls = [o.get("xmlUrl") for o in opml.iter("outline") if o.get("xmlUrl")]
            for url in urls:
                reader.add_feed(url, exist_ok=True)
            out["added"] = len(urls)
        elif name == "first":
            reader.update_feeds(workers=workers)
        elif name == "second":
            reader.update_feeds(scheduled=False, workers=workers)
        elif name == "search":
            reader.enable_search()
            out["enable_seconds"] = round(time.perf_counter() - started, 3)
            reader.update_search()
        elif name == "count":
            feeds = reader.get_feed_counts()
            out["feeds"] = feeds.total
            out["feeds_failed"] = feeds.broken
            out["entries"] = reader.get_entry_counts().total
            from reader import __version__

            out["version"] = __version__
        out["seconds"] = round(time.perf_counter() - started, 3)
        return out
    finally:
        reader.close()


# -- the driver ------------------------------------------------------------


def run_phase(name: str, db: Path, farm: str, workers: int) -> dict:
    argv = [sys.executable, __file__, "--phase", name, "--db", str(db), "--farm", farm,
            "--workers", str(workers)]
    m = run_measured(argv, timeout=PHASE_TIMEOUT[name])
    reported = m.last_json()
    if m.returncode != 0 or reported is None:
        raise RuntimeError(f"reader phase {name} failed (rc={m.returncode}, timed out: "
                           f"{m.timed_out}):\n{m.stderr[-3000:]}")
    return {"wall_seconds": m.wall_seconds, "peak_rss_mb": m.peak_rss_mb,
            "cpu_seconds": m.cpu_seconds, "db_mb": mb(dir_bytes(db.parent)), **reported}


def run(farm_url: str, *, workers: int = 1, search: bool = True, farm=None,
        tmp_root: str | None = None, keep: bool = False, log=print) -> dict:
    """Run every phase against the farm; ``farm`` (a ``FarmProcess``) adds farm-side figures."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-reader-", dir=tmp_root))
    db = tmp / "db.sqlite"
    result: dict = {"tool": "reader", "workers": workers,
                    "label": "reader 3.26" + ("" if workers == 1 else f" (workers={workers})"),
                    "data_dir": str(tmp),
                    "notes": [("update_feeds(workers=N) exists (threads for fetching); "
                               f"this run used workers={workers}"),
                              "304 pass uses update_feeds(scheduled=False)"]}
    try:
        steps = ["add", "first", "second"] + (["search"] if search else [])
        for name in steps:
            log(f"reader: {name} ...")
            if farm is not None and name in ("first", "second"):
                with FarmPass(farm) as fp:
                    result[name] = run_phase(name, db, farm_url, workers)
                result[name]["farm"] = fp.result
            else:
                result[name] = run_phase(name, db, farm_url, workers)
            log(f"reader: {name} {result[name]['wall_seconds']:.1f} s, "
                f"{result[name]['peak_rss_mb']:.0f} MB")
            if name == "second":  # the counts before search adds its tables
                result["count"] = run_phase("count", db, farm_url, workers)
                result["db_mb_before_search"] = result["count"]["db_mb"]
        result["db_mb"] = mb(dir_bytes(tmp))
        result["version"] = result["count"].get("version")
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--farm", required=True, help="the farm's base URL, http://127.0.0.1:PORT")
    ap.add_argument("--workers", type=int, default=1, help="update_feeds(workers=N); reader's default is 1")
    ap.add_argument("--no-search", action="store_true", help="skip enable_search() + update_search()")
    ap.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    ap.add_argument("--phase", choices=sorted(PHASE_TIMEOUT), help=argparse.SUPPRESS)
    ap.add_argument("--db", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not args.farm.startswith("http://127.0.0.1:"):
        ap.error("the farm must be on http://127.0.0.1")
    if args.phase:
        print(json.dumps(phase(args.phase, args.db, args.farm, args.workers)), flush=True)
        return
    result = run(args.farm, workers=args.workers, search=not args.no_search, keep=args.keep,
                 log=lambda msg: print(msg, file=sys.stderr, flush=True))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
