"""CreateCapacityProvider, DescribeCapacityProviders, UpdateCapacityProvider and
DeleteCapacityProvider (PutClusterCapacityProviders is the cluster's, in `clusters`).

What ECS answers, as AWS's references and real answers show it:

- a name is letters, numbers, underscores and hyphens, up to 255, and "can't be prefixed with
  "aws", "ecs", or "fargate"" (ecslearn compares case-insensitively; AWS does not say);
- a name already used, or a group already used by another provider, is a ClientException with
  ECS's text (aws/containers-roadmap#632);
- managed termination protection needs the group's scale-in protection for new instances
  (ECS's text: aws/containers-roadmap#653, ansible/ansible#68625) and managed scaling;
- DescribeCapacityProviders lists FARGATE and FARGATE_SPOT with the account's own, pages with
  maxResults (1-10) and nextToken, and answers tags only with include=["TAGS"];
- DeleteCapacityProvider of a provider still associated with a cluster is not an error: the
  provider stays ACTIVE with updateStatus DELETE_FAILED and ECS's reason
  (hashicorp/terraform-provider-aws#48156); otherwise it is INACTIVE, DELETE_COMPLETE, at once
  (a real answer, quoted in a learner's notes);
- managedDraining is ENABLED unless the request says DISABLED ("Managed instance draining is on
  by default when you create a capacity provider"): ECS puts its lifecycle hook
  ``ecs-managed-draining-termination-hook`` on the group (`ecslearn.control.managed_draining`);
  UpdateCapacityProvider to DISABLED takes it off, to ENABLED puts it back, and deleting the
  provider takes it off;
- the group must exist in the provider's region and account: ECS answers ClientException when
  it does not. AWS's text for that case could not be found; ecslearn's (`NO_GROUP`) is written
  in the style of ECS's other capacity provider messages. A bare group name (which
  CloudFormation passes) is looked up by name.
"""

from __future__ import annotations

import re
from typing import Any

from ecslearn.control import asg_link
from ecslearn.control.asg_link import describe_group, group_name
from ecslearn.control.managed_draining import record
from ecslearn.control.paging import paged_response
from ecslearn.control.state import RegionState
from ecslearn.errors import ClientException, InvalidParameterException
from ecslearn.model.capacity_provider import (
    BUILT_IN,
    AutoScalingGroupProvider,
    CapacityProvider,
    ManagedScaling,
)
from ecslearn.model.cluster import Cluster
from ecslearn.services.ecs.tags import checked_tags, tags_json
from ecslearn.services.handlers import RequestContext, operation

NAME = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
RESERVED_PREFIXES = ("aws", "ecs", "fargate")
ALREADY_EXISTS = (  # AWS's text: aws/containers-roadmap#632
    "The specified capacity provider already exists. To change the configuration of an "
    "existing capacity provider, update the capacity provider."
)
GROUP_TAKEN = (  # AWS's text: aws/containers-roadmap#632
    "The specified Auto Scaling group ARN is already being used by another capacity provider. "
    "Specify a unique Auto Scaling group ARN and try again."
)
NO_GROUP = (  # ecslearn's wording (AWS's text not found), in the style of GROUP_TAKEN
    "The specified Auto Scaling group ARN is not valid. Specify the ARN of an existing Auto "
    "Scaling group in this Region and try again."
)
PROTECTION_NEEDS_GROUP = (  # AWS's text: aws/containers-roadmap#653, ansible/ansible#68625
    "The managed termination protection setting for the capacity provider is invalid. To enable "
    "managed termination protection for a capacity provider, the Auto Scaling group must have "
    "instance protection from scale in enabled."
)


def _checked_name(name: str) -> str:
    if not NAME.match(name):
        raise InvalidParameterException(  # ecslearn's wording
            f"Capacity provider name '{name}' is invalid: use up to 255 letters, numbers, "
            "underscores (_) and hyphens (-)."
        )
    if name.lower().startswith(RESERVED_PREFIXES):
        raise InvalidParameterException(  # the API reference's sentence
            'The name can\'t be prefixed with "aws", "ecs", or "fargate".',
            hint="AWS keeps those prefixes for its own capacity providers (FARGATE, ...).",
        )
    return name


def _checked_scaling(raw: dict[str, Any] | None) -> ManagedScaling | None:
    if raw is None:
        return None
    scaling = ManagedScaling.from_json(raw)
    target = scaling.target_capacity
    if target is not None and not 1 <= target <= 100:
        raise InvalidParameterException(  # ecslearn's wording of the documented range
            f"managedScaling.targetCapacity must be greater than 0 and less than or equal to "
            f"100; it was {target}."
        )
    low, high = scaling.minimum_scaling_step_size, scaling.maximum_scaling_step_size
    if low is not None and high is not None and low > high:
        raise InvalidParameterException(  # ecslearn's wording
            f"managedScaling.minimumScalingStepSize ({low}) cannot be greater than "
            f"maximumScalingStepSize ({high})."
        )
    return scaling


