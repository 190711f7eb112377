"""The simulated services' errors, by the names AWS gives them.

Every failure a learner can cause is one of these, never a Python traceback: the name is the
code AWS sends (JSON's ``__type``, XML's ``<Code>``; the class botocore raises, such as
``ecs.exceptions.ClusterNotFoundException``), and the message says what was wrong: AWS's own
text where it is known (people's code compares it), else a short plain sentence. What to do
next is ecslearn's, not AWS's, so it never goes on the wire: a raise site that knows it passes
it as `hint`, which `ecslearn.explain` finds again by the error's code and message (a client
sees only those two). Handlers raise ECS's names for the errors every service has (a bad
parameter, an operation not simulated, a bug); the dispatcher renames them in each service's own
words (`ecslearn.services.spec.ServiceSpec.in_dialect`).
"""

# ruff: noqa: F401 (the package re-exports every error class and the hint helpers)

from __future__ import annotations

from ecslearn.errors.autoscaling_codes import (
    AlreadyExistsFault,
    InvalidNextToken,
    LimitExceededFault,
    ResourceContentionFault,
    ResourceInUseFault,
    ScalingActivityInProgressFault,
)
from ecslearn.errors.cloudwatch_codes import InvalidFormat, ResourceNotFound
from ecslearn.errors.ec2_codes import (
    CannotDelete,
    DependencyViolation,
    IncorrectInstanceState,
    IncorrectState,
    InsufficientFreeAddressesInSubnet,
    InternalServerError,
    InvalidAMIIDMalformed,
    InvalidAMIIDNotFound,
    InvalidGroupDuplicate,
    InvalidGroupIdMalformed,
    InvalidGroupNotFound,
    InvalidInstanceIDMalformed,
    InvalidInstanceIDNotFound,
    InvalidLaunchTemplateIdMalformed,
    InvalidLaunchTemplateIdNotFound,
    InvalidLaunchTemplateNameAlreadyExists,
    InvalidLaunchTemplateNameNotFound,
    InvalidLaunchTemplateVersionNotFound,
    InvalidParameter,
    InvalidParameterCombination,
    InvalidPermissionDuplicate,
    InvalidSubnetIDNotFound,
    InvalidVpcIDNotFound,
    MissingParameter,
    ParameterAlreadyExists,
    ParameterNotFound,
    ParameterVersionNotFound,
    UnsupportedOperationException,
)
from ecslearn.errors.ecs_service_codes import (
    ConflictException,
    NamespaceNotFoundException,
    ServiceDeploymentNotFoundException,
)
from ecslearn.errors.elbv2_codes import (
    DuplicateListener,
    DuplicateLoadBalancerName,
    DuplicateTagKeys,
    DuplicateTargetGroupName,
    IncompatibleProtocols,
    InvalidConfigurationRequest,
    InvalidLoadBalancerAction,
    InvalidSecurityGroup,
    InvalidTarget,
    ListenerNotFound,
    LoadBalancerNotFound,
    OperationNotPermitted,
    PriorityInUse,
    RuleNotFound,
    SubnetNotFound,
    TargetGroupAssociationLimit,
    TargetGroupNotFound,
    TooManyTags,
)
from ecslearn.errors.logs_codes import (
    ResourceAlreadyExistsException,
    ServiceUnavailableException,
    TooManyTagsException,
)
from ecslearn.errors.servicediscovery_codes import (
    CloudMapServiceNotFound,
    CustomHealthNotFound,
    DuplicateRequest,
    InstanceNotFound,
    InvalidInput,
    NamespaceAlreadyExists,
    NamespaceNotFound,
    OperationNotFound,
    ResourceLimitExceeded,
    ServiceAlreadyExists,
)
from ecslearn.errors.wire_error import (
    HINTS,
    MAX_HINTS,
    EcsError,
    hint_for,
    remember_hint,
)


class ClientException(EcsError):
    """The request broke one of ECS's rules (a bad task definition, a missing resource)."""

    code = "ClientException"


class InvalidParameterException(EcsError):
    """A parameter has a value ECS does not accept."""

    code = "InvalidParameterException"


class ClusterNotFoundException(EcsError):
    """No cluster by that name or ARN in this region."""

    code = "ClusterNotFoundException"


class ClusterContainsContainerInstancesException(EcsError):
    """A cluster cannot be deleted while instances are registered in it."""

    code = "ClusterContainsContainerInstancesException"


class ClusterContainsServicesException(EcsError):
    """A cluster cannot be deleted while it has ACTIVE or DRAINING services."""

    code = "ClusterContainsServicesException"


class ClusterContainsTasksException(EcsError):
    """A cluster cannot be deleted while tasks are running in it."""

    code = "ClusterContainsTasksException"


class ServiceNotFoundException(EcsError):
    """No service by that name in the cluster."""

    code = "ServiceNotFoundException"


class ServiceNotActiveException(EcsError):
    """The service exists but is DRAINING or INACTIVE."""

    code = "ServiceNotActiveException"


class TaskSetNotFoundException(EcsError):
    """No task set by that ID or ARN in the service."""

    code = "TaskSetNotFoundException"


class TargetNotFoundException(EcsError):
    """The target of PutAttributes (a container instance) does not exist."""

    code = "TargetNotFoundException"


class AttributeLimitExceededException(EcsError):
    """More than 10 custom attributes on one resource."""

    code = "AttributeLimitExceededException"


class ResourceNotFoundException(EcsError):
    """The resource named by an ARN does not exist."""

    code = "ResourceNotFoundException"


class LimitExceededException(EcsError):
    """An ECS quota was reached."""

    code = "LimitExceededException"


class UnsupportedFeatureException(EcsError):
    """The operation or feature exists in ECS but ecslearn does not implement it (yet)."""

    code = "UnsupportedFeatureException"


