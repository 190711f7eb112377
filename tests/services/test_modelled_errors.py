"""Every error code an operation can answer is one its botocore model lists for it, or one of its
service's common errors (`tests.services.modelled`): so a client catching what AWS documents
for that operation catches everything ecslearn sends.

What an operation can raise is read from the source (`raise_sites`, which errs towards too many)
for every implemented operation, and confirmed by driving each one with requests drawn from its
input shape (here, and with the mutated ECS examples of tests/control/test_every_operation.py):
every code seen must be one the reading found, or the reading missed a raise site. Operations
ecslearn does not simulate are called once each.
"""

from __future__ import annotations

import pickle
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecslearn import Simulation
from ecslearn.control.shapes import operation_model, service_model
from ecslearn.errors import EcsError
from ecslearn.services import SIMULATED, simulated_services
from ecslearn.services.ecs import tags
from ecslearn.services.handlers import OPERATIONS
from tests.control.examples import CLUSTER, prepared_world
from tests.services.modelled import allowed_codes, static_errors
from tests.services.raise_sites import raised_by
from tests.services.shaped import structure

simulated_services()
IMPLEMENTED = sorted(OPERATIONS)


@pytest.mark.parametrize(("service", "operation"), IMPLEMENTED)
def test_every_code_an_operation_can_raise_is_among_its_modelled_or_common_errors(
    service: str, operation: str
) -> None:
    allowed = allowed_codes(service, operation)
    outside = {
        code: sorted(sites)
        for code, sites in static_errors(service, operation).items()
        if code not in allowed
    }
    assert not outside, f"{service} {operation} can answer codes it does not model: {outside}"


def test_operations_not_simulated_answer_an_error_their_model_lists() -> None:
    sim = Simulation()
    wrong = []
    for service in SIMULATED:
        for operation in service_model(service).operation_names:
            if (service, operation) in OPERATIONS:
                continue
            with pytest.raises(EcsError) as refused:
                sim.world.dispatcher.call(service, operation, {}, "us-east-1")
            if refused.value.code not in allowed_codes(service, operation):
                wrong.append(f"{service} {operation}: {refused.value.code}")
            assert "does not simulate it" in refused.value.message
    assert not wrong, wrong


# -- the reading itself -------------------------------------------------------------------------
def test_the_reading_follows_helpers_and_untyped_methods() -> None:
    codes = static_errors("ecs", "CreateService")
    assert "ClusterNotFoundException" in codes  # ctx.state.cluster(...): a method, untyped
    assert "UnsupportedFeatureException" in codes  # checks.service(...): a module's function
    # RegisterTaskDefinition's container errors are built by a helper and raised by its caller
    assert any(
        "container_wiring" in s
        for s in static_errors("ecs", "RegisterTaskDefinition")["ClientException"]
    )


def test_the_reading_takes_away_what_a_try_catches() -> None:
    assert "ResourceNotFoundException" in {c.code for c in raised_by(tags._taggable)}
    assert "ResourceNotFoundException" not in static_errors("ecs", "ListTagsForResource")


# -- confirmed by driving each operation ----------------------------------------------------------
@cache
def _prepared() -> bytes:
    """The prepared ECS world with an ECR repository and a scalable target, pickled: each
    example starts from a fresh copy in milliseconds."""
    sim, _ = prepared_world()
    sim.client("ecr").create_repository(repositoryName="web")
    sim.client("application-autoscaling").register_scalable_target(
        ServiceNamespace="ecs",
        ResourceId=f"service/{CLUSTER}/api",
        ScalableDimension="ecs:service:DesiredCount",
        MinCapacity=1,
        MaxCapacity=4,
    )
    return pickle.dumps(sim)


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_every_code_seen_was_found_by_the_reading_and_is_modelled(data) -> None:
    service, operation = data.draw(st.sampled_from(IMPLEMENTED), label="operation")
    request = data.draw(structure(operation_model(service, operation).input_shape))
    try:
        pickle.loads(_prepared()).world.dispatcher.call(service, operation, request, "us-east-1")
    except EcsError as error:
        assert error.code in static_errors(service, operation), (
            f"{service} {operation} answered {error.code} ({error.message}), which the reading "
            "of the source did not find: a raise site it misses"
        )
        assert error.code in allowed_codes(service, operation)
