"""Cloud Map's instances: RegisterInstance, DeregisterInstance, GetInstance, ListInstances,
GetInstancesHealthStatus, UpdateInstanceCustomHealthStatus.

AWS's rules kept here (RegisterInstance's API reference): a service with an A record needs
``AWS_INSTANCE_IPV4``, one with an SRV record ``AWS_INSTANCE_PORT`` too; registering an ID
that is already there replaces its attributes; ``AWS_INIT_HEALTH_STATUS`` (HEALTHY or
UNHEALTHY) is the first custom health status and needs HealthCheckCustomConfig; an instance has
at most 30 attributes. UpdateInstanceCustomHealthStatus on a service without
HealthCheckCustomConfig is CustomHealthNotFound. Registering and deregistering answer an
OperationId (`operations`); the instance is (de)registered at once (ecslearn's choice: see
`ecslearn.model.service_discovery`). GetInstancesHealthStatus of a service without a health
check answers UNKNOWN for each instance (AWS leaves it unsaid).
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import CustomHealthNotFound, InvalidInput
from ecslearn.model.service_discovery import UNHEALTHY_AFTER, CloudMapInstance, CloudMapService
from ecslearn.services.handlers import RequestContext, operation
from ecslearn.services.servicediscovery import operations
from ecslearn.services.servicediscovery.common import find_instance, find_service, page

MAX_ATTRIBUTES = 30
#: the attribute each DNS record type needs
NEEDED = {"A": "AWS_INSTANCE_IPV4", "AAAA": "AWS_INSTANCE_IPV6", "CNAME": "AWS_INSTANCE_CNAME"}


def _checked_attributes(service: CloudMapService, attributes: dict[str, str]) -> None:
    if len(attributes) > MAX_ATTRIBUTES:
        raise InvalidInput(
            f"An instance can have at most {MAX_ATTRIBUTES} attributes; this one has "
            f"{len(attributes)}."
        )
    types = service.record_types()
    for kind in types:
        needed = NEEDED.get(kind)
        if needed and needed not in attributes:
            raise InvalidInput(
                f"The service {service.id} has an {kind} record: the instance needs the "
                f"attribute {needed}."
            )
    if "SRV" in types and "AWS_INSTANCE_PORT" not in attributes:
        raise InvalidInput(
            f"The service {service.id} has an SRV record: the instance needs AWS_INSTANCE_PORT."
        )
    init = attributes.get("AWS_INIT_HEALTH_STATUS")
    if init is not None and (not service.custom_health or init not in ("HEALTHY", "UNHEALTHY")):
        raise InvalidInput(
            "AWS_INIT_HEALTH_STATUS is HEALTHY or UNHEALTHY, for a service with "
            "HealthCheckCustomConfig."
        )


@operation("RegisterInstance", "servicediscovery")
def register_instance(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    service = find_service(ctx, request["ServiceId"])
    attributes = dict(request["Attributes"])
    _checked_attributes(service, attributes)
    init = attributes.get("AWS_INIT_HEALTH_STATUS", "HEALTHY")
    instance_id = request["InstanceId"]
    instance = CloudMapInstance(
        id=instance_id,
        attributes=attributes,
        creator_request_id=request.get("CreatorRequestId"),
        registered_at=ctx.now,
        custom_status=init,
        custom_status_from=ctx.now,
    )
    service.instances.pop(instance_id, None)
    service.instances[instance_id] = instance
    service.revision += 1
    op = operations.start(
        ctx, "REGISTER_INSTANCE", {"SERVICE": service.id, "INSTANCE": instance_id}
    )
    return {"OperationId": op.id}


@operation("DeregisterInstance", "servicediscovery")
def deregister_instance(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    service = find_service(ctx, request["ServiceId"])
    instance = find_instance(service, request["InstanceId"])
    del service.instances[instance.id]
    service.revision += 1
    op = operations.start(
        ctx, "DEREGISTER_INSTANCE", {"SERVICE": service.id, "INSTANCE": instance.id}
    )
    return {"OperationId": op.id}


@operation("GetInstance", "servicediscovery")
def get_instance(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    service = find_service(ctx, request["ServiceId"])
    instance = find_instance(service, request["InstanceId"])
    data: dict[str, Any] = {
        "Id": instance.id,
        "Attributes": dict(instance.attributes),
        "CreatedByAccount": ctx.account,
    }
    if instance.creator_request_id:
        data["CreatorRequestId"] = instance.creator_request_id
    return {"ResourceOwner": ctx.account, "Instance": data}


@operation("ListInstances", "servicediscovery")
def list_instances(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    service = find_service(ctx, request["ServiceId"])
    items, token = page(list(service.instances.values()), request)
    response: dict[str, Any] = {
        "ResourceOwner": ctx.account,
        "Instances": [
            {"Id": i.id, "Attributes": dict(i.attributes), "CreatedByAccount": ctx.account}
            for i in items
        ],
    }
    if token:
        response["NextToken"] = token
    return response


@operation("GetInstancesHealthStatus", "servicediscovery")
def get_instances_health_status(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    service = find_service(ctx, request["ServiceId"])
    wanted = request.get("Instances")
    instances = (
        [find_instance(service, i) for i in wanted] if wanted else list(service.instances.values())
    )
    items, token = page(instances, request)
    response: dict[str, Any] = {
        "Status": {i.id: i.health(ctx.now, service.custom_health) for i in items}
    }
    if token:
        response["NextToken"] = token
    return response


@operation("UpdateInstanceCustomHealthStatus", "servicediscovery")
def update_instance_custom_health_status(
    ctx: RequestContext, request: dict[str, Any]
) -> dict[str, Any]:
    service = find_service(ctx, request["ServiceId"])
    instance = find_instance(service, request["InstanceId"])
    if not service.custom_health:
        raise CustomHealthNotFound(  # ecslearn's wording
            f"The service {service.id} has no custom health check (HealthCheckCustomConfig).",
            hint="Custom health status is for services created with HealthCheckCustomConfig.",
        )
    status = request["Status"]
    if status != instance.custom_status:
        delay = UNHEALTHY_AFTER if status == "UNHEALTHY" else 0.0
        instance.custom_status, instance.custom_status_from = status, ctx.now + delay
        service.revision += 1
    return {}
