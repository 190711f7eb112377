"""The solved notebooks (every exercise cell filled with its worked solution) of every lesson,
in both languages, run under real nbval in a kernel: every cell runs, every check answers
Correct (the solved check cells call ``.assert_correct()``), and hints and solutions display.

The learner notebooks themselves (blanks left, checks answering "not attempted") are run by
the top-level ``pytest --nbval`` over notebooks/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ecslearn.lessons.build import lessons, write_all

SANITIZE = Path(__file__).with_name("nbval-sanitize.cfg")


def test_solved_notebooks_run_under_nbval_and_every_check_is_correct(tmp_path) -> None:
    out = tmp_path / "solved"
    written = write_all(out, "solved")
    assert len(written) == 2 * len(lessons())
    (tmp_path / "pytest.ini").write_text("[pytest]\n")  # not the project's addopts
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(tmp_path / "pytest.ini"),
            "-p",
            "no:cacheprovider",
            "--nbval-lax",
            "--nbval-sanitize-with",
            str(SANITIZE),
            "-q",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-2000:]
    assert " passed" in completed.stdout and "failed" not in completed.stdout
