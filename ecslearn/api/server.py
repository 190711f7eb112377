"""The HTTP server under `ecslearn serve`: one asyncio event loop, httptools connections.

The loop accepts connections up to `Limits.max_connections` (past the cap it stops accepting, and
new clients wait in the listen backlog until a connection closes), reads and answers each on an
`ecslearn.api.http_connection.HttpConnection`, and once a second closes connections past a
deadline: a request whose head and body have not all arrived `Limits.request_timeout` after its
first byte (so a client that trickles a byte every 2 s cannot hold a connection), a keep-alive
connection idle for `Limits.idle_timeout`, a closing connection whose client does not close.

Why not waitress, which served here before: its HTTP handling (parsing in Python, a WSGI task
per request) cost about a third of the server's time in the API benchmark; llhttp's parser and
asyncio's transports cost a fraction of it, and the limits and AWS-shaped refusals waitress
needed subclasses for are now a small module of ours (`http_connection`).

The loop runs in the thread that calls `serve_forever` (the command's main thread, or a daemon
thread for a notebook: `start_in_thread`); requests are served there, one at a time, as the
simulation serves them anyway. The clock's ticker is the simulation host's own thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
import threading
import time
from typing import TYPE_CHECKING

from ecslearn.api.handler import EcsApp
from ecslearn.api.http_connection import HttpConnection, Limits

if TYPE_CHECKING:
    from ecslearn.api.host import SimulationHost

__all__ = ["EcsHttpServer", "Limits"]

#: Connections waiting to be accepted, past the cap.
BACKLOG = 1024
#: Seconds between looks for connections past a deadline.
MAINTENANCE_SECONDS = 1.0


class EcsHttpServer:
    """The endpoint: answers with `EcsApp` through one `SimulationHost`."""

    def __init__(
        self,
        address: tuple[str, int],
        host: SimulationHost,
        *,
        quiet: bool = False,
        limits: Limits | None = None,
        allow_remote: bool = False,
    ) -> None:
        """Binds the address now (an `OSError` if it is taken); serving starts with
        `serve_forever`."""
        self.host = host
        self.quiet = quiet
        self.limits = limits or Limits()
        self.origin = ""  # where the world came from, for the banner
        self.app = EcsApp(self, allow_remote=allow_remote)
        #: the open connections (each adds and removes itself)
        self.connections: set[HttpConnection] = set()
        self._socket = _listening_socket(address)
        #: where it listens (read once: the handler checks each request's Host against it)
        self._address: tuple[str, int] = self._socket.getsockname()[:2]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._room: asyncio.Event | None = None
        self._serving = threading.Event()
        self._stopped = threading.Event()

    @property
    def server_address(self) -> tuple[str, int]:
        host, port = self._address
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.server_address
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    def serve_forever(self) -> None:
        """Serve until `shutdown` (from another thread)."""
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        finally:
            for connection in list(self.connections):
                if connection.transport is not None:
                    connection.transport.abort()
            pending = asyncio.all_tasks(loop)  # after Ctrl-C, `_serve` itself
            for task in pending:
                task.cancel()
            loop.run_until_complete(_settled(pending))
            loop.close()
            self._stopped.set()

    async def _serve(self) -> None:
        self._stop, self._room = asyncio.Event(), asyncio.Event()
        self._serving.set()
        accepting = asyncio.ensure_future(self._accept_forever())
        maintenance = asyncio.ensure_future(self._maintain())
        try:
            await self._stop.wait()
        finally:
            for task in (accepting, maintenance):
                task.cancel()
            await asyncio.gather(accepting, maintenance, return_exceptions=True)

    async def _accept_forever(self) -> None:
        loop = asyncio.get_running_loop()
        assert self._room is not None
        while True:
            if len(self.connections) >= self.limits.max_connections:
                self._room.clear()
                await self._room.wait()
                continue
            try:
                client, _ = await loop.sock_accept(self._socket)
            except OSError as error:  # out of file descriptors, say: try again shortly
                self.log(f"cannot accept a connection: {error}")
                await asyncio.sleep(0.1)
                continue
            with contextlib.suppress(OSError):
                client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                await loop.connect_accepted_socket(lambda: HttpConnection(self), client)
            except OSError:
                client.close()

    async def _maintain(self) -> None:
        while True:
            await asyncio.sleep(MAINTENANCE_SECONDS)
            now = time.monotonic()
            for connection in list(self.connections):
                if connection.transport is not None and connection.expired(now):
                    connection.transport.abort()

    def released(self, connection: HttpConnection) -> None:
        """`connection` closed: there is room for one more."""
        self.connections.discard(connection)
        if self._room is not None:
            self._room.set()

    def shutdown(self) -> None:
        """Stop `serve_forever` (from another thread, or a signal handler's)."""
        loop, stop = self._loop, self._stop
        if loop is None or not self._serving.is_set() or stop is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop already closed
            loop.call_soon_threadsafe(stop.set)
        self._stopped.wait(timeout=5)

    def server_close(self) -> None:
        """Close the listening socket (connections close when serving stops)."""
        with contextlib.suppress(OSError):
            self._socket.close()

    def start_in_thread(self) -> EcsHttpServer:
        """Serve from a daemon thread (a notebook keeps its kernel); `close` stops it."""
        self.host.start_ticker()
        thread = threading.Thread(target=self.serve_forever, name="ecslearn-serve", daemon=True)
        thread.start()
        self._serving.wait(timeout=5)
        return self

    def close(self) -> None:
        """Stop serving, stop the clock, write what is not written yet."""
        self.shutdown()
        self.server_close()
        self.host.stop()

    def log(self, line: str) -> None:
        if not self.quiet:
            sys.stderr.write(f"ecslearn serve: {line}\n")


async def _settled(tasks: set[asyncio.Task]) -> None:
    """Once every one of `tasks` has finished (here: been cancelled)."""
    await asyncio.gather(*tasks, return_exceptions=True)


def _listening_socket(address: tuple[str, int]) -> socket.socket:
    """A non-blocking socket listening on `address` (an IPv6 address as ``::1``)."""
    host, port = address
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    if host == "localhost":
        family = socket.AF_INET
    listening = socket.create_server((host, port), family=family, backlog=BACKLOG)
    listening.setblocking(False)
    return listening
