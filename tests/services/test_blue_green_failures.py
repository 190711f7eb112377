"""What goes wrong in a blue/green deployment, as ECS handles it: a hook that times out takes its
timeout action, green tasks that never start trip the circuit breaker and the rollout returns to
blue, a hook function that raises fails its invocation, and a deployment that arrives mid-rollout
starts over from blue."""

from __future__ import annotations

import pytest

from ecslearn import Simulation
from ecslearn.control.services.deployment_track import deployment_track, marks
from ecslearn.model.builders import container, task_definition
from tests.services.bluegreen_fixtures import CHECK, Shop, lambda_at, pause_at, shop

BLUE_GREEN = {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1}


@pytest.fixture
def store(sim: Simulation) -> Shop:
    return shop(sim)


@pytest.mark.parametrize(
    ("action", "outcome"), [("CONTINUE", "SUCCESSFUL"), ("ROLLBACK", "ROLLBACK_SUCCESSFUL")]
)
def test_a_hook_that_times_out_takes_its_timeout_action(
    store: Shop, action: str, outcome: str
) -> None:
    hook = {
        **pause_at("POST_SCALE_UP"),
        "timeoutConfiguration": {"timeoutInMinutes": 5, "action": action},
    }
    store.create({**BLUE_GREEN, "lifecycleHooks": [hook]})
    arn = store.deploy()
    waiting = store.until(arn, lambda d: bool(d.get("lifecycleHookDetails")))
    [detail] = waiting["lifecycleHookDetails"]
    assert detail["timeoutAction"] == action
    store.sim.advance(240)
    assert store.described(arn)["lifecycleHookDetails"][0]["status"] == "AWAITING_ACTION"
    done = store.finished(arn)
    assert done["status"] == outcome
    assert done["lifecycleHookDetails"][0]["status"] == "TIMED_OUT"


def test_green_tasks_that_never_start_trip_the_circuit_breaker_back_to_blue(
    sim: Simulation, store: Shop
) -> None:
    missing = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:missing"  # never pulls
    sim.register(task_definition("web", container("app", missing, memory=128, ports=[80])))
    breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}
    store.create({**BLUE_GREEN, **breaker})
    blue_tasks = store.tasks_of("web:1")
    arn = store.deploy("web:4")
    done = store.finished(arn)
    assert done["status"] == "ROLLBACK_SUCCESSFUL"
    assert done["deploymentCircuitBreaker"]["status"] == "TRIGGERED"
    assert done["rollback"]["reason"] == "The deployment circuit breaker initiated the rollback."
    assert store.tasks_of("web:1") == blue_tasks
    assert set(store.production_groups(6)) == {"blue"}


def test_a_hook_function_that_raises_fails_its_invocation(store: Shop) -> None:
    def broken(payload: dict) -> str:
        raise RuntimeError("the smoke test could not connect")

    store.sim.lifecycle_hooks.register(CHECK, broken)
    store.create({**BLUE_GREEN, "lifecycleHooks": [lambda_at("TEST_TRAFFIC_SHIFT")]})
    done = store.finished(store.deploy())
    assert done["status"] == "ROLLBACK_SUCCESSFUL"
    assert "RuntimeError: the smoke test could not connect" in done["rollback"]["reason"]


def test_a_deployment_arriving_mid_rollout_starts_over_from_blue(store: Shop) -> None:
    store.create({**BLUE_GREEN, "lifecycleHooks": [pause_at("POST_PRODUCTION_TRAFFIC_SHIFT")]})
    blue_tasks = store.tasks_of("web:1")
    first = store.deploy("web:2")
    store.until(first, lambda d: d.get("lifecycleStage") == "POST_PRODUCTION_TRAFFIC_SHIFT")
    assert set(store.production_groups(4)) == {"green"}
    second = store.deploy("web:3")
    assert store.described(first)["status"] == "STOPPED"
    assert set(store.production_groups(4)) == {"blue"}  # traffic went back at once
    [hook] = store.until(
        second, lambda d: d.get("lifecycleStage") == "POST_PRODUCTION_TRAFFIC_SHIFT"
    )["lifecycleHookDetails"]
    assert store.tasks_of("web:2") == set() and store.tasks_of("web:1") == blue_tasks
    store.ecs.continue_service_deployment(serviceDeploymentArn=second, hookId=hook["hookId"])
    assert store.finished(second)["status"] == "SUCCESSFUL"
    assert len(store.tasks_of("web:3")) == 2 and store.tasks_of("web:1") == set()