class ResourceInUseException(EcsError):
    """A resource is in use (a capacity provider a service or task uses)."""

    code = "ResourceInUseException"


class PlatformUnknownException(EcsError):
    """The Fargate platform version asked for does not exist."""

    code = "PlatformUnknownException"


class PlatformTaskDefinitionIncompatibilityException(EcsError):
    """The Fargate platform version cannot run what the task asks for."""

    code = "PlatformTaskDefinitionIncompatibilityException"


class ServerException(EcsError):
    """Something broke inside ecslearn itself: a bug to report, not the learner's fault."""

    code = "ServerException"
    http_status = 500


class SerializationException(EcsError):
    """The request body is not the JSON the operation takes (AWS's JSON-protocol error)."""

    code = "SerializationException"


# Two of the errors AWS documents as common to every JSON service ("Common Error Types").
class RequestEntityTooLargeException(EcsError):
    """The request is larger than ecslearn reads (AWS: "The request entity is too large")."""

    code = "RequestEntityTooLargeException"
    http_status = 413


class AccessDeniedException(EcsError):
    """The request may not be served here (ecslearn: it is addressed to another machine)."""

    code = "AccessDeniedException"
    http_status = 403


class UnknownOperationException(EcsError):
    """The X-Amz-Target names no operation of the service."""

    code = "UnknownOperationException"


# ECR's errors (the registry lives in the same world).
class RepositoryNotFoundException(EcsError):
    code = "RepositoryNotFoundException"


class RepositoryAlreadyExistsException(EcsError):
    code = "RepositoryAlreadyExistsException"


class RepositoryNotEmptyException(EcsError):
    code = "RepositoryNotEmptyException"


class ImageNotFoundException(EcsError):
    code = "ImageNotFoundException"


class ImageTagAlreadyExistsException(EcsError):
    code = "ImageTagAlreadyExistsException"


class ImageAlreadyExistsException(EcsError):
    code = "ImageAlreadyExistsException"


class ImageDigestDoesNotMatchException(EcsError):
    code = "ImageDigestDoesNotMatchException"


# Application Auto Scaling's errors (service auto scaling lives in the same world).
class ValidationException(EcsError):
    """Application Auto Scaling refuses a parameter (its name for ECS's InvalidParameter)."""

    code = "ValidationException"


class ObjectNotFoundException(EcsError):
    """No scalable target or scaling policy by that namespace, resource ID and dimension."""

    code = "ObjectNotFoundException"


class InvalidNextTokenException(EcsError):
    """The NextToken is not one Application Auto Scaling handed out."""

    code = "InvalidNextTokenException"


class InternalServiceException(EcsError):
    """Application Auto Scaling's name for a failure inside ecslearn itself."""

    code = "InternalServiceException"
    http_status = 500


# The errors AWS's query and EC2 APIs share, which their models do not list (EC2's model lists
# no errors at all): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
# and the "Common Errors" page of each query API's reference.
class InvalidAction(EcsError):
    """The Action names no operation of the service (query and EC2)."""

    code = "InvalidAction"


class ValidationError(EcsError):
    """A query API (STS, ELBv2, EC2 Auto Scaling) refuses a parameter."""

    code = "ValidationError"


class InternalFailure(EcsError):
    """A query API's name for a failure inside ecslearn itself."""

    code = "InternalFailure"
    http_status = 500


class UnauthorizedOperation(EcsError):
    """EC2's common code for a request the caller may not make (its AccessDenied)."""

    code = "UnauthorizedOperation"
    http_status = 403


class InvalidParameterValue(EcsError):
    """EC2 refuses a parameter's value (or a parameter EC2 does not have)."""

    code = "InvalidParameterValue"


class UnsupportedOperation(EcsError):
    """EC2's code for an operation it will not perform; ecslearn also answers it for a real
    operation of a query API that it does not simulate (those APIs have no better name)."""

    code = "UnsupportedOperation"


class InternalError(EcsError):
    """EC2's name for a failure inside ecslearn itself."""

    code = "InternalError"
    http_status = 500


class DryRunOperation(EcsError):
    """EC2's answer to ``DryRun=True`` when the call would have succeeded."""

    code = "DryRunOperation"
    http_status = 412


#: Codes of the errors above, which no service model lists but every query/EC2 client parses.
COMMON_QUERY_ERRORS = frozenset(
    cls.code
    for cls in (
        InvalidAction,
        ValidationError,
        InternalFailure,
        InvalidParameterValue,
        UnauthorizedOperation,
        UnsupportedOperation,
        InternalError,
        DryRunOperation,
        MissingParameter,
        InvalidParameter,
        InvalidParameterCombination,
        IncorrectInstanceState,
        IncorrectState,
        InvalidAMIIDNotFound,
        InvalidAMIIDMalformed,
        InvalidInstanceIDNotFound,
        InvalidInstanceIDMalformed,
        InvalidSubnetIDNotFound,
        InvalidVpcIDNotFound,
        InvalidGroupNotFound,
        InvalidGroupDuplicate,
        InvalidGroupIdMalformed,
        InvalidPermissionDuplicate,
        CannotDelete,
        DependencyViolation,
        InvalidLaunchTemplateNameNotFound,
        InvalidLaunchTemplateIdNotFound,
        InvalidLaunchTemplateIdMalformed,
        InvalidLaunchTemplateNameAlreadyExists,
        InvalidLaunchTemplateVersionNotFound,
        InsufficientFreeAddressesInSubnet,
    )
)


ALL_ERRORS: tuple[type[EcsError], ...] = tuple(
    cls for cls in list(globals().values()) if isinstance(cls, type) and issubclass(cls, EcsError)
)