def _check_protection(ctx: RequestContext, provider: AutoScalingGroupProvider) -> None:
    if provider.managed_termination_protection != "ENABLED":
        return
    scaling = provider.managed_scaling
    if scaling is None or scaling.status != "ENABLED":
        raise InvalidParameterException(  # ecslearn's wording of the documented rule
            "Managed termination protection requires managed scaling: turn on managed scaling "
            "for the capacity provider, or turn off managed termination protection."
        )
    group = describe_group(ctx.world, ctx.state.region, provider.group_name)
    if group is not None and not group.get("NewInstancesProtectedFromScaleIn"):
        raise InvalidParameterException(
            PROTECTION_NEEDS_GROUP,
            hint="Create or update the group with NewInstancesProtectedFromScaleIn=True.",
        )


def _check_group(ctx: RequestContext, arn: str) -> None:
    """The group must be one of this region's (when ecslearn simulates Auto Scaling)."""
    if not asg_link.auto_scaling_simulated(ctx.world, ctx.state.region):
        return
    found = describe_group(ctx.world, ctx.state.region, group_name(arn))
    if found is None or (arn.startswith("arn:") and found["AutoScalingGroupARN"] != arn):
        raise ClientException(
            NO_GROUP,
            hint="Copy the group's AutoScalingGroupARN from "
            "autoscaling.describe_auto_scaling_groups in the same region as the ECS client.",
        )


def _draining_hook(ctx: RequestContext, provider: CapacityProvider, enabled: bool) -> None:
    """Put ECS's managed draining hook on the provider's group, or take it off."""
    group = provider.auto_scaling_group_provider
    if group is None:
        return
    name = group.group_name
    if enabled and asg_link.put_draining_hook(ctx.world, ctx.state.region, name):
        record(
            ctx.world,
            f"capacity provider {provider.name}: managed draining on: lifecycle hook "
            f"{asg_link.DRAINING_HOOK} added to group {name}",
            "hook_added",
            provider=provider.name,
            group=name,
            hook=asg_link.DRAINING_HOOK,
        )
    elif not enabled and asg_link.delete_draining_hook(ctx.world, ctx.state.region, name):
        record(
            ctx.world,
            f"capacity provider {provider.name}: managed draining off: lifecycle hook "
            f"{asg_link.DRAINING_HOOK} removed from group {name}",
            "hook_removed",
            provider=provider.name,
            group=name,
            hook=asg_link.DRAINING_HOOK,
        )


def provider_json(
    ctx: RequestContext, provider: CapacityProvider, include: list[str] | tuple = ()
) -> dict[str, Any]:
    data = provider.answer()
    if "TAGS" in include:
        data["tags"] = tags_json(ctx, provider.capacity_provider_arn or "")
    return data


def _built_in(ctx: RequestContext, name: str, include: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "capacityProviderArn": ctx.arn(f"capacity-provider/{name}"),
        "name": name,
        "status": "ACTIVE",
        "type": name,  # CapacityProviderType: FARGATE, FARGATE_SPOT
    }
    if "TAGS" in include:
        data["tags"] = []
    return data


def find_provider(state: RegionState, reference: str) -> CapacityProvider | None:
    return state.capacity_providers.get(reference.rsplit("capacity-provider/", 1)[-1])


@operation("CreateCapacityProvider")
def create_capacity_provider(ctx: RequestContext, request: dict) -> dict:
    name = _checked_name(request["name"])
    state = ctx.state
    if request.get("managedInstancesProvider") or request.get("cluster"):
        raise InvalidParameterException(  # ecslearn's wording
            "ecslearn simulates Auto Scaling group capacity providers; Amazon ECS Managed "
            "Instances (managedInstancesProvider, cluster) are not simulated."
        )
    raw = request.get("autoScalingGroupProvider")
    if not raw:
        raise InvalidParameterException("autoScalingGroupProvider is required.")  # ecslearn's
    existing = state.capacity_providers.get(name)
    if existing is not None and existing.status != "INACTIVE":
        raise ClientException(ALREADY_EXISTS)
    group = AutoScalingGroupProvider(
        auto_scaling_group_arn=raw["autoScalingGroupArn"],
        managed_scaling=_checked_scaling(raw.get("managedScaling"))
        or ManagedScaling(status="ENABLED"),
        managed_termination_protection=raw.get("managedTerminationProtection") or "DISABLED",
        managed_draining=raw.get("managedDraining") or "ENABLED",
    )
    taken = {
        group_name(p.auto_scaling_group_provider.auto_scaling_group_arn or "")
        for p in state.capacity_providers.values()
        if p.status == "ACTIVE" and p.auto_scaling_group_provider
    }
    if group.group_name in taken:
        raise ClientException(GROUP_TAKEN)
    _check_group(ctx, group.auto_scaling_group_arn or "")
    _check_protection(ctx, group)
    tags = checked_tags(request.get("tags"), {})
    provider = CapacityProvider(
        capacity_provider_arn=ctx.arn(f"capacity-provider/{name}"),
        name=name,
        status="ACTIVE",
        auto_scaling_group_provider=group,
        update_status=None,
        type="EC2_AUTOSCALING",
    )
    state.capacity_providers[name] = provider
    state.tags[provider.capacity_provider_arn or ""] = tags
    ctx.world.record("capacity", f"capacity provider {name} created for group {group.group_name}")
    _draining_hook(ctx, provider, provider.draining)
    return {"capacityProvider": provider_json(ctx, provider, ("TAGS",))}


