"""ECS's BLUE_GREEN deployments: green starts at full size in the alternate target group while
blue keeps all production traffic, test traffic reaches green first, production shifts at once
by rewriting the production listener rule's weights, both run through the bake time, then blue
stops; lifecycle hooks (Lambda and PAUSE) gate each stage and a failure rolls back to blue,
which was never touched."""

from __future__ import annotations

from collections import Counter

import pytest

from ecslearn import Simulation
from ecslearn.control.services.deployment_track import deployment_track, marks
from tests.services.bluegreen_fixtures import CHECK, Shop, lambda_at, pause_at, shop

BLUE_GREEN = {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5}


@pytest.fixture
def store(sim: Simulation) -> Shop:
    return shop(sim)


def paused(store: Shop, arn: str) -> dict:
    return store.until(
        arn,
        lambda d: any(h["status"] == "AWAITING_ACTION" for h in d.get("lifecycleHookDetails", [])),
    )


def test_a_blue_green_deployment_keeps_all_production_traffic_on_blue_until_the_shift(
    store: Shop,
) -> None:
    store.create({**BLUE_GREEN, "lifecycleHooks": [pause_at("POST_TEST_TRAFFIC_SHIFT")]})
    blue_tasks = store.tasks_of("web:1")
    arn = store.deploy()
    deployment = paused(store, arn)
    assert deployment["lifecycleStage"] == "POST_TEST_TRAFFIC_SHIFT"
    assert len(store.tasks_of("web:2")) == 2  # green runs at full size...
    assert set(store.production_groups(20)) == {"blue"}  # ...and gets no production traffic
    assert store.weights() == {"blue": 100, "green": 0}
    assert set(store.test_groups(6)) == {"green"}  # test traffic reaches green first
    assert store.weights(store.test) == {"blue": 0, "green": 100}
    [hook] = deployment["lifecycleHookDetails"]
    store.ecs.continue_service_deployment(serviceDeploymentArn=arn, hookId=hook["hookId"])
    baking = store.at_stage(arn, "BAKE_TIME")
    assert baking["status"] == "IN_PROGRESS"
    assert store.weights() == {"blue": 0, "green": 100}  # all at once
    assert set(store.production_groups(20)) == {"green"}
    assert store.tasks_of("web:1") == blue_tasks  # both run through the bake time
    done = store.finished(arn)
    assert done["status"] == "SUCCESSFUL" and store.tasks_of("web:1") == set()


def test_green_starts_in_the_alternate_target_group_and_the_roles_swap_after_success(
    store: Shop,
) -> None:
    store.create(BLUE_GREEN)
    second = store.finished(store.deploy("web:2"))
    assert set(store.production_groups(10)) == {"green"}
    [revision] = store.ecs.describe_service_revisions(
        serviceRevisionArns=[second["targetServiceRevision"]["arn"]]
    )["serviceRevisions"]
    [resolved] = revision["resolvedConfiguration"]["loadBalancers"]
    assert resolved == {"targetGroupArn": store.green, "productionListenerRule": store.production}
    arn = store.deploy("web:3")  # the next deployment goes the other way
    store.finished(arn)
    assert store.weights() == {"blue": 100, "green": 0}
    assert set(store.production_groups(10)) == {"blue"}
    assert len(store.tasks_of("web:3")) == 2


def test_a_task_of_either_revision_that_stops_mid_rollout_is_replaced_in_its_own_group(
    store: Shop,
) -> None:
    """Blue serves production until CLEAN_UP and green runs at full size from SCALE_UP on: a
    task of either that stops in the bake time is replaced with one of its own revision, whose
    target joins that revision's target group."""
    store.create(BLUE_GREEN)
    arn = store.deploy()
    store.at_stage(arn, "BAKE_TIME")
    blue_before, green_before = store.tasks_of("web:1"), store.tasks_of("web:2")
    for stopped in (sorted(blue_before)[0], sorted(green_before)[0]):
        store.ecs.stop_task(cluster="shop", task=stopped, reason="a test stops it")
    store.sim.advance(60)
    assert store.described(arn)["lifecycleStage"] == "BAKE_TIME"
    blue_now, green_now = store.tasks_of("web:1"), store.tasks_of("web:2")
    assert len(blue_now) == 2 and blue_now != blue_before
    assert len(green_now) == 2 and green_now != green_before
    groups = {
        group: {
            (d["Target"]["Id"], d["Target"]["Port"])
            for d in store.sim.describe_target_health(group)["TargetHealthDescriptions"]
            if d["TargetHealth"]["State"] != "draining"
        }
        for group in (store.blue, store.green)
    }
    assert len(groups[store.blue]) == 2 and len(groups[store.green]) == 2
    done = store.finished(arn)
    assert done["status"] == "SUCCESSFUL" and store.tasks_of("web:1") == set()
    assert len(store.tasks_of("web:2")) == 2


