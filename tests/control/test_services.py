"""Services keep tasks running as ECS does: REPLICA and DAEMON scheduling, rolling deployments
within minimumHealthyPercent/maximumPercent, the circuit breaker, and recovery from failures."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.control.services.deployments import (
    CIRCUIT_BREAKER_MIN_THRESHOLD,
    circuit_breaker_threshold,
)
from ecslearn.model.builders import container, task_definition
from tests.conftest import error_message


@pytest.fixture
def cluster(sim: Simulation, ecs: Any) -> list:
    ecs.create_cluster(clusterName="web")
    instances = sim.launch_instances("web", count=3, instance_type="m5.large")
    sim.register(task_definition("app", container("web", "nginx:1", memory=128, ports=[80])))
    sim.register(task_definition("app", container("web", "nginx:2", memory=128, ports=[80])))
    return instances


def service(ecs: Any, name: str = "web") -> dict:
    return ecs.describe_services(cluster="web", services=[name])["services"][0]


def messages(ecs: Any, name: str = "web") -> list[str]:
    return [e["message"] for e in reversed(service(ecs, name)["events"])]


def revisions(sim: Simulation, name: str = "web") -> Counter:
    """How many live tasks of each revision the service has."""
    state = sim.region_state()
    return Counter(
        t.task_definition_arn.rsplit(":", 1)[1]
        for t in state.tasks.values()
        if t.service_name == name and t.desired_status == "RUNNING"
    )


def create(ecs: Any, desired: int = 3, revision: int = 1, **config: Any) -> dict:
    return ecs.create_service(
        cluster="web",
        serviceName="web",
        taskDefinition=f"app:{revision}",
        desiredCount=desired,
        **config,
    )["service"]


def test_a_replica_service_runs_its_desired_count_and_says_so(sim, ecs, cluster) -> None:
    created = create(ecs, 3)
    assert created["runningCount"] == 0 and created["deployments"][0]["status"] == "PRIMARY"
    assert created["deployments"][0]["id"].startswith("ecs-svc/")
    assert sim.run_until_stable()
    described = service(ecs)
    assert described["runningCount"] == described["desiredCount"] == 3
    assert described["deployments"][0]["rolloutState"] == "COMPLETED"
    assert messages(ecs)[-2:] == [
        f"(service web) (deployment {described['deployments'][0]['id']}) deployment completed.",
        "(service web) has reached a steady state.",
    ]
    assert messages(ecs)[0].startswith("(service web) has started 3 tasks: (task ")


def test_replica_tasks_spread_across_zones_by_default(sim, ecs, cluster) -> None:
    create(ecs, 6)
    sim.run_until_stable()
    zones = Counter(t.availability_zone for t in sim.region_state().tasks.values())
    assert sorted(zones.values()) == [2, 2, 2]


def test_service_tasks_are_grouped_and_started_by_the_deployment(sim, ecs, cluster) -> None:
    created = create(ecs, 1)
    sim.run_until_stable()
    [task] = sim.region_state().tasks.values()
    assert task.group == "service:web"
    assert task.started_by == created["deployments"][0]["id"]


@pytest.mark.parametrize(
    ("desired", "minimum", "maximum", "first_tick"),
    [
        (4, 100, 200, {"1": 4, "2": 4}),  # starts 4 new, then stops 4 old
        (4, 50, 100, {"1": 2, "2": 2}),  # stops 2, starts 2, repeats
    ],
    ids=["100/200 starts all four first", "50/100 replaces two at a time"],
)
def test_rolling_update_follows_the_worked_examples(
    sim, ecs, cluster, desired, minimum, maximum, first_tick
) -> None:
    create(
        ecs,
        desired,
        deploymentConfiguration={"minimumHealthyPercent": minimum, "maximumPercent": maximum},
    )
    sim.run_until_stable()
    ecs.update_service(cluster="web", service="web", taskDefinition="app:2")
    sim.advance(0.001)  # the tick the update asked for
    assert revisions(sim) == Counter(first_tick)
    history = []
    while not sim.run_until_stable(timeout=5):
        history.append(revisions(sim))
    for snapshot in history:
        assert sum(snapshot.values()) <= desired * maximum // 100
    assert revisions(sim) == Counter({"2": desired})
    assert len(service(ecs)["deployments"]) == 1


@pytest.mark.parametrize(
    ("desired", "minimum", "maximum"),
    [(2, 75, 100), (3, 100, 125)],
    ids=["D=2 at min 75% can stop nothing", "D=3 at max 125% can start nothing"],
)
def test_a_deployment_that_cannot_progress_says_why(
    sim, ecs, cluster, desired, minimum, maximum
) -> None:
    create(
        ecs,
        desired,
        deploymentConfiguration={"minimumHealthyPercent": minimum, "maximumPercent": maximum},
    )
    sim.run_until_stable()
    ecs.update_service(cluster="web", service="web", taskDefinition="app:2")
    assert not sim.run_until_stable(timeout=300)
    assert revisions(sim) == Counter({"1": desired})
    assert any("was unable to stop or start tasks during a deployment" in m for m in messages(ecs))


def test_changing_only_the_desired_count_scales_the_primary(sim, ecs, cluster) -> None:
    create(ecs, 2)
    sim.run_until_stable()
    ecs.update_service(cluster="web", service="web", desiredCount=5)
    sim.run_until_stable()
    described = service(ecs)
    assert described["runningCount"] == 5 and len(described["deployments"]) == 1
    ecs.update_service(cluster="web", service="web", desiredCount=1)
    sim.run_until_stable()
    assert service(ecs)["runningCount"] == 1


def test_force_new_deployment_replaces_every_task(sim, ecs, cluster) -> None:
    create(ecs, 2)
    sim.run_until_stable()
    before = set(sim.region_state().tasks)
    ecs.update_service(cluster="web", service="web", forceNewDeployment=True)
    sim.run_until_stable()
    running = {t.task_arn for t in sim.region_state().tasks.values() if t.last_status == "RUNNING"}
    assert running and not running & before


def test_a_killed_essential_container_is_replaced(sim, ecs, cluster) -> None:
    create(ecs, 2)
    sim.run_until_stable()
    victim = next(iter(sim.region_state().tasks.values()))
    sim.kill_container(victim, "web")
    sim.run_until_stable()
    assert service(ecs)["runningCount"] == 2
    assert victim.last_status == "STOPPED"


def test_an_unhealthy_task_is_replaced(sim, ecs, cluster) -> None:
    sim.register(
        task_definition(
            "sick",
            container(
                "web",
                "nginx",
                memory=64,
                health="curl -f localhost/",
                labels={"ecslearn.unhealthy-after": "120"},
            ),
        )
    )
    ecs.create_service(cluster="web", serviceName="sick", taskDefinition="sick", desiredCount=1)
    sim.advance(300)
    texts = messages(ecs, "sick")
    assert any("failed container health checks" in m for m in texts)
    assert any("replaced 1 tasks due to an unhealthy status" in m for m in texts)


def test_tasks_of_a_terminated_instance_are_replaced_elsewhere(sim, ecs, cluster) -> None:
    create(ecs, 3)
    sim.run_until_stable()
    sim.terminate_instance(cluster[0])
    sim.run_until_stable()
    tasks = [t for t in sim.region_state().tasks.values() if t.last_status == "RUNNING"]
    assert len(tasks) == 3
    assert all(t.container_instance_arn != cluster[0].container_instance_arn for t in tasks)


def test_draining_an_instance_moves_its_service_tasks(sim, ecs, cluster) -> None:
    create(ecs, 3)
    sim.run_until_stable()
    ecs.update_container_instances_state(
        cluster="web", containerInstances=[cluster[0].id], status="DRAINING"
    )
    sim.run_until_stable()
    running = [t for t in sim.region_state().tasks.values() if t.last_status == "RUNNING"]
    assert len(running) == 3
    assert all(t.container_instance_arn != cluster[0].container_instance_arn for t in running)


def test_a_daemon_service_runs_one_task_per_instance_and_follows_new_ones(
    sim, ecs, cluster
) -> None:
    ecs.create_service(
        cluster="web", serviceName="agent", taskDefinition="app", schedulingStrategy="DAEMON"
    )
    sim.run_until_stable()
    assert service(ecs, "agent")["desiredCount"] == 3
    hosts = Counter(t.container_instance_arn for t in sim.region_state().tasks.values())
    assert sorted(hosts.values()) == [1, 1, 1]
    [new] = sim.launch_instances("web", count=1)
    sim.run_until_stable()
    assert service(ecs, "agent")["runningCount"] == 4
    assert any(
        t.container_instance_arn == new.container_instance_arn
        for t in sim.region_state().tasks.values()
        if t.last_status == "RUNNING"
    )


def test_a_daemon_leaves_a_draining_instance(sim, ecs, cluster) -> None:
    ecs.create_service(
        cluster="web", serviceName="agent", taskDefinition="app", schedulingStrategy="DAEMON"
    )
    sim.run_until_stable()
    ecs.update_container_instances_state(
        cluster="web", containerInstances=[cluster[0].id], status="DRAINING"
    )
    sim.run_until_stable()
    assert service(ecs, "agent")["runningCount"] == 2
    assert service(ecs, "agent")["deploymentConfiguration"]["minimumHealthyPercent"] == 0


def test_daemon_services_refuse_a_desired_count_and_strategies(sim, ecs, cluster) -> None:
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.create_service(
            cluster="web",
            serviceName="d",
            taskDefinition="app",
            schedulingStrategy="DAEMON",
            desiredCount=2,
        )
    assert error_message(err) == (
        "The daemon scheduling strategy does not support a desired count for services. Remove "
        "the desired count value and try again"
    )
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.create_service(
            cluster="web",
            serviceName="d",
            taskDefinition="app",
            schedulingStrategy="DAEMON",
            placementStrategy=[{"type": "binpack", "field": "memory"}],
        )
    assert "does not support placement strategies" in error_message(err)


def test_the_circuit_breaker_fails_the_deployment_and_rolls_back(sim, ecs, cluster) -> None:
    bad = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:missing"
    sim.register(task_definition("app", container("web", bad, memory=128)))
    create(
        ecs,
        2,
        deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True}},
    )
    sim.run_until_stable()
    ecs.update_service(cluster="web", service="web", taskDefinition="app:3")
    sim.run_until_stable(timeout=1800)
    texts = messages(ecs)
    failed = [m for m in texts if "deployment failed: tasks failed to start" in m]
    assert failed and any("rolling back to deployment" in m for m in texts)
    described = service(ecs)
    assert described["taskDefinition"].endswith("app:1")
    assert revisions(sim) == Counter({"1": 2})


def test_an_update_before_the_first_rollout_completed_keeps_the_running_tasks(
    sim, ecs, cluster
) -> None:
    bad = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:missing"
    sim.register(task_definition("app", container("web", bad, memory=128)))
    create(
        ecs,
        2,
        deploymentConfiguration={"deploymentCircuitBreaker": {"enable": True, "rollback": True}},
    )
    sim.advance(15)  # running, but the first deployment is still IN_PROGRESS
    running = {t for t, n in revisions(sim).items() for _ in range(n)}
    assert revisions(sim) == Counter({"1": 2}) and running == {"1"}
    ecs.update_service(cluster="web", service="web", taskDefinition="app:3")
    sim.advance(600)  # the new revision never starts; the breaker trips
    assert any("deployment failed" in m for m in messages(ecs))
    assert revisions(sim)["1"] == 2  # minimumHealthyPercent 100 kept the old tasks serving
    assert service(ecs)["runningCount"] == 2


def test_the_circuit_breaker_threshold_is_half_the_desired_count_within_bounds() -> None:
    assert circuit_breaker_threshold(1) == CIRCUIT_BREAKER_MIN_THRESHOLD
    assert circuit_breaker_threshold(25) == 13
    assert circuit_breaker_threshold(1000) == 200


def test_tasks_that_keep_failing_to_start_are_throttled(sim, ecs, cluster) -> None:
    bad = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:missing"
    sim.register(task_definition("broken", container("web", bad, memory=64)))
    ecs.create_service(cluster="web", serviceName="broken", taskDefinition="broken", desiredCount=1)
    sim.advance(600)
    assert "(service broken) is unable to consistently start tasks successfully." in messages(
        ecs, "broken"
    )
    launches = [e.time for e in sim.events.filter(service="broken") if "has started" in e.message]
    gaps = [b - a for a, b in itertools.pairwise(launches)]
    assert gaps[-1] > gaps[0]


def test_a_placement_failure_names_the_closest_instance(sim, ecs, cluster) -> None:
    sim.register(task_definition("huge", container("web", "nginx", memory=60_000)))
    ecs.create_service(cluster="web", serviceName="huge", taskDefinition="huge", desiredCount=1)
    sim.advance(10)
    [message] = [m for m in messages(ecs, "huge") if "unable to place" in m]
    assert "has insufficient memory available." in message
    assert "(container-instance " in message


def test_delete_service_needs_zero_tasks_or_force(sim, ecs, cluster) -> None:
    create(ecs, 2)
    sim.run_until_stable()
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.delete_service(cluster="web", service="web")
    assert "scaled above 0" in error_message(err)
    deleted = ecs.delete_service(cluster="web", service="web", force=True)["service"]
    assert deleted["status"] == "DRAINING"
    assert ecs.list_services(cluster="web")["serviceArns"] == []
    sim.run_until_stable()
    assert service(ecs)["status"] == "INACTIVE"
    assert ecs.list_tasks(cluster="web")["taskArns"] == []


def test_service_names_are_unique_while_active(sim, ecs, cluster) -> None:
    create(ecs, 1)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        create(ecs, 1)
    assert "not idempotent" in error_message(err)


def test_a_missing_service_is_service_not_found(ecs, cluster) -> None:
    with pytest.raises(ecs.exceptions.ServiceNotFoundException):
        ecs.update_service(cluster="web", service="ghost", desiredCount=1)
    response = ecs.describe_services(cluster="web", services=["ghost"])
    assert response["failures"][0]["reason"] == "MISSING"


def test_services_stable_waiter_works_against_the_simulation(sim, ecs, cluster) -> None:
    create(ecs, 2)
    sim.run_until_stable()
    ecs.get_waiter("services_stable").wait(
        cluster="web", services=["web"], WaiterConfig={"Delay": 0, "MaxAttempts": 2}
    )


def test_events_are_kept_newest_first_and_at_most_a_hundred(sim, ecs, cluster) -> None:
    create(ecs, 1)
    for count in range(60):
        ecs.update_service(cluster="web", service="web", desiredCount=1 + count % 2)
        sim.advance(60)
    events = service(ecs)["events"]
    assert len(events) == 100
    times = [e["createdAt"] for e in events]
    assert times == sorted(times, reverse=True)


def test_two_daemons_both_leave_a_draining_instance(sim, ecs, cluster) -> None:
    # Regression: each daemon waited for the other daemon's task to leave first, forever.
    for name in ("agent", "logs"):
        ecs.create_service(
            cluster="web", serviceName=name, taskDefinition="app:1", schedulingStrategy="DAEMON"
        )
    sim.run_until_stable()
    ecs.update_container_instances_state(
        cluster="web", containerInstances=[cluster[0].id], status="DRAINING"
    )
    assert sim.run_until_stable()
    drained = cluster[0].container_instance_arn
    assert not [t for t in sim.region_state().tasks_on(drained) if not t.is_stopped]
    assert service(ecs, "agent")["runningCount"] == service(ecs, "logs")["runningCount"] == 2


def test_scaling_in_stops_tasks_that_are_not_healthy_yet_first(sim, ecs) -> None:
    # Regression: scale-in ranked only by zone balance, so going from 4 to 2 tasks stopped a
    # healthy task in the busiest zone and kept one that had run for 10 s: one healthy task
    # left, under minimumHealthyPercent 100.
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=2, instance_type="m5.large", zones=["us-east-1a"])
    sim.register(task_definition("app", container("web", "nginx:1", memory=128, ports=[80])))
    create(ecs, 2)
    sim.advance(60)
    healthy = set(sim.region_state().tasks)
    sim.launch_instances("web", count=1, instance_type="m5.large", zones=["us-east-1b"])
    sim.launch_instances("web", count=1, instance_type="m5.large", zones=["us-east-1c"])
    ecs.update_service(cluster="web", service="web", desiredCount=4)
    sim.advance(10)  # the two new tasks (zones b and c) run, but not for 40 s yet
    ecs.update_service(cluster="web", service="web", desiredCount=2)
    sim.advance(0.001)
    kept = [t for t in sim.region_state().tasks.values() if t.desired_status == "RUNNING"]
    assert {t.task_arn for t in kept} == healthy
