"""What the CloudFormation export's tests share: cfn-lint's verdict on a template, and the
templates of the worlds in :mod:`cfn_worlds`, each built once per test session."""

from __future__ import annotations

from functools import cache
from typing import Any

from ecslearn import Simulation
from ecslearn.export import cloudformation
from tests.export.cfn_worlds import WORLDS


def lint_findings(body: dict[str, Any]) -> list[str]:
    """cfn-lint's errors and warnings on a template, as written to YAML (informational notes
    are left out). Empty when CloudFormation's resource schemas accept every property."""
    from cfnlint.api import ManualArgs, lint

    matches = lint(cloudformation.to_yaml(body), ManualArgs(regions=["us-east-1"]))
    return [str(m) for m in matches if m.rule.id[0] in "EW"]


@cache
def world_template(name: str) -> dict[str, Any]:
    """The template of world `name`, built once (a world takes seconds of simulated time)."""
    sim = Simulation(seed=3)
    try:
        WORLDS[name](sim)
        return cloudformation.template(sim)
    finally:
        sim.close()


def resources_of(body: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    """Logical id -> resource, for every resource of one type."""
    return {k: r for k, r in body["Resources"].items() if r["Type"] == resource_type}


def only(body: dict[str, Any], resource_type: str) -> tuple[str, dict[str, Any]]:
    """The one resource of a type (logical id, properties)."""
    [(logical, resource)] = resources_of(body, resource_type).items()
    return logical, resource["Properties"]
