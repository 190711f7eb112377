"""ecslearn: learn AWS ECS in Jupyter with a faithful, seeded simulation of its control plane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecslearn.error_help import explain
from ecslearn.errors import ClientException, EcsError, InvalidParameterException
from ecslearn.simulation import Simulation
from ecslearn.words import get_language, set_language

if TYPE_CHECKING:
    from ecslearn.lessons.progress_report import Progress

__all__ = [
    "ClientException",
    "EcsError",
    "InvalidParameterException",
    "Simulation",
    "explain",
    "get_language",
    "mock_aws",
    "progress",
    "set_language",
]
__version__ = "0.1.0"


# In Jupyter, task definitions and placement explanations display as pictures. The model never
# imports a view: the views register themselves with IPython here.
from ecslearn.views.jupyter import register as _register_pictures

_register_pictures()


def progress(lang: str | None = None, path: str | None = None) -> Progress:
    """Every lesson's exercises and quizzes and where you stand on each (Correct, Incorrect,
    Not attempted): a table in Jupyter; ``.to_json()`` / ``.to_csv()`` for a teacher. Kept in
    ``~/.ecslearn/progress.json`` (or the file ``ECSLEARN_PROGRESS`` names). Returns an
    `ecslearn.lessons.Progress`; imported on first use, so ``import ecslearn`` stays light."""
    from ecslearn.lessons.progress_report import progress as report

    return report(lang, path)


def __getattr__(name: str) -> object:
    """`ecslearn.mock_aws`, imported when first asked for (it patches nothing until entered)."""
    if name == "mock_aws":
        from ecslearn.testing import mock_aws

        return mock_aws
    raise AttributeError(f"module 'ecslearn' has no attribute {name!r}")
