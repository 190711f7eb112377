"""Fargate in the cluster picture: tasks with no instance sit in boxes of AWS-managed capacity,
one per zone and subnet, each task with its ENI's address; in English and Korean; Spot tasks
say so; and above the grouping threshold the boxes count their tasks."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ecslearn import Simulation
from ecslearn.control.fargate import start_fargate_tasks
from ecslearn.control.services.common import task_spec
from ecslearn.views.cluster import cluster_graph, cluster_picture
from tests.views import require_dot


@pytest.fixture(scope="module")
def fargate() -> Simulation:
    """A Fargate service of three tasks over the default VPC's three subnets."""
    sim = Simulation(seed=0)
    ecs = sim.client("ecs")
    ecs.create_cluster(clusterName="web")
    ecs.register_task_definition(
        family="web",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "app", "image": "nginx"}],
    )
    subnets = [s["SubnetId"] for s in sim.client("ec2").describe_subnets()["Subnets"]]
    ecs.create_service(
        cluster="web",
        serviceName="web",
        taskDefinition="web",
        desiredCount=3,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": subnets}},
    )
    assert sim.run_until_stable(600)
    return sim


def test_fargate_tasks_sit_in_aws_managed_capacity_per_zone_with_their_eni(fargate) -> None:
    graph = cluster_graph(fargate, "web")
    boxes = {n: d for n, d in graph.nodes(data=True) if d["kind"] == "fargate"}
    assert {n[1] for n in boxes} == {"us-east-1a", "us-east-1b", "us-east-1c"}
    for (_, zone, subnet), data in boxes.items():
        assert data["parent"] == ("zone", zone)
        assert data["label"] == f"AWS-managed capacity (Fargate)\n{subnet}"
    for task in fargate.region_state().tasks.values():
        data = graph.nodes[("task", task.task_arn)]
        assert data["parent"][0] == "fargate"
        address = task.attachments[0]["details"][4]["value"]
        assert f"\nENI {address}" in data["label"]
    assert "3 zones" in graph.graph["title"]
    legend = [label for label, _, _ in graph.graph["legend"]]
    assert "Fargate: AWS-managed capacity, one ENI per task, no instance" in legend


def test_the_picture_speaks_korean(fargate) -> None:
    graph = cluster_graph(fargate, "web", lang="ko")
    labels = [d["label"] for _, d in graph.nodes(data=True) if d["kind"] == "fargate"]
    assert all(label.startswith("AWS 관리형 용량 (Fargate)") for label in labels)


def test_spot_tasks_say_so_and_grouped_boxes_count_tasks(fargate) -> None:
    state = fargate.region_state()
    service = next(iter(state.services.values()))
    [spot] = start_fargate_tasks(
        fargate.world,
        state,
        task_spec(state, service, service.primary),
        1,
        capacity_provider="FARGATE_SPOT",
    )
    graph = cluster_graph(fargate, "web")
    assert graph.nodes[("task", spot.task_arn)]["label"].endswith(" · Spot")
    grouped = cluster_graph(fargate, "web", group_above=-1)
    counted = [d for _, d in grouped.nodes(data=True) if d["kind"] == "fargate"]
    live = [t for t in state.tasks.values() if not t.is_stopped]
    assert sum(sum(d["tasks"].values()) for d in counted) == len(live) >= 4


def test_the_fargate_picture_draws_as_svg(fargate) -> None:
    require_dot()
    assert ET.fromstring(cluster_picture(fargate, "web").svg()).tag.endswith("svg")


def test_a_task_with_a_public_address_shows_it(fargate) -> None:
    ecs = fargate.client("ecs")
    subnet = fargate.client("ec2").describe_subnets()["Subnets"][0]["SubnetId"]
    [task] = ecs.run_task(
        cluster="web",
        taskDefinition="web",
        launchType="FARGATE",
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}
        },
    )["tasks"]
    interface = next(
        i
        for i in fargate.region_state().ec2.task_interfaces.values()
        if i.task_arn == task["taskArn"]
    )
    label = cluster_graph(fargate, "web").nodes[("task", task["taskArn"])]["label"]
    assert f"· public {interface.public_ip}" in label
    korean = cluster_graph(fargate, "web", lang="ko").nodes[("task", task["taskArn"])]["label"]
    assert f"· 공인 {interface.public_ip}" in korean
