"""ListServicesByNamespace: the ECS services of every cluster that use a Cloud Map namespace
through Service Connect (the API reference: unlike ListServices it is not bound to one cluster).

The namespace is named by its name or ARN; an unknown one answers NamespaceNotFoundException
(ecslearn's wording, after Cloud Map's "Namespace not found"). Services are listed in the order
they were created, 10 a page by default and at most 100. What AWS leaves unsaid and ecslearn
chose: only ACTIVE services with Service Connect enabled in the namespace count (a service that
only registers in it through serviceRegistries is not "in" it for Service Connect).
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.cloud_map.connect_config import find_namespace
from ecslearn.control.paging import paged_response
from ecslearn.errors import NamespaceNotFoundException
from ecslearn.services.handlers import RequestContext, operation


@operation("ListServicesByNamespace")
def list_services_by_namespace(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    namespace = find_namespace(ctx.state, request["namespace"])
    if namespace is None:
        raise NamespaceNotFoundException("Namespace not found.")
    arns = [
        service.service_arn
        for service in ctx.state.services.values()
        if service.status == "ACTIVE"
        and (service.service_connect or {}).get("enabled")
        and (service.service_connect or {}).get("namespace") == namespace.arn
    ]
    return paged_response("serviceArns", arns, request, default_size=10, max_size=100)
