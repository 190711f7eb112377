"""Task definition revisions: numbered per family, never reused, deregistered then deleted."""

from __future__ import annotations

import pytest

from ecslearn import explain
from ecslearn.model.builders import container, task_definition
from tests.conftest import error_message

PREFIX = "arn:aws:ecs:us-east-1:123456789012:task-definition/"


def register(ecs, family: str = "web", memory: int = 128) -> dict:
    body = task_definition(family, container("app", "nginx", memory=memory)).to_request()
    return ecs.register_task_definition(**body)["taskDefinition"]


def test_revisions_count_up_per_family(ecs) -> None:
    assert [register(ecs)["revision"] for _ in range(3)] == [1, 2, 3]
    assert register(ecs, "api")["revision"] == 1


def test_a_bare_family_means_its_latest_active_revision(ecs) -> None:
    register(ecs, memory=128)
    register(ecs, memory=256)
    latest = ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]
    assert latest["revision"] == 2
    first = ecs.describe_task_definition(taskDefinition="web:1")["taskDefinition"]
    assert first["containerDefinitions"][0]["memory"] == 128
    by_arn = ecs.describe_task_definition(taskDefinition=PREFIX + "web:1")["taskDefinition"]
    assert by_arn == first


def test_deregistering_makes_a_revision_inactive_but_keeps_it_describable(ecs) -> None:
    register(ecs)
    register(ecs)
    gone = ecs.deregister_task_definition(taskDefinition="web:2")["taskDefinition"]
    assert gone["status"] == "INACTIVE" and "deregisteredAt" in gone
    assert ecs.describe_task_definition(taskDefinition="web")["taskDefinition"]["revision"] == 1
    assert ecs.describe_task_definition(taskDefinition="web:2")["taskDefinition"]["status"] == (
        "INACTIVE"
    )


def test_deregister_needs_a_revision(ecs) -> None:
    register(ecs)
    with pytest.raises(ecs.exceptions.ClientException) as err:
        ecs.deregister_task_definition(taskDefinition="web")
    assert error_message(err) == "Revision is missing."


def test_revision_numbers_are_never_reused(ecs) -> None:
    register(ecs)
    ecs.deregister_task_definition(taskDefinition="web:1")
    ecs.delete_task_definitions(taskDefinitions=["web:1"])
    assert register(ecs)["revision"] == 2


def test_only_inactive_revisions_can_be_deleted(ecs) -> None:
    register(ecs)
    register(ecs)
    ecs.deregister_task_definition(taskDefinition="web:1")
    response = ecs.delete_task_definitions(taskDefinitions=["web:1", "web:2", "web:9"])
    assert [td["status"] for td in response["taskDefinitions"]] == ["DELETE_IN_PROGRESS"]
    reasons = [f["reason"] for f in response["failures"]]
    assert "still in ACTIVE status" in reasons[0]
    assert reasons[1] == "TASK_DEFINITION_NOT_FOUND"
    with pytest.raises(ecs.exceptions.ClientException):
        ecs.describe_task_definition(taskDefinition="web:1")


def test_list_task_definitions_filters_by_family_status_and_sorts(ecs) -> None:
    register(ecs, "web")
    register(ecs, "web")
    register(ecs, "api")
    ecs.deregister_task_definition(taskDefinition="web:1")
    assert ecs.list_task_definitions()["taskDefinitionArns"] == [PREFIX + "api:1", PREFIX + "web:2"]
    assert ecs.list_task_definitions(familyPrefix="web", status="INACTIVE")[
        "taskDefinitionArns"
    ] == [PREFIX + "web:1"]
    assert ecs.list_task_definitions(sort="DESC")["taskDefinitionArns"] == [
        PREFIX + "web:2",
        PREFIX + "api:1",
    ]


def test_list_task_definition_families_by_status(ecs) -> None:
    register(ecs, "web")
    register(ecs, "api")
    ecs.deregister_task_definition(taskDefinition="api:1")
    assert ecs.list_task_definition_families()["families"] == ["web"]
    assert ecs.list_task_definition_families(status="INACTIVE")["families"] == ["api"]
    assert ecs.list_task_definition_families(status="ALL", familyPrefix="a")["families"] == ["api"]


def test_list_task_definitions_paginates(ecs) -> None:
    for _ in range(5):
        register(ecs)
    pages = ecs.get_paginator("list_task_definitions").paginate(PaginationConfig={"PageSize": 2})
    arns = [arn for page in pages for arn in page["taskDefinitionArns"]]
    assert arns == [PREFIX + f"web:{n}" for n in range(1, 6)]


def test_describing_a_missing_revision_lists_the_ones_that_exist(ecs) -> None:
    register(ecs)
    with pytest.raises(ecs.exceptions.ClientException) as err:
        ecs.describe_task_definition(taskDefinition="web:7")
    assert error_message(err) == "Unable to describe task definition."  # AWS's text
    advice = explain(err.value) or ""  # ecslearn's: what exists
    assert "web:7" in advice and "1" in advice


def test_register_returns_tags_and_describe_returns_them_on_request(ecs) -> None:
    body = task_definition("web", container("app", "nginx", memory=64)).to_request()
    response = ecs.register_task_definition(**body, tags=[{"key": "team", "value": "a"}])
    assert response["tags"] == [{"key": "team", "value": "a"}]
    assert "tags" not in ecs.describe_task_definition(taskDefinition="web")
