"""Task scale-in protection as ECS documents it: a protected task of a service survives
scale-in and deployments until its protection is removed or lapses (120 minutes unless told),
standalone tasks cannot be protected, and a saved world keeps the protection's clock."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition


@pytest.fixture
def web(sim: Simulation, ecs: Any) -> list[str]:
    """A service of three running tasks on two instances; their ARNs."""
    ecs.create_cluster(clusterName="shop")
    sim.launch_instances("shop", count=2, instance_type="m5.large")
    sim.register(task_definition("web", container("app", "nginx", memory=128)))
    ecs.create_service(cluster="shop", serviceName="web", taskDefinition="web", desiredCount=3)
    sim.run_until_stable()
    return sorted(ecs.list_tasks(cluster="shop", serviceName="web")["taskArns"])


def protect(ecs: Any, tasks: list[str], **options: Any) -> dict:
    return ecs.update_task_protection(
        cluster="shop", tasks=tasks, protectionEnabled=options.pop("enabled", True), **options
    )


def running(ecs: Any) -> set[str]:
    return set(ecs.list_tasks(cluster="shop", serviceName="web")["taskArns"])


def test_a_protected_task_survives_scale_in_until_its_protection_lapses(
    sim: Simulation, ecs: Any, web: list[str]
) -> None:
    protect(ecs, web[:2], expiresInMinutes=5)
    ecs.update_service(cluster="shop", service="web", desiredCount=1)
    sim.advance(60)
    assert running(ecs) == set(web[:2])  # the unprotected one went; the protected stay
    [service] = ecs.describe_services(cluster="shop", services=["web"])["services"]
    messages = [event["message"] for event in service["events"]]
    gone = web[2].rsplit("/", 1)[1]
    assert messages[:2] == [
        f"(service web) has stopped 1 running tasks: (task {gone}).",
        "(service web) was unable to scale in due to (reason: 1 tasks under protection).",
    ]
    sim.advance(5 * 60)
    assert len(running(ecs)) == 1


def test_removing_protection_lets_a_waiting_scale_in_finish_at_once(
    sim: Simulation, ecs: Any, web: list[str]
) -> None:
    protect(ecs, web)
    ecs.update_service(cluster="shop", service="web", desiredCount=1)
    sim.advance(60)
    assert running(ecs) == set(web)
    protect(ecs, web, enabled=False)
    sim.advance(30)
    assert len(running(ecs)) == 1


def test_protection_lasts_two_hours_by_default_and_setting_it_again_restarts_it(
    sim: Simulation, ecs: Any, web: list[str]
) -> None:
    [first] = protect(ecs, web[:1])["protectedTasks"]
    assert first["protectionEnabled"] is True
    assert first["expirationDate"].timestamp() == pytest.approx(sim.world.clock.timestamp + 7200)
    sim.advance(3600)
    protect(ecs, web[:1], expiresInMinutes=90)
    sim.advance(3600)  # 2 h after the first call: still protected by the second
    [read] = ecs.get_task_protection(cluster="shop", tasks=web[:1])["protectedTasks"]
    assert read["protectionEnabled"] is True
    sim.advance(31 * 60)
    [read] = ecs.get_task_protection(cluster="shop", tasks=web[:1])["protectedTasks"]
    assert read == {"taskArn": web[0], "protectionEnabled": False}


def test_a_deployment_leaves_a_protected_old_task_running_until_it_lapses(
    sim: Simulation, ecs: Any, web: list[str]
) -> None:
    protect(ecs, web[:1], expiresInMinutes=10)
    ecs.update_service(cluster="shop", service="web", forceNewDeployment=True)
    sim.advance(120)
    assert web[0] in running(ecs)
    [service] = ecs.describe_services(cluster="shop", services=["web"])["services"]
    assert len(service["deployments"]) == 2  # the old one still holds the protected task
    sim.advance(10 * 60)
    sim.run_until_stable()
    [service] = ecs.describe_services(cluster="shop", services=["web"])["services"]
    assert web[0] not in running(ecs)
    assert [d["rolloutState"] for d in service["deployments"]] == ["COMPLETED"]


def test_standalone_and_unknown_tasks_answer_failures_and_the_others_are_protected(
    sim: Simulation, ecs: Any, web: list[str]
) -> None:
    [standalone] = ecs.run_task(cluster="shop", taskDefinition="web")["tasks"]
    answer = protect(ecs, [web[0], standalone["taskArn"], "0" * 32])
    assert [t["taskArn"] for t in answer["protectedTasks"]] == [web[0]]
    reasons = [(f["arn"], f["reason"]) for f in answer["failures"]]
    assert reasons == [(standalone["taskArn"], "TASK_NOT_VALID"), ("0" * 32, "MISSING")]


@pytest.mark.parametrize("minutes", [0, 2881])
def test_protection_outside_one_minute_to_48_hours_is_refused(
    ecs: Any, web: list[str], minutes: int
) -> None:
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        protect(ecs, web[:1], expiresInMinutes=minutes)
    [read] = ecs.get_task_protection(cluster="shop", tasks=web[:1])["protectedTasks"]
    assert read["protectionEnabled"] is False


def test_a_saved_world_keeps_protection_and_its_lapse(
    sim: Simulation, ecs: Any, web: list[str], tmp_path: Any
) -> None:
    protect(ecs, web[:2], expiresInMinutes=5)
    ecs.update_service(cluster="shop", service="web", desiredCount=1)
    sim.advance(60)
    loaded = Simulation.load(sim.save(tmp_path / "world.json"))
    again = loaded.client()
    assert len(again.list_tasks(cluster="shop", serviceName="web")["taskArns"]) == 2
    loaded.advance(5 * 60)
    assert len(again.list_tasks(cluster="shop", serviceName="web")["taskArns"]) == 1
