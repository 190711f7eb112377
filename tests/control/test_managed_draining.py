"""Managed instance draining: when the Auto Scaling group of a capacity provider with managed
draining terminates an instance, ECS drains it first (the service's tasks move to the other
instances) and lets the termination continue once it is empty or 48 hours have passed; without
managed draining the instance goes at once and its tasks are lost and replaced. Every decision
is an event a learner can read in English and Korean."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.words.capacity_events import event_text
from tests.services.capacity_fixtures import auto_scaled_cluster, group_arn, register_app

HOOK = "ecs-managed-draining-termination-hook"
HANGUL = re.compile("[\uac00-\ud7a3]")


def states(sim: Simulation) -> dict[str, str]:
    rows = sim.client("autoscaling").describe_auto_scaling_instances()["AutoScalingInstances"]
    return {r["InstanceId"]: r["LifecycleState"] for r in rows}


def service_tasks(sim: Simulation, status: str = "RUNNING") -> list[dict[str, Any]]:
    ecs = sim.client()
    arns = ecs.list_tasks(cluster="web", serviceName="app", desiredStatus=status)["taskArns"]
    return ecs.describe_tasks(cluster="web", tasks=arns)["tasks"] if arns else []


def worded(sim: Simulation, key: str) -> list[Any]:
    return [e for e in sim.world.events if e.details.get("words") == key]


def three_busy_instances(sim: Simulation, *, draining: str | None = None) -> None:
    """Three m5.large instances of web-cp (managed scaling on, no termination protection), and a
    service app of six tasks spread over them."""
    auto_scaled_cluster(sim, protect=False, instance_type="m5.large")
    if draining is not None:
        sim.client().update_capacity_provider(
            name="web-cp", autoScalingGroupProvider={"managedDraining": draining}
        )
    register_app(sim)
    sim.client("autoscaling").set_desired_capacity(
        AutoScalingGroupName="web-asg", DesiredCapacity=3
    )
    sim.advance(120)
    sim.client().create_service(
        cluster="web", serviceName="app", taskDefinition="app", desiredCount=6
    )
    assert sim.run_until_stable(timeout=600).stable
    assert len({t["containerInstanceArn"] for t in service_tasks(sim)}) == 3


def scale_in(sim: Simulation, how: str) -> None:
    asg = sim.client("autoscaling")
    if how == "SetDesiredCapacity":
        asg.set_desired_capacity(AutoScalingGroupName="web-asg", DesiredCapacity=2)
    else:
        asg.update_auto_scaling_group(AutoScalingGroupName="web-asg", DesiredCapacity=2)


def test_a_new_provider_drains_by_default_with_ecss_hook_on_its_group(sim: Simulation) -> None:
    made = auto_scaled_cluster(sim)
    assert made["autoScalingGroupProvider"]["managedDraining"] == "ENABLED"
    [described] = sim.client().describe_capacity_providers(capacityProviders=["web-cp"])[
        "capacityProviders"
    ]
    assert described["autoScalingGroupProvider"]["managedDraining"] == "ENABLED"
    [hook] = sim.client("autoscaling").describe_lifecycle_hooks(AutoScalingGroupName="web-asg")[
        "LifecycleHooks"
    ]
    assert hook == {
        "LifecycleHookName": HOOK,
        "AutoScalingGroupName": "web-asg",
        "LifecycleTransition": "autoscaling:EC2_INSTANCE_TERMINATING",
        "HeartbeatTimeout": 3600,
        "GlobalTimeout": 172800,
        "DefaultResult": "CONTINUE",
    }


def test_update_capacity_provider_turns_managed_draining_off_and_on(sim: Simulation) -> None:
    ecs, asg = sim.client(), sim.client("autoscaling")
    auto_scaled_cluster(sim)
    off = ecs.update_capacity_provider(
        name="web-cp", autoScalingGroupProvider={"managedDraining": "DISABLED"}
    )["capacityProvider"]
    assert off["autoScalingGroupProvider"]["managedDraining"] == "DISABLED"
    assert asg.describe_lifecycle_hooks(AutoScalingGroupName="web-asg")["LifecycleHooks"] == []
    ecs.update_capacity_provider(
        name="web-cp", autoScalingGroupProvider={"managedDraining": "ENABLED"}
    )
    hooks = asg.describe_lifecycle_hooks(AutoScalingGroupName="web-asg")["LifecycleHooks"]
    assert [h["LifecycleHookName"] for h in hooks] == [HOOK]


@pytest.mark.parametrize("how", ["SetDesiredCapacity", "UpdateAutoScalingGroup"])
def test_a_service_loses_no_task_when_the_group_scales_in(sim: Simulation, how: str) -> None:
    three_busy_instances(sim)
    scale_in(sim, how)
    sim.advance(1)
    [leaving] = [i for i, s in states(sim).items() if s == "Terminating:Wait"]
    [instance] = [
        i
        for i in sim.client().describe_container_instances(
            cluster="web",
            containerInstances=sim.client().list_container_instances(
                cluster="web", status="DRAINING"
            )["containerInstanceArns"],
        )["containerInstances"]
    ]
    assert instance["ec2InstanceId"] == leaving  # ECS drains what Auto Scaling terminates
    activity = sim.client("autoscaling").describe_scaling_activities(
        AutoScalingGroupName="web-asg"
    )["Activities"][0]
    assert activity["StatusCode"] == "MidLifecycleAction"
    assert sim.run_until_stable(timeout=900).stable
    assert leaving not in states(sim)
    running = service_tasks(sim)
    assert len(running) == 6
    assert instance["containerInstanceArn"] not in {t["containerInstanceArn"] for t in running}
    stopped = service_tasks(sim, "STOPPED")
    assert len(stopped) == 2  # the two moved, stopped by the scheduler before the host went
    assert not any(t["stoppedReason"].startswith("Host EC2") for t in stopped)
    [done] = worded(sim, "drain_done")
    [started] = worded(sim, "drain_started")
    terminated = [
        e for e in sim.world.events if e.kind == "autoscaling" and "terminated" in e.message
    ]
    assert started.time < done.time <= terminated[-1].time


def test_without_managed_draining_the_instances_tasks_are_lost_and_replaced(
    sim: Simulation,
) -> None:
    three_busy_instances(sim, draining="DISABLED")
    scale_in(sim, "SetDesiredCapacity")
    sim.advance(1)
    assert "Terminating:Wait" not in states(sim).values()
    assert sim.run_until_stable(timeout=900).stable
    lost = service_tasks(sim, "STOPPED")
    assert len(lost) == 2
    assert all(t["stoppedReason"].startswith("Host EC2 (instance i-") for t in lost)
    assert len(service_tasks(sim)) == 6  # replaced by the service scheduler
    assert worded(sim, "drain_started") == []


def test_a_managed_scaling_scale_in_goes_through_managed_draining(sim: Simulation) -> None:
    three_busy_instances(sim)
    sim.client().update_service(cluster="web", service="app", desiredCount=1)
    sim.advance(20 * 60)  # the low alarm's 15 minutes, and the drain
    [scale_in] = worded(sim, "scale_in")
    assert scale_in.details["newDesiredCapacity"] == 1
    assert sim.run_until_stable(timeout=900).stable
    waited = {e.details["ec2_instance"] for e in worded(sim, "hook_wait")}
    assert len(waited) == 2  # every instance the group terminated waited for ECS's hook
    assert len(states(sim)) == 1
    [task] = service_tasks(sim)
    assert not any(t["stoppedReason"].startswith("Host EC2") for t in service_tasks(sim, "STOPPED"))
    assert task["lastStatus"] == "RUNNING"


def test_a_standalone_task_keeps_the_instance_draining_until_48_hours_have_passed(
    sim: Simulation,
) -> None:
    ecs, asg = sim.client(), sim.client("autoscaling")
    auto_scaled_cluster(sim, protect=False, scaling={"status": "DISABLED"})
    register_app(sim)
    asg.set_desired_capacity(AutoScalingGroupName="web-asg", DesiredCapacity=1)
    sim.advance(120)
    [task] = ecs.run_task(cluster="web", taskDefinition="app")["tasks"]  # RunTask: standalone
    sim.advance(60)
    asg.set_desired_capacity(AutoScalingGroupName="web-asg", DesiredCapacity=0)
    sim.advance(47 * 3600)
    [(instance_id, state)] = states(sim).items()
    assert state == "Terminating:Wait"  # ECS's heartbeats kept the hour-long hook alive
    [running] = ecs.describe_tasks(cluster="web", tasks=[task["taskArn"]])["tasks"]
    assert running["lastStatus"] == "RUNNING"  # managed draining does not stop standalone tasks
    sim.advance(3600 + 60)
    assert instance_id not in states(sim) or states(sim)[instance_id] == "Terminating:Proceed"
    [timeout] = worded(sim, "drain_timeout")
    assert timeout.details["ec2_instance"] == instance_id
    assert sim.run_until_stable(timeout=600).stable
    [lost] = ecs.describe_tasks(cluster="web", tasks=[task["taskArn"]])["tasks"]
    assert lost["lastStatus"] == "STOPPED"


def test_every_capacity_decision_reads_in_english_and_korean(sim: Simulation) -> None:
    three_busy_instances(sim)
    scale_in(sim, "SetDesiredCapacity")
    assert sim.run_until_stable(timeout=900).stable
    worded_events = [e for e in sim.world.events if "words" in e.details]
    keys = {e.details["words"] for e in worded_events}
    assert {"hook_added", "hook_put", "hook_wait", "drain_started", "drain_done"} <= keys
    assert {"hook_completed", "hook_proceed"} <= keys
    for event in worded_events:
        assert event_text(event, "en") == event.message
        korean = event_text(event, "ko")
        assert HANGUL.search(korean) and "{" not in korean
    [started] = worded(sim, "drain_started")
    assert event_text(started, "ko").startswith(
        "관리형 드레이닝: Auto Scaling이 그룹 web-asg의 인스턴스 "
    )


def test_scale_out_says_how_many_tasks_wait_in_both_languages(sim: Simulation) -> None:
    auto_scaled_cluster(sim)
    register_app(sim)
    sim.client().create_service(
        cluster="web", serviceName="app", taskDefinition="app", desiredCount=20
    )
    sim.advance(61)
    [out] = worded(sim, "scale_out")
    assert out.message == (
        "capacity provider web-cp: 20 task(s) waiting, reservation 200% for target 100% needs "
        "7 instance(s): scale out group web-asg from 0 to 7 (+7)"
    )
    assert event_text(out, "ko") == (
        "용량 공급자 web-cp: 태스크 20개가 대기 중이며 예약률은 200%입니다. 목표 100%에 맞추려면 "
        "인스턴스 7대가 필요하므로 Auto Scaling 그룹 web-asg의 희망 용량을 0대에서 7대로 "
        "늘립니다 (스케일 아웃, +7대)"
    )


def test_a_save_in_the_middle_of_a_drain_loads_and_carries_on_identically(
    sim: Simulation, tmp_path
) -> None:
    three_busy_instances(sim)
    scale_in(sim, "SetDesiredCapacity")
    sim.advance(20)  # the instance waits, its tasks are moving
    assert "Terminating:Wait" in states(sim).values()
    path = tmp_path / "mid-drain.json"
    sim.save(path)
    loaded = Simulation.load(path)
    for world in (sim, loaded):
        assert world.run_until_stable(timeout=900).stable
    assert loaded.world.now == sim.world.now
    assert states(loaded) == states(sim)
    assert [e.message for e in loaded.world.events] == [e.message for e in sim.world.events]
    assert len(service_tasks(loaded)) == 6


def test_a_provider_needs_an_auto_scaling_group_of_its_region(sim: Simulation) -> None:
    auto_scaled_cluster(sim)
    ecs = sim.client()
    sim.client("autoscaling").create_auto_scaling_group(
        AutoScalingGroupName="spare-asg",
        LaunchTemplate={"LaunchTemplateName": "web-asg-lt"},
        MinSize=0,
        MaxSize=1,
        AvailabilityZones=["us-east-1a"],
    )
    spare = group_arn(sim, "spare-asg")
    missing = spare.replace("spare-asg", "gone-asg")
    in_another_region = spare.replace("us-east-1", "us-west-2")
    for arn in (missing, in_another_region):
        with pytest.raises(ecs.exceptions.ClientException) as refused:
            ecs.create_capacity_provider(
                name="other", autoScalingGroupProvider={"autoScalingGroupArn": arn}
            )
        assert refused.value.response["Error"]["Message"] == (
            "The specified Auto Scaling group ARN is not valid. Specify the ARN of an existing "
            "Auto Scaling group in this Region and try again."
        )
    made = ecs.create_capacity_provider(
        name="other", autoScalingGroupProvider={"autoScalingGroupArn": "spare-asg"}
    )  # a bare name, as CloudFormation passes it, is looked up by name
    assert made["capacityProvider"]["status"] == "ACTIVE"
