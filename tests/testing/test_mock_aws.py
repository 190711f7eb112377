"""`mock_aws` against a deploy script that knows nothing of ecslearn: the script's plain
``boto3.client("ecs")`` is answered by the simulation, and its waiter waits in simulated time,
so the test sees what ECS would do (placement that finds no room, a circuit breaker that trips)
in milliseconds."""

from __future__ import annotations

import boto3
import pytest

from ecslearn import Simulation, mock_aws
from tests.testing.deploy_script import DeployFailed, deploy

GOOD = "nginx:1.27"
#: An image tag nobody pushed: every task fails to pull, as it would on AWS.
MISSING = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:does-not-exist"


def cluster(sim: Simulation, instances: int = 2) -> None:
    boto3.client("ecs").create_cluster(clusterName="prod")
    sim.launch_instances("prod", count=instances, instance_type="t3.medium")


def running(sim: Simulation, family: str) -> list[str]:
    state = sim.region_state()
    return [
        t.task_definition_arn.rsplit("/", 1)[-1]
        for t in state.tasks.values()
        if t.last_status == "RUNNING" and family in (t.task_definition_arn or "")
    ]


def test_a_first_deploy_waits_in_simulated_time_until_the_service_is_stable() -> None:
    with mock_aws() as sim:
        cluster(sim)
        outcome = deploy("prod", "web", GOOD)
        assert outcome.result == "deployed"
        assert sorted(running(sim, "web")) == ["web:1", "web:1"]
        # the waiter polled every 15 simulated seconds until ECS said stable
        assert sim.now >= 15
        assert sim.now % 15 == 0


def test_an_update_replaces_the_tasks_within_the_rolling_limits() -> None:
    with mock_aws() as sim:
        cluster(sim)
        deploy("prod", "web", GOOD)
        sim.advance(60)  # the first rollout settles (rolloutState COMPLETED) before the next
        outcome = deploy("prod", "web", "nginx:1.28")
        assert outcome.result == "deployed"
        assert sorted(running(sim, "web")) == ["web:2", "web:2"]
        [service] = sim.region_state().services.values()
        started = [e.message for e in service.events or [] if "has started" in (e.message or "")]
        assert len(started) >= 2  # the new tasks were started alongside the old ones


def test_no_room_for_the_new_tasks_makes_the_script_roll_back() -> None:
    with mock_aws() as sim:
        cluster(sim)
        deploy("prod", "web", GOOD)
        before = sim.now
        # a t3.medium has about 3.8 GiB for tasks: 6 GiB never fits
        outcome = deploy("prod", "web", "nginx:1.28", memory=6144, max_wait=300)
        assert outcome.result == "rolled back"
        assert outcome.running.endswith("web:1")
        assert sorted(running(sim, "web")) == ["web:1", "web:1"]
        assert sim.now - before >= 300  # the script's whole wait, in simulated time
        [service] = sim.region_state().services.values()
        messages = " ".join(e.message or "" for e in service.events or [])
        assert "was unable to place a task" in messages


def test_a_first_deploy_with_no_room_fails_with_nothing_to_roll_back_to() -> None:
    with mock_aws() as sim:
        cluster(sim, instances=1)
        with pytest.raises(DeployFailed):
            deploy("prod", "web", GOOD, memory=6144, max_wait=120)
        assert running(sim, "web") == []


def test_tasks_that_cannot_start_trip_the_circuit_breaker_which_rolls_back() -> None:
    with mock_aws() as sim:
        cluster(sim)
        deploy("prod", "web", GOOD)
        # ECS rolls back to the last COMPLETED deployment: let the first one complete
        sim.advance(60)
        outcome = deploy("prod", "web", MISSING, max_wait=3600)
        assert outcome.result == "rolled back by ECS"
        assert outcome.running.endswith("web:1")
        [service] = sim.region_state().services.values()
        messages = " ".join(e.message or "" for e in service.events or [])
        assert "rolling back to deployment" in messages
        [deployment] = service.deployments or []
        assert deployment.rollout_state == "COMPLETED"


def test_the_seed_decides_the_world_and_each_mock_has_its_own() -> None:
    with mock_aws(seed=1) as first:
        cluster(first)
        deploy("prod", "web", GOOD)
        arns = sorted(first.region_state().tasks)
    with mock_aws(seed=1) as second:
        assert second is not first
        assert second.region_state().tasks == {}
        cluster(second)
        deploy("prod", "web", GOOD)
        assert sorted(second.region_state().tasks) == arns


def test_a_waiter_that_runs_out_of_attempts_says_so_after_simulated_minutes() -> None:
    with mock_aws() as sim:
        cluster(sim, instances=1)
        ecs = boto3.client("ecs")
        ecs.register_task_definition(
            family="big", containerDefinitions=[{"name": "a", "image": GOOD, "memory": 6144}]
        )
        ecs.create_service(cluster="prod", serviceName="big", taskDefinition="big", desiredCount=1)
        with pytest.raises(Exception, match="Max attempts exceeded"):
            ecs.get_waiter("services_stable").wait(cluster="prod", services=["big"])
        # botocore's services_stable: 40 attempts, 15 seconds apart
        assert sim.now == pytest.approx(39 * 15)
