"""EC2's and Systems Manager's own error codes (re-exported by `ecslearn.errors`)."""

from __future__ import annotations

from ecslearn.errors.wire_error import EcsError


# EC2's own client errors (its model lists none; these are its "Common client error codes" and
# the codes of its resources): https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
class MissingParameter(EcsError):
    """EC2: a required parameter is missing ("The request must contain the parameter ...")."""

    code = "MissingParameter"


class InvalidParameter(EcsError):
    """EC2: a parameter cannot be used as given (a security group and a subnet of different
    networks, say)."""

    code = "InvalidParameter"


class InvalidParameterCombination(EcsError):
    code = "InvalidParameterCombination"


class IncorrectInstanceState(EcsError):
    """EC2: the instance is not in a state the operation can start from."""

    code = "IncorrectInstanceState"


class IncorrectState(EcsError):
    code = "IncorrectState"


class InvalidAMIIDNotFound(EcsError):
    code = "InvalidAMIID.NotFound"


class InvalidAMIIDMalformed(EcsError):
    code = "InvalidAMIID.Malformed"


class InvalidInstanceIDNotFound(EcsError):
    code = "InvalidInstanceID.NotFound"


class InvalidInstanceIDMalformed(EcsError):
    code = "InvalidInstanceID.Malformed"


class InvalidSubnetIDNotFound(EcsError):
    code = "InvalidSubnetID.NotFound"


class InvalidVpcIDNotFound(EcsError):
    code = "InvalidVpcID.NotFound"


class InvalidGroupNotFound(EcsError):
    code = "InvalidGroup.NotFound"


class InvalidGroupDuplicate(EcsError):
    code = "InvalidGroup.Duplicate"


class InvalidGroupIdMalformed(EcsError):
    code = "InvalidGroupId.Malformed"


class InvalidPermissionDuplicate(EcsError):
    code = "InvalidPermission.Duplicate"


class CannotDelete(EcsError):
    """EC2: the default security group cannot be deleted."""

    code = "CannotDelete"


class DependencyViolation(EcsError):
    """EC2: the resource is still in use (a security group an instance uses, say)."""

    code = "DependencyViolation"


class InvalidLaunchTemplateNameNotFound(EcsError):
    code = "InvalidLaunchTemplateName.NotFoundException"


class InvalidLaunchTemplateIdNotFound(EcsError):
    code = "InvalidLaunchTemplateId.NotFound"


class InvalidLaunchTemplateIdMalformed(EcsError):
    code = "InvalidLaunchTemplateId.Malformed"


class InvalidLaunchTemplateNameAlreadyExists(EcsError):
    code = "InvalidLaunchTemplateName.AlreadyExistsException"


class InvalidLaunchTemplateVersionNotFound(EcsError):
    code = "InvalidLaunchTemplateId.VersionNotFound"


class InsufficientFreeAddressesInSubnet(EcsError):
    code = "InsufficientFreeAddressesInSubnet"


# Systems Manager's errors (its model lists these).
class ParameterNotFound(EcsError):
    """SSM: no parameter by that name (AWS's message is empty; `ecslearn.explain` helps)."""

    code = "ParameterNotFound"


class ParameterVersionNotFound(EcsError):
    code = "ParameterVersionNotFound"


class ParameterAlreadyExists(EcsError):
    """SSM PutParameter: the name is taken and ``Overwrite`` was not set."""

    code = "ParameterAlreadyExists"


class InternalServerError(EcsError):
    """Systems Manager's name for a failure inside ecslearn itself."""

    code = "InternalServerError"
    http_status = 500


class UnsupportedOperationException(EcsError):
    code = "UnsupportedOperationException"
