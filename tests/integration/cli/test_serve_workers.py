"""``tidings serve --workers 2`` for real: a listener per worker, both answering, a clean stop."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.support import free_port, run_cli, server_env, tidings_command, tidings_server

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="SO_REUSEPORT balances connections on Linux only")


def listeners(port: int) -> int:
    """Sockets listening on 127.0.0.1:``port`` (from /proc/net/tcp: state 0A is LISTEN)."""
    wanted = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as table:
        rows = [line.split() for line in table.readlines()[1:]]
    return sum(1 for row in rows if row[1] == wanted and row[3] == "0A")


def wait_for_listeners(port: int, count: int, seconds: float = 60) -> int:
    """The listeners on ``port`` once there are ``count`` (workers start one by one)."""
    deadline = time.monotonic() + seconds
    while (found := listeners(port)) != count and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def test_each_worker_listens_and_answers_and_all_stop_on_sigterm(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    run_cli(["user", "add", "ada", "--admin"], env)
    port = free_port()
    command = ["serve", "--port", str(port), "--workers", "2"]
    with tidings_server(command, env, port, tmp_path / "serve.log") as base:
        # Not one shared socket: a listener per worker, and the kernel spreads connections.
        assert wait_for_listeners(port, 2) == 2
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: opener.open(f"{base}/signin", timeout=10).status,
                                     range(40)))
        assert statuses == [200] * 40

        second = subprocess.run([*tidings_command(), *command], check=False, env=env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode != 0
        assert f"Cannot listen on 127.0.0.1:{port}" in second.stderr
        assert listeners(port) == 2  # the first server still has both of its workers

    assert wait_for_listeners(port, 0) == 0


def test_sigterm_stops_the_workers_and_exits_cleanly(tmp_path: Path) -> None:
    env = server_env(tmp_path)
    run_cli(["user", "add", "ada"], env)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([*tidings_command(), "serve", "--port", str(port),
                                 "--workers", "2"], env=env, stdout=out, stderr=subprocess.STDOUT)
    assert wait_for_listeners(port, 2, seconds=90) == 2, log.read_text()
    deadline = time.monotonic() + 90  # both apps loaded, so both have uvicorn's signal handlers
    while log.read_text().count("Application startup complete") < 2:
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0, log.read_text()
    assert listeners(port) == 0
    assert log.read_text().count("Finished server process") == 2
