"""What a learner built in a simulation, as one CloudFormation template.

``template(sim)`` (or ``ecslearn export cloudformation``) reads the world through the same
Describe/List answers boto3 gets (:mod:`cfn_world`) and writes a template with CloudFormation's
own resource types and property names:

* ECS: ``AWS::ECS::Cluster``, ``AWS::ECS::TaskDefinition``, ``AWS::ECS::Service``,
  ``AWS::ECS::CapacityProvider``, ``AWS::ECS::ClusterCapacityProviderAssociations``
  (:mod:`cfn_ecs`); ``AWS::ECS::TaskSet`` and ``AWS::ECS::PrimaryTaskSet`` for EXTERNAL
  deployments (:mod:`cfn_task_sets`);
* ELB: ``AWS::ElasticLoadBalancingV2::LoadBalancer``, ``Listener``, ``ListenerRule``,
  ``TargetGroup`` (:mod:`cfn_elbv2`);
* EC2 capacity: ``AWS::EC2::LaunchTemplate``, ``AWS::AutoScaling::AutoScalingGroup``
  (:mod:`cfn_capacity`);
* scaling and alarms: ``AWS::ApplicationAutoScaling::ScalableTarget``, ``ScalingPolicy``,
  ``AWS::CloudWatch::Alarm`` (:mod:`cfn_scaling`);
* ``AWS::Logs::LogGroup`` and ``AWS::ServiceDiscovery::*`` (:mod:`cfn_discovery`).

What was chosen:

* Task definitions: the revision each service runs, the latest ACTIVE revision of each family a
  standalone running task uses, and every one the caller names (``family`` for its latest
  ACTIVE revision, ``family:revision`` for that one). A stack registers each as a new revision
  of the same family.
* Names stay the learner's (clusters, services, target groups...), so a stack deploys once per
  account and region; everything inside the template refers by ``Ref``/``Fn::GetAtt``.
* What only exists in one account becomes a parameter: ``VpcId`` (``AWS::EC2::VPC::Id``),
  ``Subnets``/``SecurityGroups`` for tasks and instances and ``LoadBalancerSubnets``/
  ``LoadBalancerSecurityGroups`` for load balancers (``List<AWS::EC2::...::Id>``), the AMI (an
  SSM parameter type defaulting to the ECS-optimized AMI's public path), the instance profile,
  and each IAM role (its name, defaulting to the learner's; the ARN is built with the stack's
  partition and account).
* Images in the world's own ECR and secrets' ARNs of its account name the deploying account,
  region and partition (``Fn::Sub``); the repositories, images and secrets themselves must be
  there before the services start.
* Container instances launched one by one become a fixed-size Auto Scaling group per cluster
  (see :mod:`cfn_capacity`).
* ``DependsOn``: a service behind a load balancer depends on the listeners and rules that
  forward to its target groups (ECS refuses a target group not attached to a load balancer),
  a service in a cluster with capacity providers on the cluster's association (a capacity
  provider strategy needs the provider associated first), and a service on the alarms its
  deployments watch unless they watch it (see :mod:`cfn_scaling`).

What does not carry over:

* Anything ECS, ELB or Auto Scaling write themselves: tasks, container instances, targets,
  deployments, events, the target tracking alarms, the Cloud Map services Service Connect made.
* ECR repositories and their images; CodeDeploy applications and deployment groups;
  scheduled actions; Auto Scaling lifecycle hooks; mixed instances policies; load balancer
  attributes;
  certificates (copied as their ARNs, which name ecslearn's account); alarm actions other than
  the template's own scaling policies (SNS topics); key pairs; IAM roles themselves (they are
  referred to, not created).
"""

from __future__ import annotations

from typing import Any

import yaml

from ecslearn.export import (
    cfn_capacity,
    cfn_discovery,
    cfn_ecs,
    cfn_elbv2,
    cfn_scaling,
    cfn_task_sets,
)
from ecslearn.export.cfn_names import Template
from ecslearn.export.cfn_world import ClientFactory, Gathered, gather

#: Writers in the order their resources can refer to each other.
_WRITERS = (
    cfn_discovery.log_groups,
    cfn_discovery.namespaces,
    cfn_ecs.clusters,
    cfn_discovery.discovery_services,
    cfn_elbv2.load_balancers,
    cfn_elbv2.target_groups,
    cfn_elbv2.listeners,
    cfn_elbv2.rules,
    cfn_capacity.launch_templates,
    cfn_capacity.auto_scaling_groups,
    cfn_capacity.standalone_capacity,
    cfn_ecs.capacity_providers,
    cfn_ecs.associations,
    cfn_ecs.task_definitions,
    cfn_ecs.services,
    cfn_task_sets.task_sets,
    cfn_scaling.scalable_targets,
    cfn_scaling.scaling_policies,
    cfn_scaling.alarms,
    cfn_scaling.deployment_alarms,
)


def from_gathered(world: Gathered, description: str | None = None) -> dict[str, Any]:
    """The template for what :func:`cfn_world.gather` read."""
    out = Template(description or "What was built in ecslearn, exported by ecslearn")
    out.account, out.region = world.account, world.region
    for write in _WRITERS:
        write(out, world)
    if not out.body["Parameters"]:
        del out.body["Parameters"]
    return out.body


def from_clients(
    client: ClientFactory, task_definitions: tuple[str, ...] | list[str] = ()
) -> dict[str, Any]:
    """The template for one region, read through ``client(service_name)`` (any boto3 client
    factory: a simulation's, or one pointed at ``ecslearn serve``)."""
    return from_gathered(gather(client, tuple(task_definitions)))


def template(
    sim: Any, task_definitions: tuple[str, ...] | list[str] = (), region: str | None = None
) -> dict[str, Any]:
    """The CloudFormation template for what was built in ``sim`` (in ``region``, by default the
    simulation's), plus the task definitions named (``family`` or ``family:revision``)."""
    region = region or sim.region
    body = from_clients(lambda name: sim.client(name, region_name=region), task_definitions)
    body["Description"] = (
        f"What was built in ecslearn (seed {sim.seed}, {region}, t={sim.now:.0f}s), "
        "exported by `ecslearn export cloudformation`"
    )
    return body


class _Dumper(yaml.SafeDumper):
    """Block-style YAML that keeps the template's key order, never writes aliases, and writes
    a multi-line string (user data) as a literal block."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _string(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _string)


def to_yaml(body: dict[str, Any]) -> str:
    """The template as YAML (intrinsic functions in their long ``Ref``/``Fn::`` form, which
    every YAML parser reads; CloudFormation takes JSON or YAML)."""
    return yaml.dump(body, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=100)
