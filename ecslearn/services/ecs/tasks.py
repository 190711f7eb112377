"""RunTask, StartTask, StopTask, DescribeTasks and ListTasks."""

from __future__ import annotations

import functools
import json
from typing import Any

from ecslearn.control import capacity_placement, fargate, lifecycle
from ecslearn.control.paging import paged_stream
from ecslearn.control.placement import cql
from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.control.placement.replay import Explanations, Tape
from ecslearn.control.task_factory import TaskSpec, create_task, instance_facts, task_json
from ecslearn.control.timeline import Deferred
from ecslearn.errors import (
    ClientException,
    InvalidParameterException,
    UnsupportedFeatureException,
)
from ecslearn.model.service import PlacementStrategy
from ecslearn.model.task_definition import PlacementConstraint, TaskDefinition
from ecslearn.services.ecr import rules as ecr
from ecslearn.services.ecs import checks, launch_strategy
from ecslearn.services.ecs.common import describe_each
from ecslearn.services.ecs.tags import checked_tags
from ecslearn.services.ecs.task_definitions import resolve
from ecslearn.services.handlers import RequestContext, operation

MAX_RUN_COUNT = 10
MAX_CONSTRAINTS = 10
MAX_STRATEGIES = 5
MAX_OVERRIDES_CHARACTERS = 8192
#: Placement explanations are recorded in full for clusters up to this many instances.
EXPLAIN_UP_TO_INSTANCES = 50


def checked_constraints(raw: list[dict[str, Any]] | None, td: TaskDefinition | None) -> list:
    constraints = [PlacementConstraint.from_json(c) for c in raw or []]
    total = len(constraints) + len(td.placement_constraints or []) if td else len(constraints)
    if total > MAX_CONSTRAINTS:
        raise InvalidParameterException(
            f"Too many placement constraints: {total} (task definition and request together); "
            f"the limit is {MAX_CONSTRAINTS}."
        )
    for constraint in constraints:
        if constraint.type == "distinctInstance" and constraint.expression:
            raise InvalidParameterException(
                "A distinctInstance constraint takes no expression; remove 'expression'."
            )
        if constraint.type == "memberOf":
            if not constraint.expression:
                raise InvalidParameterException("A memberOf constraint needs an 'expression'.")
            cql.parse(constraint.expression)
    return constraints


def updated_placement(
    request: dict[str, Any], current: Any, td: TaskDefinition | None
) -> tuple[list, list[PlacementStrategy]]:
    """UpdateService's placementConstraints and placementStrategy, checked (a field left out
    keeps the service's, `current`), before anything about the service changes."""
    constraints = current.placement_constraints
    if request.get("placementConstraints") is not None:
        constraints = checked_constraints(request["placementConstraints"], td)
    strategies = current.placement_strategy
    if request.get("placementStrategy") is not None:
        strategies = checked_strategies(request["placementStrategy"])
    return constraints, strategies


def checked_strategies(raw: list[dict[str, Any]] | None) -> list[PlacementStrategy]:
    strategies = [PlacementStrategy.from_json(s) for s in raw or []]
    if len(strategies) > MAX_STRATEGIES:
        raise InvalidParameterException(
            f"Too many placement strategies: {len(strategies)}; the limit is {MAX_STRATEGIES}."
        )
    for strategy in strategies:
        field = strategy.field
        if strategy.type == "binpack" and (field or "").lower() not in ("cpu", "memory"):
            raise InvalidParameterException(f"binpack works on 'cpu' or 'memory', not {field!r}.")
        if strategy.type == "spread" and not (
            field in ("instanceId", "host") or (field or "").startswith("attribute:")
        ):
            raise InvalidParameterException(
                f"spread works on 'instanceId' (or 'host') or 'attribute:<name>', not {field!r}."
            )
        if strategy.type == "random" and field:
            raise InvalidParameterException("random takes no 'field'.")
    return strategies


