"""A simulation, and the clusters, services, tasks and instances it holds, draw themselves."""

from __future__ import annotations

import xml.dom.minidom

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from ecslearn.model.cluster import Cluster
from ecslearn.views import jupyter, objects
from ecslearn.views.timelines import desired_vs_running_series
from tests.views import require_dot
from tests.views.test_jupyter import Shell, shown


def small_world() -> Simulation:
    sim = Simulation(seed=1)
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=2)
    sim.register(task_definition("app", container("web", "nginx", memory=64)))
    ecs.create_service(cluster="web", serviceName="api", taskDefinition="app", desiredCount=2)
    sim.run_until_stable()
    ecs.update_service(cluster="web", service="api", desiredCount=3)
    sim.run_until_stable()
    return sim


def test_model_objects_are_drawn_in_their_simulation() -> None:
    sim = small_world()
    state = sim.region_state()
    cluster = objects.cluster_object_picture(state.clusters["web"])
    assert cluster is not None and "Cluster web" in cluster.graph.graph["title"]
    service = objects.service_object_picture(next(iter(state.services.values())))
    assert service is not None and "focus: service api" in service.graph.graph["title"]
    task = objects.task_object_picture(next(iter(state.tasks.values())))
    assert task is not None and task.graph.graph["title"] == "Task definition app:1"
    instance = objects.instance_object_picture(next(iter(state.instances.values())))
    assert instance is not None


def test_an_object_no_simulation_holds_has_no_picture() -> None:
    assert objects.cluster_object_picture(Cluster(cluster_name="loose")) is None


def test_a_simulation_shows_its_busiest_cluster_as_svg() -> None:
    require_dot()
    sim, shell = small_world(), Shell()
    jupyter.register(shell)
    xml.dom.minidom.parseString(shown(shell, sim)["image/svg+xml"])
    assert "Simulation" in repr(sim)
    assert objects.simulation_picture(Simulation(seed=1)) is None  # no cluster: the text repr


def test_desired_count_changes_are_on_the_timeline() -> None:
    sim = small_world()
    desired = desired_vs_running_series(sim, "api")["desired"]
    assert desired.label == "desired" and desired.values[-1] == 3 and 2 in desired.values
    assert any(e.details.get("desiredCount") == 2 for e in sim.events.filter(service="api"))
