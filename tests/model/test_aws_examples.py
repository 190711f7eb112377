"""Task definitions copied from the AWS documentation register and describe as they do on ECS.

Every JSON file in ``tests/fixtures/task_definitions/`` is a RegisterTaskDefinition request body
taken from the Amazon ECS Developer Guide (or the AWS sample repository it links to); where each
one comes from is listed in ``SOURCES.md`` beside them. The docs' examples register on real ECS,
so each one must register here too, and DescribeTaskDefinition must give back everything that
was sent.

"Everything that was sent" is a deep-subset check: every key and value of the request appears in
the response, and lists match element by element, in order and of the same length. The response
may hold more (the defaults ECS fills in, the ARN, ``registeredAt`` and the other output-only
members), and only these normalisations, which ECS itself makes, are allowed:

* a task-level ``cpu`` or ``memory`` written with units ("1 vCPU", ".25 vcpu", "2GB", ".5 gb")
  comes back as the plain number of CPU units or MiB, as a string ("1024", "256", "2048", "512");
* timestamps are not compared: the request has none, and the check is driven by the request.

An example that ecslearn refuses, or gives back changed, is a bug in ecslearn. It is listed in
``KNOWN_BUGS`` with what ecslearn gets wrong, and marked ``xfail(strict=True)`` so that the mark
has to go once the bug is fixed.

The ``ecs`` fixture (tests/conftest.py) is the boto3 client of ``Simulation(seed=0, strict=True)``,
a fresh simulation for every test.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "task_definitions"
FIXTURE_PATHS = sorted(FIXTURES_DIR.glob("*.json"))
SOURCES = FIXTURES_DIR / "SOURCES.md"

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"

#: Examples from the AWS docs that ecslearn gets wrong: file name -> what ecslearn does wrong.
KNOWN_BUGS: dict[str, str] = {}

#: What ECS adds to every container definition it accepts, even when the request leaves it out.
CONTAINER_DEFAULTS = (
    "essential",
    "cpu",
    "portMappings",
    "environment",
    "mountPoints",
    "volumesFrom",
)


def _case(path: Path) -> Any:
    reason = KNOWN_BUGS.get(path.name)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(path, id=path.stem, marks=marks)


EXAMPLES = [_case(path) for path in FIXTURE_PATHS]


def _load(path: Path) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(path.read_text())
    return body


def _with_health_checks(paths: list[Path]) -> list[Any]:
    return [
        _case(path)
        for path in paths
        if any("healthCheck" in c for c in _load(path)["containerDefinitions"])
    ]


def in_units(value: str, unit: str) -> str:
    """ECS's normalisation of a task-level size: '.25 vCPU' -> '256', '2GB' -> '2048'.

    Written here rather than borrowed from ecslearn, so that the test does not trust the code it
    is checking.
    """
    text = value.strip().lower()
    if text.endswith(unit):
        return str(int(Decimal(text[: -len(unit)].strip()) * 1024))
    return str(int(text))


def as_ecs_stores_it(body: dict[str, Any]) -> dict[str, Any]:
    """The request with the normalisations ECS makes on registration applied."""
    expected = copy.deepcopy(body)
    if "cpu" in expected:
        expected["cpu"] = in_units(expected["cpu"], "vcpu")
    if "memory" in expected:
        expected["memory"] = in_units(expected["memory"], "gb")
    return expected


def deep_subset_problems(sent: Any, got: Any, path: str = "taskDefinition") -> list[str]:
    """Where `got` fails to contain `sent`: dict keys recursively, lists element-wise in order."""
    if isinstance(sent, dict):
        if not isinstance(got, dict):
            return [f"{path}: sent an object, got {got!r}"]
        problems: list[str] = []
        for key, value in sent.items():
            if key not in got:
                problems.append(f"{path}.{key}: sent {value!r}, missing from the response")
            else:
                problems.extend(deep_subset_problems(value, got[key], f"{path}.{key}"))
        return problems
    if isinstance(sent, list):
        if not isinstance(got, list) or len(got) != len(sent):
            return [f"{path}: sent {sent!r}, got {got!r}"]
        problems = []
        for index, (item_sent, item_got) in enumerate(zip(sent, got, strict=True)):
            problems.extend(deep_subset_problems(item_sent, item_got, f"{path}[{index}]"))
        return problems
    if type(sent) is not type(got) or sent != got:
        return [f"{path}: sent {sent!r}, got {got!r}"]
    return []


def register_and_describe(ecs: Any, body: dict[str, Any]) -> dict[str, Any]:
    ecs.register_task_definition(**body)
    described: dict[str, Any] = ecs.describe_task_definition(taskDefinition=body["family"])
    return described["taskDefinition"]


def task_definition_arn(family: str, revision: int) -> str:
    return f"arn:aws:ecs:{REGION}:{ACCOUNT_ID}:task-definition/{family}:{revision}"


def test_the_fixture_folder_holds_at_least_ten_aws_examples_each_with_a_source() -> None:
    assert len(FIXTURE_PATHS) >= 10
    sources = SOURCES.read_text()
    assert [p.name for p in FIXTURE_PATHS if f"`{p.name}`" not in sources] == []


def test_the_deep_subset_check_spots_a_changed_missing_or_reordered_value() -> None:
    sent = {"a": [{"b": 1}, {"c": True}], "d": "x"}
    assert deep_subset_problems(sent, {**sent, "extra": 1}) == []
    assert deep_subset_problems(sent, {"a": [{"b": 1}, {"c": 1}], "d": "x"}) != []
    assert deep_subset_problems(sent, {"a": [{"c": True}, {"b": 1}], "d": "x"}) != []
    assert deep_subset_problems(sent, {"a": [{"b": 1}, {"c": True}]}) != []


def test_task_sizes_with_units_are_normalised_to_cpu_units_and_mib() -> None:
    assert in_units("1 vCPU", "vcpu") == "1024"
    assert in_units(".25 vcpu", "vcpu") == "256"
    assert in_units("2GB", "gb") == "2048"
    assert in_units(".5 gb", "gb") == "512"
    assert in_units("512", "gb") == "512"


@pytest.mark.parametrize("path", EXAMPLES)
def test_describe_gives_back_everything_the_aws_example_registered(ecs: Any, path: Path) -> None:
    body = _load(path)
    described = register_and_describe(ecs, body)
    assert deep_subset_problems(as_ecs_stores_it(body), described) == []


@pytest.mark.parametrize("path", EXAMPLES)
def test_a_new_family_starts_at_revision_one_and_registering_again_makes_revision_two(
    ecs: Any, path: Path
) -> None:
    body = _load(path)
    first = ecs.register_task_definition(**body)["taskDefinition"]
    second = ecs.register_task_definition(**body)["taskDefinition"]
    assert (first["revision"], second["revision"]) == (1, 2)
    latest = ecs.describe_task_definition(taskDefinition=body["family"])["taskDefinition"]
    assert latest["revision"] == 2
    earlier = ecs.describe_task_definition(taskDefinition=f"{body['family']}:1")["taskDefinition"]
    assert earlier["revision"] == 1


@pytest.mark.parametrize("path", EXAMPLES)
def test_a_registered_definition_is_active_under_an_arn_naming_its_family_and_revision(
    ecs: Any, path: Path
) -> None:
    body = _load(path)
    described = register_and_describe(ecs, body)
    assert described["status"] == "ACTIVE"
    assert described["family"] == body["family"]
    assert described["taskDefinitionArn"] == task_definition_arn(body["family"], 1)
    pattern = r"arn:aws:ecs:[a-z0-9-]+:\d{12}:task-definition/[A-Za-z0-9_-]{1,255}:[1-9]\d*"
    assert re.fullmatch(pattern, described["taskDefinitionArn"])
    again = ecs.register_task_definition(**body)["taskDefinition"]
    assert again["taskDefinitionArn"] == task_definition_arn(body["family"], 2)


@pytest.mark.parametrize("path", EXAMPLES)
def test_registration_is_timestamped_and_boto3_parses_it_to_a_datetime(
    ecs: Any, path: Path
) -> None:
    described = register_and_describe(ecs, _load(path))
    assert isinstance(described["registeredAt"], datetime.datetime)
    assert described["registeredAt"].tzinfo is not None


@pytest.mark.parametrize("path", EXAMPLES)
def test_ecs_fills_in_every_container_default_and_the_network_mode(ecs: Any, path: Path) -> None:
    body = _load(path)
    described = register_and_describe(ecs, body)
    assert described["networkMode"] == body.get("networkMode", "bridge")
    for container in described["containerDefinitions"]:
        missing = [key for key in CONTAINER_DEFAULTS if key not in container]
        assert missing == [], f"container {container['name']!r} lacks {missing}"


@pytest.mark.parametrize("path", EXAMPLES)
def test_every_port_mapping_comes_back_with_a_protocol(ecs: Any, path: Path) -> None:
    described = register_and_describe(ecs, _load(path))
    for container in described["containerDefinitions"]:
        for mapping in container["portMappings"]:
            assert mapping["protocol"] in ("tcp", "udp")


@pytest.mark.parametrize("path", _with_health_checks(FIXTURE_PATHS))
def test_a_health_check_keeps_its_command_and_has_every_timing_set(ecs: Any, path: Path) -> None:
    body = _load(path)
    described = register_and_describe(ecs, body)
    for sent, got in zip(
        body["containerDefinitions"], described["containerDefinitions"], strict=True
    ):
        if "healthCheck" not in sent:
            continue
        assert got["healthCheck"]["command"] == sent["healthCheck"]["command"]
        assert {"interval", "timeout", "retries"} <= got["healthCheck"].keys()
