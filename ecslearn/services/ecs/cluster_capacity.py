"""A cluster's capacity providers: the association's checks and the attachments ECS creates.

CreateCluster and PutClusterCapacityProviders share `checked_association`; removing a provider
a service or a live task of the cluster uses is refused (`in_use`, ResourceInUseException with
ECS's text, aws/containers-roadmap#631). An associated Auto Scaling group provider shows on
DescribeClusters as an ``as_policy`` attachment (managed scaling on) and a ``managed_draining``
one (managed draining on), with ECS's detail names; they are PRECREATED with attachmentsStatus
UPDATE_IN_PROGRESS at first, as PutClusterCapacityProviders answers on AWS, and CREATED and
UPDATE_COMPLETE `ATTACHMENT_SECONDS` later (how long is ecslearn's choice).
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.state import RegionState
from ecslearn.errors import InvalidParameterException
from ecslearn.model.capacity_provider import BUILT_IN
from ecslearn.model.cluster import Cluster
from ecslearn.services.ecs.launch_strategy import check_strategy, normalized
from ecslearn.services.handlers import RequestContext

#: Capacity providers a cluster can have (the service quota; it was 6, then 10).
MAX_PER_CLUSTER = 20
#: How long ECS takes to create a provider's scaling policy and lifecycle hook (ecslearn's).
ATTACHMENT_SECONDS = 15.0
IN_USE = (
    "The specified capacity provider is in use and cannot be removed."  # containers-roadmap#631
)
TOO_MANY = "The maximum number of capacity providers per cluster has been exceeded."  # #1086


def in_use(state: RegionState, cluster: Cluster, name: str) -> bool:
    """A provider a live service of the cluster uses, or a task of the cluster not stopped."""
    for service in state.services.values():
        if service.cluster_arn != cluster.cluster_arn or service.status == "INACTIVE":
            continue
        if any(i["capacityProvider"] == name for i in service.capacity_provider_strategy or []):
            return True
    cluster_name = cluster.cluster_name or ""
    return any(
        (task := state.tasks[arn]).capacity_provider_name == name and not task.is_stopped
        for arn in state.index.by_cluster.get(cluster_name, {})
    )


def checked_association(
    state: RegionState, names: list[str], default: list[dict[str, Any]] | None
) -> tuple[list[str], list[dict[str, Any]]]:
    """A cluster's capacity providers and default strategy, checked (CreateCluster and
    PutClusterCapacityProviders)."""
    if len(names) > MAX_PER_CLUSTER:
        raise InvalidParameterException(TOO_MANY)  # code as in #1086
    if len(set(names)) != len(names):
        raise InvalidParameterException("A capacity provider can be listed only once.")
    for name in names:
        provider = state.capacity_providers.get(name)
        if name not in BUILT_IN and (provider is None or provider.status != "ACTIVE"):
            raise InvalidParameterException(  # ecslearn's wording
                f"The specified capacity provider '{name}' does not exist or is not ACTIVE.",
                hint="Create it with create_capacity_provider first.",
            )
    strategy = check_strategy(state, default, names) if default else []
    return list(names), normalized(strategy)


def cluster_attachments(ctx: RequestContext, cluster: Cluster) -> None:
    """Rebuild the cluster's ``as_policy`` and ``managed_draining`` attachments for its Auto
    Scaling group providers: PRECREATED now, CREATED once `ATTACHMENT_SECONDS` have passed
    (`attachments_now`)."""
    kept = {(a["type"], _detail(a, "capacityProviderName")): a for a in cluster.attachments or []}
    attachments = []
    for name in cluster.capacity_providers or []:
        provider = ctx.state.capacity_providers.get(name)
        if provider is None:
            continue
        wanted = []
        if provider.scaling.enabled:
            wanted.append(
                ("as_policy", "scalingPolicyName", f"ECSManagedAutoScalingPolicy-{_uuid(ctx)}")
            )
        if provider.draining:
            wanted.append(
                (
                    "managed_draining",
                    "autoScalingLifecycleHookName",
                    "ecs-managed-draining-termination-hook",
                )
            )
        for kind, detail, value in wanted:
            attachment = kept.get((kind, name)) or {
                "id": _uuid(ctx),
                "type": kind,
                "status": "PRECREATED",
                "details": [
                    {"name": "capacityProviderName", "value": name},
                    {"name": detail, "value": value},
                ],
                "createdAt": ctx.now,
            }
            attachments.append(attachment)
    cluster.attachments = attachments
    cluster.attachments_status = "UPDATE_IN_PROGRESS"


def attachments_now(now: float, cluster: Cluster) -> tuple[list[dict[str, Any]], str | None]:
    """The cluster's attachments as they stand at `now` (without ecslearn's timestamps)."""
    shown, settling = [], False
    for attachment in cluster.attachments or []:
        ready = now >= attachment.get("createdAt", 0) + ATTACHMENT_SECONDS
        settling = settling or not ready
        entry = {k: v for k, v in attachment.items() if k != "createdAt"}
        entry["status"] = "CREATED" if ready else "PRECREATED"
        shown.append(entry)
    if cluster.attachments_status is None:
        return shown, None
    return shown, "UPDATE_IN_PROGRESS" if settling else "UPDATE_COMPLETE"


def _detail(attachment: dict[str, Any], name: str) -> str | None:
    return next((d["value"] for d in attachment.get("details", []) if d["name"] == name), None)


def _uuid(ctx: RequestContext) -> str:
    raw = f"{ctx.rng.getrandbits(128):032x}"
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
