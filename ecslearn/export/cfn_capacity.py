"""EC2 capacity in a CloudFormation template: launch templates and Auto Scaling groups.

* The AMI becomes a parameter of type ``AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>``
  whose default is the public SSM path that named the learner's AMI (the ECS-optimized Amazon
  Linux 2023 path when the AMI is not one of them), so the stack gets the current
  ECS-optimized AMI of the region it is deployed in.
* User data that joins a cluster in the template (``ECS_CLUSTER=name``) names it with
  ``Fn::Sub`` of the cluster's ``Ref``, so the instances join the stack's cluster.
* The instance profile becomes a parameter defaulting to the learner's profile name; a key pair
  does not carry over (it belongs to one account).
* Container instances launched one by one (RunInstances, ``sim.launch_instances``) become a
  launch template and an Auto Scaling group per cluster, ``<cluster>-instances``, of the same
  size (min = max = desired), with the instance type most of them have: an instance is
  replaceable, the count and type are what the services were placed on.
* A group that a capacity provider scales with managed scaling gets no ``DesiredCapacity``:
  ECS sets it, and a stack update would otherwise put it back. It carries the
  ``AmazonECSManaged`` tag (propagated to instances) that ECS adds to such a group, so a stack
  update does not take it away again (the Terraform AWS provider documents the same advice).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ecslearn.export.cfn_names import Template, get_att, ref
from ecslearn.export.cfn_world import Gathered, user_data_text

DEFAULT_AMI_PATH = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
#: Launch template data members copied as they are (the same names in CloudFormation).
COPIED = (
    "InstanceType",
    "BlockDeviceMappings",
    "MetadataOptions",
    "Monitoring",
    "TagSpecifications",
    "InstanceMarketOptions",
    "EbsOptimized",
    "CreditSpecification",
)
_CLUSTER_LINE = re.compile(r"ECS_CLUSTER=([A-Za-z0-9_-]+)")


def _ami(template: Template, world: Gathered, image: str | None) -> dict[str, str]:
    path = world.ami_parameters.get(image or "", DEFAULT_AMI_PATH)
    name = "EcsAmiId" if path == DEFAULT_AMI_PATH else template.logical_id("EcsAmi", path[25:])
    return template.parameter(
        name,
        "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
        "The ECS-optimized AMI, read from its public SSM parameter at deploy time",
        path,
    )


def _user_data(template: Template, text: str) -> dict[str, Any]:
    escaped = text.replace("${", "${!")

    def named(match: re.Match[str]) -> str:
        cluster = template.find("Cluster", match.group(1))
        return f"ECS_CLUSTER=${{{cluster}}}" if cluster else match.group(0)

    return {"Fn::Base64": {"Fn::Sub": _CLUSTER_LINE.sub(named, escaped)}}


def _profile(template: Template, profile: dict[str, str]) -> dict[str, Any]:
    name = profile.get("Name") or profile.get("Arn", "").rsplit("/", 1)[-1]
    return {
        "Name": template.parameter(
            "InstanceProfile",
            "String",
            "The IAM instance profile of container instances "
            "(a role with AmazonEC2ContainerServiceforEC2Role)",
            name,
        )
    }


def launch_templates(template: Template, world: Gathered) -> None:
    for template_id, (described, data) in world.launch_templates.items():
        props: dict[str, Any] = {k: data[k] for k in COPIED if data.get(k) not in (None, [], {})}
        props["ImageId"] = _ami(template, world, data.get("ImageId"))
        text = user_data_text(data)
        if text:
            props["UserData"] = _user_data(template, text)
        if data.get("IamInstanceProfile"):
            props["IamInstanceProfile"] = _profile(template, data["IamInstanceProfile"])
        if data.get("SecurityGroupIds") or data.get("SecurityGroups"):
            props["SecurityGroupIds"] = template.security_groups()
        name = described["LaunchTemplateName"]
        template.add(
            "LaunchTemplate",
            name,
            "AWS::EC2::LaunchTemplate",
            {"LaunchTemplateName": name, "LaunchTemplateData": props},
            keys=(template_id, name),
        )


def _managed_groups(world: Gathered) -> set[str]:
    """ARNs of groups whose desired capacity ECS's managed scaling sets."""
    out = set()
    for provider in world.capacity_providers:
        spec = provider.get("autoScalingGroupProvider") or {}
        if (spec.get("managedScaling") or {}).get("status") == "ENABLED":
            out.add(spec["autoScalingGroupArn"])
    return out


