"""ECS Service Connect: a cluster's default namespace, the Cloud Map services ECS makes for a
service's port names, ECS's checks of a configuration, and requests from inside a task that
reach another service by its client alias."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecslearn import Simulation
from ecslearn.errors import EcsError
from tests.conftest import error_code, error_message
from tests.services.test_ecs_service_discovery import fargate_family, fargate_service


@pytest.fixture
def shop(sim: Simulation, ecs: Any) -> None:
    """A cluster whose default Service Connect namespace is "shop" (ECS makes it), and the task
    definitions of an api (port name "api", 8080) and a web front (port name "web", 80)."""
    ecs.create_cluster(clusterName="shop", serviceConnectDefaults={"namespace": "shop"})
    sim.run_until_stable()
    fargate_family(ecs, "api", 8080)
    fargate_family(ecs, "web", 80)


API = {
    "enabled": True,
    "services": [{"portName": "api", "clientAliases": [{"port": 8080, "dnsName": "api"}]}],
}


def task_of(ecs: Any, service: str) -> str:
    return ecs.list_tasks(cluster="shop", serviceName=service)["taskArns"][0]


def test_a_new_default_namespace_name_makes_an_http_namespace(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    cluster = ecs.describe_clusters(clusters=["shop"])["clusters"][0]
    namespaces = sim.client("servicediscovery").list_namespaces()["Namespaces"]
    assert [(n["Name"], n["Type"]) for n in namespaces] == [("shop", "HTTP")]
    assert cluster["serviceConnectDefaults"] == {"namespace": namespaces[0]["Arn"]}


def test_service_connect_creates_a_cloud_map_service_per_port_name(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    sim.run_until_stable()
    deployment = ecs.describe_services(cluster="shop", services=["api"])["services"][0][
        "deployments"
    ][0]
    sd = sim.client("servicediscovery")
    made = sd.list_services()["Services"]
    assert [s["Name"] for s in made] == ["api"]
    assert deployment["serviceConnectResources"] == [
        {"discoveryName": "api", "discoveryArn": made[0]["Arn"]}
    ]
    assert deployment["serviceConnectConfiguration"]["namespace"].endswith(
        sd.list_namespaces()["Namespaces"][0]["Id"]
    )
    assert sd.list_tags_for_resource(ResourceARN=made[0]["Arn"])["Tags"] == [
        {"Key": "AmazonECSManaged", "Value": "true"}
    ]
    ports = {
        i["Attributes"]["AWS_INSTANCE_PORT"]
        for i in sd.list_instances(ServiceId=made[0]["Id"])["Instances"]
    }
    assert ports == {"8080"}


def test_a_service_found_by_name_through_service_connect(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    fargate_service(sim, ecs, "web", desiredCount=1, serviceConnectConfiguration={"enabled": True})
    sim.run_until_stable()
    answers = sim.send_requests("http://api:8080/orders", 4, from_task=task_of(ecs, "web"))
    api_tasks = {
        a.rsplit("/", 1)[-1] for a in ecs.list_tasks(cluster="shop", serviceName="api")["taskArns"]
    }
    assert {a.status for a in answers} == {200}
    assert Counter(a.task for a in answers) == {task: 2 for task in api_tasks}
    assert {a.port for a in answers} == {8080}
    assert "Service Connect api" in sim.explain_traffic(answers)[0]


def test_the_discovery_name_and_its_namespace_name_resolve_too(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    config = {"enabled": True, "services": [{"portName": "api", "clientAliases": [{"port": 80}]}]}
    fargate_service(sim, ecs, "api", serviceConnectConfiguration=config)
    fargate_service(sim, ecs, "web", desiredCount=1, serviceConnectConfiguration={"enabled": True})
    sim.run_until_stable()
    web = task_of(ecs, "web")
    for url in ("http://api.shop/", "http://api/"):
        assert [a.status for a in sim.send_requests(url, 1, from_task=web)] == [200]


def test_a_task_of_a_service_outside_the_namespace_cannot_resolve_the_alias(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    fargate_service(sim, ecs, "web", desiredCount=1)
    sim.run_until_stable()
    with pytest.raises(EcsError) as refused:
        sim.send_requests("http://api:8080/", 1, from_task=task_of(ecs, "web"))
    assert refused.value.message == "Could not resolve host: api"
    assert "does not have Service Connect turned on" in (refused.value.hint or "")


def test_a_task_in_another_namespace_cannot_resolve_the_alias(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    sd = sim.client("servicediscovery")
    sd.create_http_namespace(Name="other")
    sim.run_until_stable()
    fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    fargate_service(
        sim,
        ecs,
        "web",
        desiredCount=1,
        serviceConnectConfiguration={"enabled": True, "namespace": "other"},
    )
    sim.run_until_stable()
    with pytest.raises(EcsError) as refused:
        sim.send_requests("http://api:8080/", 1, from_task=task_of(ecs, "web"))
    assert "No service with Service Connect in the namespace other" in (refused.value.hint or "")


def test_the_wrong_port_is_connection_refused(sim: Simulation, ecs: Any, shop: None) -> None:
    fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    fargate_service(sim, ecs, "web", desiredCount=1, serviceConnectConfiguration={"enabled": True})
    sim.run_until_stable()
    with pytest.raises(EcsError) as refused:
        sim.send_requests("http://api:9999/", 1, from_task=task_of(ecs, "web"))
    assert refused.value.message == "Failed to connect to api port 9999: Connection refused"


def test_with_no_running_endpoint_the_proxy_answers_503(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    fargate_service(sim, ecs, "web", desiredCount=1, serviceConnectConfiguration={"enabled": True})
    sim.run_until_stable()
    ecs.update_service(cluster="shop", service="api", desiredCount=0)
    sim.run_until_stable()
    answers = sim.send_requests("http://api:8080/", 2, from_task=task_of(ecs, "web"))
    assert [(a.status, a.error) for a in answers] == [(503, "no healthy upstream")] * 2


def test_a_port_name_not_in_the_task_definition_is_refused(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    config = {"enabled": True, "services": [{"portName": "http", "clientAliases": [{"port": 80}]}]}
    with pytest.raises(ClientError) as refused:
        fargate_service(sim, ecs, "api", serviceConnectConfiguration=config)
    assert error_code(refused) == "InvalidParameterException"
    assert "port name http" in error_message(refused)
    assert sim.client("servicediscovery").list_services()["Services"] == []


def test_service_connect_needs_a_namespace(sim: Simulation, ecs: Any) -> None:
    ecs.create_cluster(clusterName="shop")
    fargate_family(ecs, "api", 8080)
    with pytest.raises(ClientError) as refused:
        fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    assert error_code(refused) == "InvalidParameterException"
    assert "needs a namespace" in error_message(refused)
    with pytest.raises(ClientError) as refused:
        fargate_service(sim, ecs, "api", serviceConnectConfiguration={**API, "namespace": "nope"})
    assert "namespace nope was not found" in error_message(refused)


def test_a_discovery_name_belongs_to_one_ecs_service(sim: Simulation, ecs: Any, shop: None) -> None:
    fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    with pytest.raises(ClientError) as refused:
        fargate_service(sim, ecs, "api2", family="api", serviceConnectConfiguration=API)
    assert "discovery name api is already used" in error_message(refused)


def test_turning_service_connect_on_starts_a_new_deployment(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    fargate_service(sim, ecs, "api", desiredCount=1)
    sim.run_until_stable()
    ecs.update_service(cluster="shop", service="api", serviceConnectConfiguration=API)
    deployments = ecs.describe_services(cluster="shop", services=["api"])["services"][0][
        "deployments"
    ]
    assert len(deployments) == 2
    assert deployments[0]["serviceConnectConfiguration"]["enabled"] is True
    assert "serviceConnectConfiguration" not in deployments[1]


def test_a_service_created_again_takes_back_its_cloud_map_service(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    fargate_service(sim, ecs, "api", desiredCount=0, serviceConnectConfiguration=API)
    ecs.delete_service(cluster="shop", service="api")
    sim.run_until_stable()
    fargate_service(sim, ecs, "api", desiredCount=0, serviceConnectConfiguration=API)
    assert len(sim.client("servicediscovery").list_services()["Services"]) == 1


def test_a_discovery_name_someone_else_made_in_cloud_map_is_refused(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    sd = sim.client("servicediscovery")
    namespace_id = sd.list_namespaces()["Namespaces"][0]["Id"]
    sd.create_service(Name="api", NamespaceId=namespace_id)
    with pytest.raises(ClientError) as refused:
        fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    assert "discovery name api is already used" in error_message(refused)


def test_a_service_revision_shows_its_service_connect_configuration(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    fargate_service(sim, ecs, "api", desiredCount=0, serviceConnectConfiguration=API)
    [listed] = ecs.list_service_deployments(cluster="shop", service="api")["serviceDeployments"]
    revision_arn = listed["targetServiceRevisionArn"]
    [revision] = ecs.describe_service_revisions(serviceRevisionArns=[revision_arn])[
        "serviceRevisions"
    ]
    assert revision["serviceConnectConfiguration"]["services"][0]["discoveryName"] == "api"


def test_list_services_by_namespace_names_the_services_using_it_in_every_cluster(
    sim: Simulation, ecs: Any, shop: None
) -> None:
    fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    fargate_service(sim, ecs, "web", desiredCount=1, serviceConnectConfiguration={"enabled": True})
    found = ecs.list_services_by_namespace(namespace="shop")["serviceArns"]
    assert [arn.rsplit("/", 1)[-1] for arn in found] == ["api", "web"]
    arn = sim.client("servicediscovery").list_namespaces()["Namespaces"][0]["Arn"]
    assert ecs.list_services_by_namespace(namespace=arn, maxResults=1)["serviceArns"] == found[:1]
    with pytest.raises(ecs.exceptions.NamespaceNotFoundException):
        ecs.list_services_by_namespace(namespace="nowhere")
