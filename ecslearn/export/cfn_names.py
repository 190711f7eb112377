"""The bookkeeping of a CloudFormation template: logical ids, references, parameters, and
ECS's camelCase JSON turned into CloudFormation's PascalCase properties.

CloudFormation's ECS properties are the API's member names with a capital first letter, with a
few exceptions (``placementStrategy`` is ``PlacementStrategies``, ``efsVolumeConfiguration`` is
``EFSVolumeConfiguration`` and its ``fileSystemId`` is ``FilesystemId``, a proxy configuration's
``properties`` is ``ProxyConfigurationProperties``). Values that are free-form maps (Docker labels,
a log driver's options, Docker volume driver options and labels) keep their keys as they are.
"""

from __future__ import annotations

import re
from typing import Any

#: API member -> CloudFormation property, where capitalising the first letter is not enough.
RENAMED = {
    "placementStrategy": "PlacementStrategies",
    "efsVolumeConfiguration": "EFSVolumeConfiguration",
    "fileSystemId": "FilesystemId",
    "iam": "IAM",
    "properties": "ProxyConfigurationProperties",
}
#: Members whose value is a map of the learner's own keys, copied unchanged.
FREE_FORM = {"dockerLabels", "options", "driverOpts", "labels"}
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def pascal(value: Any, key: str | None = None) -> Any:
    """ECS API JSON -> CloudFormation properties (recursively)."""
    if isinstance(value, list):
        return [pascal(item) for item in value]
    if not isinstance(value, dict) or key in FREE_FORM:
        return value
    return {RENAMED.get(k, k[:1].upper() + k[1:]): pascal(v, k) for k, v in value.items()}


def ref(logical_id: str) -> dict[str, str]:
    return {"Ref": logical_id}


def get_att(logical_id: str, attribute: str) -> dict[str, list[str]]:
    return {"Fn::GetAtt": [logical_id, attribute]}


def short_name(arn_or_name: str) -> str:
    """``arn:aws:ecs:...:cluster/demo`` -> ``demo``; ``web:3`` stays ``web:3``."""
    return arn_or_name.rsplit("/", 1)[-1] if arn_or_name.startswith("arn:") else arn_or_name


class Template:
    """A template being written: resources under unique logical ids, and lookups from the
    names and ARNs the world used to the logical ids that replace them."""

    def __init__(self, description: str) -> None:
        self.body: dict[str, Any] = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": description,
            "Parameters": {},
            "Resources": {},
        }
        #: (kind, ARN or name) -> logical id
        self.ids: dict[tuple[str, str], str] = {}
        #: target group logical id -> the listeners and rules that forward to it
        self.forwarders: dict[str, list[str]] = {}
        #: the account and region the world was read from (see :meth:`portable`)
        self.account, self.region = "", ""

    @property
    def resources(self) -> dict[str, Any]:
        return self.body["Resources"]

    def logical_id(self, kind: str, name: str) -> str:
        """A fresh logical id like ``ServiceWeb`` (alphanumeric, unique in the template)."""
        words = [w[:1].upper() + w[1:] for w in _NOT_ALNUM.split(name) if w]
        base = (kind + "".join(words))[:200]
        candidate, n = base, 2
        while candidate in self.resources or candidate in self.body["Parameters"]:
            candidate, n = f"{base}{n}", n + 1
        return candidate

    def add(
        self,
        kind: str,
        name: str,
        resource_type: str,
        properties: dict[str, Any],
        *,
        keys: tuple[str, ...] = (),
        depends_on: list[str] | None = None,
    ) -> str:
        """Add a resource; ``keys`` are the ARNs and names the world knew it by."""
        logical = self.logical_id(kind, name)
        resource: dict[str, Any] = {"Type": resource_type, "Properties": properties}
        if depends_on:
            resource["DependsOn"] = sorted(set(depends_on))
        self.resources[logical] = resource
        for key in keys:
            self.ids[(kind, key)] = logical
        return logical

    def find(self, kind: str, key: str | None) -> str | None:
        if not key:
            return None
        return self.ids.get((kind, key)) or self.ids.get((kind, short_name(key)))

    def parameter(self, name: str, type_: str, description: str, default: Any = None) -> dict:
        """Declare (once) a parameter supplied at deploy time, and return a Ref to it."""
        if name not in self.body["Parameters"]:
            spec: dict[str, Any] = {"Type": type_, "Description": description}
            if default is not None:
                spec["Default"] = default
            self.body["Parameters"][name] = spec
        return ref(name)

    # The deploy-time parameters every part of the template shares.
    def subnets(self, for_load_balancer: bool = False) -> dict:
        if for_load_balancer:
            return self.parameter(
                "LoadBalancerSubnets",
                "List<AWS::EC2::Subnet::Id>",
                "Subnets for the load balancers (public subnets for an internet-facing one), "
                "in at least two Availability Zones",
            )
        return self.parameter(
            "Subnets",
            "List<AWS::EC2::Subnet::Id>",
            "Subnets for tasks in awsvpc mode and for the Auto Scaling groups' instances",
        )

    def security_groups(self, for_load_balancer: bool = False) -> dict:
        if for_load_balancer:
            return self.parameter(
                "LoadBalancerSecurityGroups",
                "List<AWS::EC2::SecurityGroup::Id>",
                "Security groups for the load balancers",
            )
        return self.parameter(
            "SecurityGroups",
            "List<AWS::EC2::SecurityGroup::Id>",
            "Security groups for tasks in awsvpc mode and for container instances",
        )

    def vpc(self) -> dict:
        return self.parameter(
            "VpcId", "AWS::EC2::VPC::Id", "The VPC for target groups and private DNS namespaces"
        )

    def role(self, arn: str) -> dict:
        """An IAM role ARN as a parameter defaulting to the role's name in the deploying
        account (ecslearn's account id would be wrong in any real one)."""
        name = arn.split(":role/", 1)[-1] if ":role/" in arn else arn
        parameter = self.logical_id("Role", name.rsplit("/", 1)[-1])
        for existing, spec in self.body["Parameters"].items():
            if spec.get("Default") == name and existing.startswith("Role"):
                parameter = existing
        self.parameter(parameter, "String", f"Name (with any path) of the IAM role {name}", name)
        return {
            "Fn::Sub": f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/${{{parameter}}}"
        }

    def portable(self, text: str) -> Any:
        """An ARN or ECR image URI of the world's own account and region, rewritten with
        ``Fn::Sub`` to name the account, region and partition the stack is deployed in."""
        if not self.account or self.account not in text:
            return text
        out = text.replace("${", "${!")
        ecr = f"{self.account}.dkr.ecr.{self.region}.amazonaws.com/"
        if out.startswith(ecr):
            out = "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/" + out[len(ecr) :]
        elif out.startswith("arn:aws:"):
            out = "arn:${AWS::Partition}:" + out[len("arn:aws:") :]
            out = out.replace(
                f":{self.region}:{self.account}:", ":${AWS::Region}:${AWS::AccountId}:"
            )
            out = out.replace(f"::{self.account}:", "::${AWS::AccountId}:")
        else:
            return text
        return {"Fn::Sub": out}
