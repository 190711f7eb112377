"""Exported ECS JSON is exactly a request real ECS takes: botocore accepts it, and ecslearn
registers or creates the same thing again from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecslearn import Simulation
from ecslearn.export import ecs_json
from ecslearn.model.builders import container, task_definition
from ecslearn.model.task_definition import OUTPUT_MEMBERS
from tests.export.conftest import FIXTURES, botocore_problems, fixture_definition


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_aws_doc_task_definition_exports_to_a_valid_register_request(
    sim: Simulation, path: Path
) -> None:
    registered = sim.register(fixture_definition(path))
    request = ecs_json.task_definition(registered)
    assert botocore_problems(request, "RegisterTaskDefinition") == ""
    assert not set(OUTPUT_MEMBERS) & set(request)
    again = sim.call("RegisterTaskDefinition", **request)["taskDefinition"]
    assert again["revision"] == registered.revision + 1
    assert ecs_json.task_definition(sim.register(fixture_definition(path))) == request


def test_a_task_definition_built_in_python_exports_without_ecslearn_internals() -> None:
    td = task_definition("web", container("web", "nginx", memory=256, ports=["8080:80"]))
    assert ecs_json.task_definition(td) == {
        "family": "web",
        "containerDefinitions": [
            {
                "name": "web",
                "image": "nginx",
                "memory": 256,
                "portMappings": [{"containerPort": 80, "hostPort": 8080}],
            }
        ],
    }


def _service(sim: Simulation, **request):
    sim.call("CreateCluster", clusterName="demo")
    sim.register(task_definition("web", container("web", "nginx", memory=128, ports=[80])))
    arn = sim.call("CreateService", cluster="demo", **request)["service"]["serviceArn"]
    return sim.region_state().services[arn]


def test_a_replica_service_exports_to_a_create_service_request_that_recreates_it(
    sim: Simulation,
) -> None:
    service = _service(
        sim,
        serviceName="web",
        taskDefinition="web",
        desiredCount=3,
        deploymentConfiguration={"minimumHealthyPercent": 50, "maximumPercent": 150},
        placementConstraints=[{"type": "distinctInstance"}],
    )
    request = ecs_json.service(service, "demo")
    assert botocore_problems(request, "CreateService") == ""
    assert request["taskDefinition"] == "web:1"  # family:revision, not an account's ARN
    assert request["cluster"] == "demo"
    assert not {"serviceArn", "events", "deployments", "runningCount", "status"} & set(request)
    created = sim.call("CreateService", **{**request, "serviceName": "web2"})["service"]
    copy = sim.region_state().services[created["serviceArn"]]
    assert ecs_json.service(copy) == {**request, "serviceName": "web2"}


def test_a_daemon_service_exports_without_a_desired_count(sim: Simulation) -> None:
    service = _service(sim, serviceName="agent", taskDefinition="web", schedulingStrategy="DAEMON")
    request = ecs_json.service(service)
    assert "desiredCount" not in request
    assert request["schedulingStrategy"] == "DAEMON"
    assert botocore_problems(request, "CreateService") == ""
    sim.call("CreateService", **{**request, "serviceName": "agent2"})
