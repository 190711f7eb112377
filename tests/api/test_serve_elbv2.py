"""ELBv2 over `ecslearn serve`: every ELBv2 operation ecslearn simulates round-trips through a
stock boto3 client pointed at the server (the query protocol, signed as
``elasticloadbalancing``, which classic ELB shares: the form's Version tells them apart), and
the AWS CLI's ``aws elbv2 ...`` works against it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ecslearn import Simulation
from tests.api.test_serve import Server, aws, launch
from tests.api.test_serve_ec2 import SENT, client, wait_for


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fast server: 100 simulated seconds a wall second, so load balancers provision fast."""
    running = launch(tmp_path_factory.mktemp("serve-elbv2"), "--speed", "100")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def _subnets(server: Server) -> tuple[str, list[str]]:
    subnets = client(server, "ec2").describe_subnets()["Subnets"]
    return subnets[0]["VpcId"], [s["SubnetId"] for s in subnets]


def test_every_elbv2_operation_round_trips_over_http(server: Server) -> None:
    elbv2 = client(server, "elbv2")
    vpc, subnets = _subnets(server)
    balancer = elbv2.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]
    arn = balancer["LoadBalancerArn"]
    wait_for(
        lambda: (
            elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]["State"]
            == {"Code": "active"}
        )
    )
    group = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc)
    group_arn = group["TargetGroups"][0]["TargetGroupArn"]
    elbv2.modify_target_group(TargetGroupArn=group_arn, HealthCheckPath="/health")
    elbv2.modify_target_group_attributes(
        TargetGroupArn=group_arn,
        Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "5"}],
    )
    attributes = elbv2.describe_target_group_attributes(TargetGroupArn=group_arn)["Attributes"]
    assert {"Key": "deregistration_delay.timeout_seconds", "Value": "5"} in attributes
    listener = elbv2.create_listener(
        LoadBalancerArn=arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group_arn}],
    )["Listeners"][0]
    fixed = {"StatusCode": "418", "MessageBody": "teapot"}
    elbv2.modify_listener(
        ListenerArn=listener["ListenerArn"],
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": fixed}],
    )
    assert elbv2.describe_listeners(LoadBalancerArn=arn)["Listeners"][0]["Port"] == 80
    rule = elbv2.create_rule(
        ListenerArn=listener["ListenerArn"],
        Priority=1,
        Conditions=[{"Field": "path-pattern", "Values": ["/app/*"]}],
        Actions=[{"Type": "forward", "TargetGroupArn": group_arn}],
    )["Rules"][0]
    elbv2.modify_rule(
        RuleArn=rule["RuleArn"], Conditions=[{"Field": "host-header", "Values": ["a.example"]}]
    )
    assert len(elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]) == 2
    assert elbv2.describe_target_groups(LoadBalancerArn=arn)["TargetGroups"][0]["TargetGroupName"]
    ip_group = elbv2.create_target_group(
        Name="ips", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip"
    )["TargetGroups"][0]["TargetGroupArn"]
    target = {"Id": "172.31.0.10", "Port": 80}
    elbv2.register_targets(TargetGroupArn=ip_group, Targets=[target])
    [health] = elbv2.describe_target_health(TargetGroupArn=ip_group)["TargetHealthDescriptions"]
    assert health["TargetHealth"]["State"] == "initial"
    elbv2.deregister_targets(TargetGroupArn=ip_group, Targets=[target])
    elbv2.delete_target_group(TargetGroupArn=ip_group)
    with pytest.raises(elbv2.exceptions.ResourceInUseException):
        elbv2.delete_target_group(TargetGroupArn=group_arn)  # a rule forwards to it
    tagged = [arn, group_arn, listener["ListenerArn"], rule["RuleArn"]]
    elbv2.add_tags(ResourceArns=tagged, Tags=[{"Key": "team", "Value": "web"}])
    elbv2.remove_tags(ResourceArns=[group_arn], TagKeys=["team"])
    described = elbv2.describe_tags(ResourceArns=tagged)["TagDescriptions"]
    assert [len(d["Tags"]) for d in described] == [1, 0, 1, 1]
    second = elbv2.create_rule(
        ListenerArn=listener["ListenerArn"],
        Priority=2,
        Conditions=[
            {"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["PUT"]}}
        ],
        Actions=[{"Type": "forward", "TargetGroupArn": group_arn}],
    )["Rules"][0]
    swapped = elbv2.set_rule_priorities(
        RulePriorities=[
            {"RuleArn": rule["RuleArn"], "Priority": 2},
            {"RuleArn": second["RuleArn"], "Priority": 1},
        ]
    )["Rules"]
    assert [r["Priority"] for r in swapped] == ["2", "1"]
    elbv2.delete_rule(RuleArn=second["RuleArn"])
    elbv2.delete_rule(RuleArn=rule["RuleArn"])
    elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
    elbv2.delete_target_group(TargetGroupArn=group_arn)
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    with pytest.raises(elbv2.exceptions.LoadBalancerNotFoundException):
        elbv2.describe_load_balancers(LoadBalancerArns=[arn])
    with pytest.raises(elbv2.exceptions.ClientError) as refused:
        elbv2.describe_account_limits()
    assert refused.value.response["Error"]["Code"] == "InvalidAction"
    implemented = set(Simulation().world.dispatcher.implemented("elbv2"))
    assert implemented <= SENT["elbv2"], implemented - SENT["elbv2"]


def test_the_aws_cli_creates_and_describes_load_balancers(server: Server) -> None:
    _, subnets = _subnets(server)
    made = aws(
        server, "create-load-balancer", "--name", "cli", "--subnets", *subnets[:2], service="elbv2"
    )
    assert made.returncode == 0, made.stderr
    described = aws(server, "describe-load-balancers", "--names", "cli", service="elbv2")
    assert described.returncode == 0, described.stderr
    [balancer] = json.loads(described.stdout)["LoadBalancers"]
    assert balancer["DNSName"].endswith(".us-east-1.elb.amazonaws.com")
    refused = aws(
        server, "create-load-balancer", "--name", "one", "--subnets", subnets[0], service="elbv2"
    )
    assert refused.returncode != 0
    assert "At least two subnets in two different Availability Zones" in refused.stderr
