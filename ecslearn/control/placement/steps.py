"""The filter steps of the placement pipeline, each with the reason ECS gives when it fails.

Like the Kubernetes scheduler's Filter plugins, every step is small and named and says yes or no
with a reason. The order is the order ECS reports in: an instance's failure in RunTask's
``failures[]`` is its *first* failing step, and the explanation table shows all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ecslearn.control.placement.facts import PlacementRequest
from ecslearn.control.placement.working import Slot
from ecslearn.errors import InvalidParameterException

# ECS's failure reasons (RunTask ``failures[].reason``; the service event quotes them too).
AGENT = "AGENT"
ATTRIBUTE = "ATTRIBUTE"
RESOURCE_CPU = "RESOURCE:CPU"
RESOURCE_MEMORY = "RESOURCE:MEMORY"
RESOURCE_PORTS = "RESOURCE:PORTS"
RESOURCE_ENI = "RESOURCE:ENI"
# Observed wording, trailing period included: the service event reads
# ``encountered error "DistinctInstance placement constraint unsatisfied."``.
DISTINCT_INSTANCE_UNSATISFIED = "DistinctInstance placement constraint unsatisfied."
MEMBER_OF_UNSATISFIED = "MemberOf placement constraint unsatisfied."
#: no ACTIVE instance at all; real RunTask raises InvalidParameterException with this message
NO_CONTAINER_INSTANCES = "No Container Instances were found in your cluster."
#: not an ECS reason: instances that are not ACTIVE are simply not candidates, and ECS lists
#: no failure for them; the explanation table still shows why they were passed over
NOT_A_CANDIDATE = "not a candidate"


@dataclass(frozen=True)
class Step:
    """One filter: `passes` decides, `reason` is what ECS reports, `detail` says why in words."""

    name: str
    reason: str
    passes: Callable[[Slot], bool]
    detail: Callable[[Slot], str]

    @property
    def reported(self) -> bool:
        """Whether a failure of this step appears in RunTask's ``failures[]``."""
        return self.reason != NOT_A_CANDIDATE


def parse_expression(expression: str) -> Any:
    """The cluster query language, imported lazily so placement without memberOf needs none."""
    from ecslearn.control.placement import cql

    return cql.parse(expression)


def _port_conflicts(slot: Slot, tcp: frozenset[int], udp: frozenset[int]) -> str:
    taken = [f"tcp {port}" for port in sorted(slot.tcp & tcp)]
    taken += [f"udp {port}" for port in sorted(slot.udp & udp)]
    return "host port already in use: " + ", ".join(taken)


def build_steps(request: PlacementRequest) -> tuple[Step, ...]:
    """The steps for this request: always the candidate and resource checks, then one step for
    each optional requirement the task has, then each constraint in the order given."""
    cpu, memory = request.cpu, request.memory
    steps = [
        Step(
            "active",
            NOT_A_CANDIDATE,
            lambda s: s.active,
            lambda s: f"status is {s.facts.status}; only ACTIVE instances take tasks",
        ),
        Step(
            "agent",
            AGENT,
            lambda s: s.facts.agent_connected,
            lambda s: "the container agent is disconnected",
        ),
    ]
    required = request.required_attributes
    if required:
        steps.append(
            Step(
                "requiresAttributes",
                ATTRIBUTE,
                lambda s: all(name in s.facts.attributes for name in required),
                lambda s: (
                    "missing attribute "
                    + ", ".join(name for name in required if name not in s.facts.attributes)
                ),
            )
        )
    steps.append(
        Step(
            "cpu",
            RESOURCE_CPU,
            lambda s: s.cpu >= cpu,
            lambda s: f"needs {cpu} CPU units, {s.cpu} remaining",
        )
    )
    steps.append(
        Step(
            "memory",
            RESOURCE_MEMORY,
            lambda s: s.memory >= memory,
            lambda s: f"needs {memory} MiB, {s.memory} remaining",
        )
    )
    tcp, udp = request.tcp_ports, request.udp_ports
    if tcp or udp:
        steps.append(
            Step(
                "ports",
                RESOURCE_PORTS,
                lambda s: s.tcp.isdisjoint(tcp) and s.udp.isdisjoint(udp),
                lambda s: _port_conflicts(s, tcp, udp),
            )
        )
    if request.uses_eni:
        steps.append(
            Step(
                "eni",
                RESOURCE_ENI,
                lambda s: s.enis is None or s.enis > 0,
                lambda s: "no free elastic network interface for an awsvpc task",
            )
        )
    steps.extend(_constraint_steps(request))
    return tuple(steps)


def _constraint_steps(request: PlacementRequest) -> list[Step]:
    steps: list[Step] = []
    seen: set[tuple[str, str | None]] = set()
    group = request.group
    for constraint in request.constraints:
        key = (constraint.type or "", constraint.expression)
        if key in seen:  # the same constraint from the task definition and the call
            continue
        seen.add(key)
        if constraint.type == "distinctInstance":
            steps.append(
                Step(
                    "distinctInstance",
                    DISTINCT_INSTANCE_UNSATISFIED,
                    lambda s: s.group_count == 0,
                    lambda s: f"already runs {s.group_count} task(s) of group {group}",
                )
            )
        elif constraint.type == "memberOf":
            text = constraint.expression or ""
            steps.append(_member_of(text, parse_expression(text)))
        else:
            raise InvalidParameterException(
                f"Unknown placement constraint type '{constraint.type}'. "
                "Use distinctInstance or memberOf."
            )
    return steps


def _member_of(text: str, expression: Any) -> Step:
    return Step(
        f"memberOf({text})",
        MEMBER_OF_UNSATISFIED,
        lambda s: expression.matches(s.current()),
        lambda s: f"does not satisfy {text}",
    )


def passes_all(slot: Slot, steps: tuple[Step, ...]) -> bool:
    # A plain loop rather than all(<generator>): this runs once per instance per call.
    for step in steps:  # noqa: SIM110
        if not step.passes(slot):
            return False
    return True


def first_failure(slot: Slot, steps: tuple[Step, ...]) -> Step | None:
    for step in steps:
        if not step.passes(slot):
            return step
    return None
