"""Target groups of ELBv2 (Application and Network Load Balancers), in ELBv2's shape.

ELBv2 writes its members in PascalCase (``TargetGroupArn``, ``HealthCheckIntervalSeconds``), not
ECS's camelCase, so these classes share one small base that capitalises the keys; otherwise
they are plain data like every model class. A target group holds its registered targets; each
target has ELB's health (``initial``, ``healthy``, ``unhealthy``, ``draining``, ``unused``) with
ELB's reason codes, and the descriptions ELB's user guide gives for them ("Health check reason
codes", Application Load Balancers guide).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from ecslearn.model.base import EcsObject, internal

#: ELB's defaults for an HTTP target group of type instance or ip.
DEFAULT_INTERVAL_SECONDS = 30
DEFAULT_TIMEOUT_SECONDS = 5
DEFAULT_HEALTHY_THRESHOLD = 5
DEFAULT_UNHEALTHY_THRESHOLD = 2
DEFAULT_DEREGISTRATION_DELAY = 300

#: ELB's attribute defaults, for the attributes ecslearn acts on.
DEFAULT_SLOW_START = 0

TARGET_STATES = ("initial", "healthy", "unhealthy", "unused", "draining")
#: ELB's reason codes and the descriptions DescribeTargetHealth gives with them (the user
#: guide's table; Target.NotInUse has two, the second for a zone the load balancer lacks).
REASONS = {
    "Elb.RegistrationInProgress": "Target registration is in progress",
    "Elb.InitialHealthChecking": "Initial health checks in progress",
    "Elb.InternalError": "Health checks failed due to an internal error",
    "Target.DeregistrationInProgress": "Target deregistration is in progress",
    "Target.FailedHealthChecks": "Health checks failed",
    "Target.NotRegistered": "Target is not registered to the target group",
    "Target.NotInUse": "Target group is not configured to receive traffic from the load balancer",
    "Target.NotInUse.Zone": "Target is in an Availability Zone that is not enabled for the load "
    "balancer",
    "Target.InvalidState": "Target is in the stopped state",
    "Target.ResponseCodeMismatch": "Health checks failed with these codes: [{code}]",
    "Target.Timeout": "Request timed out",
}


class ElbObject(EcsObject):
    """An ELBv2 object: the same conversion as ECS objects, with PascalCase member names."""

    @classmethod
    @functools.cache
    def _specs(cls) -> tuple[Any, ...]:
        return tuple(
            dataclasses.replace(spec, key=spec.key[:1].upper() + spec.key[1:])
            for spec in super()._specs()
        )


@dataclass(kw_only=True)
class TargetHealth(ElbObject):
    """A target's health: ``{"State": "unhealthy", "Reason": "Target.Timeout",
    "Description": "Request timed out"}``."""

    state: str | None = None
    reason: str | None = None
    description: str | None = None

    @classmethod
    def of(cls, state: str, reason: str | None = None, code: int | None = None) -> TargetHealth:
        description = REASONS[reason].format(code=code) if reason else None
        return cls(
            state=state, reason=reason and reason.removesuffix(".Zone"), description=description
        )


@dataclass(kw_only=True)
class Target(ElbObject):
    """A registered target: an instance ID and host port, or an IP address and port."""

    id: str | None = None
    port: int | None = None
    availability_zone: str | None = None
    # What the simulated load balancer keeps about the target.
    health: TargetHealth = internal(default_factory=lambda: TargetHealth.of("initial"))
    task_arn: str = internal("")  # the ECS task behind it (ELB itself never knows this)
    container_name: str = internal("")
    registered_at: float = internal(0.0)  # simulated seconds
    passes: int = internal(0)  # consecutive health checks passed
    failures: int = internal(0)  # consecutive health checks failed
    healthy_since: float = internal(-1.0)  # when it last turned healthy (slow start counts)
    credit: float = internal(0.0)  # the weighted round robin's running credit

    @property
    def state(self) -> str:
        return self.health.state or "initial"

    @property
    def address(self) -> str:
        return f"{self.id}:{self.port}"

    def description(self, health_check_port: int | None = None) -> dict[str, Any]:
        """ELBv2's TargetHealthDescription of this target (`health_check_port`: where its group
        checks it, when not on the target's own port)."""
        return {
            "Target": self.to_json(),
            "HealthCheckPort": str(health_check_port or self.port),
            "TargetHealth": self.health.to_json(),
        }


