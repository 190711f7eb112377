"""The agent reading a task's ``secrets`` when the task starts (`ecslearn.model.secrets`).

On AWS the agent reads them with the task's execution role, after the images are pulled on EC2
and before anything else on Fargate, and hands each container its values as environment
variables (a secret wins over an ``environment`` entry of the same name, as the agent merges
them last). Here the values come from the simulated Parameter Store of the parameter's region
(the account's own parameters, and AWS's public ones), read with decryption as the agent does.

A parameter that is not there stops the task before any container starts: stopCode
TaskFailedToStart, every container STOPPED, with the agent's reason:

- on EC2 (ECS's container agent): ``Fetching secret data from SSM Parameter Store in REGION:
  invalid parameters: NAME`` (the agent's text, quoted with stopCode TaskFailedToStart in
  learners' notes and in the agent's own tests);
- on Fargate: ``ResourceInitializationError: unable to pull secrets or registry auth:
  execution resource retrieval failed: unable to retrieve secrets from ssm: service call has
  been retried 1 time(s): invalid ssm parameters: NAME`` (quoted in HHS/simpler-grants-gov#4330
  and others).

Several missing parameters are listed joined by ", " (ecslearn's choice: the quotes show one).
ecslearn does not simulate Secrets Manager, so a secret read from a Secrets Manager ARN is
never found; the reasons then follow the same pattern with Secrets Manager's
ResourceNotFoundException text ("Secrets Manager can't find the specified secret."), the
Fargate one as AWS writes it for asm (``unable to retrieve secret from asm: ... failed to fetch
secret ARN from secrets manager: ...``), the EC2 one in ecslearn's words modelled on the SSM one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.agents.docker_config import effective, environment
from ecslearn.agents.runtime import ContainerRuntimeError
from ecslearn.model.amis import public_parameters
from ecslearn.model.secrets import SecretSource, secrets_of, source
from ecslearn.model.task_definition import KeyValuePair

if TYPE_CHECKING:
    from ecslearn.agents.agent_state import AgentState
    from ecslearn.control.world import World
    from ecslearn.model.task import Task
    from ecslearn.model.task_definition import ContainerDefinition, TaskDefinition

ASM_NOT_FOUND = "ResourceNotFoundException: Secrets Manager can't find the specified secret."
FARGATE_PREFIX = "unable to pull secrets or registry auth: execution resource retrieval failed: "


def _parameter_value(world: World, region: str, name: str) -> str | None:
    own = world.region_state(region).ssm.find(name)
    if own is not None:
        return own.value
    return public_parameters(region).get(name)


def resolve(
    world: World, region: str, definition: TaskDefinition, *, fargate: bool
) -> dict[str, dict[str, str]]:
    """Every container's secrets by container name (``{env name: value}``); raises
    `ContainerRuntimeError` with the agent's reason when one cannot be read (see the module)."""
    sources: dict[str, list[SecretSource]] = {
        container.name or "": [source(s) for s in secrets_of(container)]
        for container in definition.container_definitions
        if secrets_of(container)
    }
    missing: dict[str, list[str]] = {}  # region -> parameter names not found
    resolved: dict[str, dict[str, str]] = {}
    for container, entries in sources.items():
        for entry in entries:
            if entry.store != "ssm":
                raise ContainerRuntimeError(_asm_reason(entry, region, fargate))
            where = entry.region or region
            value = _parameter_value(world, where, entry.name)
            if value is None:
                names = missing.setdefault(where, [])
                if entry.name not in names:
                    names.append(entry.name)
            else:
                resolved.setdefault(container, {})[entry.env_name] = value
    for where, names in missing.items():
        listed = ", ".join(names)
        if fargate:
            raise ContainerRuntimeError(
                f"{FARGATE_PREFIX}unable to retrieve secrets from ssm: service call has been "
                f"retried 1 time(s): invalid ssm parameters: {listed}"
            )
        raise ContainerRuntimeError(
            f"Fetching secret data from SSM Parameter Store in {where}: invalid parameters: "
            f"{listed}"
        )
    return resolved


def _asm_reason(entry: SecretSource, region: str, fargate: bool) -> str:
    if fargate:
        return (
            f"{FARGATE_PREFIX}unable to retrieve secret from asm: service call has been retried "
            f"1 time(s): failed to fetch secret {entry.value_from} from secrets manager: "
            f"{ASM_NOT_FOUND}"
        )
    return (
        f"Fetching secret data from AWS Secrets Manager in {entry.region or region}: secret "
        f"{entry.value_from}: {ASM_NOT_FOUND}"
    )


class SecretSteps:
    """The task runner's steps about secrets (mixed into `TaskRunner`, whose attributes it
    uses): reading them when the task starts, and starting containers with them."""

    world: World
    region: str
    runtime: Any
    state: AgentState
    if TYPE_CHECKING:  # the runner's own

        def _definition(self, task: Task) -> TaskDefinition: ...

        def _all_fail(self, task: Task, reason: str) -> None: ...

    @property
    def on_fargate(self) -> bool:
        return getattr(self.runtime, "platform", "EC2") == "FARGATE"

    def secrets_read(self, task: Task) -> bool:
        """Read the task's secrets for its containers' starts, once its images are in; a
        missing one fails the task (TaskFailedToStart, the agent's reason: see the module) and
        answers False. (Fargate's agent finds a missing one before the pull already:
        `FargateRuntime.attach_eni`.)"""
        try:
            read = resolve(self.world, self.region, self._definition(task), fargate=self.on_fargate)
        except ContainerRuntimeError as error:
            prefix = "ResourceInitializationError: " if self.on_fargate else ""
            self._all_fail(task, f"{prefix}{error}")
            return False
        self.state.task(task.task_arn).secrets = read
        return True

    def launch_spec(self, task: Task, name: str) -> ContainerDefinition:
        """What a container is started with: its definition with the task's
        containerOverrides applied and the secrets the agent read added to its environment (a
        secret wins over an ``environment`` entry of the same name). The environment is kept
        with the container's progress (`Simulation.container_environment` reads it)."""
        spec = effective(self._definition(task), task, name)
        kept = self.state.task(task.task_arn)
        secrets = kept.secrets.get(name)
        if secrets:
            merged = {e.name: e.value for e in spec.environment or [] if e.name}
            merged.update(secrets)
            spec.environment = [KeyValuePair(name=k, value=v) for k, v in merged.items()]
        found = environment(task, name, spec)
        if self.on_fargate:
            found["AWS_EXECUTION_ENV"] = "AWS_ECS_FARGATE"
        kept.container(name).environment = found
        return spec
