"""Task sets of services under the EXTERNAL deployment controller, in a CloudFormation template.

Each ACTIVE or PRIMARY task set becomes an ``AWS::ECS::TaskSet`` with its own task definition,
scale, network configuration and load balancers, and the PRIMARY one an
``AWS::ECS::PrimaryTaskSet``. A DRAINING task set is on its way out and is left out.
"""

from __future__ import annotations

from typing import Any

from ecslearn.export.cfn_ecs import load_balancers, network, strategy, tags_of
from ecslearn.export.cfn_names import Template, get_att, pascal, ref, short_name
from ecslearn.export.cfn_world import Gathered

COPIED = ("externalId", "launchType", "platformVersion", "scale")


def task_sets(template: Template, world: Gathered) -> None:
    for service in world.services:
        logical_service = template.find("Service", service["serviceArn"])
        cluster = template.find("Cluster", service["clusterArn"])
        if not logical_service or not cluster:
            continue
        for task_set in service.get("taskSets") or []:
            if task_set.get("status") not in ("ACTIVE", "PRIMARY"):
                continue
            td = template.find("TaskDefinition", task_set["taskDefinition"])
            props: dict[str, Any] = {
                "Cluster": ref(cluster),
                "Service": ref(logical_service),
                "TaskDefinition": ref(td) if td else short_name(task_set["taskDefinition"]),
            }
            props.update(pascal({k: task_set[k] for k in COPIED if task_set.get(k)}))
            if task_set.get("capacityProviderStrategy"):
                props["CapacityProviderStrategy"] = strategy(
                    template, task_set["capacityProviderStrategy"]
                )
                props.pop("LaunchType", None)
            network_config = network(template, task_set)
            if network_config:
                props["NetworkConfiguration"] = network_config
            balancers, needs = load_balancers(template, task_set)
            if balancers:
                props["LoadBalancers"] = balancers
            if task_set.get("tags"):
                props["Tags"] = tags_of(task_set["tags"])
            logical = template.add(
                "TaskSet",
                f"{service['serviceName']}-{task_set.get('externalId') or task_set['id']}",
                "AWS::ECS::TaskSet",
                props,
                keys=(task_set["taskSetArn"],),
                depends_on=needs,
            )
            if task_set["status"] == "PRIMARY":
                template.add(
                    "PrimaryTaskSet",
                    service["serviceName"],
                    "AWS::ECS::PrimaryTaskSet",
                    {
                        "Cluster": ref(cluster),
                        "Service": ref(logical_service),
                        "TaskSetId": get_att(logical, "Id"),
                    },
                )
