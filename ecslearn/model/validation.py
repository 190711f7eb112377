"""RegisterTaskDefinition's rules, and the defaults ECS fills in when it accepts a definition.

Each rule raises the error ECS raises (almost always ``ClientException``) with a message that
names the container and the field. The rules follow ECS's developer guide; where AWS's exact
wording is known it is the message (the source is named beside it), the rest are ecslearn's
short wording; how to fix it is the error's hint (`ecslearn.explain`), never on the wire.
"""

from __future__ import annotations

import re

from ecslearn.errors import ClientException
from ecslearn.model.container_wiring import check_wiring, container_error
from ecslearn.model.log_configuration import check_log_configurations
from ecslearn.model.required_attributes import required_attributes
from ecslearn.model.secrets import check_secrets
from ecslearn.model.task_definition import ContainerDefinition, HealthCheck, TaskDefinition
from ecslearn.model.units import FARGATE_SIZES, parse_cpu, parse_memory

NAME_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,255}$")
MAX_CONTAINERS = 10
MAX_PLACEMENT_CONSTRAINTS = 10
MAX_EXPRESSION_LENGTH = 2000
MIN_CONTAINER_MEMORY_MIB = 6
EC2_TASK_CPU_RANGE = (128, 196608)
#: startTimeout and stopTimeout on Fargate, in seconds.
FARGATE_TIMEOUT_RANGE = (2, 120)
HEALTH_CHECK_RANGES = {
    "interval": (5, 300, 30),
    "timeout": (2, 60, 5),
    "retries": (1, 10, 3),
    "start_period": (0, 300, None),
}


def validate_task_definition(td: TaskDefinition) -> TaskDefinition:
    """Check every rule and return a copy with ECS's defaults filled in.

    The input is never modified, so a rejected registration leaves nothing half-changed.
    """
    td = td.copy()
    _check_family(td.family)
    _check_containers_list(td.container_definitions)
    fargate = "FARGATE" in (td.requires_compatibilities or [])
    mode = td.effective_network_mode
    task_cpu, task_memory = _check_task_size(td, fargate)
    for container in td.container_definitions:
        _check_container(container, mode, task_memory)
    _check_memory_fits(td, task_cpu, task_memory)
    check_wiring(td.container_definitions, mode)
    check_log_configurations(td, fargate)
    check_secrets(td)
    _check_placement_constraints(td, fargate)
    if fargate:
        _check_fargate(td, task_cpu, task_memory)
    _fill_defaults(td, task_cpu, task_memory)
    return td


def _check_family(family: str | None) -> None:
    if not family:
        raise ClientException(  # ecslearn's wording
            "Family must be specified.", hint="Give the task definition a 'family' name."
        )
    if not NAME_PATTERN.match(family):
        raise ClientException(  # ecslearn's wording
            f"Family '{family}' contains invalid characters or is too long.",
            hint="A family is 1-255 letters, numbers, hyphens (-) and underscores (_).",
        )


def _check_containers_list(containers: list[ContainerDefinition]) -> None:
    if not containers:
        raise ClientException(  # AWS's text (an account probe's notes quote it)
            "Container list cannot be empty.",
            hint="Add at least one entry to 'containerDefinitions'.",
        )
    if len(containers) > MAX_CONTAINERS:
        raise ClientException(  # ecslearn's wording
            f"Too many containers: {len(containers)}; a task definition holds at most "
            f"{MAX_CONTAINERS}.",
            hint="Split the rest into another task definition.",
        )
    seen: set[str] = set()
    for container in containers:
        if not container.name:
            raise ClientException("Container.name should not be null or empty.")  # AWS's (issue 15)
        if not NAME_PATTERN.match(container.name):
            raise ClientException(  # ecslearn's wording
                f"Container name '{container.name}' is invalid.",
                hint="A container name is 1-255 letters, numbers, hyphens (-) and underscores (_).",
            )
        if container.name in seen:
            raise ClientException(  # ecslearn's wording
                f"Duplicate container name '{container.name}'.",
                hint="Container names must be unique within a task definition.",
            )
        seen.add(container.name)
        if not container.image:
            raise container_error(
                container, "'image' must be specified.", "Name an image, e.g. 'nginx:1.27'."
            )
    if not any(c.is_essential for c in containers):
        raise ClientException(  # ecslearn's wording
            "A task definition must have at least one essential container.",
            hint="Set 'essential': true on the container whose exit should stop the task.",
        )


