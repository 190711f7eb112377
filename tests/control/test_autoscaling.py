"""Service auto scaling as Application Auto Scaling does it for ECS: scalable targets within a
min and max, target tracking policies whose alarms scale out fast and in slowly, and every
change an UpdateService call, a scaling activity and a timeline event."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecslearn import Simulation
from ecslearn.control import snapshot
from ecslearn.control.shapes import service_model
from ecslearn.errors import EcsError
from ecslearn.model.builders import container, task_definition
from ecslearn.services.application_autoscaling import target_tracking as autoscaling
from ecslearn.services.application_autoscaling.target_tracking import (
    ServiceLoad,
    metric_value,
    request_cost,
)
from ecslearn.services.handlers import OPERATIONS
from tests.conftest import error_code, error_message

RID = "service/web/api"
TARGET = "AnyScaleFrontendService."
IDENTITY = {
    "ServiceNamespace": "ecs",
    "ResourceId": RID,
    "ScalableDimension": "ecs:service:DesiredCount",
}
MINUTE = 60


@pytest.fixture
def aas(sim: Simulation) -> Any:
    return sim.client("application-autoscaling")


@pytest.fixture
def world(sim: Simulation, ecs: Any) -> Simulation:
    """Cluster web with room for 16 tasks, and service api running 2 of them, idle, for long
    enough that CloudWatch has a few minutes of its metrics."""
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=4, instance_type="m5.large")
    sim.register(task_definition("api", container("api", "nginx", memory=256, cpu=256)))
    create_service(ecs, "api", 2)
    assert sim.run_until_stable()
    sim.advance(5 * MINUTE)
    return sim


def create_service(ecs: Any, name: str, desired: int) -> None:
    ecs.create_service(cluster="web", serviceName=name, taskDefinition="api", desiredCount=desired)


def register(aas: Any, minimum: int = 1, maximum: int = 10, **extra: Any) -> dict:
    return aas.register_scalable_target(
        **IDENTITY, MinCapacity=minimum, MaxCapacity=maximum, **extra
    )


def put_policy(
    aas: Any,
    name: str = "cpu",
    metric: str = "ECSServiceAverageCPUUtilization",
    target: float = 50.0,
    **config: Any,
) -> dict:
    return aas.put_scaling_policy(
        PolicyName=name,
        **IDENTITY,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": target,
            "PredefinedMetricSpecification": {"PredefinedMetricType": metric},
            **config,
        },
    )


def desired(ecs: Any, name: str = "api") -> int:
    return ecs.describe_services(cluster="web", services=[name])["services"][0]["desiredCount"]


def activities(aas: Any, **options: Any) -> list[dict]:
    return aas.describe_scaling_activities(ServiceNamespace="ecs", **options)["ScalingActivities"]


def scaled_at(sim: Simulation) -> list[float]:
    """When Application Auto Scaling changed a desired count, in simulated seconds."""
    return [e.time for e in sim.events.filter(kind="autoscaling") if "set the desired" in e.message]


# -- scalable targets ------------------------------------------------------------------------------
def test_a_registered_target_is_described_with_its_range_and_the_service_linked_role(
    world, aas
) -> None:
    arn = register(aas, 1, 6)["ScalableTargetARN"]
    [target] = aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
    assert re.fullmatch(
        r"arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/[0-9a-f]{36}", arn
    )
    assert target["ScalableTargetARN"] == arn
    assert (target["ResourceId"], target["MinCapacity"], target["MaxCapacity"]) == (RID, 1, 6)
    assert target["RoleARN"].endswith("/AWSServiceRoleForApplicationAutoScaling_ECSService")
    assert not any(target["SuspendedState"].values())


def test_registering_again_changes_only_what_the_request_names(world, aas) -> None:
    arn = register(aas, 1, 4)["ScalableTargetARN"]
    before = aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"][0]
    again = aas.register_scalable_target(**IDENTITY, MaxCapacity=8)
    [after] = aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
    assert again["ScalableTargetARN"] == arn
    assert (after["MinCapacity"], after["MaxCapacity"]) == (1, 8)
    assert after["CreationTime"] == before["CreationTime"]


def test_registering_a_range_that_excludes_the_current_count_moves_the_service_into_it(
    world, ecs, aas
) -> None:
    register(aas, 3, 6)
    assert desired(ecs) == 3
    [activity] = activities(aas)
    assert activity["Description"] == "Setting desired count to 3."
    assert activity["Cause"] == "minimum capacity was set to 3"
    assert activity["StatusCode"] == "Successful"
    aas.register_scalable_target(**IDENTITY, MinCapacity=0, MaxCapacity=1)
    assert desired(ecs) == 1


def test_deregistering_a_target_deletes_its_policies_but_keeps_the_desired_count(
    world, ecs, aas
) -> None:
    register(aas)
    put_policy(aas)
    aas.deregister_scalable_target(**IDENTITY)
    assert aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"] == []
    assert aas.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"] == []
    assert desired(ecs) == 2
    with pytest.raises(aas.exceptions.ObjectNotFoundException):
        aas.deregister_scalable_target(**IDENTITY)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ResourceId": "service/web/nope"}, "ECS service doesn't exist: service/web/nope"),
        ({"MinCapacity": 5, "MaxCapacity": 2}, "Minimum capacity cannot be greater than maximum"),
        ({"MinCapacity": -1}, "MinCapacity must be 0 or more"),
        ({"MaxCapacity": None}, "MinCapacity and MaxCapacity are required"),
        (
            {"ResourceId": "service/arn:aws:ecs:us-east-1:123456789012:cluster/web/api"},
            "Unsupported service namespace, resource type or scalable dimension",
        ),
        ({"ScalableDimension": "dynamodb:table:ReadCapacityUnits"}, "Unsupported service"),
        ({"ServiceNamespace": "dynamodb"}, "for ECS services only"),
    ],
)
def test_registering_refuses_what_aws_refuses_with_a_validation_exception(
    world, aas, change, message
) -> None:
    request = {**IDENTITY, "MinCapacity": 1, "MaxCapacity": 4, **change}
    with pytest.raises(aas.exceptions.ValidationException) as err:
        aas.register_scalable_target(**{k: v for k, v in request.items() if v is not None})
    assert message in error_message(err)
    assert aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"] == []


# -- scaling policies ----------------------------------------------------------------------------
def test_a_target_tracking_policy_gets_two_alarms_and_is_described_as_it_was_put(
    world, aas
) -> None:
    register(aas)
    put = put_policy(aas, "cpu", target=60.0, ScaleInCooldown=120)
    assert re.fullmatch(
        r"arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:[0-9a-f-]{36}:"
        r"resource/ecs/service/web/api:policyName/cpu",
        put["PolicyARN"],
    )
    high, low = (alarm["AlarmName"] for alarm in put["Alarms"])
    assert re.fullmatch(r"TargetTracking-service/web/api-AlarmHigh-[0-9a-f-]{36}", high)
    assert re.fullmatch(r"TargetTracking-service/web/api-AlarmLow-[0-9a-f-]{36}", low)
    assert put["Alarms"][0]["AlarmARN"] == f"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{high}"
    [policy] = aas.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]
    assert policy["PolicyType"] == "TargetTrackingScaling"
    assert policy["TargetTrackingScalingPolicyConfiguration"] == {
        "TargetValue": 60.0,
        "PredefinedMetricSpecification": {
            "PredefinedMetricType": "ECSServiceAverageCPUUtilization"
        },
        "ScaleInCooldown": 120,
    }
    updated = put_policy(aas, "cpu", target=70.0)
    assert updated["PolicyARN"] == put["PolicyARN"]
    [policy] = aas.describe_scaling_policies(ServiceNamespace="ecs", PolicyNames=["cpu"])[
        "ScalingPolicies"
    ]
    assert policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 70.0


def test_deleting_a_policy_removes_it_and_a_missing_one_is_not_found(world, aas) -> None:
    register(aas)
    put_policy(aas, "cpu")
    put_policy(aas, "memory", "ECSServiceAverageMemoryUtilization")
    aas.delete_scaling_policy(PolicyName="cpu", **IDENTITY)
    names = [
        p["PolicyName"]
        for p in aas.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]
    ]
    assert names == ["memory"]
    with pytest.raises(aas.exceptions.ObjectNotFoundException) as err:
        aas.delete_scaling_policy(PolicyName="cpu", **IDENTITY)
    assert "policy name: cpu" in error_message(err)


def test_a_policy_needs_a_registered_target(world, aas) -> None:
    with pytest.raises(aas.exceptions.ObjectNotFoundException) as err:
        put_policy(aas)
    assert error_message(err).startswith(
        "No scalable target registered for service namespace: ecs, resource ID: service/web/api, "
        "scalable dimension: ecs:service:DesiredCount"
    )


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        ({"PolicyType": "StepScaling"}, "does not go with PolicyType StepScaling"),
        ({"PolicyType": None}, "PolicyType defaults to StepScaling"),
        ({"TargetTrackingScalingPolicyConfiguration": None}, "is required"),
        ({"metric": "DynamoDBReadCapacityUtilization"}, "is not a metric ecslearn simulates"),
        ({"metric": "ALBRequestCountPerTarget"}, "needs a ResourceLabel"),
        ({"target": 0.0}, "TargetValue must be greater than 0"),
        ({"ScaleOutCooldown": -5}, "ScaleOutCooldown must be 0 or more"),
        ({"PolicyName": "x" * 257}, "PolicyName must be 1 to 256"),
    ],
)
def test_put_scaling_policy_refuses_what_it_cannot_track_and_says_why(
    world, aas, request_, message
) -> None:
    register(aas)
    options = dict(request_)
    config = {
        "TargetValue": options.pop("target", 50.0),
        "PredefinedMetricSpecification": {
            "PredefinedMetricType": options.pop("metric", "ECSServiceAverageCPUUtilization")
        },
    }
    for member in ("ScaleOutCooldown",):
        if member in options:
            config[member] = options.pop(member)
    request = {
        "PolicyName": "cpu",
        **IDENTITY,
        "PolicyType": "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration": config,
        **options,
    }
    with pytest.raises(aas.exceptions.ValidationException) as err:
        aas.put_scaling_policy(**{k: v for k, v in request.items() if v is not None})
    assert message in error_message(err)
    assert aas.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"] == []


def test_alb_request_count_needs_a_target_group_attached_to_the_service(world, aas) -> None:
    register(aas)
    label = "app/web/0123456789abcdef/targetgroup/api/fedcba9876543210"
    with pytest.raises(aas.exceptions.ValidationException) as err:
        aas.put_scaling_policy(
            PolicyName="requests",
            **IDENTITY,
            PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={
                "TargetValue": 1000.0,
                "PredefinedMetricSpecification": {
                    "PredefinedMetricType": "ALBRequestCountPerTarget",
                    "ResourceLabel": label,
                },
            },
        )
    assert "targetgroup/api/fedcba9876543210" in error_message(err)
    assert "not attached to service api" in error_message(err)


def test_request_count_per_target_scales_a_service_behind_a_load_balancer(world, ecs, aas) -> None:
    world.register(task_definition("site", container("web", "nginx", memory=128, ports=[80])))
    group = world.create_target_group("site", interval=10, healthy_threshold=2)
    ecs.create_service(
        cluster="web",
        serviceName="site",
        taskDefinition="site",
        desiredCount=2,
        loadBalancers=[{"targetGroupArn": group, "containerName": "web", "containerPort": 80}],
    )
    assert world.run_until_stable()
    site = {**IDENTITY, "ResourceId": "service/web/site"}
    aas.register_scalable_target(**site, MinCapacity=1, MaxCapacity=4)
    aas.put_scaling_policy(
        PolicyName="requests",
        **site,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 1000.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ALBRequestCountPerTarget",
                "ResourceLabel": "app/site/0123456789abcdef/" + group.rsplit(":", 1)[1],
            },
        },
    )
    world.set_load("site", cluster="web", requests_per_target=1500)  # per minute
    world.advance(3 * MINUTE)
    assert desired(ecs, "site") == 3  # ceil(2 x 1500 / 1000)


def test_paginators_walk_every_target_and_policy(world, ecs, aas) -> None:
    for name in ("b", "c"):
        create_service(ecs, name, 1)
    for name in ("api", "b", "c"):
        aas.register_scalable_target(
            **{**IDENTITY, "ResourceId": f"service/web/{name}"}, MinCapacity=1, MaxCapacity=3
        )
    pages = list(
        aas.get_paginator("describe_scalable_targets").paginate(
            ServiceNamespace="ecs", PaginationConfig={"PageSize": 1}
        )
    )
    assert [p["ScalableTargets"][0]["ResourceId"] for p in pages] == [
        "service/web/api",
        "service/web/b",
        "service/web/c",
    ]
    for index in range(12):
        put_policy(aas, f"p{index:02d}")
    first = aas.describe_scaling_policies(ServiceNamespace="ecs")
    assert len(first["ScalingPolicies"]) == 10 and "NextToken" in first
    every = [
        policy["PolicyName"]
        for page in aas.get_paginator("describe_scaling_policies").paginate(ServiceNamespace="ecs")
        for policy in page["ScalingPolicies"]
    ]
    assert every == [f"p{index:02d}" for index in range(12)]
    with pytest.raises(aas.exceptions.InvalidNextTokenException):
        aas.describe_scaling_policies(ServiceNamespace="ecs", NextToken="not-a-token")
    with pytest.raises(aas.exceptions.ValidationException):
        aas.describe_scaling_policies(ServiceNamespace="ecs", MaxResults=11)


def test_describing_another_namespace_finds_nothing(world, aas) -> None:
    register(aas, 3, 10)  # an activity: the service scales to its new minimum
    assert aas.describe_scalable_targets(ServiceNamespace="dynamodb")["ScalableTargets"] == []
    assert (
        activities(aas)
        and not aas.describe_scaling_activities(ServiceNamespace="dynamodb")["ScalingActivities"]
    )


# -- target tracking -------------------------------------------------------------------------------
def test_high_cpu_scales_out_after_three_minutes_to_ceil_running_times_metric_over_target(
    world, ecs, aas
) -> None:
    register(aas, 1, 10)
    put = put_policy(aas, "cpu", target=50.0)
    world.set_load("api", cluster="web", cpu_percent=90)
    world.advance(2 * MINUTE)
    assert desired(ecs) == 2  # two datapoints above the target: AlarmHigh is not firing yet
    world.advance(MINUTE)
    assert desired(ecs) == 4  # ceil(2 x 90 / 50)
    [activity] = activities(aas)
    high = put["Alarms"][0]["AlarmName"]
    assert activity["Description"] == "Setting desired count to 4."
    assert activity["Cause"] == f"monitor alarm {high} in state ALARM triggered policy cpu"
    assert activity["StatusCode"] == "Successful" and activity["EndTime"] >= activity["StartTime"]
    assert "from 2 to 4" in world.events.filter(kind="autoscaling", service="api")[-1].message
    world.advance(30 * MINUTE)
    assert desired(ecs) == 4  # 1.8 tasks of work on 4 tasks is 45 %: on target, nothing to do


def test_scaling_out_lowers_the_average_because_demand_stays_put(world, aas) -> None:
    register(aas, 1, 10)
    put_policy(aas, "cpu", target=50.0)
    load = world.set_load("api", cluster="web", cpu_percent=90)
    assert load.cpu == pytest.approx(1.8)  # 90 % of two running tasks, in task-equivalents
    world.advance(10 * MINUTE)
    now = world.world.clock.timestamp
    points = world.client("cloudwatch").get_metric_statistics(
        Namespace="AWS/ECS",
        MetricName="CPUUtilization",
        Dimensions=[
            {"Name": "ClusterName", "Value": "web"},
            {"Name": "ServiceName", "Value": "api"},
        ],
        StartTime=now - 2 * MINUTE,
        EndTime=now,
        Period=60,
        Statistics=["Average"],
    )["Datapoints"]
    assert [p["Average"] for p in points] == [pytest.approx(45.0)] * 2  # 1.8 tasks of work on 4


def test_scale_out_never_goes_beyond_max_capacity_and_says_why_when_asked(world, ecs, aas) -> None:
    register(aas, 1, 3)
    put_policy(aas, "cpu", target=50.0)
    world.set_load("api", cluster="web", cpu_percent=400)
    world.advance(30 * MINUTE)
    assert desired(ecs) == 3
    assert [a["Description"] for a in activities(aas)] == ["Setting desired count to 3."]
    [not_scaled] = [
        a for a in activities(aas, IncludeNotScaledActivities=True) if "NotScaledReasons" in a
    ]
    assert not_scaled["NotScaledReasons"] == [
        {"Code": "AlreadyAtMaxCapacity", "MaxCapacity": 3, "CurrentCapacity": 3}
    ]


def test_scale_in_waits_for_fifteen_low_minutes_then_for_its_cooldown(world, ecs, aas) -> None:
    ecs.update_service(cluster="web", service="api", desiredCount=6)
    assert world.run_until_stable()
    world.set_load("api", cluster="web", cpu_percent=50)  # on target for a quarter of an hour
    world.advance(15 * MINUTE)
    register(aas, 1, 10)
    put_policy(aas, "cpu", target=50.0, ScaleInCooldown=600)
    world.set_load("api", cluster="web", cpu_percent=20)  # 1.2 task-equivalents, below 45 %
    world.advance(14 * MINUTE)
    assert desired(ecs) == 6
    world.advance(MINUTE)
    assert desired(ecs) == 3  # ceil(6 x 20 / 50); 1.2 on 3 tasks is 40 %: still low
    [first] = scaled_at(world)
    assert world.run_until_stable()
    world.set_load("api", cluster="web", cpu_percent=10)
    world.advance(20 * MINUTE)
    assert desired(ecs) == 1
    second = scaled_at(world)[-1]
    assert first + 600 <= second < first + 600 + MINUTE


def test_scale_in_never_goes_below_min_capacity(world, ecs, aas) -> None:
    register(aas, 2, 10)
    put_policy(aas, "cpu", target=50.0, ScaleInCooldown=0)
    world.set_load("api", cluster="web", cpu_percent=0)
    world.advance(60 * MINUTE)
    assert desired(ecs) == 2
    reasons = [
        a["NotScaledReasons"][0]["Code"]
        for a in activities(aas, IncludeNotScaledActivities=True)
        if "NotScaledReasons" in a
    ]
    assert reasons == ["AlreadyAtMinCapacity"]


def test_with_two_policies_any_one_scales_out_but_scale_in_needs_both(world, ecs, aas) -> None:
    register(aas, 1, 10)
    put_policy(aas, "cpu", target=50.0)
    put_policy(aas, "memory", "ECSServiceAverageMemoryUtilization", target=50.0)
    world.set_load("api", cluster="web", cpu_percent=20, memory_percent=100)
    world.advance(5 * MINUTE)
    assert desired(ecs) == 4  # memory asked (ceil(2 x 100 / 50)); cpu did not object
    assert "triggered policy memory" in activities(aas)[0]["Cause"]
    assert world.run_until_stable()
    world.set_load("api", cluster="web", cpu_percent=10, memory_percent=48)
    world.advance(40 * MINUTE)
    assert desired(ecs) == 4  # cpu is low, but memory (48 %) is not below 90 % of its target
    world.set_load("api", cluster="web", memory_percent=10)
    world.advance(16 * MINUTE)
    assert desired(ecs) == 1


def test_scale_in_is_suspended_during_a_deployment_while_scale_out_continues(
    world, ecs, aas
) -> None:
    register(aas, 1, 10)
    put_policy(aas, "cpu", target=50.0, ScaleOutCooldown=0)
    # A revision no instance can host: the deployment stays IN_PROGRESS, the old tasks run.
    sim = world
    sim.register(
        task_definition(
            "api", container("api", "nginx:2", memory=256), member_of="attribute:x == y"
        )
    )
    ecs.update_service(cluster="web", service="api", taskDefinition="api:2")
    sim.set_load("api", cluster="web", cpu_percent=5)
    sim.advance(30 * MINUTE)
    assert desired(ecs) == 2
    assert any("holds scale-in" in e.message for e in sim.events.filter(kind="autoscaling"))
    sim.set_load("api", cluster="web", cpu_percent=150)
    sim.advance(3 * MINUTE)
    assert desired(ecs) == 6  # ceil(2 x 150 / 50), while the rollout is still in progress


def test_disable_scale_in_keeps_the_capacity_when_load_drops(world, ecs, aas) -> None:
    register(aas, 1, 10)
    put_policy(aas, "cpu", target=50.0, DisableScaleIn=True)
    world.set_load("api", cluster="web", cpu_percent=100)
    world.advance(3 * MINUTE)
    assert desired(ecs) == 4
    world.set_load("api", cluster="web", cpu_percent=1)
    world.advance(60 * MINUTE)
    assert desired(ecs) == 4


def test_suspended_dynamic_scale_out_leaves_the_service_alone(world, ecs, aas) -> None:
    register(aas, 1, 10, SuspendedState={"DynamicScalingOutSuspended": True})
    put_policy(aas, "cpu", target=50.0)
    world.set_load("api", cluster="web", cpu_percent=200)
    world.advance(10 * MINUTE)
    assert desired(ecs) == 2
    aas.register_scalable_target(**IDENTITY, SuspendedState={"DynamicScalingOutSuspended": False})
    world.advance(3 * MINUTE)
    assert desired(ecs) == 8


def test_a_service_with_no_running_task_reports_no_data_and_never_scales(world, ecs, aas) -> None:
    ecs.update_service(cluster="web", service="api", desiredCount=0)
    register(aas, 0, 4)
    put_policy(aas, "cpu", target=50.0)
    world.set_load("api", cluster="web", cpu_percent=90)
    world.advance(30 * MINUTE)
    assert desired(ecs) == 0  # why AWS advises a MinCapacity above 0


# -- the load model ------------------------------------------------------------------------------
def test_request_count_per_target_is_requests_per_minute_over_running_tasks() -> None:
    load = ServiceLoad(requests=3000.0)
    assert metric_value("ALBRequestCountPerTarget", load, 3) == pytest.approx(1000.0)
    assert metric_value("ECSServiceAverageCPUUtilization", ServiceLoad(cpu=1.5), 3) == 50.0


def test_request_cost_turns_traffic_into_cpu_demand() -> None:
    # 10 requests a second, 50 ms of a vCPU each: half a vCPU, all of a 512-unit task.
    assert request_cost(600, 50, 512) == ServiceLoad(cpu=1.0, requests=600)


def test_a_load_source_adds_demand_on_top_of_set_load(world, ecs, aas, monkeypatch) -> None:
    monkeypatch.setattr(
        autoscaling, "LOAD_SOURCES", [lambda sim, state, service: request_cost(1200, 100, 256)]
    )  # 20 requests a second x 0.1 vCPU-seconds = 2 vCPU = 8 tasks of 256 units
    register(aas, 1, 10)
    put_policy(aas, "cpu", target=50.0)
    world.advance(3 * MINUTE)
    assert desired(ecs) == 10  # ceil(2 x 400 / 50) = 16, clamped to MaxCapacity


def test_set_load_names_an_unknown_service_and_refuses_negative_load(world) -> None:
    with pytest.raises(EcsError, match="No ACTIVE service 'nope'"):
        world.set_load("nope", cluster="web", cpu_percent=50)
    with pytest.raises(EcsError, match="must be >= 0"):
        world.set_load("api", cluster="web", cpu_percent=-1)
    arn = "arn:aws:ecs:us-east-1:123456789012:service/web/api"
    assert world.set_load(arn, memory_percent=50).memory == pytest.approx(1.0)


def test_a_scaling_world_saves_and_carries_on_exactly(world, aas, tmp_path) -> None:
    register(aas, 1, 10)
    put_policy(aas, "cpu", target=50.0)
    world.set_load("api", cluster="web", cpu_percent=90)
    world.advance(2 * MINUTE)
    saved = snapshot.save(world.world, tmp_path / "world.json")
    loaded = Simulation.from_world(snapshot.load(saved, strict=True))
    assert loaded.world._regions == world.world._regions
    for sim in (world, loaded):
        sim.advance(20 * MINUTE)
    assert [str(e) for e in loaded.events] == [str(e) for e in world.events]
    assert loaded.world._regions == world.world._regions


# -- one dispatch path, in Application Auto Scaling's words ------------------------------------
def http(sim: Simulation, operation: str, body: Any) -> tuple[int, dict]:
    return sim.world.dispatcher.handle_http(
        TARGET + operation, json.dumps(body).encode(), "us-east-1"
    )


def test_a_request_outside_the_model_is_a_validation_exception(sim) -> None:
    status, body = http(sim, "DescribeScalableTargets", {"ServiceNamespace": 5})
    assert status == 400 and body["__type"] == "ValidationException"
    assert "request.ServiceNamespace must be a string" in body["message"]


def test_an_unsimulated_operation_names_itself_and_what_is_available(aas) -> None:
    with pytest.raises(aas.exceptions.ValidationException) as err:
        aas.describe_scheduled_actions(ServiceNamespace="ecs")
    assert error_code(err) == "ValidationException"
    assert "DescribeScheduledActions" in error_message(err)
    assert "PutScalingPolicy" in error_message(err)


def test_an_internal_error_is_an_internal_service_exception_outside_strict_mode(
    monkeypatch,
) -> None:
    def broken(ctx, request):
        raise RuntimeError("boom")

    monkeypatch.setitem(OPERATIONS, ("application-autoscaling", "DescribeScalableTargets"), broken)
    status, body = http(Simulation(), "DescribeScalableTargets", {"ServiceNamespace": "ecs"})
    assert status == 500 and body["__type"] == "InternalServiceException"


MODELLED = {s.name for s in service_model("application-autoscaling").error_shapes}
EXAMPLES: dict[str, dict[str, Any]] = {
    "RegisterScalableTarget": {**IDENTITY, "MinCapacity": 1, "MaxCapacity": 4},
    "DescribeScalableTargets": {"ServiceNamespace": "ecs", "ResourceIds": [RID]},
    "DeregisterScalableTarget": dict(IDENTITY),
    "PutScalingPolicy": {
        "PolicyName": "cpu",
        **IDENTITY,
        "PolicyType": "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration": {
            "TargetValue": 50.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ECSServiceAverageCPUUtilization"
            },
            "ScaleOutCooldown": 60,
            "DisableScaleIn": False,
        },
    },
    "DescribeScalingPolicies": {"ServiceNamespace": "ecs", "PolicyNames": ["cpu"], "MaxResults": 5},
    "DeleteScalingPolicy": {"PolicyName": "cpu", **IDENTITY},
    "DescribeScalingActivities": {"ServiceNamespace": "ecs", "ResourceId": RID},
}
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 2**33)
    | st.floats(allow_nan=True)
    | st.sampled_from(["", "ecs", RID, "service/web", "StepScaling", "ALBRequestCountPerTarget"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def test_every_operation_has_an_example() -> None:
    assert set(EXAMPLES) == {
        name for (service, name) in OPERATIONS if service == "application-autoscaling"
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    operation=st.sampled_from(sorted(EXAMPLES)),
    member=st.text(max_size=1) | st.sampled_from(sorted({k for e in EXAMPLES.values() for k in e})),
    value=json_values,
)
def test_a_mutated_request_gets_an_answer_or_a_modelled_error_and_changes_nothing_on_error(
    operation: str, member: str, value: Any
) -> None:
    sim = Simulation(seed=0, strict=True)
    sim.call("CreateCluster", clusterName="web")
    sim.launch_instances("web")
    sim.register(task_definition("api", container("api", "nginx", memory=128)))
    sim.call(
        "CreateService", cluster="web", serviceName="api", taskDefinition="api", desiredCount=1
    )
    sim.world.dispatcher.call(
        "application-autoscaling",
        "RegisterScalableTarget",
        EXAMPLES["RegisterScalableTarget"],
        "us-east-1",
    )
    sim.world.dispatcher.call(
        "application-autoscaling", "PutScalingPolicy", EXAMPLES["PutScalingPolicy"], "us-east-1"
    )
    request = {**EXAMPLES[operation], member: value}
    before = json.dumps(snapshot.to_document(sim.world), sort_keys=True)
    try:
        sim.world.dispatcher.call("application-autoscaling", operation, request, "us-east-1")
    except EcsError as error:
        assert error.code in MODELLED and error.message
        assert json.dumps(snapshot.to_document(sim.world), sort_keys=True) == before
