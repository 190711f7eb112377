"""Small demo images, built locally from Debian's static busybox: no registry, no internet.

``ecslearn images build`` (or `build()`) builds, ``FROM scratch``:

- ``ecslearn/busybox:1``: busybox and its applets (``sh``, ``sleep``, ``wget``, ``dd``...);
  the base of the others, and handy for one-off commands;
- ``ecslearn/web:1``: an HTTP server on port 80 (env ``PORT``) answering ``/`` with the ID of
  the task it runs in (``ECSLEARN_TASK_ID``, set by ecslearn's Docker agent) on one line;
- ``ecslearn/worker:1``: sleeps ``SLEEP`` seconds, then exits with ``EXIT_CODE`` (default 0);
  with ``ALLOCATE_MB`` it first allocates that much memory (to meet the OOM killer);
- ``ecslearn/flaky:1``: like web, but ``/`` answers 500 once toggled: request
  ``/cgi-bin/fail`` (``/cgi-bin/recover`` undoes it), ``touch /tmp/unhealthy`` in the
  container, or set ``FAIL_AFTER`` seconds.

Every image is labelled ``ecslearn.image=<name>`` and ``ecslearn.digest=<hash of its inputs>``;
building again is a no-op while the inputs are the same.
"""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BUSYBOX = Path("/bin/busybox")
INSTALL_HINT = "sudo apt-get install busybox-static"
BASE = "ecslearn/busybox:1"

_SERVE = r"""#!/bin/sh
# Serve / with the task ID on $PORT; SIGTERM stops it at once (exit 0).
PORT="${PORT:-80}"
ID="${ECSLEARN_TASK_ID:-$(hostname)}"
mkdir -p /www/cgi-bin
echo "$ID" > /tmp/task-id
cp /ecslearn/cgi/* /www/cgi-bin/
[ "$ECSLEARN_IMAGE" = flaky ] || cp /tmp/task-id /www/index.html
if [ -n "$FAIL_AFTER" ]; then (sleep "$FAIL_AFTER"; touch /tmp/unhealthy) & fi
echo "$ECSLEARN_IMAGE: task $ID listening on port $PORT"
trap 'kill $pid 2>/dev/null; exit 0' TERM INT
httpd -f -p "$PORT" -h /www & pid=$!
wait $pid
"""

_CGI_INDEX = r"""#!/bin/sh
if [ -e /tmp/unhealthy ]; then
  printf 'HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\n'
  echo "unhealthy $(cat /tmp/task-id)"
else
  printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n'
  cat /tmp/task-id
fi
"""

_CGI_TOGGLE = r"""#!/bin/sh
case "$0" in *fail) touch /tmp/unhealthy ;; *) rm -f /tmp/unhealthy ;; esac
printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n'
[ -e /tmp/unhealthy ] && echo failing || echo recovered
"""

_WORKER = r"""#!/bin/sh
# Sleep $SLEEP seconds, then exit with $EXIT_CODE; SIGTERM ends it at once (exit 143).
trap 'echo "worker: SIGTERM"; exit 143' TERM INT
if [ -n "$ALLOCATE_MB" ]; then
  echo "worker: allocating ${ALLOCATE_MB} MiB"
  dd if=/dev/zero of=/dev/null bs="${ALLOCATE_MB}M" count=1 2>/dev/null || exit $?
fi
echo "worker: sleeping ${SLEEP:-0}s, then exiting with code ${EXIT_CODE:-0}"
sleep "${SLEEP:-0}" & wait $!
exit "${EXIT_CODE:-0}"
"""


_ETC = {
    "etc/passwd": b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n",
    "etc/group": b"root:x:0:\nnogroup:x:65534:\n",
}


@dataclass(frozen=True)
class DemoImage:
    name: str
    summary: str
    files: dict[str, str]  # path inside the image -> text (executable)
    dockerfile: str


