"""Service Connect in the cluster picture: an arrow from the service that calls another by
name to the service it reaches, labelled with the alias and port, in English and Korean."""

from __future__ import annotations

from typing import Any

from ecslearn import Simulation
from ecslearn.views.cluster import cluster_graph
from tests.services.test_ecs_service_connect import API
from tests.services.test_ecs_service_discovery import fargate_family, fargate_service


def connects(graph: Any) -> list[tuple[str, str, str]]:
    return [
        (u[1].rsplit("/", 1)[-1], v[1].rsplit("/", 1)[-1], d["label"])
        for u, v, d in graph.edges(data=True)
        if d.get("kind") == "connects"
    ]


def test_a_service_connect_client_points_at_the_service_it_calls_by_name(
    sim: Simulation, ecs: Any
) -> None:
    ecs.create_cluster(clusterName="shop", serviceConnectDefaults={"namespace": "shop"})
    sim.run_until_stable()
    for family, port in (("api", 8080), ("web", 80), ("lone", 81)):
        fargate_family(ecs, family, port)
    fargate_service(sim, ecs, "api", serviceConnectConfiguration=API)
    fargate_service(sim, ecs, "web", desiredCount=1, serviceConnectConfiguration={"enabled": True})
    fargate_service(sim, ecs, "lone", desiredCount=1)
    sim.run_until_stable()
    assert connects(cluster_graph(sim, "shop")) == [("web", "api", "Service Connect: api:8080")]
    assert connects(cluster_graph(sim, "shop", lang="ko")) == [
        ("web", "api", "Service Connect로 호출: api:8080")
    ]
