"""What `mock_aws` promises about everything around the simulation: nothing reaches the
network, a service it does not simulate is refused by name, and the clock, the environment and
botocore are exactly as they were once it is left."""

from __future__ import annotations

import os
import socket
import threading
import time
import unittest
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.endpoint
import botocore.session
import pytest

from ecslearn import Simulation, mock_aws
from ecslearn.testing import UnsimulatedServiceError, current_simulation, mocking


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every socket connection attempt is recorded and refused."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise AssertionError(f"a connection to {address} was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    yield attempts


def test_a_client_for_a_service_ecslearn_does_not_simulate_is_refused_by_name(
    no_network: list[Any],
) -> None:
    with mock_aws():
        with pytest.raises(UnsimulatedServiceError, match="'s3'") as refused:
            boto3.client("s3")
        assert "nothing goes to the real AWS" in str(refused.value)
        with pytest.raises(UnsimulatedServiceError, match="'dynamodb'"):
            boto3.resource("dynamodb")
        with pytest.raises(UnsimulatedServiceError, match="'sqs'"):
            boto3.Session(region_name="eu-west-1").client("sqs")
    assert no_network == []


def test_a_client_made_before_the_mock_is_answered_by_it_too(no_network: list[Any]) -> None:
    early = boto3.Session(
        aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1"
    ).client("ecs")
    with mock_aws() as sim:
        early.create_cluster(clusterName="made-early")
        assert "made-early" in {c.cluster_name for c in sim.region_state().clusters.values()}
    assert no_network == []


def test_a_request_made_before_the_mock_for_another_service_never_leaves(
    no_network: list[Any],
) -> None:
    early = boto3.Session(
        aws_access_key_id="a", aws_secret_access_key="b", region_name="us-east-1"
    ).client("sqs")
    with mock_aws(), pytest.raises(UnsimulatedServiceError, match="'sqs'"):
        early.list_queues()
    assert no_network == []


def test_every_simulated_service_is_answered_with_no_socket(no_network: list[Any]) -> None:
    with mock_aws() as sim:
        assert boto3.client("sts").get_caller_identity()["Account"] == "123456789012"
        assert boto3.client("ec2").describe_instances()["Reservations"] == []
        assert boto3.client("elbv2").describe_load_balancers()["LoadBalancers"] == []
        assert boto3.client("logs").describe_log_groups()["logGroups"] == []
        assert current_simulation() is sim
    assert no_network == []


def test_botocore_is_exactly_as_it_was_once_the_mock_is_left() -> None:
    create = botocore.session.Session.__dict__["create_client"]
    send = botocore.endpoint.Endpoint.__dict__["_send"]
    with mock_aws(), mock_aws():
        assert botocore.session.Session.__dict__["create_client"] is not create
    assert botocore.session.Session.__dict__["create_client"] is create
    assert botocore.endpoint.Endpoint.__dict__["_send"] is send


def test_the_innermost_mock_answers(no_network: list[Any]) -> None:
    with mock_aws(seed=1) as outer:
        with mock_aws(seed=2) as inner:
            boto3.client("ecs").create_cluster(clusterName="inner")
        boto3.client("ecs").create_cluster(clusterName="outer")
    assert [c.cluster_name for c in inner.region_state().clusters.values()] == ["inner"]
    assert [c.cluster_name for c in outer.region_state().clusters.values()] == ["outer"]


def test_fake_credentials_and_region_are_set_only_when_there_are_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setattr(mocking, "_CONFIG_READER", [])  # read the (empty) config file afresh
    with mock_aws() as sim:
        assert os.environ["AWS_ACCESS_KEY_ID"] == "ecslearn"
        assert sim.region == "eu-west-1"  # the configured region is kept
        assert boto3.client("ecs").meta.region_name == "eu-west-1"
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    assert "AWS_SECRET_ACCESS_KEY" not in os.environ
    assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"

    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "mine")
    with mock_aws() as sim:
        assert os.environ["AWS_ACCESS_KEY_ID"] == "mine"
        assert os.environ["AWS_DEFAULT_REGION"] == sim.region == "us-east-1"
    assert os.environ["AWS_ACCESS_KEY_ID"] == "mine"
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_sleeping_advances_the_simulated_clock_and_the_time_functions_follow_it() -> None:
    real_sleep, real_time, real_monotonic = time.sleep, time.time, time.monotonic
    with mock_aws() as sim:
        wall_before = real_time()
        started = time.monotonic()
        time.sleep(600)
        assert sim.now == 600
        assert time.monotonic() - started >= 600
        assert time.time() - wall_before >= 600
        assert real_time() - wall_before < 600  # the wall clock did not move that far
        with pytest.raises(ValueError):
            time.sleep(-1)
    assert (time.sleep, time.time, time.monotonic) == (real_sleep, real_time, real_monotonic)


def test_a_polling_loop_with_a_deadline_ends_in_simulated_time() -> None:
    with mock_aws() as sim:
        deadline = time.monotonic() + 300
        polls = 0
        while time.monotonic() < deadline:
            polls += 1
            time.sleep(10)
        assert polls == 30
        assert sim.now == 300


def test_other_threads_keep_the_wall_clock() -> None:
    seen: dict[str, float] = {}

    def other() -> None:
        before = time.monotonic()
        time.sleep(0.01)  # a real, short sleep
        seen["slept"] = time.monotonic() - before

    with mock_aws() as sim:
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert sim.now == 0
    assert 0.01 <= seen["slept"] < 60


def test_without_virtual_time_sleep_is_the_wall_clocks() -> None:
    with mock_aws(virtual_time=False) as sim:
        time.sleep(0.001)
        assert sim.now == 0


@mock_aws(seed=5)
def decorated() -> Simulation:
    boto3.client("ecs").create_cluster(clusterName="c")
    return current_simulation()


def test_a_decorated_function_gets_a_fresh_simulation_on_every_call() -> None:
    first, second = decorated(), decorated()
    assert first is not second
    assert first.seed == second.seed == 5
    assert len(second.region_state().clusters) == 1


@mock_aws()
class DecoratedCase(unittest.TestCase):
    def setUp(self) -> None:
        boto3.client("ecs").create_cluster(clusterName="from-setup")

    def test_sees_what_set_up_made(self) -> None:
        names = [c.cluster_name for c in current_simulation().region_state().clusters.values()]
        assert names == ["from-setup"]


def test_a_decorated_test_case_runs_set_up_and_the_test_in_one_simulation() -> None:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(DecoratedCase).run(result)
    assert result.wasSuccessful(), result.failures + result.errors


@mock_aws()
class TestDecoratedPlainClass:
    def test_each_method_has_its_own_simulation(self) -> None:
        assert current_simulation().region_state().clusters == {}
        boto3.client("ecs").create_cluster(clusterName="mine")

    def test_and_so_does_this_one(self) -> None:
        assert current_simulation().region_state().clusters == {}
        boto3.client("ecs").create_cluster(clusterName="mine")
