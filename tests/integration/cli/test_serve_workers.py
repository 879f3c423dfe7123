"""``tidings serve --workers 2`` for real: one listener, connections shared evenly by the
workers, all of them answering, a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.support import free_port, run_cli, server_env, tidings_command

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="reads the server's sockets from Linux's /proc")


def _tcp_rows(port: int, state: str) -> list[list[str]]:
    """/proc/net/tcp rows of 127.0.0.1:``port`` in ``state`` (0A listening, 01 established)."""
    wanted = f"0100007F:{port:04X}"
    with open("/proc/net/tcp") as table:
        rows = [line.split() for line in table.readlines()[1:]]
    return [row for row in rows if row[1] == wanted and row[3] == state]


def listeners(port: int) -> int:
    return len(_tcp_rows(port, "0A"))


def wait_for_listeners(port: int, count: int, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while (found := listeners(port)) != count and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def workers(pid: int) -> list[int]:
    """The worker processes of the server ``pid`` (spawned by multiprocessing; not its
    resource tracker)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and _spawned_worker(int(entry)):
                found.append(int(entry))
    return found


def _spawned_worker(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = cmdline.read().split(b"\0")
    except OSError:
        return False
    return any(b"spawn_main" in word for word in words)


def connections_per_worker(server_pid: int, port: int) -> dict[int, int]:
    """The clients' connections each worker process holds (the server's ends on ``port``)."""
    owner = {}
    for pid in workers(server_pid):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                owner[target[8:-1]] = pid
    counts = Counter(owner[row[9]] for row in _tcp_rows(port, "01") if row[9] in owner)
    return {pid: counts.get(pid, 0) for pid in workers(server_pid)}


def started_server(tmp_path: Path, port: int, count: int = 2) -> tuple[subprocess.Popen, Path]:
    """``tidings serve --workers N`` once every worker's app has started."""
    env = server_env(tmp_path)
    run_cli(["user", "add", "ada", "--admin"], env)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [*tidings_command(), "serve", "--port", str(port), "--workers", str(count)],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 90
    while log.read_text().count("is serving.") < count:  # the supervisor heard it
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)
    return proc, log


def keep_alive_get(port: int) -> socket.socket:
    """A client connection that has been answered once and stays open."""
    client = socket.create_connection(("127.0.0.1", port), timeout=10)
    client.sendall(b"GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = b""
    while b"</html>" not in answer:
        chunk = client.recv(65536)
        assert chunk, answer
        answer += chunk
    assert answer.startswith(b"HTTP/1.1 200")
    return client


def test_workers_share_connections_evenly_and_all_answer(tmp_path: Path) -> None:
    port = free_port()
    proc, log = started_server(tmp_path, port)
    try:
        assert listeners(port) == 1  # the supervisor's; it hands connections over in turn
        clients = [keep_alive_get(port) for _ in range(10)]
        shares = connections_per_worker(proc.pid, port)
        assert sorted(shares.values()) == [5, 5], shares
        for client in clients:
            client.close()

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        base = f"http://127.0.0.1:{port}"
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: opener.open(f"{base}/signin", timeout=10).status,
                                     range(40)))
        assert statuses == [200] * 40

        env = server_env(tmp_path)
        second = subprocess.run([*tidings_command(), "serve", "--port", str(port), "--workers",
                                 "2"], check=False, env=env, capture_output=True, text=True,
                                timeout=60)
        assert second.returncode != 0
        assert f"Cannot listen on 127.0.0.1:{port}" in second.stderr
        assert opener.open(f"{base}/signin", timeout=10).status == 200  # the first one serves on
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    assert wait_for_listeners(port, 0) == 0, log.read_text()


def test_a_worker_that_dies_is_replaced_and_connections_go_to_the_living(tmp_path: Path) -> None:
    port = free_port()
    proc, log = started_server(tmp_path, port)
    try:
        victim = workers(proc.pid)[0]
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 90
        while log.read_text().count("is serving.") < 3:
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        assert victim not in workers(proc.pid) and len(workers(proc.pid)) == 2
        clients = [keep_alive_get(port) for _ in range(6)]  # none handed to the dead one
        assert sorted(connections_per_worker(proc.pid, port).values()) == [3, 3]
        for client in clients:
            client.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0, log.read_text()


def test_sigterm_stops_the_workers_and_exits_cleanly(tmp_path: Path) -> None:
    port = free_port()
    proc, log = started_server(tmp_path, port)  # both apps loaded: both handle SIGTERM
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0, log.read_text()
    assert listeners(port) == 0
    assert log.read_text().count("Finished server process") == 2
