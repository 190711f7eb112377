"""Shared fixtures: a strict simulation (internal errors propagate) and its boto3 client."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation


@pytest.fixture
def sim() -> Simulation:
    return Simulation(seed=0, strict=True)


@pytest.fixture
def ecs(sim: Simulation) -> Any:
    return sim.client()


def error_code(excinfo: pytest.ExceptionInfo) -> str:
    """The ECS error code of a botocore ClientError."""
    return excinfo.value.response["Error"]["Code"]


def error_message(excinfo: pytest.ExceptionInfo) -> str:
    return excinfo.value.response["Error"]["Message"]
