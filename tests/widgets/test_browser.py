"""In a real browser: JupyterLab on loopback runs notebooks/widgets-demo.ipynb in headless
Chromium; pressing Apply and Step on the page changes the diagram and the event log.

Needs the system's Chromium (``apt-get install chromium``), JupyterLab and the playwright package
(never ``playwright install``: the system browser is used). Skipped locally when one is missing,
never in CI. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "widgets-demo.ipynb"
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

pytestmark = pytest.mark.browser


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return "no Chromium: sudo apt-get install -y chromium"
    try:
        import jupyterlab  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "no JupyterLab or playwright: pip install -e '.[lab,browser]'"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[str]:
    """JupyterLab on 127.0.0.1 with a token, serving a copy of the notebook; yields its URL."""
    problem = _missing()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"The browser test must run in CI: {problem}")
        pytest.skip(problem)
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
            f"--port={port}", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={tmp_path}", f"--LabApp.workspaces_dir={tmp_path / 'ws'}",
            "--LabApp.expose_app_in_browser=True", "--allow-root",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("JupyterLab did not start on 127.0.0.1")
                time.sleep(0.3)
        yield f"{base}/lab/tree/{NOTEBOOK.name}?token={token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def test_apply_and_step_change_the_diagram_and_the_event_log(lab: str) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1200})
            page.goto(lab)
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            page.wait_for_function(
                "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                " && window.jupyterapp.shell.currentWidget.sessionContext"
                " && window.jupyterapp.shell.currentWidget.sessionContext.session",
                timeout=60_000,
            )
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            log = page.locator(".ecslearn-events").first
            log.wait_for(timeout=90_000)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.ecslearn-events')]"
                ".some(e => e.textContent.includes('CannotPullContainerError')"
                " || e.textContent.includes('app:broken'))",
                timeout=90_000,
            )
            diagram = page.locator(".widget-html-content:has(svg)").first
            diagram.wait_for(timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / "widgets-1-run.png"), full_page=True)
            before_svg, before_log = diagram.inner_html(), log.inner_text()

            desired = page.locator(".widget-inline-hbox:has(label:text-is('Desired')) input")
            desired.fill("5")
            desired.press("Enter")
            page.get_by_role("button", name="Apply").click()
            page.wait_for_function(
                "() => document.querySelector('.ecslearn-events').textContent"
                ".includes('desired count set to 5')",
                timeout=30_000,
            )
            page.screenshot(path=str(ARTIFACTS / "widgets-2-apply.png"), full_page=True)
            after_apply = log.inner_text()
            page.get_by_role("button", name="Step").click()
            page.wait_for_function(
                "(old) => document.querySelector('.ecslearn-events').innerText !== old",
                arg=after_apply,
                timeout=30_000,
            )
            page.screenshot(path=str(ARTIFACTS / "widgets-3-step.png"), full_page=True)
            assert diagram.inner_html() != before_svg
            assert log.inner_text() != before_log
            assert "desired count set to 5" in log.inner_text()
        finally:
            browser.close()
