"""Connections handed from the supervisor to its workers, each over a Unix socket.

``tidings serve --workers N``: the supervisor alone listens. It accepts each
connection and passes the socket to the next worker in turn (``SCM_RIGHTS``),
as Node's cluster module does by default; each worker runs uvicorn on the
connections it is handed, with no listener of its own.

Why not let the kernel spread them: a keep-alive connection stays with the
worker that accepted it, so the split at accept time is the split of the work.
With one shared listener (``uvicorn --workers``) the first worker to wake took a
whole burst (20 clients: 15 and 5). With a listener per worker
(``SO_REUSEPORT``) the kernel hashes each connection's addresses: 20 clients
split anywhere between 10/10 and 13/7 from one run to the next, and the worker
holding 13 answered each of them later, which moved p95 by 10-15 ms from run to
run (bench/web_load.py prints the split). In turn, 20 connections are 10 and 10.

One byte travels with each socket: a stream socket carries the descriptor with
the byte it was sent with, so reading one byte at a time gives one socket each.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import Any

import uvicorn

log = logging.getLogger("uvicorn.error")

_TOKEN = b"c"  # sent with each connection
READY = b"r"  # a worker's word back: its app has started


def channel_pair() -> tuple[socket.socket, socket.socket]:
    """(supervisor's end, worker's end) of a new worker's channel."""
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)


def hand_over(channels: list[socket.socket], start: int, connection: socket.socket) -> int:
    """Pass ``connection`` to the first worker from ``start`` (round robin) whose channel
    takes it; returns where the next one starts. A dead or stuck worker is skipped (it is
    replaced by the supervisor); with no worker taking it the connection is closed."""
    count = len(channels)
    for turn in range(count):
        index = (start + turn) % count
        try:
            socket.send_fds(channels[index], [_TOKEN], [connection.fileno()])
        except OSError:  # BrokenPipe: the worker died; BlockingIO: it is not reading
            continue
        return index + 1
    log.warning("No worker could take a connection; it was closed.")
    return start + 1


class HandedServer(uvicorn.Server):
    """uvicorn serving the connections that arrive over ``channel``, with no listener."""

    def __init__(self, config: uvicorn.Config, channel: socket.socket) -> None:
        super().__init__(config)
        self._channel = channel

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=[])  # the app's lifespan; an empty list: no listener
        self._channel.setblocking(False)
        asyncio.get_running_loop().add_reader(self._channel.fileno(), self._receive)
        self._channel.send(READY)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self._close_channel()
        await super().shutdown(sockets=[])

    def _receive(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self._channel, 1, 1)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.error("Lost the supervisor's channel (%s); stopping.", exc)
                data, fds = b"", []
            if not data:  # the supervisor is gone: nobody hands connections any more
                self._close_channel()
                self.should_exit = True
                return
            for fd in fds:
                connection = socket.socket(fileno=fd)
                if self.should_exit:
                    connection.close()
                    continue
                loop.create_task(self._serve_connection(connection))

    async def _serve_connection(self, connection: socket.socket) -> None:
        try:
            await asyncio.get_running_loop().connect_accepted_socket(self._protocol, connection)
        except OSError as exc:  # the client left before it was served
            log.debug("A handed connection failed: %s", exc)
            connection.close()

    def _protocol(self) -> Any:
        # What uvicorn's own listener builds for each connection (Server.startup).
        return self.config.http_protocol_class(  # type: ignore[call-arg]
            config=self.config, server_state=self.server_state, app_state=self.lifespan.state,
        )

    def _close_channel(self) -> None:
        if self._channel.fileno() == -1:
            return
        try:
            asyncio.get_running_loop().remove_reader(self._channel.fileno())
        except RuntimeError:  # no running loop
            pass
        self._channel.close()