def _check_launch(request: dict, td: TaskDefinition) -> None:
    launch_type = request.get("launchType") or "EC2"
    if launch_type not in ("EC2", "FARGATE"):
        raise UnsupportedFeatureException(
            f"ecslearn simulates the EC2 launch type; {launch_type} is not simulated yet."
        )
    ec2_only = launch_type == "EC2"
    if ec2_only and td.requires_compatibilities and "EC2" not in td.requires_compatibilities:
        raise InvalidParameterException(
            # AWS's text and code (for FARGATE): oranmoshai/ecsServiceRestart#2
            "Task definition does not support launch_type EC2.",
            hint=f"{td.family_revision} requires {', '.join(td.requires_compatibilities)}; "
            "register a revision with requiresCompatibilities ['EC2'].",
        )
    awsvpc = td.effective_network_mode == "awsvpc"
    config = request.get("networkConfiguration")
    if awsvpc and not (config or {}).get("awsvpcConfiguration", {}).get("subnets"):
        raise InvalidParameterException(
            # AWS's text: tryretool/retool-onpremise#84 (CloudFormation's error), getmoto/moto
            "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
            hint="Pass networkConfiguration={'awsvpcConfiguration': {'subnets': ['subnet-...']}}.",
        )
    if config and not awsvpc:
        raise InvalidParameterException(
            # AWS's words as muya/amazon-ecs-run-task#7 quotes them (there with networkMode in
            # backticks, which may be the quote's markup)
            "Network Configuration is not valid for the given networkMode of this task definition.",
            hint=f"The task definition's networkMode is {td.effective_network_mode}; only awsvpc "
            "tasks take a networkConfiguration.",
        )
    if config:
        awsvpc_config = config.get("awsvpcConfiguration", {})
        if (
            len(awsvpc_config.get("subnets", [])) > 16
            or len(awsvpc_config.get("securityGroups", [])) > 5
        ):
            raise InvalidParameterException(
                "awsvpcConfiguration takes at most 16 subnets and 5 security groups."
            )
        if awsvpc_config.get("assignPublicIp") == "ENABLED" and launch_type != "FARGATE":
            # Public addresses on task ENIs are Fargate's; on EC2 a task reaches the internet
            # through a NAT gateway (or a load balancer reaches it).
            raise InvalidParameterException(  # AWS's text (hashicorp terraform errors quote it)
                "Assign public IP is not supported for this launch type."
            )


def _spec(ctx: RequestContext, request: dict) -> TaskSpec:
    td = resolve(ctx.state, request["taskDefinition"], for_new_tasks=True)
    _check_launch(request, td)
    overrides = request.get("overrides") or {}
    if len(json.dumps(overrides)) > MAX_OVERRIDES_CHARACTERS:
        raise InvalidParameterException(
            f"overrides are limited to {MAX_OVERRIDES_CHARACTERS} characters of JSON."
        )
    names = {c.name for c in td.container_definitions}
    for override in overrides.get("containerOverrides", []):
        if override.get("name") not in names:
            raise InvalidParameterException(  # ecslearn's wording
                f"containerOverrides names container {override.get('name')!r}, which is not in "
                f"{td.family_revision}.",
                hint=f"Its containers: {', '.join(sorted(map(str, names)))}.",
            )
    group = request.get("group") or f"family:{td.family}"
    if len(group) > 255:
        raise InvalidParameterException("A task group can have at most 255 characters.")
    return TaskSpec(
        definition=td,
        group=group,
        started_by=request.get("startedBy"),
        overrides=overrides,
        network_configuration=request.get("networkConfiguration"),
        tags=checked_tags(request.get("tags"), {}),
        image_digests=ecr.pin_images(ctx.state, td.container_definitions),
        platform_version=request.get("platformVersion"),
        cluster_name=ctx.state.cluster(request.get("cluster")).cluster_name,
        enable_execute_command=bool(request.get("enableExecuteCommand")),
    )


def _record_decisions(
    ctx: RequestContext,
    cluster: str,
    spec: TaskSpec,
    result: Any,
    explained: Explanations | None,
) -> None:
    """A timeline event per task placed or not, with its explanation table (`explained`,
    built only if someone reads it) on clusters small enough for a table to be read."""
    for decision in result.decisions:
        chosen = decision.instance_arn.rsplit("/", 1)[-1] if decision.instance_arn else None
        message = (
            f"a task of {spec.definition.family_revision} goes to {chosen[:8]}"
            if chosen
            else f"could not place a task of {spec.definition.family_revision}"
        )
        if explained is None:
            details: dict[str, Any] = {"group": spec.group, "rows": []}
        else:
            rows = functools.partial(explained.rows, decision.task)
            details = Deferred({"group": spec.group}, later={"rows": rows})
        ctx.world.record("placement", message, cluster=cluster, instance=chosen, details=details)


