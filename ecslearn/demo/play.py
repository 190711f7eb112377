"""Play a scenario: run its steps on a seeded simulation, print the timeline as it happens,
draw the cluster at its key moments, and check that ECS reached the expected outcome.

Time is the simulation's virtual clock; `speed` only paces the printing (simulated seconds per
wall second, each quiet stretch capped at `MAX_PAUSE`), so every speed prints the same lines.
"""

from __future__ import annotations

import json
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ecslearn.control import runner
from ecslearn.demo.outcomes import Context
from ecslearn.demo.pictures import PictureWriter
from ecslearn.demo.scenario_steps import (
    Call,
    Chart,
    Draw,
    Explain,
    KillContainer,
    Launch,
    Say,
    Step,
    TerminateInstance,
    Wait,
)
from ecslearn.demo.scenarios import Scenario
from ecslearn.simulation import Simulation

#: Event kinds printed: what a learner watches (container and API events are left out: noise).
SHOWN_KINDS = frozenset({"task", "service", "placement", "fault", "instance", "agent"})
DEFAULT_SPEED = 20.0
#: The longest wall-clock pause for one quiet stretch of simulated time, in seconds.
MAX_PAUSE = 1.0
WIDTH = 100


@dataclass
class PlayResult:
    """How a play ended: the differences from the expected outcome (none: reached) and the
    pictures written."""

    scenario: str
    differences: list[str]
    pictures: list[Path] = field(default_factory=list)

    @property
    def reached(self) -> bool:
        return not self.differences


