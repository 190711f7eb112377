"""Fargate tasks in the engine: `start_fargate_tasks` (the one door, for launch types and
capacity providers alike), FARGATE services spread over their subnets' zones and replacing a
stopped task, and a simulation saved and loaded while Fargate tasks are on their way."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.control.fargate import start_fargate_tasks
from ecslearn.control.services.common import task_spec
from ecslearn.control.task_factory import TaskSpec


@pytest.fixture
def fargate(sim: Simulation) -> dict[str, Any]:
    """A cluster, a Fargate task definition and the default VPC's three subnets."""
    ecs = sim.client("ecs")
    ecs.create_cluster(clusterName="default")
    ecs.register_task_definition(
        family="web",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "app", "image": "nginx", "essential": True}],
    )
    subnets = sim.client("ec2").describe_subnets()["Subnets"]
    subnets.sort(key=lambda s: s["AvailabilityZone"])
    config = {"awsvpcConfiguration": {"subnets": [s["SubnetId"] for s in subnets]}}
    return {"ecs": ecs, "subnets": subnets, "network": config}


def spec(sim: Simulation, network: dict[str, Any]) -> TaskSpec:
    state = sim.world.region_state(sim.world.region)
    definition = state.task_definitions["web"][1]
    return TaskSpec(definition=definition, group="family:web", network_configuration=network)


def test_start_fargate_tasks_runs_tasks_for_a_capacity_provider(sim, fargate) -> None:
    state = sim.world.region_state(sim.world.region)
    tasks = start_fargate_tasks(
        sim.world, state, spec(sim, fargate["network"]), 3, capacity_provider="FARGATE_SPOT"
    )
    assert [t.capacity_provider_name for t in tasks] == ["FARGATE_SPOT"] * 3
    assert {t.availability_zone for t in tasks} == {
        s["AvailabilityZone"] for s in fargate["subnets"]
    }
    sim.advance(60)
    described = fargate["ecs"].describe_tasks(tasks=[t.task_arn for t in tasks])["tasks"]
    assert {t["lastStatus"] for t in described} == {"RUNNING"}
    assert {t["capacityProviderName"] for t in described} == {"FARGATE_SPOT"}
    assert {t["launchType"] for t in described} == {"FARGATE"}


def test_a_fargate_service_spreads_over_its_zones_and_replaces_a_stopped_task(sim, fargate) -> None:
    ecs = fargate["ecs"]
    service = ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=6,
        launchType="FARGATE",
        networkConfiguration=fargate["network"],
    )["service"]
    assert service["launchType"] == "FARGATE"
    assert service["platformVersion"] == "LATEST" and service["platformFamily"] == "Linux"
    assert service["deployments"][0]["platformVersion"] == "1.4.0"
    assert sim.run_until_stable(600)
    arns = ecs.list_tasks(serviceName="web")["taskArns"]
    tasks = ecs.describe_tasks(tasks=arns)["tasks"]
    assert Counter(t["availabilityZone"] for t in tasks) == {
        s["AvailabilityZone"]: 2 for s in fargate["subnets"]
    }
    assert ecs.describe_services(services=["web"])["services"][0]["runningCount"] == 6
    assert ecs.describe_clusters(clusters=["default"])["clusters"][0]["runningTasksCount"] == 6
    victim = tasks[0]
    ecs.stop_task(task=victim["taskArn"])
    assert sim.run_until_stable(600)
    after = ecs.describe_tasks(tasks=ecs.list_tasks(serviceName="web")["taskArns"])["tasks"]
    assert len(after) == 6 and victim["taskArn"] not in {t["taskArn"] for t in after}
    assert Counter(t["availabilityZone"] for t in after) == {
        s["AvailabilityZone"]: 2 for s in fargate["subnets"]
    }


def test_a_fargate_service_refuses_placement_and_a_daemon(sim, fargate) -> None:
    ecs = fargate["ecs"]
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.create_service(
            serviceName="web",
            taskDefinition="web",
            desiredCount=1,
            launchType="FARGATE",
            networkConfiguration=fargate["network"],
            placementStrategy=[{"type": "spread", "field": "instanceId"}],
        )
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.create_service(
            serviceName="web",
            taskDefinition="web",
            schedulingStrategy="DAEMON",
            launchType="FARGATE",
            networkConfiguration=fargate["network"],
        )


def test_updating_the_platform_version_starts_a_deployment(sim, fargate) -> None:
    ecs = fargate["ecs"]
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=2,
        launchType="FARGATE",
        platformVersion="1.3.0",
        networkConfiguration=fargate["network"],
    )
    assert sim.run_until_stable(600)
    ecs.update_service(service="web", platformVersion="1.4.0")
    assert sim.run_until_stable(900)
    arns = ecs.list_tasks(serviceName="web")["taskArns"]
    assert {t["platformVersion"] for t in ecs.describe_tasks(tasks=arns)["tasks"]} == {"1.4.0"}
    assert ecs.list_services(launchType="FARGATE")["serviceArns"]
    assert ecs.list_services(launchType="EC2")["serviceArns"] == []