def _parse_task_value(td: TaskDefinition, member: str) -> int | None:
    raw = getattr(td, member)
    if raw is None or raw == "":
        return None
    value = parse_cpu(raw) if member == "cpu" else parse_memory(raw)
    example = "'1024' or '1 vCPU'" if member == "cpu" else "'2048' or '2GB'"
    if value is None or value <= 0:
        raise ClientException(invalid_task_size(member), hint=f"'{raw}'? Use e.g. {example}.")
    return value


def invalid_task_size(member: str) -> str:
    """AWS's text for a task-level cpu (cds-snc/notification-terraform#329) or memory (the same
    words, unverified) that ECS will not take."""
    guide = "see the Troubleshooting section of the Amazon ECS Developer Guide"
    return f"Invalid '{member}' setting for task. For more information, {guide}."


def _check_task_size(td: TaskDefinition, fargate: bool) -> tuple[int | None, int | None]:
    task_cpu = _parse_task_value(td, "cpu")
    task_memory = _parse_task_value(td, "memory")
    if fargate:
        _require_fargate_size(task_cpu, task_memory)
    low, high = EC2_TASK_CPU_RANGE
    if task_cpu is not None and not fargate and not low <= task_cpu <= high:
        raise ClientException(
            invalid_task_size("cpu"),
            hint=f"{task_cpu} CPU units: on EC2 a task-level cpu must be between {low} and "
            f"{high} units (1 vCPU = 1024 units).",
        )
    return task_cpu, task_memory


def _require_fargate_size(task_cpu: int | None, task_memory: int | None) -> None:
    """Checked before the containers' memory, so Fargate's own rule is the one reported."""
    for member, value, example in (("cpu", task_cpu, "256"), ("memory", task_memory, "512")):
        if value is None:  # AWS's texts (Terraform's errors quote both)
            raise ClientException(
                f"Fargate requires that '{member}' be defined at the task level.",
                hint=f'Add e.g. "{member}": "{example}".',
            )


def _check_container(container: ContainerDefinition, mode: str, task_memory: int | None) -> None:
    for member in ("memory", "memory_reservation"):
        value = getattr(container, member)
        key = "memoryReservation" if member == "memory_reservation" else "memory"
        if value is not None and value < MIN_CONTAINER_MEMORY_MIB:
            raise container_error(
                container,
                f"'{key}' is {value} MiB, below Docker's minimum of "
                f"{MIN_CONTAINER_MEMORY_MIB} MiB.",
                f"Give it at least {MIN_CONTAINER_MEMORY_MIB} MiB.",
            )
    if task_memory is None and not container.memory and not container.memory_reservation:
        raise container_error(
            container,
            "At least one of 'memory' or 'memoryReservation' must be specified.",
            "Set one on the container, or set 'memory' for the whole task.",
        )
    if (
        container.memory is not None
        and container.memory_reservation is not None
        and container.memory_reservation > container.memory
    ):
        raise container_error(
            container,
            f"'memoryReservation' ({container.memory_reservation} MiB) must not be greater than "
            f"'memory' ({container.memory} MiB).",
            "The hard limit 'memory' has to be at least the soft limit 'memoryReservation'.",
        )
    if container.cpu is not None and container.cpu < 0:
        raise container_error(container, "'cpu' cannot be negative.", "Use 0 or more CPU units.")
    for member in ("start_timeout", "stop_timeout"):
        value = getattr(container, member)
        if value is not None and value < 0:
            key = "startTimeout" if member == "start_timeout" else "stopTimeout"
            raise container_error(
                container, f"'{key}' cannot be negative.", "Give a number of seconds."
            )
    if container.hostname and mode == "awsvpc":
        raise container_error(
            container,
            "'hostname' is not supported when networkMode=awsvpc.",
            "Remove it: in awsvpc mode the task's ENI decides the hostname.",
        )
    if container.health_check is not None:
        _check_health_check(container, container.health_check)
    for index, variable in enumerate(container.environment or []):
        if not variable.name:
            raise container_error(
                container,
                f"environment[{index}] has no 'name'.",
                "Every environment variable needs a name.",
            )


