"""Every model class speaks ECS's JSON: its members are the botocore shape's members, unknown
members survive a round trip, and the lesson builders make the same objects as the JSON."""

from __future__ import annotations

import pytest

from ecslearn.control.shapes import service_model
from ecslearn.model.base import EcsObject
from ecslearn.model.builders import container, health_check, port, task_definition
from ecslearn.model.cluster import Cluster
from ecslearn.model.common import Attribute, Tag
from ecslearn.model.container_instance import ContainerInstance, Resource
from ecslearn.model.ecr import Image, Repository, parse_image_reference
from ecslearn.model.service import (
    Deployment,
    DeploymentConfiguration,
    LoadBalancer,
    PlacementStrategy,
    Service,
    ServiceEvent,
)
from ecslearn.model.task import Container, NetworkBinding, Task
from ecslearn.model.task_definition import (
    ContainerDefinition,
    ContainerDependency,
    HealthCheck,
    KeyValuePair,
    PortMapping,
    TaskDefinition,
)

#: model class -> (botocore service, shape name)
SHAPES: dict[type[EcsObject], tuple[str, str]] = {
    TaskDefinition: ("ecs", "TaskDefinition"),
    ContainerDefinition: ("ecs", "ContainerDefinition"),
    PortMapping: ("ecs", "PortMapping"),
    HealthCheck: ("ecs", "HealthCheck"),
    ContainerDependency: ("ecs", "ContainerDependency"),
    KeyValuePair: ("ecs", "KeyValuePair"),
    Attribute: ("ecs", "Attribute"),
    Tag: ("ecs", "Tag"),
    Cluster: ("ecs", "Cluster"),
    ContainerInstance: ("ecs", "ContainerInstance"),
    Resource: ("ecs", "Resource"),
    Task: ("ecs", "Task"),
    Container: ("ecs", "Container"),
    NetworkBinding: ("ecs", "NetworkBinding"),
    Service: ("ecs", "Service"),
    Deployment: ("ecs", "Deployment"),
    DeploymentConfiguration: ("ecs", "DeploymentConfiguration"),
    LoadBalancer: ("ecs", "LoadBalancer"),
    PlacementStrategy: ("ecs", "PlacementStrategy"),
    ServiceEvent: ("ecs", "ServiceEvent"),
    Repository: ("ecr", "Repository"),
    Image: ("ecr", "ImageDetail"),
}


@pytest.mark.parametrize("cls", list(SHAPES), ids=lambda c: c.__name__)
def test_every_member_of_a_model_class_is_a_member_of_its_ecs_shape(cls) -> None:
    service, shape_name = SHAPES[cls]
    members = service_model(service).shape_for(shape_name).members
    keys = {spec.key for spec in cls._specs()}
    assert keys <= set(members), f"not in botocore's {shape_name}: {keys - set(members)}"


def test_members_ecslearn_does_not_model_come_back_unchanged() -> None:
    data = {
        "name": "web",
        "image": "nginx",
        "memory": 128,
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}},
        "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 4096}],
        "portMappings": [{"containerPort": 80, "appProtocol": "http", "futureMember": 1}],
    }
    assert ContainerDefinition.from_json(data).to_json() == data


def test_none_members_are_left_out_as_aws_leaves_them_out() -> None:
    assert PortMapping(container_port=80).to_json() == {"containerPort": 80}


def test_builders_make_the_same_objects_as_the_json() -> None:
    built = task_definition(
        "shop",
        container(
            "web",
            "nginx",
            memory=256,
            ports=[80, "8080:81", "53/udp"],
            environment={"MODE": "prod"},
            depends_on={"db": "HEALTHY"},
        ),
        container("db", "postgres", memory=512, health=health_check("pg_isready", interval=10)),
        network_mode="bridge",
    )
    from_json = TaskDefinition.from_json(
        {
            "family": "shop",
            "networkMode": "bridge",
            "containerDefinitions": [
                {
                    "name": "web",
                    "image": "nginx",
                    "memory": 256,
                    "portMappings": [
                        {"containerPort": 80},
                        {"containerPort": 81, "hostPort": 8080},
                        {"containerPort": 53, "protocol": "udp"},
                    ],
                    "environment": [{"name": "MODE", "value": "prod"}],
                    "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}],
                },
                {
                    "name": "db",
                    "image": "postgres",
                    "memory": 512,
                    "healthCheck": {"command": ["CMD-SHELL", "pg_isready"], "interval": 10},
                },
            ],
        }
    )
    assert built == from_json


def test_port_shorthand() -> None:
    assert port("8080:80/udp") == PortMapping(container_port=80, host_port=8080, protocol="udp")
    assert port(443) == PortMapping(container_port=443)


def test_a_fargate_builder_asks_for_awsvpc() -> None:
    td = task_definition("f", container("a", "nginx"), fargate=True, cpu=256, memory=512)
    assert td.to_request() == {
        "family": "f",
        "containerDefinitions": [{"name": "a", "image": "nginx"}],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        "requiresCompatibilities": ["FARGATE"],
    }


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("nginx", (None, "nginx", "latest", None)),
        ("nginx:1.27", (None, "nginx", "1.27", None)),
        ("library/nginx:1", (None, "library/nginx", "1", None)),
        ("localhost:5000/web:v2", ("localhost:5000", "web", "v2", None)),
        (
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/team/web@sha256:" + "a" * 64,
            (
                "123456789012.dkr.ecr.us-east-1.amazonaws.com",
                "team/web",
                None,
                "sha256:" + "a" * 64,
            ),
        ),
    ],
)
def test_image_references_split_as_docker_splits_them(image: str, expected: tuple) -> None:
    assert parse_image_reference(image) == expected