def _server(kind: str, summary: str) -> DemoImage:
    return DemoImage(
        name=f"ecslearn/{kind}:1",
        summary=summary,
        files={
            "ecslearn/serve.sh": _SERVE,
            "ecslearn/cgi/index.cgi": _CGI_INDEX,
            "ecslearn/cgi/fail": _CGI_TOGGLE,
            "ecslearn/cgi/recover": _CGI_TOGGLE,
        },
        dockerfile=(
            f"FROM {BASE}\nCOPY ecslearn /ecslearn\nENV PORT=80 ECSLEARN_IMAGE={kind}\n"
            'EXPOSE 80\nCMD ["/bin/sh", "/ecslearn/serve.sh"]\n'
        ),
    )


IMAGES: tuple[DemoImage, ...] = (
    _server("web", "HTTP on port 80, answers with its task ID"),
    DemoImage(
        name="ecslearn/worker:1",
        summary="sleeps SLEEP seconds, exits with EXIT_CODE (ALLOCATE_MB: use memory)",
        files={"ecslearn/worker.sh": _WORKER},
        dockerfile=(
            f'FROM {BASE}\nCOPY ecslearn /ecslearn\nCMD ["/bin/sh", "/ecslearn/worker.sh"]\n'
        ),
    ),
    _server("flaky", "like web; answers 500 after GET /cgi-bin/fail (or FAIL_AFTER seconds)"),
)


class ImageBuildError(RuntimeError):
    """The demo images cannot be built here (no static busybox, no Docker engine)."""


def static_busybox(path: Path = BUSYBOX) -> bytes:
    """The busybox binary, checked to be statically linked (it must run FROM scratch)."""
    try:
        data = path.read_bytes()
    except OSError:
        raise ImageBuildError(f"No {path}: {INSTALL_HINT}") from None
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise ImageBuildError(f"{path} is not a 64-bit ELF binary: {INSTALL_HINT}")
    (phoff,) = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for index in range(phnum):
        (kind,) = struct.unpack_from("<I", data, phoff + index * phentsize)
        if kind == 3:  # PT_INTERP: dynamically linked
            raise ImageBuildError(f"{path} is dynamically linked: {INSTALL_HINT}")
    return data


def _applets(path: Path) -> list[str]:
    out = subprocess.run([str(path), "--list"], capture_output=True, text=True, check=True)
    return sorted(a for a in out.stdout.split() if a and a != "busybox")


def _context(
    dockerfile: str, files: dict[str, bytes], links: list[str] | None = None
) -> io.BytesIO:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for directory, mode in (("tmp", 0o1777), ("root", 0o700)) if links else ():
            info = tarfile.TarInfo(f"rootfs/{directory}")
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, mode, 0
            tar.addfile(info)
        for path, data in {"Dockerfile": dockerfile.encode(), **files}.items():
            info = tarfile.TarInfo(path)
            info.size, info.mode, info.mtime = len(data), 0o755, 0
            tar.addfile(info, io.BytesIO(data))
        for applet in links or []:
            info = tarfile.TarInfo(f"rootfs/bin/{applet}")
            info.type, info.linkname, info.mode, info.mtime = tarfile.SYMTYPE, "busybox", 0o777, 0
            tar.addfile(info)
    buffer.seek(0)
    return buffer


