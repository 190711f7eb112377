"""Clusters: the logical pool that container instances join and tasks run in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecslearn.model.base import EcsObject


@dataclass(kw_only=True)
class Cluster(EcsObject):
    """A cluster. Its counts are not stored: the control plane derives them when it answers."""

    cluster_arn: str | None = None
    cluster_name: str | None = None
    status: str | None = None
    settings: list[dict[str, Any]] | None = None
    configuration: dict[str, Any] | None = None
    capacity_providers: list[str] | None = None
    default_capacity_provider_strategy: list[dict[str, Any]] | None = None
    service_connect_defaults: dict[str, Any] | None = None
    attachments: list[dict[str, Any]] | None = None
    attachments_status: str | None = None
