"""ecslearn's pytest plugin, loaded through the ``pytest11`` entry point named ``ecslearn``
(``-p no:ecslearn`` turns it off).

- ``ecs_sim``: a fresh `Simulation` per test, inside `ecslearn.mock_aws`: every boto3 client
  the test or the code under test makes is answered by it, and ``time.sleep`` (botocore's
  waiters included) advances its clock. ``@pytest.mark.ecslearn_seed(7)`` chooses its seed
  (default 0).
- ``ecs_client``, ``ec2_client``, ``elbv2_client``, ``autoscaling_client``, ``logs_client``,
  ``cloudwatch_client``: plain ``boto3.client(...)`` clients made inside it, and
  ``aws_client("ecr")`` for any other simulated service.
- When a test fails while a service of a simulation it used (the fixture's, or any
  ``mock_aws`` it entered) is short of its goal, the report gets a section "ecslearn" with the
  service's deployments, its newest events and where placement would put one more task, and why
  (`ecslearn.testing.failure_report`).

The module imports nothing of ecslearn until a fixture or a failure needs it: pytest loads it
in every run in an environment where ecslearn is installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

MARKER = "ecslearn_seed"
#: Simulations entered during the running test (by the fixture or by `mock_aws` itself).
_SEEN: list[Any] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(seed): the seed of the test's ecs_sim simulation (ecslearn)"
    )


def remember(sim: Any) -> None:
    """`mock_aws` tells the plugin of each simulation it enters (without importing it)."""
    if all(seen is not sim for seen in _SEEN):
        _SEEN.append(sim)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _SEEN.clear()


@pytest.fixture
def ecs_sim(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh simulation for this test, with every boto3 client answered by it."""
    from ecslearn.testing import mocking

    marker = request.node.get_closest_marker(MARKER)
    seed = 0
    if marker is not None:
        if len(marker.args) != 1 or not isinstance(marker.args[0], int):
            raise pytest.UsageError(f"@pytest.mark.{MARKER} takes one int, the seed")
        seed = marker.args[0]
    with mocking.mock_aws(seed=seed) as sim:
        yield sim


@pytest.fixture
def aws_client(ecs_sim: Any) -> Callable[..., Any]:
    """``aws_client("ecr")``: a boto3 client for a simulated service, answered by ``ecs_sim``."""
    import boto3

    return lambda service, **kwargs: boto3.client(service, **kwargs)


def _client_fixture(service: str) -> Any:
    def fixture(aws_client: Callable[..., Any]) -> Any:
        return aws_client(service)

    fixture.__name__ = f"{service}_client"
    fixture.__doc__ = f"A boto3 {service} client answered by ``ecs_sim``."
    return pytest.fixture(name=f"{service}_client")(fixture)


ecs_client = _client_fixture("ecs")
ec2_client = _client_fixture("ec2")
elbv2_client = _client_fixture("elbv2")
autoscaling_client = _client_fixture("autoscaling")
logs_client = _client_fixture("logs")
cloudwatch_client = _client_fixture("cloudwatch")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or not _SEEN:
        return
    from ecslearn.testing.failure_report import failure_report

    for sim in _SEEN:
        try:
            text = failure_report(sim)
        except Exception as error:  # never hide the test's own failure
            text = f"(ecslearn could not describe the simulation: {error!r})"
        if text:
            report.sections.append(("ecslearn", text))
