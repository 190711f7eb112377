"""The service configurator's network section: ``networkConfiguration.awsvpcConfiguration``
(subnets, security groups, assignPublicIp) and Fargate's ``platformVersion``.

It shows when the request needs it: the tasks run on Fargate (launch type FARGATE, a FARGATE or
FARGATE_SPOT provider, or a cluster default strategy of them), or the task definition's network
mode is awsvpc. Hidden, it contributes nothing. The subnets and security groups offered are
EC2's, read through the simulation's own EC2 client (DescribeSubnets, DescribeSecurityGroups),
so they are the IDs a learner would paste into the same call against AWS.

Nothing is chosen for the learner: with no subnet ECS answers that awsvpc needs a network
configuration, and that refusal is the lesson. Without securityGroups ECS uses the VPC's
default group (AwsVpcConfiguration's documentation); without assignPublicIp, DISABLED. Only
what is set is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ecslearn.control.fargate.fargate_rules import LINUX_PLATFORM_VERSIONS
from ecslearn.words import words
from ecslearn.words.service_launch import LAUNCH

PLATFORM_VERSIONS = ["LATEST", *sorted(LINUX_PLATFORM_VERSIONS, reverse=True)]


class NetworkSection:
    """The awsvpc and Fargate members of one service's request; `box` is the widget."""

    def __init__(
        self,
        sim: Any,
        public_ip_values: list[str],
        on_change: Callable[[], None],
        *,
        region: str | None = None,
        lang: str | None = None,
    ) -> None:
        self.sim, self.region = sim, region
        self.words = w = words(LAUNCH, lang)
        self._ec2: Any = None  # made on first use: most forms never need EC2
        self.subnets = widgets.SelectMultiple(options=[], rows=3, description=w["subnets"])
        self.security_groups = widgets.SelectMultiple(
            options=[], rows=2, description=w["security_groups"]
        )
        self.public_ip = widgets.Dropdown(
            options=[(w["default_public_ip"], ""), *[(v, v) for v in public_ip_values]],
            value="",
            description=w["public_ip"],
        )
        self.platform = widgets.Combobox(
            options=PLATFORM_VERSIONS,
            value="",
            placeholder=w["platform_hint"],
            description=w["platform"],
            ensure_option=False,
        )
        self.box = widgets.VBox(
            [
                widgets.HTML(f"<b>{w['network']}</b>"),
                self.subnets,
                self.security_groups,
                self.public_ip,
                self.platform,
                widgets.HTML(f"<small>{w['network_hint']}</small>"),
            ]
        )
        self.box.layout.display = "none"
        for control in (self.subnets, self.security_groups, self.public_ip, self.platform):
            control.observe(lambda _: on_change(), "value")

    @property
    def visible(self) -> bool:
        return self.box.layout.display != "none"

    def show(self, visible: bool) -> None:
        """Show or hide the section; the first time it shows, read EC2's subnets and groups."""
        if visible and self._ec2 is None:
            self.read_vpc()
        self.box.layout.display = "" if visible else "none"

    def read_vpc(self) -> None:
        """Offer EC2's subnets (with their zone and CIDR) and security groups, keeping what is
        chosen."""
        if self._ec2 is None:
            self._ec2 = self.sim.client("ec2", region_name=self.region)
        subnets = self._ec2.describe_subnets()["Subnets"]
        groups = self._ec2.describe_security_groups()["SecurityGroups"]
        _offer(
            self.subnets,
            [
                (f"{s['SubnetId']} · {s['AvailabilityZone']} · {s['CidrBlock']}", s["SubnetId"])
                for s in sorted(subnets, key=lambda s: (s["AvailabilityZone"], s["SubnetId"]))
            ],
        )
        _offer(
            self.security_groups,
            [(f"{g['GroupId']} · {g['GroupName']}", g["GroupId"]) for g in groups],
        )

    def load(self, service: Any) -> None:
        """Start from an existing service's network configuration and platform version."""
        config = (service.network_configuration or {}).get("awsvpcConfiguration") or {}
        if config:
            self.read_vpc()
            self.subnets.value = _known(self.subnets, config.get("subnets"))
            self.security_groups.value = _known(self.security_groups, config.get("securityGroups"))
            self.public_ip.value = config.get("assignPublicIp") or ""
        if service.launch_type == "FARGATE" and service.platform_version:
            self.platform.value = service.platform_version

    def members(self) -> dict[str, Any]:
        """networkConfiguration (when anything of it is set) and platformVersion (when set)."""
        if not self.visible:
            return {}
        request: dict[str, Any] = {}
        config: dict[str, Any] = {}
        if self.subnets.value or self.security_groups.value or self.public_ip.value:
            config["subnets"] = list(self.subnets.value)
        if self.security_groups.value:
            config["securityGroups"] = list(self.security_groups.value)
        if self.public_ip.value:
            config["assignPublicIp"] = self.public_ip.value
        if config:
            request["networkConfiguration"] = {"awsvpcConfiguration": config}
        if self.platform.value.strip():
            request["platformVersion"] = self.platform.value.strip()
        return request


def _offer(select: widgets.SelectMultiple, options: list[tuple[str, str]]) -> None:
    chosen = select.value
    select.options = options
    select.value = _known(select, chosen)


def _known(select: widgets.SelectMultiple, values: Any) -> tuple[str, ...]:
    """The values the select offers (a deleted subnet is no longer one)."""
    offered = {value for _, value in select.options}
    return tuple(value for value in values or () if value in offered)
