"""`ecslearn serve`: start the endpoint, say how to use it, stop cleanly.

Kept apart from the command line so that Python code (a notebook, a test) can start a server
in a thread with `start_server` and stop it with `server.shutdown()`.
"""

from __future__ import annotations

import ipaddress
import signal
import socket
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from ecslearn.api import journal
from ecslearn.api.host import SimulationHost
from ecslearn.api.server import EcsHttpServer, Limits
from ecslearn.simulation import DEFAULT_REGION, Simulation

#: ecslearn's default port: 8014, after ECS's API version 2014-11-13 (the X-Amz-Target prefix
#: AmazonEC2ContainerServiceV20141113). LocalStack's 4566 and moto's 5000 stay free.
DEFAULT_PORT = 8014
DEFAULT_HOST = "127.0.0.1"


class ServeError(Exception):
    """Why the server cannot start, in words for the person who started it."""


@dataclass
class ServeOptions:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    speed: float = 1.0
    seed: int = 0
    region: str = DEFAULT_REGION
    state: str | None = None
    allow_remote: bool = False
    quiet: bool = False
    fsync: bool = False
    request_timeout: float = 30.0
    max_connections: int = 100


def check_host(host: str, allow_remote: bool) -> None:
    """Refuse an address beyond this machine unless `allow_remote`: the server authenticates
    nobody, so anyone who can reach it could create, change and delete everything in it."""
    if allow_remote:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError) as error:
        raise ServeError(f"Cannot listen on {host!r}: it is not an address ({error}).") from None
    remote = sorted(a for a in addresses if not ipaddress.ip_address(a.split("%")[0]).is_loopback)
    if remote:
        raise ServeError(
            f"Refusing to listen on {host!r} ({', '.join(remote)}): that is reachable from "
            "other machines, and ecslearn serve has no authentication (it does not check "
            "request signatures), so anyone on the network could drive your simulated ECS. "
            "Use the default 127.0.0.1, or pass --allow-remote if you really mean it "
            "(on a network you trust)."
        )


def load_simulation(options: ServeOptions) -> tuple[Simulation, str, int]:
    """The world to serve (from the state file and its journal when it exists), a sentence
    saying which, and the number of the last journal line in it."""
    if options.state is None:
        sim = Simulation(seed=options.seed, region=options.region)
        return sim, f"a new world (seed {options.seed}); nothing is saved", 0
    path = Path(options.state)
    if path.exists():
        try:
            sim, sequence = journal.load(path)
        except Exception as error:  # a broken file must never be overwritten
            raise ServeError(
                f"Cannot load the state file {path}: {type(error).__name__}: {error}. "
                "It is left untouched; move it away or pass another --state file."
            ) from None
        where = f"the world saved in {path} (t={sim.now:.1f}s; --seed does not apply)"
        return sim, where, sequence
    sim = Simulation(seed=options.seed, region=options.region)
    try:
        journal.write_snapshot(sim, path, 0)  # surface a bad path now, not after the first call
        journal.journal_path(path).write_text("")  # a journal left without its state file
    except Exception as error:
        raise ServeError(f"Cannot write the state file {path}: {error!r}.") from None
    return sim, f"a new world (seed {options.seed}), journaled to {path} on every change", 0


def start_server(options: ServeOptions) -> EcsHttpServer:
    """Bind the server (not yet serving) with its simulation host; raises `ServeError`."""
    if options.speed < 0:
        raise ServeError("--speed must be 0 (a stopped clock) or more.")
    if not 0 <= options.port <= 65535:
        raise ServeError(f"--port must be between 0 and 65535, not {options.port}.")
    check_host(options.host, options.allow_remote)
    sim, origin, sequence = load_simulation(options)
    if options.request_timeout <= 0 or options.max_connections < 1:
        raise ServeError("--request-timeout must be above 0 and --max-connections at least 1.")
    host = SimulationHost(
        sim,
        speed=options.speed,
        state_path=options.state,
        sequence=sequence,
        fsync=options.fsync,
    )
    limits = Limits(
        request_timeout=options.request_timeout, max_connections=options.max_connections
    )
    try:
        server = EcsHttpServer(
            (options.host, options.port),
            host,
            quiet=options.quiet,
            limits=limits,
            allow_remote=options.allow_remote,
        )
    except OSError as error:
        hint = " Pick another with --port (0 picks a free one)." if options.port else ""
        raise ServeError(
            f"Cannot listen on {options.host}:{options.port}: {error}.{hint}"
        ) from None
    server.origin = origin
    return server


def banner(server: EcsHttpServer) -> str:
    """The first line names the URL (tests and scripts read the port from it)."""
    url = server.url
    host = server.host
    region = host.sim.region
    return "\n".join(
        [
            f"ecslearn serve: ECS endpoint at {url} (speed {host.speed:g}x, region {region})",
            f"  serving {server.origin}",
            "  point the AWS CLI and boto3 at it (any credentials work):",
            f"    export AWS_ENDPOINT_URL_ECS={url} AWS_ACCESS_KEY_ID=ecslearn "
            f"AWS_SECRET_ACCESS_KEY=ecslearn AWS_DEFAULT_REGION={region}",
            f"    aws ecs list-clusters --endpoint-url {url} --region {region}",
            f'    boto3.client("ecs", endpoint_url="{url}", region_name="{region}")',
            f"  status page: {url}/    stop: Ctrl-C",
        ]
    )


def serve(options: ServeOptions) -> int:
    """Run until Ctrl-C or SIGTERM; returns the exit status."""
    if options.allow_remote and options.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"ecslearn serve: WARNING: listening on {options.host} with no authentication; "
            "anyone who can reach this port can drive the simulation.",
            file=sys.stderr,
        )
    try:
        server = start_server(options)
    except ServeError as error:
        print(f"ecslearn serve: {error}", file=sys.stderr)
        return 1
    print(banner(server), flush=True)

    def stop(signum: int, _frame: FrameType | None) -> None:
        # shutdown() waits for serve_forever, so it must run in another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, stop) if main_thread else None
    if main_thread and hasattr(signal, "SIGXFSZ"):
        # A file-size limit (ulimit -f) must fail the journal's write (the call is refused),
        # not kill the server.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    server.host.start_ticker()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
        server.server_close()
        server.host.stop()
        saved = f"; state saved in {options.state}" if options.state else ""
        print(f"ecslearn serve: stopped at t={server.host.sim.now:.1f}s{saved}", flush=True)
    return 0
