"""The command line lists what is simulated, so a learner knows what to expect."""

from __future__ import annotations

import pytest

from ecslearn.cli import main


def test_operations_marks_the_implemented_ones(capsys) -> None:
    assert main(["operations"]) == 0
    out = capsys.readouterr().out
    assert "  x RegisterTaskDefinition" in out
    assert "    CreateService" in out or "  x CreateService" in out


def test_no_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
