"""Drawing a timeline figure: its axes, the dotted lines where deployments completed, failed
or rolled back (labels staggered so they never overlap), and one legend under the plot.

Split from `ecslearn.views.timelines`, which rebuilds the counts from the timeline; this module
only draws them, in the words and font a `FigureText` carries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.textpath import text_to_path

from ecslearn.model.service import Service
from ecslearn.views.style import TIMELINE_COLOURS

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation


@dataclass
class Series:
    """One plotted line: a step function (each value holds until the next time)."""

    label: str
    times: list[float] = field(default_factory=list)
    values: list[float] = field(default_factory=list)

    def add(self, time: float, value: float) -> None:
        self.times.append(time)
        self.values.append(value)

    def at(self, time: float) -> float:
        """The value in force at `time` (0 before the first point)."""
        value = 0.0
        for when, current in zip(self.times, self.values, strict=True):
            if when > time:
                break
            value = current
        return value


#: Service event wording (ECS's) that marks a moment worth a vertical line -> its `TIMELINES` key.
MARKED_EVENTS = {
    "deployment completed": "deployment_completed",
    "rolling back": "rolling_back",
    "deployment failed": "deployment_failed",
}
#: Marker labels' font size, their gap to their line, and the least space between two labels
#: on one row, in points.
MARK_FONTSIZE = 8
MARK_OFFSET = 3
MARK_AIR = 4


@dataclass(frozen=True)
class FigureText:
    """What a figure writes in: the language it shows, its words, and the font family that
    can draw them (None: matplotlib's default)."""

    lang: str
    words: dict[str, str]
    family: list[str] | None = None

    @property
    def font(self) -> dict[str, Any]:
        return {"fontfamily": self.family} if self.family else {}


def to_png(figure: Figure, path: str | Path, dpi: int = 120) -> Path:
    """Write a timeline figure as PNG (or any format matplotlib knows, by suffix)."""
    target = Path(path)
    figure.savefig(target, dpi=dpi, bbox_inches="tight")
    return target


def new_figure(title: str, ylabel: str, text: FigureText) -> tuple[Figure, Axes]:
    figure = Figure(figsize=(8, 3.6), layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title, loc="left", **text.font)
    axes.set_xlabel(text.words["seconds"], **text.font)
    axes.set_ylabel(ylabel, **text.font)
    axes.grid(True, color="#e5e7eb")
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.get_major_locator().set_params(integer=True)
    return figure, axes


def mark_deployments(axes: Axes, sim: Simulation, svc: Service, text: FigureText) -> int:
    """A dotted vertical line, labelled, where a deployment completed, failed or rolled back.

    Each label ends at its line. Labels whose lines are too close together for them to sit
    side by side are staggered: a label goes on the first row (top down) where it clears the
    label before it. Returns the number of rows used."""
    marks = [
        (event.time, text.words[key])
        for event in sim.events
        if event.kind == "service" and event.service == svc.service_name
        for phrase, key in MARKED_EVENTS.items()
        if phrase in event.message
    ]
    return mark_lines(axes, marks, text)


def mark_lines(
    axes: Axes, marks: list[tuple[float, str]], text: FigureText, colour: str | None = None
) -> int:
    """A dotted vertical line at each (time, label), the label ending at its line, staggered
    onto the first row where it clears the label before it. Returns the number of rows used."""
    if not marks:
        return 0
    colour = colour or TIMELINE_COLOURS["marker"]
    left, right = axes.get_xlim()
    # Points per data unit, at the narrowest the axes can be (constrained layout only widens
    # them), so that labels judged apart here are apart in the drawn figure.
    width = axes.get_position().width * axes.figure.get_figwidth() * 72
    per_unit = width / max(right - left, 1e-9)
    ends: list[float] = []  # per row, the x (in points) of the line its last label ends at
    for time, label in sorted(marks, key=lambda mark: mark[0]):
        x = (time - left) * per_unit
        start = x - MARK_OFFSET - _text_width(label, text)
        row = next((i for i, end in enumerate(ends) if start >= end + MARK_AIR), len(ends))
        if row == len(ends):
            ends.append(x)
        else:
            ends[row] = x
        axes.axvline(time, color=colour, linestyle=":", lw=1)
        axes.annotate(
            label,
            (time, 0.97),
            xycoords=("data", "axes fraction"),
            xytext=(-MARK_OFFSET, -row * (MARK_FONTSIZE + 3)),
            textcoords="offset points",
            va="top",
            ha="right",
            fontsize=MARK_FONTSIZE,
            color=colour,
            **text.font,
        )
    return len(ends)


def _text_width(label: str, text: FigureText) -> float:
    """How wide `label` is drawn at the markers' size, in points."""
    prop = font_manager.FontProperties(family=text.family, size=MARK_FONTSIZE)
    width, _, _ = text_to_path.get_text_width_height_descent(label, prop, ismath=False)
    return float(width)


def finish(
    figure: Figure, axes: Axes, lines: Iterable[Series], text: FigureText, rows: int, *more: Axes
) -> None:
    """Headroom for the markers' labels (more for each extra row of them); one legend for
    every axis, below the plot."""
    top = max([1.0, *(max(line.values, default=0) for line in lines)])
    axes.set_ylim(0, top * (1.3 + 0.12 * max(rows - 1, 0)))
    handles, labels = [], []
    for each in (axes, *more):
        h, lab = each.get_legend_handles_labels()
        handles += h
        labels += lab
    legend = {"family": text.family, "size": 9} if text.family else {"size": 9}
    figure.legend(handles, labels, loc="outside lower center", ncols=4, frameon=False, prop=legend)
