"""In a real browser: every lesson notebook (notebooks/en and notebooks/ko) opens in JupyterLab
and Run All goes through it, as a learner would run it, with no error on the page.

One JupyterLab on loopback serves a copy of notebooks/ and one headless Chromium (the system's,
see tests/browser.py) keeps one page on it for the whole module. For each notebook, found by a
glob when the tests are collected, the test opens it through Lab's command registry
(``docmanager:open``), runs ``notebook:run-all-cells`` (what Run → Run All Cells does), waits
until it has finished and the kernel is idle, then checks that every code cell ran, no output is
an error or a traceback, nothing failed on the page (page errors, console errors), and every
exercise check cell says "Not attempted yet" / "아직 풀지 않음". Then it shuts the kernel down,
checks the lesson left no Docker containers behind, and closes the notebook. A screenshot per
notebook goes to test-artifacts/lessons-<lang>-<name>.png.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import ARTIFACTS, ROOT, Lab, chromium, jupyterlab, require

NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(
    path.relative_to(NOTEBOOKS).as_posix()
    for lang in ("en", "ko")
    for path in (NOTEBOOKS / lang).glob("[0-9][0-9]-*.ipynb")
)
NOT_ATTEMPTED = {"en": "Not attempted", "ko": "아직 풀지 않음"}
CHECK_CELL = re.compile(r"^\s*(ex\d+)\.check\(\)")
RUN_TIMEOUT_MS = 240_000  # lesson 11 waits for real containers

pytestmark = pytest.mark.browser

# In the page: open a notebook, Run All, and report when done (window.__ecslearn).
RUN_ALL = """async (path) => {
  const app = window.jupyterapp;
  window.__ecslearn = null;
  try {
    const widget = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
    await widget.context.ready;
    await widget.sessionContext.ready;
    app.shell.activateById(widget.id);
    window.__ecslearnWidget = widget;
    app.commands.execute('notebook:run-all-cells').then(
      (ok) => { window.__ecslearn = {ok: ok !== false}; },
      (error) => { window.__ecslearn = {ok: false, error: String(error)}; },
    );
  } catch (error) {
    window.__ecslearn = {ok: false, error: String(error && error.stack || error)};
  }
}"""

FINISHED = """() => {
  const done = window.__ecslearn, widget = window.__ecslearnWidget;
  if (!done) return false;
  if (!widget) return true;
  const kernel = widget.sessionContext.session && widget.sessionContext.session.kernel;
  return !kernel || kernel.status === 'idle';
}"""

# What the notebook holds after the run: every cell's source, execution count, outputs, and
# the text the page shows for it (its output area, as rendered).
CELLS = """() => {
  const widget = window.__ecslearnWidget;
  return widget.content.widgets.map((cell) => ({
    type: cell.model.type,
    source: cell.model.sharedModel.getSource(),
    count: cell.model.type === 'code' ? cell.model.executionCount : null,
    outputs: cell.model.type === 'code' ? cell.model.outputs.toJSON() : [],
    shown: cell.model.type === 'code'
      ? [...cell.node.querySelectorAll('.jp-OutputArea-output')].map((o) => o.textContent)
      : [],
    tracebacks: [...cell.node.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    )].map((o) => o.textContent).filter((t) => t.includes('Traceback')),
  }));
}"""

# In the page: run `code` in the open notebook's kernel and return what it printed.
KERNEL_PRINT = """async (code) => {
  const widget = window.__ecslearnWidget;
  const kernel = widget.sessionContext.session && widget.sessionContext.session.kernel;
  if (!kernel) return '';
  let out = '';
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === 'stream') out += msg.content.text;
  };
  await future.done;
  return out.trim();
}"""
#: The Docker agent's session label in the kernel ('' when it never started).
KERNEL_SESSION = (
    "import sys\n_m = sys.modules.get('ecslearn.agents.docker')\n"
    "print(_m.SESSION if _m else '', end='')\ndel _m"
)

CLOSE = """async () => {
  const widget = window.__ecslearnWidget;
  window.__ecslearnWidget = null;
  if (!widget || widget.isDisposed) return;
  await widget.sessionContext.shutdown();
  widget.context.model.dirty = false;
  widget.dispose();
}"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """One JupyterLab for the module, serving a copy of notebooks/."""
    require()
    tmp = tmp_path_factory.mktemp("lessons-lab")
    shutil.copytree(
        NOTEBOOKS, tmp / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    with jupyterlab(tmp / "notebooks", tmp) as server:
        yield server


class Page:
    """The one page on Lab, with what went wrong on it since the last `take_errors()`."""

    def __init__(self, browser: Any, lab: Lab) -> None:
        self.browser, self.lab = browser, lab
        self.errors: list[str] = []
        self.page: Any = None
        self.open()

    def open(self) -> None:
        if self.page is not None:
            self.page.close()
        self.page = self.browser.new_page(viewport={"width": 1600, "height": 1200})
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on(
            "console",
            lambda message: (
                self.errors.append(f"console {message.type}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        self.page.goto(self.lab.url("lab"))
        self.page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.commands"
            " && window.jupyterapp.commands.hasCommand('notebook:run-all-cells')"
            " && window.jupyterapp.commands.hasCommand('docmanager:open')",
            timeout=60_000,
        )
        self.page.evaluate("() => window.jupyterapp.restored")

    def take_errors(self) -> list[str]:
        errors, self.errors = self.errors, []
        return errors


@pytest.fixture(scope="module")
def lab_page(lab: Lab) -> Iterator[Page]:
    """One headless Chromium and one page on Lab for the module."""
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as browser:
        page = Page(browser, lab)
        startup = page.take_errors()
        assert not startup, "JupyterLab itself logged errors on opening:\n" + "\n".join(startup)
        yield page


def _docker_leftovers(session: str) -> list[str]:
    """Containers and networks the kernel's Docker agent created that are still there."""
    if not session or not shutil.which("docker"):
        return []
    label = f"label=ecslearn.session={session}"
    found: list[str] = []
    for command in (["ps", "-a"], ["network", "ls"]):
        listed = subprocess.run(
            ["docker", *command, "-q", "--filter", label],
            capture_output=True,
            text=True,
            timeout=30,
        )
        found += [f"{command[0]} {line}" for line in listed.stdout.split()]
    return found


