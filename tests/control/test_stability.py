"""`settled` (run_until_stable's fast check) always agrees with `unsettled` (its reasons)."""

from __future__ import annotations

from ecslearn import Simulation
from ecslearn.control.runner import settled, unsettled
from ecslearn.model.builders import container, task_definition


def test_the_fast_check_agrees_with_the_reasons_at_every_step() -> None:
    sim = Simulation(seed=2)
    ecs = sim.client()
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=3)
    sim.register(task_definition("app", container("app", "nginx", memory=128)))
    ecs.create_service(cluster="web", serviceName="app", taskDefinition="app", desiredCount=4)
    ecs.run_task(cluster="web", taskDefinition="app", count=2)
    seen = set()
    for _ in range(400):
        answer = settled(sim.world)
        assert answer == (not unsettled(sim.world))
        seen.add(answer)
        if answer and len(seen) == 2:
            break
        sim.step()
    assert seen == {True, False}  # it was asked both ways
    arns = ecs.list_tasks(cluster="web", desiredStatus="RUNNING")["taskArns"]
    ecs.stop_task(cluster="web", task=arns[0])  # unsettled again: a task on its way down
    assert not settled(sim.world) and unsettled(sim.world)
