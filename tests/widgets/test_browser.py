"""In a real browser: JupyterLab on loopback runs notebooks/widgets-demo.ipynb in headless
Chromium; pressing Apply and Step on the page changes the diagram and the event log.

Lab and Chromium are started by tests/browser.py (the system's Chromium, never ``playwright
install``). Skipped locally when one is missing, never in CI. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, ROOT, chromium, jupyterlab, require

NOTEBOOK = ROOT / "notebooks" / "widgets-demo.ipynb"

pytestmark = pytest.mark.browser


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[str]:
    """JupyterLab on 127.0.0.1 with a token, serving a copy of the notebook; yields its URL."""
    require()
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    with jupyterlab(tmp_path, tmp_path) as server:
        yield server.url(f"lab/tree/{NOTEBOOK.name}")


def test_apply_and_step_change_the_diagram_and_the_event_log(lab: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as browser:
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