class Player:
    """Runs one scenario's steps, printing to `out` and pausing with `sleep`."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int,
        speed: float,
        out: TextIO,
        pictures: PictureWriter | None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if speed < 0:
            raise ValueError("speed must be >= 0 (0 means: do not wait)")
        self.scenario = scenario
        self.sim = Simulation(seed=seed)
        self.ecs = self.sim.client()
        self.speed = speed
        self.out = out
        self.pictures = pictures
        self.sleep = sleep
        self.responses: dict[str, dict[str, Any]] = {}
        self.shown = 0  # events of sim.events already printed

    # -- printing and pacing -------------------------------------------------------------------
    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def _show_new_events(self) -> None:
        for event in self.sim.events[self.shown :]:
            if event.kind in SHOWN_KINDS:
                self.say(f"  {event}")
        self.shown = len(self.sim.events)

    def _pause(self, simulated: float) -> None:
        if self.speed > 0 and simulated > 0:
            self.sleep(min(simulated / self.speed, MAX_PAUSE))

    # -- running -------------------------------------------------------------------------------
    def run(self) -> list[str]:
        """Play every step; the differences from the expected outcome (empty: reached)."""
        self.say(f"== {self.scenario.title} (ecslearn demo {self.scenario.name})")
        self.say(textwrap.fill(self.scenario.shows, width=WIDTH))
        for step in self.scenario.steps:
            self._do(step)
            self._show_new_events()
        context = Context(self.sim, self.ecs, self.scenario.cluster, self.responses)
        differences: list[str] = []
        self.say("\nExpected outcome:")
        for expectation in self.scenario.expected:
            found = expectation.differences(context)
            self.say(f"  [{'ok' if not found else 'DIFFERS'}] {expectation.describe()}")
            for line in found:
                self.say(f"      {line}")
            differences.extend(found)
        return differences

    def _do(self, step: Step) -> None:
        if isinstance(step, Say):
            self.say(f"\n--> {step.text}")
        elif isinstance(step, Call):
            self.say(f"  ecs.{step.method}({_arguments(step.params)})")
            response = getattr(self.ecs, step.method)(**step.params)
            response.pop("ResponseMetadata", None)
            if step.save_as:
                self.responses[step.save_as] = response
            for failure in response.get("failures", []):
                where = str(failure.get("arn", "")).rsplit("/", 1)[-1]
                self.say(f"  failure: {failure.get('reason')} ({where})")
        elif isinstance(step, Launch):
            launched = self.sim.launch_instances(
                self.scenario.cluster, count=step.count, instance_type=step.instance_type
            )
            for instance in launched:
                self.say(
                    f"  [{self.sim.now:8.1f}s] instance  {instance.id[:8]} "
                    f"({step.instance_type}, {instance.zone}) registered"
                )
        elif isinstance(step, Wait):
            self._wait(step)
        elif isinstance(step, KillContainer):
            self.sim.kill_container(
                self._running_task(step.service), step.container, step.exit_code
            )
        elif isinstance(step, TerminateInstance):
            active = [
                i
                for i in self.sim.region_state().instances_in(self.scenario.cluster)
                if i.status == "ACTIVE"
            ]
            self.sim.terminate_instance(active[step.index])
        elif isinstance(step, Draw | Explain | Chart):
            self._picture(step)
        else:  # pragma: no cover - a new step kind without a meaning here
            raise TypeError(f"no way to play a {type(step).__name__} step")

    def _wait(self, step: Wait) -> None:
        """Step through simulated time one action at a time, so events print as they happen."""
        until_stable = step.seconds is None
        deadline = self.sim.now + (step.timeout if until_stable else step.seconds or 0.0)
        while True:
            upcoming = self.sim.world.queue.peek()
            if upcoming is not None and upcoming.time <= self.sim.now:
                self.sim.step()  # finish this instant first, as run_until_stable does
                self._show_new_events()
                continue
            if until_stable and not runner.unsettled(self.sim.world):
                self.say(f"  [{self.sim.now:8.1f}s] stable")
                return
            if upcoming is None or upcoming.time > deadline:
                self._pause(deadline - self.sim.now)
                self.sim.world.clock.advance_to(deadline)
                if until_stable:
                    reasons = "; ".join(runner.unsettled(self.sim.world))
                    self.say(f"  [{self.sim.now:8.1f}s] still not stable: {reasons}")
                return
            self._pause(upcoming.time - self.sim.now)
            self.sim.step()
            self._show_new_events()

    def _running_task(self, service: str) -> str:
        tasks = sorted(
            t.task_arn or ""
            for t in self.sim.region_state().tasks.values()
            if t.group == f"service:{service}" and t.last_status == "RUNNING"
        )
        if not tasks:
            raise LookupError(f"service {service} has no RUNNING task to kill")
        return tasks[0]

    def _picture(self, step: Draw | Explain | Chart) -> None:
        if isinstance(step, Explain):
            explanation = self.sim.explain_placement(
                self.scenario.cluster, step.task_definition, service=step.service
            )
            self.say(
                f"  sim.explain_placement({self.scenario.cluster!r}, {step.task_definition!r})"
            )
            for line in str(explanation).splitlines():
                self.say(f"    {line}")
            if self.pictures:
                written = self.pictures.placement(step.name, explanation, step.task_definition)
                if written:
                    self.say(f"  picture: {written[0].name}: every instance's verdict")
        elif self.pictures is None:
            return
        elif isinstance(step, Draw):
            written = self.pictures.cluster(
                step.name, self.sim, self.scenario.cluster, step.service
            )
            if written:
                self.say(f"  picture: {written[0].name}: {step.caption}")
        else:
            self.pictures.chart(step.name, self.sim, step.service, self.scenario.cluster)


def play(
    scenario: Scenario,
    *,
    seed: int = 0,
    speed: float = DEFAULT_SPEED,
    out_dir: Path | None = None,
    out: TextIO | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PlayResult:
    """Play `scenario`; pictures go to `out_dir` (None: no pictures)."""
    stream = out or sys.stdout
    pictures = PictureWriter(out_dir, stream) if out_dir is not None else None
    player = Player(scenario, seed=seed, speed=speed, out=stream, pictures=pictures, sleep=sleep)
    differences = player.run()
    written = pictures.written if pictures else []
    if written:
        player.say(f"\n{len(written)} pictures in {out_dir}:")
        for path in written:
            player.say(f"  {path}")
    return PlayResult(scenario.name, differences, written)


def _arguments(params: Any, limit: int = 110) -> str:
    """A call's keyword arguments as one readable line; long values are cut with '...'."""
    parts = [f"{key}={json.dumps(value)}" for key, value in params.items()]
    text = ", ".join(parts)
    return text if len(text) <= limit else text[: limit - 3] + "..."