@operation("DescribeCapacityProviders")
def describe_capacity_providers(ctx: RequestContext, request: dict) -> dict:
    include = request.get("include") or []
    references = request.get("capacityProviders")
    entries: list[dict[str, Any]] = []
    failures: list[dict[str, str]] = []
    if references:
        for reference in references:
            short = reference.rsplit("capacity-provider/", 1)[-1]
            provider = find_provider(ctx.state, reference)
            if short in BUILT_IN:
                entries.append(_built_in(ctx, short, include))
            elif provider is not None:
                entries.append(provider_json(ctx, provider, include))
            else:
                failures.append({"arn": reference, "reason": "MISSING"})
    else:
        entries = [_built_in(ctx, name, include) for name in BUILT_IN] + [
            provider_json(ctx, p, include)
            for p in ctx.state.capacity_providers.values()
            if p.status != "INACTIVE"
        ]
    answer = paged_response("capacityProviders", entries, request, default_size=10, max_size=10)
    answer["failures"] = failures
    return answer


@operation("UpdateCapacityProvider")
def update_capacity_provider(ctx: RequestContext, request: dict) -> dict:
    provider = find_provider(ctx.state, request["name"])
    if (
        provider is None
        or provider.status != "ACTIVE"
        or provider.auto_scaling_group_provider is None
    ):
        raise InvalidParameterException(  # ecslearn's wording
            f"The capacity provider '{request['name']}' does not exist or is not ACTIVE."
        )
    raw = request.get("autoScalingGroupProvider") or {}
    current = provider.auto_scaling_group_provider
    updated = AutoScalingGroupProvider(
        auto_scaling_group_arn=current.auto_scaling_group_arn,
        managed_scaling=current.managed_scaling,
        managed_termination_protection=current.managed_termination_protection,
        managed_draining=current.managed_draining,
    )
    if raw.get("managedScaling") is not None:
        merged = {
            **(current.managed_scaling or ManagedScaling()).to_json(),
            **raw["managedScaling"],
        }
        updated.managed_scaling = _checked_scaling(merged)
    for key, member in (
        ("managedTerminationProtection", "managed_termination_protection"),
        ("managedDraining", "managed_draining"),
    ):
        if raw.get(key):
            setattr(updated, member, raw[key])
    _check_protection(ctx, updated)
    was_draining = provider.draining
    provider.auto_scaling_group_provider = updated
    provider.update_status, provider.update_status_reason = "UPDATE_COMPLETE", None
    ctx.world.record("capacity", f"capacity provider {provider.name} updated")
    if provider.draining != was_draining:
        _draining_hook(ctx, provider, provider.draining)
    return {"capacityProvider": provider_json(ctx, provider)}


def _clusters_with(state: RegionState, name: str) -> list[Cluster]:
    return [
        c
        for c in state.clusters.values()
        if c.status == "ACTIVE" and name in (c.capacity_providers or [])
    ]


@operation("DeleteCapacityProvider")
def delete_capacity_provider(ctx: RequestContext, request: dict) -> dict:
    reference = request["capacityProvider"]
    provider = find_provider(ctx.state, reference)
    if provider is None or provider.status == "INACTIVE":
        raise ClientException(  # ecslearn's wording
            f"The specified capacity provider '{reference}' does not exist.",
            hint="List them with describe_capacity_providers. FARGATE and FARGATE_SPOT are "
            "AWS's and cannot be deleted.",
        )
    clusters = _clusters_with(ctx.state, provider.name or "")
    if clusters:
        # ECS accepts the call and records why it could not delete (terraform-provider-aws#48156)
        provider.update_status = "DELETE_FAILED"
        provider.update_status_reason = (
            "The capacity provider cannot be deleted because it is associated with cluster: "
            f"{clusters[0].cluster_name}. Remove the capacity provider from the cluster and try "
            "again."
        )
    else:
        provider.status, provider.update_status = "INACTIVE", "DELETE_COMPLETE"
        provider.update_status_reason = None
        _draining_hook(ctx, provider, False)
    ctx.world.record(
        "capacity",
        f"capacity provider {provider.name}: {provider.update_status}",
        details={"reason": provider.update_status_reason},
    )
    return {"capacityProvider": provider_json(ctx, provider)}
