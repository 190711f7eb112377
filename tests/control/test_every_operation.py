"""Every implemented operation answers in ECS's shape, and no input, however wrong, gets
anything back but an ECS error, with the world left exactly as it was."""

from __future__ import annotations

import copy
import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecslearn.errors import EcsError
from tests.control.examples import prepared_world
from tests.fuzz.shapes import paths
from tests.services.modelled import allowed_codes, static_errors

SIM, EXAMPLES = prepared_world()
OPERATIONS = sorted(EXAMPLES)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "",
            "web",
            "web:1",
            "web:0",
            "arn:aws:ecs:us-east-1:123456789012:cluster/web",
            "arn:aws:ecs:us-east-1:123456789012:task-definition/web:99",
            "arn:aws:iam::123456789012:role/x",
            "x" * 3000,
            "DRAINING",
            "ALL",
            "CMD-SHELL",
            "0" * 32,
            "{}",
        ]
    )
    | st.sampled_from([0, -1, 1, 5, 6, 11, 65536, 2**31, 10**20])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(string.ascii_letters, max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def mutate(request: dict, data: st.DataObject) -> dict:
    request = copy.deepcopy(request)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        where = data.draw(st.sampled_from(paths(request)), label="path")
        if not where:
            continue
        parent = request
        for step in where[:-1]:
            parent = parent[step]
        key = where[-1]
        action = data.draw(st.sampled_from(["replace", "delete", "add", "duplicate"]))
        if action == "replace":
            parent[key] = data.draw(json_values, label="value")
        elif action == "delete":
            del parent[key]
        elif action == "add" and isinstance(parent[key], dict):
            parent[key][data.draw(st.text(max_size=10), label="new key")] = data.draw(json_values)
        elif action == "duplicate" and isinstance(parent[key], list) and parent[key]:
            parent[key].append(copy.deepcopy(parent[key][0]))
    return request


def call_and_check(operation: str, request: Any) -> None:
    sim, _ = prepared_world()
    before = copy.deepcopy(sim.world._regions)
    try:
        sim.world.dispatcher.call("ecs", operation, request, "us-east-1")
    except EcsError as error:
        assert error.message, "an ECS error must say what was wrong"
        assert sim.world._regions == before, f"{operation} failed but changed the world"
        # tests/services/test_modelled_errors.py: a code the operation's model lists (or a
        # common one), and one the reading of the source found
        assert error.code in allowed_codes("ecs", operation), (operation, error.code)
        assert error.code in static_errors("ecs", operation), (operation, error.code)


def test_every_implemented_operation_has_an_example_and_answers_in_shape() -> None:
    assert set(EXAMPLES) == set(SIM.world.dispatcher.implemented("ecs"))
    for operation in OPERATIONS:
        sim, examples = prepared_world()
        response = sim.world.dispatcher.call("ecs", operation, examples[operation], "us-east-1")
        assert isinstance(response, dict)  # the dispatcher has checked it against botocore


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operation=st.sampled_from(OPERATIONS), data=st.data())
def test_mutated_requests_get_an_answer_or_an_ecs_error(operation: str, data) -> None:
    call_and_check(operation, mutate(EXAMPLES[operation], data))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operation=st.sampled_from(OPERATIONS), request=json_values)
def test_random_json_gets_an_answer_or_an_ecs_error(operation: str, request: Any) -> None:
    call_and_check(operation, request if isinstance(request, dict) else {"value": request})
