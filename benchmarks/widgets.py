"""Widgets: time from changing a value to the re-rendered diagram, for a 20-instance cluster.

The brief: a change re-renders within 150 ms. Each row is one thing a learner does in the
`Dashboard`, timed from setting the value (or pressing the button) to the moment every widget
it touches holds its new value: the request preview, the validation message, or (when the
simulation changed) the snapshot kept for scrubbing plus the cluster picture as SVG.
"""

from __future__ import annotations

import itertools

from benchmarks import Table, best_of
from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from ecslearn.views.render import dot_available
from ecslearn.widgets import Dashboard

REPEATS = 5
INSTANCES = 20
CLUSTER = "bench"
TARGET_MS = 150


def scenario() -> Dashboard:
    """20 m5.xlarge instances in 3 zones, a 40-task service and a DAEMON service, steady."""
    sim = Simulation(seed=0)
    ecs = sim.client()
    ecs.create_cluster(clusterName=CLUSTER)
    sim.launch_instances(CLUSTER, count=INSTANCES, instance_type="m5.xlarge")
    sim.register(task_definition("web", container("web", "nginx:1.27", cpu=256, memory=512)))
    sim.register(task_definition("agent", container("agent", "datadog:7", memory=128)))
    ecs.create_service(cluster=CLUSTER, serviceName="web", taskDefinition="web:1", desiredCount=40)
    ecs.create_service(
        cluster=CLUSTER,
        serviceName="agent",
        taskDefinition="agent:1",
        schedulingStrategy="DAEMON",
    )
    sim.run_until_stable()
    return Dashboard(sim, CLUSTER, service="web")


def timings() -> Table:
    dashboard = scenario()
    sim = dashboard.sim
    tasks = sum(1 for t in sim.region_state().tasks.values() if not t.is_stopped)
    table = Table(
        f"Widgets: change → re-render ({INSTANCES} instances, {tasks} tasks)",
        ["change", "re-renders", "ms", f"≤ {TARGET_MS} ms"],
    )
    configurator, editor, player = dashboard.configurator, dashboard.editor, dashboard.player
    counts = itertools.cycle([39, 40])
    images = itertools.cycle(["nginx:1.28", "nginx:1.27"])
    expressions = itertools.cycle(["attribute:ecs.instance-type == m5.xlarge", "bad = x"])

    def set_desired() -> None:
        configurator.desired.value = next(counts)

    def apply() -> None:
        configurator.desired.value = next(counts)
        configurator.apply_button.click()

    def edit_image() -> None:
        editor.containers[0].image.value = next(images)

    def type_constraint() -> None:
        configurator.member_of.value = next(expressions)

    past = itertools.cycle([1, 2])

    def scrub() -> None:  # between two past frames: each move rebuilds a simulation
        player.time.value = player.time.max - next(past)

    rows = [
        ("desired count (form)", "request JSON + CLI", set_desired),
        ("memberOf text", "syntax check + request", type_constraint),
        ("container image (editor)", "validation + JSON", edit_image),
        ("Apply (UpdateService)", "snapshot + diagram + log", apply),
        ("Step", "snapshot + diagram + log", player.step),
        ("Advance 5 s", "snapshot + diagram + log", lambda: player.advance(5)),
        ("time slider, in the past", "rebuild + diagram + log", scrub),
    ]
    for label, what, action in rows:
        if not dot_available() and "diagram" in what:
            table.add(label, what, "no dot", "-")
            continue
        seconds = best_of(REPEATS, action)
        table.add(label, what, seconds * 1e3, "yes" if seconds * 1e3 <= TARGET_MS else "NO")
    table.note = (
        f"best of {REPEATS}; a past frame is a Simulation rebuilt from its snapshot.\n"
        "The diagram is cluster_picture(...).svg() in an ipywidgets.HTML; the time in the browser "
        "to paint it is not included."
    )
    return table


def tables() -> list[Table]:
    return [timings()]
