"""UpdateTaskProtection and GetTaskProtection: task scale-in protection through the API (the
behaviour is `ecslearn.control.services.protection`).

Only tasks of a service can be protected: a standalone task answers the failure
``TASK_NOT_VALID`` (the API reference), a task the cluster does not have ``MISSING``; either way
the call succeeds for the others. UpdateTaskProtection takes 1 to 10 tasks; turning protection
on restarts its period (120 minutes by default, 1 to 2,880). GetTaskProtection takes up to 100.

What AWS leaves unsaid and ecslearn chose: a stopped task answers ``TASK_NOT_VALID`` too, with a
detail saying why; GetTaskProtection without ``tasks`` answers for every task of the cluster's
services that is not stopped; the details and the range message are ecslearn's wording.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.services import protection
from ecslearn.errors import InvalidParameterException
from ecslearn.model.task import Task
from ecslearn.services.handlers import RequestContext, operation

MAX_UPDATED = 10
MAX_READ = 100


def _answer(ctx: RequestContext, task: Task) -> dict[str, Any]:
    world = ctx.world
    protected = protection.is_protected(task, world.now)
    said: dict[str, Any] = {"taskArn": task.task_arn, "protectionEnabled": protected}
    if protected and task.protected_until is not None:
        # kept on the simulation's clock (seconds since it began); answered as an instant
        said["expirationDate"] = ctx.now + (task.protected_until - world.now)
    return said


def _invalid(task: Task) -> str | None:
    """Why `task` cannot carry protection (None: it can)."""
    if task.service_arn is None:
        return "The task does not belong to a service."
    if task.desired_status == "STOPPED":
        return "The task is stopping or stopped."
    return None


def _sorted_out(
    ctx: RequestContext, cluster: str, references: list[str]
) -> tuple[list[Task], list[dict[str, str]]]:
    tasks, failures = [], []
    for reference in references:
        task = ctx.state.find_task(cluster, reference)
        if task is None:
            failures.append({"arn": reference, "reason": "MISSING"})
            continue
        why = _invalid(task)
        if why is not None:
            failures.append({"arn": task.task_arn or "", "reason": "TASK_NOT_VALID", "detail": why})
            continue
        tasks.append(task)
    return tasks, failures


@operation("UpdateTaskProtection")
def update_task_protection(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    cluster = ctx.state.cluster(request["cluster"]).cluster_name or ""
    references = ctx.state.require_list(request, "tasks", MAX_UPDATED)
    enabled = bool(request["protectionEnabled"])
    minutes = request.get("expiresInMinutes", protection.DEFAULT_MINUTES)
    if enabled and not protection.MIN_MINUTES <= minutes <= protection.MAX_MINUTES:
        raise InvalidParameterException(
            f"expiresInMinutes must be between {protection.MIN_MINUTES} and "
            f"{protection.MAX_MINUTES}."
        )
    tasks, failures = _sorted_out(ctx, cluster, references)
    for task in tasks:
        if enabled:
            protection.protect(ctx.world, ctx.state, task, minutes)
        else:
            protection.unprotect(ctx.world, ctx.state, task)
    return {"protectedTasks": [_answer(ctx, t) for t in tasks], "failures": failures}


@operation("GetTaskProtection")
def get_task_protection(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    cluster = ctx.state.cluster(request["cluster"]).cluster_name or ""
    if "tasks" in request:
        references = ctx.state.require_list(request, "tasks", MAX_READ)
        tasks, failures = _sorted_out(ctx, cluster, references)
    else:
        running = ctx.state.index.desired(cluster, "RUNNING")  # not every task ever run
        found = (ctx.state.tasks[arn] for arn in running)
        tasks, failures = [t for t in found if _invalid(t) is None], []
    return {"protectedTasks": [_answer(ctx, t) for t in tasks], "failures": failures}
