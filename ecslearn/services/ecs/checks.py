"""Checks at the door: every field the clock reads later is checked when the request arrives.

The service scheduler, placement and the agents read a service's strategies and constraints,
a task's overrides and an instance's resources long after the call that gave them returned. A
value they cannot use must be refused by that call, with ECS's error, not found by the clock
(issue 15). Each handler calls its check on its first line; a check raises or returns nothing,
except that RunTask's and StartTask's CPU and memory overrides given in vCPU or GB are written
back in units and MiB, as ECS records them.

Messages: where AWS's text is known it is used verbatim (the source is named beside it); the
rest are ecslearn's wording, marked so, and `ecslearn.explain` says what to do next.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.placement import cql
from ecslearn.errors import ClientException, InvalidParameterException
from ecslearn.model.service import DeploymentCircuitBreaker, DeploymentConfiguration
from ecslearn.model.units import parse_cpu, parse_memory
from ecslearn.services.ecs import strategy_checks

STRATEGY_TYPES = ("random", "spread", "binpack")
CONSTRAINT_TYPES = ("distinctInstance", "memberOf")
CONTROLLER_TYPES = ("ECS", "CODE_DEPLOY", "EXTERNAL")
RESOURCE_TYPES = ("INTEGER", "LONG", "DOUBLE", "STRINGSET")
#: Docker's smallest memory limit; ECS refuses less for a container.
MIN_CONTAINER_MEMORY = 6
MAX_GRACE_PERIOD = 2147483647

# AWS's text, verified: terraform-linters/tflint-ruleset-aws#349, pulumi/pulumi-awsx#599.
LAUNCH_TYPE_AND_CAPACITY = (
    "Specifying both a launch type and capacity provider strategy is not supported. Remove one "
    "and try again."
)


def strategies(raw: list[dict[str, Any]] | None) -> None:
    for strategy in raw or []:
        kind = strategy.get("type")
        if kind not in STRATEGY_TYPES:
            # ecslearn's wording (botocore's shape leaves 'type' optional; ECS refuses it).
            raise InvalidParameterException(
                f"Invalid placement strategy type '{kind}'. Valid types are random, spread and "
                "binpack."
            )


def constraints(raw: list[dict[str, Any]] | None) -> None:
    for constraint in raw or []:
        kind = constraint.get("type")
        if kind not in CONSTRAINT_TYPES:
            # ecslearn's wording.
            raise InvalidParameterException(
                f"Invalid placement constraint type '{kind}'. Valid types are distinctInstance "
                "and memberOf."
            )
        if kind == "memberOf":
            if not constraint.get("expression"):
                raise InvalidParameterException("A memberOf constraint needs an 'expression'.")
            cql.parse(constraint["expression"])


def launch(request: dict[str, Any]) -> None:
    if request.get("launchType") and request.get("capacityProviderStrategy"):
        raise InvalidParameterException(LAUNCH_TYPE_AND_CAPACITY)


def _grace_period(request: dict[str, Any]) -> None:
    grace = request.get("healthCheckGracePeriodSeconds")
    if grace is not None and not 0 <= grace <= MAX_GRACE_PERIOD:
        # ecslearn's wording.
        raise InvalidParameterException(
            f"healthCheckGracePeriodSeconds must be between 0 and {MAX_GRACE_PERIOD}; it was "
            f"{grace}."
        )


def _controller(request: dict[str, Any]) -> None:
    kind = (request.get("deploymentController") or {}).get("type", "ECS")
    if kind not in CONTROLLER_TYPES:
        raise InvalidParameterException(
            f"Invalid deployment controller type '{kind}'. Valid types are ECS, CODE_DEPLOY and "
            "EXTERNAL."
        )


def service(request: dict[str, Any]) -> None:
    """CreateService and UpdateService."""
    strategies(request.get("placementStrategy"))
    constraints(request.get("placementConstraints"))
    launch(request)
    _grace_period(request)
    _controller(request)


def _positive(value: Any, what: str, minimum: int = 0) -> None:
    if value is not None and value < minimum:
        # ecslearn's wording.
        raise InvalidParameterException(f"{what} must be at least {minimum}; it was {value}.")


def _task_size(overrides: dict[str, Any], member: str) -> None:
    raw = overrides.get(member)
    if raw is None:
        return
    parse = parse_cpu if member == "cpu" else parse_memory
    value = parse(str(raw))
    if value is None or value <= 0:
        example = "'1024' or '1 vCPU'" if member == "cpu" else "'2048' or '2GB'"
        # ecslearn's wording.
        raise InvalidParameterException(
            f"Invalid '{member}' override for task: '{raw}'.",
            hint=f"Use a positive number, e.g. {example}.",
        )
    overrides[member] = str(value)


def overrides(request: dict[str, Any]) -> None:
    """RunTask's and StartTask's overrides: what placement and the agent will read."""
    found = request.get("overrides") or {}
    _task_size(found, "cpu")
    _task_size(found, "memory")
    for override in found.get("containerOverrides") or []:
        name = override.get("name")
        if not name:
            raise InvalidParameterException("Container.name should not be null or empty.")
        _positive(override.get("cpu"), f"cpu of container override '{name}'")
        _positive(override.get("memory"), f"memory of container override '{name}'", 6)
        _positive(
            override.get("memoryReservation"),
            f"memoryReservation of container override '{name}'",
            6,
        )
        for variable in override.get("environment") or []:
            if not variable.get("name"):
                # ecslearn's wording.
                raise InvalidParameterException(
                    f"An environment variable of container override '{name}' has no name."
                )
        for requirement in override.get("resourceRequirements") or []:
            if requirement.get("type") == "GPU" and not str(requirement.get("value", "")).isdigit():
                raise InvalidParameterException(
                    f"The GPU requirement of container override '{name}' must be a whole number."
                )


def run_task(request: dict[str, Any]) -> None:
    strategies(request.get("placementStrategy"))
    constraints(request.get("placementConstraints"))
    launch(request)
    overrides(request)


def start_task(request: dict[str, Any]) -> None:
    overrides(request)


def resources(raw: list[dict[str, Any]] | None) -> None:
    """RegisterContainerInstance's totalResources: placement subtracts tasks from them."""
    seen: set[Any] = set()
    for resource in raw or []:
        name, kind = resource.get("name"), resource.get("type")
        if name in seen:
            # ecslearn's wording.
            raise ClientException(f"Resource {name} is listed more than once in totalResources.")
        seen.add(name)
        if kind not in RESOURCE_TYPES:
            # ecslearn's wording.
            raise ClientException(
                f"Resource {name} has type '{kind}'; use INTEGER, LONG, DOUBLE or STRINGSET."
            )
        value_member = {
            "INTEGER": "integerValue",
            "LONG": "longValue",
            "DOUBLE": "doubleValue",
            "STRINGSET": "stringSetValue",
        }[kind]
        if resource.get(value_member) is None:
            # ecslearn's wording.
            raise ClientException(f"Resource {name} of type {kind} needs a value ({value_member}).")
        if name in ("CPU", "MEMORY") and kind != "INTEGER":
            raise ClientException(f"Resource {name} must be of type INTEGER.")
        if name in ("PORTS", "PORTS_UDP"):
            ports(name, kind, resource[value_member])


