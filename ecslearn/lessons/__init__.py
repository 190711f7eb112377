"""The lessons' helpers: exercises with check / hint / solution, and the panels lessons show.

A lesson's notebook starts with::

    from ecslearn.lessons import ____, ecs_error, from_lesson, simulated_vs_real

    ex1, ex2 = from_lesson("01-cluster", "ex1", "ex2")

Quizzes (``Quiz``, ``Choice``) sit beside the exercises; every check and quiz answer is kept in
the learner's progress, which ``progress()`` (also ``ecslearn.progress()``) shows.

``from_lesson`` / ``exercises_of`` load ``lessons/NN-slug/exercises.py`` from the clone. The
notebooks are generated from ``lessons/NN-slug/lesson.py`` by ``./dev lessons`` (see
``lessons/README.md``).
"""

from ecslearn.lessons.exercise import Exercise, Result, Values, Wrong, ____
from ecslearn.lessons.loader import exercises_of, from_lesson
from ecslearn.lessons.panels import ecs_error, simulated_vs_real
from ecslearn.lessons.progress_report import Progress, progress
from ecslearn.lessons.quiz import Choice, Quiz
from ecslearn.lessons.text import T

__all__ = [
    "Choice",
    "Exercise",
    "Progress",
    "Quiz",
    "Result",
    "T",
    "Values",
    "Wrong",
    "____",
    "ecs_error",
    "exercises_of",
    "from_lesson",
    "progress",
    "simulated_vs_real",
]
