"""ECR on a real registry: push a local image, run a task from its ECR URI on a Docker instance.

Needs a Docker engine and Debian's ``docker-registry`` (started on loopback by `.ci/run`, or here
by `ecslearn.local_registry.start`); skipped with a one-line reason without them, except in CI.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn import local_registry as registry
from ecslearn.image_push import push
from ecslearn.local_registry import local_name
from tests.agents.helpers import describe, get

pytestmark = pytest.mark.docker


@pytest.fixture(scope="module")
def local_registry(engine: Any) -> str:
    try:
        return registry.start()
    except registry.RegistryUnavailable as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {missing}")
        pytest.skip(f"ecslearn's ECR {registry.HINT}")


@pytest.fixture
def repository(sim: Simulation, engine: Any, local_registry: str) -> Iterator[str]:
    """A fresh repository (a new name each time: the registry outlives the tests); the local
    tags its pushes and pulls made are removed afterwards."""
    name = f"test-{secrets.token_hex(4)}/web"
    created = sim.client("ecr").create_repository(
        repositoryName=name, imageTagMutability="IMMUTABLE"
    )
    yield created["repository"]["repositoryUri"]
    forget_local_copies(engine, name, local_registry)
    assert not engine.images.list(name=local_name(name, local_registry))


def registry_tags(name: str, where: str) -> list[str]:
    with urllib.request.urlopen(f"http://{where}/v2/{name}/tags/list", timeout=5) as reply:
        return json.load(reply)["tags"] or []


def forget_local_copies(engine: Any, name: str, where: str) -> None:
    """Untag the pushed name locally, so the agent must pull it from the registry."""
    import docker.errors

    for image in engine.images.list(name=local_name(name, where)):
        references = [*image.tags, *image.attrs.get("RepoDigests", [])]
        for reference in references:
            if reference.startswith(local_name(name, where)):
                with contextlib.suppress(docker.errors.ImageNotFound):
                    engine.images.remove(reference)


def test_a_pushed_image_runs_from_its_ecr_uri(sim, engine, repository, local_registry) -> None:
    name = repository.split("/", 1)[1]
    detail = push(sim, "ecslearn/web:1", repository + ":v1", client=engine)
    assert registry_tags(name, local_registry) == ["v1"]
    described = sim.client("ecr").describe_images(repositoryName=name)["imageDetails"]
    assert [(d["imageDigest"], d["imageTags"]) for d in described] == [
        (detail["imageDigest"], ["v1"])
    ]
    assert described[0]["imageSizeInBytes"] > 0
    forget_local_copies(engine, name, local_registry)

    ecs = sim.client()
    ecs.register_task_definition(
        family="from-ecr",
        containerDefinitions=[
            {
                "name": "web",
                "image": repository + ":v1",
                "memory": 32,
                "portMappings": [{"containerPort": 80}],
            }
        ],
    )
    arn = ecs.run_task(cluster="lab", taskDefinition="from-ecr")["tasks"][0]["taskArn"]
    sim.run_until_stable(30)
    task = describe(ecs, arn)
    assert task["lastStatus"] == "RUNNING", task["containers"][0].get("reason")
    container = task["containers"][0]
    assert container["imageDigest"] == detail["imageDigest"]
    assert get(container["networkBindings"][0]["hostPort"]) == arn.rsplit("/", 1)[-1]
    inspected = engine.api.inspect_container(container["runtimeId"])
    assert (
        inspected["Config"]["Image"]
        == f"{local_name(name, local_registry)}@{detail['imageDigest']}"
    )


def test_an_immutable_tag_refuses_a_second_push(sim, engine, repository, local_registry) -> None:
    name = repository.split("/", 1)[1]
    first = push(sim, "ecslearn/web:1", repository + ":v1", client=engine)
    ecr = sim.client("ecr")
    from ecslearn.errors import ImageTagAlreadyExistsException

    with pytest.raises(ImageTagAlreadyExistsException, match="cannot be overwritten"):
        push(sim, "ecslearn/worker:1", repository + ":v1", client=engine)
    described = ecr.describe_images(repositoryName=name)["imageDetails"]
    assert [d["imageDigest"] for d in described] == [first["imageDigest"]]
    # the refusal came before any bytes moved: the registry's v1 is still the first image
    manifest = registry.manifest(name, "v1", local_registry)
    from ecslearn.services.ecr.rules import manifest_digest

    assert manifest_digest(manifest.decode()) == first["imageDigest"]
    # the same image to the same tag again is harmless, as with docker push
    assert push(sim, "ecslearn/web:1", repository + ":v1", client=engine) == first


def test_a_push_to_a_missing_repository_is_refused(sim, engine, local_registry) -> None:
    from ecslearn.errors import RepositoryNotFoundException

    uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/nowhere"
    with pytest.raises(RepositoryNotFoundException, match="does not exist"):
        push(sim, "ecslearn/web:1", uri + ":v1", client=engine)


def test_an_unknown_local_image_says_how_to_build_it(sim, engine, repository) -> None:
    from ecslearn.errors import InvalidParameterException

    with pytest.raises(InvalidParameterException, match="ecslearn images build"):
        push(sim, "ecslearn/none:9", repository + ":v1", client=engine)
