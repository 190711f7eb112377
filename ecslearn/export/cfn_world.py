"""What a CloudFormation export reads: the describe answers boto3 gets, gathered once.

The template is written from the same answers a learner's ``aws ... describe-*`` calls return
(through any boto3 client factory: a simulation's in-process clients or a running
``ecslearn serve``), so it carries AWS's field names and nothing the simulation keeps privately.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ClientFactory = Callable[[str], Any]

#: Capacity providers every account has; they are never resources in a template.
BUILT_IN_PROVIDERS = ("FARGATE", "FARGATE_SPOT")


@dataclass
class Gathered:
    """One region's resources as DescribeXxx returns them, keyed where the template refers."""

    #: the account and region the answers came from (GetCallerIdentity, the client's region)
    account: str = ""
    region: str = ""
    clusters: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    task_definitions: list[dict[str, Any]] = field(default_factory=list)
    capacity_providers: list[dict[str, Any]] = field(default_factory=list)
    auto_scaling_groups: list[dict[str, Any]] = field(default_factory=list)
    #: launch template id -> (DescribeLaunchTemplates entry, the version data a group uses)
    launch_templates: dict[str, tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=dict)
    load_balancers: list[dict[str, Any]] = field(default_factory=list)
    listeners: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    target_groups: list[dict[str, Any]] = field(default_factory=list)
    target_group_attributes: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    scalable_targets: list[dict[str, Any]] = field(default_factory=list)
    scaling_policies: list[dict[str, Any]] = field(default_factory=list)
    alarms: list[dict[str, Any]] = field(default_factory=list)
    log_groups: list[dict[str, Any]] = field(default_factory=list)
    namespaces: list[dict[str, Any]] = field(default_factory=list)
    discovery_services: list[dict[str, Any]] = field(default_factory=list)
    #: cluster name -> its container instances' EC2 instances that no Auto Scaling group owns
    standalone_instances: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: AMI id -> the public SSM parameter that names it (the ECS-optimized AMI paths)
    ami_parameters: dict[str, str] = field(default_factory=dict)


def _clusters(ecs: Any) -> list[dict[str, Any]]:
    arns = ecs.list_clusters()["clusterArns"]
    if not arns:
        return []
    found = ecs.describe_clusters(clusters=arns, include=["SETTINGS", "CONFIGURATIONS", "TAGS"])
    return [c for c in found["clusters"] if c.get("status") == "ACTIVE"]


def _services(ecs: Any, cluster: str) -> list[dict[str, Any]]:
    arns = ecs.list_services(cluster=cluster, maxResults=100)["serviceArns"]
    out: list[dict[str, Any]] = []
    for start in range(0, len(arns), 10):  # DescribeServices takes ten at a time
        answer = ecs.describe_services(
            cluster=cluster, services=arns[start : start + 10], include=["TAGS"]
        )
        out += [s for s in answer["services"] if s.get("status") == "ACTIVE"]
    return out


def _latest_active(ecs: Any, family: str) -> str | None:
    arns = ecs.list_task_definitions(familyPrefix=family, status="ACTIVE", sort="DESC")
    exact = [a for a in arns["taskDefinitionArns"] if a.rsplit("/", 1)[-1].split(":")[0] == family]
    return exact[0] if exact else None


