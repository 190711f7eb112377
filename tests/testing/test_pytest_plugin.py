"""The pytest plugin, run the way a user's suite runs it (pytest's own `pytester`): fixtures
give each test a fresh simulation and clients, the marker chooses the seed, and a test that
fails while a service is short of its goal is shown the service's events and placement's why."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PLUGIN = "ecslearn.testing.pytest_plugin"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A user's project: the deploy script beside its tests; ecslearn's plugin loaded by name
    (pytest's entry-point loading off, so the result is the same with ecslearn installed or not)."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.syspath_prepend(str(ROOT))
    # The suite runs in a subprocess: it finds the repository's `tests` package (the deploy
    # script) through PYTHONPATH, whatever the caller's environment.
    paths = [str(ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    pytester.makeconftest("")
    return pytester


def run(suite: pytest.Pytester, *args: str) -> pytest.RunResult:
    return suite.runpytest_subprocess("-p", PLUGIN, "-p", "no:cacheprovider", *args)


def test_each_test_gets_a_fresh_simulation_and_clients_answered_by_it(
    suite: pytest.Pytester,
) -> None:
    suite.makepyfile(
        test_user="""
        import boto3

        def test_first(ecs_sim, ecs_client):
            ecs_client.create_cluster(clusterName="prod")
            assert len(ecs_sim.region_state().clusters) == 1

        def test_second(ecs_sim, ec2_client, aws_client):
            assert ecs_sim.region_state().clusters == {}
            assert ec2_client.describe_instances()["Reservations"] == []
            assert aws_client("ecr").describe_repositories()["repositories"] == []
            assert boto3.client("ecs").list_clusters()["clusterArns"] == []
        """
    )
    run(suite).assert_outcomes(passed=2)


def test_the_marker_chooses_the_seed_and_is_registered(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        test_seeded="""
        import pytest

        @pytest.mark.ecslearn_seed(42)
        def test_seeded(ecs_sim):
            assert ecs_sim.seed == 42

        def test_default(ecs_sim):
            assert ecs_sim.seed == 0
        """
    )
    run(suite, "--strict-markers").assert_outcomes(passed=2)
    markers = run(suite, "--markers")
    markers.stdout.fnmatch_lines(["*ecslearn_seed(seed)*"])


def test_a_waiter_in_a_test_takes_simulated_time(suite: pytest.Pytester) -> None:
    suite.makepyfile(
        test_wait="""
        from tests.testing.deploy_script import deploy

        def test_deploy(ecs_sim, ecs_client):
            ecs_client.create_cluster(clusterName="prod")
            ecs_sim.launch_instances("prod", count=2)
            assert deploy("prod", "web", "nginx").result == "deployed"
            assert ecs_sim.now >= 15
        """
    )
    run(suite).assert_outcomes(passed=1)


def test_a_failing_test_is_shown_why_its_service_did_not_reach_its_goal(
    suite: pytest.Pytester,
) -> None:
    suite.makepyfile(
        test_no_room="""
        from tests.testing.deploy_script import deploy

        def test_deploy_big(ecs_sim, ecs_client):
            ecs_client.create_cluster(clusterName="prod")
            ecs_sim.launch_instances("prod", count=1)
            assert deploy("prod", "web", "nginx", memory=6144, max_wait=60).result == "deployed"
        """
    )
    result = run(suite)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*- ecslearn -*",
            "*services short of their goal*",
            "service web in cluster prod (us-east-1): desired 2, running 0, pending 0",
            "*was unable to place a task*",
            "*where one more task would go, and why*",
            "*memory*",
        ]
    )


def test_a_failing_test_with_its_own_mock_aws_gets_the_report_too(
    suite: pytest.Pytester,
) -> None:
    suite.makepyfile(
        test_own="""
        import boto3
        from ecslearn import mock_aws

        @mock_aws()
        def test_wants_three():
            ecs = boto3.client("ecs")
            ecs.create_cluster(clusterName="prod")
            ecs.register_task_definition(
                family="web",
                containerDefinitions=[{"name": "a", "image": "nginx", "memory": 128}],
            )
            ecs.create_service(
                cluster="prod", serviceName="web", taskDefinition="web", desiredCount=3
            )
            assert False, "no instances: nothing can run"

        def test_passing_has_no_report(ecs_sim):
            pass
        """
    )
    result = run(suite, "-rA")
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["*service web in cluster prod*desired 3, running 0*"])
    assert result.stdout.str().count("services short of their goal") == 1


def test_the_plugin_is_declared_as_a_pytest11_entry_point() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    section = pyproject.split("[project.entry-points.pytest11]\n", 1)[1]
    assert section.splitlines()[0] == f'ecslearn = "{PLUGIN}"'
    plugin = importlib.import_module(PLUGIN)
    assert callable(plugin.pytest_runtest_makereport)
