"""Service Auto Scaling and alarms in a CloudFormation template: Application Auto Scaling's
scalable targets and policies, and CloudWatch alarms.

* A scalable target's ``ResourceId`` (``service/<cluster>/<service>``) is joined from the
  cluster's ``Ref`` and the service's ``Name`` attribute, so it depends on the service. It gets
  no ``RoleARN``: Application Auto Scaling then uses its service-linked role, as it did here.
* ``ALBRequestCountPerTarget``'s ``ResourceLabel`` is joined from the load balancer's
  ``LoadBalancerFullName`` and the target group's ``TargetGroupFullName``.
* The alarms a target tracking policy made are Application Auto Scaling's (a new stack makes its
  own); every other alarm is a resource. An alarm's actions that are policies in the template
  become their ARNs by ``Ref``; actions that point anywhere else (an SNS topic of ecslearn's
  account) are left out. Dimensions naming a cluster, a service, a load balancer or a target
  group in the template name them by reference.
* An alarm that a service's deployment configuration names keeps its literal name there, and
  the service depends on it unless the alarm refers to the service (its ServiceName dimension):
  then each would wait for the other, a cycle CloudFormation refuses.
"""

from __future__ import annotations

import json
from typing import Any

from ecslearn.export.cfn_names import Template, get_att, ref
from ecslearn.export.cfn_world import Gathered

ALARM_MEMBERS = (
    "AlarmDescription",
    "ActionsEnabled",
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Period",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "EvaluateLowSampleCountPercentile",
    "Unit",
)


def _service_id(template: Template, resource_id: str) -> Any:
    """``service/<cluster>/<service>`` with references to the stack's cluster and service."""
    parts = resource_id.split("/")
    if len(parts) != 3 or parts[0] != "service":
        return resource_id
    cluster = template.find("Cluster", parts[1])
    service = template.find("Service", f"{parts[1]}/{parts[2]}")
    if not cluster or not service:
        return resource_id
    return {"Fn::Join": ["/", ["service", ref(cluster), get_att(service, "Name")]]}


def _resource_label(template: Template, label: str) -> Any:
    """``app/<lb>/<id>/targetgroup/<tg>/<id>`` from the two resources' full names."""
    cut = label.find("/targetgroup/")
    if cut < 0:
        return label
    lb = template.find("LoadBalancerFullName", label[:cut])
    group = template.find("TargetGroupFullName", label[cut + 1 :])
    if not lb or not group:
        return label
    return {
        "Fn::Join": [
            "/",
            [get_att(lb, "LoadBalancerFullName"), get_att(group, "TargetGroupFullName")],
        ]
    }


def scalable_targets(template: Template, world: Gathered) -> None:
    for target in world.scalable_targets:
        props: dict[str, Any] = {
            "ServiceNamespace": target["ServiceNamespace"],
            "ScalableDimension": target["ScalableDimension"],
            "ResourceId": _service_id(template, target["ResourceId"]),
            "MinCapacity": target["MinCapacity"],
            "MaxCapacity": target["MaxCapacity"],
        }
        suspended = target.get("SuspendedState")
        if suspended and any(suspended.values()):
            props["SuspendedState"] = suspended
        template.add(
            "ScalableTarget",
            target["ResourceId"].split("/", 1)[-1],
            "AWS::ApplicationAutoScaling::ScalableTarget",
            props,
            keys=(target["ResourceId"],),
        )


