"""Diagrams: how long the cluster picture takes to build (networkx) and draw (Graphviz SVG).

The brief: a 1,000-instance cluster with about 5,000 tasks must build its graph and render SVG
in under two seconds. Above ``group_above`` (40) instances the picture summarises each zone's
instances per instance type, which is what keeps it readable and fast; the detailed picture is
timed too where Graphviz can still lay it out in reasonable time.

The clusters are set up quickly rather than faithfully: instances register and task definitions
register through the API, one task per revision runs for real, and the rest of the ~5 tasks per
instance are copies of those, written into the region's state with their resources reserved
(starting 5,000 tasks through the scheduler takes minutes, and the picture only reads state).
"""

from __future__ import annotations

import random

from benchmarks import Table, best_of
from ecslearn import Simulation
from ecslearn.agents.simulated import EPHEMERAL_PORTS
from ecslearn.control import lifecycle
from ecslearn.model.builders import container, task_definition
from ecslearn.views.cluster import cluster_graph
from ecslearn.views.render import Picture, dot_available

REPEATS = 3
CLUSTER = "bench"
#: Per instance: (revision, lastStatus) of each task; a rolling deployment web:1 -> web:2
#: in progress, plus one worker task.
TASKS_PER_INSTANCE = (
    ("web:1", "RUNNING"),
    ("web:1", "RUNNING"),
    ("web:2", "RUNNING"),
    ("web:2", "PENDING"),
    ("worker:1", "RUNNING"),
)


def scenario(instances: int) -> Simulation:
    """`instances` m5.xlarge instances in 3 zones, 5 tasks each (see `TASKS_PER_INSTANCE`)."""
    sim = Simulation(seed=0)
    sim.call("CreateCluster", clusterName=CLUSTER)
    launched = sim.launch_instances(CLUSTER, count=instances, instance_type="m5.xlarge")
    for image in ("nginx:1.25", "nginx:1.27"):
        web = container("web", image, cpu=256, memory=512, ports=[80])
        sim.register(task_definition("web", web, container("log", "fluent-bit", memory=64)))
    sim.register(task_definition("worker", container("worker", "worker:3", cpu=512, memory=1024)))
    service = sim.call(
        "CreateService", cluster=CLUSTER, serviceName="web", taskDefinition="web:1", desiredCount=0
    )["service"]
    sim.call("UpdateService", cluster=CLUSTER, service="web", taskDefinition="web:2")
    templates = {}
    for revision in ("web:1", "web:2", "worker:1"):
        arn = sim.call("RunTask", cluster=CLUSTER, taskDefinition=revision)["tasks"][0]["taskArn"]
        templates[revision] = sim.region_state().tasks[arn]
    sim.run_until_stable()
    state = sim.region_state()
    for template in templates.values():  # the copies below stand in for these
        lifecycle.release(state.instances[template.container_instance_arn or ""], template)
        state.remove_task(template)
    ids = random.Random(instances)  # task IDs that look like ECS's, the same on every run
    for instance in launched:
        host_ports = iter(EPHEMERAL_PORTS)  # as the simulated agent picks them
        for revision, status in TASKS_PER_INSTANCE:
            task = templates[revision].copy()
            task.task_arn = task.task_arn.rsplit("/", 1)[0] + f"/{ids.getrandbits(128):032x}"
            task.container_instance_arn = instance.container_instance_arn
            task.availability_zone = instance.zone
            task.last_status = status
            if revision.startswith("web"):
                task.service_name, task.service_arn = "web", service["serviceArn"]
            for each in task.containers or []:
                each.task_arn = task.task_arn
                for binding in each.network_bindings or []:
                    binding.host_port = next(host_ports)
            state.add_task(task)
            lifecycle.reserve(instance, task)
    state.services[service["serviceArn"]].desired_count = 3 * instances
    return sim


def timings() -> Table:
    table = Table(
        "Cluster picture: graph build and SVG render (5 tasks per instance, 3 zones)",
        ["instances", "tasks", "picture", "nodes", "edges", "build ms", "svg ms", "total ms"],
    )
    for instances, group_above, mode in (
        (10, 40, "detailed"),
        (100, 40, "grouped"),
        (100, 1000, "detailed"),
        (1000, 40, "grouped"),
    ):
        sim = scenario(instances)
        tasks = len(sim.region_state().tasks)
        graph = cluster_graph(sim, CLUSTER, group_above=group_above)
        build = best_of(
            REPEATS, lambda s=sim, g=group_above: cluster_graph(s, CLUSTER, group_above=g)
        )
        if dot_available():
            render = best_of(REPEATS, lambda g=graph: Picture(g).render("svg"))
            cells = (render * 1e3, (build + render) * 1e3)
        else:
            cells = ("no dot", "-")
        table.add(
            instances,
            tasks,
            mode,
            graph.number_of_nodes(),
            graph.number_of_edges(),
            build * 1e3,
            *cells,
        )
    table.note = (
        f"best of {REPEATS}; 'grouped' is the default above 40 instances (one node per zone and "
        "instance type).\nThe target: 1,000 instances, ~5,000 tasks, build + SVG under 2,000 ms. "
        "A detailed 1,000-instance picture (~12,000 nodes) is not timed: Graphviz takes minutes."
    )
    return table


def tables() -> list[Table]:
    return [timings()]
