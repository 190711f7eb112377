"""What several operations share."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def describe_each(
    references: Iterable[str],
    find: Callable[[str], T | None],
    render: Callable[[T], dict[str, Any]],
    missing_arn: Callable[[str], str] = lambda reference: reference,
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """ECS's Describe* answer: what was found, and a MISSING failure for each reference not."""
    found, failures = [], []
    for reference in references:
        item = find(reference)
        if item is None:
            failures.append({"arn": missing_arn(reference), "reason": "MISSING"})
        else:
            found.append(render(item))
    return found, failures