def _task_definitions(
    ecs: Any, clusters: list[dict[str, Any]], services: list[dict[str, Any]], named: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The revision each service (or each of its task sets) runs, the latest ACTIVE revision
    of each family a standalone running task uses, and each one the learner names (``family``
    = its latest ACTIVE revision)."""
    wanted: list[str] = [s["taskDefinition"] for s in services if s.get("taskDefinition")]
    wanted += [
        task_set["taskDefinition"]
        for s in services
        for task_set in s.get("taskSets") or []
        if task_set.get("status") in ("ACTIVE", "PRIMARY")
    ]
    for cluster in clusters:
        tasks = ecs.list_tasks(cluster=cluster["clusterArn"])["taskArns"]
        if tasks:
            for task in ecs.describe_tasks(cluster=cluster["clusterArn"], tasks=tasks)["tasks"]:
                family = task["taskDefinitionArn"].rsplit("/", 1)[-1].split(":")[0]
                latest = _latest_active(ecs, family)
                if latest and not task.get("group", "").startswith("service:"):
                    wanted.append(latest)
    for name in named:
        wanted.append(name if ":" in name else _latest_active(ecs, name) or name)
    out: dict[str, dict[str, Any]] = {}
    for reference in wanted:
        answer = ecs.describe_task_definition(taskDefinition=reference, include=["TAGS"])
        definition = dict(answer["taskDefinition"])
        definition["tags"] = answer.get("tags", [])
        out.setdefault(definition["taskDefinitionArn"], definition)
    return list(out.values())


def _launch_template(ec2: Any, spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    key = (
        {"LaunchTemplateIds": [spec["LaunchTemplateId"]]}
        if spec.get("LaunchTemplateId")
        else {"LaunchTemplateNames": [spec["LaunchTemplateName"]]}
    )
    template = ec2.describe_launch_templates(**key)["LaunchTemplates"][0]
    version = str(spec.get("Version") or "$Default")
    versions = ec2.describe_launch_template_versions(
        LaunchTemplateId=template["LaunchTemplateId"], Versions=[version]
    )["LaunchTemplateVersions"]
    return template, versions[0]["LaunchTemplateData"]


def _standalone_instances(ecs: Any, ec2: Any, cluster: dict[str, Any]) -> list[dict[str, Any]]:
    """The EC2 instances of a cluster's container instances that were launched one by one
    (RunInstances), not by an Auto Scaling group."""
    arns = ecs.list_container_instances(cluster=cluster["clusterArn"])["containerInstanceArns"]
    if not arns:
        return []
    described = ecs.describe_container_instances(
        cluster=cluster["clusterArn"], containerInstances=arns
    )
    ids = [c["ec2InstanceId"] for c in described["containerInstances"] if c.get("ec2InstanceId")]
    if not ids:
        return []
    reservations = ec2.describe_instances(InstanceIds=ids)["Reservations"]
    instances = [i for r in reservations for i in r["Instances"]]
    return [
        i
        for i in instances
        if not any(t["Key"] == "aws:autoscaling:groupName" for t in i.get("Tags", []))
    ]


def _ami_parameters(ssm: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    answer = ssm.get_parameters_by_path(Path="/aws/service/ecs/optimized-ami", Recursive=True)
    for parameter in answer.get("Parameters", []):
        if parameter["Name"].endswith("/image_id"):
            found.setdefault(parameter["Value"], parameter["Name"])
    return found


def _elbv2(elbv2: Any, into: Gathered) -> None:
    into.load_balancers = elbv2.describe_load_balancers()["LoadBalancers"]
    for lb in into.load_balancers:
        listeners = elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
        into.listeners += listeners
        for listener in listeners:
            rules = elbv2.describe_rules(ListenerArn=listener["ListenerArn"])["Rules"]
            for rule in rules:
                rule["ListenerArn"] = listener["ListenerArn"]
            into.rules += [r for r in rules if not r.get("IsDefault")]
    into.target_groups = elbv2.describe_target_groups()["TargetGroups"]
    for group in into.target_groups:
        arn = group["TargetGroupArn"]
        attributes = elbv2.describe_target_group_attributes(TargetGroupArn=arn)["Attributes"]
        into.target_group_attributes[arn] = attributes


def _cloud_map(sd: Any, into: Gathered) -> None:
    for summary in sd.list_namespaces()["Namespaces"]:
        into.namespaces.append(sd.get_namespace(Id=summary["Id"])["Namespace"])
    for summary in sd.list_services()["Services"]:
        into.discovery_services.append(sd.get_service(Id=summary["Id"])["Service"])


def gather(client: ClientFactory, task_definitions: tuple[str, ...] = ()) -> Gathered:
    """Everything a template needs from one region, through ``client(service_name)``."""
    ecs = client("ecs")
    into = Gathered(
        account=client("sts").get_caller_identity()["Account"],
        region=ecs.meta.region_name,
        clusters=_clusters(ecs),
    )
    for cluster in into.clusters:
        into.services += _services(ecs, cluster["clusterArn"])
    into.task_definitions = _task_definitions(ecs, into.clusters, into.services, task_definitions)
    providers = ecs.describe_capacity_providers()["capacityProviders"]
    into.capacity_providers = [
        p for p in providers if p["name"] not in BUILT_IN_PROVIDERS and p.get("status") == "ACTIVE"
    ]
    into.auto_scaling_groups = client("autoscaling").describe_auto_scaling_groups()[
        "AutoScalingGroups"
    ]
    ec2 = client("ec2")
    for group in into.auto_scaling_groups:
        spec = group.get("LaunchTemplate")
        if spec:
            template, data = _launch_template(ec2, spec)
            into.launch_templates.setdefault(template["LaunchTemplateId"], (template, data))
    for cluster in into.clusters:
        instances = _standalone_instances(ecs, ec2, cluster)
        if instances:
            into.standalone_instances[cluster["clusterName"]] = instances
    into.ami_parameters = _ami_parameters(client("ssm"))
    _elbv2(client("elbv2"), into)
    scaling = client("application-autoscaling")
    into.scalable_targets = scaling.describe_scalable_targets(ServiceNamespace="ecs")[
        "ScalableTargets"
    ]
    into.scaling_policies = scaling.describe_scaling_policies(ServiceNamespace="ecs")[
        "ScalingPolicies"
    ]
    into.alarms = client("cloudwatch").describe_alarms()["MetricAlarms"]
    into.log_groups = client("logs").describe_log_groups()["logGroups"]
    _cloud_map(client("servicediscovery"), into)
    return into


def user_data_text(data: dict[str, Any]) -> str | None:
    """A launch template's user data as text (it is stored base64-encoded)."""
    encoded = data.get("UserData")
    if not encoded:
        return None
    try:
        return base64.b64decode(encoded).decode()
    except (ValueError, UnicodeDecodeError):
        return None
