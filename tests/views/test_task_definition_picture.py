"""The task definition picture: each container's facts, one arrow per dependsOn entry with its
condition, and the order the agent starts and stops the containers in."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from ecslearn.model.task_definition import (
    ContainerDefinition,
    ContainerDependency,
    TaskDefinition,
)
from ecslearn.views.task_definition import (
    ESSENTIAL_MARK,
    start_order,
    stop_order,
    task_definition_graph,
    task_definition_picture,
)
from tests.views import require_dot


def shop() -> TaskDefinition:
    """proxy waits for app HEALTHY; app for db HEALTHY and cache START; db and cache need
    nothing, so they start together."""
    return task_definition(
        "shop",
        container(
            "proxy", "envoyproxy/envoy:v1.29", cpu=128, memory=128, ports=["8080:8080"],
            depends_on={"app": "HEALTHY"},
        ),
        container(
            "app", "shop/app:2.1", cpu=256, memory=512, memory_reservation=256, ports=[3000],
            depends_on={"db": "HEALTHY", "cache": "START"},
            health="curl -f http://localhost:3000/health || exit 1",
        ),
        container("db", "postgres:16", cpu=256, memory=1024, health=["CMD", "pg_isready"]),
        container("cache", "redis:7", memory=256, essential=False),
    )  # fmt: skip


def test_containers_that_can_start_together_share_a_step() -> None:
    assert start_order(shop()) == [["db", "cache"], ["app"], ["proxy"]]


def test_containers_stop_in_the_reverse_order_dependents_first() -> None:
    assert stop_order(shop()) == [["proxy"], ["app"], ["db", "cache"]]


def test_each_depends_on_entry_is_an_arrow_labelled_with_its_condition() -> None:
    graph = task_definition_graph(shop())
    depends = {
        (source[1], target[1]): data["label"]
        for source, target, data in graph.edges(data=True)
        if data["kind"] == "depends"
    }
    assert depends == {
        ("proxy", "app"): "HEALTHY",
        ("app", "db"): "HEALTHY",
        ("app", "cache"): "START",
    }


def test_containers_sit_inside_the_task_definition_with_their_facts() -> None:
    graph = task_definition_graph(shop())
    box = ("task_definition", "shop")
    assert graph.nodes[box]["group"]
    containers = {n[1]: d for n, d in graph.nodes(data=True) if d["kind"] == "container"}
    assert set(containers) == {"proxy", "app", "db", "cache"}
    assert all(d["parent"] == box for d in containers.values())
    assert containers["app"]["label"].splitlines() == [
        f"{ESSENTIAL_MARK} app",
        "shop/app:2.1",
        "cpu 256 · memory 512 · reservation 256",
        "ports :dynamic→3000",
        "health: curl -f http://localhost:3000/h…",
    ]
    assert "ports :8080→8080" in containers["proxy"]["label"]
    assert "health: pg_isready" in containers["db"]["label"]
    assert containers["cache"]["label"].startswith("cache\n")  # not essential: no mark
    assert not containers["cache"]["essential"] and containers["db"]["essential"]


def test_start_and_stop_order_are_written_as_numbered_steps() -> None:
    note = task_definition_graph(shop()).nodes[("order", "shop")]
    assert note["kind"] == "note"
    assert note["label"] == (
        "start order\n1. db, cache\n2. app\n3. proxy\n\nstop order\n1. proxy\n2. app\n3. db, cache"
    )


def test_in_awsvpc_mode_the_host_port_is_the_container_port() -> None:
    td = task_definition("api", container("api", "api:1", memory=128, ports=[8080]),
                         network_mode="awsvpc")  # fmt: skip
    label = task_definition_graph(td).nodes[("container", "api")]["label"]
    assert "ports :8080→8080" in label
    assert (
        "network mode awsvpc"
        in task_definition_graph(td).nodes[("task_definition", "api")]["label"]
    )


def test_a_registered_revision_is_named_family_colon_revision() -> None:
    sim = Simulation(seed=0)
    registered = sim.register(shop())
    graph = task_definition_graph(registered)
    assert graph.graph["title"] == "Task definition shop:1"
    assert ("container", "app") in graph


def test_a_dependency_cycle_is_reported_instead_of_an_order() -> None:
    cycle = TaskDefinition(
        family="loop",
        container_definitions=[
            ContainerDefinition(
                name="a",
                image="a",
                depends_on=[ContainerDependency(container_name="b", condition="START")],
            ),
            ContainerDefinition(
                name="b",
                image="b",
                depends_on=[ContainerDependency(container_name="a", condition="START")],
            ),
        ],
    )
    with pytest.raises(ValueError, match="cycle"):
        start_order(cycle)
    assert "cycle" in task_definition_graph(cycle).nodes[("order", "loop")]["label"]


def test_the_picture_draws_as_well_formed_svg() -> None:
    require_dot()
    assert ET.fromstring(task_definition_picture(shop()).svg()).tag.endswith("svg")


def test_the_picture_speaks_korean_with_the_course_terms() -> None:
    graph = task_definition_graph(shop(), "ko")
    assert graph.graph["title"].startswith("태스크 디피니션")
    assert [entry[0] for entry in graph.graph["legend"]][1] == "컨테이너 (필수 아님)"
    assert graph.nodes[("order", "shop")]["label"].startswith("시작 순서")
    with pytest.raises(ValueError, match="lang must be one of en, ko"):
        task_definition_graph(shop(), "fr")
