"""Every lesson, in both languages, under real nbval in a kernel, twice more than the learner's
notebooks (which the top-level ``pytest --nbval`` over notebooks/ runs):

- solved: every exercise cell filled with its worked solution; every check must answer Correct
  (the check cells call ``.assert_correct()``), and hints and solutions display;
- wrong: every exercise cell filled with its first typical wrong answer; every check must answer
  Incorrect with the words that answer's hint must contain (``.assert_incorrect(...)``).

tests/lessons/test_exercises.py checks every wrong answer of every exercise without a kernel.
The notebooks run on two pytest-xdist workers, a notebook whole on one worker.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.lessons import lessons, write_all

SANITIZE = Path(__file__).with_name("nbval-sanitize.cfg")


@pytest.mark.parametrize("variant", ["solved", "wrong"])
def test_every_lesson_runs_under_nbval_and_every_check_answers_as_it_must(
    tmp_path: Path, variant: str
) -> None:
    out = tmp_path / variant
    written = write_all(out, variant)
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
            # two workers, each notebook whole on one (its cells share a kernel)
            "-n",
            "2",
            "--dist",
            "loadscope",
            "--nbval-sanitize-with",
            str(SANITIZE),
            "-q",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-2000:]
    assert " passed" in completed.stdout and "failed" not in completed.stdout