def _digest(*parts: bytes | str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()[:16]


def _current(client: Any, name: str, digest: str) -> bool:
    import docker.errors

    try:
        image = client.images.get(name)
    except docker.errors.ImageNotFound:
        return False
    return (image.labels or {}).get("ecslearn.digest") == digest


def _build(client: Any, name: str, context: io.BytesIO, digest: str) -> None:
    import docker.errors

    try:
        client.images.build(
            fileobj=context,
            custom_context=True,
            tag=name,
            labels={"ecslearn.image": name, "ecslearn.digest": digest},
            rm=True,
            forcerm=True,
            pull=False,
        )
    except docker.errors.BuildError as error:
        log = "".join(str(chunk.get("stream", "")) for chunk in error.build_log)
        raise ImageBuildError(f"building {name} failed: {error}\n{log}") from None


def build(client: Any = None, busybox: Path = BUSYBOX, force: bool = False) -> dict[str, str]:
    """Build the demo images (only those whose inputs changed, unless `force`).

    Returns {image name: "built" | "up to date"}.
    """
    if client is None:
        from ecslearn.agents.docker import docker_client

        client = docker_client()
    binary = static_busybox(busybox)
    applets = _applets(busybox)
    base_dockerfile = 'FROM scratch\nCOPY rootfs/ /\nENV PATH=/bin\nCMD ["/bin/sh"]\n'
    base_digest = _digest(binary, base_dockerfile, *applets, *_ETC.values(), "tmp 1777")
    results = {}
    if force or not _current(client, BASE, base_digest):
        files = {"rootfs/bin/busybox": binary, **{f"rootfs/{k}": v for k, v in _ETC.items()}}
        context = _context(base_dockerfile, files, applets)
        _build(client, BASE, context, base_digest)
        results[BASE] = "built"
    else:
        results[BASE] = "up to date"
    for image in IMAGES:
        texts = (f"{path}\n{text}" for path, text in sorted(image.files.items()))
        digest = _digest(base_digest, image.dockerfile, *texts)
        if not force and results[BASE] == "up to date" and _current(client, image.name, digest):
            results[image.name] = "up to date"
            continue
        files = {path: text.encode() for path, text in image.files.items()}
        _build(client, image.name, _context(image.dockerfile, files), digest)
        results[image.name] = "built"
    return results


def present(client: Any = None) -> dict[str, bool]:
    """Which demo images exist in the local engine."""
    import docker.errors

    if client is None:
        from ecslearn.agents.docker import docker_client

        client = docker_client()
    found = {}
    for name in [BASE, *(i.name for i in IMAGES)]:
        try:
            client.images.get(name)
            found[name] = True
        except docker.errors.ImageNotFound:
            found[name] = False
    return found


def remove(client: Any = None) -> list[str]:
    """Remove every image ecslearn built (labelled ``ecslearn.image``); returns their tags."""
    if client is None:
        from ecslearn.agents.docker import docker_client

        client = docker_client()
    removed = []
    images = client.images.list(filters={"label": "ecslearn.image"})
    # Derived images first, then the base they are built on.
    for image in sorted(images, key=lambda i: i.labels.get("ecslearn.image") == BASE):
        client.images.remove(image.id, force=True)
        removed.extend(image.tags)
    return removed


# -- the command line: `ecslearn images ...` and `ecslearn cleanup` ----------------------------
def add_commands(commands: Any) -> None:
    """Add ``images`` and ``cleanup`` to the ``ecslearn`` command's subcommands."""
    images = commands.add_parser("images", help="build the demo images (no internet needed)")
    actions = images.add_subparsers(dest="images_command", required=True)
    build_command = actions.add_parser(
        "build", help="build ecslearn/web:1, worker:1 and flaky:1 from the static busybox"
    )
    build_command.add_argument("--force", action="store_true", help="rebuild even if current")
    build_command.set_defaults(run=_build_command)
    list_command = actions.add_parser("list", help="show the demo images and whether they exist")
    list_command.set_defaults(run=_list_command)
    cleanup = commands.add_parser(
        "cleanup", help="remove every container and network ecslearn's Docker agent created"
    )
    cleanup.add_argument("--images", action="store_true", help="remove the demo images too")
    cleanup.set_defaults(run=_cleanup_command)
    from ecslearn.local_registry import add_commands as add_registry_commands

    add_registry_commands(commands)  # registry start|stop|status: where ECR's images live


def _guarded(action: Any) -> int:
    from ecslearn.agents.docker import DockerUnavailable

    try:
        action()
    except (DockerUnavailable, ImageBuildError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def _build_command(args: Any) -> int:
    def run() -> None:
        for name, outcome in build(force=args.force).items():
            print(f"{name:22} {outcome}")

    return _guarded(run)


def _list_command(args: Any) -> int:
    summaries = {BASE: "busybox and its applets", **{i.name: i.summary for i in IMAGES}}

    def run() -> None:
        for name, exists in present().items():
            print(f"{name:22} {'present' if exists else 'missing':8} {summaries[name]}")

    return _guarded(run)


def _cleanup_command(args: Any) -> int:
    def run() -> None:
        from ecslearn.agents.docker import cleanup

        removed = cleanup()
        print(f"removed {removed['containers']} containers, {removed['networks']} networks")
        if args.images:
            print(f"removed images: {', '.join(remove()) or 'none'}")

    return _guarded(run)
