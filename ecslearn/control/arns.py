"""ARNs as ECS writes them, and reading a name back out of a name-or-ARN parameter."""

from __future__ import annotations

import re

from ecslearn.errors import InvalidParameterException

#: The account every simulated resource belongs to (AWS's documentation account).
ACCOUNT_ID = "123456789012"

_ARN = re.compile(
    r"^arn:aws[a-z-]*:(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):(?P<account>\d*):(?P<resource>.+)$"
)


def ecs_arn(region: str, resource: str) -> str:
    """``arn:aws:ecs:<region>:123456789012:<resource>``."""
    return f"arn:aws:ecs:{region}:{ACCOUNT_ID}:{resource}"


def parse_arn(arn: str) -> dict[str, str] | None:
    match = _ARN.match(arn)
    return match.groupdict() if match else None


def name_from(reference: str, kind: str) -> str:
    """The last part of an ECS ARN of `kind` (``cluster``, ``service``, ...), or the name itself.

    A reference that is an ARN of another kind is a parameter error, as in ECS.
    """
    if not reference.startswith("arn:"):
        return reference
    parts = parse_arn(reference)
    if parts is None or parts["service"] != "ecs" or not parts["resource"].startswith(kind + "/"):
        raise InvalidParameterException(  # ecslearn's wording
            f"'{reference}' is not a valid {kind} ARN.",
            hint=f"Give the {kind}'s name or an ARN like "
            f"arn:aws:ecs:us-east-1:{ACCOUNT_ID}:{kind}/NAME.",
        )
    return parts["resource"].rsplit("/", 1)[-1]
