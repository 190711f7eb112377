""" "Why would my task land there?" answers with every instance's verdict and changes nothing."""

from __future__ import annotations

import copy

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition


def cluster_with_one_full_instance(sim: Simulation) -> None:
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=3, instance_type="t3.small")
    sim.register(task_definition("app", container("web", "nginx", memory=1200, ports=["80:80"])))
    ecs.run_task(
        cluster="web",
        taskDefinition="app",
        placementStrategy=[{"type": "binpack", "field": "memory"}],
    )


def test_the_explanation_names_the_step_that_ruled_each_instance_out(sim) -> None:
    cluster_with_one_full_instance(sim)
    explanation = sim.explain_placement(
        "web", "app", strategies=[{"type": "binpack", "field": "memory"}]
    )
    rows = explanation.to_rows()
    assert len(rows) == 3
    full = [r for r in rows if r["ruled out by"] == "memory"]
    assert len(full) == 1 and full[0]["memory"] == "RESOURCE:MEMORY"
    assert sum(r["chosen"] for r in rows) == 1
    assert "binpack(memory)" in str(explanation)


def test_explaining_changes_nothing_not_even_the_random_source(sim) -> None:
    cluster_with_one_full_instance(sim)
    before = copy.deepcopy(sim.world._regions), sim.world.rng.getstate(), len(sim.events)
    sim.explain_placement("web", "app")
    sim.explain_placement("web", "app", service=True)
    assert (sim.world._regions, sim.world.rng.getstate(), len(sim.events)) == before


def test_run_task_records_its_placement_decisions_in_the_timeline(sim) -> None:
    cluster_with_one_full_instance(sim)
    [decision] = sim.events.filter(kind="placement")
    assert decision.message.startswith("a task of app:1 goes to ")
    assert {row["instance"] for row in decision.details["rows"]} == {
        i.id for i in sim.region_state().instances.values()
    }


def test_the_recorded_table_is_the_one_explain_placement_gave_before_the_call(sim) -> None:
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=4, instance_type="t3.small")
    sim.register(task_definition("app", container("web", "nginx", memory=300)))
    before = sim.explain_placement("web", "app").to_rows()  # RunTask's default: random
    ecs.run_task(cluster="web", taskDefinition="app")
    [decision] = sim.events.filter(kind="placement")
    assert decision.details["rows"] == before


def test_deferred_details_build_on_first_read_and_behave_as_a_plain_dict() -> None:
    import json
    import pickle

    from ecslearn.control.timeline import Deferred

    built: list[int] = []

    def rows() -> list[int]:
        built.append(1)
        return [1, 2]

    details = Deferred({"group": "g"}, later={"rows": rows})
    assert "rows" in details and details.get("group") == "g" and len(details) == 2
    assert not built  # reading another key builds nothing
    assert details == {"group": "g", "rows": [1, 2]} and built == [1]
    assert dict(details) == details.copy() == json.loads(json.dumps(details))
    assert pickle.loads(pickle.dumps(details)) == {"group": "g", "rows": [1, 2]}
    assert copy.deepcopy(Deferred(later={"rows": lambda: [3]})) == {"rows": [3]}
    assert built == [1]


def test_a_saved_world_keeps_the_tables_that_were_read_and_builds_no_other(sim, tmp_path) -> None:
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=4, instance_type="t3.small")
    sim.register(task_definition("app", container("web", "nginx", memory=300)))
    ecs.run_task(cluster="web", taskDefinition="app", count=2)
    first, second = sim.events.filter(kind="placement")
    read = second.details["rows"]
    sim.save(tmp_path / "world.json")
    assert first.details._later  # saving did not build the table no one had read
    loaded_first, loaded_second = Simulation.load(tmp_path / "world.json").events.filter(
        kind="placement"
    )
    assert loaded_second.details["rows"] == read and len(read) == 4
    assert loaded_first.details == {"group": "family:app", "rows": None}
