"""The region's task indexes always equal a full recomputation from the plain dicts.

Hypothesis drives random sequences of RunTask, StopTask, services (create, update, delete),
instances (launch, drain, deregister, terminate), killed containers and clock advances; after
every step each index (`RegionState.index`, the task index) is compared with one rebuilt from
`tasks` by brute force, ListTasks with a walk over every task, the placement facts the region's
`InstanceIndex` keeps with facts built from scratch for every instance, the instances it says
pass a request's filter steps with every instance put through those steps, and the services the
scheduler's tick skips as quiet (`control.services.quiet`) with a reconcile of each: it must
leave the world exactly as it was.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ecslearn import EcsError, Simulation
from ecslearn.control import snapshot
from ecslearn.control.instance_index import build_facts
from ecslearn.control.placement.facts import InstanceFacts, PlacementRequest
from ecslearn.control.placement.steps import build_steps, passes_all
from ecslearn.control.placement.working import Slot
from ecslearn.control.services import quiet, reconcile
from ecslearn.control.state import RegionState
from ecslearn.control.task_factory import instance_facts
from ecslearn.model.task_definition import PlacementConstraint
from tests.control.test_scheduler_invariants import DEFINITIONS, STRATEGIES, apply

SERVICE_FAMILIES = ("web", "job", "pair", "vpc")


def recomputed(state: RegionState) -> dict[str, Any]:
    """Every index, worked out from `state.tasks` alone."""
    by_instance: dict[str, list[str]] = {}
    by_service: dict[str, list[str]] = {}
    by_cluster: dict[str, list[str]] = {}
    by_name: dict[tuple[str, str], list[str]] = {}
    by_desired: dict[tuple[str, str], list[str]] = {}
    groups: dict[str, dict[str, int]] = {}
    running: dict[str, int] = {}
    enis: dict[str, int] = {}
    for arn, task in state.tasks.items():
        cluster, instance = task.cluster_name or "", task.container_instance_arn
        if instance:
            by_instance.setdefault(instance, []).append(arn)
        if task.service_arn:
            by_service.setdefault(task.service_arn, []).append(arn)
        by_cluster.setdefault(cluster, []).append(arn)
        if task.service_name:
            by_name.setdefault((cluster, task.service_name), []).append(arn)
        by_desired.setdefault((cluster, task.desired_status or ""), []).append(arn)
        if instance and not task.is_stopped:
            counts = groups.setdefault(instance, {})
            counts[task.group or ""] = counts.get(task.group or "", 0) + 1
            if task.last_status == "RUNNING":
                running[instance] = running.get(instance, 0) + 1
            if task.uses_eni:
                enis[instance] = enis.get(instance, 0) + 1
    return {
        "by_instance": by_instance,
        "by_service": by_service,
        "by_cluster": by_cluster,
        "by_name": by_name,
        "by_desired": by_desired,
        "groups": groups,
        "running": running,
        "enis": enis,
    }


def kept(state: RegionState) -> dict[str, Any]:
    """The same, as the region's indexes hold it (empty buckets left out)."""
    index = state.index
    listed = lambda buckets: {k: list(v) for k, v in buckets.items() if v}  # noqa: E731
    return {
        "by_instance": listed(index.by_instance),
        "by_service": listed(index.by_service),
        "by_cluster": listed(index.by_cluster),
        "by_name": listed(index.by_service_name),
        "by_desired": {key: list(index.desired(*key)) for key in list(index.by_desired)},
        "groups": {k: dict(v) for k, v in index.live_groups.items()},
        "running": dict(index.running),
        "enis": dict(index.eni_tasks),
    }


def assert_indexes_agree(state: RegionState) -> None:
    assert kept(state) == recomputed(state)
    assert list(state.index.order) == list(state.tasks)
    for service in state.services.values():
        walked = {k: v for k, v in reconcile.counts(state, service).items() if v != (0, 0)}
        assert state.index.counts(service.service_arn or "") == walked


