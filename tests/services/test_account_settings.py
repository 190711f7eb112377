"""ECS account settings as ECS keeps them: a principal's own value, else the root user's
default, else AWS's default for a new account; Container Insights' setting is what a new
cluster gets; AWS-managed and root-only settings are refused as ECS refuses them."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation

ROOT = "arn:aws:iam::123456789012:root"
ME = "arn:aws:iam::123456789012:user/ecslearn"
ROLE = "arn:aws:iam::123456789012:role/deployer"


def effective(ecs: Any, name: str, principal: str | None = None) -> dict:
    asked = {"principalArn": principal} if principal else {}
    [setting] = ecs.list_account_settings(name=name, effectiveSettings=True, **asked)["settings"]
    return setting


def test_a_new_account_answers_awss_defaults_as_the_roots(ecs: Any) -> None:
    assert effective(ecs, "containerInsights") == {
        "name": "containerInsights",
        "value": "disabled",
        "principalArn": ROOT,
        "type": "user",
    }
    assert effective(ecs, "fargateTaskRetirementWaitPeriod")["value"] == "7"
    assert effective(ecs, "guardDutyActivate")["type"] == "aws_managed"
    assert ecs.list_account_settings()["settings"] == []  # nothing set by the caller itself


def test_a_principals_own_setting_wins_over_the_default_and_deleting_it_falls_back(
    ecs: Any,
) -> None:
    ecs.put_account_setting_default(name="awsvpcTrunking", value="enabled")
    ecs.put_account_setting(name="awsvpcTrunking", value="disabled", principalArn=ROLE)
    assert effective(ecs, "awsvpcTrunking", ROLE)["value"] == "disabled"
    assert effective(ecs, "awsvpcTrunking")["value"] == "enabled"  # the caller: the default
    gone = ecs.delete_account_setting(name="awsvpcTrunking", principalArn=ROLE)["setting"]
    assert gone["value"] == "enabled"
    assert effective(ecs, "awsvpcTrunking", ROLE)["principalArn"] == ROOT


def test_the_container_insights_default_is_what_a_new_cluster_gets(ecs: Any) -> None:
    ecs.put_account_setting_default(name="containerInsights", value="enhanced")
    made = ecs.create_cluster(clusterName="watched")["cluster"]
    assert made["settings"] == [{"name": "containerInsights", "value": "enhanced"}]
    told = ecs.create_cluster(
        clusterName="quiet", settings=[{"name": "containerInsights", "value": "disabled"}]
    )["cluster"]
    assert told["settings"] == [{"name": "containerInsights", "value": "disabled"}]


def test_update_cluster_settings_changes_only_the_clusters_settings(ecs: Any) -> None:
    ecs.create_cluster(clusterName="web")
    answer = ecs.update_cluster_settings(
        cluster="web", settings=[{"name": "containerInsights", "value": "enabled"}]
    )["cluster"]
    assert answer["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    with pytest.raises(ecs.exceptions.ClusterNotFoundException):
        ecs.update_cluster_settings(
            cluster="nope", settings=[{"name": "containerInsights", "value": "enabled"}]
        )


@pytest.mark.parametrize(
    ("call", "says"),
    [
        ({"name": "containerInsights", "value": "on"}, "cannot be 'on'"),
        ({"name": "guardDutyActivate", "value": "on"}, "managed by AWS"),
        ({"name": "fargateTaskRetirementWaitPeriod", "value": "14"}, "root user"),
    ],
)
def test_values_a_setting_does_not_take_are_refused_and_nothing_changes(
    ecs: Any, call: dict, says: str
) -> None:
    with pytest.raises(ecs.exceptions.InvalidParameterException, match=says):
        ecs.put_account_setting(**call)
    assert ecs.list_account_settings()["settings"] == []


def test_the_root_sets_the_fargate_retirement_wait_and_a_value_filter_needs_a_name(
    ecs: Any,
) -> None:
    ecs.put_account_setting_default(name="fargateTaskRetirementWaitPeriod", value="14")
    assert effective(ecs, "fargateTaskRetirementWaitPeriod")["value"] == "14"
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.list_account_settings(value="enabled")


def test_account_settings_are_kept_per_region_and_saved(sim: Simulation, tmp_path: Any) -> None:
    sim.client().put_account_setting(name="tagResourceAuthorization", value="off")
    assert sim.client(region_name="eu-west-1").list_account_settings()["settings"] == []
    loaded = Simulation.load(sim.save(tmp_path / "world.json"))
    [kept] = loaded.client().list_account_settings()["settings"]
    assert (kept["name"], kept["value"], kept["principalArn"]) == (
        "tagResourceAuthorization",
        "off",
        ME,
    )


def test_discover_poll_endpoint_answers_the_regions_agent_endpoints(ecs: Any) -> None:
    ecs.create_cluster(clusterName="web")
    answer = ecs.discover_poll_endpoint(cluster="web")
    assert answer["endpoint"] == "https://ecs-a-1.us-east-1.amazonaws.com/"
    assert answer["telemetryEndpoint"] == "https://ecs-t-1.us-east-1.amazonaws.com/"
