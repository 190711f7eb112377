"""Lifecycle hooks: a group holds an instance in Pending:Wait or Terminating:Wait until every
hook's action is completed or times out with the hook's DefaultResult, shows it in its
instances and activities as AWS does, and answers AWS's errors for actions that are not there."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from tests.services.test_autoscaling_groups import create, error, group, template

TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING"
LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING"
TOKEN = "bcd2f1b8-9a55-4d0f-8ab6-1f0b1c9f2e11"


@pytest.fixture
def asg(sim: Simulation) -> Any:
    return sim.client("autoscaling")


def states(asg: Any) -> dict[str, str]:
    rows = asg.describe_auto_scaling_instances()["AutoScalingInstances"]
    return {r["InstanceId"]: r["LifecycleState"] for r in rows}


def hook(asg: Any, transition: str, timeout: int = 60, result: str = "CONTINUE") -> None:
    asg.put_lifecycle_hook(
        AutoScalingGroupName="web",
        LifecycleHookName="hold",
        LifecycleTransition=transition,
        HeartbeatTimeout=timeout,
        DefaultResult=result,
    )


def one_running_instance(sim: Simulation, ec2: Any, ami: str, asg: Any) -> str:
    template(ec2, ami)
    create(asg, DesiredCapacity=1)
    assert sim.run_until_stable().stable
    [instance_id] = states(asg)
    return instance_id


def test_a_hook_is_described_with_awss_defaults_and_its_global_timeout(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=0)
    asg.put_lifecycle_hook(
        AutoScalingGroupName="web", LifecycleHookName="bye", LifecycleTransition=TERMINATING
    )
    [described] = asg.describe_lifecycle_hooks(AutoScalingGroupName="web")["LifecycleHooks"]
    assert described == {
        "LifecycleHookName": "bye",
        "AutoScalingGroupName": "web",
        "LifecycleTransition": TERMINATING,
        "HeartbeatTimeout": 3600,
        "GlobalTimeout": 172800,  # 100 heartbeat timeouts would be more than 48 hours
        "DefaultResult": "ABANDON",
    }
    asg.delete_lifecycle_hook(AutoScalingGroupName="web", LifecycleHookName="bye")
    assert asg.describe_lifecycle_hooks(AutoScalingGroupName="web")["LifecycleHooks"] == []


def test_a_group_can_be_created_with_its_hooks(ec2, ami, asg) -> None:
    template(ec2, ami)
    create(
        asg,
        DesiredCapacity=0,
        LifecycleHookSpecificationList=[
            {"LifecycleHookName": "warm", "LifecycleTransition": LAUNCHING, "HeartbeatTimeout": 30}
        ],
    )
    [described] = asg.describe_lifecycle_hooks(AutoScalingGroupName="web")["LifecycleHooks"]
    assert (described["LifecycleHookName"], described["GlobalTimeout"]) == ("warm", 3000)


def test_a_terminating_instance_waits_for_the_hook_and_goes_when_the_action_completes(
    sim, ec2, ami, asg
) -> None:
    instance_id = one_running_instance(sim, ec2, ami, asg)
    hook(asg, TERMINATING, timeout=600)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    sim.advance(120)
    assert states(asg) == {instance_id: "Terminating:Wait"}
    [running] = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"]
    assert running["State"]["Name"] == "running"  # EC2 is not asked to terminate it yet
    activity = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"][0]
    assert activity["Description"] == f"Terminating EC2 instance: {instance_id}"
    assert activity["StatusCode"] == "MidLifecycleAction"
    asg.complete_lifecycle_action(
        AutoScalingGroupName="web",
        LifecycleHookName="hold",
        InstanceId=instance_id,
        LifecycleActionResult="CONTINUE",
    )
    sim.advance(1)
    assert states(asg) == {instance_id: "Terminating:Proceed"}
    assert sim.run_until_stable().stable
    assert states(asg) == {}
    activity = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"][0]
    assert activity["StatusCode"] == "Successful"


def test_an_action_nobody_completes_times_out_and_a_heartbeat_buys_time(sim, ec2, ami, asg) -> None:
    instance_id = one_running_instance(sim, ec2, ami, asg)
    hook(asg, TERMINATING, timeout=60, result="ABANDON")
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    sim.advance(40)
    asg.record_lifecycle_action_heartbeat(
        AutoScalingGroupName="web", LifecycleHookName="hold", InstanceId=instance_id
    )
    sim.advance(59)  # 99 s after the termination began, 59 s after the heartbeat
    assert states(asg) == {instance_id: "Terminating:Wait"}
    sim.advance(2)
    assert states(asg) == {instance_id: "Terminating:Proceed"}  # ABANDON still terminates
    timed_out = [e.message for e in sim.world.events if e.details.get("words") == "hook_timeout"]
    assert timed_out == [
        f"Auto Scaling group web: lifecycle hook hold timed out for instance {instance_id}: ABANDON"
    ]


def test_a_launching_hook_holds_a_new_instance_in_pending_wait(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=0)
    hook(asg, LAUNCHING, timeout=300)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    sim.advance(60)
    [(instance_id, state)] = states(asg).items()
    assert state == "Pending:Wait"
    assert group(asg)["DesiredCapacity"] == 1  # counted: nothing else is launched meanwhile
    asg.complete_lifecycle_action(
        AutoScalingGroupName="web",
        LifecycleHookName="hold",
        InstanceId=instance_id,
        LifecycleActionResult="CONTINUE",
    )
    sim.advance(1)
    assert states(asg) == {instance_id: "InService"}


def test_a_launching_hook_that_abandons_gets_the_instance_replaced(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=0)
    hook(asg, LAUNCHING, timeout=300)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    sim.advance(60)
    [first] = states(asg)
    asg.complete_lifecycle_action(
        AutoScalingGroupName="web",
        LifecycleHookName="hold",
        InstanceId=first,
        LifecycleActionResult="ABANDON",
    )
    sim.advance(60)
    after = states(asg)
    assert first not in after or after[first].startswith("Terminating")
    assert [s for i, s in after.items() if i != first] == ["Pending:Wait"]  # its replacement


def test_completing_an_action_that_is_not_there_is_awss_validation_error(
    sim, ec2, ami, asg
) -> None:
    instance_id = one_running_instance(sim, ec2, ami, asg)
    hook(asg, TERMINATING)
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.complete_lifecycle_action(
            AutoScalingGroupName="web",
            LifecycleHookName="hold",
            InstanceId=instance_id,
            LifecycleActionResult="CONTINUE",
        )
    assert error(refused) == (
        "ValidationError",
        f"No active Lifecycle Action found with instance ID {instance_id}",
    )
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.record_lifecycle_action_heartbeat(
            AutoScalingGroupName="web", LifecycleHookName="hold", LifecycleActionToken=TOKEN
        )
    assert error(refused) == (
        "ValidationError",
        f"No active Lifecycle Action found with token {TOKEN}",
    )


def test_deleting_a_hook_lets_its_waiting_instances_continue(sim, ec2, ami, asg) -> None:
    instance_id = one_running_instance(sim, ec2, ami, asg)
    hook(asg, TERMINATING, timeout=600)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=0)
    sim.advance(5)
    asg.delete_lifecycle_hook(AutoScalingGroupName="web", LifecycleHookName="hold")
    sim.advance(1)
    assert states(asg) == {instance_id: "Terminating:Proceed"}


def test_force_delete_skips_the_hooks(sim, ec2, ami, asg) -> None:
    one_running_instance(sim, ec2, ami, asg)
    hook(asg, TERMINATING, timeout=600)
    asg.delete_auto_scaling_group(AutoScalingGroupName="web", ForceDelete=True)
    assert sim.run_until_stable(timeout=120).stable
    assert asg.describe_auto_scaling_groups()["AutoScalingGroups"] == []


def test_a_hook_s_timeout_must_be_between_30_and_7200_seconds(ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=0)
    with pytest.raises(asg.exceptions.ClientError) as refused:
        hook(asg, TERMINATING, timeout=10)
    assert error(refused)[0] == "ValidationError"
