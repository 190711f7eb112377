"""A service's serviceRegistries and serviceConnectConfiguration on CreateService and
UpdateService: checked first (`ecslearn.control.cloud_map.connect_config`), applied once every
other check has passed. A change of either starts a new deployment, as ECS documents ("When you
add, update, or remove the service registries configuration, Amazon ECS starts a new
deployment"); an update that names neither keeps both, checked again against the task
definition the new tasks will run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecslearn.control.cloud_map.connect_config import (
    checked_connect,
    checked_registries,
    create_resources,
)
from ecslearn.model.cluster import Cluster
from ecslearn.model.service import Service
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.services.handlers import RequestContext


@dataclass
class Discovery:
    """A service's checked discovery settings, and whether they differ from what it had."""

    registries: list[dict[str, Any]]
    connect: dict[str, Any] | None
    changed: bool = False

    def apply(self, ctx: RequestContext, service: Service) -> None:
        """Keep them on the service and make Service Connect's Cloud Map services (before the
        deployment that copies them)."""
        service.service_registries = self.registries
        create_resources(ctx.world, ctx.state, service, self.connect)


def for_create(
    ctx: RequestContext, cluster: Cluster, request: dict, td: TaskDefinition, arn: str
) -> Discovery:
    return Discovery(
        checked_registries(ctx.state, request.get("serviceRegistries"), td),
        checked_connect(ctx.state, cluster, request.get("serviceConnectConfiguration"), td, arn),
    )


def for_update(
    ctx: RequestContext, cluster: Cluster, service: Service, request: dict, td: TaskDefinition
) -> Discovery:
    registries = request.get("serviceRegistries")
    if registries is None:
        registries = service.service_registries or []
    connect = request.get("serviceConnectConfiguration", service.service_connect)
    found = Discovery(
        checked_registries(ctx.state, registries, td),
        checked_connect(ctx.state, cluster, connect, td, service.service_arn or ""),
    )
    found.changed = (found.registries != (service.service_registries or [])) or (
        found.connect != service.service_connect
    )
    return found
