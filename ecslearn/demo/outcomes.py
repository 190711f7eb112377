"""What a scenario must end with: expectations as data, each able to say how reality differed.

They are checked the way a learner would check on real ECS (``describe_services``,
``describe_tasks``, a saved response), so a passing demo means the boto3-visible state is right,
not just some internal field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ecslearn.simulation import Simulation


@dataclass
class Context:
    """What an expectation may look at: the simulation, its client and the saved responses."""

    sim: Simulation
    ecs: Any
    cluster: str
    responses: Mapping[str, dict[str, Any]] = field(default_factory=dict)

    def service(self, name: str) -> dict[str, Any]:
        services = self.ecs.describe_services(cluster=self.cluster, services=[name])["services"]
        if not services:
            raise LookupError(f"service {name} does not exist")
        return services[0]

    def tasks(self, desired_status: str = "RUNNING", **filters: str) -> list[dict[str, Any]]:
        arns = self.ecs.list_tasks(cluster=self.cluster, desiredStatus=desired_status, **filters)[
            "taskArns"
        ]
        if not arns:
            return []
        return self.ecs.describe_tasks(cluster=self.cluster, tasks=arns)["tasks"]


class Expectation(Protocol):
    def describe(self) -> str: ...

    def differences(self, context: Context) -> list[str]:
        """Empty when met; otherwise one line per way the world differs."""
        ...


@dataclass(frozen=True)
class ServiceIs:
    """describe_services shows these counts and this task definition (None: not checked)."""

    service: str
    running: int | None = None
    desired: int | None = None
    pending: int | None = 0
    task_definition: str | None = None  # "family:revision"
    deployments: int | None = 1

    def describe(self) -> str:
        parts = [
            f"{label} {value}"
            for label, value in (
                ("desired", self.desired),
                ("running", self.running),
                ("pending", self.pending),
                ("deployments", self.deployments),
                ("on", self.task_definition),
            )
            if value is not None
        ]
        return f"service {self.service}: " + ", ".join(parts)

    def differences(self, context: Context) -> list[str]:
        svc = context.service(self.service)
        actual = {
            "desired": svc["desiredCount"],
            "running": svc["runningCount"],
            "pending": svc["pendingCount"],
            "deployments": len(svc["deployments"]),
            "on": svc["taskDefinition"].rsplit("/", 1)[-1],
        }
        wanted = {
            "desired": self.desired,
            "running": self.running,
            "pending": self.pending,
            "deployments": self.deployments,
            "on": self.task_definition,
        }
        return [
            f"service {self.service}: {key} is {actual[key]}, expected {value}"
            for key, value in wanted.items()
            if value is not None and actual[key] != value
        ]


@dataclass(frozen=True)
class OnEveryInstance:
    """Exactly one RUNNING task of the service on every ACTIVE container instance (DAEMON)."""

    service: str

    def describe(self) -> str:
        return f"one task of {self.service} RUNNING on every ACTIVE instance"

    def differences(self, context: Context) -> list[str]:
        arns = context.ecs.list_container_instances(cluster=context.cluster, status="ACTIVE")[
            "containerInstanceArns"
        ]
        per_instance = dict.fromkeys(arns, 0)
        for task in context.tasks(serviceName=self.service):
            if task["lastStatus"] == "RUNNING":
                where = task.get("containerInstanceArn", "")
                per_instance[where] = per_instance.get(where, 0) + 1
        return [
            f"instance {arn.rsplit('/', 1)[-1]} runs {count} tasks of {self.service}, expected 1"
            for arn, count in per_instance.items()
            if count != 1
        ] or ([] if arns else ["the cluster has no ACTIVE instance"])


@dataclass(frozen=True)
class Stopped:
    """At least `count` tasks stopped with this stopCode (describe_tasks)."""

    stop_code: str
    count: int = 1

    def describe(self) -> str:
        return f"{self.count} task(s) stopped with stopCode {self.stop_code}"

    def differences(self, context: Context) -> list[str]:
        codes = [t.get("stopCode") for t in context.tasks(desired_status="STOPPED")]
        found = codes.count(self.stop_code)
        if found >= self.count:
            return []
        return [f"{found} task(s) stopped with stopCode {self.stop_code} (all: {codes})"]


@dataclass(frozen=True)
class FailedWith:
    """The saved response of a call lists a failure with this reason (RunTask's failures)."""

    call: str
    reason: str

    def describe(self) -> str:
        return f"the {self.call} call reported a failure: {self.reason}"

    def differences(self, context: Context) -> list[str]:
        if self.call not in context.responses:
            return [f"no response saved as {self.call!r}"]
        reasons = [f.get("reason") for f in context.responses[self.call].get("failures", [])]
        if self.reason in reasons:
            return []
        return [f"the {self.call} call's failures are {reasons}, expected {self.reason}"]


@dataclass(frozen=True)
class ServiceSaid:
    """One of the service's events (describe_services, newest first) contains `text`."""

    service: str
    text: str

    def describe(self) -> str:
        return f"service {self.service} said: ...{self.text}..."

    def differences(self, context: Context) -> list[str]:
        messages = [e["message"] for e in context.service(self.service).get("events", [])]
        if any(self.text in message for message in messages):
            return []
        return [f"no event of service {self.service} says {self.text!r}"]
