"""Systems Manager's Parameter Store: PutParameter, GetParameter, GetParameters,
GetParametersByPath, DeleteParameter and DeleteParameters, over the account's own parameters
(`ecslearn.model.ssm`, what a task definition's ``secrets`` read) and the public parameters AWS
publishes about its AMIs (`ecslearn.model.amis.public_parameters`):

- ``/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended`` (a JSON document) and
  ``.../recommended/image_id`` (the AMI ID alone), the same for ``amazon-linux-2023/arm64``,
  ``amazon-linux-2`` and ``amazon-linux-2/arm64``;
- ``/aws/service/ami-amazon-linux-latest/...``: plain Amazon Linux AMIs (no ECS agent).

The image IDs they answer are the ones RunInstances accepts in the same region. Public
parameters have no account in their ARN (``arn:aws:ssm:us-east-1::parameter/aws/...``); the
account's own have it (``arn:aws:ssm:us-east-1:123456789012:parameter/shop/db-password``; a
name without a leading slash gets one in its ARN, as on AWS).

A name SSM does not have: GetParameter and DeleteParameter answer ParameterNotFound with AWS's
empty message (`ecslearn.explain` says what to look for), GetParameters lists it in
InvalidParameters. The public parameters' version (1) is ecslearn's choice; AWS's grow with
every AMI release.

PutParameter's refusals, in AWS's words where known: a name taken without ``Overwrite``
(ParameterAlreadyExists, "The parameter already exists. To overwrite this value, set the
overwrite option in the request to true.", quoted by moto and others), a name starting with
``ssm`` (ValidationException, AWS's text quoted in a learner's notes), a name starting with
``aws`` (AccessDeniedException "No access to reserved parameter name", the same notes); a new
parameter without ``Type`` (AWS's documentation: the type is required when creating; the
message is ecslearn's). A refused call changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from ecslearn.errors import (
    AccessDeniedException,
    InvalidParameterException,
    ParameterAlreadyExists,
    ParameterNotFound,
    ParameterVersionNotFound,
)
from ecslearn.model.amis import RELEASED_AT, public_parameters
from ecslearn.model.ssm import SsmParameter
from ecslearn.services.handlers import RequestContext, operation

VERSION = 1
PUBLIC_ARN = "arn:aws:ssm:{region}::parameter{name}"
OWN_ARN = "arn:aws:ssm:{region}:{account}:parameter{name}"
#: What a parameter name may hold (AWS's documentation: letters, numbers, ``.-_`` and ``/``).
NAME = re.compile(r"^[A-Za-z0-9_.\-/]{1,2048}$")
SSM_PREFIX_TEXT = (
    'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it '
    "can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of "
    "letters, numbers and the following 3 symbols .-_"
)


def _split(reference: str) -> tuple[str, str | None]:
    """A name (or ARN) with an optional ``:version`` selector."""
    if reference.startswith("arn:"):
        reference = "/" + reference.split(":parameter/", 1)[-1]
    name, _, selector = reference.partition(":")
    return name, selector or None


def parameter_json(region: str, name: str, value: str, selector: str | None = None) -> dict:
    parameter: dict[str, Any] = {
        "Name": name,
        "Type": "String",
        "Value": value,
        "Version": VERSION,
        "LastModifiedDate": RELEASED_AT,
        "ARN": PUBLIC_ARN.format(region=region, name=name),
        "DataType": "text",
    }
    if selector:
        parameter["Selector"] = f":{selector}"
    return parameter


def own_arn(ctx: RequestContext, name: str) -> str:
    slashed = name if name.startswith("/") else "/" + name
    return OWN_ARN.format(region=ctx.region, account=ctx.account, name=slashed)


def _own_json(
    ctx: RequestContext, parameter: SsmParameter, selector: str | None, decrypt: bool
) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "Name": parameter.name,
        "Type": parameter.type,
        "Value": parameter.shown_value(decrypt),
        "Version": parameter.version,
        "LastModifiedDate": parameter.last_modified,
        "ARN": own_arn(ctx, parameter.name),
        "DataType": parameter.data_type,
    }
    if selector:
        answer["Selector"] = f":{selector}"
    return answer


def _version_missing(name: str, selector: str) -> ParameterVersionNotFound:
    return ParameterVersionNotFound(
        f"Systems Manager could not find version {selector} of {name}. Verify the version "
        "and try again."
    )


def _lookup(ctx: RequestContext, reference: str, decrypt: bool = False) -> dict[str, Any] | None:
    """The parameter, or None when there is none; ParameterVersionNotFound for a version
    selector the parameter does not have."""
    name, selector = _split(reference)
    own = ctx.state.ssm.find(name)
    if own is not None:
        if selector is not None and selector != str(own.version):
            raise _version_missing(name, selector)
        return _own_json(ctx, own, selector, decrypt)
    value = public_parameters(ctx.region).get(name)
    if value is None:
        return None
    if selector is not None and selector != str(VERSION):
        raise _version_missing(name, selector)
    return parameter_json(ctx.region, name, value, selector)


@operation("GetParameter", service="ssm")
def get_parameter(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    found = _lookup(ctx, request["Name"], bool(request.get("WithDecryption")))
    if found is None:
        raise ParameterNotFound("")
    return {"Parameter": found}


def _names(request: dict[str, Any]) -> list[str]:
    """GetParameters' and DeleteParameters' ``Names``: 1 to 10, as their model says."""
    names = request["Names"]
    if not 1 <= len(names) <= 10:
        bound = "less than or equal to 10" if names else "greater than or equal to 1"
        raise InvalidParameterException(
            f"1 validation error detected: Value at 'names' failed to satisfy constraint: "
            f"Member must have length {bound} (it has {len(names)})"
        )
    return names


@operation("GetParameters", service="ssm")
def get_parameters(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    names = _names(request)
    decrypt = bool(request.get("WithDecryption"))
    found, invalid = [], []
    for name in dict.fromkeys(names):
        # GetParameters models no ParameterVersionNotFound: a name it cannot answer, missing
        # version included, is listed in InvalidParameters (ecslearn's reading of the model)
        try:
            parameter = _lookup(ctx, name, decrypt)
        except ParameterVersionNotFound:
            parameter = None
        if parameter is None:
            invalid.append(name)
        else:
            found.append(parameter)
    return {"Parameters": found, "InvalidParameters": invalid}


@operation("GetParametersByPath", service="ssm")
def get_parameters_by_path(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    path = request["Path"].rstrip("/") or "/"
    if not path.startswith("/"):
        raise InvalidParameterException("The parameter path must begin with a forward slash (/).")
    if request.get("ParameterFilters"):
        raise InvalidParameterException(
            "ParameterFilters are not simulated by ecslearn; leave them out."
        )
    prefix = path if path.endswith("/") else path + "/"
    recursive = request.get("Recursive", False)
    values = public_parameters(ctx.region)
    every = sorted({*values, *(n for n in ctx.state.ssm.parameters if n.startswith("/"))})
    names = [
        name
        for name in every
        if name.startswith(prefix) and (recursive or "/" not in name[len(prefix) :])
    ]
    size = request.get("MaxResults", 10)
    if not 1 <= size <= 10:
        raise InvalidParameterException(
            "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: "
            "Member must have value less than or equal to 10"
        )
    start = int(request["NextToken"]) if str(request.get("NextToken", "")).isdigit() else 0
    decrypt = bool(request.get("WithDecryption"))
    page = names[start : start + size]
    answer: dict[str, Any] = {
        "Parameters": [
            _own_json(ctx, ctx.state.ssm.parameters[n], None, decrypt)
            if n in ctx.state.ssm.parameters
            else parameter_json(ctx.region, n, values[n])
            for n in page
        ]
    }
    if start + size < len(names):
        answer["NextToken"] = str(start + size)
    return answer


def _check_name(name: str) -> None:
    bare = name.lstrip("/").lower()
    if bare.startswith("aws"):
        raise AccessDeniedException("No access to reserved parameter name")
    if bare.startswith("ssm"):
        raise InvalidParameterException(SSM_PREFIX_TEXT)
    if not NAME.match(name) or "//" in name or (name.endswith("/") and name != "/"):
        raise InvalidParameterException(  # ecslearn's wording
            f"Parameter name {name!r} is not valid: use letters, numbers, the symbols .-_ and "
            "/ between the parts of a path."
        )


@operation("PutParameter", service="ssm")
def put_parameter(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    name, value = request["Name"], request["Value"]
    _check_name(name)
    kind = request.get("Type")  # an unknown type is refused by the model's enum check
    if not value:
        raise InvalidParameterException(
            "1 validation error detected: Value at 'value' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        )
    existing = ctx.state.ssm.parameters.get(name)
    if existing is not None and not request.get("Overwrite"):
        raise ParameterAlreadyExists(
            "The parameter already exists. To overwrite this value, set the overwrite option "
            "in the request to true."
        )
    if existing is None and kind is None:
        raise InvalidParameterException(  # ecslearn's wording (AWS requires it, see the module)
            "A parameter type is required when you create a parameter: Type String, "
            "StringList or SecureString."
        )
    parameter = SsmParameter(
        name=name,
        type=kind or (existing.type if existing else "String"),
        value=value,
        version=existing.version + 1 if existing else 1,
        last_modified=ctx.now,
        description=request.get("Description") or (existing.description if existing else None),
    )
    ctx.state.ssm.parameters[name] = parameter
    return {"Version": parameter.version, "Tier": "Standard"}


@operation("DeleteParameter", service="ssm")
def delete_parameter(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    if ctx.state.ssm.parameters.pop(request["Name"], None) is None:
        raise ParameterNotFound("")
    return {}


@operation("DeleteParameters", service="ssm")
def delete_parameters(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    names = _names(request)
    deleted, invalid = [], []
    for name in dict.fromkeys(names):
        if ctx.state.ssm.parameters.pop(name, None) is None:
            invalid.append(name)
        else:
            deleted.append(name)
    return {"DeletedParameters": deleted, "InvalidParameters": invalid}
