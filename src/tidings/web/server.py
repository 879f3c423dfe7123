"""How ``tidings serve`` runs the app under uvicorn: one process, or several workers.

With ``--workers N`` a supervisor process listens and hands each connection to
the workers in turn (:mod:`tidings.web.handoff`, which says why); each worker
builds the app from a factory (:func:`app_from_environment`): the settings come
from the same ``TIDINGS_*`` environment and configuration file, the web options
from one variable the supervisor sets. Each worker opens its own database
connections; the reader's sidebar cache is per process and checks the
database's counters on every request, so workers never show each other stale
counts. The sign-in rate limit is kept in the database, so all workers share
it. Where sockets cannot be passed between processes (Windows), uvicorn's own
supervisor runs.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import selectors
import signal
import socket
from dataclasses import asdict, dataclass
from typing import Any

from tidings.web.config import WebConfig
from tidings.web.handoff import READY, HandedServer, channel_pair, hand_over

CONFIG_VARIABLE = "_TIDINGS_SERVE_WEB_CONFIG"  # not TIDINGS_*: Settings would refuse it
FACTORY = "tidings.web.server:app_from_environment"
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
    if not hasattr(socket, "send_fds"):
        uvicorn.run(FACTORY, factory=True, workers=workers, **options)
        return
    listener = listening_socket(host, port, options["backlog"])
    uvicorn.Config(FACTORY, factory=True, **options)  # sets up uvicorn's logging, here too
    log.info("Listening on http://%s:%d with %d workers", host, port, workers)
    with listener:
        if not _Supervisor(workers, options, listener).run():
            raise SystemExit(1)


def listening_socket(host: str, port: int, backlog: int) -> socket.socket:
    """The supervisor's listening socket on ``host:port``, or a clear refusal."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT, not a listener
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SystemExit(f"Cannot listen on {host}:{port}: {exc.strerror}. Is another"
                         " server running there? Stop it or choose another --port.") from exc
    sock.listen(backlog)
    return sock


def _serve_worker(options: dict[str, Any], channel: socket.socket) -> None:
    """One worker process: uvicorn on the connections the supervisor hands over."""
    import uvicorn

    HandedServer(uvicorn.Config(FACTORY, factory=True, **options), channel).run()


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process
    channel: socket.socket  # the supervisor's end: connections go out, "ready" comes back
    ready: bool = False  # its app has started: it is handed connections


class _Supervisor:
    """Starts the workers, hands the listener's connections to those ready in turn,
    replaces one that dies, stops them all on SIGINT or SIGTERM (each finishes its
    requests in flight: uvicorn's graceful shutdown). A worker that dies before it is
    ready failed to start: the server stops rather than start it again and again."""

    def __init__(self, workers: int, options: dict[str, Any], listener: socket.socket) -> None:
        self._count = workers
        self._options = options
        self._listener = listener
        self._context = multiprocessing.get_context("spawn")  # no forked database handles
        self._selector = selectors.DefaultSelector()
        self._workers: list[_Worker] = []
        self._accepting = False
        self._next = 0  # where the round of ready workers goes on
        self._stopping = False
        self._failed = False

    def run(self) -> bool:
        """Serve until told to stop; False when a worker could not start."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._stop)
        self._listener.setblocking(False)
        self._workers = [self._start() for _ in range(self._count)]
        with self._selector:
            while not self._stopping:
                # Until a worker is ready, clients wait in the listener's backlog.
                self._accept(any(worker.ready for worker in self._workers))
                for key, _ in self._selector.select(timeout=0.2):
                    if key.fileobj is self._listener:
                        self._hand_over_waiting()
                    else:
                        self._hear_from(key.data)
                self._replace_dead()
        self._listener.close()  # new clients are refused while the workers drain
        for worker in self._workers:
            if worker.process.is_alive():
                worker.process.terminate()  # SIGTERM: uvicorn drains and exits
        for worker in self._workers:
            worker.process.join(timeout=30)
            if worker.process.is_alive():
                worker.process.kill()
            worker.channel.close()
        return not self._failed

    def _accept(self, accepting: bool) -> None:
        if accepting and not self._accepting:
            self._selector.register(self._listener, selectors.EVENT_READ)
        elif self._accepting and not accepting:
            self._selector.unregister(self._listener)
        self._accepting = accepting

    def _hand_over_waiting(self) -> None:
        channels = [worker.channel for worker in self._workers if worker.ready]
        while channels and not self._stopping:
            try:
                connection, _ = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:  # out of file descriptors, say: the client waits in the backlog
                log.warning("Could not accept a connection: %s", exc)
                return
            with connection:  # the worker holds its own copy once handed over
                self._next = hand_over(channels, self._next, connection)

    def _hear_from(self, worker: _Worker) -> None:
        try:
            said = worker.channel.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            said = b""
        if not said:  # the worker is gone; _replace_dead starts another
            self._selector.unregister(worker.channel)
        elif READY in said and not worker.ready:
            worker.ready = True
            log.info("Worker %s is serving.", worker.process.pid)

    def _start(self) -> _Worker:
        ours, theirs = channel_pair()
        process = self._context.Process(target=_serve_worker, args=(self._options, theirs),
                                        name="tidings-worker", daemon=False)
        process.start()
        theirs.close()
        ours.setblocking(False)  # a worker that stops reading is skipped, not waited for
        worker = _Worker(process, ours)
        self._selector.register(ours, selectors.EVENT_READ, worker)
        return worker

    def _replace_dead(self) -> None:
        for i, worker in enumerate(self._workers):
            if worker.process.is_alive() or self._stopping:
                continue
            if not worker.ready:
                log.error("Worker %s exited with %s while starting; stopping.",
                          worker.process.pid, worker.process.exitcode)
                self._stopping = self._failed = True
                return
            log.warning("Worker %s exited with %s; starting another.", worker.process.pid,
                        worker.process.exitcode)
            if worker.channel in {key.fileobj for key in self._selector.get_map().values()}:
                self._selector.unregister(worker.channel)
            worker.channel.close()
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
