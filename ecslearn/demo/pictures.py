"""Writing a demo's pictures: numbered files in one folder, SVG always, PNG when it can.

Drawing needs Graphviz's ``dot``; without it the demo still plays and checks its outcome, and
says once how to get the pictures. Each cluster picture highlights what changed since the one
before it, which is what makes a sequence of them tell the story.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ecslearn.views.cluster import ClusterSnapshot, cluster_picture, snapshot
from ecslearn.views.placement import placement_picture
from ecslearn.views.render import GRAPHVIZ_HINT, Picture, dot_available

if TYPE_CHECKING:
    from ecslearn.control.placement.explain import Explanation
    from ecslearn.simulation import Simulation


class PictureWriter:
    """Numbers and writes the pictures of one play into `folder`."""

    def __init__(self, folder: Path, out: TextIO) -> None:
        self.folder = Path(folder)
        self.out = out
        self.written: list[Path] = []
        self.previous: ClusterSnapshot | None = None
        self._warned = False

    def _path(self, name: str, suffix: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        number = len({p.stem for p in self.written}) + 1
        return self.folder / f"{number:02d}-{name}{suffix}"

    def _can_draw(self) -> bool:
        if dot_available():
            return True
        if not self._warned:
            print(f"  (no pictures: {GRAPHVIZ_HINT})", file=self.out)
            self._warned = True
        return False

    def _save(self, name: str, picture: Picture) -> list[Path]:
        svg = picture.save(self._path(name, ".svg"))
        paths = [svg]
        # PNG needs dot built with cairo; SVG is the picture, PNG a convenience.
        with contextlib.suppress(subprocess.CalledProcessError, OSError, RuntimeError):
            paths.append(picture.save(svg.with_suffix(".png")))
        self.written.extend(paths)
        return paths

    def cluster(
        self, name: str, sim: Simulation, cluster: str, service: str | None = None
    ) -> list[Path]:
        """The cluster now, with the changes since the previous cluster picture."""
        if not self._can_draw():
            return []
        picture = cluster_picture(sim, cluster, service=service, previous=self.previous)
        self.previous = snapshot(sim, cluster)
        return self._save(name, picture)

    def placement(self, name: str, explanation: Explanation, task: str) -> list[Path]:
        if not self._can_draw():
            return []
        return self._save(name, placement_picture(explanation, task=task))

    def chart(self, name: str, sim: Simulation, service: str, cluster: str) -> list[Path]:
        """Tasks per revision over simulated time (matplotlib: no Graphviz needed)."""
        from ecslearn.views.timelines import tasks_per_revision, to_png

        figure = tasks_per_revision(sim, service, cluster)
        svg = self._path(name, ".svg")
        paths = [to_png(figure, svg), to_png(figure, svg.with_suffix(".png"))]
        self.written.extend(paths)
        return paths
