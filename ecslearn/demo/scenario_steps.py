"""The steps a scenario is made of: plain data, so a scenario reads like a lesson plan.

Each step is something a learner does (a boto3 call, launching instances, waiting, injecting a
fault) or something the demo shows (the cluster picture, a placement explanation, a chart).
`ecslearn.demo.play` gives each kind its meaning; nothing here runs anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    """A boto3 ECS call, ``ecs.<method>(**params)``; `save_as` keeps the response for checks."""

    method: str
    params: Mapping[str, Any] = field(default_factory=dict)
    save_as: str | None = None


@dataclass(frozen=True)
class Launch:
    """`count` EC2 instances boot and their agents register (``sim.launch_instances``)."""

    count: int
    instance_type: str = "t3.medium"


@dataclass(frozen=True)
class Wait:
    """Let simulated time pass: `seconds`, or until everything is stable (None)."""

    seconds: float | None = None
    timeout: float = 600.0


@dataclass(frozen=True)
class KillContainer:
    """A container of one of the service's RUNNING tasks dies (the first by task ARN, so the
    choice is the same for a seed)."""

    service: str
    container: str
    exit_code: int = 137


@dataclass(frozen=True)
class TerminateInstance:
    """The `index`-th ACTIVE instance of the cluster (in registration order) is terminated."""

    index: int = 0


@dataclass(frozen=True)
class Draw:
    """Write the cluster picture as ``NN-<name>.svg`` (and .png), highlighting what changed
    since the previous picture."""

    name: str
    caption: str
    service: str | None = None


@dataclass(frozen=True)
class Explain:
    """Print the "why can't / where would one more task go?" table and draw it."""

    task_definition: str
    name: str
    service: bool = False


@dataclass(frozen=True)
class Chart:
    """Write a timeline of a service: RUNNING tasks per task definition revision."""

    service: str
    name: str


@dataclass(frozen=True)
class Say:
    """Narration: what the learner does next, and why it matters."""

    text: str


Step = Say | Call | Launch | Wait | KillContainer | TerminateInstance | Draw | Explain | Chart
