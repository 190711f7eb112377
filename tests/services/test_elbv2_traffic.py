"""Requests through an Application Load Balancer's DNS name, routed as ELB routes them: rules by
priority on path and host, weighted forwarding, fixed responses, targets that must pass a health
check before they get a request, draining for the deregistration delay, slow start, and ECS
services whose tasks register themselves."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from tests.services.elbv2_fixtures import (
    application,
    default_subnets,
    error_of,
    fixed,
    forward,
    group,
)

HTTP_STATUS = "ecslearn.http-status"


@pytest.fixture
def cluster(sim: Simulation, ecs: Any) -> list:
    ecs.create_cluster(clusterName="shop")
    instances = sim.launch_instances("shop", count=3, instance_type="m5.large")
    for family in ("web", "api"):
        sim.register(task_definition(family, container("app", "nginx", memory=128, ports=[80])))
    return instances


def service(ecs: Any, name: str, group_arn: str, desired: int = 2, **options: Any) -> None:
    ecs.create_service(
        cluster="shop",
        serviceName=name,
        taskDefinition=options.pop("family", name),
        desiredCount=desired,
        loadBalancers=[{"targetGroupArn": group_arn, "containerName": "app", "containerPort": 80}],
        **options,
    )


def listener(elbv2: Any, balancer: dict, actions: list[dict], port: int = 80) -> str:
    return elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=port,
        DefaultActions=actions,
    )["Listeners"][0]["ListenerArn"]


def url(balancer: dict, path: str = "/") -> str:
    return f"http://{balancer['DNSName']}{path}"


def tasks_of(sim: Simulation, name: str) -> set[str]:
    return {
        t.id
        for t in sim.region_state().tasks.values()
        if t.service_name == name and t.desired_status == "RUNNING"
    }


def states(elbv2: Any, arn: str) -> list[tuple[str, str | None]]:
    found = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    return [(d["TargetHealth"]["State"], d["TargetHealth"].get("Reason")) for d in found]


# -- routing ---------------------------------------------------------------------------------
def test_path_rules_route_each_request_to_the_right_service(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list
) -> None:
    balancer = application(sim, elbv2)
    web, api = group(sim, elbv2, "web"), group(sim, elbv2, "api")
    arn = listener(elbv2, balancer, forward(web))
    elbv2.create_rule(
        ListenerArn=arn,
        Priority=10,
        Actions=forward(api),
        Conditions=[{"Field": "path-pattern", "Values": ["/api/*"]}],
    )
    service(ecs, "web", web)
    service(ecs, "api", api)
    sim.run_until_stable()
    to_api = sim.send_requests(url(balancer, "/api/orders"), 4)
    to_web = sim.send_requests(url(balancer, "/index.html"), 4)
    assert {r.task for r in to_api} == tasks_of(sim, "api")
    assert {r.task for r in to_web} == tasks_of(sim, "web")
    assert {r.rule for r in to_api} == {"10"} and {r.rule for r in to_web} == {"default"}
    assert {r.target_group for r in to_api} == {"api"}
    assert sim.events[-1].message == "web: 4 requests to /index.html on port 80: 4 x 200"


def test_rules_are_evaluated_by_priority_and_host_headers_ignore_case(
    sim: Simulation, elbv2: Any
) -> None:
    balancer = application(sim, elbv2)
    arn = listener(elbv2, balancer, fixed("404", "nothing here"))
    everything = [{"Field": "path-pattern", "Values": ["/*"]}]
    host = [{"Field": "host-header", "Values": ["*.ELB.amazonaws.com"]}]
    elbv2.create_rule(
        ListenerArn=arn, Priority=20, Conditions=everything, Actions=fixed("200", "b")
    )
    elbv2.create_rule(ListenerArn=arn, Priority=5, Conditions=host, Actions=fixed("200", "a"))
    [served] = sim.send_requests(url(balancer, "/x"), 1)
    assert (served.status, served.body, served.rule) == (200, "a", "5")


def test_a_fixed_response_answers_without_any_target(sim: Simulation, elbv2: Any) -> None:
    balancer = application(sim, elbv2)
    listener(elbv2, balancer, fixed("503", "down for maintenance"))
    [served] = sim.send_requests(url(balancer), 1)
    assert (served.status, served.body, served.task) == (503, "down for maintenance", None)
    assert str(served).endswith("503 down for maintenance")


def test_weighted_forwarding_splits_requests_by_weight(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list
) -> None:
    balancer = application(sim, elbv2)
    blue, green = group(sim, elbv2, "blue"), group(sim, elbv2, "green")
    listener(elbv2, balancer, forward(blue, green, weights=[3, 1]))
    service(ecs, "blue", blue, family="web")
    service(ecs, "green", green, family="api")
    sim.run_until_stable()
    served = sim.send_requests(url(balancer), 40)
    assert Counter(r.target_group for r in served) == {"blue": 30, "green": 10}


def test_with_no_healthy_target_the_answer_is_503(sim: Simulation, elbv2: Any) -> None:
    balancer = application(sim, elbv2)
    listener(elbv2, balancer, forward(group(sim, elbv2)))
    [served] = sim.send_requests(url(balancer), 1)
    assert (served.status, served.error) == (503, "503 Service Temporarily Unavailable")


def test_a_provisioning_load_balancer_does_not_resolve_and_a_missing_port_refuses(
    sim: Simulation, elbv2: Any
) -> None:
    made = elbv2.create_load_balancer(Name="web", Subnets=default_subnets(sim))
    balancer = made["LoadBalancers"][0]
    with pytest.raises(Exception, match="Could not resolve host"):
        sim.send_requests(url(balancer), 1)
    sim.advance(300)
    with pytest.raises(Exception, match="port 80: Connection refused"):
        sim.send_requests(url(balancer), 1)


# -- targets and their health --------------------------------------------------------------------
def test_a_new_target_is_initial_until_its_first_health_check_passes(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list
) -> None:
    balancer = application(sim, elbv2)
    arn = group(sim, elbv2, HealthyThresholdCount=5)
    listener(elbv2, balancer, forward(arn))
    service(ecs, "web", arn, desired=1)
    sim.advance(6)
    assert states(elbv2, arn) == [("initial", "Elb.RegistrationInProgress")]
    assert sim.send_requests(url(balancer), 1)[0].status == 503  # not yet in service
    sim.advance(10)
    assert states(elbv2, arn) == [("healthy", None)]  # one pass, whatever the threshold
    assert sim.send_requests(url(balancer), 1)[0].status == 200


def test_a_target_answering_the_wrong_code_turns_unhealthy_with_elbs_reason(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list
) -> None:
    sim.register(
        task_definition(
            "web", container("app", "nginx", memory=64, ports=[80], labels={HTTP_STATUS: "500"})
        )
    )
    arn = group(sim, elbv2)
    service(ecs, "web", arn, desired=1, family="web:2", healthCheckGracePeriodSeconds=3600)
    sim.advance(60)
    [description] = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    assert description["TargetHealth"] == {
        "State": "unhealthy",
        "Reason": "Target.ResponseCodeMismatch",
        "Description": "Health checks failed with these codes: [500]",
    }


def test_targets_registered_by_hand_are_checked_at_their_address(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list
) -> None:
    arn = group(sim, elbv2, "manual")
    ecs.run_task(cluster="shop", taskDefinition="web")
    sim.run_until_stable()
    [task] = [t for t in sim.region_state().tasks.values() if t.desired_status == "RUNNING"]
    instance = sim.region_state().instances[task.container_instance_arn].ec2_instance_id
    port = task.containers[0].network_bindings[0].host_port
    elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": instance, "Port": port}])
    elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": instance, "Port": 1}])  # nothing
    sim.advance(15)
    assert sorted(states(elbv2, arn)) == [
        ("healthy", None), ("initial", "Elb.InitialHealthChecking")
    ]  # fmt: skip
    assert {r.task for r in sim.send_requests(arn, 3)} == {task.id}


def test_only_running_instances_of_the_vpc_can_be_targets(
    sim: Simulation, elbv2: Any, cluster: list
) -> None:
    arn = group(sim, elbv2)
    with pytest.raises(elbv2.exceptions.InvalidTargetException):
        elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": "i-0123456789abcdef0"}])
    instance = cluster[0].ec2_instance_id
    sim.client("ec2").stop_instances(InstanceIds=[instance])
    with pytest.raises(ClientError) as stopped:
        elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": instance}])
    assert error_of(stopped) == (
        "InvalidTarget",
        f"The following targets are not in a running state and can not be registered: '{instance}'",
    )
    [unused] = elbv2.describe_target_health(TargetGroupArn=arn, Targets=[{"Id": instance}])[
        "TargetHealthDescriptions"
    ]
    assert unused["TargetHealth"] == {
        "State": "unused",
        "Reason": "Target.NotRegistered",
        "Description": "Target is not registered to the target group",
    }


def test_a_target_in_a_zone_the_load_balancer_lacks_is_not_in_use(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list
) -> None:
    zones = {i.attribute("ecs.availability-zone"): i for i in cluster}
    subnets = sim.client("ec2").describe_subnets()["Subnets"]
    enabled = sorted(zones)[1:]  # every zone but the first instance's
    chosen = [s["SubnetId"] for s in subnets if s["AvailabilityZone"] in enabled]
    made = elbv2.create_load_balancer(Name="web", Subnets=chosen)["LoadBalancers"][0]
    sim.advance(300)
    arn = group(sim, elbv2)
    listener(elbv2, made, forward(arn))
    outside = zones[sorted(zones)[0]].ec2_instance_id
    elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": outside, "Port": 80}])
    sim.advance(15)
    [description] = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    assert description["TargetHealth"] == {
        "State": "unused",
        "Reason": "Target.NotInUse",
        "Description": "Target is in an Availability Zone that is not enabled for the load "
        "balancer",
    }


def test_a_deregistered_target_drains_for_the_deregistration_delay(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list
) -> None:
    balancer = application(sim, elbv2)
    arn = group(sim, elbv2)
    elbv2.modify_target_group_attributes(
        TargetGroupArn=arn,
        Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "45"}],
    )
    listener(elbv2, balancer, forward(arn))
    service(ecs, "web", arn, desired=1)
    sim.run_until_stable()
    [target] = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    elbv2.deregister_targets(TargetGroupArn=arn, Targets=[target["Target"]])
    assert states(elbv2, arn) == [("draining", "Target.DeregistrationInProgress")]
    assert sim.send_requests(url(balancer), 1)[0].status == 503  # no new requests
    sim.advance(44)
    assert len(states(elbv2, arn)) == 1
    sim.advance(2)
    assert states(elbv2, arn) == []


def test_a_target_in_slow_start_gets_a_growing_share(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list
) -> None:
    arn = group(sim, elbv2)
    elbv2.modify_target_group_attributes(
        TargetGroupArn=arn, Attributes=[{"Key": "slow_start.duration_seconds", "Value": "300"}]
    )
    service(ecs, "web", arn, desired=1)
    sim.run_until_stable()
    sim.advance(300)  # the first target's own slow start is over
    [old] = tasks_of(sim, "web")
    ecs.update_service(cluster="shop", service="web", desiredCount=2)
    sim.advance(40)  # the new target has just turned healthy
    early = Counter(r.task for r in sim.send_requests(arn, 100))
    sim.advance(300)
    late = Counter(r.task for r in sim.send_requests(arn, 100))
    assert early[old] >= 80  # the newcomer ramps up from a tenth of a share...
    assert late[old] == 50  # ...to an equal one once slow start is over


def test_services_on_awsvpc_register_their_task_ips_behind_the_load_balancer(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list
) -> None:
    sim.register(
        task_definition(
            "vpc", container("app", "nginx", memory=64, ports=[80]), network_mode="awsvpc"
        )
    )
    balancer = application(sim, elbv2)
    arn = group(sim, elbv2, TargetType="ip")
    listener(elbv2, balancer, forward(arn))
    service(
        ecs,
        "vpc",
        arn,
        networkConfiguration={"awsvpcConfiguration": {"subnets": default_subnets(sim)[:2]}},
    )
    sim.run_until_stable()
    ips = {
        t.containers[0].network_interfaces[0]["privateIpv4Address"]
        for t in sim.region_state().tasks.values()
        if t.service_name == "vpc"
    }
    assert {r.target for r in sim.send_requests(url(balancer), 4)} == ips


# -- saved with the world ------------------------------------------------------------------------
def test_a_saved_world_keeps_its_load_balancers_and_carries_on(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list, tmp_path: Any
) -> None:
    balancer = application(sim, elbv2)
    blue, green = group(sim, elbv2, "blue"), group(sim, elbv2, "green")
    listener(elbv2, balancer, forward(blue, green, weights=[2, 1]))
    service(ecs, "blue", blue, family="web")
    service(ecs, "green", green, family="api")
    sim.advance(8)  # targets registered, not yet checked
    sim.send_requests(url(balancer), 1)
    sim.save(tmp_path / "world.json")
    loaded = Simulation.load(tmp_path / "world.json", strict=True)
    again = loaded.client("elbv2")
    assert again.describe_load_balancers() == elbv2.describe_load_balancers()
    assert again.describe_rules(
        ListenerArn=listener(elbv2, balancer, forward(blue, green, weights=[2, 1]))
    )
    for world in (sim, loaded):
        world.advance(60)
    assert loaded.describe_target_health(blue) == sim.describe_target_health(blue)
    assert [str(r) for r in loaded.send_requests(url(balancer), 9)] == [
        str(r) for r in sim.send_requests(url(balancer), 9)
    ]


def test_what_the_load_balancer_did_reads_in_both_languages(
    sim: Simulation, ecs: Any, elbv2: Any, cluster: list
) -> None:
    balancer = application(sim, elbv2)
    arn = group(sim, elbv2)
    listener(elbv2, balancer, fixed("404", "none"))
    elbv2.create_rule(
        ListenerArn=elbv2.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])[
            "Listeners"
        ][0]["ListenerArn"],
        Priority=1,
        Conditions=[{"Field": "path-pattern", "Values": ["/app*"]}],
        Actions=forward(arn),
    )
    service(ecs, "web", arn, desired=1)
    sim.advance(6)
    [waiting] = sim.explain_traffic(arn, lang="en")
    assert waiting.endswith(
        "initial: ELB is registering the target or running its first "
        "health check (registration is in progress)"
    )
    assert "등록이 진행 중" in sim.explain_traffic(arn, lang="ko")[0]
    sim.advance(30)
    served, missed = (
        sim.send_requests(url(balancer, "/app"), 1),
        sim.send_requests(url(balancer), 1),
    )
    [line] = sim.explain_traffic(served, lang="en")
    assert line.startswith("200 from task ") and line.endswith("(target group web) [rule 1]")
    assert sim.explain_traffic(missed, lang="ko") == [
        "404: 로드 밸런서의 고정 응답: none [규칙 default]"
    ]
