"""ExecuteCommand (ECS Exec): a command in a running task's container, as ECS answers it.

On AWS the answer is an SSM session (an ID, a WebSocket URL and a token) that the AWS CLI's
Session Manager plugin connects to; the command then runs in the container. ecslearn answers
the same shape, records the request on the timeline, and does not run anything: simulated
containers have no processes, and Docker containers are reached with ``ecslearn exec`` (which
runs the command with the Docker engine, as the SSM agent would inside the task).

ECS's rules kept: the task must have been started with ``enableExecuteCommand`` and be RUNNING
(else AWS's InvalidParameterException text, quoted in aws/copilot-cli and keidarcy/e1s issues;
AWS writes "isn’t" with a typographic apostrophe); only interactive mode exists (AWS's CLI
error says "Interactive is the only mode supported currently"); the container must be named
when the task has more than one. The session's values are derived from the request, so a
replay answers the same; the other refusals' messages are ecslearn's wording.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from ecslearn.errors import InvalidParameterException
from ecslearn.errors.ecs_service_codes import EXEC_NOT_ENABLED as NOT_ENABLED
from ecslearn.services.handlers import RequestContext, operation


@operation("ExecuteCommand")
def execute_command(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    cluster = ctx.state.cluster(request.get("cluster"))
    if not request["interactive"]:
        raise InvalidParameterException("Interactive is the only mode supported currently.")
    task = ctx.state.find_task(cluster.cluster_name or "", request["task"])
    if task is None:
        raise InvalidParameterException(
            f"The task {request['task'][:200]} was not found in cluster {cluster.cluster_name}."
        )
    containers = task.containers or []
    name = request.get("container")
    if name is None:
        if len(containers) != 1:
            raise InvalidParameterException(
                "The task has more than one container: name the container to run the command in."
            )
        name = containers[0].name
    container = next((c for c in containers if c.name == name), None)
    if container is None:
        raise InvalidParameterException(f"The task has no container named {name!r}.")
    running = task.last_status == "RUNNING" and container.last_status == "RUNNING"
    if not task.enable_execute_command or not running:
        raise InvalidParameterException(
            NOT_ENABLED,
            hint="Run the task (or update the service with forceNewDeployment) with "
            "enableExecuteCommand=True, and wait until it is RUNNING.",
        )
    seed = f"{task.task_arn}|{name}|{request['command']}|{ctx.now}".encode()
    digest = hashlib.sha256(seed).digest()
    session_id = f"ecs-execute-command-{digest[:9].hex()}"
    task_id = (task.task_arn or "").rsplit("/", 1)[-1]
    ctx.world.record(
        "exec",
        f"ExecuteCommand in container {name} of task {task_id}: {request['command'][:200]}",
        cluster=cluster.cluster_name,
        task=task_id,
        container=name,
    )
    return {
        "clusterArn": cluster.cluster_arn,
        "containerArn": container.container_arn,
        "containerName": name,
        "interactive": True,
        "taskArn": task.task_arn,
        "session": {
            "sessionId": session_id,
            "streamUrl": (
                f"wss://ssmmessages.{ctx.region}.amazonaws.com/v1/data-channel/{session_id}"
                "?role=publish_subscribe&cell-number=AAEAAQ"
            ),
            "tokenValue": base64.b64encode(digest * 4).decode(),
        },
    }