def _check_health_check(container: ContainerDefinition, check: HealthCheck) -> None:
    if not check.command:
        raise container_error(
            container,
            "healthCheck 'command' must be specified.",
            'Use e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"].',
        )
    if check.command[0] not in ("CMD", "CMD-SHELL"):
        raise container_error(
            container,
            f"healthCheck 'command' starts with '{check.command[0]}'.",
            'Start it with "CMD" (run the program directly) or "CMD-SHELL" (run it in a shell).',
        )
    for member, (low, high, _default) in HEALTH_CHECK_RANGES.items():
        value = getattr(check, member)
        if value is not None and not low <= value <= high:
            key = "startPeriod" if member == "start_period" else member
            raise container_error(
                container,
                f"healthCheck '{key}' is {value}; it must be between {low} and {high}.",
                f"Choose a value from {low} to {high}.",
            )


def _check_memory_fits(td: TaskDefinition, task_cpu: int | None, task_memory: int | None) -> None:
    containers = td.container_definitions
    if task_memory is not None:
        for container in containers:
            for member, key in (("memory", "memory"), ("memory_reservation", "memoryReservation")):
                value = getattr(container, member)
                if value is not None and value > task_memory:
                    # AWS's for memory (pulumi/pulumi-awsx#1220); memoryReservation's unverified
                    raise ClientException(
                        f"The '{key}' setting for container '{container.name}' is greater than "
                        "for the task.",
                        hint=f"{value} MiB does not fit inside the task-level memory "
                        f"({task_memory} MiB).",
                    )
        reserved = sum(c.reserved_memory for c in containers)
        if reserved > task_memory:
            raise ClientException(  # ecslearn's wording
                f"The containers reserve {reserved} MiB in total, more than the task's memory "
                f"({task_memory} MiB).",
                hint="Lower their memory or memoryReservation, or raise the task's memory.",
            )
    if task_cpu is not None:
        total_cpu = sum(c.cpu or 0 for c in containers)
        if total_cpu > task_cpu:
            raise ClientException(  # ecslearn's wording
                f"The containers' cpu adds up to {total_cpu} units, more than the task's cpu "
                f"({task_cpu} units).",
                hint="Lower the containers' cpu or raise the task's.",
            )


def _check_placement_constraints(td: TaskDefinition, fargate: bool) -> None:
    constraints = td.placement_constraints or []
    if fargate and constraints:
        raise ClientException(  # ecslearn's wording
            "Task definition placement constraints are not supported on Fargate.",
            hint="Remove 'placementConstraints' or require EC2.",
        )
    if len(constraints) > MAX_PLACEMENT_CONSTRAINTS:
        raise ClientException(
            f"Too many placement constraints: {len(constraints)}. The limit is "
            f"{MAX_PLACEMENT_CONSTRAINTS}."
        )
    for constraint in constraints:
        if constraint.type is None:
            raise ClientException(  # ecslearn's wording
                "A placement constraint needs a 'type'.",
                hint="In a task definition it is memberOf, with an 'expression' such as "
                "'attribute:ecs.instance-type =~ t3.*'.",
            )
        if constraint.type != "memberOf":
            raise ClientException(  # ecslearn's wording
                f"Invalid placement constraint type '{constraint.type}' in a task definition.",
                hint="Only memberOf is allowed here; distinctInstance goes on RunTask or a "
                "service.",
            )
        if not constraint.expression:
            raise ClientException("A memberOf placement constraint needs an 'expression'.")
        if len(constraint.expression) > MAX_EXPRESSION_LENGTH:
            raise ClientException(
                f"Placement constraint expression is {len(constraint.expression)} characters; the "
                f"limit is {MAX_EXPRESSION_LENGTH}."
            )


