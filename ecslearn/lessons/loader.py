"""Loading a lesson's exercises: ``lessons/NN-slug/exercises.py``, next to its narrative.

The lesson folders live beside the package in a clone (``pip install -e .``), not inside it,
so they are loaded by path. A notebook's setup cell reads::

    from ecslearn.lessons import from_lesson

    ex1, ex2, ex3, counts = from_lesson("05-services", "ex1", "ex2", "ex3", "counts")

Each module is loaded once and kept in ``sys.modules`` under a stable name
(``ecslearn_lessons.lesson_05_services``), so every notebook, test and tool that asks for the
same lesson gets the same objects.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from ecslearn.lessons.exercise import Exercise
from ecslearn.lessons.quiz import Quiz

# The lesson folders: `lessons/` at the root of the clone the package is installed from.
LESSONS_DIR = Path(__file__).resolve().parents[2] / "lessons"
EXERCISES = "exercises.py"
PREFIX = "ecslearn_lessons."


class LessonNotFound(LookupError):
    """No lesson folder answers to the name asked for."""


def lesson_folder(lesson: str, root: Path | None = None) -> Path:
    """The folder of `lesson`: its full name (``"05-services"``) or its number (``"05"``)."""
    root = LESSONS_DIR if root is None else root
    exact = root / lesson
    if (exact / EXERCISES).is_file():
        return exact
    found = sorted(p.parent for p in root.glob(f"{lesson}-*/{EXERCISES}"))
    if len(found) == 1:
        return found[0]
    known = ", ".join(sorted(p.parent.name for p in root.glob(f"*/{EXERCISES}"))) or "none"
    raise LessonNotFound(
        f"no lesson {lesson!r} with an {EXERCISES} in {root} (lessons: {known}). The lessons "
        "are read from a clone of ecslearn, installed with `pip install -e .`."
    )


def module_name(folder: Path) -> str:
    """The stable name of a lesson folder's exercises in ``sys.modules``."""
    return PREFIX + "lesson_" + folder.name.replace("-", "_")


def load_exercises(path: Path) -> ModuleType:
    """The module in the file `path` (a lesson's ``exercises.py``), loaded once per file."""
    path = Path(path).resolve()
    name = module_name(path.parent)
    cached = sys.modules.get(name)
    if cached is not None and getattr(cached, "__file__", None) == str(path):
        return cached
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has one
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before exec: dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    _claim(module, path.parent.name)
    return module


def _claim(module: ModuleType, lesson: str) -> None:
    """Tell each exercise and quiz of `module` which lesson it belongs to (its progress is kept
    under ``lesson/name``), unless its author already said."""
    for value in vars(module).values():
        if isinstance(value, (Exercise, Quiz)) and not value.lesson:
            value.lesson = lesson


def exercises_of(lesson: str) -> ModuleType:
    """The exercises module of `lesson` (``"05-services"`` or ``"05"``)."""
    return load_exercises(lesson_folder(lesson) / EXERCISES)


def from_lesson(lesson: str, *names: str) -> tuple[Any, ...]:
    """The objects called `names` in `lesson`'s exercises module, in order:
    ``ex1, ex2 = from_lesson("02-container-instances", "ex1", "ex2")``."""
    module = exercises_of(lesson)
    missing = [name for name in names if not hasattr(module, name)]
    if missing:
        raise ImportError(f"{module.__file__} defines no {', '.join(missing)}")
    return tuple(getattr(module, name) for name in names)
