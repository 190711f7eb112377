"""Write the pictures the documentation shows into docs/images/, as SVG and PNG.

Run from the repository: ``.venv/bin/python docs/make_images.py``. Everything is seeded, so
running it twice writes the same pictures.

- ``overview``: ECS on one page (`ecslearn.views.concepts.overview`);
- ``cluster``: a live cluster: 3 instances in 3 zones, a REPLICA service half way through a
  rolling deployment (web:1 -> web:2) and a DAEMON service, with what changed since just
  before the deployment highlighted;
- ``task-definition``: a five-container task definition's dependsOn graph and start order;
- ``placement``: why the next task of a family lands where it does;
- ``timeline-revisions`` (PNG only): RUNNING tasks per revision through the deployment;
- ``layers``: the package's layers and what may import what (from ``docs/layers.dot``; the rules
  it draws are checked by ``tests/test_architecture.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import graphviz

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from ecslearn.model.task_definition import TaskDefinition
from ecslearn.views.cluster import ClusterSnapshot, cluster_picture, snapshot
from ecslearn.views.placement import placement_picture
from ecslearn.views.render import Picture, dot_available
from ecslearn.views.task_definition import task_definition_picture
from ecslearn.views.timelines import tasks_per_revision, to_png

DOCS = Path(__file__).resolve().parent
IMAGES = DOCS / "images"


def web(image: str) -> TaskDefinition:
    return task_definition(
        "web",
        container("web", image, cpu=256, memory=256, ports=[80]),
        container("log", "fluent/fluent-bit:3", memory=64, essential=False),
    )


def rolling_deployment() -> tuple[Simulation, ClusterSnapshot]:
    """The cluster scenario, stopped half a second into the deployment of web:2."""
    sim = Simulation(seed=0)
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=3)
    sim.register(web("nginx:1.25"))
    ecs.create_service(
        cluster="web",
        serviceName="web",
        taskDefinition="web",
        desiredCount=4,
        deploymentConfiguration={"maximumPercent": 150, "minimumHealthyPercent": 50},
    )
    agent = container("agent", "datadog/agent:7", cpu=128, memory=128, ports=["8125:8125/udp"])
    sim.register(task_definition("agent", agent))
    ecs.create_service(
        cluster="web", serviceName="agent", taskDefinition="agent", schedulingStrategy="DAEMON"
    )
    sim.run_until_stable()
    before = snapshot(sim, "web")
    sim.register(web("nginx:1.27"))
    ecs.update_service(cluster="web", service="web", taskDefinition="web:2")
    sim.advance(0.5)
    return sim, before


def shop() -> TaskDefinition:
    """The proxy waits for the app, the app for the database and the migration; the cache
    depends on nothing, so it starts with the database."""
    return task_definition(
        "shop",
        container("proxy", "envoyproxy/envoy:v1.29", cpu=128, memory=128, ports=["8080:8080"],
                  depends_on={"app": "HEALTHY"}),
        container("app", "shop/app:2.1", cpu=256, memory=512, memory_reservation=256,
                  ports=[3000], depends_on={"db": "HEALTHY", "migrate": "SUCCESS"},
                  health="curl -f http://localhost:3000/health || exit 1"),
        container("migrate", "shop/migrate:2.1", memory=128, essential=False,
                  depends_on={"db": "HEALTHY"}),
        container("db", "postgres:16", cpu=256, memory=1024, ports=[5432],
                  health=["CMD", "pg_isready"]),
        container("cache", "redis:7", cpu=128, memory=256, ports=[6379]),
    )  # fmt: skip


def crowded_cluster() -> Simulation:
    """Five t3.small instances: one too full for 1 GiB more, one already using port 8080, and
    one that a small cache task makes binpack's favourite."""
    sim = Simulation(seed=0)
    ecs = sim.client()
    ecs.create_cluster(clusterName="api")
    instances = sim.launch_instances("api", count=5, instance_type="t3.small")
    already = {"batch": (1500, [], instances[0]), "edge": (128, ["8080:8080"], instances[1])}
    already["cache"] = (256, [], instances[4])
    for family, (memory, ports, instance) in already.items():
        image = f"{family}:1"
        sim.register(task_definition(family, container(family, image, memory=memory, ports=ports)))
        where = f"ec2InstanceId == {instance.ec2_instance_id}"
        ecs.run_task(
            cluster="api",
            taskDefinition=family,
            placementConstraints=[{"type": "memberOf", "expression": where}],
        )
    api = container("api", "api:1", cpu=256, memory=1024, ports=["8080:8080"])
    sim.register(task_definition("api", api))
    sim.run_until_stable()
    return sim


def save(picture: Picture, name: str) -> None:
    for suffix in (".svg", ".png"):
        picture.save(IMAGES / f"{name}{suffix}")
        print(f"wrote {IMAGES / name}{suffix}")


def main() -> int:
    if not dot_available():
        print("Graphviz's dot is needed: sudo apt-get install graphviz / brew install graphviz")
        return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    try:
        from ecslearn.views.concepts import overview
    except ImportError:
        print("ecslearn.views.concepts.overview is not there yet: overview.svg not written")
    else:
        save(overview(), "overview")
    sim, before = rolling_deployment()
    save(cluster_picture(sim, "web", previous=before), "cluster")
    save(task_definition_picture(shop()), "task-definition")
    sim.run_until_stable()
    to_png(tasks_per_revision(sim, "web", "web"), IMAGES / "timeline-revisions.png")
    print(f"wrote {IMAGES / 'timeline-revisions.png'}")
    zone_then_memory = [
        {"type": "spread", "field": "attribute:ecs.availability-zone"},
        {"type": "binpack", "field": "memory"},
    ]
    why = crowded_cluster().explain_placement("api", "api", strategies=zone_then_memory)
    save(placement_picture(why, task="api:1"), "placement")
    layers = graphviz.Source((DOCS / "layers.dot").read_text())
    for suffix in ("svg", "png"):
        (IMAGES / f"layers.{suffix}").write_bytes(layers.pipe(format=suffix))
        print(f"wrote {IMAGES / 'layers'}.{suffix}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
