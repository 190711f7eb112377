"""The demo scenarios, as data: what each shows, its steps, and the outcome ECS must reach.

Each is a short story a learner can replay with any seed: the IDs and the instants change with
the seed, the outcome must not. To add one, append a `Scenario` to `SCENARIOS`; ``ecslearn demo
--help`` and ``--list`` describe it from its fields, and tests/test_demo.py plays it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ecslearn.demo.outcomes import (
    Expectation,
    FailedWith,
    OnEveryInstance,
    ServiceIs,
    ServiceSaid,
    Stopped,
)
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

CLUSTER = "demo"


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    shows: str  # what a learner sees in it, for --help and --list
    steps: tuple[Step, ...]
    expected: tuple[Expectation, ...]
    cluster: str = CLUSTER


class UnknownScenario(LookupError):
    """No scenario has that name; the message lists the ones there are."""


def _web(image: str, health: bool = True) -> dict[str, Any]:
    """RegisterTaskDefinition parameters of a small web task (a health check makes rolling
    deployments wait for new tasks to be healthy, as they do on ECS)."""
    container: dict[str, Any] = {
        "name": "web",
        "image": image,
        "memory": 256,
        "portMappings": [{"containerPort": 80}],
    }
    if health:
        container["healthCheck"] = {
            "command": ["CMD-SHELL", "wget -q -O /dev/null http://localhost/ || exit 1"],
            "interval": 5,
            "retries": 2,
            "startPeriod": 5,
        }
    return {"family": "web", "containerDefinitions": [container]}


def _cluster() -> Call:
    return Call("create_cluster", {"clusterName": CLUSTER})


ROLLING = Scenario(
    name="rolling-deployment",
    title="A rolling deployment from revision 1 to 2",
    shows="A REPLICA service of 4 tasks moves to a new task definition revision with "
    "minimumHealthyPercent 50 and maximumPercent 200: ECS may stop 2 old tasks and start 4 "
    "new ones at once, and stops the last old ones only when the new ones are healthy.",
    steps=(
        Say("Three t3.medium instances join cluster demo; web:1 runs as a service of 4."),
        _cluster(),
        Launch(3),
        Call("register_task_definition", _web("nginx:1.25")),
        Call(
            "create_service",
            {
                "cluster": CLUSTER,
                "serviceName": "web",
                "taskDefinition": "web:1",
                "desiredCount": 4,
                "deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 200},
            },
        ),
        Wait(),
        Draw("steady-on-revision-1", "4 tasks of web:1, steady", service="web"),
        Say("Register web:2 (a new image) and point the service at it."),
        Call("register_task_definition", _web("nginx:1.27")),
        Call("update_service", {"cluster": CLUSTER, "service": "web", "taskDefinition": "web:2"}),
        Wait(seconds=8),
        Draw("mid-deployment", "new tasks of web:2 beside old ones of web:1", service="web"),
        Wait(),
        Draw("rolled-out", "4 tasks of web:2; web:1 is gone", service="web"),
        Chart("web", "tasks-per-revision"),
    ),
    expected=(
        ServiceIs("web", running=4, desired=4, task_definition="web:2", deployments=1),
        Stopped("ServiceSchedulerInitiated", count=4),
        ServiceSaid("web", "has reached a steady state"),
    ),
)

DAEMON = Scenario(
    name="daemon",
    title="A DAEMON service follows the instances",
    shows="A DAEMON service (a log shipper) runs one task on every instance, with no "
    "desiredCount to set; when a new instance joins the cluster, ECS starts a task on it.",
    steps=(
        Say("Two instances, and a DAEMON service: one task per instance."),
        _cluster(),
        Launch(2),
        Call(
            "register_task_definition",
            {
                "family": "logs",
                "containerDefinitions": [{"name": "logs", "image": "fluent-bit:3", "memory": 64}],
            },
        ),
        Call(
            "create_service",
            {
                "cluster": CLUSTER,
                "serviceName": "logs",
                "taskDefinition": "logs",
                "schedulingStrategy": "DAEMON",
            },
        ),
        Wait(),
        Draw("two-instances", "one logs task on each of 2 instances"),
        Say("A third instance boots and registers: the daemon scheduler notices."),
        Launch(1),
        Wait(),
        Draw("instance-joined", "the new instance got its logs task"),
    ),
    expected=(
        ServiceIs("logs", running=3, desired=3),
        OnEveryInstance("logs"),
    ),
)

PLACEMENT_FAILURE = Scenario(
    name="placement-failure",
    title="A task that cannot be placed, and why",
    shows="RunTask asks for 3 tasks that each need host port 8080 on a cluster of 2 "
    'instances: two run, the third is a RESOURCE:PORTS failure, and the "why" table shows '
    "every instance ruled out by its ports. A service in the same spot says it was unable to "
    "place a task in its events, until a third instance joins.",
    steps=(
        Say("Two instances; api needs the fixed host port 8080, so one task per instance."),
        _cluster(),
        Launch(2),
        Call(
            "register_task_definition",
            {
                "family": "api",
                "containerDefinitions": [
                    {
                        "name": "api",
                        "image": "api:1",
                        "memory": 256,
                        "portMappings": [{"containerPort": 8080, "hostPort": 8080}],
                    }
                ],
            },
        ),
        Call(
            "run_task",
            {"cluster": CLUSTER, "taskDefinition": "api", "count": 3},
            save_as="run_task",
        ),
        Say("RunTask answered with 2 tasks and 1 failure. Why could the third not go anywhere?"),
        Explain("api", "why-not-placed"),
        Wait(seconds=20),
        Draw("port-8080-taken", "both instances use port 8080"),
        Say("The same through a service: it keeps trying, and says why in its events."),
        Call(
            "create_service",
            {"cluster": CLUSTER, "serviceName": "api", "taskDefinition": "api", "desiredCount": 1},
        ),
        Wait(seconds=30),
        Say("A third instance joins: the service can place its task there."),
        Launch(1),
        Wait(),
        Draw("placed-on-new-instance", "the service's task runs on the new instance"),
    ),
    expected=(
        FailedWith("run_task", "RESOURCE:PORTS"),
        ServiceSaid("api", "was unable to place a task"),
        ServiceIs("api", running=1, desired=1),
    ),
)

FAILURE_RECOVERY = Scenario(
    name="failure-recovery",
    title="ECS replaces a killed task and a lost instance",
    shows="A REPLICA service of 3: one task's essential container is killed (exit 137), so "
    "the task stops and the service starts a replacement; then an EC2 instance is "
    "terminated, its task stops, and the service places a new one on a surviving instance.",
    steps=(
        Say("Three instances, a service of 3 tasks spread across them."),
        _cluster(),
        Launch(3),
        Call("register_task_definition", _web("nginx:1.27", health=False)),
        Call(
            "create_service",
            {"cluster": CLUSTER, "serviceName": "web", "taskDefinition": "web", "desiredCount": 3},
        ),
        Wait(),
        Draw("steady", "3 tasks, one per instance"),
        Say("A container dies, as `docker kill` would do it."),
        KillContainer("web", "web"),
        Wait(),
        Draw("task-replaced", "the killed task stopped; a replacement runs"),
        Say("An EC2 instance is terminated: its tasks stop and it leaves the cluster."),
        TerminateInstance(1),
        Wait(),
        Draw("instance-replaced", "2 instances left, still 3 tasks"),
    ),
    expected=(
        ServiceIs("web", running=3, desired=3),
        Stopped("EssentialContainerExited"),
        Stopped("TerminationNotice"),
    ),
)

SCENARIOS: dict[str, Scenario] = {
    s.name: s for s in (ROLLING, DAEMON, PLACEMENT_FAILURE, FAILURE_RECOVERY)
}


def find_scenario(name: str) -> Scenario:
    """The scenario called `name`; an unknown name is refused with the list (and a guess)."""
    if name in SCENARIOS:
        return SCENARIOS[name]
    close = difflib.get_close_matches(name, SCENARIOS, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise UnknownScenario(
        f"No demo scenario {name!r}.{hint} Scenarios: {', '.join(SCENARIOS)} "
        "(ecslearn demo --list says what each shows)."
    )
