"""A task definition becomes a Compose file Docker accepts, one service per container, and a
Compose file comes back as a task definition ECS accepts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ecslearn import Simulation
from ecslearn.export import compose
from ecslearn.model.builders import container, health_check, task_definition
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.model.validation import validate_task_definition
from tests.export.conftest import FIXTURES, fixture_definition

#: What a Compose file can carry; the rest (logs, secrets, volumes) has no Compose form here.
CARRIED = {
    *("name", "image", "essential", "command", "entryPoint", "environment", "portMappings"),
    *("links", "dependsOn", "healthCheck", "memory", "memoryReservation", "cpu"),
    *("stopTimeout", "dockerLabels", "user"),
}


def carried(td: TaskDefinition) -> list[dict[str, Any]]:
    normal = validate_task_definition(td)
    return [
        {k: v for k, v in c.to_json().items() if k in CARRIED} for c in normal.container_definitions
    ]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_aws_doc_task_definition_becomes_a_compose_file_docker_accepts(
    path: Path, compose_config
) -> None:
    assert compose_config(compose.from_task_definition(fixture_definition(path))) == ""


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_aws_doc_task_definition_survives_compose_and_back(
    sim: Simulation, path: Path
) -> None:
    original = fixture_definition(path)
    text = compose.from_task_definition_yaml(original)
    back = compose.to_task_definition(yaml.safe_load(text), original.family or "")
    assert back.effective_network_mode == original.effective_network_mode
    assert carried(back) == carried(original)
    sim.register(back)  # and ECS's rules accept it


def test_bridge_ports_publish_fixed_host_ports_and_leave_dynamic_ones_to_docker() -> None:
    td = task_definition("web", container("web", "nginx", memory=64, ports=["8080:80", 443]))
    assert compose.from_task_definition(td)["services"]["web"]["ports"] == [
        "8080:80/tcp",
        "443/tcp",
    ]


def test_host_mode_is_network_mode_host_without_port_mappings() -> None:
    td = task_definition(
        "web", container("web", "nginx", memory=64, ports=[80]), network_mode="host"
    )
    service = compose.from_task_definition(td)["services"]["web"]
    assert service["network_mode"] == "host"
    assert "ports" not in service


def test_awsvpc_containers_share_the_network_namespace_of_a_pause_service(compose_config) -> None:
    td = task_definition(
        "app",
        container("web", "nginx", memory=64, ports=[80]),
        container("sidecar", "envoy", memory=64, ports=[9901]),
        network_mode="awsvpc",
    )
    data = compose.from_task_definition(td)
    net = compose.AWSVPC_NETWORK_SERVICE
    assert next(iter(data["services"])) == net
    assert data["services"][net]["ports"] == ["80:80/tcp", "9901:9901/tcp"]
    for name in ("web", "sidecar"):
        assert data["services"][name]["network_mode"] == f"service:{net}"
        assert data["services"][name]["depends_on"][net] == {"condition": "service_started"}
    assert data["services"]["web"]["expose"] == ["80/tcp"]
    assert compose_config(data) == ""


def test_depends_on_conditions_map_and_complete_is_kept_for_the_way_back() -> None:
    td = task_definition(
        "app",
        container("migrate", "flyway", memory=64, essential=False),
        container("warm", "busybox", memory=64, essential=False),
        container("db", "postgres", memory=64, health="pg_isready"),
        container(
            "web",
            "nginx",
            memory=64,
            depends_on={"db": "HEALTHY", "migrate": "SUCCESS", "warm": "COMPLETE"},
        ),
    )
    web = compose.from_task_definition(td)["services"]["web"]
    assert web["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
        "warm": {"condition": "service_completed_successfully"},
    }
    back = compose.to_task_definition(compose.from_task_definition(td), "app")
    assert {d.container_name: d.condition for d in back.container("web").depends_on} == {
        "db": "HEALTHY",
        "migrate": "SUCCESS",
        "warm": "COMPLETE",
    }


def test_health_checks_limits_and_stop_timeout_become_compose_settings() -> None:
    check = health_check("curl -f localhost", interval=10, start_period=20)
    td = task_definition(
        "web",
        container(
            "web",
            "nginx",
            memory=512,
            memory_reservation=256,
            cpu=512,
            health=check,
            stop_timeout=45,
            labels={"team": "a"},
        ),
    )
    web = compose.from_task_definition(td)["services"]["web"]
    assert web["healthcheck"] == {
        "test": ["CMD-SHELL", "curl -f localhost"],
        "interval": "10s",
        "timeout": "5s",
        "retries": 3,
        "start_period": "20s",
    }
    assert (web["mem_limit"], web["mem_reservation"], web["cpu_shares"]) == ("512m", "256m", 512)
    assert web["stop_grace_period"] == "45s"
    assert web["labels"] == {"team": "a"}


def test_a_hand_written_compose_file_imports_as_a_task_definition_ecs_accepts(
    sim: Simulation,
) -> None:
    text = """
services:
  db:
    image: postgres:16
    environment: [POSTGRES_PASSWORD=secret]
    healthcheck: {test: pg_isready, interval: 1m, retries: 5}
  migrate:
    image: app:1
    command: ./migrate --up
    depends_on: {db: {condition: service_healthy}}
  web:
    image: app:1
    ports: ["8080:80", "9000"]
    deploy: {resources: {limits: {cpus: "0.5", memory: 1g}}}
    stop_grace_period: 1m30s
    depends_on:
      migrate: {condition: service_completed_successfully}
"""
    td = compose.to_task_definition(yaml.safe_load(text), "shop")
    registered = sim.register(td)
    assert registered.network_mode == "bridge"
    db, migrate, web = registered.container_definitions
    assert db.health_check.command == ["CMD-SHELL", "pg_isready"]
    assert (db.health_check.interval, db.health_check.retries) == (60, 5)
    assert db.memory_reservation == compose.DEFAULT_MEMORY_RESERVATION
    assert migrate.command == ["./migrate", "--up"] and migrate.essential is False
    assert (web.cpu, web.memory, web.stop_timeout) == (512, 1024, 90)
    assert [(p.host_port, p.container_port) for p in web.port_mappings] == [
        (8080, 80),
        (None, 9000),
    ]
    assert web.depends_on[0].condition == "SUCCESS"


def test_a_compose_file_mixing_network_modes_is_refused_with_the_reason() -> None:
    data = {"services": {"a": {"image": "x", "network_mode": "host"}, "b": {"image": "y"}}}
    with pytest.raises(compose.ComposeImportError, match="one network mode"):
        compose.to_task_definition(data, "mixed")
