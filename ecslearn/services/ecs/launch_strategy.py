"""Which capacity the tasks of a call use: a launch type, or a capacity provider strategy.

ECS's rules (RunTask, CreateService, UpdateService; CapacityProviderStrategyItem):

- ``launchType`` and ``capacityProviderStrategy`` together are refused (`checks.launch`);
- with neither, the cluster's default capacity provider strategy is used when it has one
  ("When services or tasks are run in the cluster with no launch type or capacity provider
  strategy specified, the default capacity provider strategy is used"), else the EC2 launch
  type, as before capacity providers existed;
- every provider of a strategy must be associated with the cluster and ACTIVE; only one may
  have a base; with more than one provider, at least one must have a weight above 0; a
  strategy holds at most 20 providers; Auto Scaling group providers and the Fargate ones do
  not mix.

A single provider of weight 0 takes every task (ECS's rule about weights is for "multiple
capacity providers"); ecslearn gives it a weight of 1 in the split.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.state import RegionState
from ecslearn.errors import InvalidParameterException
from ecslearn.model.capacity_provider import BUILT_IN
from ecslearn.model.cluster import Cluster

MAX_PROVIDERS_IN_STRATEGY = 20
#: ECS's text as CDK repeats it for the same rule (aws-cdk's cluster.ts).
MIXED = (
    "A capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling "
    "groups and Fargate providers. Specify one or the other and try again."
)
#: ECS's text as far as it is quoted ("capacity provider that is not associated with the
#: cluster", in a project's regression test); the sentence around it is ecslearn's.
NOT_ASSOCIATED = (
    "The specified capacity provider strategy cannot contain a capacity provider that is not "
    "associated with the cluster. Associate the capacity provider with the cluster or specify "
    "a valid capacity provider and try again."
)


def normalized(raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The strategy as ECS echoes it: every item with its base and weight."""
    return [
        {
            "capacityProvider": item["capacityProvider"],
            "weight": int(item.get("weight") or 0),
            "base": int(item.get("base") or 0),
        }
        for item in raw
    ]


def check_strategy(
    state: RegionState, raw: list[dict[str, Any]], associated: list[str] | None
) -> list[dict[str, Any]]:
    """Refuse a strategy ECS would refuse; `associated` is the cluster's providers (None: a
    cluster's default strategy being set, checked against the list being set)."""
    items = normalized(raw)
    if len(items) > MAX_PROVIDERS_IN_STRATEGY:
        raise InvalidParameterException(  # ecslearn's wording of the documented limit
            f"A capacity provider strategy can contain a maximum of {MAX_PROVIDERS_IN_STRATEGY} "
            f"capacity providers; this one has {len(items)}."
        )
    names = [item["capacityProvider"] for item in items]
    if len(set(names)) != len(names):
        raise InvalidParameterException(  # ecslearn's wording
            "A capacity provider can appear only once in a capacity provider strategy."
        )
    if sum(1 for item in items if item["base"] > 0) > 1:
        raise InvalidParameterException(  # the API reference's sentence
            "Only one capacity provider in a capacity provider strategy can have a base defined.",
            hint="Give a base to one provider; the others share the rest by weight.",
        )
    if len(items) > 1 and not any(item["weight"] > 0 for item in items):
        raise InvalidParameterException(  # ecslearn's wording of the documented rule
            "When multiple capacity providers are specified within a capacity provider "
            "strategy, at least one of the capacity providers must have a weight value greater "
            "than zero.",
        )
    fargate = [name for name in names if name in BUILT_IN]
    if fargate and len(fargate) != len(names):
        raise InvalidParameterException(MIXED)
    for name in names:
        if associated is not None and name not in associated:
            raise InvalidParameterException(
                NOT_ASSOCIATED, hint=f"Associate '{name}' with put_cluster_capacity_providers."
            )
        provider = state.capacity_providers.get(name)
        if name not in BUILT_IN and (provider is None or provider.status != "ACTIVE"):
            raise InvalidParameterException(
                NOT_ASSOCIATED, hint=f"There is no ACTIVE capacity provider named '{name}'."
            )
    return items


def resolve(
    state: RegionState, cluster: Cluster, request: dict[str, Any]
) -> list[dict[str, Any]] | None:
    """The strategy the call's tasks use (checked), or None when they use a launch type."""
    raw = request.get("capacityProviderStrategy")
    if not raw:
        if request.get("launchType"):
            return None
        raw = cluster.default_capacity_provider_strategy
        if not raw:
            return None
    return check_strategy(state, raw, list(cluster.capacity_providers or []))


def is_fargate(strategy: list[dict[str, Any]] | None) -> bool:
    return bool(strategy) and strategy[0]["capacityProvider"] in BUILT_IN  # type: ignore[index]


def as_launch(request: dict[str, Any], strategy: list[dict[str, Any]] | None) -> dict[str, Any]:
    """The request as the launch type checks read it: a strategy's tasks run on Fargate (its
    providers are FARGATE and FARGATE_SPOT) or on EC2 instances (Auto Scaling groups)."""
    if not strategy:
        return request
    checked = {k: v for k, v in request.items() if k != "capacityProviderStrategy"}
    checked["launchType"] = "FARGATE" if is_fargate(strategy) else "EC2"
    return checked
