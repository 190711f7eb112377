"""Service Connect in the cluster picture: an arrow from each service whose tasks can reach
another by name to that service, labelled with the names and ports they use.

A service reaches another when both have Service Connect on (in their newest deployment) in the
same namespace and the other offers endpoints (its ``services``): the client aliases
(``dnsName:port``) are what the client's code calls. Services of other clusters in the same
namespace are reachable too, but only the services in the picture are drawn.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from ecslearn.model.service import Service
from ecslearn.views.cluster_labels import say


def _config(service: Service) -> dict[str, Any]:
    """The Service Connect configuration of the service's newest deployment that has one."""
    for deployment in service.deployments or []:
        config = deployment.service_connect_configuration or {}
        if config.get("enabled"):
            return config
    return {}


def endpoints(config: dict[str, Any]) -> list[str]:
    """``dnsName:port`` for each client alias of a configuration's services."""
    return [
        f"{alias['dnsName']}:{alias['port']}"
        for entry in config.get("services") or []
        for alias in entry.get("clientAliases") or []
    ]


def add_service_connect(graph: nx.DiGraph, services: list[Service], lang: str | None) -> None:
    """A ``connects`` edge from each Service Connect client to each server in its namespace."""
    configs = {s.service_arn or "": _config(s) for s in services}
    for client in services:
        namespace = configs[client.service_arn or ""].get("namespace")
        if not namespace or ("service", client.service_arn or "") not in graph:
            continue
        for server in services:
            config = configs[server.service_arn or ""]
            names = endpoints(config)
            if server is client or config.get("namespace") != namespace or not names:
                continue
            if ("service", server.service_arn or "") not in graph:
                continue
            graph.add_edge(
                ("service", client.service_arn or ""),
                ("service", server.service_arn or ""),
                kind="connects",
                label=say(lang, "service_connect", names=", ".join(names)),
            )