def _describe(cell: dict[str, Any], index: int) -> str:
    head = cell["source"].strip().splitlines()[0] if cell["source"].strip() else ""
    return f"cell {index} ({head[:70]!r})"


def _problems(cells: list[dict[str, Any]], lang: str) -> list[str]:
    problems: list[str] = []
    for index, cell in enumerate(cells):
        if cell["type"] != "code":
            continue
        where = _describe(cell, index)
        if cell["count"] is None and cell["source"].strip():
            problems.append(f"{where} did not run (Run All stopped before it)")
        for output in cell["outputs"]:
            if output.get("output_type") == "error":
                problems.append(f"{where} raised {output.get('ename')}: {output.get('evalue')}")
            elif output.get("name") == "stderr" and "Traceback" in "".join(output.get("text", "")):
                problems.append(f"{where} printed a traceback on stderr")
        if not any(output.get("output_type") == "error" for output in cell["outputs"]):
            for text in cell["tracebacks"]:
                problems.append(f"{where} shows a traceback: {text[-300:]}")
        check = CHECK_CELL.match(cell["source"])
        if check and not any(NOT_ATTEMPTED[lang] in shown for shown in cell["shown"]):
            shown = " | ".join(cell["shown"])[:300] or "nothing"
            problems.append(
                f"{where}: {check.group(1)}.check() shows {shown!r}, not {NOT_ATTEMPTED[lang]!r}"
            )
    return problems


