"""What the browser tests share: JupyterLab on loopback and the system's headless Chromium.

Needs the system's Chromium (``apt-get install chromium``), JupyterLab and the playwright package
(never ``playwright install``: the system browser is used). `require()` skips a test locally when
one is missing and fails it in CI (``CI=true``).
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return "no Chromium: sudo apt-get install -y chromium"
    try:
        import jupyterlab  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "no JupyterLab or playwright: pip install -e '.[lab,browser]'"
    return None


def require() -> None:
    """Skip (locally) or fail (in CI) when Chromium, JupyterLab or playwright is missing."""
    problem = missing()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"The browser tests must run in CI: {problem}")
        pytest.skip(problem)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: its base URL (no trailing slash) and its token."""

    base: str
    token: str

    def url(self, path: str = "lab") -> str:
        """``path`` under the server, with the token: ``lab``, ``lab/tree/x.ipynb``."""
        return f"{self.base}/{path}?token={self.token}"

    def api(self, path: str, method: str = "GET") -> Any:
        """Call the server's REST API (``kernels``, ``sessions``, ...); the decoded JSON."""
        request = urllib.request.Request(
            f"{self.base}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None


@contextmanager
def jupyterlab(root: Path, state: Path) -> Iterator[Lab]:
    """JupyterLab on 127.0.0.1 with a token, serving ``root``; its runtime files and workspaces
    under ``state``. Stopped on exit."""
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(state / "runtime")}
    state.mkdir(parents=True, exist_ok=True)
    log = (state / "jupyterlab.log").open("wb")  # read back when it does not start
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
            f"--port={port}", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}", f"--LabApp.workspaces_dir={state / 'ws'}",
            "--LabApp.expose_app_in_browser=True", "--allow-root",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    lab = Lab(f"http://127.0.0.1:{port}", token)
    try:
        # generous: on a loaded two-core machine (CI runs tests on every core) it may take long
        deadline = time.monotonic() + 150
        while True:
            try:
                lab.api("status")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    said = (state / "jupyterlab.log").read_text(errors="replace")[-3000:]
                    ended = f"exited with {server.returncode}" if server.poll() is not None else ""
                    pytest.fail(f"JupyterLab did not start on 127.0.0.1:{port} {ended}\n{said}")
                time.sleep(0.3)
        yield lab
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@contextmanager
def chromium() -> Iterator[Any]:
    """The system's headless Chromium, launched by playwright; a playwright ``Browser``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
