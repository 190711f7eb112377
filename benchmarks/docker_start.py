"""Real containers: RunTask to RUNNING on a Docker instance, against a bare ``docker run``.

What ecslearn adds on top of Docker (the API call, placement, the agent's steps, the wall-clock
pacing) is the ratio between the two columns, measured in one run on one machine. The second
row adds a pull from the local registry (an ECR image, by digest) to both sides.

Needs a Docker engine (and, for the second row, a local registry: ``ecslearn registry start``);
without them the table says so instead of timing.
"""

from __future__ import annotations

import contextlib
import secrets
import statistics
import time
from typing import Any

from benchmarks import Table
from ecslearn import Simulation
from ecslearn import local_registry as registry
from ecslearn.agents import docker as docker_agent
from ecslearn.image_push import local_name, push

REPEATS = 5
IMAGE = "ecslearn/web:1"


def _bare_run(client: Any, image: str, pull: str | None = None) -> float:
    """Seconds from `docker pull` (if asked) + `docker run -d` to the container running."""
    started = time.perf_counter()
    if pull:
        client.api.pull(pull.split("@")[0], tag=pull.split("@")[1])
    container = client.containers.run(image, detach=True, labels={"ecslearn.cluster": "bench"})
    while container.status != "running":
        container.reload()
    elapsed = time.perf_counter() - started
    container.remove(force=True)
    return elapsed


def _ecslearn_run(sim: Simulation, family: str) -> float:
    """Seconds from RunTask to DescribeTasks saying RUNNING."""
    ecs = sim.client()
    started = time.perf_counter()
    arn = ecs.run_task(cluster="bench", taskDefinition=family)["tasks"][0]["taskArn"]
    while True:
        sim.step()
        task = ecs.describe_tasks(cluster="bench", tasks=[arn])["tasks"][0]
        if task["lastStatus"] in ("RUNNING", "STOPPED"):
            break
    elapsed = time.perf_counter() - started
    assert task["lastStatus"] == "RUNNING", task.get("stoppedReason")
    ecs.stop_task(cluster="bench", task=arn)
    sim.run_until_stable()
    return elapsed


def _forget(client: Any, reference: str) -> None:
    """Drop the local copy of a registry image, so the next run must pull it."""
    import docker.errors

    for image in client.images.list(name=reference.split("@")[0]):
        for tag in [*image.tags, *image.attrs.get("RepoDigests", [])]:
            if tag.startswith(reference.split("@")[0]):
                with contextlib.suppress(docker.errors.ImageNotFound):
                    client.images.remove(tag, force=True)


def tables() -> list[Table]:
    table = Table(
        "Docker: RunTask to RUNNING vs a bare docker run (median of 5)",
        ["image", "docker (s)", "ecslearn (s)", "ratio"],
        note="ratio = ecslearn / docker; both sides start the same image on the same engine.",
    )
    try:
        client = docker_agent.docker_client()
    except docker_agent.DockerUnavailable as missing:
        table.note = f"not measured: {missing}"
        return [table]
    from ecslearn import images

    images.build(client)
    with Simulation(seed=0) as sim:
        ecs = sim.client()
        ecs.create_cluster(clusterName="bench")
        sim.launch_instances("bench", agent="docker")
        ecs.register_task_definition(
            family="local", containerDefinitions=[{"name": "web", "image": IMAGE, "memory": 32}]
        )
        bare = statistics.median(_bare_run(client, IMAGE) for _ in range(REPEATS))
        ours = statistics.median(_ecslearn_run(sim, "local") for _ in range(REPEATS))
        table.add("local " + IMAGE, bare, ours, ours / bare)

        if not registry.is_running():
            table.note += f"\nECR row not measured: {registry.HINT}"
            return [table]
        uri = sim.client("ecr").create_repository(
            repositoryName=f"bench-{secrets.token_hex(3)}/web"
        )["repository"]["repositoryUri"]
        digest = push(sim, IMAGE, uri + ":v1", client=client)["imageDigest"]
        pulled = f"{local_name(uri.split('/', 1)[1])}@{digest}"
        ecs.register_task_definition(
            family="ecr", containerDefinitions=[{"name": "web", "image": uri + ":v1", "memory": 32}]
        )
        bare_times, our_times = [], []
        for _ in range(REPEATS):
            _forget(client, pulled)
            bare_times.append(_bare_run(client, pulled, pull=pulled))
            _forget(client, pulled)
            our_times.append(_ecslearn_run(sim, "ecr"))
        bare, ours = statistics.median(bare_times), statistics.median(our_times)
        table.add("ECR (pulled from the local registry)", bare, ours, ours / bare)
    return [table]