def test_a_pause_hook_waits_for_continue_service_deployment(store: Shop) -> None:
    store.create({**BLUE_GREEN, "lifecycleHooks": [pause_at("PRE_SCALE_UP")]})
    arn = store.deploy()
    [hook] = paused(store, arn)["lifecycleHookDetails"]
    assert (hook["targetType"], hook["timeoutAction"]) == ("PAUSE", "ROLLBACK")
    assert "targetArn" not in hook
    store.sim.advance(3600)  # an hour later it still waits, no green task started
    assert store.described(arn)["lifecycleStage"] == "PRE_SCALE_UP"
    assert store.tasks_of("web:2") == set()
    store.ecs.continue_service_deployment(
        serviceDeploymentArn=arn, hookId=hook["hookId"], action="CONTINUE"
    )
    assert store.finished(arn)["status"] == "SUCCESSFUL"


def test_continue_service_deployment_with_rollback_returns_to_blue(store: Shop) -> None:
    store.create({**BLUE_GREEN, "lifecycleHooks": [pause_at("POST_PRODUCTION_TRAFFIC_SHIFT")]})
    blue_tasks = store.tasks_of("web:1")
    arn = store.deploy()
    [hook] = paused(store, arn)["lifecycleHookDetails"]
    assert set(store.production_groups(6)) == {"green"}
    store.ecs.continue_service_deployment(
        serviceDeploymentArn=arn, hookId=hook["hookId"], action="ROLLBACK"
    )
    assert set(store.production_groups(6)) == {"blue"}  # at once
    done = store.finished(arn)
    assert done["status"] == "ROLLBACK_SUCCESSFUL"
    assert store.tasks_of("web:1") == blue_tasks and store.tasks_of("web:2") == set()


def test_a_failing_lambda_hook_rolls_back_with_blue_untouched(store: Shop) -> None:
    store.sim.lifecycle_hooks.register(CHECK, "FAILED")
    store.create({**BLUE_GREEN, "lifecycleHooks": [lambda_at("POST_PRODUCTION_TRAFFIC_SHIFT")]})
    blue_tasks = store.tasks_of("web:1")
    arn = store.deploy()
    done = store.finished(arn)
    assert done["status"] == "ROLLBACK_SUCCESSFUL"
    assert "failed at POST_PRODUCTION_TRAFFIC_SHIFT" in done["rollback"]["reason"]
    assert done["rollback"]["serviceRevisionArn"] == done["sourceServiceRevisions"][0]["arn"]
    assert store.tasks_of("web:1") == blue_tasks  # the same tasks: never stopped
    assert store.tasks_of("web:2") == set()
    assert store.weights() == {"blue": 100, "green": 0}
    assert store.weights(store.test) == {"blue": 100, "green": 0}
    assert set(store.production_groups(10)) == {"blue"}
    [service] = store.ecs.describe_services(cluster="shop", services=["web"])["services"]
    assert service["taskDefinition"].endswith("web:1")
    assert any(m.startswith("(service web) rolling back to deployment") for m in store.events())


def test_a_lambda_hook_answering_in_progress_is_invoked_again_with_the_stage_payload(
    store: Shop,
) -> None:
    calls: list[dict] = []
    times: list[float] = []

    def check(payload: dict) -> dict:
        calls.append(payload)
        times.append(store.sim.now)
        if len(calls) < 3:
            return {"hookStatus": "IN_PROGRESS", "callBackDelay": 60}
        return {"hookStatus": "SUCCEEDED"}

    store.sim.lifecycle_hooks.register(CHECK, check)
    store.create({**BLUE_GREEN, "lifecycleHooks": [lambda_at("POST_TEST_TRAFFIC_SHIFT")]})
    arn = store.deploy()
    assert store.finished(arn)["status"] == "SUCCESSFUL"
    assert len(calls) == 3
    assert 60 <= times[1] - times[0] <= 65  # its callBackDelay, to the next scheduler tick
    first = calls[0]
    assert first["lifecycleStage"] == "POST_TEST_TRAFFIC_SHIFT"
    assert first["resourceArn"] == arn
    details = first["executionDetails"]
    green = details["targetServiceRevisionArn"]
    assert details["testTrafficWeights"][green] == 100.0
    assert details["productionTrafficWeights"][green] == 0.0


