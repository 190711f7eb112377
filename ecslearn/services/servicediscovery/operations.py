"""Cloud Map's asynchronous operations: GetOperation, ListOperations, and their progress over
virtual time.

An operation is SUBMITTED when its request is accepted, PENDING a second later (AWS: "AWS Cloud
Map is performing the operation"), and SUCCESS when its work is done
(`ecslearn.model.service_discovery.OPERATION_SECONDS`, with the world's seeded jitter). Its work
happens then: a new namespace becomes visible, a deleted one goes. Each step is a queued action
(plain data, so a save mid-flight carries on), and each ending is on the timeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ecslearn.control.queue import action_handler
from ecslearn.errors import InvalidInput, OperationNotFound
from ecslearn.model.service_discovery import (
    OPERATION_SECONDS,
    PENDING_AFTER,
    CloudMapOperation,
)
from ecslearn.services.handlers import RequestContext, operation
from ecslearn.services.servicediscovery.common import cloud_map, page, random_id

if TYPE_CHECKING:
    from ecslearn.control.world import World

ACTION = "servicediscovery.operation"


def start(
    ctx: RequestContext, kind: str, targets: dict[str, str], flavour: str = ""
) -> CloudMapOperation:
    """A new operation of `kind` on `targets`, SUBMITTED now, with its steps queued."""
    op = CloudMapOperation(
        id=f"{random_id(ctx, 32)}-{random_id(ctx, 8)}",
        type=kind,
        created_at=ctx.now,
        updated_at=ctx.now,
        targets=dict(targets),
    )
    cloud_map(ctx).operations[op.id] = op
    world = ctx.world
    seconds = OPERATION_SECONDS.get((kind, flavour), OPERATION_SECONDS.get((kind, ""), 3.0))
    pending_at = world.now + PENDING_AFTER
    world.queue.push(pending_at, ACTION, region=ctx.region, operation=op.id, status="PENDING")
    world.queue.push(
        max(pending_at, world.now + world.jittered(seconds)),
        ACTION,
        region=ctx.region,
        operation=op.id,
        status="SUCCESS",
    )
    return op


@action_handler(ACTION)
def _advance(world: World, args: dict[str, Any]) -> None:
    state = world.region_state(args["region"]).service_discovery
    op = state.operations.get(args["operation"])
    if op is None or op.done:
        return
    op.status, op.updated_at = args["status"], world.clock.timestamp
    if op.status != "SUCCESS":
        return
    namespace = state.namespaces.get(op.targets.get("NAMESPACE", ""))
    if op.type == "CREATE_NAMESPACE" and namespace is not None:
        namespace.ready = True
        world.record(
            "cloudmap",
            f"Cloud Map namespace {namespace.name} ({namespace.id}) created",
            details={"namespace": namespace.id, "operation": op.id, "region": args["region"]},
        )
    elif op.type == "DELETE_NAMESPACE" and namespace is not None:
        del state.namespaces[namespace.id]
        world.record(
            "cloudmap",
            f"Cloud Map namespace {namespace.name} ({namespace.id}) deleted",
            details={"namespace": namespace.id, "operation": op.id, "region": args["region"]},
        )


def operation_json(ctx: RequestContext, op: CloudMapOperation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "Id": op.id,
        "OwnerAccount": ctx.account,
        "Type": op.type,
        "Status": op.status,
        "CreateDate": op.created_at,
        "UpdateDate": op.updated_at,
        "Targets": dict(op.targets),
    }
    if op.error_code:
        data["ErrorCode"], data["ErrorMessage"] = op.error_code, op.error_message or ""
    return data


@operation("GetOperation", "servicediscovery")
def get_operation(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    op = cloud_map(ctx).operations.get(request["OperationId"])
    if op is None:
        raise OperationNotFound("Operation not found")
    return {"Operation": operation_json(ctx, op)}


#: ListOperations' filters: the field each reads, and the conditions each allows
_FILTERS = {
    "NAMESPACE_ID": ("EQ",),
    "SERVICE_ID": ("EQ",),
    "STATUS": ("EQ", "IN"),
    "TYPE": ("EQ", "IN"),
    "UPDATE_DATE": ("BETWEEN",),
}


def _matches(op: CloudMapOperation, name: str, condition: str, values: list[str]) -> bool:
    if name == "NAMESPACE_ID":
        return op.targets.get("NAMESPACE") == values[0]
    if name == "SERVICE_ID":
        return op.targets.get("SERVICE") == values[0]
    if name in ("STATUS", "TYPE"):
        field = op.status if name == "STATUS" else op.type
        return field in values
    start, end = (float(v) for v in values[:2])
    return start <= op.updated_at <= end


def _checked_filters(raw: list[dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    filters = []
    for entry in raw:
        name, values = entry["Name"], entry["Values"]
        condition = entry.get("Condition", "EQ")
        if condition not in _FILTERS[name]:
            raise InvalidInput(  # ecslearn's wording
                f"The {name} filter takes the condition {' or '.join(_FILTERS[name])}, "
                f"not {condition}."
            )
        wanted = 2 if condition == "BETWEEN" else None
        if (
            not values
            or (condition == "EQ" and len(values) != 1)
            or (wanted and len(values) != wanted)
        ):
            raise InvalidInput(
                f"The {name} filter with {condition} has the wrong number of values."
            )
        if name == "UPDATE_DATE":
            try:
                [float(v) for v in values]
            except ValueError:
                raise InvalidInput("UPDATE_DATE values are Unix timestamps.") from None
        filters.append((name, condition, values))
    return filters


@operation("ListOperations", "servicediscovery")
def list_operations(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    filters = _checked_filters(request.get("Filters") or [])
    found = [
        op
        for op in cloud_map(ctx).operations.values()
        if all(_matches(op, name, cond, values) for name, cond, values in filters)
    ]
    items, token = page(found, request)
    response: dict[str, Any] = {"Operations": [{"Id": o.id, "Status": o.status} for o in items]}
    if token:
        response["NextToken"] = token
    return response
