"""The errors a deploy script branches on, with the codes and messages AWS answers (the
scripts catch ``ecs.exceptions.ServiceNotFoundException`` and friends, or compare the code)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from ecslearn import mock_aws


@pytest.fixture
def ecs() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("ecs")
        client.create_cluster(clusterName="prod")
        client.register_task_definition(
            family="web", containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128}]
        )
        yield client


def refusal(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]


def test_updating_a_service_that_was_never_created_is_service_not_found(ecs: Any) -> None:
    with pytest.raises(ecs.exceptions.ServiceNotFoundException) as excinfo:
        ecs.update_service(cluster="prod", service="web", taskDefinition="web")
    assert refusal(excinfo) == ("ServiceNotFoundException", "Service not found.")


def test_updating_a_deleted_service_is_service_not_active(ecs: Any) -> None:
    ecs.create_service(cluster="prod", serviceName="web", taskDefinition="web", desiredCount=0)
    ecs.delete_service(cluster="prod", service="web")
    with pytest.raises(ecs.exceptions.ServiceNotActiveException) as excinfo:
        ecs.update_service(cluster="prod", service="web", taskDefinition="web")
    assert refusal(excinfo) == ("ServiceNotActiveException", "Service was not ACTIVE.")
    # a script that describes first sees it DRAINING, then INACTIVE once its tasks are gone
    [described] = ecs.describe_services(cluster="prod", services=["web"])["services"]
    assert described["status"] == "DRAINING"
    time.sleep(600)  # simulated
    [described] = ecs.describe_services(cluster="prod", services=["web"])["services"]
    assert described["status"] == "INACTIVE"


def test_a_cluster_that_does_not_exist_is_cluster_not_found(ecs: Any) -> None:
    with pytest.raises(ecs.exceptions.ClusterNotFoundException) as excinfo:
        ecs.describe_services(cluster="staging", services=["web"])
    assert refusal(excinfo) == ("ClusterNotFoundException", "Cluster not found.")
    with pytest.raises(ecs.exceptions.ClusterNotFoundException):
        ecs.create_service(
            cluster="staging", serviceName="web", taskDefinition="web", desiredCount=1
        )


def test_a_missing_service_in_describe_is_a_failure_not_an_error(ecs: Any) -> None:
    answer = ecs.describe_services(cluster="prod", services=["web"])
    assert answer["services"] == []
    [failure] = answer["failures"]
    assert failure["reason"] == "MISSING"


def test_a_task_definition_revision_that_is_not_a_number_is_invalid_parameter(ecs: Any) -> None:
    for bad in ("web:latest", "web:0"):
        with pytest.raises(ecs.exceptions.InvalidParameterException) as excinfo:
            ecs.create_service(
                cluster="prod", serviceName="web", taskDefinition=bad, desiredCount=1
            )
        assert refusal(excinfo) == ("InvalidParameterException", "Invalid revision number.")
    ecs.create_service(cluster="prod", serviceName="web", taskDefinition="web:1", desiredCount=0)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as excinfo:
        ecs.update_service(cluster="prod", service="web", taskDefinition="web:v2")
    assert refusal(excinfo) == ("InvalidParameterException", "Invalid revision number.")


def test_a_task_definition_that_does_not_exist_is_a_client_exception(ecs: Any) -> None:
    with pytest.raises(ecs.exceptions.ClientException) as excinfo:
        ecs.create_service(
            cluster="prod", serviceName="web", taskDefinition="web:7", desiredCount=1
        )
    assert refusal(excinfo) == ("ClientException", "TaskDefinition not found.")


def test_a_deregistered_revision_starts_nothing(ecs: Any) -> None:
    ecs.deregister_task_definition(taskDefinition="web:1")
    with pytest.raises(ecs.exceptions.InvalidParameterException) as excinfo:
        ecs.create_service(
            cluster="prod", serviceName="web", taskDefinition="web:1", desiredCount=1
        )
    assert refusal(excinfo) == ("InvalidParameterException", "TaskDefinition is inactive")
