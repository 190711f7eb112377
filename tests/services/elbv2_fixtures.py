"""What the ELB tests share: a client, the default VPC's subnets, and quick target groups."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation


def default_subnets(sim: Simulation) -> list[str]:
    """The default VPC's subnets, one a zone, in zone order."""
    subnets = sim.client("ec2").describe_subnets()["Subnets"]
    return [s["SubnetId"] for s in sorted(subnets, key=lambda s: s["AvailabilityZone"])]


def default_vpc(sim: Simulation) -> str:
    return sim.region_state().ec2.default_vpc.vpc_id


def application(sim: Simulation, elbv2: Any, name: str = "web", **options: Any) -> dict:
    """An internet-facing Application Load Balancer in every default subnet, made active."""
    made = elbv2.create_load_balancer(Name=name, Subnets=default_subnets(sim), **options)
    sim.advance(300)
    return made["LoadBalancers"][0]


def group(sim: Simulation, elbv2: Any, name: str = "web", **options: Any) -> str:
    """An HTTP target group with quick health checks (every 10 s, 2 passes to recover)."""
    settings = {
        "Protocol": "HTTP",
        "Port": 80,
        "VpcId": default_vpc(sim),
        "HealthCheckIntervalSeconds": 10,
        "HealthyThresholdCount": 2,
        **options,
    }
    return elbv2.create_target_group(Name=name, **settings)["TargetGroups"][0]["TargetGroupArn"]


def forward(*arns: str, weights: list[int] | None = None) -> list[dict]:
    if len(arns) == 1 and weights is None:
        return [{"Type": "forward", "TargetGroupArn": arns[0]}]
    pairs = zip(arns, weights or [1] * len(arns), strict=True)
    groups = [{"TargetGroupArn": arn, "Weight": weight} for arn, weight in pairs]
    return [{"Type": "forward", "ForwardConfig": {"TargetGroups": groups}}]


def fixed(status: str, body: str) -> list[dict]:
    config = {"StatusCode": status, "ContentType": "text/plain", "MessageBody": body}
    return [{"Type": "fixed-response", "FixedResponseConfig": config}]


def error_of(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]