@dataclass(kw_only=True)
class TargetGroup(ElbObject):
    """An ELBv2 target group, with its health check settings and its registered targets."""

    target_group_arn: str | None = None
    target_group_name: str | None = None
    protocol: str | None = "HTTP"
    port: int | None = 80
    vpc_id: str | None = None
    health_check_protocol: str | None = "HTTP"
    health_check_port: str | None = "traffic-port"
    health_check_enabled: bool | None = True
    health_check_interval_seconds: int | None = DEFAULT_INTERVAL_SECONDS
    health_check_timeout_seconds: int | None = DEFAULT_TIMEOUT_SECONDS
    healthy_threshold_count: int | None = DEFAULT_HEALTHY_THRESHOLD
    unhealthy_threshold_count: int | None = DEFAULT_UNHEALTHY_THRESHOLD
    health_check_path: str | None = "/"
    matcher: dict[str, str] | None = None
    target_type: str | None = "instance"
    protocol_version: str | None = None
    ip_address_type: str | None = "ipv4"
    # Target group attributes in ELB (``deregistration_delay.timeout_seconds``,
    # ``slow_start.duration_seconds``; the others as strings, echoed)
    deregistration_delay: int = internal(DEFAULT_DEREGISTRATION_DELAY)
    slow_start: int = internal(DEFAULT_SLOW_START)
    other_attributes: dict[str, str] = internal(default_factory=dict)
    targets: list[Target] = internal(default_factory=list)
    requests_served: int = internal(0)  # how many requests it forwarded
    tags: dict[str, str] = internal(default_factory=dict)

    @property
    def name(self) -> str:
        return self.target_group_name or ""

    def find(self, target_id: str, port: int) -> Target | None:
        return next((t for t in self.targets if t.id == target_id and t.port == port), None)

    def health_port(self, target: Target) -> int:
        """The port a health check of `target` goes to: the target's (``traffic-port``) or the
        group's own."""
        port = self.health_check_port or "traffic-port"
        return int(target.port or 0) if port == "traffic-port" else int(port)

    def accepts(self, code: int) -> bool:
        """Whether `code` matches the Matcher (``"200"``, ``"200,302"``, ``"200-299"``)."""
        for part in (self.matcher or {}).get("HttpCode", "200").split(","):
            low, _, high = part.strip().partition("-")
            if int(low) <= code <= int(high or low):
                return True
        return False

    def attributes(self) -> list[dict[str, str]]:
        """What DescribeTargetGroupAttributes answers: the two attributes ecslearn acts on and
        the others, echoed."""
        acted = {
            "deregistration_delay.timeout_seconds": str(self.deregistration_delay),
            "slow_start.duration_seconds": str(self.slow_start),
        }
        if self.protocol not in ("HTTP", "HTTPS"):
            del acted["slow_start.duration_seconds"]  # an Application Load Balancer's only
        merged = {**acted, **self.other_attributes}
        return [{"Key": key, "Value": merged[key]} for key in sorted(merged)]


@dataclass(frozen=True)
class ServedRequest:
    """One request sent through the load balancer: who answered it, and how."""

    time: float  # simulated seconds
    status: int  # the HTTP status the client got
    task: str | None = None  # the short ID of the task that served it
    target_group: str | None = None  # the name of the target group it was forwarded to
    target: str | None = None  # the target's ID: an EC2 instance ID or an IP address
    port: int | None = None
    container_instance: str | None = None  # the short ID of the container instance
    error: str | None = None  # what the load balancer said when no target could answer
    body: str | None = None  # a fixed response's body, a redirect's Location, or the start of
    # what a real container served
    rule: str | None = None  # the priority of the listener rule that matched ("default")
    latency: float | None = None  # wall-clock seconds a real container took (None: simulated)
    service_connect: str | None = None  # the Service Connect service (discovery name) it reached

    def __str__(self) -> str:
        if self.task is None:
            return f"[{self.time:8.1f}s] {self.status} {self.error or self.body or ''}".rstrip()
        where = f"{self.target}:{self.port}"
        line = f"[{self.time:8.1f}s] {self.status} from task {self.task[:8]} at {where}"
        if self.latency is not None:
            line += f" in {self.latency * 1000:.0f} ms"
        return line + (f" ({self.error})" if self.error else "")
