"""ECS capacity providers through a stock boto3 client: created over an Auto Scaling group,
described with AWS's FARGATE and FARGATE_SPOT, updated, associated with clusters and deleted,
and refused as ECS refuses them, in ECS's words."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from tests.services.capacity_fixtures import auto_scaled_cluster, group_arn, register_app


def error(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


@pytest.fixture
def ecs(sim: Simulation) -> Any:
    return sim.client()


def test_a_provider_answers_its_group_and_managed_scaling_with_the_defaults_filled_in(
    sim, ecs
) -> None:
    made = auto_scaled_cluster(sim, scaling={"status": "ENABLED"})
    assert made["status"] == "ACTIVE" and made["name"] == "web-cp"
    assert made["capacityProviderArn"].endswith(":capacity-provider/web-cp")
    assert made["autoScalingGroupProvider"]["managedScaling"] == {
        "status": "ENABLED",
        "targetCapacity": 100,
        "minimumScalingStepSize": 1,
        "maximumScalingStepSize": 10000,
        "instanceWarmupPeriod": 300,
    }
    assert made["autoScalingGroupProvider"]["autoScalingGroupArn"] == group_arn(sim, "web-asg")


def test_describe_lists_fargate_and_fargate_spot_first_and_pages_with_next_token(sim, ecs) -> None:
    auto_scaled_cluster(sim)
    first = ecs.describe_capacity_providers(maxResults=2)
    assert [p["name"] for p in first["capacityProviders"]] == ["FARGATE", "FARGATE_SPOT"]
    rest = ecs.describe_capacity_providers(maxResults=2, nextToken=first["nextToken"])
    assert [p["name"] for p in rest["capacityProviders"]] == ["web-cp"]
    assert "nextToken" not in rest


def test_tags_are_answered_only_when_included(sim, ecs) -> None:
    auto_scaled_cluster(sim)
    arn = ecs.describe_capacity_providers(capacityProviders=["web-cp"])["capacityProviders"][0][
        "capacityProviderArn"
    ]
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "team", "value": "web"}])
    plain = ecs.describe_capacity_providers(capacityProviders=["web-cp"])["capacityProviders"][0]
    assert "tags" not in plain
    tagged = ecs.describe_capacity_providers(capacityProviders=["web-cp"], include=["TAGS"])
    assert tagged["capacityProviders"][0]["tags"] == [{"key": "team", "value": "web"}]


def test_an_unknown_provider_is_a_missing_failure(sim, ecs) -> None:
    answer = ecs.describe_capacity_providers(capacityProviders=["nope", "FARGATE"])
    assert [p["name"] for p in answer["capacityProviders"]] == ["FARGATE"]
    assert answer["failures"] == [{"arn": "nope", "reason": "MISSING"}]


@pytest.mark.parametrize("name", ["aws-workers", "ECS_pool", "fargate2"])
def test_a_name_cannot_start_with_aws_ecs_or_fargate(sim, ecs, name) -> None:
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.create_capacity_provider(
            name=name, autoScalingGroupProvider={"autoScalingGroupArn": "arn:x"}
        )
    assert error(err)[1] == 'The name can\'t be prefixed with "aws", "ecs", or "fargate".'


def test_a_second_provider_of_the_same_name_or_group_is_refused_in_ecs_words(sim, ecs) -> None:
    auto_scaled_cluster(sim)
    arn = group_arn(sim, "web-asg")
    with pytest.raises(ecs.exceptions.ClientException) as err:
        ecs.create_capacity_provider(
            name="web-cp", autoScalingGroupProvider={"autoScalingGroupArn": arn}
        )
    assert error(err)[1].startswith("The specified capacity provider already exists.")
    with pytest.raises(ecs.exceptions.ClientException) as err:
        ecs.create_capacity_provider(
            name="other", autoScalingGroupProvider={"autoScalingGroupArn": arn}
        )
    assert error(err)[1] == (
        "The specified Auto Scaling group ARN is already being used by another capacity "
        "provider. Specify a unique Auto Scaling group ARN and try again."
    )


def test_managed_termination_protection_needs_the_groups_scale_in_protection(sim, ecs) -> None:
    auto_scaled_cluster(sim, protect=False)
    arn = group_arn(sim, "web-asg")
    sim.client("autoscaling").create_auto_scaling_group(
        AutoScalingGroupName="open",
        LaunchTemplate={"LaunchTemplateName": "web-asg-lt", "Version": "$Latest"},
        MinSize=0,
        MaxSize=1,
        AvailabilityZones=["us-east-1a"],
    )
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.create_capacity_provider(
            name="guarded",
            autoScalingGroupProvider={
                "autoScalingGroupArn": group_arn(sim, "open"),
                "managedScaling": {"status": "ENABLED"},
                "managedTerminationProtection": "ENABLED",
            },
        )
    assert error(err)[1].startswith(
        "The managed termination protection setting for the capacity provider is invalid. To "
        "enable managed termination protection for a capacity provider, the Auto Scaling group "
        "must have instance protection from scale in enabled."
    )
    assert arn != group_arn(sim, "open")


def test_update_changes_managed_scaling_and_keeps_what_it_does_not_name(sim, ecs) -> None:
    auto_scaled_cluster(sim, target=100)
    updated = ecs.update_capacity_provider(
        name="web-cp", autoScalingGroupProvider={"managedScaling": {"targetCapacity": 80}}
    )["capacityProvider"]
    scaling = updated["autoScalingGroupProvider"]["managedScaling"]
    assert scaling["targetCapacity"] == 80 and scaling["status"] == "ENABLED"
    assert updated["updateStatus"] == "UPDATE_COMPLETE"


def test_deleting_a_provider_still_associated_fails_in_its_update_status(sim, ecs) -> None:
    auto_scaled_cluster(sim)
    answer = ecs.delete_capacity_provider(capacityProvider="web-cp")["capacityProvider"]
    assert answer["status"] == "ACTIVE" and answer["updateStatus"] == "DELETE_FAILED"
    assert answer["updateStatusReason"] == (
        "The capacity provider cannot be deleted because it is associated with cluster: web. "
        "Remove the capacity provider from the cluster and try again."
    )
    ecs.put_cluster_capacity_providers(
        cluster="web", capacityProviders=[], defaultCapacityProviderStrategy=[]
    )
    gone = ecs.delete_capacity_provider(capacityProvider="web-cp")["capacityProvider"]
    assert (gone["status"], gone["updateStatus"]) == ("INACTIVE", "DELETE_COMPLETE")
    names = [p["name"] for p in ecs.describe_capacity_providers()["capacityProviders"]]
    assert names == ["FARGATE", "FARGATE_SPOT"]


def test_a_cluster_shows_its_providers_default_strategy_and_ecs_managed_attachments(
    sim, ecs
) -> None:
    auto_scaled_cluster(sim)
    cluster = ecs.describe_clusters(clusters=["web"], include=["ATTACHMENTS"])["clusters"][0]
    assert cluster["capacityProviders"] == ["web-cp"]
    assert cluster["defaultCapacityProviderStrategy"] == [
        {"capacityProvider": "web-cp", "weight": 1, "base": 0}
    ]
    assert [(a["type"], a["status"]) for a in cluster["attachments"]] == [
        ("as_policy", "PRECREATED"),
        ("managed_draining", "PRECREATED"),
    ]
    assert cluster["attachmentsStatus"] == "UPDATE_IN_PROGRESS"
    sim.advance(30)
    later = ecs.describe_clusters(clusters=["web"], include=["ATTACHMENTS"])["clusters"][0]
    assert {a["status"] for a in later["attachments"]} == {"CREATED"}
    assert later["attachmentsStatus"] == "UPDATE_COMPLETE"
    policy = later["attachments"][0]["details"]
    assert policy[0] == {"name": "capacityProviderName", "value": "web-cp"}
    assert policy[1]["value"].startswith("ECSManagedAutoScalingPolicy-")
    assert "attachments" not in ecs.describe_clusters(clusters=["web"])["clusters"][0]


def test_create_cluster_takes_providers_and_a_default_strategy(sim, ecs) -> None:
    made = ecs.create_cluster(
        clusterName="spot",
        capacityProviders=["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy=[
            {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 3},
        ],
    )["cluster"]
    assert made["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    assert made["defaultCapacityProviderStrategy"][0] == {
        "capacityProvider": "FARGATE",
        "weight": 1,
        "base": 2,
    }


def test_a_provider_a_service_uses_cannot_be_removed_from_its_cluster(sim, ecs) -> None:
    auto_scaled_cluster(sim)
    register_app(sim)
    ecs.create_service(cluster="web", serviceName="app", taskDefinition="app", desiredCount=1)
    with pytest.raises(ecs.exceptions.ResourceInUseException) as err:
        ecs.put_cluster_capacity_providers(
            cluster="web", capacityProviders=[], defaultCapacityProviderStrategy=[]
        )
    assert error(err)[1] == "The specified capacity provider is in use and cannot be removed."


def test_launch_type_and_strategy_together_are_refused(sim, ecs) -> None:
    auto_scaled_cluster(sim)
    register_app(sim)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.run_task(
            cluster="web",
            taskDefinition="app",
            launchType="EC2",
            capacityProviderStrategy=[{"capacityProvider": "web-cp", "weight": 1}],
        )
    assert error(err)[1] == (
        "Specifying both a launch type and capacity provider strategy is not supported. Remove "
        "one and try again."
    )


def test_a_provider_not_associated_with_the_cluster_is_refused(sim, ecs) -> None:
    auto_scaled_cluster(sim)
    register_app(sim)
    ecs.create_cluster(clusterName="other")
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.run_task(
            cluster="other",
            taskDefinition="app",
            capacityProviderStrategy=[{"capacityProvider": "web-cp", "weight": 1}],
        )
    assert "not associated with the cluster" in error(err)[1]


def test_fargate_and_auto_scaling_group_providers_do_not_mix(sim, ecs) -> None:
    auto_scaled_cluster(sim)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.put_cluster_capacity_providers(
            cluster="web",
            capacityProviders=["web-cp", "FARGATE"],
            defaultCapacityProviderStrategy=[
                {"capacityProvider": "web-cp", "weight": 1},
                {"capacityProvider": "FARGATE", "weight": 1},
            ],
        )
    assert error(err)[1] == (
        "A capacity provider strategy cannot contain a mix of capacity providers using Auto "
        "Scaling groups and Fargate providers. Specify one or the other and try again."
    )


def test_only_one_provider_of_a_strategy_can_have_a_base(sim, ecs) -> None:
    auto_scaled_cluster(sim)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.create_cluster(
            clusterName="twice",
            capacityProviders=["FARGATE", "FARGATE_SPOT"],
            defaultCapacityProviderStrategy=[
                {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                {"capacityProvider": "FARGATE_SPOT", "base": 1, "weight": 1},
            ],
        )
    assert error(err)[1] == (
        "Only one capacity provider in a capacity provider strategy can have a base defined."
    )


def test_switching_a_service_to_a_strategy_needs_a_new_deployment(sim, ecs) -> None:
    auto_scaled_cluster(sim, default=False)
    register_app(sim)
    sim.launch_instances("web", count=1)
    ecs.create_service(
        cluster="web", serviceName="app", taskDefinition="app", desiredCount=1, launchType="EC2"
    )
    strategy = [{"capacityProvider": "web-cp", "weight": 1}]
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.update_service(cluster="web", service="app", capacityProviderStrategy=strategy)
    updated = ecs.update_service(
        cluster="web", service="app", capacityProviderStrategy=strategy, forceNewDeployment=True
    )["service"]
    assert updated["capacityProviderStrategy"] == [{**strategy[0], "base": 0}]
    assert "launchType" not in updated
    assert (
        updated["deployments"][0]["capacityProviderStrategy"] == updated["capacityProviderStrategy"]
    )


def test_a_service_without_launch_type_uses_the_clusters_default_strategy(sim, ecs) -> None:
    auto_scaled_cluster(sim)
    register_app(sim)
    service = ecs.create_service(
        cluster="web", serviceName="app", taskDefinition="app", desiredCount=2
    )["service"]
    assert service["capacityProviderStrategy"] == [
        {"capacityProvider": "web-cp", "weight": 1, "base": 0}
    ]
    sim.advance(1)
    tasks = ecs.describe_tasks(cluster="web", tasks=ecs.list_tasks(cluster="web")["taskArns"])[
        "tasks"
    ]
    assert {(t["lastStatus"], t["capacityProviderName"]) for t in tasks} == {
        ("PROVISIONING", "web-cp")
    }
