"""Task sets under the EXTERNAL deployment controller, as ECS documents them: the service holds
only what no task set decides, each task set runs ceil(desiredCount x scale%) tasks of its own
task definition, one task set can be made PRIMARY, and a deleted task set drains."""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from tests.services.elbv2_fixtures import application, forward, group


@pytest.fixture
def shop(sim: Simulation, ecs: Any) -> Any:
    """A cluster with room, two revisions of "web", and an EXTERNAL service of 4."""
    ecs.create_cluster(clusterName="shop")
    sim.launch_instances("shop", count=2, instance_type="m5.large")
    sim.register(task_definition("web", container("app", "nginx", memory=128)))
    sim.register(task_definition("web", container("app", "nginx:1.27", memory=128)))
    ecs.create_service(
        cluster="shop",
        serviceName="web",
        desiredCount=4,
        deploymentController={"type": "EXTERNAL"},
    )
    return ecs


def create(ecs: Any, revision: str, percent: float, **extra: Any) -> dict[str, Any]:
    return ecs.create_task_set(
        cluster="shop",
        service="web",
        taskDefinition=revision,
        scale={"value": percent, "unit": "PERCENT"},
        **extra,
    )["taskSet"]


def task_sets(ecs: Any, *references: str, **extra: Any) -> dict[str, dict[str, Any]]:
    kwargs: dict[str, Any] = {"taskSets": list(references)} if references else {}
    answer = ecs.describe_task_sets(cluster="shop", service="web", **kwargs, **extra)
    return {t["id"]: t for t in answer["taskSets"]}


def running_by_set(ecs: Any) -> dict[str, int]:
    arns = ecs.list_tasks(cluster="shop", serviceName="web")["taskArns"]
    counts: dict[str, int] = {}
    for task in ecs.describe_tasks(cluster="shop", tasks=arns)["tasks"] if arns else []:
        assert task["group"] == "service:web"
        counts[task["startedBy"]] = counts.get(task["startedBy"], 0) + 1
    return counts


def service(ecs: Any) -> dict[str, Any]:
    return ecs.describe_services(cluster="shop", services=["web"])["services"][0]


def test_an_external_service_starts_with_no_task_definition_no_deployment_and_no_tasks(
    sim: Simulation, shop: Any
) -> None:
    sim.run_until_stable()
    described = service(shop)
    assert described["deploymentController"] == {"type": "EXTERNAL"}
    assert "taskDefinition" not in described
    assert described["deployments"] == [] and described["taskSets"] == []
    assert described["runningCount"] == 0


def test_task_sets_scale_by_percent_of_the_services_desired_count(
    sim: Simulation, shop: Any
) -> None:
    blue = create(shop, "web:1", 100, externalId="blue")
    green = create(shop, "web:2", 30)
    assert re.fullmatch(r"ecs-svc/\d{19}", blue["id"])
    assert blue["taskSetArn"] == (
        f"arn:aws:ecs:us-east-1:123456789012:task-set/shop/web/{blue['id']}"
    )
    assert (blue["status"], blue["externalId"], blue["launchType"]) == ("ACTIVE", "blue", "EC2")
    assert blue["computedDesiredCount"] == 4
    assert green["computedDesiredCount"] == 2  # 4 x 30% = 1.2, always rounded up
    assert green["stabilityStatus"] == "STABILIZING"
    sim.run_until_stable()
    assert running_by_set(shop) == {blue["id"]: 4, green["id"]: 2}
    described = task_sets(shop)
    assert described[green["id"]]["runningCount"] == 2
    assert described[green["id"]]["stabilityStatus"] == "STEADY_STATE"
    assert described[green["id"]]["taskDefinition"].endswith(":task-definition/web:2")
    assert service(shop)["runningCount"] == 6  # the service counts every task set's tasks
    messages = [e["message"] for e in service(shop)["events"]]
    assert any(
        m.startswith(f"(service web, taskSet {green['id']}) has started 2 tasks: (task ")
        for m in messages
    )


