"""The lessons' helpers: exercises with check / hint / solution, and the panels lessons show.

A lesson's notebook starts with::

    from ecslearn.lessons import ____, ecs_error, simulated_vs_real
    from ecslearn.lessons.lesson01 import ex1, ex2

The notebooks are generated from ``lessons/NN-slug.py`` by ``python -m ecslearn.lessons.build``
(see ``lessons/README.md``).
"""

from ecslearn.lessons.exercise import Exercise, Result, Values, Wrong, ____
from ecslearn.lessons.panels import ecs_error, simulated_vs_real
from ecslearn.lessons.text import T

__all__ = [
    "Exercise",
    "Result",
    "T",
    "Values",
    "Wrong",
    "____",
    "ecs_error",
    "simulated_vs_real",
]
