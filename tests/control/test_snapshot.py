"""The whole world saves to one JSON document and loads back to carry on exactly."""

from __future__ import annotations

import json

import pytest

from ecslearn import Simulation
from ecslearn.control import snapshot
from ecslearn.model.builders import container, health_check, task_definition


def busy_world(seed: int = 5) -> Simulation:
    sim = Simulation(seed=seed)
    ecs = sim.client()
    ecs.create_cluster(clusterName="web", tags=[{"key": "team", "value": "a"}])
    instances = sim.launch_instances("web", count=3, attributes={"stack": "blue"})
    sim.register(
        task_definition(
            "app",
            container("db", "postgres", memory=128, health=health_check("pg_isready", interval=5)),
            container("web", "nginx", memory=64, ports=[80], depends_on={"db": "HEALTHY"}),
        )
    )
    sim.register(
        task_definition(
            "job", container("job", "busybox", memory=32, labels={"ecslearn.exit-after": "30"})
        )
    )
    ecs.create_service(cluster="web", serviceName="web", taskDefinition="app", desiredCount=3)
    ecs.create_service(
        cluster="web", serviceName="agent", taskDefinition="job", schedulingStrategy="DAEMON"
    )
    ecs.run_task(cluster="web", taskDefinition="job", count=2)
    sim.advance(25)
    sim.disconnect_agent(instances[2])
    sim.advance(7)
    return sim


def test_a_saved_world_loads_back_equal(tmp_path) -> None:
    sim = busy_world()
    path = snapshot.save(sim.world, tmp_path / "world.json")
    loaded = Simulation.from_world(snapshot.load(path))
    assert loaded.world._regions == sim.world._regions
    assert loaded.now == sim.now and loaded.world.rng.getstate() == sim.world.rng.getstate()
    assert list(loaded.events) == list(sim.events)
    assert json.loads(path.read_text())["format"] == snapshot.FORMAT


def test_a_loaded_world_carries_on_exactly_as_the_original(tmp_path) -> None:
    original = busy_world()
    loaded = Simulation.from_world(
        snapshot.load(snapshot.save(original.world, tmp_path / "w.json"))
    )
    for sim in (original, loaded):
        sim.reconnect_agent(next(iter(sim.region_state().instances.values())))
        sim.client().update_service(cluster="web", service="web", desiredCount=5)
        sim.advance(300)
    assert [str(e) for e in loaded.events] == [str(e) for e in original.events]
    assert loaded.world._regions == original.world._regions


def test_saving_is_atomic_and_leaves_no_partial_file(tmp_path) -> None:
    target = tmp_path / "world.json"
    snapshot.save(busy_world().world, target)
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]


def test_a_document_of_another_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="Not an ecslearn state document"):
        snapshot.from_document({"format": "something-else"})


def test_simulation_save_and_load_are_the_lesson_friendly_way(tmp_path) -> None:
    sim = busy_world()
    loaded = Simulation.load(sim.save(tmp_path / "lesson.json"))
    assert loaded.now == sim.now and loaded.world._regions == sim.world._regions