def test_a_task_set_follows_the_services_desired_count_and_its_own_scale(
    sim: Simulation, shop: Any
) -> None:
    blue = create(shop, "web:1", 50)
    sim.run_until_stable()
    shop.update_service(cluster="shop", service="web", desiredCount=10)
    sim.run_until_stable()
    assert running_by_set(shop) == {blue["id"]: 5}
    updated = shop.update_task_set(
        cluster="shop", service="web", taskSet=blue["taskSetArn"], scale={"value": 70.0}
    )["taskSet"]
    assert updated["computedDesiredCount"] == 7  # not 8: 10 x 70% is exactly 7
    sim.run_until_stable()
    assert running_by_set(shop) == {blue["id"]: 7}
    shop.update_task_set(
        cluster="shop", service="web", taskSet=blue["id"], scale={"value": 0, "unit": "PERCENT"}
    )
    sim.run_until_stable()
    assert running_by_set(shop) == {}


def test_the_primary_task_set_can_be_switched(sim: Simulation, shop: Any) -> None:
    blue = create(shop, "web:1", 100)
    green = create(shop, "web:2", 100)
    first = shop.update_service_primary_task_set(
        cluster="shop", service="web", primaryTaskSet=blue["id"]
    )["taskSet"]
    assert first["status"] == "PRIMARY"
    assert service(shop)["taskDefinition"].endswith("web:1")
    shop.update_service_primary_task_set(
        cluster="shop", service="web", primaryTaskSet=green["taskSetArn"]
    )
    described = task_sets(shop)
    assert described[green["id"]]["status"] == "PRIMARY"
    assert described[blue["id"]]["status"] == "ACTIVE"
    # What the primary task set decides, the service shows; with no primary, nothing.
    assert service(shop)["taskDefinition"].endswith("web:2")
    shop.delete_task_set(cluster="shop", service="web", taskSet=green["id"], force=True)
    assert "taskDefinition" not in service(shop)


def test_deleting_a_task_set_stops_its_tasks(sim: Simulation, shop: Any) -> None:
    blue = create(shop, "web:1", 100)
    green = create(shop, "web:2", 50)
    sim.run_until_stable()
    with pytest.raises(ClientError) as refused:
        shop.delete_task_set(cluster="shop", service="web", taskSet=blue["id"])
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"
    deleted = shop.delete_task_set(cluster="shop", service="web", taskSet=blue["id"], force=True)
    assert deleted["taskSet"]["status"] == "DRAINING"
    assert deleted["taskSet"]["computedDesiredCount"] == 0
    sim.run_until_stable()
    assert running_by_set(shop) == {green["id"]: 2}
    answer = shop.describe_task_sets(cluster="shop", service="web", taskSets=[blue["taskSetArn"]])
    assert answer["taskSets"] == []
    assert answer["failures"] == [{"arn": blue["taskSetArn"], "reason": "MISSING"}]
    with pytest.raises(ClientError) as gone:
        shop.update_task_set(
            cluster="shop", service="web", taskSet=blue["id"], scale={"value": 10.0}
        )
    assert gone.value.response["Error"]["Code"] == "TaskSetNotFoundException"


def test_a_task_set_scaled_to_zero_can_be_deleted_without_force(sim: Simulation, shop: Any) -> None:
    blue = create(shop, "web:1", 0)
    deleted = shop.delete_task_set(cluster="shop", service="web", taskSet=blue["id"])
    assert deleted["taskSet"]["status"] == "DRAINING"
    sim.run_until_stable()
    assert task_sets(shop) == {}


def test_describe_task_sets_includes_tags_when_asked(sim: Simulation, shop: Any) -> None:
    blue = create(shop, "web:1", 100, tags=[{"key": "colour", "value": "blue"}])
    assert "tags" not in task_sets(shop)[blue["id"]]
    tagged = task_sets(shop, blue["id"], include=["TAGS"])[blue["id"]]
    assert tagged["tags"] == [{"key": "colour", "value": "blue"}]


def test_a_task_set_cannot_be_created_on_a_service_with_the_ecs_controller(
    sim: Simulation, shop: Any
) -> None:
    shop.create_service(cluster="shop", serviceName="api", taskDefinition="web", desiredCount=1)
    with pytest.raises(ClientError) as refused:
        shop.create_task_set(cluster="shop", service="api", taskDefinition="web:1")
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"
    assert "EXTERNAL deployment controller" in refused.value.response["Error"]["Message"]


