"""The dashboard works as a standalone page with Voila: the demo notebook renders server-side
with its widgets and without a traceback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "widgets-demo.ipynb"


def _voila() -> str:
    path = shutil.which("voila", path=str(Path(sys.executable).parent)) or shutil.which("voila")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Voila is missing in CI: it is in the 'lab' extra")
        pytest.skip("needs Voila: pip install 'ecslearn[lab]' (or ./dev lab)")
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_dashboard_notebook_renders_as_a_voila_page(tmp_path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [_voila(), str(NOTEBOOK), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "voila.log").open("w"),
    )
    try:
        page = ""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as answer:
                    page = answer.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "application/vnd.jupyter.widget-view+json" in page
        assert "Traceback" not in page
    finally:
        server.terminate()
        server.wait(timeout=20)