def ports(name: str, kind: str, values: Any) -> None:
    """An instance's reserved ports: a set of port numbers, which placement compares with the
    host ports tasks ask for."""
    # ecslearn's wording.
    if kind != "STRINGSET":
        raise ClientException(f"Resource {name} must be of type STRINGSET.")
    for port in values:
        if not (port.isascii() and port.isdigit() and len(port) <= 5 and 0 < int(port) <= 65535):
            raise ClientException(
                f"Resource {name} lists '{port[:50]}', which is not a port number (1-65535)."
            )


def register_container_instance(request: dict[str, Any]) -> None:
    resources(request.get("totalResources"))


def task_definition(request: dict[str, Any]) -> None:
    """RegisterTaskDefinition: what the agents read later, beyond the model's own rules."""
    fargate = "FARGATE" in (request.get("requiresCompatibilities") or [])
    if fargate and request.get("pidMode") not in (None, "task"):
        # ecslearn's wording; AWS's docs: "only task is supported for Fargate".
        raise ClientException(
            f"pidMode '{request['pidMode']}' is not supported for Fargate tasks.",
            hint="Only 'task' is (or leave pidMode out).",
        )
    if fargate and request.get("ipcMode") is not None:
        raise ClientException("ipcMode is not supported for Fargate tasks.")


def role_arn(account: str, role: str | None) -> str | None:
    """CreateService's `role`: a name or path becomes the role's ARN, as ECS records it."""
    if not role:
        return None
    if role.startswith("arn:"):
        return role
    return f"arn:aws:iam::{account}:role/{role.lstrip('/')}"


def deployment_configuration(raw: dict[str, Any] | None, daemon: bool) -> DeploymentConfiguration:
    """CreateService and UpdateService: the configuration with ECS's defaults, checked."""
    config = DeploymentConfiguration.from_json(raw or {})
    if config.minimum_healthy_percent is None:
        config.minimum_healthy_percent = 0 if daemon else 100
    if config.maximum_percent is None:
        config.maximum_percent = 100 if daemon else 200
    if config.deployment_circuit_breaker is None:
        config.deployment_circuit_breaker = DeploymentCircuitBreaker(enable=False, rollback=False)
    minimum, maximum = config.minimum_healthy_percent, config.maximum_percent
    if not 0 <= minimum <= 100:
        raise InvalidParameterException(
            f"minimumHealthyPercent must be between 0 and 100; it was {minimum}."
        )
    if daemon and maximum != 100:
        raise InvalidParameterException(
            f"The daemon scheduling strategy requires a maximumPercent of 100, not {maximum}."
        )
    if maximum < 100 or maximum < minimum:
        raise InvalidParameterException(
            f"maximumPercent ({maximum}) must be at least 100 and at least minimumHealthyPercent "
            f"({minimum})."
        )
    if daemon and (config.strategy or "ROLLING") != "ROLLING":
        raise InvalidParameterException(  # ecslearn's wording
            f"The daemon scheduling strategy supports only the ROLLING deployment strategy, not "
            f"{config.strategy}."
        )
    strategy_checks.check(config)
    return config
