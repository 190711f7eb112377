"""ELBv2's load balancers, target groups and listeners through boto3, as AWS makes them: an
Application Load Balancer spans two zones, gets a DNS name in AWS's format and becomes active
after provisioning; target groups take ELB's health check defaults; listeners forward or answer
by themselves; what is in use cannot be deleted."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecslearn import Simulation
from ecslearn.model.ec2 import Subnet
from tests.services.elbv2_fixtures import (
    application,
    default_subnets,
    default_vpc,
    error_of,
    fixed,
    forward,
    group,
)


# -- load balancers ------------------------------------------------------------------------------
def test_an_application_load_balancer_provisions_then_becomes_active(
    sim: Simulation, elbv2: Any
) -> None:
    subnets = default_subnets(sim)[:2]
    [made] = elbv2.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"]
    assert made["State"] == {"Code": "provisioning"}
    assert made["Type"] == "application" and made["Scheme"] == "internet-facing"
    assert re.fullmatch(r"web-\d{10}\.us-east-1\.elb\.amazonaws\.com", made["DNSName"])
    assert made["LoadBalancerArn"].startswith(
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/"
    )
    assert [z["SubnetId"] for z in made["AvailabilityZones"]] == subnets
    assert made["VpcId"] == default_vpc(sim)
    default_group = sim.client("ec2").describe_security_groups(
        Filters=[{"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"][0]["GroupId"]
    assert made["SecurityGroups"] == [default_group]  # the VPC's default group when none given
    sim.advance(300)
    [described] = elbv2.describe_load_balancers(Names=["web"])["LoadBalancers"]
    assert described["State"] == {"Code": "active"}
    assert "load balancer web is active" in sim.events.filter(kind="elb").messages()


def test_an_application_load_balancer_needs_subnets_in_two_zones(
    sim: Simulation, elbv2: Any
) -> None:
    with pytest.raises(ClientError) as one_zone:
        elbv2.create_load_balancer(Name="web", Subnets=default_subnets(sim)[:1])
    assert error_of(one_zone) == (
        "ValidationError",
        "At least two subnets in two different Availability Zones must be specified",
    )
    # a Network Load Balancer is content with one
    [made] = elbv2.create_load_balancer(
        Name="tcp", Subnets=default_subnets(sim)[:1], Type="network", Scheme="internal"
    )["LoadBalancers"]
    assert re.fullmatch(
        r"internal-tcp-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com", made["DNSName"]
    )


def test_subnets_must_exist_and_differ_in_zone(sim: Simulation, elbv2: Any) -> None:
    first = default_subnets(sim)[0]
    with pytest.raises(elbv2.exceptions.SubnetNotFoundException):
        elbv2.create_load_balancer(Name="web", Subnets=[first, "subnet-0000000000000000f"])
    ec2 = sim.region_state().ec2  # a second subnet in the same zone (CreateSubnet is not
    home = ec2.subnets[first]  # simulated, so it is added to the state as EC2 would)
    twin = Subnet("subnet-0twin", home.vpc_id, "172.31.200.0/24", home.zone)
    ec2.subnets[twin.subnet_id] = twin
    with pytest.raises(ClientError) as same_zone:
        elbv2.create_load_balancer(Name="web", Subnets=[first, twin.subnet_id])
    assert error_of(same_zone) == (
        "InvalidConfigurationRequest",
        "A load balancer cannot be attached to multiple subnets in the same Availability Zone",
    )


def test_creating_a_load_balancer_again_is_idempotent_but_a_name_is_unique(
    sim: Simulation, elbv2: Any
) -> None:
    subnets = default_subnets(sim)
    first = elbv2.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]
    again = elbv2.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]
    assert again["LoadBalancerArn"] == first["LoadBalancerArn"]
    with pytest.raises(elbv2.exceptions.DuplicateLoadBalancerNameException):
        elbv2.create_load_balancer(Name="web", Subnets=subnets, Scheme="internal")


def test_describing_a_load_balancer_that_does_not_exist_fails(elbv2: Any) -> None:
    with pytest.raises(ClientError) as missing:
        elbv2.describe_load_balancers(Names=["nope"])
    assert error_of(missing) == ("LoadBalancerNotFound", "Load balancers '[nope]' not found")


def test_deleting_a_load_balancer_deletes_its_listeners(sim: Simulation, elbv2: Any) -> None:
    balancer = application(sim, elbv2)
    arn = balancer["LoadBalancerArn"]
    listener = elbv2.create_listener(
        LoadBalancerArn=arn, Protocol="HTTP", Port=80, DefaultActions=fixed("200", "ok")
    )["Listeners"][0]
    elbv2.delete_load_balancer(LoadBalancerArn=arn)
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []
    with pytest.raises(elbv2.exceptions.ListenerNotFoundException):
        elbv2.describe_listeners(ListenerArns=[listener["ListenerArn"]])
    elbv2.delete_load_balancer(LoadBalancerArn=arn)  # already gone: the call still succeeds


# -- target groups -------------------------------------------------------------------------------
def test_a_target_group_takes_elbs_health_check_defaults(sim: Simulation, elbv2: Any) -> None:
    [made] = elbv2.create_target_group(
        Name="web", Protocol="HTTP", Port=8080, VpcId=default_vpc(sim), TargetType="ip"
    )["TargetGroups"]
    assert {k: made[k] for k in made if k.startswith(("Health", "Healthy", "Unhealthy"))} == {
        "HealthCheckProtocol": "HTTP",
        "HealthCheckPort": "traffic-port",
        "HealthCheckEnabled": True,
        "HealthCheckIntervalSeconds": 30,
        "HealthCheckTimeoutSeconds": 5,
        "HealthyThresholdCount": 5,
        "UnhealthyThresholdCount": 2,
        "HealthCheckPath": "/",
    }
    assert made["Matcher"] == {"HttpCode": "200"} and made["TargetType"] == "ip"
    assert made["LoadBalancerArns"] == []
    attributes = elbv2.describe_target_group_attributes(TargetGroupArn=made["TargetGroupArn"])
    values = {a["Key"]: a["Value"] for a in attributes["Attributes"]}
    assert values["deregistration_delay.timeout_seconds"] == "300"
    assert values["slow_start.duration_seconds"] == "0"


def test_a_network_target_group_checks_over_tcp(sim: Simulation, elbv2: Any) -> None:
    [made] = elbv2.create_target_group(
        Name="tcp", Protocol="TCP", Port=6379, VpcId=default_vpc(sim)
    )["TargetGroups"]
    assert made["HealthCheckProtocol"] == "TCP" and made["HealthCheckTimeoutSeconds"] == 10
    assert "Matcher" not in made and "HealthCheckPath" not in made


def test_target_group_attributes_are_checked_as_elb_checks_them(
    sim: Simulation, elbv2: Any
) -> None:
    arn = group(sim, elbv2)
    answer = elbv2.modify_target_group_attributes(
        TargetGroupArn=arn,
        Attributes=[
            {"Key": "deregistration_delay.timeout_seconds", "Value": "30"},
            {"Key": "slow_start.duration_seconds", "Value": "60"},
        ],
    )
    values = {a["Key"]: a["Value"] for a in answer["Attributes"]}
    assert values["deregistration_delay.timeout_seconds"] == "30"
    assert values["slow_start.duration_seconds"] == "60"
    with pytest.raises(ClientError) as too_long:
        elbv2.modify_target_group_attributes(
            TargetGroupArn=arn,
            Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "4000"}],
        )
    assert error_of(too_long) == (
        "ValidationError",
        "'deregistration_delay.timeout_seconds' value '4000' must be between '0-3600' inclusive",
    )


def test_a_health_check_timeout_must_be_shorter_than_its_interval(
    sim: Simulation, elbv2: Any
) -> None:
    with pytest.raises(ClientError) as refused:
        group(sim, elbv2, HealthCheckIntervalSeconds=10, HealthCheckTimeoutSeconds=10)
    assert error_of(refused) == (
        "ValidationError",
        "Health check timeout '10' must be smaller than the interval '10'",
    )


def test_a_target_group_a_listener_forwards_to_cannot_be_deleted(
    sim: Simulation, elbv2: Any
) -> None:
    balancer = application(sim, elbv2)
    arn = group(sim, elbv2)
    listener = elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward(arn),
    )["Listeners"][0]
    described = elbv2.describe_target_groups(TargetGroupArns=[arn])["TargetGroups"][0]
    assert described["LoadBalancerArns"] == [balancer["LoadBalancerArn"]]
    with pytest.raises(ClientError) as in_use:
        elbv2.delete_target_group(TargetGroupArn=arn)
    assert error_of(in_use) == (
        "ResourceInUse",
        f"Target group '{arn}' is currently in use by a listener or a rule",
    )
    elbv2.delete_listener(ListenerArn=listener["ListenerArn"])
    elbv2.delete_target_group(TargetGroupArn=arn)
    assert elbv2.describe_target_groups()["TargetGroups"] == []


def test_a_target_group_serves_one_load_balancer(sim: Simulation, elbv2: Any) -> None:
    first, second = application(sim, elbv2, "one"), application(sim, elbv2, "two")
    arn = group(sim, elbv2)
    for balancer in (first, second):
        try:
            elbv2.create_listener(
                LoadBalancerArn=balancer["LoadBalancerArn"],
                Protocol="HTTP",
                Port=80,
                DefaultActions=forward(arn),
            )
        except ClientError as refused:
            assert refused.response["Error"]["Code"] == "TargetGroupAssociationLimit"
            assert balancer is second
    assert (
        len(elbv2.describe_listeners(LoadBalancerArn=second["LoadBalancerArn"])["Listeners"]) == 0
    )


# -- listeners and rules -------------------------------------------------------------------------
def test_a_listener_has_a_default_rule_and_rules_by_priority(sim: Simulation, elbv2: Any) -> None:
    balancer = application(sim, elbv2)
    api = group(sim, elbv2, "api")
    listener = elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=fixed("404", "not here"),
    )["Listeners"][0]
    assert listener["DefaultActions"][0]["FixedResponseConfig"]["StatusCode"] == "404"
    arn = listener["ListenerArn"]
    path = [{"Field": "path-pattern", "Values": ["/api/*"]}]
    elbv2.create_rule(ListenerArn=arn, Priority=20, Conditions=path, Actions=forward(api))
    host = [{"Field": "host-header", "HostHeaderConfig": {"Values": ["admin.example.com"]}}]
    elbv2.create_rule(ListenerArn=arn, Priority=10, Conditions=host, Actions=fixed("403", "no"))
    rules = elbv2.describe_rules(ListenerArn=arn)["Rules"]
    assert [(r["Priority"], r["IsDefault"]) for r in rules] == [
        ("10", False), ("20", False), ("default", True)
    ]  # fmt: skip
    assert rules[1]["Conditions"][0]["PathPatternConfig"] == {"Values": ["/api/*"]}
    forwarded = rules[1]["Actions"][0]
    assert forwarded["TargetGroupArn"] == api
    assert forwarded["ForwardConfig"]["TargetGroups"] == [{"TargetGroupArn": api, "Weight": 1}]
    with pytest.raises(elbv2.exceptions.PriorityInUseException):
        elbv2.create_rule(ListenerArn=arn, Priority=10, Conditions=path, Actions=forward(api))
    with pytest.raises(elbv2.exceptions.OperationNotPermittedException):
        elbv2.delete_rule(RuleArn=rules[2]["RuleArn"])
    elbv2.modify_rule(RuleArn=rules[0]["RuleArn"], Actions=fixed("403", "still no"))
    elbv2.delete_rule(RuleArn=rules[1]["RuleArn"])
    assert len(elbv2.describe_rules(ListenerArn=arn)["Rules"]) == 2


def test_a_listener_port_is_taken_once(sim: Simulation, elbv2: Any) -> None:
    balancer = application(sim, elbv2)["LoadBalancerArn"]
    elbv2.create_listener(
        LoadBalancerArn=balancer, Protocol="HTTP", Port=80, DefaultActions=fixed("200", "a")
    )
    with pytest.raises(elbv2.exceptions.DuplicateListenerException):
        elbv2.create_listener(
            LoadBalancerArn=balancer, Protocol="HTTP", Port=80, DefaultActions=fixed("200", "b")
        )


def test_an_application_listener_speaks_http_and_forwards_to_http_groups(
    sim: Simulation, elbv2: Any
) -> None:
    balancer = application(sim, elbv2)["LoadBalancerArn"]
    with pytest.raises(ClientError) as tcp:
        elbv2.create_listener(
            LoadBalancerArn=balancer, Protocol="TCP", Port=80, DefaultActions=fixed("200", "a")
        )
    assert error_of(tcp) == (
        "ValidationError",
        "Listener protocol 'TCP' must be one of 'HTTPS, HTTP'",
    )
    redis = group(sim, elbv2, "redis", Protocol="TCP", Port=6379, HealthCheckIntervalSeconds=30)
    with pytest.raises(elbv2.exceptions.IncompatibleProtocolsException):
        elbv2.create_listener(
            LoadBalancerArn=balancer, Protocol="HTTP", Port=80, DefaultActions=forward(redis)
        )


def test_operations_elb_has_but_ecslearn_does_not_simulate_name_themselves(
    elbv2: Any,
) -> None:
    with pytest.raises(ClientError) as refused:
        elbv2.describe_ssl_policies()
    code, message = error_of(refused)
    assert code == "InvalidAction"
    assert message.startswith("DescribeSSLPolicies is part of the Elastic Load Balancing API")
