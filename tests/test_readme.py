"""The README's example runs as written: a newcomer's first copy-and-paste must work."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_the_readme_has_an_example_and_it_runs(capsys) -> None:
    blocks = python_blocks()
    assert blocks, "the README should show a first taste of ecslearn"
    for block in blocks:
        exec(compile(block, str(README), "exec"), {})
    assert "At least one of 'memory' or 'memoryReservation'" in capsys.readouterr().out


def test_the_readme_names_the_two_commands_ci_runs() -> None:
    text = README.read_text()
    assert "./dev lab" in text and "./dev test" in text
    ci = (README.parent / ".ci" / "run").read_text()
    assert "./dev test" in ci