def test_a_hook_whose_function_is_not_registered_fails_and_rolls_back(store: Shop) -> None:
    store.create({**BLUE_GREEN, "lifecycleHooks": [lambda_at("POST_SCALE_UP")]})
    done = store.finished(store.deploy())
    assert done["status"] == "ROLLBACK_SUCCESSFUL"
    assert "no function answers" in done["rollback"]["reason"]


def test_a_scripted_answer_is_used_in_turn(store: Shop) -> None:
    store.sim.lifecycle_hooks.register(CHECK, ["IN_PROGRESS", "IN_PROGRESS", "SUCCEEDED"])
    store.create({**BLUE_GREEN, "lifecycleHooks": [lambda_at("PRE_SCALE_UP")]})
    arn = store.deploy()
    store.sim.advance(31)
    assert store.described(arn)["lifecycleHookDetails"][0]["status"] == "IN_PROGRESS"
    assert store.tasks_of("web:2") == set()
    assert store.finished(arn)["status"] == "SUCCESSFUL"


def test_a_production_rule_deleted_mid_deployment_rolls_back_with_a_reason(store: Shop) -> None:
    store.create({**BLUE_GREEN, "lifecycleHooks": [pause_at("POST_TEST_TRAFFIC_SHIFT")]})
    arn = store.deploy()
    [hook] = paused(store, arn)["lifecycleHookDetails"]
    store.elbv2.delete_rule(RuleArn=store.production)
    store.ecs.continue_service_deployment(serviceDeploymentArn=arn, hookId=hook["hookId"])
    done = store.finished(arn)
    assert done["status"] == "ROLLBACK_SUCCESSFUL"
    assert done["rollback"]["reason"] == f"The listener rule {store.production} was not found."
    assert store.tasks_of("web:2") == set() and len(store.tasks_of("web:1")) == 2


def test_stop_service_deployment_rolls_a_blue_green_deployment_back_to_blue(store: Shop) -> None:
    store.create({**BLUE_GREEN, "lifecycleHooks": [pause_at("POST_PRODUCTION_TRAFFIC_SHIFT")]})
    blue_tasks = store.tasks_of("web:1")
    arn = store.deploy()
    paused(store, arn)
    store.ecs.stop_service_deployment(serviceDeploymentArn=arn, stopType="ROLLBACK")
    assert store.finished(arn)["status"] == "ROLLBACK_SUCCESSFUL"
    assert store.tasks_of("web:1") == blue_tasks


def test_the_track_shows_counts_and_the_production_weight_over_time(store: Shop) -> None:
    store.create(BLUE_GREEN)
    arn = store.deploy()
    store.finished(arn)
    track = deployment_track(store.sim.region_state(), arn)
    stages = [mark for _, mark in marks(track)]
    assert stages[:3] == ["PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP"]
    assert stages[-1] == "SUCCESSFUL" and "BAKE_TIME" in stages and "100% to green" in stages
    before = [s for s in track if s.stage in ("SCALE_UP", "POST_SCALE_UP")]
    assert {s.production_weight_to_green for s in before} == {0.0}
    assert max(s.green_running for s in track) == 2 and track[0].blue_running == 2
    baking = next(s for s in track if s.mark == "BAKE_TIME")
    cleaning = next(s for s in track if s.mark == "CLEAN_UP")
    assert cleaning.time - baking.time == pytest.approx(300, abs=5)
    assert track[-1].blue_running == 0 and track[-1].status == "SUCCESSFUL"


def test_requests_follow_the_weights_ecs_writes(store: Shop) -> None:
    store.create(BLUE_GREEN)
    store.finished(store.deploy())
    assert Counter(store.production_groups(10)) == {"green": 10}
