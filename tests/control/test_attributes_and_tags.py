"""Custom attributes label instances (like Kubernetes node labels); tags label any resource."""

from __future__ import annotations

import pytest

from tests.conftest import error_message


@pytest.fixture
def instance(sim):
    sim.client().create_cluster(clusterName="web")
    return sim.launch_instances("web")[0]


def put(ecs, instance, name: str, value: str | None = "x") -> dict:
    attribute = {"name": name, "targetType": "container-instance", "targetId": instance.id}
    if value is not None:
        attribute["value"] = value
    return ecs.put_attributes(cluster="web", attributes=[attribute])


def test_put_list_and_delete_a_custom_attribute(ecs, instance) -> None:
    put(ecs, instance, "stack", "prod")
    listed = ecs.list_attributes(
        cluster="web", targetType="container-instance", attributeName="stack"
    )["attributes"]
    assert listed == [
        {
            "name": "stack",
            "value": "prod",
            "targetType": "container-instance",
            "targetId": instance.container_instance_arn,
        }
    ]
    by_value = ecs.list_attributes(
        cluster="web", targetType="container-instance", attributeName="stack", attributeValue="dev"
    )
    assert by_value["attributes"] == []
    ecs.delete_attributes(cluster="web", attributes=[{"name": "stack", "targetId": instance.id}])
    assert instance.attribute("stack") is None


def test_putting_an_attribute_again_replaces_its_value(ecs, instance) -> None:
    put(ecs, instance, "stack", "prod")
    put(ecs, instance, "stack", "dev")
    assert instance.attribute("stack") == "dev"
    assert [a.name for a in instance.attributes].count("stack") == 1


def test_ten_custom_attributes_is_the_limit(ecs, instance) -> None:
    for index in range(10):
        put(ecs, instance, f"label{index}")
    with pytest.raises(ecs.exceptions.AttributeLimitExceededException):
        put(ecs, instance, "label10")
    assert instance.attribute("label10") is None
    # Built-in ecs.* attributes do not count, and replacing an existing one is fine.
    put(ecs, instance, "label3", "new")


def test_attributes_on_a_missing_instance_are_target_not_found(ecs, instance) -> None:
    with pytest.raises(ecs.exceptions.TargetNotFoundException) as err:
        ecs.put_attributes(cluster="web", attributes=[{"name": "a", "targetId": "0" * 32}])
    assert "0" * 32 in error_message(err)


@pytest.mark.parametrize("name", ["has space", "x" * 129, "semi;colon"])
def test_attribute_names_follow_ecs_rules(ecs, instance, name: str) -> None:
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        put(ecs, instance, name)


def test_attribute_value_needs_a_name_when_listing(ecs, instance) -> None:
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.list_attributes(cluster="web", targetType="container-instance", attributeValue="x")


def test_tag_untag_and_list_tags_on_a_cluster(ecs, instance) -> None:
    arn = "arn:aws:ecs:us-east-1:123456789012:cluster/web"
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
    ecs.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "3"}])
    assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == [
        {"key": "a", "value": "3"},
        {"key": "b", "value": "2"},
    ]
    ecs.untag_resource(resourceArn=arn, tagKeys=["a", "missing"])
    assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "b", "value": "2"}]


def test_task_definitions_and_instances_are_taggable(sim, ecs, instance) -> None:
    from ecslearn.model.builders import container, task_definition

    td = sim.register(task_definition("web", container("web", "nginx", memory=128)))
    for arn in (td.task_definition_arn, instance.container_instance_arn):
        ecs.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
        assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "k", "value": "v"}]
    described = ecs.describe_task_definition(taskDefinition="web", include=["TAGS"])
    assert described["tags"] == [{"key": "k", "value": "v"}]


def test_tagging_an_unknown_resource_is_not_found(ecs) -> None:
    with pytest.raises(ecs.exceptions.ResourceNotFoundException):
        ecs.tag_resource(
            resourceArn="arn:aws:ecs:us-east-1:123456789012:cluster/none",
            tags=[{"key": "a", "value": "b"}],
        )


@pytest.mark.parametrize(
    ("tags", "problem"),
    [
        ([{"key": "aws:owner", "value": "x"}], "reserves"),
        ([{"key": "k" * 129, "value": "x"}], "too long"),
        ([{"key": f"k{i}", "value": "v"} for i in range(51)], "at most 50"),
    ],
    ids=["aws: prefix", "key too long", "over 50 tags"],
)
def test_tag_rules(ecs, instance, tags, problem: str) -> None:
    arn = "arn:aws:ecs:us-east-1:123456789012:cluster/web"
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.tag_resource(resourceArn=arn, tags=tags)
    assert problem in error_message(err)
    assert ecs.list_tags_for_resource(resourceArn=arn)["tags"] == []
