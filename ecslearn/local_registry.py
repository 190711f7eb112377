"""A real container registry on loopback, standing in for ECR's storage.

ECR is a Docker registry with AWS's API in front. ecslearn keeps the API (repositories, tags,
digests, tag immutability) in the simulation (`ecslearn.services.ecr.rules`) and puts the image
bytes in a real registry: Debian's ``docker-registry`` (the CNCF Distribution registry) listening on
``127.0.0.1:5000`` by default (``ECSLEARN_REGISTRY=host:port`` to change it). Docker trusts plain
HTTP to loopback registries, so no TLS and no login are needed.

``ecslearn registry start`` runs one in the background with its storage under
``~/.cache/ecslearn/registry``; ``ecslearn registry status`` says whether one answers.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

DEFAULT_ADDRESS = "127.0.0.1:5000"
HINT = (
    "needs a local registry: sudo apt-get install docker-registry, then `ecslearn registry start`"
)
MANIFEST_TYPES = ", ".join(
    (
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
    )
)

_CONFIG = """\
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: {storage}
  delete:
    enabled: true
http:
  addr: {address}
"""


class RegistryUnavailable(RuntimeError):
    """No registry answers at the address; the message says how to get one."""


def address() -> str:
    """Where ecslearn's registry listens (``host:port``)."""
    return os.environ.get("ECSLEARN_REGISTRY", DEFAULT_ADDRESS)


def _loopback(where: str) -> bool:
    host = where.rsplit(":", 1)[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_running(where: str | None = None) -> bool:
    """Whether a registry answers the Docker registry API (``GET /v2/``) at `where`."""
    try:
        with urllib.request.urlopen(f"http://{where or address()}/v2/", timeout=2) as reply:
            return reply.status == 200
    except urllib.error.HTTPError as error:
        return error.code == 401  # one that wants a login is still a registry
    except OSError:
        return False


def require(where: str | None = None) -> str:
    """The registry's address, or `RegistryUnavailable` saying how to get one."""
    where = where or address()
    if not is_running(where):
        raise RegistryUnavailable(f"No registry answers at {where}: ecslearn's ECR {HINT}")
    return where


def state_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ecslearn" / "registry"


def start(where: str | None = None, *, wait: float = 20.0) -> str:
    """Start ``docker-registry`` on `where` (loopback only) unless one already answers there.

    It runs in its own session, so it outlives the notebook or command that started it (as a
    registry service would); `stop` ends it.
    """
    where = where or address()
    if is_running(where):
        return where
    if not _loopback(where):
        raise RegistryUnavailable(
            f"ecslearn only starts a registry on loopback (127.0.0.1); {where} is not: a "
            "registry without authentication must not be reachable from other machines."
        )
    binary = shutil.which("docker-registry") or shutil.which("registry")
    if binary is None:
        raise RegistryUnavailable(f"ecslearn's ECR {HINT}")
    home = state_dir()
    (home / "storage").mkdir(parents=True, exist_ok=True)
    config = home / "config.yml"
    config.write_text(_CONFIG.format(storage=home / "storage", address=where))
    with open(home / "registry.log", "ab") as log:
        process = subprocess.Popen(
            [binary, "serve", str(config)],
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    (home / "registry.pid").write_text(str(process.pid))
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if is_running(where):
            return where
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise RegistryUnavailable(
        f"docker-registry did not start on {where}; see {home / 'registry.log'}"
    )


def stop() -> bool:
    """Stop the registry `start` started (True if there was one)."""
    pid_file = state_dir() / "registry.pid"
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return False
    pid_file.unlink(missing_ok=True)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    return True


def manifest(repository: str, reference: str, where: str | None = None) -> bytes:
    """The manifest of ``repository:reference`` (a tag or a digest), as the registry stores it."""
    request = urllib.request.Request(
        f"http://{where or address()}/v2/{repository}/manifests/{reference}",
        headers={"Accept": MANIFEST_TYPES},
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        return reply.read()


def add_commands(commands: object) -> None:
    """``ecslearn registry start|stop|status``."""
    registry = commands.add_parser(  # type: ignore[attr-defined]
        "registry",
        help="run the local registry that stores ecslearn's ECR images",
        description=__doc__,
    )
    actions = registry.add_subparsers(dest="registry_command", required=True)
    for name, helptext in (
        ("start", f"start docker-registry on {DEFAULT_ADDRESS} (loopback) unless one runs"),
        ("stop", "stop the registry `ecslearn registry start` started"),
        ("status", "say whether a registry answers, and where"),
    ):
        actions.add_parser(name, help=helptext).set_defaults(run=_command, action=name)


def _command(args: object) -> int:
    action = getattr(args, "action", "status")
    try:
        if action == "start":
            print(f"registry answering at {start()}")
        elif action == "stop":
            print("stopped" if stop() else "no registry started by ecslearn is running")
        else:
            where = address()
            running = is_running(where)
            print(f"registry at {where}: {'running' if running else 'not running'}")
            return 0 if running else 1
    except RegistryUnavailable as error:
        print(error)
        return 1
    return 0


def local_name(repository: str, where: str | None = None) -> str:
    """The name a repository's images have in the local registry (``127.0.0.1:5000/web``)."""
    return f"{where or address()}/{repository}"
