"""A FARGATE service's own fields: its launch type and platform, as CreateService and
UpdateService set them and DescribeServices shows them.

The service keeps the platform version as asked (``LATEST`` when none was); each deployment
records the version its tasks run on (LATEST resolved to 1.4.0), and the platform family
(Linux). Changing the platform version starts a new deployment, as AWS's guide says ("If you
want to update the platform version for a service, create a deployment").
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.fargate.fargate_rules import PLATFORM_FAMILY, platform_version
from ecslearn.model.service import Deployment, Service


def launch_fields(request: dict[str, Any]) -> dict[str, Any]:
    """CreateService: the new service's launchType, and a FARGATE one's platform."""
    launch_type = request.get("launchType") or "EC2"
    if launch_type != "FARGATE":
        return {"launch_type": launch_type}
    return {
        "launch_type": launch_type,
        "platform_version": request.get("platformVersion") or "LATEST",
        "platform_family": PLATFORM_FAMILY,
    }


def update_request(service: Service, request: dict[str, Any]) -> dict[str, Any]:
    """UpdateService's request as the launch checks read it: the service's launch type (an
    update cannot change it), and its placement, which a Fargate update may not name."""
    checked = {**request, "launchType": service.launch_type or "EC2"}
    if service.launch_type == "FARGATE" and not request.get("platformVersion"):
        checked["platformVersion"] = service.platform_version
    return checked


def apply_platform(service: Service, request: dict[str, Any]) -> bool:
    """Take an UpdateService's new platform version; True when it changed."""
    wanted = request.get("platformVersion")
    if service.launch_type != "FARGATE" or not wanted or wanted == service.platform_version:
        return False
    service.platform_version = wanted
    return True


def stamp(service: Service, deployment: Deployment) -> None:
    """A new deployment of the service: its launch type and (Fargate) platform."""
    deployment.launch_type = service.launch_type or "EC2"
    if service.launch_type == "FARGATE":
        deployment.platform_version = platform_version(service.platform_version)
        deployment.platform_family = PLATFORM_FAMILY
