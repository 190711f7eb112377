"""Log groups and Cloud Map in a CloudFormation template.

* Every log group becomes an ``AWS::Logs::LogGroup`` (with its retention); a container's
  ``awslogs-group`` option that names one refers to it, so tasks never start before their group.
* Cloud Map namespaces become ``HttpNamespace``, ``PrivateDnsNamespace`` (in the ``VpcId``
  parameter's VPC) or ``PublicDnsNamespace``. Cloud Map services become resources only when a
  service's ``serviceRegistries`` names them: those Service Connect made (tagged
  ``AmazonECSManaged``) are ECS's to make again from the service's Service Connect
  configuration.
"""

from __future__ import annotations

from typing import Any

from ecslearn.export.cfn_names import Template, get_att
from ecslearn.export.cfn_world import Gathered

NAMESPACE_TYPES = {
    "HTTP": "AWS::ServiceDiscovery::HttpNamespace",
    "DNS_PRIVATE": "AWS::ServiceDiscovery::PrivateDnsNamespace",
    "DNS_PUBLIC": "AWS::ServiceDiscovery::PublicDnsNamespace",
}


def log_groups(template: Template, world: Gathered) -> None:
    for group in world.log_groups:
        props: dict[str, Any] = {"LogGroupName": group["logGroupName"]}
        if group.get("retentionInDays"):
            props["RetentionInDays"] = group["retentionInDays"]
        template.add(
            "LogGroup",
            group["logGroupName"],
            "AWS::Logs::LogGroup",
            props,
            keys=(group["logGroupName"],),
        )


def namespaces(template: Template, world: Gathered) -> None:
    for namespace in world.namespaces:
        kind = NAMESPACE_TYPES.get(namespace["Type"])
        if kind is None:
            continue
        props: dict[str, Any] = {"Name": namespace["Name"]}
        if namespace.get("Description"):
            props["Description"] = namespace["Description"]
        if namespace["Type"] == "DNS_PRIVATE":
            props["Vpc"] = template.vpc()
        template.add(
            "Namespace",
            namespace["Name"],
            kind,
            props,
            keys=(namespace["Arn"], namespace["Id"], namespace["Name"]),
        )


def discovery_services(template: Template, world: Gathered) -> None:
    named = {
        registry["registryArn"]
        for service in world.services
        for registry in service.get("serviceRegistries") or []
    }
    for service in world.discovery_services:
        if service["Arn"] not in named:
            continue
        props: dict[str, Any] = {"Name": service["Name"]}
        namespace = template.find("Namespace", service.get("NamespaceId"))
        if namespace:
            props["NamespaceId"] = get_att(namespace, "Id")
        dns = service.get("DnsConfig")
        if dns:
            props["DnsConfig"] = {k: v for k, v in dns.items() if k != "NamespaceId"}
        for key in ("Description", "HealthCheckConfig", "HealthCheckCustomConfig"):
            if service.get(key):
                props[key] = service[key]
        if service.get("Type") == "HTTP":  # the only Type CloudFormation takes; DNS is implied
            props["Type"] = "HTTP"
        template.add(
            "DiscoveryService",
            service["Name"],
            "AWS::ServiceDiscovery::Service",
            props,
            keys=(service["Arn"], service["Id"]),
        )