def _no_instances(facts: list[InstanceFacts], cluster_name: str) -> None:
    if not facts:  # the cluster's instances that are not INACTIVE
        raise InvalidParameterException(
            # AWS's text: aws/amazon-ecs-cli#1122, linz/geostore#1687 (CloudTrail's errorMessage)
            "No Container Instances were found in your cluster.",
            hint=(
                f"Cluster '{cluster_name}' has none: add some with sim.launch_instances(...). "
                "Instances from run_instances register only with an ECS-optimized AMI, an "
                "instance profile (IamInstanceProfile) and ECS_CLUSTER in their user data; "
                "sim.agent_log('i-...') says why one did not."
            ),
        )


def place(*args: Any, **kwargs: Any) -> Any:
    from ecslearn.control.placement.engine import place as engine_place

    return engine_place(*args, **kwargs)


@operation("RunTask")
def run_task(ctx: RequestContext, request: dict) -> dict:
    checks.run_task(request)
    cluster = ctx.state.cluster(request.get("cluster"))
    name = cluster.cluster_name or ""
    count = request.get("count", 1)
    if not 1 <= count <= MAX_RUN_COUNT:
        raise InvalidParameterException(  # ecslearn's wording
            f"count must be between 1 and {MAX_RUN_COUNT}; it was {count}.",
            hint="Run more with several calls, or with a service.",
        )
    strategy = launch_strategy.resolve(ctx.state, cluster, request)
    request = launch_strategy.as_launch(request, strategy)
    if request.get("launchType") == "FARGATE" or request.get("platformVersion"):
        td = resolve(ctx.state, request["taskDefinition"], for_new_tasks=True)
        fargate.check_launch(request, td, ctx.state.ec2)  # Fargate's own rules first
    spec = _spec(ctx, request)
    if request.get("launchType") == "FARGATE" and not strategy:
        tasks = fargate.start_fargate_tasks(ctx.world, ctx.state, spec, count)
        return {"tasks": [task_json(ctx, t, ("TAGS",)) for t in tasks], "failures": []}
    constraints = checked_constraints(request.get("placementConstraints"), spec.definition)
    strategies = checked_strategies(request.get("placementStrategy"))
    view = ctx.state.placement_view(name)
    facts = view.facts()
    if strategy:
        return _run_with_providers(ctx, name, spec, count, strategy, constraints, strategies)
    _no_instances(facts, name)
    placement = spec.placement_request(
        constraints, strategies or [PlacementStrategy(type="random")]
    )
    tape = Tape(ctx.rng) if len(facts) <= EXPLAIN_UP_TO_INSTANCES else None
    result = place(facts, placement, count, tape or ctx.rng, known=view.eligibility)
    explained = None
    if tape is not None:
        chosen = [decision.instance_arn for decision in result.decisions]
        explained = Explanations(facts, placement, count, tape, chosen)
    _record_decisions(ctx, name, spec, result, explained)
    tasks = [create_task(ctx, name, ctx.state.instances[arn], spec) for arn in result.placements]
    return {"tasks": [task_json(ctx, t, ("TAGS",)) for t in tasks], "failures": result.failures}


def _run_with_providers(
    ctx: RequestContext,
    cluster_name: str,
    spec: TaskSpec,
    count: int,
    strategy: list[dict[str, Any]],
    constraints: list,
    strategies: list[PlacementStrategy],
) -> dict:
    """RunTask through a capacity provider strategy: placed where the provider has room, else
    PROVISIONING until it has (up to ECS's PROVISIONING quota per cluster)."""

    def over_limit(_: int) -> None:
        raise ClientException(  # AWS's text, as clients that retry on it compare it
            capacity_placement.LIMIT_MESSAGE,
            hint=f"Cluster '{cluster_name}' already has "
            f"{capacity_placement.PROVISIONING_LIMIT} tasks waiting for capacity; try again "
            "once some are placed.",
        )

    placement = spec.placement_request(
        constraints, strategies or [PlacementStrategy(type="random")]
    )
    facts = ctx.state.placement_view(cluster_name).facts()
    tasks, failures, _ = capacity_placement.launch(
        ctx, cluster_name, spec, count, strategy, placement, facts, over_limit=over_limit
    )
    return {"tasks": [task_json(ctx, t, ("TAGS",)) for t in tasks], "failures": failures}


