"""Amazon EC2 Auto Scaling (botocore ``autoscaling``, the query protocol).

Groups made from an EC2 launch template (`groups`), sized by hand or by other code
(`capacity`: SetDesiredCapacity, SetInstanceProtection, TerminateInstanceInAutoScalingGroup),
kept at their desired capacity on the virtual clock (`group_reconcile`, which launches through
EC2's own launch path and terminates through EC2's TerminateInstances path, picking whom to
terminate by the termination policies of `termination`), their scaling activities
(`activities`), tags (`group_tags`) and lifecycle hooks (`lifecycle_hooks`: instances wait in
Pending:Wait / Terminating:Wait until the hooks' actions complete).

Other code resizes a group exactly as a client does, through the dispatcher::

    world.dispatcher.call("autoscaling", "SetDesiredCapacity",
                          {"AutoScalingGroupName": "web", "DesiredCapacity": 3}, region)

(and ``DescribeAutoScalingGroups``, ``SetInstanceProtection``); it gets Auto Scaling's answers
and Auto Scaling's errors.

Errors are the query protocol's common ones (ValidationError for a bad request, as AWS sends
it) and the faults the model lists (AlreadyExists, ResourceInUse, ScalingActivityInProgress...,
`ecslearn.errors.autoscaling_codes`). An operation ecslearn does not simulate answers
``InvalidAction`` naming itself, as STS's do: Auto Scaling has no code for "not performed here".
"""

from ecslearn.services.spec import query_service

SERVICE = query_service("autoscaling", "Auto Scaling")

#: The modules whose import registers this service's handlers (and the clock's actions).
HANDLERS = (
    "groups",
    "capacity",
    "activities",
    "group_tags",
    "group_reconcile",
    "lifecycle_hooks",
)