def _check_fargate(td: TaskDefinition, task_cpu: int | None, task_memory: int | None) -> None:
    if td.effective_network_mode != "awsvpc":
        raise ClientException(
            "Fargate only supports network mode 'awsvpc'.",  # AWS's (older quotes: ‘awsvpc’)
            hint=f'This one is \'{td.effective_network_mode}\'; set "networkMode": "awsvpc".',
        )
    allowed = FARGATE_SIZES.get(task_cpu or 0)
    if allowed is None or task_memory not in allowed:
        choices = (
            f"with cpu {task_cpu}, memory can be {allowed[0]}-{allowed[-1]} MiB "
            f"(one of {', '.join(map(str, allowed))})"
            if allowed
            else f"cpu must be one of {', '.join(map(str, FARGATE_SIZES))}"
        )
        raise ClientException(
            "No Fargate configuration exists for given values.",  # AWS's: aws/amazon-ecs-cli#463
            hint=f"{task_cpu} CPU, {task_memory} memory. On Fargate {choices}.",
        )
    for container in td.container_definitions:
        _check_fargate_timeouts(container)


def _check_fargate_timeouts(container: ContainerDefinition) -> None:
    low, high = FARGATE_TIMEOUT_RANGE
    for member, key in (("start_timeout", "startTimeout"), ("stop_timeout", "stopTimeout")):
        value = getattr(container, member)
        if value is not None and not low <= value <= high:
            raise container_error(
                container,
                f"{key} {value} is outside Fargate's range of {low}-{high} seconds.",
                f"Use a value from {low} to {high}.",
            )


def _fill_defaults(td: TaskDefinition, task_cpu: int | None, task_memory: int | None) -> None:
    """What ECS adds on registration, so DescribeTaskDefinition answers as AWS does."""
    mode = td.effective_network_mode
    td.network_mode = mode
    if task_cpu is not None:
        td.cpu = str(task_cpu)
    if task_memory is not None:
        td.memory = str(task_memory)
    if td.volumes is None:
        td.volumes = []
    if td.placement_constraints is None:
        td.placement_constraints = []
    for container in td.container_definitions:
        if container.cpu is None:
            container.cpu = 0
        if container.essential is None:
            container.essential = True
        if container.port_mappings is None:
            container.port_mappings = []
        if container.environment is None:
            container.environment = []
        container.extra.setdefault("mountPoints", [])
        container.extra.setdefault("volumesFrom", [])
        for mapping in container.port_mappings:
            if mapping.protocol is None:
                mapping.protocol = "tcp"
            if mode in ("host", "awsvpc") and mapping.host_port is None:
                mapping.host_port = mapping.container_port
        check = container.health_check
        if check is not None:
            for member, (_low, _high, default) in HEALTH_CHECK_RANGES.items():
                if getattr(check, member) is None and default is not None:
                    setattr(check, member, default)
    compatibilities = ["EC2"]
    if mode != "awsvpc":
        compatibilities.append("EXTERNAL")
    fargate_size = FARGATE_SIZES.get(task_cpu or 0, ())
    if mode == "awsvpc" and task_memory in fargate_size and not td.placement_constraints:
        compatibilities.append("FARGATE")
    td.compatibilities = compatibilities
    td.requires_attributes = required_attributes(td)