@operation("StartTask")
def start_task(ctx: RequestContext, request: dict) -> dict:
    checks.start_task(request)
    cluster = ctx.state.cluster(request.get("cluster"))
    name = cluster.cluster_name or ""
    references = ctx.state.require_list(request, "containerInstances", 10)
    spec = _spec(ctx, request)
    targets = []
    for reference in references:
        instance = ctx.state.find_instance(name, reference)
        if instance is None:
            raise InvalidParameterException(
                f"Container instance '{reference}' is not registered in cluster '{name}'."
            )
        targets.append(instance)
    placement = spec.placement_request([], [])
    tasks, failures = [], []
    for instance in targets:
        facts = [
            f for f in instance_facts(ctx.state, name) if f.arn == instance.container_instance_arn
        ]
        result = place(facts, placement, 1, ctx.rng)
        failures.extend(result.failures)
        if result.placements:
            tasks.append(create_task(ctx, name, instance, spec))
    return {"tasks": [task_json(ctx, t, ("TAGS",)) for t in tasks], "failures": failures}


@operation("StopTask")
def stop_task(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    task = ctx.state.find_task(cluster.cluster_name or "", request["task"])
    if task is None:
        raise InvalidParameterException(
            # AWS's text: griptape-ai/griptape-nodes-engine#1454, wazuh/wazuh#25439
            "The referenced task was not found.",
            hint=f"No task '{request['task']}' in cluster '{cluster.cluster_name}'. List the "
            "tasks with list_tasks.",
        )
    reason = request.get("reason") or "Task stopped by user"
    if len(reason) > 255:
        raise InvalidParameterException("reason can have at most 255 characters.")
    lifecycle.request_stop(ctx.world, ctx.state, task, "UserInitiated", reason)
    return {"task": task_json(ctx, task)}


@operation("DescribeTasks")
def describe_tasks(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    references = ctx.state.require_list(request, "tasks", 100)
    include = request.get("include") or []
    found, failures = describe_each(
        references,
        lambda reference: ctx.state.find_task(cluster.cluster_name or "", reference),
        lambda task: task_json(ctx, task, include),
    )
    return {"tasks": found, "failures": failures}


@operation("ListTasks")
def list_tasks(ctx: RequestContext, request: dict) -> dict:
    cluster = ctx.state.cluster(request.get("cluster"))
    name = cluster.cluster_name or ""
    if request.get("family") and request.get("serviceName"):
        raise InvalidParameterException("ListTasks takes 'family' or 'serviceName', not both.")
    desired = request.get("desiredStatus") or "RUNNING"
    instance_arn = None
    if request.get("containerInstance"):
        instance = ctx.state.find_instance(name, request["containerInstance"])
        if instance is None:
            raise InvalidParameterException(
                f"Container instance '{request['containerInstance']}' is not in cluster '{name}'."
            )
        instance_arn = instance.container_instance_arn
    family, service = request.get("family"), request.get("serviceName")
    launch_type, started_by = request.get("launchType"), request.get("startedBy")
    index = ctx.state.index
    # The smallest index that holds every answer, read in creation order (as `tasks` is).
    candidates = [index.by_cluster.get(name, {}), index.desired(name, desired)]
    if service is not None:
        candidates.append(index.by_service_name.get((name, service), {}))
    if instance_arn is not None:
        candidates.append(ctx.state.index.by_instance.get(instance_arn, {}))
    tasks = ctx.state.tasks
    arns = (
        arn
        for arn in min(candidates, key=len)
        if (task := tasks[arn]).cluster_name == name
        and task.desired_status == desired
        and (instance_arn is None or task.container_instance_arn == instance_arn)
        and (
            family is None
            or (task.task_definition_arn or "").split("/")[-1].split(":")[0] == family
        )
        and (service is None or task.service_name == service)
        and (started_by is None or task.started_by == started_by)
        and (launch_type is None or task.launch_type == launch_type)
    )
    return paged_stream("taskArns", arns, request)
