"""ECS's LINEAR and CANARY deployments shift production traffic in steps, deployment alarms fail
a deployment (blue/green or rolling) that sets one off during its bake time, and CreateService
refuses a configuration ECS would refuse; a rollout saves and loads mid-flight."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecslearn import Simulation
from ecslearn.control.services.deployment_track import deployment_track
from tests.services.bluegreen_fixtures import CHECK, HOOK_ROLE, Shop, pause_at, shop


@pytest.fixture
def store(sim: Simulation) -> Shop:
    return shop(sim)


def test_a_canary_shifts_its_percentage_waits_then_the_rest(store: Shop) -> None:
    canary = {"canaryPercent": 10.0, "canaryBakeTimeInMinutes": 3}
    store.create({"strategy": "CANARY", "canaryConfiguration": canary, "bakeTimeInMinutes": 1})
    arn = store.deploy()
    store.at_stage(arn, "PRODUCTION_TRAFFIC_SHIFT")
    assert store.weights() == {"blue": 90, "green": 10}
    served = store.production_groups(20)
    assert (served.count("blue"), served.count("green")) == (18, 2)
    store.sim.advance(170)
    assert store.described(arn)["lifecycleStage"] == "PRODUCTION_TRAFFIC_SHIFT"
    store.at_stage(arn, "BAKE_TIME")
    assert store.weights() == {"blue": 0, "green": 100}
    weights = [
        s.production_weight_to_green for s in deployment_track(store.sim.region_state(), arn)
    ]
    shifted = [w for i, w in enumerate(weights) if i == 0 or w != weights[i - 1]]
    assert shifted == [0.0, 10.0, 100.0]
    assert store.finished(arn)["status"] == "SUCCESSFUL"


def test_a_canary_of_a_fraction_of_a_percent_is_written_in_tenths(store: Shop) -> None:
    store.create({"strategy": "CANARY", "canaryConfiguration": {"canaryPercent": 2.5}})
    arn = store.deploy()
    store.at_stage(arn, "PRODUCTION_TRAFFIC_SHIFT")
    assert store.weights() == {"blue": 975, "green": 25}


def test_linear_shifts_in_steps_with_a_bake_between_each(store: Shop) -> None:
    linear = {"stepPercent": 25.0, "stepBakeTimeInMinutes": 1}
    store.create({"strategy": "LINEAR", "linearConfiguration": linear})
    arn = store.deploy()
    assert store.finished(arn)["status"] == "SUCCESSFUL"
    steps = [
        (s.time, s.production_weight_to_green)
        for s in deployment_track(store.sim.region_state(), arn)
        if s.mark and s.mark.endswith("% to green")
    ]
    assert [w for _, w in steps] == [25.0, 50.0, 75.0, 100.0]
    gaps = [later - earlier for (earlier, _), (later, _) in itertools.pairwise(steps)]
    assert all(60 <= gap <= 65 for gap in gaps)


def breaching_alarm(sim: Simulation, name: str = "web-errors") -> None:
    """An alarm with no data that treats missing data as breaching: ALARM at its first look."""
    sim.client("cloudwatch").put_metric_alarm(
        AlarmName=name,
        Namespace="Shop",
        MetricName="Errors",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        TreatMissingData="breaching",
    )


ALARMS = {"alarmNames": ["web-errors"], "enable": True, "rollback": True}


def test_an_alarm_during_bake_time_rolls_a_blue_green_deployment_back(store: Shop) -> None:
    store.create({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 10, "alarms": ALARMS})
    blue_tasks = store.tasks_of("web:1")
    arn = store.deploy()
    store.at_stage(arn, "BAKE_TIME")
    assert set(store.production_groups(6)) == {"green"}
    breaching_alarm(store.sim)
    done = store.finished(arn)
    assert done["status"] == "ROLLBACK_SUCCESSFUL"
    assert done["alarms"]["status"] == "TRIGGERED"
    assert done["alarms"]["triggeredAlarmNames"] == ["web-errors"]
    assert done["rollback"]["reason"] == "CloudWatch alarm(s) in ALARM: web-errors."
    assert set(store.production_groups(6)) == {"blue"}
    assert store.tasks_of("web:1") == blue_tasks
    assert any(m.endswith("deployment failed: alarm detected.") for m in store.events())


def test_an_alarm_already_in_alarm_when_the_deployment_starts_is_not_held_against_it(
    store: Shop,
) -> None:
    breaching_alarm(store.sim)
    store.sim.advance(120)
    store.create({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1, "alarms": ALARMS})
    assert store.finished(store.deploy())["status"] == "SUCCESSFUL"


def test_a_rolling_deployment_with_alarms_bakes_and_an_alarm_rolls_it_back(
    sim: Simulation, store: Shop
) -> None:
    ecs = store.ecs
    ecs.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=2,
        deploymentConfiguration={"alarms": ALARMS, "bakeTimeInMinutes": 5},
    )
    sim.run_until_stable()
    arn = store.deploy()
    baking = store.until(arn, lambda d: d.get("lifecycleStage") == "BAKE_TIME")
    assert baking["status"] == "IN_PROGRESS" and len(store.tasks_of("web:2")) == 2
    [service] = ecs.describe_services(cluster="shop", services=["web"])["services"]
    assert service["deployments"][0]["rolloutState"] == "IN_PROGRESS"
    breaching_alarm(sim)
    done = store.finished(arn)
    assert done["status"] == "ROLLBACK_SUCCESSFUL"
    assert done["alarms"]["triggeredAlarmNames"] == ["web-errors"]
    sim.run_until_stable()
    assert len(store.tasks_of("web:1")) == 2 and store.tasks_of("web:2") == set()
    messages = store.events()
    failed = [m for m in messages if m.endswith("deployment failed: alarm detected.")]
    assert len(failed) == 1 and failed[0].startswith("(service web) (deployment ecs-svc/")


def test_a_rolling_deployment_whose_alarms_stay_quiet_completes_after_its_bake_time(
    sim: Simulation, store: Shop
) -> None:
    store.ecs.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=1,
        deploymentConfiguration={"alarms": ALARMS, "bakeTimeInMinutes": 3},
    )
    sim.run_until_stable()
    arn = store.deploy()
    baking = store.until(arn, lambda d: d.get("lifecycleStage") == "BAKE_TIME")
    started = sim.now
    done = store.finished(arn)
    assert done["status"] == "SUCCESSFUL" and sim.now - started >= 175
    assert baking["alarms"]["status"] == "MONITORING"


def test_a_rollout_saves_and_loads_mid_deployment(store: Shop, tmp_path: Any) -> None:
    store.sim.lifecycle_hooks.register(CHECK, ["IN_PROGRESS", "SUCCEEDED"])
    hooks = [
        pause_at("POST_TEST_TRAFFIC_SHIFT"),
        {"hookTargetArn": CHECK, "roleArn": HOOK_ROLE, "lifecycleStages": ["BAKE_TIME"]},
    ]
    with pytest.raises(ClientError):  # BAKE_TIME takes no hook: botocore's list of stages
        store.create({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1, "lifecycleHooks": hooks})
    hooks[1]["lifecycleStages"] = ["POST_PRODUCTION_TRAFFIC_SHIFT"]
    store.create({"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1, "lifecycleHooks": hooks})
    arn = store.deploy()
    store.until(arn, lambda d: d.get("lifecycleStage") == "POST_TEST_TRAFFIC_SHIFT")
    store.sim.advance(10)
    saved = store.sim.save(tmp_path / "mid.json")
    loaded = Simulation.load(saved)
    again = Shop(loaded, loaded.client("ecs"), loaded.client("elbv2"), *_rest(store))
    [hook] = again.described(arn)["lifecycleHookDetails"]
    assert hook["status"] == "AWAITING_ACTION"
    assert set(again.production_groups(4)) == {"blue"}
    again.ecs.continue_service_deployment(serviceDeploymentArn=arn, hookId=hook["hookId"])
    assert again.finished(arn)["status"] == "SUCCESSFUL"
    assert set(again.production_groups(4)) == {"green"}
    track = deployment_track(loaded.region_state(), arn)
    assert track[0].mark == "PRE_SCALE_UP" and track[-1].mark == "SUCCESSFUL"


def _rest(store: Shop) -> tuple:
    return store.balancer, store.blue, store.green, store.production, store.test


# -- what CreateService refuses ----------------------------------------------------------------
LAMBDA = {"hookTargetArn": CHECK, "roleArn": HOOK_ROLE, "lifecycleStages": ["PRE_SCALE_UP"]}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"strategy": "BLUE_GREEN"}, "bakeTimeInMinutes must be provided when you use the"),
        (
            {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1, "linearConfiguration": {}},
            "linearConfiguration is only valid when the deployment strategy is LINEAR.",
        ),
        (
            {"strategy": "LINEAR", "canaryConfiguration": {"canaryPercent": 5.0}},
            "canaryConfiguration is only valid when the deployment strategy is CANARY.",
        ),
        (
            {"strategy": "LINEAR", "linearConfiguration": {"stepPercent": 2.0}},
            "linearConfiguration.stepPercent must be a multiple of 0.1 from 3.0 to 100.0",
        ),
        (
            {"strategy": "CANARY", "canaryConfiguration": {"canaryPercent": 5.05}},
            "canaryConfiguration.canaryPercent must be a multiple of 0.1 from 0.1 to 100.0",
        ),
        (
            {"strategy": "CANARY", "canaryConfiguration": {"canaryBakeTimeInMinutes": 2000}},
            "canaryConfiguration.canaryBakeTimeInMinutes must be between 0 and 1440 minutes",
        ),
        (
            {
                "strategy": "BLUE_GREEN",
                "bakeTimeInMinutes": 1,
                "lifecycleHooks": [{**LAMBDA, "hookTargetArn": None}],
            },
            "hookTargetArn must be provided for an AWS_LAMBDA lifecycle hook.",
        ),
        (
            {"lifecycleHooks": [LAMBDA]},
            "lifecycleHooks are supported only with the BLUE_GREEN, LINEAR and CANARY",
        ),
        (
            {"alarms": {"alarmNames": [], "enable": True, "rollback": True}},
            "alarms.alarmNames must name at least one CloudWatch alarm",
        ),
    ],
)
def test_invalid_deployment_configurations_get_ecs_errors(
    store: Shop, config: dict, message: str
) -> None:
    hooks = config.get("lifecycleHooks") or []
    for hook in hooks:
        if hook.get("hookTargetArn") is None:
            hook.pop("hookTargetArn", None)
    with pytest.raises(ClientError) as excinfo:
        store.ecs.create_service(
            cluster="shop",
            serviceName="web",
            taskDefinition="web:1",
            desiredCount=1,
            loadBalancers=store.balancers(),
            deploymentConfiguration=config,
        )
    error = excinfo.value.response["Error"]
    assert error["Code"] == "InvalidParameterException"
    assert message in error["Message"]
    assert store.ecs.list_services(cluster="shop")["serviceArns"] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"alternateTargetGroupArn": None}, "advancedConfiguration.alternateTargetGroupArn must"),
        ({"roleArn": None}, "advancedConfiguration.roleArn must be provided."),
        ("same", "alternateTargetGroupArn must differ from targetGroupArn."),
        ("missing rule", "was not found."),
        ("one group", "must forward to both target groups"),
    ],
)
def test_an_advanced_configuration_ecs_cannot_shift_traffic_with_is_refused(
    store: Shop, change: Any, message: str
) -> None:
    balancers = store.balancers()
    advanced = balancers[0]["advancedConfiguration"]
    if change == "same":
        advanced["alternateTargetGroupArn"] = store.blue
    elif change == "missing rule":
        advanced["productionListenerRule"] = store.production[:-4] + "0000"
    elif change == "one group":
        store.elbv2.modify_rule(
            RuleArn=store.production,
            Actions=[{"Type": "forward", "TargetGroupArn": store.blue}],
        )
    else:
        for key in change:
            advanced.pop(key)
    with pytest.raises(ClientError) as excinfo:
        store.ecs.create_service(
            cluster="shop",
            serviceName="web",
            taskDefinition="web:1",
            desiredCount=1,
            loadBalancers=balancers,
            deploymentConfiguration={"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 1},
        )
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterException"
    assert message in excinfo.value.response["Error"]["Message"]


def test_describe_services_echoes_the_strategy_with_its_defaults(store: Shop) -> None:
    hooks = [pause_at("PRE_SCALE_UP")]
    store.ecs.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=1,
        loadBalancers=store.balancers(),
        deploymentConfiguration={"strategy": "LINEAR", "lifecycleHooks": hooks},
    )
    [service] = store.ecs.describe_services(cluster="shop", services=["web"])["services"]
    config = service["deploymentConfiguration"]
    assert config["strategy"] == "LINEAR"
    assert config["linearConfiguration"] == {"stepPercent": 10.0, "stepBakeTimeInMinutes": 6}
    assert config["lifecycleHooks"] == hooks
    assert service["loadBalancers"] == store.balancers()
    store.ecs.update_service(
        cluster="shop",
        service="web",
        deploymentConfiguration={"strategy": "CANARY", "lifecycleHooks": []},
    )
    [service] = store.ecs.describe_services(cluster="shop", services=["web"])["services"]
    config = service["deploymentConfiguration"]
    assert "linearConfiguration" not in config
    assert config["canaryConfiguration"] == {"canaryPercent": 5.0, "canaryBakeTimeInMinutes": 10}
