"""An Auto Scaling group over virtual time: it keeps its zones balanced, scales in by its
termination policies and never through an instance protected from scale in, replaces an
instance EC2 terminated, records each launch and termination as a scaling activity in AWS's
words, and saves and loads mid-launch."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from tests.services.test_autoscaling_groups import ZONES, create, error, group, template


@pytest.fixture
def asg(sim: Simulation) -> Any:
    return sim.client("autoscaling")


def members(asg: Any, name: str = "web") -> list[dict[str, Any]]:
    return group(asg, name)["Instances"]


def zones(asg: Any) -> Counter:
    return Counter(i["AvailabilityZone"] for i in members(asg))


def resize(sim: Simulation, asg: Any, desired: int) -> None:
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=desired)
    assert sim.run_until_stable().stable


def test_zones_stay_balanced_as_the_group_grows_and_shrinks(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=0)
    for desired in (1, 2, 5, 6, 4, 3, 1):
        resize(sim, asg, desired)
        counts = [zones(asg).get(zone, 0) for zone in ZONES]
        assert sum(counts) == desired
        assert max(counts) - min(counts) <= 1, (desired, counts)


def test_scaling_in_never_terminates_an_instance_protected_from_scale_in(
    sim, ec2, ami, asg
) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=3)
    sim.run_until_stable()
    keep = [i["InstanceId"] for i in members(asg)][:2]
    asg.set_instance_protection(
        AutoScalingGroupName="web", InstanceIds=keep, ProtectedFromScaleIn=True
    )
    resize(sim, asg, 0)  # stable: Auto Scaling can do no more until protection is removed
    assert sorted(i["InstanceId"] for i in members(asg)) == sorted(keep)
    assert group(asg)["DesiredCapacity"] == 0
    asg.set_instance_protection(
        AutoScalingGroupName="web", InstanceIds=keep[:1], ProtectedFromScaleIn=False
    )
    sim.run_until_stable()
    assert [i["InstanceId"] for i in members(asg)] == keep[1:]


def test_new_instances_protected_from_scale_in_stay_when_desired_drops(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=2, NewInstancesProtectedFromScaleIn=True)
    sim.run_until_stable()
    resize(sim, asg, 0)
    assert len(members(asg)) == 2


def test_the_default_policy_terminates_instances_of_the_oldest_template_version_first(
    sim, ec2, ami, asg
) -> None:
    template_id = template(ec2, ami)
    create(asg, DesiredCapacity=3)
    sim.run_until_stable()
    old = {i["InstanceId"] for i in members(asg)}
    ec2.create_launch_template_version(
        LaunchTemplateId=template_id,
        SourceVersion="1",
        LaunchTemplateData={"InstanceType": "t3.medium"},
    )
    resize(sim, asg, 6)
    assert {i["LaunchTemplate"]["Version"] for i in members(asg) if i["InstanceId"] not in old} == {
        "2"
    }
    resize(sim, asg, 3)
    assert not old & {i["InstanceId"] for i in members(asg)}
    assert {i["LaunchTemplate"]["Version"] for i in members(asg)} == {"2"}


@pytest.mark.parametrize(("policy", "survivor"), [("OldestInstance", -1), ("NewestInstance", 0)])
def test_oldest_and_newest_instance_policies_pick_by_launch_time(
    sim, ec2, ami, asg, policy, survivor
) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=0, AvailabilityZones=["us-east-1a"], TerminationPolicies=[policy])
    launched = []
    for desired in (1, 2, 3):
        resize(sim, asg, desired)
        sim.advance(30)
        launched += [i["InstanceId"] for i in members(asg) if i["InstanceId"] not in launched]
    resize(sim, asg, 1)
    assert [i["InstanceId"] for i in members(asg)] == [launched[survivor]]


def test_an_instance_terminated_from_ec2_is_replaced(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=2)
    sim.run_until_stable()
    victim = members(asg)[0]["InstanceId"]
    ec2.terminate_instances(InstanceIds=[victim])
    assert sim.run_until_stable().stable
    now = [i["InstanceId"] for i in members(asg)]
    assert len(now) == 2 and victim not in now
    causes = [a["Cause"] for a in asg.describe_scaling_activities()["Activities"]]
    assert any(
        "an instance was taken out of service in response to a EC2 health check indicating it "
        "has been terminated or stopped." in cause
        for cause in causes
    )
    assert causes[0].endswith("increasing the capacity from 1 to 2.")


def test_scale_in_goes_through_ec2_so_ecs_loses_the_hosts_tasks(sim, ec2, ami, asg) -> None:
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    template(ec2, ami)
    create(asg, DesiredCapacity=1)
    sim.run_until_stable()
    ecs.register_task_definition(
        **task_definition("app", container("app", "nginx", memory=64)).to_request()
    )
    [task] = ecs.run_task(cluster="web", taskDefinition="app")["tasks"]
    sim.run_until_stable()
    resize(sim, asg, 0)
    [stopped] = ecs.describe_tasks(cluster="web", tasks=[task["taskArn"]])["tasks"]
    assert stopped["lastStatus"] == "STOPPED"
    assert stopped["stoppedReason"].startswith("Host EC2 (instance i-")
    [instance] = ec2.describe_instances()["Reservations"][0]["Instances"]
    assert instance["State"]["Name"] == "terminated"


def test_every_launch_and_termination_is_an_activity_in_aws_words(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=1)
    sim.advance(1)
    [launch] = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    instance_id = members(asg)[0]["InstanceId"]
    assert launch["Description"] == f"Launching a new EC2 instance: {instance_id}"
    assert launch["StatusCode"] == "InProgress"
    assert (
        "a user request created an AutoScalingGroup changing the desired capacity from 0 to 1."
        in launch["Cause"]
    )
    sim.run_until_stable()
    resize(sim, asg, 0)
    terminated, launched = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert launched["StatusCode"] == "Successful" and launched["Progress"] == 100
    assert terminated["Description"] == f"Terminating EC2 instance: {instance_id}"
    assert (
        "a user request explicitly set group desired capacity changing the desired capacity "
        "from 1 to 0." in terminated["Cause"]
    )
    assert terminated["Cause"].endswith(f"instance {instance_id} was selected for termination.")
    assert any(e.kind == "autoscaling" and instance_id in e.message for e in sim.events)


def test_terminate_instance_in_group_replaces_it_unless_told_to_decrement(
    sim, ec2, ami, asg
) -> None:
    template(ec2, ami)
    create(asg, MinSize=1, DesiredCapacity=2)
    sim.run_until_stable()
    first, second = (i["InstanceId"] for i in members(asg))
    asg.terminate_instance_in_auto_scaling_group(
        InstanceId=first, ShouldDecrementDesiredCapacity=False
    )
    sim.run_until_stable()
    assert len(members(asg)) == 2 and first not in {i["InstanceId"] for i in members(asg)}
    asg.terminate_instance_in_auto_scaling_group(
        InstanceId=second, ShouldDecrementDesiredCapacity=True
    )
    sim.run_until_stable()
    assert group(asg)["DesiredCapacity"] == 1 and len(members(asg)) == 1
    last = members(asg)[0]["InstanceId"]
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.terminate_instance_in_auto_scaling_group(
            InstanceId=last, ShouldDecrementDesiredCapacity=True
        )
    assert error(refused)[1].startswith("Currently, desiredSize equals minSize (1).")
    with pytest.raises(asg.exceptions.ClientError) as refused:
        asg.terminate_instance_in_auto_scaling_group(
            InstanceId="i-0000000000000000a", ShouldDecrementDesiredCapacity=False
        )
    assert error(refused)[1] == (
        "Instance Id not found - No managed instance found for instance ID: i-0000000000000000a"
    )


def test_a_group_with_instances_is_deleted_only_with_force_delete(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=2)
    sim.advance(1)
    with pytest.raises(asg.exceptions.ScalingActivityInProgressFault) as refused:
        asg.delete_auto_scaling_group(AutoScalingGroupName="web")
    assert error(refused)[1] == (
        "You cannot delete an AutoScalingGroup while there are scaling activities in progress "
        "for that group."
    )
    sim.run_until_stable()
    with pytest.raises(asg.exceptions.ResourceInUseFault) as refused:
        asg.delete_auto_scaling_group(AutoScalingGroupName="web")
    assert error(refused)[1] == (
        "You cannot delete an AutoScalingGroup while there are instances or pending Spot "
        "instance request(s) still in the group."
    )
    asg.delete_auto_scaling_group(AutoScalingGroupName="web", ForceDelete=True)
    assert group(asg)["Status"] == "Delete in progress"
    assert sim.run_until_stable().stable
    assert asg.describe_auto_scaling_groups()["AutoScalingGroups"] == []
    states = {
        i["State"]["Name"] for r in ec2.describe_instances()["Reservations"] for i in r["Instances"]
    }
    assert states == {"terminated"}


def test_a_launch_ec2_refuses_is_a_failed_activity_and_is_retried(sim, ec2, ami, asg) -> None:
    template_id = template(ec2, ami)
    create(asg, DesiredCapacity=0)
    ec2.delete_launch_template(LaunchTemplateId=template_id)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=1)
    sim.advance(30)
    [failed] = asg.describe_scaling_activities(AutoScalingGroupName="web")["Activities"]
    assert failed["StatusCode"] == "Failed"
    assert "does not exist" in failed["StatusMessage"]
    template(ec2, ami)  # a template by the same name again: the next pass launches
    sim.advance(30)
    assert len(members(asg)) == 1


def test_honor_cooldown_refuses_a_change_right_after_an_activity(sim, ec2, ami, asg) -> None:
    template(ec2, ami)
    create(asg, DesiredCapacity=1, DefaultCooldown=300)
    sim.run_until_stable()
    with pytest.raises(asg.exceptions.ScalingActivityInProgressFault):
        asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2, HonorCooldown=True)
    sim.advance(300)
    asg.set_desired_capacity(AutoScalingGroupName="web", DesiredCapacity=2, HonorCooldown=True)
    assert group(asg)["DesiredCapacity"] == 2


def test_a_world_saved_mid_launch_loads_and_carries_on_identically(
    sim, ec2, ami, asg, tmp_path
) -> None:
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    template(ec2, ami)
    create(asg, DesiredCapacity=3)
    sim.advance(5)
    assert {i["LifecycleState"] for i in members(asg)} == {"Pending"}
    sim.save(tmp_path / "world.json")
    loaded = Simulation.load(tmp_path / "world.json")
    copy = loaded.client("autoscaling")
    assert members(copy) == members(asg)
    for world in (sim, loaded):
        assert world.run_until_stable().stable
    assert members(copy) == members(asg)
    assert {i["LifecycleState"] for i in members(copy)} == {"InService"}
    assert (
        copy.describe_scaling_activities()["Activities"]
        == asg.describe_scaling_activities()["Activities"]
    )
    listed = loaded.client().list_container_instances(cluster="web")["containerInstanceArns"]
    assert len(listed) == 3
