"""EC2's TerminateInstances, StopInstances, StartInstances and AssociateIamInstanceProfile.

Each checks every instance named before changing any (an unknown ID, or one in a state the
operation cannot start from, refuses the whole call, as EC2 does), then answers each
instance's previous and current state. What a change means for ECS (tasks lost, the container
instance INACTIVE or disconnected) is `ecslearn.services.ec2.transitions`.

Stopping or starting an instance already on its way there changes nothing; terminating a
terminated instance answers terminated -> terminated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ecslearn.errors import IncorrectInstanceState, IncorrectState, MissingParameter
from ecslearn.model.ec2 import Ec2Instance
from ecslearn.services.ec2 import transitions
from ecslearn.services.ec2.common import dry_run, ec2_state, profile_arn, profile_id
from ecslearn.services.ec2.instances import find_instances
from ecslearn.services.handlers import RequestContext, operation

if TYPE_CHECKING:
    from ecslearn.control.world import World


def _state(instance: Ec2Instance) -> dict[str, Any]:
    return {"Code": instance.state_code, "Name": instance.state}


def _answer(pairs: list[tuple[Ec2Instance, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [
        {"InstanceId": i.instance_id, "CurrentState": _state(i), "PreviousState": before}
        for i, before in pairs
    ]


@operation("TerminateInstances", service="ec2")
def terminate_instances(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    instances = find_instances(ec2_state(ctx), request["InstanceIds"])
    dry_run(request)
    before = [(i, _state(i)) for i in instances]
    for instance in instances:
        transitions.terminate(ctx.world, ctx.region, instance)
    return {"TerminatingInstances": _answer(before)}


def _stop_or_start(
    ctx: RequestContext,
    request: dict[str, Any],
    verb: str,
    refused_from: tuple[str, ...],
    acts_on: str,
    change: Callable[[World, str, Ec2Instance], None],
) -> list[dict[str, Any]]:
    """StopInstances and StartInstances: refuse the whole call if one instance is `refused_from`,
    then `change` the instances that are `acts_on` (the others are already on their way)."""
    instances = find_instances(ec2_state(ctx), request["InstanceIds"])
    for instance in instances:
        if instance.state in refused_from:
            raise IncorrectInstanceState(
                f"The instance '{instance.instance_id}' is not in a state from which it can be "
                f"{verb}."
            )
    dry_run(request)
    before = [(i, _state(i)) for i in instances]
    for instance in instances:
        if instance.state == acts_on:
            change(ctx.world, ctx.region, instance)
    return _answer(before)


@operation("StopInstances", service="ec2")
def stop_instances(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    refused = ("pending", "shutting-down", "terminated")
    answer = _stop_or_start(ctx, request, "stopped", refused, "running", transitions.stop)
    return {"StoppingInstances": answer}


@operation("StartInstances", service="ec2")
def start_instances(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    refused = ("stopping", "shutting-down", "terminated")
    answer = _stop_or_start(ctx, request, "started", refused, "stopped", transitions.start)
    return {"StartingInstances": answer}


@operation("AssociateIamInstanceProfile", service="ec2")
def associate_iam_instance_profile(ctx: RequestContext, request: dict[str, Any]) -> dict:
    """Give a running or stopped instance an instance profile. Its agent, if it failed for want
    of credentials, registers on its next try."""
    ec2 = ec2_state(ctx)
    [instance] = find_instances(ec2, [request["InstanceId"]])
    arn = profile_arn(request["IamInstanceProfile"])
    if arn is None:
        raise MissingParameter("The request must contain the parameter IamInstanceProfile")
    if instance.iam_instance_profile is not None:
        raise IncorrectState(
            f"There is an existing association for instance {instance.instance_id}"
        )
    if instance.state not in ("running", "stopped", "pending"):
        raise IncorrectInstanceState(
            f"The instance '{instance.instance_id}' is not in a valid state for this operation."
        )
    instance.iam_instance_profile = arn
    instance.profile_association = ec2.next_id("iip-assoc", ctx.region)
    return {
        "IamInstanceProfileAssociation": {
            "AssociationId": instance.profile_association,
            "InstanceId": instance.instance_id,
            "IamInstanceProfile": {"Arn": arn, "Id": profile_id(arn)},
            "State": "associating",
            "Timestamp": ctx.now,
        }
    }
