"""EC2 instance types a lesson can launch, with what their ECS agent registers.

CPU registers as vCPUs x 1024 units. Memory registers as what the operating system sees, which
is less than the advertised size: AWS's guide shows an m4.large (8 GiB) registering 7985 MiB,
so the same ratio is applied to every type, then ECS_RESERVED_MEMORY is taken off.

vCPUs, memory (GiB), the number of network interfaces and the processor architecture are AWS's
own figures for each type (the EC2 instance types guide, and DescribeInstanceTypes). RunInstances
without an InstanceType launches an m1.small, EC2's documented default.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecslearn.errors import InvalidParameterException

#: Share of advertised memory the kernel leaves to the agent (7985 of 8192 MiB on an m4.large).
VISIBLE_MEMORY_RATIO = 7985 / 8192


@dataclass(frozen=True)
class InstanceType:
    name: str
    vcpus: int
    memory_gib: float
    enis: int  # network interfaces, which cap awsvpc tasks (one is the instance's own)
    architecture: str = "x86_64"

    @property
    def cpu_units(self) -> int:
        return self.vcpus * 1024

    def registered_memory(self, reserved_mib: int = 0) -> int:
        """MiB the agent registers, after ECS_RESERVED_MEMORY (`reserved_mib`)."""
        return int(self.memory_gib * 1024 * VISIBLE_MEMORY_RATIO) - reserved_mib


INSTANCE_TYPES: dict[str, InstanceType] = {
    t.name: t
    for t in (
        InstanceType("t3.micro", 2, 1, 2),
        InstanceType("t3.small", 2, 2, 3),
        InstanceType("t3.medium", 2, 4, 3),
        InstanceType("t3.large", 2, 8, 3),
        InstanceType("t3.xlarge", 4, 16, 4),
        InstanceType("m5.large", 2, 8, 3),
        InstanceType("m5.xlarge", 4, 16, 4),
        InstanceType("m5.2xlarge", 8, 32, 4),
        InstanceType("m5.4xlarge", 16, 64, 8),
        InstanceType("c5.large", 2, 4, 3),
        InstanceType("c5.xlarge", 4, 8, 4),
        InstanceType("c5.2xlarge", 8, 16, 4),
        InstanceType("r5.large", 2, 16, 3),
        InstanceType("r5.xlarge", 4, 32, 4),
        InstanceType("m4.large", 2, 8, 2),
        InstanceType("m1.small", 1, 1.7, 2),
        InstanceType("t2.micro", 1, 1, 2),
        InstanceType("t3.2xlarge", 8, 32, 4),
        InstanceType("m5.8xlarge", 32, 128, 8),
        InstanceType("c5.4xlarge", 16, 32, 8),
        InstanceType("r5.2xlarge", 8, 64, 4),
        InstanceType("m6i.large", 2, 8, 3),
        InstanceType("m6i.xlarge", 4, 16, 4),
        InstanceType("m7i.large", 2, 8, 3),
        InstanceType("t4g.micro", 2, 1, 2, "arm64"),
        InstanceType("t4g.small", 2, 2, 3, "arm64"),
        InstanceType("t4g.medium", 2, 4, 3, "arm64"),
        InstanceType("m6g.large", 2, 8, 3, "arm64"),
        InstanceType("m6g.xlarge", 4, 16, 4, "arm64"),
        InstanceType("c6g.large", 2, 4, 3, "arm64"),
        InstanceType("c6g.xlarge", 4, 8, 4, "arm64"),
        InstanceType("m7g.large", 2, 8, 3, "arm64"),
    )
}


def instance_type(name: str) -> InstanceType:
    try:
        return INSTANCE_TYPES[name]
    except KeyError:
        raise InvalidParameterException(
            f"ecslearn does not know the instance type '{name}'. Known types: "
            f"{', '.join(INSTANCE_TYPES)}."
        ) from None