def test_the_track_of_a_rollback_marks_it_and_returns_the_weight_to_blue(store: Shop) -> None:
    store.sim.lifecycle_hooks.register(CHECK, "FAILED")
    store.create({**BLUE_GREEN, "lifecycleHooks": [lambda_at("POST_PRODUCTION_TRAFFIC_SHIFT")]})
    arn = store.deploy()
    store.finished(arn)
    track = deployment_track(store.sim.region_state(), arn)
    said = [mark for _, mark in marks(track)]
    assert said[-3:] == [
        "hook POST_PRODUCTION_TRAFFIC_SHIFT FAILED",
        "ROLLBACK",
        "ROLLBACK_SUCCESSFUL",
    ]
    assert track[-1].production_weight_to_green == 0.0 and track[-1].green_running == 0
    assert max(s.production_weight_to_green for s in track) == 100.0
    assert deployment_track(store.sim.region_state(), "arn:aws:ecs:nowhere") == []


def test_pre_production_traffic_shift_hooks_run_before_production_moves(store: Shop) -> None:
    store.create({**BLUE_GREEN, "lifecycleHooks": [pause_at("PRE_PRODUCTION_TRAFFIC_SHIFT")]})
    arn = store.deploy()
    waiting = store.until(
        arn,
        lambda d: any(h["status"] == "AWAITING_ACTION" for h in d.get("lifecycleHookDetails", [])),
    )
    assert waiting["lifecycleStage"] == "POST_TEST_TRAFFIC_SHIFT"  # no stage of its own
    assert set(store.test_groups(4)) == {"green"} and set(store.production_groups(4)) == {"blue"}
    [hook] = waiting["lifecycleHookDetails"]
    store.ecs.continue_service_deployment(serviceDeploymentArn=arn, hookId=hook["hookId"])
    assert store.finished(arn)["status"] == "SUCCESSFUL"


def test_an_update_before_the_first_deployment_completed_shifts_from_its_tasks(
    store: Shop,
) -> None:
    store.ecs.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=2,
        loadBalancers=store.balancers(),
        deploymentConfiguration=BLUE_GREEN,
    )
    store.sim.advance(10)  # running, not yet healthy in its target group: not COMPLETED
    [first] = store.ecs.list_service_deployments(cluster="shop", service="web")[
        "serviceDeployments"
    ]
    assert first["status"] == "IN_PROGRESS" and len(store.tasks_of("web:1")) == 2
    arn = store.deploy()
    assert store.described(arn)["lifecycleStage"] == "PRE_SCALE_UP"
    assert store.finished(arn)["status"] == "SUCCESSFUL"
    assert store.weights() == {"blue": 0, "green": 100}


def test_deleting_the_service_mid_rollout_stops_its_service_deployment(store: Shop) -> None:
    store.create({**BLUE_GREEN, "lifecycleHooks": [pause_at("POST_SCALE_UP")]})
    arn = store.deploy()
    store.until(arn, lambda d: bool(d.get("lifecycleHookDetails")))
    store.ecs.delete_service(cluster="shop", service="web", force=True)
    store.sim.advance(600)
    stopped = store.described(arn)
    assert stopped["status"] == "STOPPED"
    assert stopped["statusReason"] == "Service deployment stopped: the service was deleted."
