"""Tidings in the ingestion benchmark, driven through its command line.

Each step is its own child process, with ``TIDINGS_DATA_DIR`` a fresh
temporary directory on disk and ``TIDINGS_ALLOW_PRIVATE_NETWORKS=true`` (the
farm is on 127.0.0.1, which Tidings refuses by default):

1. ``tidings import-opml http://127.0.0.1:PORT/opml.xml`` (not compared);
2. ``tidings refresh --all --json``: the first pass;
3. ``tidings refresh --all --json`` again: the all-304 pass;
4. ``tidings stats --json``: feeds, entries, feeds in error.

Tidings keeps its full-text index current while it stores entries, so there is
no separate indexing step: its first pass already includes search indexing.

Usage::

    .venv/bin/python bench/run_tidings.py --farm http://127.0.0.1:PORT

prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FarmPass, Measured, dir_bytes, mb, run_measured

STEP_TIMEOUT = {"import": 300.0, "first": 1200.0, "second": 600.0, "stats": 120.0}


def tidings_argv() -> list[str]:
    """The ``tidings`` console script beside this interpreter, else the package's ``__main__``."""
    script = Path(sys.executable).parent / "tidings"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tidings"]


def parse_json(m: Measured) -> dict | None:
    """The JSON object a command printed (it may be indented over several lines)."""
    text = m.stdout.strip()
    start = text.find("{")
    while start != -1:
        try:
            value, _end = json.JSONDecoder().raw_decode(text[start:])
            if isinstance(value, dict):
                return value
        except ValueError:
            pass
        start = text.find("{", start + 1)
    return None


def run_step(name: str, args: list[str], env: dict[str, str], data_dir: Path) -> dict:
    m = run_measured(tidings_argv() + args, env=env, timeout=STEP_TIMEOUT[name])
    out: dict = {"wall_seconds": m.wall_seconds, "peak_rss_mb": m.peak_rss_mb,
                 "cpu_seconds": m.cpu_seconds, "db_mb": mb(dir_bytes(data_dir)),
                 "returncode": m.returncode}
    if m.returncode != 0 or m.timed_out:
        lines = m.stderr.strip().splitlines() or ["(nothing on stderr)"]
        out["error"] = (f"`tidings {' '.join(args)}` exited {m.returncode}"
                        f"{' (timed out)' if m.timed_out else ''}: {lines[-1][:300]}")
        out["stderr_tail"] = "\n".join(lines[-30:])
        return out
    if name in ("first", "second", "stats"):
        reported = parse_json(m)
        if reported is None:
            out["error"] = f"`tidings {' '.join(args)}` printed no JSON: {m.stdout[-500:]!r}"
        else:
            errors = reported.pop("errors", None)
            out["reported"] = reported
            if errors:  # the reasons, by kind, not every URL
                kinds: dict[str, int] = {}
                for e in errors:
                    key = str(e.get("error", ""))[:80]
                    kinds[key] = kinds.get(key, 0) + 1
                out["error_kinds"] = dict(sorted(kinds.items(), key=lambda kv: -kv[1])[:10])
    else:
        out["output"] = m.stdout.strip()[-300:]
    return out


def run(farm_url: str, *, farm=None, tmp_root: str | None = None, keep: bool = False,
        log=print, extra_env: dict[str, str] | None = None) -> dict:
    """Run the four steps; ``farm`` (a ``FarmProcess``) adds farm-side figures per pass."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-tidings-", dir=tmp_root))
    env = {"TIDINGS_DATA_DIR": str(tmp), "TIDINGS_ALLOW_PRIVATE_NETWORKS": "true",
           **(extra_env or {})}
    result: dict = {"tool": "tidings", "label": "Tidings", "data_dir": str(tmp),
                    "notes": ["search index kept current during ingestion (no separate step)"]}
    steps = [("import", ["import-opml", f"{farm_url}/opml.xml"]),
             ("first", ["refresh", "--all", "--json"]),
             ("second", ["refresh", "--all", "--json"]),
             ("stats", ["stats", "--json"])]
    try:
        for name, args in steps:
            log(f"tidings: {name} ...")
            if farm is not None and name in ("first", "second"):
                with FarmPass(farm) as fp:
                    result[name] = run_step(name, args, env, tmp)
                result[name]["farm"] = fp.result
            else:
                result[name] = run_step(name, args, env, tmp)
            step = result[name]
            log(f"tidings: {name} {step['wall_seconds']:.1f} s, {step['peak_rss_mb']:.0f} MB"
                + (f" — {step['error'][:300]}" if "error" in step else ""))
            if "error" in step and name in ("import", "first"):
                break  # nothing sensible follows
        stats = result.get("stats", {}).get("reported", {})
        result["count"] = {"feeds": stats.get("feeds"), "entries": stats.get("entries"),
                           "feeds_failed": stats.get("feeds_in_error")}
        result["db_mb"] = mb(dir_bytes(tmp))
        try:
            from tidings import __version__

            result["version"] = __version__
        except ImportError:
            result["version"] = None
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--farm", required=True, help="the farm's base URL, http://127.0.0.1:PORT")
    ap.add_argument("--keep", action="store_true", help="keep the temporary data directory")
    args = ap.parse_args(argv)
    if not args.farm.startswith("http://127.0.0.1:"):
        ap.error("the farm must be on http://127.0.0.1")
    result = run(args.farm, keep=args.keep, log=lambda msg: print(msg, file=sys.stderr, flush=True))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