def test_save_and_load_with_fargate_tasks_in_flight(sim, fargate, tmp_path) -> None:
    ecs = fargate["ecs"]
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=3,
        launchType="FARGATE",
        networkConfiguration=fargate["network"],
    )
    sim.advance(20)  # provisioned, pulling
    path = sim.save(tmp_path / "fargate.json")
    loaded = Simulation.load(path)
    for world in (sim, loaded):
        assert world.run_until_stable(600)
    arns = ecs.list_tasks(serviceName="web")["taskArns"]
    again = loaded.client("ecs").list_tasks(serviceName="web")["taskArns"]
    assert arns == again
    ours = ecs.describe_tasks(tasks=arns)["tasks"]
    theirs = loaded.client("ecs").describe_tasks(tasks=again)["tasks"]
    assert [t["attachments"] for t in ours] == [t["attachments"] for t in theirs]
    assert [t["startedAt"] for t in ours] == [t["startedAt"] for t in theirs]
    state = loaded.world.region_state(loaded.world.region)
    assert len(state.ec2.task_interfaces) == 3


def test_the_service_spec_names_its_cluster_and_platform(sim, fargate) -> None:
    ecs = fargate["ecs"]
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=1,
        launchType="FARGATE",
        networkConfiguration=fargate["network"],
    )
    state = sim.world.region_state(sim.world.region)
    service = next(iter(state.services.values()))
    made = task_spec(state, service, service.primary)
    assert (made.cluster_name, made.platform_version) == ("default", "1.4.0")


def spot_service(sim: Simulation, fargate: dict[str, Any], count: int) -> list:
    """A service of `count` tasks, all started on FARGATE_SPOT through start_fargate_tasks
    (the door a capacity provider strategy will use)."""
    ecs = fargate["ecs"]
    ecs.create_service(
        serviceName="web",
        taskDefinition="web",
        desiredCount=0,
        launchType="FARGATE",
        networkConfiguration=fargate["network"],
    )
    state = sim.world.region_state(sim.world.region)
    service = next(iter(state.services.values()))
    service.desired_count = service.primary.desired_count = count
    tasks = start_fargate_tasks(
        sim.world,
        state,
        task_spec(state, service, service.primary),
        count,
        capacity_provider="FARGATE_SPOT",
    )
    assert sim.run_until_stable(600)
    return tasks


def test_a_spot_interruption_warns_stops_the_task_and_the_service_replaces_it(sim, fargate) -> None:
    ecs = fargate["ecs"]
    [task] = spot_service(sim, fargate, 1)
    [warned] = sim.interrupt_spot(task.task_arn)
    assert warned is task
    warning = [e for e in sim.events if "Spot interruption warning" in e.message]
    assert warning and warning[0].details["stop_code"] == "SpotInterruption"
    described = ecs.describe_tasks(tasks=[task.task_arn])["tasks"][0]
    assert described["desiredStatus"] == "STOPPED"
    assert described["stopCode"] == "SpotInterruption"
    assert described["stoppedReason"] == "Your Spot Task was interrupted."
    sim.advance(150)  # the warning's two minutes, and more
    assert ecs.describe_tasks(tasks=[task.task_arn])["tasks"][0]["lastStatus"] == "STOPPED"
    assert sim.run_until_stable(600)
    [replacement] = ecs.list_tasks(serviceName="web")["taskArns"]
    assert replacement != task.task_arn


def test_a_task_that_ignores_sigterm_is_reclaimed_after_two_minutes(sim, fargate) -> None:
    ecs = fargate["ecs"]
    ecs.register_task_definition(
        family="web",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[
            {
                "name": "app",
                "image": "nginx",
                "stopTimeout": 120,
                "dockerLabels": {"ecslearn.stop-delay": "500"},
            }
        ],
    )
    [task] = spot_service(sim, fargate, 1)
    state = sim.world.region_state(sim.world.region)
    task = state.tasks[task.task_arn]
    sim.interrupt_spot("web")
    sim.advance(119)
    assert not task.is_stopped
    sim.advance(2)
    assert task.is_stopped and task.stop_code == "SpotInterruption"


def test_only_fargate_spot_tasks_are_interrupted(sim, fargate) -> None:
    ecs = fargate["ecs"]
    [task] = ecs.run_task(
        taskDefinition="web", launchType="FARGATE", networkConfiguration=fargate["network"]
    )["tasks"]
    with pytest.raises(Exception, match="not a running FARGATE_SPOT task"):
        sim.interrupt_spot(task["taskArn"])
    assert sim.interrupt_spot() == []


def test_a_seeded_interruption_rate_interrupts_spot_tasks_over_time(sim, fargate) -> None:
    tasks = spot_service(sim, fargate, 4)
    sim.spot_interruption_rate(6)  # about one interruption per task every ten minutes
    sim.advance(3600)
    interrupted = [e for e in sim.events if "Spot interruption warning" in e.message]
    assert len(interrupted) >= 4
    assert all(t.stop_code == "SpotInterruption" for t in tasks)
    sim.spot_interruption_rate(0)
    assert sim.run_until_stable(600)
    ecs = fargate["ecs"]
    assert len(ecs.list_tasks(serviceName="web")["taskArns"]) == 4
