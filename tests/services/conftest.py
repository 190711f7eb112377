"""The EC2 tests' shared fixtures (``sim`` itself is the suite's: seed 0, strict)."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation

#: SSM's public parameter naming the region's ECS-optimized Amazon Linux 2023 AMI
AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"


@pytest.fixture
def ec2(sim: Simulation) -> Any:
    return sim.client("ec2")


@pytest.fixture
def ami(sim: Simulation) -> str:
    """The AMI a learner would launch: the one SSM recommends."""
    return sim.client("ssm").get_parameter(Name=AL2023)["Parameter"]["Value"]


@pytest.fixture
def elbv2(sim: Simulation) -> Any:
    return sim.client("elbv2")
