"""The lessons' panels: an error is shown with the name of whoever refused it."""

from __future__ import annotations

import pytest

from ecslearn import Simulation
from ecslearn.lessons import ecs_error


@pytest.mark.parametrize(
    ("service", "call", "heading", "code"),
    [
        ("ecs", lambda c: c.delete_cluster(cluster="nope"), "ECS refused", "ClusterNotFound"),
        ("ecr", lambda c: c.describe_images(repositoryName="nope"), "ECR refused", "Repository"),
        (
            "ecr",
            lambda c: c.describe_images(repositoryName="x"),
            "boto3 refused the request before sending it",
            "ParamValidationError",
        ),
    ],
)
def test_the_panel_names_who_refused(service, call, heading, code) -> None:
    client = Simulation(seed=0).client(service)
    with ecs_error("en") as caught:
        call(client)
    assert caught[0].text().startswith(heading)
    assert caught[0].code.startswith(code)


def test_the_panel_speaks_korean() -> None:
    with ecs_error("ko") as caught:
        Simulation(seed=0).client("ecr").describe_images(repositoryName="nope")
    assert caught[0].text().startswith("ECR이 요청을 거부했습니다")


def test_anything_else_is_not_swallowed() -> None:
    with pytest.raises(ZeroDivisionError), ecs_error("en"):
        1 / 0  # noqa: B018
