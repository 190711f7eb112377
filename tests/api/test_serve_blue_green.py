"""Blue/green deployments over `ecslearn serve`: CreateService and UpdateService with a
BLUE_GREEN strategy, lifecycle hooks and a load balancer's advancedConfiguration,
DescribeServiceDeployments showing the paused hook, ContinueServiceDeployment through stock
boto3 and the AWS CLI, and botocore's ``services_stable`` waiter completing after the rollout."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.test_serve import FAST, Server, aws, launch, register_instance
from tests.api.test_serve_ec2 import client, wait_for

ROLE = "arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fast server: 100 simulated seconds a wall second (a five-minute drain takes three)."""
    running = launch(tmp_path_factory.mktemp("serve-bluegreen"), "--speed", "100")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def _web(ecs: Any, image: str) -> None:
    container = {"name": "app", "image": image, "memory": 128, "essential": True}
    container["portMappings"] = [{"containerPort": 80}]
    ecs.register_task_definition(family="web", containerDefinitions=[container])


def _load_balancer(server: Server) -> tuple[str, str, str, str]:
    """(blue group, green group, production rule, test rule) of an active ALB."""
    elbv2, ec2 = client(server, "elbv2"), client(server, "ec2")
    subnets = ec2.describe_subnets()["Subnets"]
    vpc = subnets[0]["VpcId"]
    balancer = elbv2.create_load_balancer(Name="shop", Subnets=[s["SubnetId"] for s in subnets])[
        "LoadBalancers"
    ][0]
    arn = balancer["LoadBalancerArn"]
    wait_for(
        lambda: (
            elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]["State"]
            == {"Code": "active"}
        )
    )
    groups = [
        elbv2.create_target_group(Name=name, Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][
            0
        ]["TargetGroupArn"]
        for name in ("blue", "green")
    ]
    both = [
        {
            "Type": "forward",
            "ForwardConfig": {
                "TargetGroups": [
                    {"TargetGroupArn": groups[0], "Weight": 100},
                    {"TargetGroupArn": groups[1], "Weight": 0},
                ]
            },
        }
    ]
    listener = elbv2.create_listener(
        LoadBalancerArn=arn, Protocol="HTTP", Port=80, DefaultActions=both
    )["Listeners"][0]["ListenerArn"]
    rules = [
        elbv2.create_rule(
            ListenerArn=listener,
            Priority=priority,
            Conditions=[{"Field": "path-pattern", "Values": [path]}],
            Actions=both,
        )["Rules"][0]["RuleArn"]
        for priority, path in ((10, "/*"), (5, "/test/*"))
    ]
    return groups[0], groups[1], rules[0], rules[1]


def _weights(server: Server, rule: str) -> list[int]:
    [found] = client(server, "elbv2").describe_rules(RuleArns=[rule])["Rules"]
    [action] = found["Actions"]
    return [g["Weight"] for g in action["ForwardConfig"]["TargetGroups"]]


