"""A service with the CODE_DEPLOY deployment controller, as ECS shows it: its tasks belong to a
PRIMARY task set ECS makes at 100% (deployments is an empty list), UpdateService scales it but
refuses what only a CodeDeploy deployment may change, with AWS's words, and the task set
operations other than DescribeTaskSets are CodeDeploy's (or an EXTERNAL controller's)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition


@pytest.fixture
def ecs(sim: Simulation) -> Any:
    client = sim.client("ecs")
    client.create_cluster(clusterName="shop")
    sim.launch_instances("shop", count=2, instance_type="m5.large")
    for image in ("nginx:1.26", "nginx:1.27"):
        sim.register(task_definition("web", container("web", image, memory=128)))
    client.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition="web:1",
        desiredCount=2,
        deploymentController={"type": "CODE_DEPLOY"},
    )
    sim.run_until_stable()
    return client


def described(ecs: Any) -> dict:
    return ecs.describe_services(cluster="shop", services=["web"])["services"][0]


def refusal(call: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call()
    error = raised.value.response["Error"]
    return error["Code"], error["Message"]


def test_a_code_deploy_service_runs_its_tasks_in_a_primary_task_set(ecs: Any) -> None:
    service = described(ecs)
    assert service["deploymentController"] == {"type": "CODE_DEPLOY"}
    assert service["deployments"] == []
    [task_set] = service["taskSets"]
    assert task_set["status"] == "PRIMARY" and task_set["scale"]["value"] == 100.0
    assert task_set["taskDefinition"] == service["taskDefinition"]
    assert service["taskDefinition"].endswith(":task-definition/web:1")
    assert (task_set["runningCount"], task_set["stabilityStatus"]) == (2, "STEADY_STATE")
    assert service["runningCount"] == 2
    [same] = ecs.describe_task_sets(cluster="shop", service="web")["taskSets"]
    assert same["id"] == task_set["id"]


def test_a_new_revision_or_a_forced_deployment_needs_codedeploy(ecs: Any) -> None:
    assert refusal(
        lambda: ecs.update_service(cluster="shop", service="web", taskDefinition="web:2")
    ) == (
        "InvalidParameterException",
        "Unable to update task definition on services with a CODE_DEPLOY deployment "
        "controller. Use AWS CodeDeploy to trigger a new deployment.",
    )
    assert refusal(
        lambda: ecs.update_service(cluster="shop", service="web", forceNewDeployment=True)
    ) == (
        "InvalidParameterException",
        "Cannot force a new deployment on services with a CODE_DEPLOY deployment controller. "
        "Use AWS CodeDeploy to trigger a new deployment.",
    )
    code, message = refusal(
        lambda: ecs.update_service(
            cluster="shop",
            service="web",
            networkConfiguration={"awsvpcConfiguration": {"subnets": ["subnet-1"]}},
        )
    )
    assert code == "InvalidParameterException" and message.endswith(
        "Use AWS CodeDeploy to trigger a new deployment."
    )
    assert described(ecs)["taskSets"][0]["taskDefinition"].endswith("web:1")  # unchanged


def test_update_service_scales_the_task_set(sim: Simulation, ecs: Any) -> None:
    ecs.update_service(cluster="shop", service="web", desiredCount=3, taskDefinition="web:1")
    sim.run_until_stable()
    [task_set] = ecs.describe_task_sets(cluster="shop", service="web")["taskSets"]
    assert (task_set["computedDesiredCount"], task_set["runningCount"]) == (3, 3)


def test_a_bad_placement_strategy_is_refused_and_changes_nothing(ecs: Any) -> None:
    code, _ = refusal(
        lambda: ecs.update_service(
            cluster="shop",
            service="web",
            desiredCount=4,
            placementStrategy=[{"type": "nonsense"}],
        )
    )
    assert code == "InvalidParameterException"
    service = described(ecs)
    assert service["desiredCount"] == 2 and service.get("placementStrategy", []) == []


def test_creating_task_sets_is_left_to_codedeploy(ecs: Any) -> None:
    code, message = refusal(
        lambda: ecs.create_task_set(cluster="shop", service="web", taskDefinition="web:2")
    )
    assert code == "InvalidParameterException" and "uses CODE_DEPLOY" in message


def test_a_daemon_service_cannot_use_codedeploy(ecs: Any) -> None:
    code, _ = refusal(
        lambda: ecs.create_service(
            cluster="shop",
            serviceName="agent",
            taskDefinition="web:1",
            schedulingStrategy="DAEMON",
            deploymentController={"type": "CODE_DEPLOY"},
        )
    )
    assert code == "InvalidParameterException"


def test_a_code_deploy_service_survives_a_save_and_load(
    sim: Simulation, ecs: Any, tmp_path
) -> None:
    sim.save(tmp_path / "world.json")
    loaded = Simulation.load(tmp_path / "world.json", strict=True)
    again = loaded.client("ecs")
    again.update_service(cluster="shop", service="web", desiredCount=1)
    loaded.run_until_stable()
    [task_set] = again.describe_task_sets(cluster="shop", service="web")["taskSets"]
    assert task_set["runningCount"] == 1 and task_set["status"] == "PRIMARY"
