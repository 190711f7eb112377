"""Checks the exports must pass: botocore's parameter validation, Compose's own `config`, and
Kubernetes' OpenAPI schemas."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from botocore.validate import ParamValidator

from ecslearn.control.shapes import operation_model
from ecslearn.export import compose
from ecslearn.model.task_definition import TaskDefinition

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures" / "task_definitions").glob("*.json"))


def fixture_definition(path: Path) -> TaskDefinition:
    return TaskDefinition.from_json(json.loads(path.read_text()))


def botocore_problems(params: dict[str, Any], operation: str) -> str:
    """What botocore's own validation says about a request; empty when it is valid."""
    shape = operation_model("ecs", operation).input_shape
    report = ParamValidator().validate(params, shape)
    return report.generate_report() if report.has_errors() else ""


def kubernetes_problems(manifest: dict[str, Any]) -> str:
    import kubernetes_validate

    try:
        kubernetes_validate.validate(manifest, kubernetes_validate.latest_version(), strict=True)
    except kubernetes_validate.ValidationError as error:
        return str(error).splitlines()[0]
    return ""


@pytest.fixture
def compose_config(tmp_path: Path):
    """Run `docker-compose config` on a Compose dict (required in CI, skipped elsewhere)."""
    tool = shutil.which("docker-compose")
    if tool is None:
        if os.environ.get("CI") == "true":
            pytest.fail("docker-compose is not installed: apt-get install docker-compose")
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")

    def check(data: dict[str, Any]) -> str:
        path = tmp_path / "compose.yaml"
        path.write_text(compose.to_yaml(data))
        result = subprocess.run(
            [tool, "-f", str(path), "config", "-q"], capture_output=True, text=True, timeout=60
        )
        return "" if result.returncode == 0 else result.stderr

    return check
