"""A blue/green front door for lessons: an Application Load Balancer with two target groups, a
production listener rule every request matches and a test rule that matches only requests with
the header ``X-Test: 1``, both forwarding to the two groups with weights 100 / 0.

Lessons 8 and 15 build one and explain each call (lesson 9 explains ELBv2's pieces); this is the
one place that makes it, through the ELBv2 and EC2 clients as a learner's code would, so the
lessons' narratives stay about what ECS does with it. `BlueGreenFront.load_balancers` is what
CreateService takes for a BLUE_GREEN service.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

#: The role ECS assumes to change the listener rules' weights (a placeholder account's ARN).
LOAD_BALANCER_ROLE = "arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers"
#: The header the test listener rule matches.
TEST_HEADER = {"X-Test": "1"}


@dataclass
class BlueGreenFront:
    """The load balancer's URL, its two target groups by name (the first is production's at the
    start, the second the alternate), and the production and test listener rules' ARNs."""

    url: str
    groups: dict[str, str]  # target group name -> ARN
    production: str  # the production listener rule's ARN
    test: str  # the test listener rule's ARN

    def load_balancers(self, container: str = "web", port: int = 80) -> list[dict[str, Any]]:
        """CreateService's ``loadBalancers`` for a blue/green service of `container`:`port`."""
        blue, green = self.groups.values()
        advanced = {
            "alternateTargetGroupArn": green,
            "productionListenerRule": self.production,
            "testListenerRule": self.test,
            "roleArn": LOAD_BALANCER_ROLE,
        }
        return [
            {
                "targetGroupArn": blue,
                "containerName": container,
                "containerPort": port,
                "advancedConfiguration": advanced,
            }
        ]


def blue_green_front(
    sim: Any, name: str, groups: tuple[str, str], target_type: str = "instance"
) -> BlueGreenFront:
    """Make the load balancer `name`, its target groups `groups` (HTTP:80, checked every 10 s,
    healthy after 2 passes, draining 30 s rather than ELB's 300) and its rules, and wait until
    it is active. ``target_type="ip"`` suits awsvpc tasks (Fargate), ``"instance"`` bridge."""
    elbv2, ec2 = sim.client("elbv2"), sim.client("ec2")
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]]
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    alb = elbv2.create_load_balancer(Name=name, Subnets=subnets)["LoadBalancers"][0]
    arns = {
        group: elbv2.create_target_group(
            Name=group,
            Protocol="HTTP",
            Port=80,
            VpcId=vpc,
            TargetType=target_type,
            HealthCheckIntervalSeconds=10,
            HealthyThresholdCount=2,
        )["TargetGroups"][0]["TargetGroupArn"]
        for group in groups
    }
    for arn in arns.values():
        elbv2.modify_target_group_attributes(
            TargetGroupArn=arn,
            Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}],
        )
    blue, green = arns.values()
    listener = elbv2.create_listener(
        LoadBalancerArn=alb["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": blue}],
    )["Listeners"][0]["ListenerArn"]
    both = [
        {
            "Type": "forward",
            "ForwardConfig": {
                "TargetGroups": [
                    {"TargetGroupArn": blue, "Weight": 100},
                    {"TargetGroupArn": green, "Weight": 0},
                ]
            },
        }
    ]
    header = {"HttpHeaderName": "X-Test", "Values": list(TEST_HEADER.values())}
    test = elbv2.create_rule(
        ListenerArn=listener,
        Priority=5,
        Conditions=[{"Field": "http-header", "HttpHeaderConfig": header}],
        Actions=both,
    )["Rules"][0]["RuleArn"]
    production = elbv2.create_rule(
        ListenerArn=listener,
        Priority=10,
        Conditions=[{"Field": "path-pattern", "Values": ["/*"]}],
        Actions=both,
    )["Rules"][0]["RuleArn"]
    sim.advance(240)  # an ALB is provisioning for a few minutes
    return BlueGreenFront(f"http://{alb['DNSName']}/", arns, production, test)


def requests_by_group(sim: Any, front: BlueGreenFront, n: int) -> dict[str, Counter]:
    """Send `n` user requests and `n` test requests (header X-Test: 1) through the front; which
    target group answered them, by kind."""
    return {
        "production": Counter(r.target_group for r in sim.send_requests(front.url, n)),
        "test": Counter(
            r.target_group for r in sim.send_requests(front.url, n, headers=TEST_HEADER)
        ),
    }
