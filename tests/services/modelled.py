"""What each operation may answer: the errors its botocore model lists, plus its service's
common errors; and what ecslearn can answer, read from the source (`raise_sites`).

Common errors are the ones AWS documents for every operation of a service, which no model lists:

- JSON services (ECS, ECR, Application Auto Scaling): the "Common Errors" page of each API
  reference, in its two editions: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/
  CommonErrors.html (AccessDeniedException ... ValidationError, with InvalidAction) and the newer
  "Common Error Types" (https://docs.aws.amazon.com/awsconsolehelpdocs/latest/gsg/
  common-errors.html: MalformedHttpRequestException, RequestEntityTooLargeException,
  UnknownOperationException, ...). Plus SerializationException, the JSON protocol's answer to a
  body that is not the operation's JSON, which no page lists but AWS sends (quoted in
  aws/aws-sdk-js#44, mhart/kinesalite#101, aws/aws-sdk-js-v3#7102).
- The query protocol (STS): the older "Common Errors" page (e.g. https://docs.aws.amazon.com/
  AmazonRDS/latest/APIReference/CommonErrors.html), which adds InvalidParameterValue,
  MalformedQueryString, MissingParameter and the rest of the query-string errors.
- EC2 (its model lists no errors at all): "Error codes for the Amazon EC2 API",
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html, its common client
  error codes and its server error codes.
"""

from __future__ import annotations

from functools import cache

from ecslearn.control.dispatch import Dispatcher
from ecslearn.control.shapes import operation_model
from ecslearn.errors import EcsError, ServerException
from ecslearn.protocols import codec_for
from ecslearn.services import service_spec
from ecslearn.services.handlers import OPERATIONS
from tests.services.raise_sites import Raised, raised_by

ALL_SERVICES_COMMON = frozenset(
    {
        "AccessDeniedException",
        "ExpiredTokenException",
        "IncompleteSignature",
        "InternalFailure",
        "InvalidAction",
        "InvalidClientTokenId",
        "NotAuthorized",
        "OptInRequired",
        "RequestExpired",
        "ServiceUnavailable",
        "ThrottlingException",
        "ValidationError",
    }
)
JSON_COMMON = ALL_SERVICES_COMMON | {
    "MalformedHttpRequestException",
    "RequestAbortedException",
    "RequestEntityTooLargeException",
    "RequestTimeoutException",
    "UnrecognizedClientException",
    "UnknownOperationException",
    "SerializationException",
}
QUERY_COMMON = ALL_SERVICES_COMMON | {
    "InvalidParameterCombination",
    "InvalidParameterValue",
    "InvalidQueryParameter",
    "MalformedQueryString",
    "MissingAction",
    "MissingAuthenticationToken",
    "MissingParameter",
}
EC2_COMMON = frozenset(
    {
        # common client error codes
        "AuthFailure",
        "Blocked",
        "DryRunOperation",
        "IdempotentParameterMismatch",
        "IncompleteSignature",
        "InvalidAction",
        "InvalidCharacter",
        "InvalidClientTokenId",
        "InvalidPaginationToken",
        "InvalidParameter",
        "InvalidParameterCombination",
        "InvalidParameterDependency",
        "InvalidParameterValue",
        "InvalidQueryParameter",
        "MalformedQueryString",
        "MissingAction",
        "MissingAuthenticationToken",
        "MissingParameter",
        "OptInRequired",
        "PendingVerification",
        "RequestExpired",
        "UnauthorizedOperation",
        "UnknownParameter",
        "UnsupportedInstanceAttribute",
        "UnsupportedOperation",
        "UnsupportedProtocol",
        "ValidationError",
        # codes of specific actions on the same page (EC2's model lists no errors at all)
        "CannotDelete",
        "DependencyViolation",
        "IncorrectInstanceState",
        "IncorrectState",
        "InsufficientFreeAddressesInSubnet",
        "InvalidAMIID.Malformed",
        "InvalidAMIID.NotFound",
        "InvalidGroup.Duplicate",
        "InvalidGroup.NotFound",
        "InvalidGroupId.Malformed",
        "InvalidInstanceID.Malformed",
        "InvalidInstanceID.NotFound",
        "InvalidLaunchTemplateId.Malformed",
        "InvalidLaunchTemplateId.NotFound",
        "InvalidLaunchTemplateId.VersionNotFound",
        "InvalidLaunchTemplateName.AlreadyExistsException",
        "InvalidLaunchTemplateName.NotFoundException",
        "InvalidPermission.Duplicate",
        "InvalidSubnetID.NotFound",
        "InvalidVpcID.NotFound",
        # server error codes
        "InternalError",
        "RequestLimitExceeded",
        "ServiceUnavailable",
        "Unavailable",
    }
)
COMMON = {
    "json": JSON_COMMON,
    "query": QUERY_COMMON,
    "ec2": EC2_COMMON,
    "smithy-rpc-v2-cbor": JSON_COMMON,
}
#: Codes a service answers although neither its model nor the common pages list them: Systems
#: Manager answers a request that breaks a shape's constraint with ValidationException
#: ("1 validation error detected: ...", as its API reference's examples show).
#: CloudWatch is AWS-query-compatible (it speaks JSON or CBOR on the wire, with the query
#: protocol's codes): its "Common Errors" page is the query protocol's.
SERVICE_COMMON = {"ssm": frozenset({"ValidationException"}), "cloudwatch": QUERY_COMMON}


@cache
def allowed_codes(service: str, operation: str) -> frozenset[str]:
    """The codes `operation` may answer: its modelled errors and its service's common ones."""
    modelled = {shape.error_code for shape in operation_model(service, operation).error_shapes}
    extra = SERVICE_COMMON.get(service, frozenset())
    return COMMON[service_spec(service).protocol] | extra | modelled


@cache
def door_errors(service: str) -> Raised:
    """What an implemented operation can answer besides its handler's errors: its protocol's
    parsing, the dispatcher's checks against botocore's shapes, and ServerException for a bug."""
    found: Raised = {ServerException: frozenset({"any uncaught exception"})}
    for more in (
        raised_by(Dispatcher._run),
        raised_by(type(codec_for(service_spec(service).protocol)).parse),
    ):
        for cls, sites in more.items():
            found[cls] = found.get(cls, frozenset()) | sites
    return found


@cache
def static_errors(service: str, operation: str) -> dict[str, frozenset[str]]:
    """Every code an implemented operation can answer, in its service's words, with the places
    in ecslearn that raise it."""
    spec = service_spec(service)
    codes: dict[str, frozenset[str]] = {}
    for source in (raised_by(OPERATIONS[(service, operation)]), door_errors(service)):
        for cls, sites in source.items():
            code = spec.in_dialect(cls("")).code
            codes[code] = codes.get(code, frozenset()) | sites
    return codes


def answered_code(service: str, error: EcsError) -> str:
    return service_spec(service).in_dialect(error).code
