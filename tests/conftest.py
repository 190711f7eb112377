"""Shared fixtures: a strict simulation (internal errors propagate) and its boto3 client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from ecslearn import Simulation, set_language
from ecslearn.control.dispatch import CHECK_RESPONSES_VARIABLE
from ecslearn.words import DEFAULT_LANGUAGE

# Every answer ecslearn gives in a test is checked against botocore's output shape: in this
# process, in the notebooks' kernels and in the servers the tests start (they inherit it).
os.environ[CHECK_RESPONSES_VARIABLE] = "1"


@pytest.fixture(autouse=True)
def session_language() -> Iterator[None]:
    """Every test starts in the default session language (English) and leaves it so: a test
    that calls `set_language` changes nothing for the tests after it."""
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)


@pytest.fixture(autouse=True)
def progress_file(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test keeps the learner's progress (what exercise checks and quiz answers record) in a
    file of its own, never in the user's home (`ECSLEARN_PROGRESS`)."""
    path = tmp_path_factory.mktemp("progress") / "progress.json"
    monkeypatch.setenv("ECSLEARN_PROGRESS", str(path))
    return path


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