#: Requests whose passing instances the region keeps (and the invariant checks) as things change.
REQUESTS = (
    PlacementRequest(cpu=256, memory=300, tcp_ports=frozenset({80}), group="family:web"),
    PlacementRequest(cpu=0, memory=128, uses_eni=True, group="family:vpc"),
    PlacementRequest(
        cpu=0,
        memory=64,
        constraints=(PlacementConstraint(type="distinctInstance"),),
        group="family:job",
    ),
    PlacementRequest(
        cpu=0,
        memory=200,
        constraints=(PlacementConstraint(type="memberOf", expression="runningTasksCount < 3"),),
        group="family:static",
    ),
)


def facts_from_scratch(state: RegionState, cluster: str) -> list[InstanceFacts]:
    """Placement facts built afresh for every instance of the cluster, as the old code did."""
    mine = [i for i in state.instances.values() if i.cluster_name == cluster]
    return [
        build_facts(instance, position, state.index)
        for position, instance in enumerate(mine)
        if instance.status != "INACTIVE"
    ]


class IndexMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.sim = Simulation(seed=5, strict=True)
        self.sim.call("CreateCluster", clusterName="c")
        for definition in DEFINITIONS.values():
            self.sim.register(definition)
        self.services: list[str] = []

    def ecs(self, operation: str, **params: Any) -> Any:
        try:
            return self.sim.call(operation, cluster="c", **params)
        except EcsError:
            return None

    @rule(count=st.integers(1, 3), kind=st.sampled_from(["t3.medium", "m5.large"]))
    def launch(self, count: int, kind: str) -> None:
        apply(self.sim, "launch", (count, kind))

    @precondition(lambda self: self.sim.region_state().instances)
    @rule(
        family=st.sampled_from(sorted(DEFINITIONS)),
        count=st.integers(1, 6),
        strategy=st.sampled_from(range(len(STRATEGIES))),
        distinct=st.booleans(),
    )
    def run_task(self, family: str, count: int, strategy: int, distinct: bool) -> None:
        apply(self.sim, "run", (family, count, STRATEGIES[strategy], distinct))

    @rule(which=st.integers(0, 1000))
    def stop(self, which: int) -> None:
        apply(self.sim, "stop", (which,))

    @rule(which=st.integers(0, 1000), code=st.sampled_from([0, 137]))
    def kill(self, which: int, code: int) -> None:
        apply(self.sim, "kill", (which, code))

    @rule(which=st.integers(0, 1000), fault=st.sampled_from(["terminate", "drain"]))
    def fault(self, which: int, fault: str) -> None:
        apply(self.sim, fault, (which,))

    @rule(which=st.integers(0, 1000))
    def deregister(self, which: int) -> None:
        instances = sorted(self.sim.region_state().instances)
        if instances:
            arn = instances[which % len(instances)]
            self.ecs("DeregisterContainerInstance", containerInstance=arn, force=True)

    @rule(family=st.sampled_from(SERVICE_FAMILIES), count=st.integers(0, 4))
    def create_service(self, family: str, count: int) -> None:
        name = f"s{len(self.services) % 3}"  # names come back after a delete
        extra: dict[str, Any] = {}
        if family == "vpc":
            extra["networkConfiguration"] = {"awsvpcConfiguration": {"subnets": ["s-1"]}}
        made = self.ecs(
            "CreateService", serviceName=name, taskDefinition=family, desiredCount=count, **extra
        )
        if made is not None:
            self.services.append(name)

    @precondition(lambda self: self.services)
    @rule(which=st.integers(0, 100), count=st.integers(0, 5))
    def update_service(self, which: int, count: int) -> None:
        name = self.services[which % len(self.services)]
        self.ecs("UpdateService", service=name, desiredCount=count)

    @precondition(lambda self: self.services)
    @rule(which=st.integers(0, 100))
    def delete_service(self, which: int) -> None:
        name = self.services[which % len(self.services)]
        self.ecs("DeleteService", service=name, force=True)

    @rule(seconds=st.sampled_from([1, 10, 45, 300, 4000]))
    def advance(self, seconds: float) -> None:
        apply(self.sim, "advance", (seconds,))

    @invariant()
    def indexes_equal_a_recomputation(self) -> None:
        assert_indexes_agree(self.sim.region_state())

    @invariant()
    def cached_placement_facts_equal_fresh_ones(self) -> None:
        state = self.sim.region_state()
        assert instance_facts(state, "c") == facts_from_scratch(state, "c")
        every = [i.container_instance_arn or "" for i in state.instances.values()]
        some = set(every[::2])
        assert instance_facts(state, "c", some) == [
            f for f in facts_from_scratch(state, "c") if f.arn in some
        ]
        assert [i.container_instance_arn for i in state.instances_in("c")] == every

    @invariant()
    def kept_eligibility_equals_every_instance_checked(self) -> None:
        state = self.sim.region_state()
        cluster = state.instance_index.of_cluster(state.instances, state.index, "c")
        for request in REQUESTS:
            steps = build_steps(request)
            kept = cluster.eligibility.passing(cluster.listing, request, steps)
            assert kept == [
                place
                for place, facts in enumerate(facts_from_scratch(state, "c"))
                if passes_all(Slot(facts, request.group, place), steps)
            ]

    @invariant()
    def services_the_tick_skips_would_not_change_if_reconciled(self) -> None:
        world, state = self.sim.world, self.sim.region_state()
        for service in reconcile.live_services(state):
            if not quiet.is_quiet(world, state, service):
                continue
            before = snapshot.to_document(world)
            reconcile.reconcile(world, state, service)  # a no-op, or the skip was wrong
            assert snapshot.to_document(world) == before, service.service_name

    @invariant()
    def list_tasks_equals_a_walk(self) -> None:
        state = self.sim.region_state()
        for desired in ("RUNNING", "STOPPED"):
            for service in (None, *sorted({t.service_name for t in state.tasks.values()} - {None})):
                request: dict[str, Any] = {"desiredStatus": desired, "maxResults": 100}
                if service:
                    request["serviceName"] = service
                walked = [
                    arn
                    for arn, t in state.tasks.items()
                    if t.cluster_name == "c"
                    and t.desired_status == desired
                    and (service is None or t.service_name == service)
                ]
                assert self._listed(request) == walked

    def _listed(self, request: dict[str, Any]) -> list[str]:
        arns: list[str] = []
        while True:
            page = self.sim.call("ListTasks", cluster="c", **request)
            arns += page["taskArns"]
            if "nextToken" not in page:
                return arns
            request = {**request, "nextToken": page["nextToken"], "maxResults": 7}

    def teardown(self) -> None:
        self.sim.close()


IndexMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestIndexes = IndexMachine.TestCase


def test_indexes_are_rebuilt_on_load(tmp_path: Any) -> None:
    sim = Simulation(seed=3)
    sim.call("CreateCluster", clusterName="c")
    sim.register(DEFINITIONS["web"])
    sim.launch_instances("c", count=2, instance_type="m5.large")
    sim.call("CreateService", cluster="c", serviceName="s", taskDefinition="web", desiredCount=3)
    sim.advance(120)
    sim.call("StopTask", cluster="c", task=next(iter(sim.region_state().tasks)))
    sim.advance(60)
    path = sim.save(tmp_path / "state.json")
    document = path.read_text()
    assert '"index"' not in document and "instance_index" not in document
    loaded = Simulation.load(path)
    assert kept(loaded.region_state()) == kept(sim.region_state())
    assert_indexes_agree(loaded.region_state())


def test_instances_added_behind_the_index_are_filed_in_the_regions_order() -> None:
    sim = Simulation(seed=4)
    sim.call("CreateCluster", clusterName="c")
    sim.launch_instances("c", count=3, instance_type="m5.large")
    state = sim.region_state()
    assert instance_facts(state, "c") == facts_from_scratch(state, "c")
    copied = RegionState(region=state.region, instances=dict(reversed(state.instances.items())))
    assert instance_facts(copied, "c") == facts_from_scratch(copied, "c")
    assert [i.container_instance_arn for i in copied.instances_in("c")] == list(copied.instances)
