"""Systems Manager's GetParameter, GetParameters and GetParametersByPath, over the public
parameters AWS publishes about its AMIs (`ecslearn.model.amis.public_parameters`):

- ``/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended`` (a JSON document) and
  ``.../recommended/image_id`` (the AMI ID alone), the same for ``amazon-linux-2023/arm64``,
  ``amazon-linux-2`` and ``amazon-linux-2/arm64``;
- ``/aws/service/ami-amazon-linux-latest/...``: plain Amazon Linux AMIs (no ECS agent).

The image IDs they answer are the ones RunInstances accepts in the same region. Public
parameters have no account in their ARN (``arn:aws:ssm:us-east-1::parameter/aws/...``).
Learners' own parameters (PutParameter) are not simulated yet.

A name SSM does not have: GetParameter answers ParameterNotFound with AWS's empty message
(`ecslearn.explain` says what to look for), GetParameters lists it in InvalidParameters. The
parameters' version (1) is ecslearn's choice; AWS's grow with every AMI release.
"""

from __future__ import annotations

from typing import Any

from ecslearn.errors import InvalidParameterException, ParameterNotFound, ParameterVersionNotFound
from ecslearn.model.amis import RELEASED_AT, public_parameters
from ecslearn.services.handlers import RequestContext, operation

VERSION = 1
PUBLIC_ARN = "arn:aws:ssm:{region}::parameter{name}"


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


def _lookup(region: str, reference: str) -> dict[str, Any] | None:
    """The parameter, or None when there is none; ParameterVersionNotFound for a version
    selector the parameter does not have."""
    name, selector = _split(reference)
    value = public_parameters(region).get(name)
    if value is None:
        return None
    if selector is not None and selector != str(VERSION):
        raise ParameterVersionNotFound(
            f"Systems Manager could not find version {selector} of {name}. Verify the version "
            "and try again."
        )
    return parameter_json(region, name, value, selector)


@operation("GetParameter", service="ssm")
def get_parameter(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    found = _lookup(ctx.region, request["Name"])
    if found is None:
        raise ParameterNotFound("")
    return {"Parameter": found}


@operation("GetParameters", service="ssm")
def get_parameters(ctx: RequestContext, request: dict[str, Any]) -> dict[str, Any]:
    names = request["Names"]
    if not 1 <= len(names) <= 10:
        raise InvalidParameterException(
            f"1 validation error detected: Value at 'names' failed to satisfy constraint: "
            f"Member must have length less than or equal to 10 (it has {len(names)})"
        )
    found, invalid = [], []
    for name in dict.fromkeys(names):
        # GetParameters models no ParameterVersionNotFound: a name it cannot answer, missing
        # version included, is listed in InvalidParameters (ecslearn's reading of the model)
        try:
            parameter = _lookup(ctx.region, name)
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
    names = [
        name
        for name in public_parameters(ctx.region)
        if name.startswith(prefix) and (recursive or "/" not in name[len(prefix) :])
    ]
    size = request.get("MaxResults", 10)
    if not 1 <= size <= 10:
        raise InvalidParameterException(
            "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: "
            "Member must have value less than or equal to 10"
        )
    start = int(request["NextToken"]) if str(request.get("NextToken", "")).isdigit() else 0
    values = public_parameters(ctx.region)
    page = names[start : start + size]
    answer: dict[str, Any] = {
        "Parameters": [parameter_json(ctx.region, n, values[n]) for n in page]
    }
    if start + size < len(names):
        answer["NextToken"] = str(start + size)
    return answer