def scaling_policies(template: Template, world: Gathered) -> None:
    for policy in world.scaling_policies:
        target = template.find("ScalableTarget", policy["ResourceId"])
        props: dict[str, Any] = {
            "PolicyName": policy["PolicyName"],
            "PolicyType": policy["PolicyType"],
        }
        if target:
            props["ScalingTargetId"] = ref(target)
        else:
            props.update(
                ResourceId=policy["ResourceId"],
                ScalableDimension=policy["ScalableDimension"],
                ServiceNamespace=policy["ServiceNamespace"],
            )
        tracking = policy.get("TargetTrackingScalingPolicyConfiguration")
        if tracking:
            tracking = dict(tracking)
            predefined = tracking.get("PredefinedMetricSpecification")
            if predefined and predefined.get("ResourceLabel"):
                label = _resource_label(template, predefined["ResourceLabel"])
                tracking["PredefinedMetricSpecification"] = {**predefined, "ResourceLabel": label}
            props["TargetTrackingScalingPolicyConfiguration"] = tracking
        if policy.get("StepScalingPolicyConfiguration"):
            props["StepScalingPolicyConfiguration"] = policy["StepScalingPolicyConfiguration"]
        template.add(
            "ScalingPolicy",
            policy["PolicyName"],
            "AWS::ApplicationAutoScaling::ScalingPolicy",
            props,
            keys=(policy["PolicyARN"],),
        )


def _dimension_value(template: Template, name: str, value: str) -> Any:
    if name == "ClusterName" and template.find("Cluster", value):
        return ref(template.find("Cluster", value) or "")
    if name == "ServiceName" and template.find("ServiceName", value):
        return get_att(template.find("ServiceName", value) or "", "Name")
    if name == "LoadBalancer" and template.find("LoadBalancerFullName", value):
        return get_att(template.find("LoadBalancerFullName", value) or "", "LoadBalancerFullName")
    if name == "TargetGroup" and template.find("TargetGroupFullName", value):
        return get_att(template.find("TargetGroupFullName", value) or "", "TargetGroupFullName")
    return value


def _dimensions(template: Template, dimensions: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [
        {"Name": d["Name"], "Value": _dimension_value(template, d["Name"], d["Value"])}
        for d in dimensions
    ]


def _actions(template: Template, arns: list[str]) -> list[Any]:
    found = [template.find("ScalingPolicy", arn) for arn in arns]
    return [get_att(logical, "Arn") for logical in found if logical]


def alarms(template: Template, world: Gathered) -> None:
    scaling_alarms = {
        alarm["AlarmName"]
        for policy in world.scaling_policies
        for alarm in policy.get("Alarms", [])
        if policy.get("PolicyType") == "TargetTrackingScaling"
    }
    for alarm in world.alarms:
        if alarm["AlarmName"] in scaling_alarms:
            continue
        props: dict[str, Any] = {"AlarmName": alarm["AlarmName"]}
        props.update({k: alarm[k] for k in ALARM_MEMBERS if alarm.get(k) is not None})
        if alarm.get("Dimensions"):
            props["Dimensions"] = _dimensions(template, alarm["Dimensions"])
        if alarm.get("Metrics"):
            metrics = []
            for query in alarm["Metrics"]:
                query = dict(query)
                stat = query.get("MetricStat")
                if stat and stat["Metric"].get("Dimensions"):
                    metric = {
                        **stat["Metric"],
                        "Dimensions": _dimensions(template, stat["Metric"]["Dimensions"]),
                    }
                    query["MetricStat"] = {**stat, "Metric": metric}
                metrics.append(query)
            props["Metrics"] = metrics
        for key in ("AlarmActions", "OKActions", "InsufficientDataActions"):
            actions = _actions(template, alarm.get(key) or [])
            if actions:
                props[key] = actions
        template.add(
            "Alarm",
            alarm["AlarmName"],
            "AWS::CloudWatch::Alarm",
            props,
            keys=(alarm["AlarmArn"], alarm["AlarmName"]),
        )


def deployment_alarms(template: Template, world: Gathered) -> None:
    """Services wait for the alarms their deployments watch, where that makes no cycle."""
    for service in world.services:
        logical = template.find("Service", service["serviceArn"])
        config = (service.get("deploymentConfiguration") or {}).get("alarms") or {}
        if not logical:
            continue
        resource = template.resources[logical]
        for name in config.get("alarmNames", []):
            alarm = template.find("Alarm", name)
            if alarm and f'"{logical}"' not in json.dumps(template.resources[alarm]):
                resource["DependsOn"] = sorted({*resource.get("DependsOn", []), alarm})
