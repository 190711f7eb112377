"""Elastic Load Balancing's (ELBv2's) own error codes (re-exported by `ecslearn.errors`).

ELBv2 speaks the query protocol: the shape ``LoadBalancerNotFoundException`` travels as
``<Code>LoadBalancerNotFound</Code>`` (botocore's model, each shape's ``error.code``) and botocore
raises ``client.exceptions.LoadBalancerNotFoundException`` for it. Its bad requests are the query
protocol's common ``ValidationError``; ``ResourceInUse`` is the code Auto Scaling's
`ResourceInUseFault` already carries.
"""

from __future__ import annotations

from ecslearn.errors.wire_error import EcsError


class LoadBalancerNotFound(EcsError):
    """No load balancer by that ARN or name in this region."""

    code = "LoadBalancerNotFound"


class TargetGroupNotFound(EcsError):
    """No target group by that ARN or name in this region."""

    code = "TargetGroupNotFound"


class ListenerNotFound(EcsError):
    """No listener by that ARN."""

    code = "ListenerNotFound"


class RuleNotFound(EcsError):
    """No listener rule by that ARN."""

    code = "RuleNotFound"


class DuplicateLoadBalancerName(EcsError):
    """A load balancer by that name exists with other settings."""

    code = "DuplicateLoadBalancerName"


class DuplicateTargetGroupName(EcsError):
    """A target group by that name exists with other settings."""

    code = "DuplicateTargetGroupName"


class DuplicateListener(EcsError):
    """The load balancer already has a listener on that port."""

    code = "DuplicateListener"


class PriorityInUse(EcsError):
    """Another rule of the listener has that priority."""

    code = "PriorityInUse"


class InvalidConfigurationRequest(EcsError):
    """The request does not fit the resource's configuration."""

    code = "InvalidConfigurationRequest"


class InvalidTarget(EcsError):
    """A target that does not exist, is outside the target group's VPC, or is not registered."""

    code = "InvalidTarget"


class SubnetNotFound(EcsError):
    """A subnet ID that names no subnet."""

    code = "SubnetNotFound"


class InvalidSecurityGroup(EcsError):
    """A security group that does not exist (or is in another VPC)."""

    code = "InvalidSecurityGroup"


class InvalidLoadBalancerAction(EcsError):
    """An action that the listener cannot take."""

    code = "InvalidLoadBalancerAction"


class IncompatibleProtocols(EcsError):
    """A target group whose protocol the listener cannot forward to."""

    code = "IncompatibleProtocols"


class TargetGroupAssociationLimit(EcsError):
    """A target group already used by another load balancer."""

    code = "TargetGroupAssociationLimit"


class OperationNotPermitted(EcsError):
    """An operation not permitted on this resource (a listener's default rule)."""

    code = "OperationNotPermitted"


class DuplicateTagKeys(EcsError):
    """AddTags named one tag key twice."""

    code = "DuplicateTagKeys"


class TooManyTags(EcsError):
    """A resource would carry more tags than ELB allows (50)."""

    code = "TooManyTags"
