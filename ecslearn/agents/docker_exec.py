"""``ecslearn exec``: ECS Exec for tasks the Docker agent runs.

On AWS, ``aws ecs execute-command`` opens an SSM session and the SSM agent inside the task runs
the command. Here the task's containers are real Docker containers, so ``ecslearn exec`` runs
the command in the container itself through the Docker engine, with the same rule ECS Exec has:
only a task started with ``enableExecuteCommand`` can be reached (the Docker agent marks its
containers ``ecslearn.exec=true``), else the same text ExecuteCommand answers. A task is named
by its ID or ARN (as ``aws ecs execute-command --task`` takes it); the container by name, which
may be left out when the task has only one.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ecslearn.agents.docker import DockerUnavailable, docker_client
from ecslearn.agents.docker_runtime import LABEL_EXEC, LABEL_SIMULATION
from ecslearn.errors.ecs_service_codes import EXEC_NOT_ENABLED as NOT_ENABLED

TASK_LABEL = "com.amazonaws.ecs.task-arn"
CONTAINER_LABEL = "com.amazonaws.ecs.container-name"


class ExecRefused(Exception):
    """The command cannot run: the message says why, as ECS would."""


def find_container(
    client: Any, task: str, container: str | None, simulation: str | None = None
) -> Any:
    """The running Docker container of `task`'s `container` (a task ID or ARN), in the
    simulation whose containers carry the label ``ecslearn.simulation=<simulation>`` (None: the
    only one running that task: two simulations with one seed give their tasks the same IDs)."""
    found = [
        c
        for c in client.containers.list(filters={"label": TASK_LABEL})
        if c.labels.get(TASK_LABEL, "").rsplit("/", 1)[-1] == task.rsplit("/", 1)[-1]
        and c.labels.get(CONTAINER_LABEL, "") != "~internal~ecs~pause"
        and simulation in (None, c.labels.get(LABEL_SIMULATION))
    ]
    if not found:
        raise ExecRefused(f"No running task {task} on this machine's Docker engine.")
    worlds = {c.labels.get(LABEL_SIMULATION) for c in found}
    if len(worlds) > 1:
        raise ExecRefused(
            f"{len(worlds)} simulations on this machine run a task {task} (one seed gives the "
            "same task IDs): name one with --simulation (its containers' label "
            f"{LABEL_SIMULATION}: {', '.join(sorted(w or '?' for w in worlds))})."
        )
    if container is None:
        if len(found) != 1:
            names = ", ".join(sorted(c.labels.get(CONTAINER_LABEL, "?") for c in found))
            raise ExecRefused(f"The task has more than one container ({names}): name one.")
        chosen = found[0]
    else:
        chosen = next((c for c in found if c.labels.get(CONTAINER_LABEL) == container), None)
        if chosen is None:
            raise ExecRefused(f"The task has no running container named {container!r}.")
    if chosen.labels.get(LABEL_EXEC) != "true":
        raise ExecRefused(NOT_ENABLED)
    return chosen


def run_in_task(
    task: str, container: str | None, command: list[str], simulation: str | None = None
) -> tuple[int, bytes]:
    """Run `command` in the task's container: its exit code and its output."""
    target = find_container(docker_client(), task, container, simulation)
    result = target.exec_run(command)
    return result.exit_code, result.output or b""


def _exec(args: argparse.Namespace) -> int:
    try:
        code, output = run_in_task(
            args.task, args.container, list(args.exec_command), args.simulation
        )
    except (ExecRefused, DockerUnavailable) as error:
        print(f"ecslearn exec: {error}", file=sys.stderr)
        return 255
    sys.stdout.write(output.decode(errors="replace"))
    return code


def add_commands(commands: Any) -> None:
    parser = commands.add_parser(
        "exec",
        help="run a command in a container of a task the Docker agent runs (ECS Exec)",
        description=__doc__.split("\n\n")[1],
    )
    parser.add_argument("task", help="the task's ID or ARN")
    parser.add_argument("--container", help="the container's name (needed with several)")
    parser.add_argument(
        "--simulation",
        help=f"the {LABEL_SIMULATION} label of the simulation's containers (needed when two "
        "simulations with one seed run the same task ID)",
    )
    parser.add_argument("exec_command", nargs="+", metavar="command", help="e.g. -- ls /")
    parser.set_defaults(run=_exec)
