"""CreateCluster, DescribeClusters, ListClusters, UpdateCluster, DeleteCluster and
PutClusterCapacityProviders."""

from __future__ import annotations

import re
from typing import Any

from ecslearn.control.arns import name_from
from ecslearn.control.managed_scaling import ensure_ticks
from ecslearn.control.paging import paged_response
from ecslearn.control.state import RegionState
from ecslearn.errors import (
    ClusterContainsContainerInstancesException,
    ClusterContainsServicesException,
    ClusterContainsTasksException,
    InvalidParameterException,
    ResourceInUseException,
)
from ecslearn.model.cluster import Cluster
from ecslearn.services.ecs import account_settings
from ecslearn.services.ecs.cluster_capacity import (
    IN_USE,
    attachments_now,
    checked_association,
    cluster_attachments,
    in_use,
)
from ecslearn.services.ecs.common import describe_each
from ecslearn.services.ecs.tags import checked_tags, tags_json
from ecslearn.services.handlers import RequestContext, operation

CLUSTER_NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
SETTING_VALUES = {"containerInsights": ("enabled", "disabled", "enhanced")}


def _checked_settings(settings: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    for setting in settings or []:
        allowed = SETTING_VALUES.get(setting.get("name", ""), ())
        if setting.get("value") not in allowed:
            raise InvalidParameterException(
                f"Cluster setting {setting.get('name')} cannot be {setting.get('value')!r}; use "
                f"one of {', '.join(allowed)}."
            )
    return settings


def cluster_json(
    ctx: RequestContext, cluster: Cluster, include: list[str] | tuple[str, ...] = ()
) -> dict[str, Any]:
    """A cluster as DescribeClusters shows it, with its counts derived from the state."""
    state: RegionState = ctx.state
    name = cluster.cluster_name or ""
    instances = [i for i in state.instances_in(name) if i.status in ("ACTIVE", "DRAINING")]
    tasks = [t for t in state.tasks.values() if t.cluster_arn == cluster.cluster_arn]
    services = [
        s
        for s in state.services.values()
        if s.cluster_arn == cluster.cluster_arn and s.status == "ACTIVE"
    ]
    data = cluster.to_json()
    data.update(
        registeredContainerInstancesCount=len(instances),
        runningTasksCount=sum(t.last_status == "RUNNING" for t in tasks),
        pendingTasksCount=sum(t.last_status == "PENDING" for t in tasks),
        activeServicesCount=len(services),
        statistics=[],
    )
    data.setdefault("capacityProviders", [])
    data.setdefault("defaultCapacityProviderStrategy", [])
    data.pop("attachments", None)
    data.pop("attachmentsStatus", None)
    if "ATTACHMENTS" in include:
        attachments, status = attachments_now(ctx.now, cluster)
        data["attachments"] = attachments
        if status:
            data["attachmentsStatus"] = status
    if "SETTINGS" not in include:
        data.pop("settings", None)
    if "CONFIGURATIONS" not in include:
        data.pop("configuration", None)
    data.pop("tags", None)  # only with include=["TAGS"], as ECS answers
    if "TAGS" in include:
        data["tags"] = tags_json(ctx, cluster.cluster_arn or "")
    if "STATISTICS" in include:
        data["statistics"] = [
            {"name": "runningEC2TasksCount", "value": str(data["runningTasksCount"])},
            {"name": "pendingEC2TasksCount", "value": str(data["pendingTasksCount"])},
            {"name": "activeEC2ServiceCount", "value": str(len(services))},
        ]
    return data


@operation("CreateCluster")
def create_cluster(ctx: RequestContext, request: dict) -> dict:
    name = request.get("clusterName") or "default"
    if not CLUSTER_NAME.match(name):
        raise InvalidParameterException(
            f"Cluster name '{name}' is invalid. A cluster name is 1-255 letters, numbers, hyphens "
            "(-) and underscores (_)."
        )
    state = ctx.state
    existing = state.clusters.get(name)
    if existing is not None and existing.status == "ACTIVE":
        # ECS answers a repeated CreateCluster with the cluster that already exists.
        return {"cluster": cluster_json(ctx, existing, ("SETTINGS", "TAGS"))}
    arn = ctx.arn(f"cluster/{name}")
    tags = checked_tags(request.get("tags"), {})
    insights, _ = account_settings.effective(state, "containerInsights")
    settings = _checked_settings(request.get("settings")) or [
        {"name": "containerInsights", "value": insights}
    ]
    providers, strategy = checked_association(
        state,
        list(request.get("capacityProviders") or []),
        request.get("defaultCapacityProviderStrategy"),
    )
    cluster = Cluster(
        cluster_arn=arn,
        cluster_name=name,
        status="ACTIVE",
        settings=settings,
        configuration=request.get("configuration"),
        capacity_providers=providers,
        default_capacity_provider_strategy=strategy,
        service_connect_defaults=request.get("serviceConnectDefaults"),
    )
    state.clusters[name] = cluster
    state.tags[arn] = tags
    if providers:
        cluster_attachments(ctx, cluster)
        ensure_ticks(ctx.world, state)
    return {"cluster": cluster_json(ctx, cluster, ("SETTINGS", "TAGS", "ATTACHMENTS"))}


@operation("DescribeClusters")
def describe_clusters(ctx: RequestContext, request: dict) -> dict:
    references = request.get("clusters") or ["default"]
    if len(references) > 100:
        raise InvalidParameterException("DescribeClusters takes at most 100 clusters at once.")
    include = request.get("include") or []
    found, failures = describe_each(
        references,
        lambda reference: ctx.state.clusters.get(name_from(reference, "cluster")),
        lambda cluster: cluster_json(ctx, cluster, include),
        lambda reference: ctx.arn(f"cluster/{name_from(reference, 'cluster')}"),
    )
    return {"clusters": found, "failures": failures}


@operation("ListClusters")
def list_clusters(ctx: RequestContext, request: dict) -> dict:
    arns = [c.cluster_arn for c in ctx.state.clusters.values() if c.status == "ACTIVE"]
    return paged_response("clusterArns", arns, request)


@operation("UpdateCluster")
def update_cluster(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request["cluster"])
    if request.get("settings") is not None:
        update_cluster_settings(
            ctx, {"cluster": request["cluster"], "settings": request["settings"]}
        )
    if request.get("configuration") is not None:
        cluster.configuration = request["configuration"]
    if request.get("serviceConnectDefaults") is not None:
        cluster.service_connect_defaults = request["serviceConnectDefaults"]
    return {"cluster": cluster_json(ctx, cluster, ("SETTINGS", "CONFIGURATIONS"))}


@operation("UpdateClusterSettings")
def update_cluster_settings(ctx: RequestContext, request: dict) -> dict:
    """The cluster's settings (Container Insights) alone, as UpdateCluster would set them."""
    cluster = ctx.state.cluster(request["cluster"])
    settings = _checked_settings(request["settings"]) or []
    merged = {s["name"]: s for s in cluster.settings or []}
    merged.update({s["name"]: s for s in settings})
    cluster.settings = list(merged.values())
    return {"cluster": cluster_json(ctx, cluster, ("SETTINGS",))}


@operation("DeleteCluster")
def delete_cluster(ctx: RequestContext, request: dict) -> dict:
    state = ctx.state
    cluster = state.cluster(request["cluster"])
    name = cluster.cluster_name or ""
    if any(i.status in ("ACTIVE", "DRAINING") for i in state.instances_in(name)):
        raise ClusterContainsContainerInstancesException(
            # AWS's text: gruntwork-io/cloud-nuke#1131 (and the CloudFormation error in
            # aws-samples/aws-scalable-big-blue-button-example#79)
            "The Cluster cannot be deleted while Container Instances are active or draining.",
            hint=f"Deregister the instances of '{name}' first (or terminate them).",
        )
    if any(
        s.cluster_arn == cluster.cluster_arn and s.status in ("ACTIVE", "DRAINING")
        for s in state.services.values()
    ):
        raise ClusterContainsServicesException(
            # AWS's text: aws/amazon-ecs-cli#368, rebuy-de/aws-nuke#231
            "The Cluster cannot be deleted while Services are active.",
            hint=f"Delete the services of '{name}' first (scale them to 0, then delete_service).",
        )
    if any(
        t.cluster_arn == cluster.cluster_arn and t.last_status != "STOPPED"
        for t in state.tasks.values()
    ):
        raise ClusterContainsTasksException(
            # AWS's text: gruntwork-io/cloud-nuke#368
            "The Cluster cannot be deleted while Tasks are active.",
            hint=f"Stop the tasks of '{name}' first (stop_task).",
        )
    cluster.status = "INACTIVE"
    return {"cluster": cluster_json(ctx, cluster, ("SETTINGS",))}


@operation("PutClusterCapacityProviders")
def put_cluster_capacity_providers(ctx: RequestContext, request: dict) -> dict:
    """Replace the cluster's capacity providers and default strategy (both, every time)."""
    state = ctx.state
    cluster = state.cluster(request["cluster"])
    names, strategy = checked_association(
        state, list(request["capacityProviders"]), request.get("defaultCapacityProviderStrategy")
    )
    for removed in sorted(set(cluster.capacity_providers or []) - set(names)):
        if in_use(state, cluster, removed):
            raise ResourceInUseException(
                IN_USE, hint=f"A service or task of '{cluster.cluster_name}' uses '{removed}'."
            )
    cluster.capacity_providers, cluster.default_capacity_provider_strategy = names, strategy
    cluster_attachments(ctx, cluster)
    ctx.world.record(
        "capacity",
        f"cluster {cluster.cluster_name} capacity providers: {', '.join(names) or 'none'}",
        cluster=cluster.cluster_name,
        details={"defaultCapacityProviderStrategy": strategy},
    )
    ensure_ticks(ctx.world, state)
    return {"cluster": cluster_json(ctx, cluster, ("SETTINGS", "ATTACHMENTS"))}
