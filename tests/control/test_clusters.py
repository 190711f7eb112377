"""Clusters behave as in ECS: create is idempotent, delete needs an empty cluster."""

from __future__ import annotations

import pytest

from ecslearn import explain
from tests.conftest import error_code, error_message

ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/"


def test_create_cluster_returns_an_active_cluster_with_zero_counts(ecs) -> None:
    cluster = ecs.create_cluster(clusterName="web", tags=[{"key": "team", "value": "a"}])["cluster"]
    assert cluster["clusterArn"] == ARN + "web"
    assert cluster["status"] == "ACTIVE"
    assert cluster["registeredContainerInstancesCount"] == 0
    assert cluster["runningTasksCount"] == cluster["pendingTasksCount"] == 0
    assert cluster["tags"] == [{"key": "team", "value": "a"}]


def test_create_cluster_without_a_name_creates_default(ecs) -> None:
    assert ecs.create_cluster()["cluster"]["clusterName"] == "default"


def test_creating_an_existing_cluster_returns_it_unchanged(ecs) -> None:
    first = ecs.create_cluster(clusterName="web")["cluster"]
    again = ecs.create_cluster(clusterName="web")["cluster"]
    assert again["clusterArn"] == first["clusterArn"]
    assert ecs.list_clusters()["clusterArns"] == [ARN + "web"]


@pytest.mark.parametrize("name", ["has space", "x" * 256, "dots.are.not.allowed", "ümlaut"])
def test_cluster_names_follow_ecs_rules(ecs, name: str) -> None:
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.create_cluster(clusterName=name)
    assert "Cluster name" in error_message(err)


def test_describe_reports_missing_clusters_as_failures(ecs) -> None:
    ecs.create_cluster(clusterName="web")
    response = ecs.describe_clusters(clusters=["web", ARN + "nope"])
    assert [c["clusterName"] for c in response["clusters"]] == ["web"]
    assert response["failures"] == [{"arn": ARN + "nope", "reason": "MISSING"}]


def test_describe_includes_tags_settings_and_statistics_only_when_asked(ecs) -> None:
    ecs.create_cluster(clusterName="web", tags=[{"key": "k", "value": "v"}])
    plain = ecs.describe_clusters(clusters=["web"])["clusters"][0]
    assert "tags" not in plain and "settings" not in plain  # tags only with include, as AWS
    full = ecs.describe_clusters(clusters=["web"], include=["TAGS", "SETTINGS", "STATISTICS"])
    cluster = full["clusters"][0]
    assert cluster["tags"] == [{"key": "k", "value": "v"}]
    assert cluster["settings"] == [{"name": "containerInsights", "value": "disabled"}]
    assert {s["name"] for s in cluster["statistics"]} >= {"runningEC2TasksCount"}


def test_counts_follow_the_registered_instances(sim, ecs) -> None:
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=3)
    cluster = ecs.describe_clusters(clusters=["web"])["clusters"][0]
    assert cluster["registeredContainerInstancesCount"] == 3


def test_a_cluster_with_instances_cannot_be_deleted(sim, ecs) -> None:
    ecs.create_cluster(clusterName="web")
    [instance] = sim.launch_instances("web")
    with pytest.raises(ecs.exceptions.ClusterContainsContainerInstancesException):
        ecs.delete_cluster(cluster="web")
    ecs.deregister_container_instance(cluster="web", containerInstance=instance.id)
    deleted = ecs.delete_cluster(cluster="web")["cluster"]
    assert deleted["status"] == "INACTIVE"
    assert ecs.list_clusters()["clusterArns"] == []
    # A deleted cluster is still describable, as INACTIVE.
    assert ecs.describe_clusters(clusters=["web"])["clusters"][0]["status"] == "INACTIVE"


def test_operations_on_a_missing_cluster_raise_cluster_not_found(ecs) -> None:
    with pytest.raises(ecs.exceptions.ClusterNotFoundException) as err:
        ecs.delete_cluster(cluster="ghost")
    assert error_message(err) == "Cluster not found."  # AWS's text; explain() says what next
    assert "create_cluster" in (explain(err.value) or "")


def test_a_deleted_cluster_can_be_created_again(ecs) -> None:
    ecs.create_cluster(clusterName="web")
    ecs.delete_cluster(cluster="web")
    assert ecs.create_cluster(clusterName="web")["cluster"]["status"] == "ACTIVE"


def test_update_cluster_changes_settings(ecs) -> None:
    ecs.create_cluster(clusterName="web")
    updated = ecs.update_cluster(
        cluster="web", settings=[{"name": "containerInsights", "value": "enabled"}]
    )["cluster"]
    assert updated["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.update_cluster(cluster="web", settings=[{"name": "containerInsights", "value": "on"}])
    assert error_code(err) == "InvalidParameterException"


def test_cluster_arn_of_another_kind_is_a_parameter_error(ecs) -> None:
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.delete_cluster(cluster="arn:aws:ecs:us-east-1:123456789012:service/web/x")


def test_list_clusters_pages_with_the_boto3_paginator(ecs) -> None:
    for index in range(7):
        ecs.create_cluster(clusterName=f"c{index}")
    pages = list(ecs.get_paginator("list_clusters").paginate(PaginationConfig={"PageSize": 3}))
    assert [len(p["clusterArns"]) for p in pages] == [3, 3, 1]
    assert [arn for p in pages for arn in p["clusterArns"]] == [ARN + f"c{i}" for i in range(7)]


def test_a_bad_next_token_is_a_parameter_error(ecs) -> None:
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.list_clusters(nextToken="not-a-token")


def test_regions_are_separate_worlds(sim) -> None:
    east, west = sim.client(), sim.client(region_name="eu-west-1")
    east.create_cluster(clusterName="web")
    assert west.list_clusters()["clusterArns"] == []
    made = west.create_cluster(clusterName="web")["cluster"]
    assert made["clusterArn"] == "arn:aws:ecs:eu-west-1:123456789012:cluster/web"
