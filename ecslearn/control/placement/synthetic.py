"""Made-up container instances for lessons, tests and benchmarks.

Placement works on `InstanceFacts` snapshots, so a lesson about strategies or a benchmark with
5,000 hosts should not need a whole simulated control plane. These build plausible snapshots
(a t3.medium by default, with the agent's default reserved ports) with deterministic IDs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ecslearn.control.placement.facts import InstanceFacts

ACCOUNT = "123456789012"
REGION = "us-east-1"
#: ports the Linux agent registers as reserved (semantics §3.2)
RESERVED_TCP_PORTS = frozenset({22, 2375, 2376, 51678, 51679})
ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")


def instance(
    index: int,
    *,
    zone: str | None = "us-east-1a",
    cpu: int = 2048,
    memory: int = 3904,
    status: str = "ACTIVE",
    agent_connected: bool = True,
    attributes: Mapping[str, str | None] | None = None,
    task_groups: Mapping[str, int] | None = None,
    running_tasks_count: int | None = None,
    used_tcp_ports: frozenset[int] = RESERVED_TCP_PORTS,
    used_udp_ports: frozenset[int] = frozenset(),
    free_enis: int | None = None,
    instance_type: str = "t3.medium",
    cluster: str = "default",
) -> InstanceFacts:
    """One container instance; `cpu`/`memory` are what remains, `zone` None leaves it out."""
    instance_id = f"{index + 1:032x}"
    built_in: dict[str, str | None] = {
        "ecs.instance-type": instance_type,
        "ecs.os-type": "linux",
        "ecs.cpu-architecture": "x86_64",
    }
    if zone is not None:
        built_in["ecs.availability-zone"] = zone
    built_in.update(attributes or {})
    groups = dict(task_groups or {})
    return InstanceFacts(
        arn=f"arn:aws:ecs:{REGION}:{ACCOUNT}:container-instance/{cluster}/{instance_id}",
        id=instance_id,
        ec2_instance_id=f"i-{index + 1:017x}",
        index=index,
        status=status,
        agent_connected=agent_connected,
        agent_version="1.82.0",
        registered_at=1_700_000_000.0 + index,
        attributes=built_in,
        running_tasks_count=(
            sum(groups.values()) if running_tasks_count is None else running_tasks_count
        ),
        task_groups=groups,
        remaining_cpu=cpu,
        remaining_memory=memory,
        used_tcp_ports=used_tcp_ports,
        used_udp_ports=used_udp_ports,
        free_enis=free_enis,
    )


def cluster(size: int, *, zones: Sequence[str] = ZONES, **options: Any) -> list[InstanceFacts]:
    """`size` identical instances, dealt round-robin across `zones` (as an ASG spreads them)."""
    return [instance(index, zone=zones[index % len(zones)], **options) for index in range(size)]
