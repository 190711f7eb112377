"""ECS's resources in a CloudFormation template: clusters, capacity providers and their
association with clusters, task definitions and services.

Each is written from its Describe answer. Names stay the learner's (a cluster, a service, a
capacity provider keep their names); ARNs of things in the template become ``Ref``/``GetAtt``;
IAM roles, subnets and security groups become parameters (see :mod:`cfn_names`).
"""

from __future__ import annotations

from typing import Any

from ecslearn.export.cfn_names import Template, get_att, pascal, ref, short_name
from ecslearn.export.cfn_world import Gathered
from ecslearn.export.ecs_json import input_members

#: DescribeServices members CloudFormation's AWS::ECS::Service takes (after ``pascal``).
SERVICE_MEMBERS = (
    "desiredCount",
    "launchType",
    "capacityProviderStrategy",
    "platformVersion",
    "deploymentConfiguration",
    "placementConstraints",
    "placementStrategy",
    "healthCheckGracePeriodSeconds",
    "schedulingStrategy",
    "deploymentController",
    "enableECSManagedTags",
    "propagateTags",
    "enableExecuteCommand",
    "availabilityZoneRebalancing",
)


def strategy(template: Template, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A capacity provider strategy, its providers by ``Ref`` where the template has them."""
    out = []
    for item in items:
        entry = pascal(item)
        logical = template.find("CapacityProvider", item["capacityProvider"])
        if logical:
            entry["CapacityProvider"] = ref(logical)
        out.append(entry)
    return out


def tags_of(tags: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [{"Key": t["key"], "Value": t.get("value", "")} for t in tags or []]


def clusters(template: Template, world: Gathered) -> None:
    for cluster in world.clusters:
        props: dict[str, Any] = {"ClusterName": cluster["clusterName"]}
        if cluster.get("settings"):
            props["ClusterSettings"] = pascal(cluster["settings"])
        if cluster.get("configuration"):
            props["Configuration"] = pascal(cluster["configuration"])
            execute = props["Configuration"].get("ExecuteCommandConfiguration") or {}
            logs = execute.get("LogConfiguration") or {}
            group = template.find("LogGroup", logs.get("CloudWatchLogGroupName"))
            if group:  # ECS Exec's session log group, when the template makes it
                logs["CloudWatchLogGroupName"] = ref(group)
        namespace = (cluster.get("serviceConnectDefaults") or {}).get("namespace")
        if namespace:
            logical = template.find("Namespace", namespace)
            props["ServiceConnectDefaults"] = {
                "Namespace": get_att(logical, "Arn") if logical else short_name(namespace)
            }
        if cluster.get("tags"):
            props["Tags"] = tags_of(cluster["tags"])
        template.add(
            "Cluster",
            cluster["clusterName"],
            "AWS::ECS::Cluster",
            props,
            keys=(cluster["clusterArn"], cluster["clusterName"]),
        )


def capacity_providers(template: Template, world: Gathered) -> None:
    for provider in world.capacity_providers:
        spec = provider.get("autoScalingGroupProvider")
        if not spec:
            continue  # only Auto Scaling group providers are resources a learner makes
        group = pascal(spec)
        logical = template.find("AutoScalingGroup", spec["autoScalingGroupArn"])
        if logical:
            group["AutoScalingGroupArn"] = ref(logical)
        props: dict[str, Any] = {"Name": provider["name"], "AutoScalingGroupProvider": group}
        if provider.get("tags"):
            props["Tags"] = tags_of(provider["tags"])
        template.add(
            "CapacityProvider",
            provider["name"],
            "AWS::ECS::CapacityProvider",
            props,
            keys=(provider["capacityProviderArn"], provider["name"]),
        )


def associations(template: Template, world: Gathered) -> None:
    """A cluster's capacity providers and default strategy, as AWS recommends: one
    ClusterCapacityProviderAssociations per cluster (not the cluster's own properties)."""
    for cluster in world.clusters:
        names = cluster.get("capacityProviders") or []
        if not names:
            continue
        providers = []
        for name in names:
            logical = template.find("CapacityProvider", name)
            providers.append(ref(logical) if logical else name)
        template.add(
            "CapacityProviders",
            cluster["clusterName"],
            "AWS::ECS::ClusterCapacityProviderAssociations",
            {
                "Cluster": ref(template.find("Cluster", cluster["clusterArn"]) or ""),
                "CapacityProviders": providers,
                "DefaultCapacityProviderStrategy": strategy(
                    template, cluster.get("defaultCapacityProviderStrategy") or []
                ),
            },
            keys=(cluster["clusterArn"],),
        )


def _without_empties(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in ([], {}, None)}


def _container(template: Template, container: dict[str, Any]) -> dict[str, Any]:
    out = pascal(_without_empties(container))
    out["Image"] = template.portable(out["Image"])
    for secret in out.get("Secrets", []):
        secret["ValueFrom"] = template.portable(secret["ValueFrom"])
    options = (out.get("LogConfiguration") or {}).get("Options")
    if options:
        group = template.find("LogGroup", options.get("awslogs-group"))
        if group:
            options["awslogs-group"] = ref(group)
        if "awslogs-region" in options:
            options["awslogs-region"] = ref("AWS::Region")
    return out


def task_definitions(template: Template, world: Gathered) -> None:
    allowed = input_members("RegisterTaskDefinition")
    for definition in world.task_definitions:
        data = {k: v for k, v in definition.items() if k in allowed and k != "tags"}
        containers = data.pop("containerDefinitions")
        props = pascal(_without_empties(data))
        props["ContainerDefinitions"] = [_container(template, c) for c in containers]
        for role in ("TaskRoleArn", "ExecutionRoleArn"):
            if props.get(role):
                props[role] = template.role(props[role])
        if definition.get("tags"):
            props["Tags"] = tags_of(definition["tags"])
        arn = definition["taskDefinitionArn"]
        template.add(
            "TaskDefinition",
            definition["family"],
            "AWS::ECS::TaskDefinition",
            props,
            keys=(arn, short_name(arn)),
        )


def network(template: Template, service: dict[str, Any]) -> dict[str, Any] | None:
    vpc = (service.get("networkConfiguration") or {}).get("awsvpcConfiguration")
    if not vpc:
        return None
    config: dict[str, Any] = {"Subnets": template.subnets()}
    if vpc.get("securityGroups"):
        config["SecurityGroups"] = template.security_groups()
    if vpc.get("assignPublicIp"):
        config["AssignPublicIp"] = vpc["assignPublicIp"]
    return {"AwsvpcConfiguration": config}


def _service_connect(template: Template, service: dict[str, Any]) -> dict[str, Any] | None:
    primary = next((d for d in service.get("deployments", []) if d.get("status") == "PRIMARY"), {})
    config = primary.get("serviceConnectConfiguration")
    if not config:
        return None
    out = pascal(config)
    namespace = template.find("Namespace", config.get("namespace"))
    if namespace:
        out["Namespace"] = get_att(namespace, "Arn")
    for entry in out.get("Services", []):
        entry.pop("DiscoveryArn", None)
    return out


def load_balancers(template: Template, service: dict[str, Any]) -> tuple[list, list[str]]:
    """The service's target groups, and the listeners and rules that must exist first (ECS
    refuses a target group that is not yet attached to a load balancer)."""
    entries, needs = [], []
    for item in service.get("loadBalancers") or []:
        entry = pascal(item)
        group = template.find("TargetGroup", item.get("targetGroupArn"))
        if group:
            entry["TargetGroupArn"] = ref(group)
            needs += template.forwarders.get(group, [])
        entries.append(entry)
    return entries, needs


def services(template: Template, world: Gathered) -> None:
    for service in world.services:
        props: dict[str, Any] = {"ServiceName": service["serviceName"]}
        props["Cluster"] = ref(template.find("Cluster", service["clusterArn"]) or "")
        external = (service.get("deploymentController") or {}).get("type") == "EXTERNAL"
        if service.get("taskDefinition") and not external:  # task sets name their own
            td = template.find("TaskDefinition", service["taskDefinition"])
            props["TaskDefinition"] = ref(td) if td else short_name(service["taskDefinition"])
        props.update(pascal({k: service[k] for k in SERVICE_MEMBERS if service.get(k)}))
        if props.get("PropagateTags") == "NONE":  # CloudFormation's way to say NONE: omit it
            del props["PropagateTags"]
        if service.get("schedulingStrategy") == "DAEMON":
            props.pop("DesiredCount", None)
        elif "DesiredCount" not in props:
            props["DesiredCount"] = 0
        depends: list[str] = []
        if service.get("capacityProviderStrategy"):
            props["CapacityProviderStrategy"] = strategy(
                template, service["capacityProviderStrategy"]
            )
            props.pop("LaunchType", None)
        association = template.find("CapacityProviders", service["clusterArn"])
        if association:
            depends.append(association)
        network_config = network(template, service)
        if network_config:
            props["NetworkConfiguration"] = network_config
        balancers, needs = load_balancers(template, service)
        if balancers:
            props["LoadBalancers"] = balancers
            depends += needs
        registries = []
        for item in service.get("serviceRegistries") or []:
            entry = pascal(item)
            found = template.find("DiscoveryService", item.get("registryArn"))
            if found:
                entry["RegistryArn"] = get_att(found, "Arn")
            registries.append(entry)
        if registries:
            props["ServiceRegistries"] = registries
        connect = _service_connect(template, service)
        if connect:
            props["ServiceConnectConfiguration"] = connect
        role = service.get("roleArn")
        if role and "aws-service-role" not in role:
            props["Role"] = template.role(role)
        if service.get("tags"):
            props["Tags"] = tags_of(service["tags"])
        cluster_name = short_name(service["clusterArn"])
        logical = template.add(
            "Service",
            service["serviceName"],
            "AWS::ECS::Service",
            props,
            keys=(service["serviceArn"], f"{cluster_name}/{service['serviceName']}"),
            depends_on=depends,
        )
        template.ids[("ServiceName", service["serviceName"])] = logical
