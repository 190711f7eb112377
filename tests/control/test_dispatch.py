"""One dispatch path: requests and responses are checked against botocore's ECS model, and
anything a learner gets wrong comes back as an ECS error, never a traceback."""

from __future__ import annotations

import json

import pytest

from ecslearn.control.dispatch import CHECK_RESPONSES_VARIABLE, ResponseShapeError
from ecslearn.control.shapes import service_model
from ecslearn.errors import ALL_ERRORS, COMMON_QUERY_ERRORS
from ecslearn.services import SIMULATED
from ecslearn.services.handlers import OPERATIONS
from tests.services.modelled import JSON_COMMON

TARGET = "AmazonEC2ContainerServiceV20141113."


def http(sim, operation: str, body: bytes | str) -> tuple[int, dict]:
    raw = body.encode() if isinstance(body, str) else body
    return sim.world.dispatcher.handle_http(TARGET + operation, raw, "us-east-1")


def test_an_unimplemented_operation_names_itself_and_what_is_available(ecs) -> None:
    with pytest.raises(ecs.exceptions.UnsupportedFeatureException) as err:
        ecs.list_gateways()
    message = err.value.response["Error"]["Message"]
    assert "ListGateways" in message and "RegisterTaskDefinition" in message


def test_an_unimplemented_operation_answers_an_error_its_model_lists(ecs) -> None:
    # SubmitTaskStateChange (an agent's call) models no UnsupportedFeatureException; every ECS
    # operation models ClientException.
    with pytest.raises(ecs.exceptions.ClientException) as err:
        ecs.submit_task_state_change(cluster="default")
    assert "SubmitTaskStateChange" in err.value.response["Error"]["Message"]


def test_malformed_json_is_a_serialization_error(sim) -> None:
    status, body = http(sim, "ListClusters", "{not json")
    assert status == 400 and body["__type"] == "SerializationException"


def test_a_json_array_body_is_refused(sim) -> None:
    status, body = http(sim, "ListClusters", "[1, 2]")
    assert status == 400 and body["__type"] == "SerializationException"


def test_an_unknown_target_is_refused(sim) -> None:
    status, body = sim.world.dispatcher.handle_http("Nope.ListClusters", b"{}", "us-east-1")
    assert status == 400 and body["__type"] == "UnknownOperationException"
    _, body = http(sim, "MakeCoffee", "{}")
    assert body["__type"] == "UnknownOperationException"


def test_a_huge_body_is_refused_before_parsing(sim) -> None:
    status, body = http(sim, "ListClusters", b"{" + b" " * (2 * 1024 * 1024) + b"}")
    assert status == 413 and "at most" in body["message"]
    assert body["__type"] == "RequestEntityTooLargeException"  # a common error of JSON services


def test_wrong_types_name_the_member(sim) -> None:
    _, body = http(sim, "CreateCluster", json.dumps({"clusterName": 5}))
    assert body["__type"] == "InvalidParameterException"
    assert "request.clusterName must be a string" in body["message"]


def test_enum_values_are_checked_against_the_model(sim) -> None:
    _, body = http(sim, "ListTaskDefinitions", json.dumps({"sort": "SIDEWAYS"}))
    assert body["__type"] == "InvalidParameterException"
    assert "ASC, DESC" in body["message"]


def test_missing_required_members_are_named(sim) -> None:
    _, body = http(sim, "DescribeTaskDefinition", "{}")
    assert "request.taskDefinition is required" in body["message"]


def test_an_empty_body_is_an_empty_request(sim) -> None:
    status, body = http(sim, "ListClusters", "")
    assert status == 200 and body == {"clusterArns": []}


def test_a_response_outside_the_model_is_caught(sim, monkeypatch) -> None:
    monkeypatch.setitem(OPERATIONS, ("ecs", "ListClusters"), lambda ctx, req: {"clusters": 1})
    with pytest.raises(ResponseShapeError):
        sim.call("ListClusters")


def test_outside_strict_mode_the_environment_turns_the_response_check_on(monkeypatch) -> None:
    from ecslearn import Simulation

    monkeypatch.setitem(OPERATIONS, ("ecs", "ListClusters"), lambda ctx, req: {"clusters": 1})
    monkeypatch.setenv(CHECK_RESPONSES_VARIABLE, "1")  # as tests/conftest.py sets it
    status, body = http(Simulation(strict=False), "ListClusters", "{}")
    assert status == 500 and body["__type"] == "ServerException"
    assert "answered outside" in body["message"]


def test_a_learners_session_skips_the_response_check(monkeypatch) -> None:
    """Without strict mode or the variable, the answer goes out as the handler built it (the
    check is ecslearn's assertion about itself; the test suite runs with it on)."""
    from ecslearn import Simulation

    monkeypatch.setitem(OPERATIONS, ("ecs", "ListClusters"), lambda ctx, req: {"clusters": 1})
    monkeypatch.setenv(CHECK_RESPONSES_VARIABLE, "0")
    lenient = Simulation(strict=False)
    assert not lenient.world.dispatcher.check_responses
    assert http(lenient, "ListClusters", "{}") == (200, {"clusters": 1})
    assert Simulation(strict=True).world.dispatcher.check_responses


def test_internal_errors_become_server_exceptions_outside_strict_mode(monkeypatch) -> None:
    from ecslearn import Simulation

    def broken(ctx, request):
        raise RuntimeError("boom")

    lenient = Simulation(strict=False)
    monkeypatch.setitem(OPERATIONS, ("ecs", "ListClusters"), broken)
    status, body = http(lenient, "ListClusters", "{}")
    assert status == 500 and body["__type"] == "ServerException" and "boom" in body["message"]


def test_every_error_is_modelled_by_a_simulated_service_or_is_a_protocol_error() -> None:
    modelled = {s.error_code for name in SIMULATED for s in service_model(name).error_shapes}
    protocol = JSON_COMMON | COMMON_QUERY_ERRORS
    assert {cls.code for cls in ALL_ERRORS} <= modelled | protocol


def test_every_registered_handler_is_a_real_ecs_operation() -> None:
    for service, name in OPERATIONS:
        assert name in service_model(service).operation_names
