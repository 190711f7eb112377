"""The simulated AWS services: one package per service, named after its botocore name.

Each package (``ecslearn.services.ec2`` for botocore's ``ec2``; ``application-autoscaling``
becomes ``application_autoscaling``) defines ``SERVICE``, its `ServiceSpec`, and ``HANDLERS``,
the modules of the package whose import registers its handlers in `ecslearn.services.handlers`
(imported by `service_spec`, not by the package itself, so the control plane can import a
service's behaviour modules, such as ECR's digest rules, without a cycle through the handlers).
Everything else (which protocol it speaks, its X-Amz-Target prefix, its signing name, its
operations and shapes) is read from botocore's model of it, so adding a service is adding a
package and its name below.
"""

from __future__ import annotations

import importlib

from ecslearn.services.spec import ServiceSpec

#: The botocore names of the services ecslearn simulates.
SIMULATED = (
    "ecs",
    "ecr",
    "application-autoscaling",
    "ec2",
    "sts",
    "ssm",
    "autoscaling",
    "elbv2",
    "servicediscovery",
    "cloudwatch",
    "logs",
)


class UnknownServiceError(ValueError):
    """A client or a call for a service ecslearn does not simulate."""


def _package(name: str) -> str:
    return "ecslearn.services." + name.replace("-", "_")


#: Services whose handlers are registered: every call asks for its service's spec, and
#: importing the handler modules again (a dict lookup per module in `sys.modules`, but a dozen
#: per call) cost more than some calls themselves.
_READY: dict[str, ServiceSpec] = {}


def service_spec(name: str) -> ServiceSpec:
    """The simulated service `name` (a botocore name), its handlers registered; raises
    `UnknownServiceError` naming the simulated services for any other name."""
    ready = _READY.get(name)
    if ready is not None:
        return ready
    if name not in SIMULATED:
        raise UnknownServiceError(
            f"ecslearn does not simulate the AWS service {name!r}. It simulates "
            f"{', '.join(SIMULATED)} (botocore's names: sim.client('ecs'), ...)."
        )
    package = importlib.import_module(_package(name))
    for module in package.HANDLERS:
        importlib.import_module(f"{package.__name__}.{module}")
    _READY[name] = package.SERVICE
    return package.SERVICE


def simulated_services() -> dict[str, ServiceSpec]:
    """Every simulated service by botocore name, its handlers registered."""
    return {name: service_spec(name) for name in SIMULATED}


__all__ = ["SIMULATED", "ServiceSpec", "UnknownServiceError", "service_spec", "simulated_services"]
