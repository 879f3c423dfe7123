"""How ``tidings serve`` runs the app under uvicorn: one process, or several workers.

With ``--workers N`` uvicorn starts N processes, each importing the app from a
factory (:func:`app_from_environment`): the settings come from the same
``TIDINGS_*`` environment and configuration file, the web options from one
variable the parent sets. Each worker opens its own database connections; the
reader's sidebar cache is per process and checks the database's counters on
every request, so workers never show each other stale counts. The sign-in rate
limit is kept in the database, so all workers share it.

On Linux each worker listens on its own socket bound with ``SO_REUSEPORT``, and
the kernel spreads new connections across them. With one shared socket (what
``uvicorn --workers`` does) the first worker to wake accepts a whole burst of
connections: 20 keep-alive clients ended up 15 on one worker and 5 on the other,
so one core idled while the other queued. Elsewhere uvicorn's own supervisor runs.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from dataclasses import asdict
from typing import Any

from tidings.web.config import WebConfig

CONFIG_VARIABLE = "_TIDINGS_SERVE_WEB_CONFIG"  # not TIDINGS_*: Settings would refuse it
FACTORY = "tidings.web.server:app_from_environment"
WORKER_START_SECONDS = 30.0  # a worker that dies sooner failed to start: stop, do not loop
log = logging.getLogger("uvicorn.error")


def fast_protocols() -> dict[str, str]:
    """uvloop and httptools when installed (``uvicorn[standard]``, a dependency), else the
    pure-Python asyncio loop and h11. One request at a time they save about 0.2 ms a request
    (/api/v1/me 1.58 -> 1.36 ms, /unread 5.44 -> 5.23 ms); under 20 clients the handlers'
    own CPU time dominates and the difference is within the noise (bench/README.md)."""
    from importlib.util import find_spec

    return {
        "loop": "uvloop" if find_spec("uvloop") else "asyncio",
        "http": "httptools" if find_spec("httptools") else "h11",
    }


def run(app: Any, host: str, port: int, config: WebConfig, workers: int = 1) -> None:
    import uvicorn

    options: dict[str, Any] = {
        **fast_protocols(),
        "host": host,
        "port": port,
        "proxy_headers": False,  # X-Forwarded-* is read by the app itself, only with --behind-proxy
        "server_header": False,
        "access_log": False,
        "log_level": "info",
        "backlog": 1024,
    }
    if workers == 1:
        settle_heap()
        uvicorn.run(app, **options)
        return
    os.environ[CONFIG_VARIABLE] = json.dumps(asdict(config))
    if not reuse_port_spreads_connections():
        uvicorn.run(FACTORY, factory=True, workers=workers, **options)
        return
    _check_port_free(host, port)
    uvicorn.Config(FACTORY, factory=True, **options)  # sets up uvicorn's logging, here too
    if not _Supervisor(workers, options).run():
        raise SystemExit(1)


def reuse_port_spreads_connections() -> bool:
    """Linux balances connections across ``SO_REUSEPORT`` listeners; macOS and the BSDs
    accept the option but hand every connection to one of them."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int, backlog: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` that other workers may bind as well."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    return sock


def _check_port_free(host: str, port: int) -> None:
    """Refuse a port someone already listens on. Without this check a second ``tidings
    serve`` with ``SO_REUSEPORT`` would silently share its connections with the first."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise SystemExit(f"Cannot listen on {host}:{port}: {exc.strerror}. Is another"
                             " server running there? Stop it or choose another --port.") from exc


def _serve_worker(options: dict[str, Any]) -> None:
    """One worker process: its own listener on the shared port, uvicorn on it."""
    import uvicorn

    sock = listening_socket(options["host"], options["port"], options["backlog"])
    uvicorn.Server(uvicorn.Config(FACTORY, factory=True, **options)).run(sockets=[sock])


class _Supervisor:
    """Starts the workers, replaces one that dies, stops them all on SIGINT or SIGTERM
    (each finishes its requests in flight: uvicorn's graceful shutdown)."""

    def __init__(self, workers: int, options: dict[str, Any]) -> None:
        self._count = workers
        self._options = options
        self._context = multiprocessing.get_context("spawn")  # no forked database handles
        self._workers: list[tuple[Any, float]] = []
        self._stopping = False
        self._failed = False

    def run(self) -> bool:
        """Serve until told to stop; False when a worker could not start."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._stop)
        self._workers = [self._start() for _ in range(self._count)]
        while not self._stopping:
            time.sleep(0.2)
            self._replace_dead()
        for process, _ in self._workers:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn drains and exits
        for process, _ in self._workers:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
        return not self._failed

    def _start(self) -> tuple[Any, float]:
        process = self._context.Process(target=_serve_worker, args=(self._options,),
                                        name="tidings-worker", daemon=False)
        process.start()
        return process, time.monotonic()

    def _replace_dead(self) -> None:
        for i, (process, started) in enumerate(self._workers):
            if process.is_alive() or self._stopping:
                continue
            if time.monotonic() - started < WORKER_START_SECONDS and process.exitcode != 0:
                log.error("Worker %s exited with %s while starting; stopping.",
                          process.pid, process.exitcode)
                self._stopping = self._failed = True
                return
            log.warning("Worker %s exited with %s; starting another.", process.pid,
                        process.exitcode)
            self._workers[i] = self._start()

    def _stop(self, signum: int, _frame: Any) -> None:
        log.info("Received %s, stopping the workers.", signal.Signals(signum).name)
        self._stopping = True


def app_from_environment() -> Any:
    """The app of one worker process (uvicorn calls this in each)."""
    from tidings.services.database import open_database
    from tidings.settings import load_settings
    from tidings.web import create_app

    settings = load_settings()
    config = WebConfig(**json.loads(os.environ.get(CONFIG_VARIABLE) or "{}"))
    app = create_app(open_database(settings, migrate_empty=False), settings, config)
    settle_heap()
    return app


def settle_heap() -> None:
    """Move everything the server built at start-up out of the garbage collector's sight.

    The modules, routes, models and templates loaded at start-up (~150,000 objects) live
    as long as the process, yet every full collection walked them all: 45-75 ms during
    which a worker answers nothing, a few times a minute under load. Frozen, a full
    collection walks only what requests created since (4 ms), as gunicorn's preloading
    servers and Instagram's do (gc.freeze's documented use).
    """
    gc.collect()
    gc.freeze()
