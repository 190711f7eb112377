"""A Docker container's real stdout and stderr, shipped into its awslogs stream.

The Docker runtime asks the engine for each container's new output (``docker logs
--timestamps --since``) whenever it looks at the container (each poll, and once more when it
exits) and writes each line as one event (`ecslearn.agents.awslogs_driver.write`).

Docker stamps each line with the engine's wall clock; the stream is on the simulation's virtual
clock, and the two differ. The choice: a line's timestamp is the virtual instant the container
started plus how long after the container's own start (Docker's ``State.StartedAt``, the same
wall clock as the lines) Docker stamped it, never later than the virtual now at shipping nor
earlier than the start. The Docker agent's steps are paced to the wall clock, so the spacing of
the lines is kept and they fall inside the container's virtual lifetime. Lines come in the
order Docker stamped them (stdout and stderr merged); a line is never shipped twice (the last
shipped stamp is remembered).
"""

from __future__ import annotations

import calendar
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ecslearn.agents.awslogs_driver import write

if TYPE_CHECKING:
    from ecslearn.control.world import World
    from ecslearn.model.task import Task
    from ecslearn.model.task_definition import ContainerDefinition


def docker_nanoseconds(stamp: str) -> int | None:
    """Docker's RFC 3339 stamp (``2026-12-03T08:05:01.123456789Z``) in nanoseconds since the
    epoch; None when it is not one."""
    if not stamp.endswith("Z") or "T" not in stamp:
        return None
    whole, _, fraction = stamp[:-1].partition(".")
    try:
        seconds = calendar.timegm(time.strptime(whole, "%Y-%m-%dT%H:%M:%S"))
        nanos = int((fraction + "000000000")[:9]) if fraction else 0
    except ValueError:
        return None
    return seconds * 1_000_000_000 + nanos


@dataclass
class _Shipped:
    started_ns: int  # Docker's State.StartedAt
    started_ms: int  # the virtual instant it started
    last_ns: int = 0  # the stamp of the last line shipped


class DockerLogShipper:
    """What has been shipped of each container of one Docker instance (not saved: a loaded
    world's Docker work continues on a simulated agent)."""

    def __init__(self) -> None:
        self.containers: dict[str, _Shipped] = {}

    def started(self, world: World, docker_id: str, details: dict[str, Any]) -> None:
        started = docker_nanoseconds(str((details.get("State") or {}).get("StartedAt", "")))
        now_ms = round(world.clock.timestamp * 1000)
        self.containers[docker_id] = _Shipped(started or time.time_ns(), now_ms)

    def ship(
        self,
        api: Any,
        world: World,
        region: str,
        task: Task,
        spec: ContainerDefinition,
        docker_id: str,
    ) -> None:
        """The container's output since the last look, into its stream."""
        shipped = self.containers.get(docker_id)
        if shipped is None:
            return
        since = shipped.last_ns / 1e9 if shipped.last_ns else None
        try:
            raw = api.logs(docker_id, stdout=True, stderr=True, timestamps=True, since=since)
        except Exception:  # the engine lost it: what was shipped stays
            return
        now_ms = round(world.clock.timestamp * 1000)
        stamped = []
        for line in raw.decode(errors="replace").splitlines():
            stamp, _, text = line.partition(" ")
            ns = docker_nanoseconds(stamp)
            if ns is not None and ns > shipped.last_ns:
                stamped.append((ns, text))
        lines = []
        for ns, text in sorted(stamped, key=lambda pair: pair[0]):  # stdout and stderr merged
            shipped.last_ns = ns
            offset_ms = (ns - shipped.started_ns) // 1_000_000
            lines.append(
                (min(max(shipped.started_ms + offset_ms, shipped.started_ms), now_ms), text)
            )
        write(world, region, task, spec, docker_id, lines)