def auto_scaling_groups(template: Template, world: Gathered) -> None:
    managed = _managed_groups(world)
    for group in world.auto_scaling_groups:
        name = group["AutoScalingGroupName"]
        props: dict[str, Any] = {
            "AutoScalingGroupName": name,
            "MinSize": str(group["MinSize"]),
            "MaxSize": str(group["MaxSize"]),
            "VPCZoneIdentifier": template.subnets(),
        }
        arn = group["AutoScalingGroupARN"]
        if arn not in managed and name not in managed:
            props["DesiredCapacity"] = str(group["DesiredCapacity"])
        spec = group.get("LaunchTemplate") or {}
        logical = template.find("LaunchTemplate", spec.get("LaunchTemplateId")) or template.find(
            "LaunchTemplate", spec.get("LaunchTemplateName")
        )
        if logical:
            props["LaunchTemplate"] = {
                "LaunchTemplateId": ref(logical),
                "Version": get_att(logical, "LatestVersionNumber"),
            }
        for key in ("NewInstancesProtectedFromScaleIn", "CapacityRebalance"):
            if group.get(key) is not None:
                props[key] = group[key]
        for key in ("HealthCheckType", "TerminationPolicies"):
            if group.get(key):
                props[key] = group[key]
        for key in ("HealthCheckGracePeriod", "MaxInstanceLifetime"):
            if group.get(key) is not None:
                props[key] = group[key]
        if group.get("DefaultCooldown") is not None:  # CloudFormation calls it Cooldown
            props["Cooldown"] = str(group["DefaultCooldown"])
        groups = [template.find("TargetGroup", arn) for arn in group.get("TargetGroupARNs", [])]
        if any(groups):
            props["TargetGroupARNs"] = [ref(g) for g in groups if g]
        tags = [
            {"Key": t["Key"], "Value": t["Value"], "PropagateAtLaunch": t["PropagateAtLaunch"]}
            for t in group.get("Tags", [])
        ]
        if (arn in managed or name in managed) and not any(
            t["Key"] == "AmazonECSManaged" for t in tags
        ):
            tags.append({"Key": "AmazonECSManaged", "Value": "true", "PropagateAtLaunch": True})
        if tags:
            props["Tags"] = tags
        template.add(
            "AutoScalingGroup",
            name,
            "AWS::AutoScaling::AutoScalingGroup",
            props,
            keys=(arn, name),
        )


def standalone_capacity(template: Template, world: Gathered) -> None:
    """A launch template and a fixed-size group for each cluster's one-by-one instances."""
    for cluster, instances in world.standalone_instances.items():
        logical_cluster = template.find("Cluster", cluster)
        if not logical_cluster:
            continue
        first = instances[0]
        kind = Counter(i["InstanceType"] for i in instances).most_common(1)[0][0]
        script = f"#!/bin/bash\necho ECS_CLUSTER=${{{logical_cluster}}} >> /etc/ecs/ecs.config\n"
        data: dict[str, Any] = {
            "ImageId": _ami(template, world, first.get("ImageId")),
            "InstanceType": kind,
            "UserData": {"Fn::Base64": {"Fn::Sub": script}},
            "IamInstanceProfile": _profile(
                template, first.get("IamInstanceProfile") or {"Name": "ecsInstanceRole"}
            ),
            "SecurityGroupIds": template.security_groups(),
        }
        name = f"{cluster}-instances"
        launch = template.add(
            "LaunchTemplate",
            name,
            "AWS::EC2::LaunchTemplate",
            {"LaunchTemplateName": name, "LaunchTemplateData": data},
        )
        count = str(len(instances))
        template.add(
            "AutoScalingGroup",
            name,
            "AWS::AutoScaling::AutoScalingGroup",
            {
                "AutoScalingGroupName": name,
                "MinSize": count,
                "MaxSize": count,
                "DesiredCapacity": count,
                "VPCZoneIdentifier": template.subnets(),
                "LaunchTemplate": {
                    "LaunchTemplateId": ref(launch),
                    "Version": get_att(launch, "LatestVersionNumber"),
                },
            },
        )