def test_a_paused_blue_green_deployment_continues_from_the_aws_cli(server: Server) -> None:
    ecs = server.client()
    ecs.create_cluster(clusterName="shop")
    for index in range(2):
        register_instance(ecs, "shop", 40 + index)
    _web(ecs, "nginx:1.26")
    _web(ecs, "nginx:1.27")
    blue, green, production, test = _load_balancer(server)
    advanced = {
        "alternateTargetGroupArn": green,
        "productionListenerRule": production,
        "testListenerRule": test,
        "roleArn": ROLE,
    }
    balancers = [
        {
            "targetGroupArn": blue,
            "containerName": "app",
            "containerPort": 80,
            "advancedConfiguration": advanced,
        }
    ]
    config = {
        "strategy": "BLUE_GREEN",
        "bakeTimeInMinutes": 1,
        "lifecycleHooks": [{"targetType": "PAUSE", "lifecycleStages": ["POST_TEST_TRAFFIC_SHIFT"]}],
    }
    made = ecs.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=2,
        loadBalancers=balancers,
        deploymentConfiguration=config,
    )["service"]
    assert made["deploymentConfiguration"]["lifecycleHooks"] == config["lifecycleHooks"]
    assert made["loadBalancers"][0]["advancedConfiguration"] == advanced
    ecs.get_waiter("services_stable").wait(cluster="shop", services=["web"], WaiterConfig=FAST)
    wait_for(  # the first deployment completes once its targets pass their health checks
        lambda: ecs.list_service_deployments(cluster="shop", service="web", status=["SUCCESSFUL"])[
            "serviceDeployments"
        ]
    )
    ecs.update_service(cluster="shop", service="web", taskDefinition="web:2")
    arn = ecs.list_service_deployments(cluster="shop", service="web")["serviceDeployments"][0][
        "serviceDeploymentArn"
    ]

    def paused_hook() -> dict | None:
        [found] = ecs.describe_service_deployments(serviceDeploymentArns=[arn])[
            "serviceDeployments"
        ]
        hooks = [
            h for h in found.get("lifecycleHookDetails", []) if h["status"] == "AWAITING_ACTION"
        ]
        return hooks[0] if hooks else None

    hook = wait_for(paused_hook)
    assert _weights(server, production) == [100, 0]
    assert _weights(server, test) == [0, 100]
    said = aws(
        server,
        "continue-service-deployment",
        "--service-deployment-arn",
        arn,
        "--hook-id",
        hook["hookId"],
        "--action",
        "CONTINUE",
    )
    assert said.returncode == 0, said.stderr
    assert json.loads(said.stdout)["serviceDeploymentArn"] == arn
    ecs.get_waiter("services_stable").wait(
        cluster="shop", services=["web"], WaiterConfig={"Delay": 1, "MaxAttempts": 40}
    )
    [done] = ecs.describe_service_deployments(serviceDeploymentArns=[arn])["serviceDeployments"]
    assert (done["status"], done["lifecycleStage"]) == ("SUCCESSFUL", "CLEAN_UP")
    assert _weights(server, production) == [0, 100]
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.continue_service_deployment(serviceDeploymentArn=arn, hookId=hook["hookId"])


def test_a_blue_green_deployment_rolls_back_through_boto3(server: Server) -> None:
    ecs = server.client()
    deadline = time.monotonic() + 30
    while not ecs.list_services(cluster="shop")["serviceArns"]:  # made by the test before
        assert time.monotonic() < deadline
        time.sleep(0.1)
    ecs.update_service(cluster="shop", service="web", taskDefinition="web:1")
    arn = ecs.list_service_deployments(cluster="shop", service="web")["serviceDeployments"][0][
        "serviceDeploymentArn"
    ]

    def hook_id() -> str | None:
        [found] = ecs.describe_service_deployments(serviceDeploymentArns=[arn])[
            "serviceDeployments"
        ]
        waiting = [
            h for h in found.get("lifecycleHookDetails", []) if h["status"] == "AWAITING_ACTION"
        ]
        return waiting[0]["hookId"] if waiting else None

    ecs.continue_service_deployment(
        serviceDeploymentArn=arn, hookId=wait_for(hook_id), action="ROLLBACK"
    )
    ecs.get_waiter("services_stable").wait(
        cluster="shop", services=["web"], WaiterConfig={"Delay": 1, "MaxAttempts": 40}
    )
    # green's tasks drain for the target group's deregistration delay, then the rollback is done
    wait_for(
        lambda: (
            ecs.describe_service_deployments(serviceDeploymentArns=[arn])["serviceDeployments"][0][
                "status"
            ]
            == "ROLLBACK_SUCCESSFUL"
        )
    )
    [service] = ecs.describe_services(cluster="shop", services=["web"])["services"]
    assert service["taskDefinition"].endswith(":task-definition/web:2")
