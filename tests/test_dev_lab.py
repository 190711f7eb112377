"""`./dev lab`, the README's first command, opens the lessons: as root and as a normal user.

Each test runs the real `./dev lab` in its own process group against the environment running the
tests (ECSLEARN_VENV, with ECSLEARN_SKIP_INSTALL=1 so nothing is installed), with no display and
its chosen port already taken; reads its output until the "==> open URL" line (at most 90 s);
fetches a lesson notebook over HTTP with the URL's token; checks the server took another port
and listens on 127.0.0.1 only; then stops the process group and checks nothing is left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)  # the environment running the tests (Path(sys.executable).parents[1])
IN_CI = os.environ.get("CI") == "true"
URL_LINE = re.compile(r"==> open (http://127\.0\.0\.1:(\d+)/lab\?token=(\w+))")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
START_TIMEOUT = 90.0


def skip_unless_ci(reason: str) -> None:
    """Skip with a one-line reason, or fail in CI, where every test is expected to run."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _needs_jupyterlab() -> None:
    if not (VENV / "bin" / "jupyter").is_file() or shutil.which("bash") is None:
        skip_unless_ci(f"no JupyterLab in {VENV} (install the 'lab' extra) or no bash")


def _process_group_alive(pgid: int) -> list[str]:
    """The processes still in the group, zombies excepted (a container's init may not reap)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        return [f"process group {pgid}"]
    alive = []
    for stat in proc.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(text[: text.rindex(")") + 1])
    return alive


def _get(url: str, token: str) -> tuple[int, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with opener.open(request, timeout=20) as response:
        return response.status, response.read()


def run_lab(home: Path, user: pwd.struct_passwd | None = None) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JUPYTER", "XDG_", "VIRTUAL_ENV", "ECSLEARN"))
        and k not in {"DISPLAY", "WAYLAND_DISPLAY", "BROWSER", "PYTHONPATH"}
    }
    env.update(HOME=str(home), ECSLEARN_VENV=str(VENV), ECSLEARN_SKIP_INSTALL="1")
    if user is not None:
        env.update(USER=user.pw_name, LOGNAME=user.pw_name)
    identity = {}
    if user is not None:
        identity = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    # the port Jupyter is asked for is taken: it must move on and say where it went
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    asked = taken.getsockname()[1]

    lab = subprocess.Popen(
        [str(ROOT / "dev"), "lab", "--port", str(asked)],
        cwd=home,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        **identity,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    output: list[str] = []

    def pump() -> None:
        assert lab.stdout is not None
        for raw in lab.stdout:
            lines.put(ANSI.sub("", raw.decode("utf-8", "replace")))
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        match = None
        deadline = time.monotonic() + START_TIMEOUT
        while match is None:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no '==> open' within {START_TIMEOUT:.0f} s:\n" + "".join(output)
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            assert line is not None, "./dev lab ended before printing the URL:\n" + "".join(output)
            output.append(line)
            match = URL_LINE.search(line)
        url, port, token = match.group(1), int(match.group(2)), match.group(3)
        log = "".join(output)
        assert "Running as root is not recommended" not in log
        assert port != asked, log
        assert f"The port {asked} is already in use" in log

        status, body = _get(f"http://127.0.0.1:{port}/api/contents/en", token)
        names = {item["name"] for item in json.loads(body)["content"]}
        assert status == 200 and "00-welcome.ipynb" in names, names
        status, body = _get(f"http://127.0.0.1:{port}/api/contents/en/00-welcome.ipynb", token)
        notebook = json.loads(body)
        assert status == 200 and notebook["type"] == "notebook" and notebook["content"]["cells"]
        status, _ = _get(url, token)  # the URL a newcomer pastes: the JupyterLab page itself
        assert status == 200

        # loopback only: bound to 127.0.0.1, not to every address (127.0.0.2 is loopback too on
        # Linux, but a socket bound to 127.0.0.1 does not answer there)
        if sys.platform.startswith("linux"):
            with pytest.raises(OSError):
                socket.create_connection(("127.0.0.2", port), timeout=2).close()
    finally:
        taken.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
            lab.wait(timeout=10)
            pytest.fail("./dev lab did not stop within 20 s of SIGTERM")
        reader.join(timeout=10)
        deadline = time.monotonic() + 10
        while (left := _process_group_alive(lab.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        if left:
            os.killpg(lab.pid, signal.SIGKILL)
        assert not left, f"left behind: {left}"


def test_lab_as_root(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("not root: the --allow-root path runs where the tests run as root (CI does)")
    run_lab(tmp_path)


def test_lab_as_normal_user(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        run_lab(tmp_path)  # the user running the tests is the normal user
        return
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root and the machine has no 'nobody' user to run as")
    # pytest's tmp_path lies under a directory only root may enter; make a home nobody owns
    home = Path(tempfile.mkdtemp(prefix="ecslearn-lab-"))
    try:
        os.chown(home, nobody.pw_uid, nobody.pw_gid)
        # the interpreter too: a venv made from a Python under /root cannot run as anyone else
        usable = subprocess.run(
            ["bash", "-c", 'test -x "$1/dev" -a -r "$1/notebooks/en" && "$2/bin/python" -c ""',
             "-", str(ROOT), str(VENV)],
            user=nobody.pw_uid, group=nobody.pw_gid, extra_groups=[], check=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if usable.returncode != 0:
            pytest.skip(f"'nobody' cannot read {ROOT} or run {VENV}/bin/python (its real path)")
        run_lab(home, nobody)
    finally:
        shutil.rmtree(home, ignore_errors=True)
