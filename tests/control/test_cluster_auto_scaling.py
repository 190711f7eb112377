"""Cluster auto scaling: tasks of an Auto Scaling group capacity provider wait in PROVISIONING
until managed scaling has launched the instances they need, run only on that group's
instances, and the group scales back in once the instances are empty."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.control.capacity_placement import PROVISIONING_LIMIT
from ecslearn.control.managed_scaling import estimate_extra, reservation
from tests.services.capacity_fixtures import (
    auto_scaled_cluster,
    desired_capacity,
    register_app,
)


def tasks_of(ecs: Any, cluster: str = "web") -> list[dict[str, Any]]:
    arns = ecs.list_tasks(cluster=cluster)["taskArns"]
    found: list[dict[str, Any]] = []
    for start in range(0, len(arns), 100):
        found += ecs.describe_tasks(cluster=cluster, tasks=arns[start : start + 100])["tasks"]
    return found


def capacity_events(sim: Simulation) -> list[str]:
    return [e.message for e in sim.world.events if e.kind == "capacity"]


def test_the_reservation_metric_follows_awss_formula_and_special_cases() -> None:
    assert reservation(0, 0) == 100  # no instances, nothing needed
    assert reservation(3, 0) == 200  # no instances, tasks waiting
    assert reservation(0, 4) == 0  # instances, none needed
    assert reservation(3, 4) == 75
    assert reservation(6, 4) == 150


def test_twenty_tasks_on_an_empty_provider_wait_then_run_after_the_group_scales_out(
    sim: Simulation,
) -> None:
    ecs = sim.client()
    auto_scaled_cluster(sim)  # t3.small: 2048 CPU units, room for 3 tasks of 512 MiB
    register_app(sim)
    ecs.create_service(cluster="web", serviceName="app", taskDefinition="app", desiredCount=20)
    sim.advance(1)
    waiting = tasks_of(ecs)
    assert len(waiting) == 20
    assert {(t["lastStatus"], t["capacityProviderName"]) for t in waiting} == {
        ("PROVISIONING", "web-cp")
    }
    assert all("containerInstanceArn" not in t for t in waiting)
    sim.advance(60)  # managed scaling's first evaluation
    assert desired_capacity(sim) == 7  # ceil(20 / 3) instances, at targetCapacity 100
    assert any("reservation 200%" in m and "from 0 to 7" in m for m in capacity_events(sim))
    assert sim.run_until_stable(timeout=1800).stable
    running = tasks_of(ecs)
    assert len(running) == 20 and {t["lastStatus"] for t in running} == {"RUNNING"}
    instances = ecs.describe_container_instances(
        cluster="web",
        containerInstances=ecs.list_container_instances(cluster="web")["containerInstanceArns"],
    )["containerInstances"]
    assert {i["capacityProviderName"] for i in instances} == {"web-cp"}
    assert {t["containerInstanceArn"] for t in running} <= {
        i["containerInstanceArn"] for i in instances
    }


def test_the_group_scales_back_in_after_the_service_goes_to_zero(sim: Simulation) -> None:
    ecs = sim.client()
    auto_scaled_cluster(sim)
    register_app(sim)
    ecs.create_service(cluster="web", serviceName="app", taskDefinition="app", desiredCount=6)
    assert sim.run_until_stable(timeout=1800).stable
    assert desired_capacity(sim) == 2
    ecs.update_service(cluster="web", service="app", desiredCount=0)
    sim.advance(5 * 60)
    assert desired_capacity(sim) == 2  # the low alarm waits 15 minutes
    assert any("unprotect" in m for m in capacity_events(sim))  # empty: scale-in may take them
    sim.advance(15 * 60)
    assert desired_capacity(sim) == 0
    assert any("scale in group web-asg from 2 to 0" in m for m in capacity_events(sim))
    sim.run_until_stable(timeout=600)
    assert ecs.list_container_instances(cluster="web")["containerInstanceArns"] == []


def test_managed_termination_protection_protects_instances_running_tasks(
    sim: Simulation,
) -> None:
    ecs, asg = sim.client(), sim.client("autoscaling")
    auto_scaled_cluster(sim)
    register_app(sim)
    ecs.create_service(cluster="web", serviceName="app", taskDefinition="app", desiredCount=3)
    assert sim.run_until_stable(timeout=1800).stable
    sim.advance(60)
    instances = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web-asg"])[
        "AutoScalingGroups"
    ][0]["Instances"]
    assert [i["ProtectedFromScaleIn"] for i in instances] == [True]


def test_a_waiting_task_stopped_by_the_user_stops_without_ever_running(sim: Simulation) -> None:
    ecs = sim.client()
    auto_scaled_cluster(sim)
    register_app(sim)
    [task] = ecs.run_task(cluster="web", taskDefinition="app")["tasks"]
    assert task["lastStatus"] == "PROVISIONING" and task["capacityProviderName"] == "web-cp"
    ecs.stop_task(cluster="web", task=task["taskArn"])
    [stopped] = ecs.describe_tasks(cluster="web", tasks=[task["taskArn"]])["tasks"]
    assert stopped["lastStatus"] == "STOPPED" and "startedAt" not in stopped


def test_run_task_beyond_the_provisioning_quota_is_refused_in_ecs_words(sim: Simulation) -> None:
    ecs = sim.client()
    auto_scaled_cluster(sim, max_size=0)
    register_app(sim)
    for _ in range(PROVISIONING_LIMIT // 10):
        ecs.run_task(cluster="web", taskDefinition="app", count=10)
    with pytest.raises(ecs.exceptions.ClientException) as err:
        ecs.run_task(cluster="web", taskDefinition="app")
    assert err.value.response["Error"]["Message"] == "Tasks provisioning capacity limit exceeded."


def test_a_split_strategy_places_each_share_on_its_own_providers_group(sim: Simulation) -> None:
    ecs = sim.client()
    auto_scaled_cluster(sim, default=False)
    auto_scaled_cluster(sim, "web", group="spot-asg", provider="spot-cp", default=False)
    ecs.put_cluster_capacity_providers(
        cluster="web", capacityProviders=["web-cp", "spot-cp"], defaultCapacityProviderStrategy=[]
    )
    register_app(sim)
    ecs.create_service(
        cluster="web",
        serviceName="app",
        taskDefinition="app",
        desiredCount=10,
        capacityProviderStrategy=[
            {"capacityProvider": "web-cp", "base": 2, "weight": 1},
            {"capacityProvider": "spot-cp", "weight": 3},
        ],
    )
    assert sim.run_until_stable(timeout=1800).stable
    tasks = tasks_of(ecs)
    by_provider = {
        p: sum(t["capacityProviderName"] == p for t in tasks) for p in ("web-cp", "spot-cp")
    }
    assert by_provider == {"web-cp": 4, "spot-cp": 6}
    groups = {
        i["containerInstanceArn"]: i["capacityProviderName"]
        for i in ecs.describe_container_instances(
            cluster="web",
            containerInstances=ecs.list_container_instances(cluster="web")["containerInstanceArns"],
        )["containerInstances"]
    }
    assert all(groups[t["containerInstanceArn"]] == t["capacityProviderName"] for t in tasks)


def test_a_save_in_the_middle_of_a_scale_out_loads_and_carries_on_identically(
    sim: Simulation, tmp_path
) -> None:
    ecs = sim.client()
    auto_scaled_cluster(sim)
    register_app(sim)
    ecs.create_service(cluster="web", serviceName="app", taskDefinition="app", desiredCount=20)
    sim.advance(75)  # scaled out, instances launching, tasks still waiting
    assert desired_capacity(sim) == 7
    path = tmp_path / "mid-scale-out.json"
    sim.save(path)
    loaded = Simulation.load(path)
    for world in (sim, loaded):
        assert world.run_until_stable(timeout=1800).stable
    assert [(t["lastStatus"], t["capacityProviderName"]) for t in tasks_of(loaded.client())] == [
        (t["lastStatus"], t["capacityProviderName"]) for t in tasks_of(ecs)
    ]
    assert loaded.world.now == sim.world.now
    assert desired_capacity(loaded) == desired_capacity(sim) == 7


def test_the_extra_instances_are_estimated_from_the_largest_group_of_waiting_tasks() -> None:
    from ecslearn.model.task import Task

    tasks = [Task(reserved_cpu=256, reserved_memory=512) for _ in range(20)]
    assert estimate_extra(tasks, 2048, 1900) == 7
    assert estimate_extra([], 2048, 1900) == 0


def test_a_service_scaling_in_keeps_its_base_and_weight_split(sim: Simulation) -> None:
    ecs = sim.client()
    auto_scaled_cluster(sim, default=False)
    auto_scaled_cluster(sim, "web", group="spot-asg", provider="spot-cp", default=False)
    ecs.put_cluster_capacity_providers(
        cluster="web", capacityProviders=["web-cp", "spot-cp"], defaultCapacityProviderStrategy=[]
    )
    register_app(sim)
    ecs.create_service(
        cluster="web",
        serviceName="app",
        taskDefinition="app",
        desiredCount=14,
        capacityProviderStrategy=[
            {"capacityProvider": "web-cp", "base": 2, "weight": 1},
            {"capacityProvider": "spot-cp", "weight": 3},
        ],
    )
    assert sim.run_until_stable(timeout=1800).stable
    ecs.update_service(cluster="web", service="app", desiredCount=6)
    assert sim.run_until_stable(timeout=1800).stable
    live = [t for t in tasks_of(ecs) if t["desiredStatus"] == "RUNNING"]
    counts = {p: sum(t["capacityProviderName"] == p for t in live) for p in ("web-cp", "spot-cp")}
    assert counts == {"web-cp": 3, "spot-cp": 3}  # 2 base, then 4 split 1:3
