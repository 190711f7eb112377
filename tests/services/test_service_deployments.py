"""A service's deployment history as ECS keeps it: each deployment a service deployment from
the revisions running before to a new service revision, SUCCESSFUL when done, STOPPED when a
newer one replaces it, rolled back by the circuit breaker or by StopServiceDeployment."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition


@pytest.fixture
def shop(sim: Simulation, ecs: Any) -> Any:
    ecs.create_cluster(clusterName="shop")
    sim.launch_instances("shop", count=2, instance_type="m5.large")
    sim.register(task_definition("web", container("app", "nginx:1.26", memory=128)))
    sim.register(task_definition("web", container("app", "nginx:1.27", memory=128)))
    breaker = {"deploymentCircuitBreaker": {"enable": True, "rollback": True}}
    ecs.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=2,
        deploymentConfiguration=breaker,
    )
    sim.run_until_stable()
    return ecs


def history(ecs: Any) -> list[dict]:
    return ecs.list_service_deployments(cluster="shop", service="web")["serviceDeployments"]


def described(ecs: Any, arn: str) -> dict:
    [found] = ecs.describe_service_deployments(serviceDeploymentArns=[arn])["serviceDeployments"]
    return found


def test_creating_a_service_records_a_successful_deployment_of_its_first_revision(
    shop: Any,
) -> None:
    [first] = history(shop)
    assert first["status"] == "SUCCESSFUL"
    assert ":service-deployment/shop/web/" in first["serviceDeploymentArn"]
    deployment = described(shop, first["serviceDeploymentArn"])
    assert deployment["sourceServiceRevisions"] == []
    target = deployment["targetServiceRevision"]
    assert (target["requestedTaskCount"], target["runningTaskCount"]) == (2, 2)
    [revision] = shop.describe_service_revisions(serviceRevisionArns=[target["arn"]])[
        "serviceRevisions"
    ]
    assert revision["taskDefinition"].endswith(":task-definition/web:1")
    assert revision["containerImages"] == [{"containerName": "app", "image": "nginx:1.26"}]
    assert deployment["deploymentCircuitBreaker"]["status"] == "MONITORING_COMPLETE"


def test_an_update_deploys_from_the_running_revision_to_a_new_one(
    sim: Simulation, shop: Any
) -> None:
    shop.update_service(cluster="shop", service="web", taskDefinition="web:2")
    newest = history(shop)[0]
    assert newest["status"] == "IN_PROGRESS"
    under_way = described(shop, newest["serviceDeploymentArn"])
    [source] = under_way["sourceServiceRevisions"]
    assert source["arn"] == history(shop)[1]["targetServiceRevisionArn"]
    sim.run_until_stable()
    assert [d["status"] for d in history(shop)] == ["SUCCESSFUL", "SUCCESSFUL"]
    done = described(shop, newest["serviceDeploymentArn"])
    assert done["targetServiceRevision"]["runningTaskCount"] == 2
    assert done["sourceServiceRevisions"][0]["runningTaskCount"] == 0
    assert "finishedAt" in done


def test_a_newer_deployment_stops_the_one_under_way(sim: Simulation, shop: Any) -> None:
    shop.update_service(cluster="shop", service="web", taskDefinition="web:2")
    shop.update_service(cluster="shop", service="web", forceNewDeployment=True)
    assert [d["status"] for d in history(shop)] == ["IN_PROGRESS", "STOPPED", "SUCCESSFUL"]
    sim.run_until_stable()
    assert history(shop)[0]["status"] == "SUCCESSFUL"


def test_the_circuit_breaker_rolls_the_service_deployment_back(sim: Simulation, shop: Any) -> None:
    missing = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:missing"  # never pulls
    sim.register(task_definition("web", container("app", missing, memory=128)))
    shop.update_service(cluster="shop", service="web", taskDefinition="web:3")
    sim.run_until_stable(timeout=1800)
    newest = described(shop, history(shop)[0]["serviceDeploymentArn"])
    assert newest["status"] == "ROLLBACK_SUCCESSFUL"
    assert newest["deploymentCircuitBreaker"]["status"] == "TRIGGERED"
    assert newest["deploymentCircuitBreaker"]["failureCount"] >= 3
    rolled_to = shop.describe_service_revisions(
        serviceRevisionArns=[newest["rollback"]["serviceRevisionArn"]]
    )["serviceRevisions"][0]
    assert rolled_to["taskDefinition"].endswith(":task-definition/web:1")


def test_stop_service_deployment_rolls_back_to_the_previous_revision(
    sim: Simulation, shop: Any
) -> None:
    shop.update_service(cluster="shop", service="web", taskDefinition="web:2")
    arn = history(shop)[0]["serviceDeploymentArn"]
    assert shop.stop_service_deployment(serviceDeploymentArn=arn)["serviceDeploymentArn"] == arn
    sim.run_until_stable()
    stopped = described(shop, arn)
    assert stopped["status"] == "ROLLBACK_SUCCESSFUL"
    [service] = shop.describe_services(cluster="shop", services=["web"])["services"]
    assert service["taskDefinition"].endswith(":task-definition/web:1")
    with pytest.raises(shop.exceptions.ConflictException):
        shop.stop_service_deployment(serviceDeploymentArn=arn)


def test_stop_service_deployment_refuses_what_it_cannot_stop(shop: Any) -> None:
    [first] = history(shop)
    with pytest.raises(shop.exceptions.ConflictException):
        shop.stop_service_deployment(serviceDeploymentArn=first["serviceDeploymentArn"])
    with pytest.raises(shop.exceptions.InvalidParameterException):
        shop.stop_service_deployment(
            serviceDeploymentArn=first["serviceDeploymentArn"], stopType="ABORT"
        )
    gone = first["serviceDeploymentArn"][:-4] + "XXXX"
    with pytest.raises(shop.exceptions.ServiceDeploymentNotFoundException):
        shop.stop_service_deployment(serviceDeploymentArn=gone)
    answer = shop.describe_service_deployments(serviceDeploymentArns=[gone])
    assert answer["failures"] == [{"arn": gone, "reason": "MISSING"}]


def test_list_service_deployments_filters_by_status_and_time(sim: Simulation, shop: Any) -> None:
    sim.advance(60)
    shop.update_service(cluster="shop", service="web", taskDefinition="web:2")
    [under_way] = shop.list_service_deployments(
        cluster="shop", service="web", status=["IN_PROGRESS"]
    )["serviceDeployments"]
    before = shop.list_service_deployments(
        cluster="shop", service="web", createdAt={"before": under_way["createdAt"]}
    )["serviceDeployments"]
    assert [d["status"] for d in before] == ["SUCCESSFUL"]
    with pytest.raises(shop.exceptions.ServiceNotFoundException):
        shop.list_service_deployments(cluster="shop", service="nope")


def test_the_history_is_saved_with_the_world(sim: Simulation, shop: Any, tmp_path: Any) -> None:
    shop.update_service(cluster="shop", service="web", taskDefinition="web:2")
    loaded = Simulation.load(sim.save(tmp_path / "world.json"))
    loaded.run_until_stable()
    ecs = loaded.client()
    assert [d["status"] for d in history(ecs)] == ["SUCCESSFUL", "SUCCESSFUL"]
