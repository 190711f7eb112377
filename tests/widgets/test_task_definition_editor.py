"""The task definition editor checks every change with RegisterTaskDefinition's rules and keeps
the form and the JSON in step."""

from __future__ import annotations

import json

from ecslearn import Simulation
from ecslearn.widgets import TaskDefinitionEditor


def test_the_editor_starts_from_the_latest_revision(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, family="web")
    assert editor.containers[0].image.value == "nginx:1.27"
    assert editor.containers[0].ports.value == "80"
    assert json.loads(editor.json.value)["family"] == "web"
    assert editor.error.value == ""


def test_a_form_change_shows_ecs_error_next_to_the_form(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, family="web")
    editor.containers[0].memory.value = 0
    assert "ClientException" in editor.error.value
    assert "container &#x27;web&#x27;" in editor.error.value
    assert "memoryReservation" in editor.error.value
    editor.containers[0].reservation.value = 128
    assert editor.error.value == ""


def test_form_changes_reach_the_json(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, family="web")
    form = editor.containers[0]
    form.ports.value = "8080:80, 53/udp"
    form.environment.value = "MODE=blue\nLEVEL=2"
    form.health.value = "curl -f localhost"
    editor.network_mode.value = "host"
    data = json.loads(editor.json.value)
    web = data["containerDefinitions"][0]
    assert web["portMappings"] == [
        {"containerPort": 80, "hostPort": 8080},
        {"containerPort": 53, "protocol": "udp"},
    ]
    assert web["environment"] == [
        {"name": "MODE", "value": "blue"},
        {"name": "LEVEL", "value": "2"},
    ]
    assert web["healthCheck"]["command"] == ["CMD-SHELL", "curl -f localhost"]
    assert data["networkMode"] == "host"


def test_json_edits_fill_the_form_and_keep_unknown_members(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, family="web")
    data = json.loads(editor.json.value)
    data["containerDefinitions"][0]["image"] = "nginx:1.28"
    data["containerDefinitions"][0]["command"] = ["nginx", "-g", "daemon off;"]
    data["containerDefinitions"].append(
        {"name": "log", "image": "fluent-bit", "memory": 64, "essential": False}
    )
    editor.json.value = json.dumps(data)
    assert editor.containers[0].image.value == "nginx:1.28"
    assert [f.name.value for f in editor.containers] == ["web", "log"]
    editor.containers[1].memory.value = 96  # a form edit keeps what only the JSON had
    again = json.loads(editor.json.value)
    assert again["containerDefinitions"][0]["command"] == ["nginx", "-g", "daemon off;"]
    assert again["containerDefinitions"][1]["memory"] == 96


def test_dependencies_are_checked_like_ecs(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, family="web")
    editor.containers[0].depends_on.value = "db:HEALTHY"
    assert "ClientException" in editor.error.value and "db" in editor.error.value


def test_unreadable_json_and_fields_are_reported_not_raised(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, family="web")
    editor.json.value = "{ not json"
    assert "cannot be read" in editor.error.value
    editor.json.value = json.dumps({"family": "web", "containerDefinitions": []})
    assert "Container list cannot be empty" in editor.error.value
    editor.add_container()
    editor.containers[0].ports.value = "eighty"
    assert "ports" in editor.error.value


def test_register_creates_a_new_revision(cluster_sim: Simulation, spy) -> None:
    editor = TaskDefinitionEditor(cluster_sim, family="web")
    calls = spy(editor.ecs)
    editor.containers[0].image.value = "nginx:1.28"
    editor.register_button.click()
    assert calls.operations == ["RegisterTaskDefinition"]
    described = cluster_sim.client().describe_task_definition(taskDefinition="web")
    assert described["taskDefinition"]["revision"] == 2
    assert described["taskDefinition"]["containerDefinitions"][0]["image"] == "nginx:1.28"
    assert "Registered web:2" in editor.status.value


def test_an_invalid_definition_is_not_sent(cluster_sim: Simulation, spy) -> None:
    editor = TaskDefinitionEditor(cluster_sim, family="web")
    calls = spy(editor.ecs)
    editor.containers[0].memory.value = 0
    assert editor.register() is None
    assert calls.operations == []
    assert sorted(cluster_sim.region_state().task_definitions["web"]) == [1]


def test_a_new_family_starts_from_a_working_example(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, family="api")
    assert editor.error.value == ""
    assert editor.register() == "api:1"
    editor.remove_container(editor.containers[0])
    assert "Container list cannot be empty" in editor.error.value


def test_network_mode_follows_the_json_and_is_checked(cluster_sim: Simulation) -> None:
    editor = TaskDefinitionEditor(cluster_sim, family="web")
    data = json.loads(editor.json.value)
    data["networkMode"] = "awsvpc"
    data["containerDefinitions"][0]["portMappings"] = [{"containerPort": 80, "hostPort": 8080}]
    editor.json.value = json.dumps(data)
    assert editor.network_mode.value == "awsvpc"
    assert "ClientException" in editor.error.value and "hostPort" in editor.error.value
