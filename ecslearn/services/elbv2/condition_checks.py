"""A listener rule's conditions as CreateRule and ModifyRule take them: checked against ELB's
rules and written back in the shape ELB answers (ELB's user guide, "Condition types for
listener rules"; the API reference's RuleCondition).

- A rule has at most one ``host-header``, ``http-request-method``, ``path-pattern`` and
  ``source-ip`` condition, and any number of ``http-header`` and ``query-string`` ones.
- A condition has at most 3 values ("match evaluations"), a rule at most 5, and at most 5
  wildcards (``*`` and ``?``) across its header, host, path and query-string values.
- ``host-header`` and ``path-pattern`` take their values as ``Values`` or in their config; ELB
  answers both spellings. The other fields take theirs in their config only.
- ``http-header`` names a header (at most 40 characters; not ``Host``: that is a host-header
  condition); ``http-request-method`` values are made of A-Z, ``-`` and ``_``;
  ``source-ip`` values are CIDR blocks.

AWS does not publish the messages of these refusals; they are ecslearn's wording, in ELB's
ValidationError. Regular-expression values (``RegexValues``) are not simulated.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from ecslearn.errors import UnsupportedFeatureException, ValidationError

#: Each field and the member holding its configuration.
CONFIGS = {
    "path-pattern": "PathPatternConfig",
    "host-header": "HostHeaderConfig",
    "http-header": "HttpHeaderConfig",
    "http-request-method": "HttpRequestMethodConfig",
    "query-string": "QueryStringConfig",
    "source-ip": "SourceIpConfig",
}
#: Fields a rule may use once; http-header and query-string may repeat.
ONCE = {"path-pattern", "host-header", "http-request-method", "source-ip"}
#: Fields whose values may also be given as the condition's own ``Values``.
PLAIN_VALUES = {"path-pattern", "host-header"}
MAX_VALUES_PER_CONDITION = 3
MAX_VALUES_PER_RULE = 5
MAX_WILDCARDS_PER_RULE = 5
MAX_VALUE_LENGTH = 128
MAX_HEADER_NAME_LENGTH = 40
METHOD = re.compile(r"^[A-Z_-]{1,40}$")


def _values(field: str, condition: dict[str, Any]) -> list[Any]:
    config = condition.get(CONFIGS[field]) or {}
    if config.get("RegexValues") or condition.get("RegexValues"):
        raise UnsupportedFeatureException(
            "ecslearn does not simulate regular-expression conditions (RegexValues); use "
            "Values with the * and ? wildcards."
        )
    values = list(config.get("Values") or [])
    if field in PLAIN_VALUES and condition.get("Values"):
        if values and values != list(condition["Values"]):
            raise ValidationError(
                f"A '{field}' condition cannot have both Values and {CONFIGS[field]}"
            )
        values = list(condition["Values"])
    elif condition.get("Values"):
        raise ValidationError(f"A '{field}' condition takes its values in {CONFIGS[field]}")
    if not values:
        raise ValidationError(f"A '{field}' condition must have at least one value")
    if len(values) > MAX_VALUES_PER_CONDITION:
        raise ValidationError(
            f"A '{field}' condition can only have '{MAX_VALUES_PER_CONDITION}' values"
        )
    return values


def _texts(field: str, values: list[Any]) -> list[str]:
    """The strings of `values` a length and a wildcard count apply to."""
    if field == "query-string":
        return [text for pair in values for text in (pair.get("Key"), pair.get("Value")) if text]
    return [str(value) for value in values]


def _check_field(field: str, condition: dict[str, Any], values: list[Any]) -> None:
    if field == "http-header":
        name = (condition.get("HttpHeaderConfig") or {}).get("HttpHeaderName") or ""
        if not name or len(name) > MAX_HEADER_NAME_LENGTH:
            raise ValidationError(
                f"An 'http-header' condition needs an HttpHeaderName of 1 to "
                f"{MAX_HEADER_NAME_LENGTH} characters"
            )
        if name.lower() == "host":
            raise ValidationError(
                "An 'http-header' condition cannot match the Host header; use a "
                "'host-header' condition"
            )
    elif field == "http-request-method":
        for value in values:
            if not METHOD.match(value):
                raise ValidationError(
                    f"HTTP request method '{value[:40]}' can only contain A-Z, '-' and '_'"
                )
    elif field == "source-ip":
        for value in values:
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError:
                raise ValidationError(f"'{value[:60]}' is not a valid CIDR block") from None
    elif field == "query-string":
        for pair in values:
            if not pair.get("Value"):
                raise ValidationError("A 'query-string' condition value needs a Value")


def answered(field: str, condition: dict[str, Any], values: list[Any]) -> dict[str, Any]:
    """The condition as ELB answers it."""
    config = dict(condition.get(CONFIGS[field]) or {})
    config["Values"] = values
    said: dict[str, Any] = {"Field": field, CONFIGS[field]: config}
    if field in PLAIN_VALUES:
        said["Values"] = values
    return said


def checked(conditions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`conditions` checked (see the module) and in ELB's answer's shape."""
    result, seen, total, wildcards = [], set(), 0, 0
    for condition in conditions:
        field = condition.get("Field", "")
        if field not in CONFIGS:
            raise ValidationError(
                f"Condition field '{field[:64]}' must be one of [{', '.join(CONFIGS)}]"
            )
        if field in ONCE and field in seen:
            raise ValidationError(f"A rule can only have one '{field}' condition")
        seen.add(field)
        values = _values(field, condition)
        _check_field(field, condition, values)
        texts = _texts(field, values)
        for text in texts:
            if len(text) > MAX_VALUE_LENGTH:
                raise ValidationError(
                    f"Condition value '{text[:40]}...' is longer than {MAX_VALUE_LENGTH}"
                )
        if field != "source-ip" and field != "http-request-method":
            wildcards += sum(text.count("*") + text.count("?") for text in texts)
        total += len(values)
        result.append(answered(field, condition, values))
    if total > MAX_VALUES_PER_RULE:
        raise ValidationError(f"A rule can only have '{MAX_VALUES_PER_RULE}' condition values")
    if wildcards > MAX_WILDCARDS_PER_RULE:
        raise ValidationError(
            f"A rule can only have '{MAX_WILDCARDS_PER_RULE}' wildcards in its conditions"
        )
    return result