@pytest.mark.parametrize("notebook", LESSONS)
def test_run_all_goes_through_the_lesson_with_no_error_on_the_page(
    lab_page: Page, notebook: str
) -> None:
    page, lang = lab_page.page, notebook.split("/")[0]
    lab_page.take_errors()
    started = time.monotonic()
    session = ""
    try:
        page.evaluate(RUN_ALL, notebook)
        page.wait_for_function(FINISHED, timeout=RUN_TIMEOUT_MS, polling=250)
        done = page.evaluate("() => window.__ecslearn")
        page.wait_for_timeout(300)  # let the last outputs render
        cells = page.evaluate(CELLS)
        shot = ARTIFACTS / f"lessons-{notebook.replace('/', '-').removesuffix('.ipynb')}.png"
        page.screenshot(path=str(shot))
        session = page.evaluate(KERNEL_PRINT, KERNEL_SESSION)
    finally:
        try:
            page.evaluate(CLOSE)
        except Exception:  # a broken page: start the next notebook on a fresh one
            lab_page.open()
    elapsed = time.monotonic() - started

    problems = [] if done.get("ok") else [f"Run All stopped: {done.get('error', 'a cell failed')}"]
    problems += _problems(cells, lang)
    problems += lab_page.take_errors()
    code_cells = sum(cell["type"] == "code" for cell in cells)
    docker = f", Docker agent session {session}" if session else ""
    print(f"{notebook}: {code_cells} code cells, {elapsed:.1f}s{docker}")
    assert not problems, f"{notebook}:\n" + "\n".join(problems)

    kernels = lab_page.lab.api("kernels")
    assert not kernels, f"kernels still running after closing {notebook}: {json.dumps(kernels)}"
    deadline = time.monotonic() + 15
    while (leftovers := _docker_leftovers(session)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not leftovers, f"{notebook} left Docker objects behind: {leftovers}"


# In the kernel: the status lesson 1's q1 has in the learner's progress.
Q1_STATUS = (
    "import ecslearn\nprint(next(r.status for r in ecslearn.progress().rows"
    " if (r.lesson, r.item) == ('01-cluster', 'q1')), end='')"
)


@pytest.mark.parametrize(
    ("notebook", "wrong", "right", "verdicts"),
    [
        (
            "en/01-cluster.ipynb",
            "One EC2 machine",
            "A named, logical grouping",
            ("Incorrect ✗", "That is a container instance", "Correct ✓"),
        ),
        (
            "ko/01-cluster.ipynb",
            "EC2 머신 한 대",
            "이름 있는 논리적 단위",
            ("오답 ✗", "그것은 컨테이너 인스턴스입니다", "정답 ✓"),
        ),
    ],
)
def test_a_quiz_answered_in_the_browser_says_why_and_counts_in_the_progress(
    lab_page: Page, notebook: str, wrong: str, right: str, verdicts: tuple[str, str, str]
) -> None:
    """Lesson 1's first quiz in JupyterLab: a wrong answer shows Incorrect and why, the right one
    Correct; the kernel's progress then says q1 is correct."""
    page = lab_page.page
    lab_page.take_errors()
    incorrect, reason, correct = verdicts
    try:
        page.evaluate(RUN_ALL, notebook)
        page.wait_for_function(FINISHED, timeout=RUN_TIMEOUT_MS, polling=250)
        quiz = page.locator(".jp-OutputArea-output .widget-vbox").filter(has_text="q1 ·").first
        quiz.scroll_into_view_if_needed()
        quiz.locator("label", has_text=wrong).click()
        quiz.locator("button").click()
        quiz.get_by_text(incorrect).wait_for(timeout=30_000)
        assert reason in quiz.inner_text()
        quiz.locator("label", has_text=right).click()
        quiz.locator("button").click()
        quiz.get_by_text(correct).wait_for(timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / f"quiz-{notebook.split('/')[0]}.png"))
        assert page.evaluate(KERNEL_PRINT, Q1_STATUS) == "correct"
    finally:
        try:
            page.evaluate(CLOSE)
        except Exception:
            lab_page.open()
    assert not lab_page.take_errors()