def test_an_external_service_takes_no_task_definition_and_updates_only_its_count(
    sim: Simulation, shop: Any
) -> None:
    with pytest.raises(ClientError) as refused:
        shop.create_service(
            cluster="shop",
            serviceName="other",
            taskDefinition="web",
            desiredCount=1,
            deploymentController={"type": "EXTERNAL"},
        )
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"
    assert "taskDefinition" in refused.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as not_here:
        shop.update_service(cluster="shop", service="web", taskDefinition="web:2")
    assert not_here.value.response["Error"]["Code"] == "InvalidParameterException"
    updated = shop.update_service(
        cluster="shop", service="web", desiredCount=2, healthCheckGracePeriodSeconds=30
    )["service"]
    assert (updated["desiredCount"], updated["healthCheckGracePeriodSeconds"]) == (2, 30)


def test_a_scale_outside_zero_to_a_hundred_percent_is_refused(shop: Any) -> None:
    with pytest.raises(ClientError) as refused:
        create(shop, "web:1", 150)
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"
    assert task_sets(shop) == {}


def test_task_sets_survive_a_save_and_load_mid_flight(sim: Simulation, shop: Any, tmp_path) -> None:
    blue = create(shop, "web:1", 100)
    shop.update_service_primary_task_set(cluster="shop", service="web", primaryTaskSet=blue["id"])
    sim.advance(3)  # tasks placed, not running yet
    path = sim.save(tmp_path / "world.json")
    loaded = Simulation.load(path)
    ecs = loaded.client("ecs")
    loaded.run_until_stable()
    described = ecs.describe_task_sets(cluster="shop", service="web")["taskSets"]
    assert [(t["id"], t["status"], t["runningCount"]) for t in described] == [
        (blue["id"], "PRIMARY", 4)
    ]
    assert described[0]["stabilityStatus"] == "STEADY_STATE"


def test_a_task_set_runs_on_fargate_with_its_own_network_configuration(
    sim: Simulation, shop: Any, ec2: Any
) -> None:
    shop.register_task_definition(
        family="edge",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "app", "image": "nginx", "essential": True}],
    )
    subnets = [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]]
    edge = create(
        shop,
        "edge",
        50,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": subnets}},
    )
    assert (edge["launchType"], edge["platformVersion"]) == ("FARGATE", "LATEST")
    sim.run_until_stable()
    [arn, *more] = shop.list_tasks(cluster="shop", serviceName="web")["taskArns"]
    [task] = shop.describe_tasks(cluster="shop", tasks=[arn, *more])["tasks"][:1]
    assert len(more) == 1  # 4 x 50%
    assert task["launchType"] == "FARGATE" and task["startedBy"] == edge["id"]
    assert "containerInstanceArn" not in task


def test_a_task_set_can_be_tagged_by_its_arn(shop: Any) -> None:
    blue = create(shop, "web:1", 100)
    shop.tag_resource(resourceArn=blue["taskSetArn"], tags=[{"key": "stage", "value": "live"}])
    listed = shop.list_tags_for_resource(resourceArn=blue["taskSetArn"])["tags"]
    assert listed == [{"key": "stage", "value": "live"}]


def test_deleting_an_external_service_stops_every_task_sets_tasks(
    sim: Simulation, shop: Any
) -> None:
    create(shop, "web:1", 100)
    create(shop, "web:2", 50)
    sim.run_until_stable()
    shop.delete_service(cluster="shop", service="web", force=True)
    sim.run_until_stable()
    assert shop.list_tasks(cluster="shop", serviceName="web")["taskArns"] == []
    assert service(shop)["status"] == "INACTIVE"


def test_a_task_sets_tasks_register_with_its_target_group(
    sim: Simulation, shop: Any, elbv2: Any
) -> None:
    sim.register(task_definition("front", container("app", "nginx", memory=128, ports=[80])))
    balancer = application(sim, elbv2)
    green_group = group(sim, elbv2, "green")
    elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward(green_group),
    )
    green = create(
        shop,
        "front",
        50,
        loadBalancers=[
            {"targetGroupArn": green_group, "containerName": "app", "containerPort": 80}
        ],
    )
    assert green["loadBalancers"][0]["targetGroupArn"] == green_group
    sim.run_until_stable()
    health = elbv2.describe_target_health(TargetGroupArn=green_group)["TargetHealthDescriptions"]
    assert [t["TargetHealth"]["State"] for t in health] == ["healthy", "healthy"]
