"""Helpers shared by the ingestion benchmark scripts: the farm process, measured
child processes, sizes on disk and local JSON requests.

Every child process is started with a deadline and killed (with its process
group) when it passes it, so nothing outlives a benchmark run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Self

import psutil

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"


@dataclass(slots=True)
class Measured:
    """One finished child process: its wall time, peak memory and output."""

    argv: list[str]
    returncode: int
    wall_seconds: float
    peak_rss_mb: float  # the larger of the kernel's ru_maxrss and the sampled tree sum
    cpu_seconds: float
    timed_out: bool
    stdout: str
    stderr: str = field(repr=False)

    def last_json(self) -> dict | None:
        """The last stdout line that parses as a JSON object, if any."""
        for line in reversed(self.stdout.strip().splitlines()):
            line = line.strip()
            if line.startswith("{"):
                try:
                    return json.loads(line)
                except ValueError:
                    continue
        return None

    def brief(self) -> dict:
        d = asdict(self)
        d["stdout"] = self.stdout[-2000:]
        d["stderr"] = self.stderr[-2000:]
        return d


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_measured(argv: list[str], *, env: dict[str, str] | None = None, timeout: float,
                 cwd: str | Path | None = None) -> Measured:
    """Run ``argv`` to completion (or ``timeout``), measuring wall time and peak RSS.

    Peak RSS comes from ``wait4`` (the kernel's high-water mark for the child and
    its waited-for descendants) and from sampling the RSS of the whole process
    tree every 50 ms; the larger is kept, so a tool that forks workers is not
    under-counted.
    """
    full_env = {**os.environ, **(env or {})}
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=full_env, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    chunks: dict[str, list[str]] = {"out": [], "err": []}

    def drain(stream, key: str) -> None:
        for line in stream:
            chunks[key].append(line)

    readers = [threading.Thread(target=drain, args=(proc.stdout, "out"), daemon=True),
               threading.Thread(target=drain, args=(proc.stderr, "err"), daemon=True)]
    for t in readers:
        t.start()

    sampled_peak = 0
    timed_out = False
    ps = psutil.Process(proc.pid)
    rusage = None
    try:
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid == proc.pid:
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            sampled_peak = max(sampled_peak, _tree_rss(ps))
            if time.perf_counter() - started > timeout:
                timed_out = True
                status, rusage = _terminate_and_reap(proc.pid)
                proc.returncode = os.waitstatus_to_exitcode(status)
                break
            time.sleep(0.05)
    finally:
        if proc.returncode is None:  # interrupted: leave nothing behind
            kill_group(proc)
            proc.wait(5)
    wall = time.perf_counter() - started
    for t in readers:
        t.join(5)
    maxrss = rusage.ru_maxrss * 1024 if rusage else 0  # KiB on Linux
    cpu = (rusage.ru_utime + rusage.ru_stime) if rusage else 0.0
    return Measured(argv=argv, returncode=proc.returncode, wall_seconds=round(wall, 3),
                    peak_rss_mb=round(max(maxrss, sampled_peak) / 2**20, 1),
                    cpu_seconds=round(cpu, 2), timed_out=timed_out,
                    stdout="".join(chunks["out"]), stderr="".join(chunks["err"]))


def _terminate_and_reap(pid: int, grace: float = 3.0):
    """SIGTERM the group of ``pid``, SIGKILL it after ``grace`` s; return wait4's status and rusage."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            done, status, rusage = os.wait4(pid, os.WNOHANG)
            if done == pid:
                return status, rusage
            time.sleep(0.05)
    _, status, rusage = os.wait4(pid, 0)
    return status, rusage


def kill_group(proc: subprocess.Popen) -> None:
    """SIGTERM the child's process group, then SIGKILL it if still there after 3 s."""
    for sig, grace in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        try:
            proc.wait(grace)
            return
        except subprocess.TimeoutExpired:
            continue


def dir_bytes(path: str | Path) -> int:
    """Bytes of every file under ``path`` (the database and its -wal/-shm files)."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def get_json(url: str, timeout: float = 10.0) -> dict:
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"the benchmark only talks to 127.0.0.1, not {url}")
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return json.load(resp)


def get_bytes(url: str, timeout: float = 10.0) -> bytes:
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError(f"the benchmark only talks to 127.0.0.1, not {url}")
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.read()


def diff_counts(after: dict, before: dict) -> dict:
    keys = sorted(set(after) | set(before))
    return {k: after.get(k, 0) - before.get(k, 0) for k in keys if after.get(k, 0) != before.get(k, 0)}


class FarmProcess:
    """The feed farm in its own process, so the client under test has its CPU to itself.

    Use as a context manager; the farm is stopped on exit and stops by itself
    after ``max_seconds`` or when this process goes away.
    """

    def __init__(self, feeds: int, *, healthy: bool, seed: int = 1, max_seconds: float = 900.0,
                 extra: list[str] | None = None, start_timeout: float = 300.0) -> None:
        self.argv = [sys.executable, str(BENCH / "farm.py"), "--feeds", str(feeds), "--seed",
                     str(seed), "--max-seconds", str(max_seconds), *(["--healthy"] if healthy else []),
                     *(extra or [])]
        self.start_timeout = start_timeout
        self.proc: subprocess.Popen | None = None
        self.info: dict = {}

    def __enter__(self) -> Self:
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=self.stderr,
                                     text=True, start_new_session=True)
        try:
            line = _readline_with_timeout(self.proc, self.start_timeout, self.stderr_tail)
            self.info = json.loads(line)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            kill_group(self.proc)
        if self.proc is not None:
            self.proc.stdout.close()
            self.stderr.close()

    def stderr_tail(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read()[-2000:]

    @property
    def url(self) -> str:
        return self.info["url"]

    @property
    def opml_url(self) -> str:
        return self.info["opml"]

    def stats(self) -> dict:
        return get_json(f"{self.url}/_stats")

    def cpu_seconds(self) -> float:
        try:
            t = psutil.Process(self.proc.pid).cpu_times()
            return t.user + t.system
        except psutil.Error:
            return float("nan")


def _readline_with_timeout(proc: subprocess.Popen, timeout: float, stderr_tail) -> str:
    result: list[str] = []
    t = threading.Thread(target=lambda: result.append(proc.stdout.readline()), daemon=True)
    t.start()
    t.join(timeout)
    if not result or not result[0].strip():
        err = stderr_tail() if proc.poll() is not None else "(still starting)"
        raise RuntimeError(f"the farm did not start within {timeout:.0f} s: {err}")
    return result[0]


class FarmPass:
    """Farm-side figures for one pass: requests per status and the farm's CPU time."""

    def __init__(self, farm: FarmProcess) -> None:
        self.farm = farm

    def __enter__(self) -> Self:
        self.before = self.farm.stats()
        self.cpu_before = self.farm.cpu_seconds()
        return self

    def __exit__(self, *exc) -> None:
        after = self.farm.stats()
        self.result = {
            "requests": after["requests"] - self.before["requests"],
            "by_status": diff_counts(after["by_status"], self.before["by_status"]),
            "by_fault": diff_counts(after["by_fault"], self.before["by_fault"]),
            "mb_sent": round((after["bytes_sent"] - self.before["bytes_sent"]) / 1e6, 1),
            "farm_cpu_seconds": round(self.farm.cpu_seconds() - self.cpu_before, 2),
        }


def mb(n: float) -> float:
    return round(n / 1e6, 1)
