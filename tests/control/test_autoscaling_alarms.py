"""Target tracking as a learner sees it in CloudWatch: the policy's AlarmHigh and AlarmLow are
real alarms, scaling follows their ALARM state, and the metrics they watch are the ones AWS
publishes for ECS services and Application Load Balancers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.control import snapshot
from ecslearn.model.builders import container, task_definition
from ecslearn.services.application_autoscaling.step_scaling import wanted
from tests.control.test_autoscaling import IDENTITY, MINUTE, desired, put_policy, register
from tests.services.elbv2_fixtures import application, group

SERVICE_DIMS = [{"Name": "ClusterName", "Value": "web"}, {"Name": "ServiceName", "Value": "api"}]


@pytest.fixture
def aas(sim: Simulation) -> Any:
    return sim.client("application-autoscaling")


@pytest.fixture
def cw(sim: Simulation) -> Any:
    return sim.client("cloudwatch")


@pytest.fixture
def world(sim: Simulation, ecs: Any) -> Simulation:
    """Service api running 2 tasks in cluster web, idle for a few minutes."""
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=4, instance_type="m5.large")
    sim.register(task_definition("api", container("api", "nginx", memory=256, cpu=256)))
    ecs.create_service(cluster="web", serviceName="api", taskDefinition="api", desiredCount=2)
    assert sim.run_until_stable()
    sim.advance(5 * MINUTE)
    return sim


def alarms_of(cw: Any, put: dict) -> tuple[dict, dict]:
    names = [a["AlarmName"] for a in put["Alarms"]]
    found = {a["AlarmName"]: a for a in cw.describe_alarms(AlarmNames=names)["MetricAlarms"]}
    return found[names[0]], found[names[1]]


def newest(cw: Any, sim: Simulation, namespace: str, name: str, dims: list, stat: str) -> float:
    now = dt.datetime.fromtimestamp(sim.world.clock.timestamp, dt.timezone.utc)
    points = cw.get_metric_statistics(
        Namespace=namespace,
        MetricName=name,
        Dimensions=dims,
        StartTime=now - dt.timedelta(minutes=3),
        EndTime=now,
        Period=60,
        Statistics=[stat],
    )["Datapoints"]
    return max(points, key=lambda p: p["Timestamp"])[stat]


def test_target_tracking_alarm_high_is_visible_in_describe_alarms_as_aws_creates_it(
    world, aas, cw
) -> None:
    register(aas, 1, 10)
    put = put_policy(aas, "cpu", target=60.0)
    high, low = alarms_of(cw, put)
    assert high["AlarmArn"] == put["Alarms"][0]["AlarmARN"]
    assert (high["Namespace"], high["MetricName"], high["Statistic"]) == (
        "AWS/ECS",
        "CPUUtilization",
        "Average",
    )
    assert high["Dimensions"] == SERVICE_DIMS
    assert (high["Period"], high["EvaluationPeriods"], high["DatapointsToAlarm"]) == (60, 3, 3)
    assert (high["Threshold"], high["ComparisonOperator"]) == (60.0, "GreaterThanThreshold")
    assert (low["EvaluationPeriods"], low["Threshold"]) == (15, pytest.approx(54.0))
    assert low["ComparisonOperator"] == "LessThanThreshold"
    assert high["AlarmActions"] == [put["PolicyARN"]]
    assert high["AlarmDescription"].startswith("DO NOT EDIT OR DELETE.")
    assert high["StateValue"] == "INSUFFICIENT_DATA"


def test_scaling_out_follows_alarm_high_going_to_alarm(world, ecs, aas, cw) -> None:
    register(aas, 1, 10)
    put = put_policy(aas, "cpu", target=50.0)
    world.set_load("api", cluster="web", cpu_percent=90)
    world.advance(2 * MINUTE)
    high, low = alarms_of(cw, put)
    assert (high["StateValue"], low["StateValue"]) == ("OK", "OK")
    assert desired(ecs) == 2
    world.advance(MINUTE)
    high, _ = alarms_of(cw, put)
    assert high["StateValue"] == "ALARM"
    assert high["StateReason"].startswith("Threshold Crossed: 3 out of the last 3 datapoints [90.0")
    assert desired(ecs) == 4
    history = cw.describe_alarm_history(AlarmName=high["AlarmName"], HistoryItemType="Action")
    [action] = history["AlarmHistoryItems"]
    assert action["HistorySummary"] == f"Successfully executed action {put['PolicyARN']}"


def test_a_policy_updated_moves_its_alarms_thresholds_and_deleted_takes_them_away(
    world, aas, cw
) -> None:
    register(aas, 1, 10)
    put = put_policy(aas, "cpu", target=50.0)
    put_policy(aas, "cpu", target=70.0)
    high, low = alarms_of(cw, put)
    assert (high["Threshold"], low["Threshold"]) == (70.0, pytest.approx(63.0))
    aas.delete_scaling_policy(PolicyName="cpu", **IDENTITY)
    assert cw.describe_alarms(AlarmNamePrefix="TargetTracking-")["MetricAlarms"] == []
    put_policy(aas, "cpu", target=50.0)
    aas.deregister_scalable_target(**IDENTITY)
    assert cw.describe_alarms()["MetricAlarms"] == []


def test_disabling_alarm_high_actions_stops_scale_out(world, ecs, aas, cw) -> None:
    register(aas, 1, 10)
    put = put_policy(aas, "cpu", target=50.0)
    cw.disable_alarm_actions(AlarmNames=[put["Alarms"][0]["AlarmName"]])
    world.set_load("api", cluster="web", cpu_percent=90)
    world.advance(5 * MINUTE)
    assert alarms_of(cw, put)[0]["StateValue"] == "ALARM"
    assert desired(ecs) == 2


def test_ecs_publishes_service_utilisation_and_cluster_reservation_each_minute(world, cw) -> None:
    world.set_load("api", cluster="web", cpu_percent=40, memory_percent=30)
    world.advance(2 * MINUTE)
    assert newest(cw, world, "AWS/ECS", "CPUUtilization", SERVICE_DIMS, "Average") == 40.0
    assert newest(cw, world, "AWS/ECS", "MemoryUtilization", SERVICE_DIMS, "Average") == 30.0
    # 2 tasks of 256 CPU units on 4 m5.large (2048 units each)
    cluster = [{"Name": "ClusterName", "Value": "web"}]
    assert newest(cw, world, "AWS/ECS", "CPUReservation", cluster, "Average") == 6.25
    listed = cw.list_metrics(Namespace="AWS/ECS")["Metrics"]
    assert {m["MetricName"] for m in listed} == {
        "CPUUtilization",
        "MemoryUtilization",
        "CPUReservation",
        "MemoryReservation",
    }


def test_request_count_per_target_counts_the_requests_served(sim, ecs, cw) -> None:
    elbv2 = sim.client("elbv2")
    ecs.create_cluster(clusterName="shop")
    sim.launch_instances("shop", count=2, instance_type="m5.large")
    sim.register(task_definition("site", container("app", "nginx", memory=128, ports=[80])))
    balancer = application(sim, elbv2, "site")
    arn = group(sim, elbv2, "site")
    elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": arn}],
    )
    ecs.create_service(
        cluster="shop",
        serviceName="site",
        taskDefinition="site",
        desiredCount=2,
        loadBalancers=[{"targetGroupArn": arn, "containerName": "app", "containerPort": 80}],
    )
    assert sim.run_until_stable()
    sim.advance(2 * MINUTE)  # both targets healthy
    sim.send_requests(f"http://{balancer['DNSName']}/", 100)
    sim.advance(MINUTE)
    tg = arn.rsplit(":", 1)[1]
    lb = balancer["LoadBalancerArn"].split(":loadbalancer/")[1]
    both = [{"Name": "LoadBalancer", "Value": lb}, {"Name": "TargetGroup", "Value": tg}]
    per_target = newest(
        cw,
        sim,
        "AWS/ApplicationELB",
        "RequestCountPerTarget",
        [{"Name": "TargetGroup", "Value": tg}],
        "Sum",
    )
    assert per_target == 50.0
    lb_dims = [{"Name": "LoadBalancer", "Value": lb}]
    assert newest(cw, sim, "AWS/ApplicationELB", "RequestCount", lb_dims, "Sum") == 100.0
    assert newest(cw, sim, "AWS/ApplicationELB", "HealthyHostCount", both, "Maximum") == 2.0
    assert tg.startswith("targetgroup/site/") and lb.startswith("app/site/")


def test_a_world_scaling_through_cloudwatch_saves_mid_flight_and_carries_on(
    world, aas, tmp_path
) -> None:
    register(aas, 1, 10)
    put_policy(aas, "cpu", target=50.0)
    world.set_load("api", cluster="web", cpu_percent=90)
    world.advance(2 * MINUTE + 30)
    saved = snapshot.save(world.world, tmp_path / "world.json")
    loaded = Simulation.from_world(snapshot.load(saved, strict=True))
    assert loaded.world._regions == world.world._regions
    for sim in (world, loaded):
        sim.advance(20 * MINUTE)
    assert [str(e) for e in loaded.events] == [str(e) for e in world.events]
    assert loaded.world._regions == world.world._regions


def test_a_step_policy_on_a_learners_own_alarm_adds_the_step_its_breach_falls_in(
    world, ecs, aas, cw
) -> None:
    register(aas, 1, 10)
    arn = aas.put_scaling_policy(
        PolicyName="steps",
        **IDENTITY,
        PolicyType="StepScaling",
        StepScalingPolicyConfiguration={
            "AdjustmentType": "ChangeInCapacity",
            "Cooldown": 600,
            "StepAdjustments": [
                {
                    "MetricIntervalLowerBound": 0,
                    "MetricIntervalUpperBound": 20,
                    "ScalingAdjustment": 1,
                },
                {"MetricIntervalLowerBound": 20, "ScalingAdjustment": 3},
            ],
        },
    )["PolicyARN"]
    cw.put_metric_alarm(
        AlarmName="api-cpu-high",
        Namespace="AWS/ECS",
        MetricName="CPUUtilization",
        Dimensions=SERVICE_DIMS,
        Statistic="Average",
        Period=60,
        EvaluationPeriods=2,
        Threshold=60.0,
        ComparisonOperator="GreaterThanThreshold",
        AlarmActions=[arn],
    )
    [policy] = aas.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]
    assert policy["PolicyType"] == "StepScaling"
    assert [a["AlarmName"] for a in policy["Alarms"]] == ["api-cpu-high"]
    world.set_load("api", cluster="web", cpu_percent=90)  # 30 above the threshold: +3
    world.advance(2 * MINUTE)
    assert desired(ecs) == 5
    world.advance(5 * MINUTE)
    assert desired(ecs) == 5  # the alarm still fires, but the cooldown holds a second step
    cause = aas.describe_scaling_activities(ServiceNamespace="ecs")["ScalingActivities"][0]["Cause"]
    assert cause == "monitor alarm api-cpu-high in state ALARM triggered policy steps"


def test_a_step_configuration_with_overlapping_steps_is_refused(world, aas) -> None:
    register(aas, 1, 10)
    with pytest.raises(aas.exceptions.ValidationException):
        aas.put_scaling_policy(
            PolicyName="steps",
            **IDENTITY,
            PolicyType="StepScaling",
            StepScalingPolicyConfiguration={
                "AdjustmentType": "ChangeInCapacity",
                "StepAdjustments": [
                    {
                        "MetricIntervalLowerBound": 0,
                        "MetricIntervalUpperBound": 30,
                        "ScalingAdjustment": 1,
                    },
                    {"MetricIntervalLowerBound": 20, "ScalingAdjustment": 3},
                ],
            },
        )


def test_a_percent_step_rounds_toward_zero_but_moves_at_least_one_task() -> None:
    percent = {"AdjustmentType": "PercentChangeInCapacity"}
    assert wanted(percent, 4, 10) == 5  # 0.4 of a task is one task
    assert wanted(percent, 10, 25) == 12  # 2.5 tasks is 2
    assert wanted(percent, 10, -25) == 8
    assert wanted({**percent, "MinAdjustmentMagnitude": 3}, 10, 10) == 13
    assert wanted({"AdjustmentType": "ExactCapacity"}, 10, 4) == 4
