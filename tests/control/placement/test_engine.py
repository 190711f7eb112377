"""Task placement, one documented ECS behaviour per test (semantics §4)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from ecslearn.control.placement.engine import PlacementResult, place
from ecslearn.control.placement.facts import InstanceFacts, PlacementRequest
from ecslearn.control.placement.steps import (
    AGENT,
    ATTRIBUTE,
    DISTINCT_INSTANCE_UNSATISFIED,
    MEMBER_OF_UNSATISFIED,
    NO_CONTAINER_INSTANCES,
    RESOURCE_CPU,
    RESOURCE_ENI,
    RESOURCE_MEMORY,
    RESOURCE_PORTS,
)
from ecslearn.control.placement.synthetic import cluster, instance
from ecslearn.errors import InvalidParameterException
from ecslearn.model.service import PlacementStrategy
from ecslearn.model.task_definition import PlacementConstraint

ZONE = "attribute:ecs.availability-zone"
GROUP = "service:web"


def strategy(kind: str, field: str | None = None) -> PlacementStrategy:
    return PlacementStrategy(type=kind, field=field)


def request(
    cpu: int = 256,
    memory: int = 512,
    *strategies: PlacementStrategy,
    **options,
) -> PlacementRequest:
    options.setdefault("group", GROUP)
    return PlacementRequest(cpu=cpu, memory=memory, strategies=strategies, **options)


def run(
    instances: list[InstanceFacts], req: PlacementRequest, count: int = 1, seed: int = 0
) -> PlacementResult:
    return place(instances, req, count, random.Random(seed))


def ids(result: PlacementResult, instances: list[InstanceFacts]) -> list[int]:
    index_of = {facts.arn: facts.index for facts in instances}
    return [index_of[arn] for arn in result.placements]


def reasons(result: PlacementResult) -> set[tuple[str | None, str]]:
    return {(failure.get("arn"), failure["reason"]) for failure in result.failures}


# --- strategies ---------------------------------------------------------------------------


def test_binpack_picks_the_instance_with_the_least_remaining_memory_that_still_fits() -> None:
    instances = [instance(0, memory=1000), instance(1, memory=600), instance(2, memory=400)]
    result = run(instances, request(256, 500, strategy("binpack", "memory")))
    assert ids(result, instances) == [1]


def test_binpack_on_cpu_and_binpack_on_memory_choose_differently() -> None:
    instances = [instance(0, cpu=512, memory=4000), instance(1, cpu=2048, memory=1000)]
    by_cpu = run(instances, request(256, 512, strategy("binpack", "cpu")))
    by_memory = run(instances, request(256, 512, strategy("binpack", "memory")))
    assert ids(by_cpu, instances) == [0]
    assert ids(by_memory, instances) == [1]


def test_binpack_keeps_filling_one_instance_until_it_is_full() -> None:
    instances = [instance(0, memory=4000), instance(1, memory=1024)]
    result = run(instances, request(128, 512, strategy("binpack", "memory")), count=4)
    assert ids(result, instances) == [1, 1, 0, 0]


def test_spread_by_zone_balances_tasks_across_availability_zones() -> None:
    instances = cluster(6)
    result = run(instances, request(256, 512, strategy("spread", ZONE)), count=6)
    zones = Counter(instances[i].zone for i in ids(result, instances))
    assert zones == {"us-east-1a": 2, "us-east-1b": 2, "us-east-1c": 2}


def test_spread_by_zone_sends_the_next_task_to_the_zone_with_the_fewest_of_the_group() -> None:
    instances = [
        instance(0, zone="us-east-1a", task_groups={GROUP: 2}),
        instance(1, zone="us-east-1b", task_groups={GROUP: 1, "service:other": 5}),
        instance(2, zone="us-east-1c", task_groups={GROUP: 1}),
        instance(3, zone="us-east-1c"),
    ]
    result = run(instances, request(256, 512, strategy("spread", ZONE)), count=3)
    # b and c tie at one task (other groups don't count); the index breaks the tie, then a.
    assert ids(result, instances) == [1, 2, 0]


def test_instances_without_the_spread_attribute_count_as_one_value_of_their_own() -> None:
    instances = [
        instance(0, attributes={"rack": "r1"}),
        instance(1, attributes={"rack": "r1"}),
        instance(2),
        instance(3),
    ]
    result = run(instances, request(256, 512, strategy("spread", "attribute:rack")), count=4)
    assert ids(result, instances) == [0, 2, 0, 2]


def test_spread_by_instance_id_puts_n_tasks_on_n_instances() -> None:
    instances = cluster(5)
    for field in ("instanceId", "host"):
        result = run(instances, request(256, 512, strategy("spread", field)), count=5)
        assert sorted(ids(result, instances)) == [0, 1, 2, 3, 4]


def test_spread_zone_then_binpack_memory_packs_the_least_loaded_zone() -> None:
    """AWS's example chain: the AZ with the fewest tasks, then the fullest instance in it."""
    instances = [
        instance(0, zone="us-east-1a", memory=2000),
        instance(1, zone="us-east-1a", memory=1200),
        instance(2, zone="us-east-1b", memory=3000),
        instance(3, zone="us-east-1b", memory=800),
    ]
    req = request(128, 512, strategy("spread", ZONE), strategy("binpack", "memory"))
    result = run(instances, req, count=6)
    # The emptier zone wins and, inside it, the fullest instance that still fits a 512 MiB
    # task; when the zones tie, binpack decides among the instances of both.
    assert ids(result, instances) == [3, 1, 1, 2, 0, 2]


def test_spread_ignores_the_tasks_on_draining_instances_which_are_leaving() -> None:
    instances = [
        instance(0, zone="us-east-1a", status="DRAINING", task_groups={GROUP: 3}),
        instance(1, zone="us-east-1a"),
        instance(2, zone="us-east-1b", task_groups={GROUP: 1}),
    ]
    result = run(instances, request(256, 512, strategy("spread", ZONE)))
    assert ids(result, instances) == [1]


def test_without_strategies_the_lowest_registration_index_that_fits_wins() -> None:
    instances = [instance(0, memory=100), instance(1), instance(2)]
    assert ids(run(instances, request(256, 512), count=2), instances) == [1, 1]


def test_random_is_seeded_the_same_seed_gives_the_same_picks() -> None:
    instances = cluster(20)
    req = request(64, 128, strategy("random"))
    first = run(instances, req, count=10, seed=7)
    again = run(instances, req, count=10, seed=7)
    other = run(instances, req, count=10, seed=8)
    assert first.placements == again.placements
    assert first.placements != other.placements
    assert len(set(first.placements)) > 1


def test_an_unknown_strategy_field_is_an_invalid_parameter() -> None:
    with pytest.raises(InvalidParameterException):
        run(cluster(1), request(256, 512, strategy("binpack", "disk")))
    with pytest.raises(InvalidParameterException):
        run(cluster(1), request(256, 512, strategy("spread", "rack")))


# --- resources ----------------------------------------------------------------------------


def test_each_task_sees_the_resources_the_previous_ones_reserved() -> None:
    instances = [instance(0, memory=1024)]
    result = run(instances, request(128, 512), count=3)
    assert ids(result, instances) == [0, 0]
    assert result.failures == [{"arn": instances[0].arn, "reason": RESOURCE_MEMORY}]


def test_a_task_too_big_for_every_instance_fails_with_resource_memory_for_each() -> None:
    instances = cluster(3)
    result = run(instances, request(256, 10_000), count=2)
    assert result.placements == []
    assert result.failures == [{"arn": f.arn, "reason": RESOURCE_MEMORY} for f in instances]
    assert [d.placed for d in result.decisions] == [False, False]


def test_not_enough_cpu_fails_with_resource_cpu() -> None:
    instances = [instance(0, cpu=512), instance(1, cpu=256)]
    result = run(instances, request(400, 128), count=2)
    assert ids(result, instances) == [0]
    assert reasons(result) == {(instances[0].arn, RESOURCE_CPU), (instances[1].arn, RESOURCE_CPU)}


def test_cpu_is_checked_before_memory_so_an_instance_short_of_both_reports_cpu() -> None:
    result = run([instance(0, cpu=100, memory=100)], request(256, 512))
    assert [f["reason"] for f in result.failures] == [RESOURCE_CPU]


def test_two_tasks_wanting_host_port_80_on_one_instance_place_one_and_fail_one() -> None:
    instances = [instance(0)]
    result = run(instances, request(128, 128, tcp_ports=frozenset({80})), count=2)
    assert ids(result, instances) == [0]
    assert result.failures == [{"arn": instances[0].arn, "reason": RESOURCE_PORTS}]


@pytest.mark.parametrize("port", [22, 2375, 2376, 51678, 51679])
def test_the_agents_reserved_ports_block_tasks_that_want_them(port: int) -> None:
    result = run([instance(0)], request(128, 128, tcp_ports=frozenset({port})))
    assert [f["reason"] for f in result.failures] == [RESOURCE_PORTS]


def test_tcp_and_udp_host_ports_are_booked_separately() -> None:
    busy = instance(0, used_udp_ports=frozenset({53}))
    assert run([busy], request(128, 128, tcp_ports=frozenset({53}))).placements == [busy.arn]
    result = run([busy], request(128, 128, udp_ports=frozenset({53})))
    assert [f["reason"] for f in result.failures] == [RESOURCE_PORTS]


def test_awsvpc_tasks_need_a_free_eni_and_fail_with_resource_eni_when_none_is_left() -> None:
    instances = [instance(0, free_enis=2)]
    result = run(instances, request(128, 128, uses_eni=True), count=3)
    assert ids(result, instances) == [0, 0]
    assert result.failures == [{"arn": instances[0].arn, "reason": RESOURCE_ENI}]


def test_enis_only_limit_awsvpc_tasks() -> None:
    instances = [instance(0, free_enis=0)]
    assert len(run(instances, request(128, 128), count=3).placements) == 3


# --- candidates ---------------------------------------------------------------------------


def test_an_instance_whose_agent_is_disconnected_fails_with_agent() -> None:
    instances = [instance(0, agent_connected=False), instance(1)]
    assert ids(run(instances, request(128, 128)), instances) == [1]
    result = run(instances[:1], request(128, 128))
    assert result.failures == [{"arn": instances[0].arn, "reason": AGENT}]


def test_draining_instances_are_not_candidates_and_are_not_listed_as_failures() -> None:
    instances = [instance(0, status="DRAINING"), instance(1, memory=100)]
    result = run(instances, request(128, 512))
    assert result.placements == []
    assert result.failures == [{"arn": instances[1].arn, "reason": RESOURCE_MEMORY}]


def test_a_cluster_with_no_active_instance_fails_without_an_instance_arn() -> None:
    for instances in ([], [instance(0, status="DRAINING")]):
        result = run(instances, request(128, 128), count=2)
        assert result.failures == [{"reason": NO_CONTAINER_INSTANCES}]
        assert result.unplaced == 2


def test_an_instance_missing_a_required_attribute_fails_with_attribute() -> None:
    instances = [
        instance(0),
        instance(1, attributes={"com.amazonaws.ecs.capability.ecr-auth": None}),
    ]
    req = request(128, 128, required_attributes=("com.amazonaws.ecs.capability.ecr-auth",))
    result = run(instances, req, count=1)
    assert ids(result, instances) == [1]
    result = run(instances[:1], req)
    assert result.failures == [{"arn": instances[0].arn, "reason": ATTRIBUTE}]


# --- constraints --------------------------------------------------------------------------

DISTINCT = PlacementConstraint(type="distinctInstance")


def member_of(expression: str) -> PlacementConstraint:
    return PlacementConstraint(type="memberOf", expression=expression)


def test_distinct_instance_places_three_tasks_on_two_instances_as_two_and_a_failure() -> None:
    instances = cluster(2)
    result = run(instances, request(128, 128, constraints=(DISTINCT,)), count=3)
    assert sorted(ids(result, instances)) == [0, 1]
    assert result.failures == [
        {"arn": f.arn, "reason": DISTINCT_INSTANCE_UNSATISFIED} for f in instances
    ]
    assert [d.placed for d in result.decisions] == [True, True, False]


def test_distinct_instance_counts_tasks_of_the_same_group_already_running() -> None:
    instances = [instance(0, task_groups={GROUP: 1}), instance(1, task_groups={"other": 1})]
    result = run(instances, request(128, 128, constraints=(DISTINCT,)), count=1)
    assert ids(result, instances) == [1]


def test_member_of_keeps_tasks_on_the_instances_matching_the_expression() -> None:
    instances = [
        instance(0, instance_type="m5.large"),
        instance(1, instance_type="t3.small"),
        instance(2, instance_type="t3.large", zone="us-east-1b"),
    ]
    t3 = member_of("attribute:ecs.instance-type =~ t3.*")
    only_t3 = run(instances, request(128, 128, strategy("spread", "host"), constraints=(t3,)), 4)
    assert sorted(ids(only_t3, instances)) == [1, 1, 2, 2]
    zone_b = run(
        instances,
        request(128, 128, constraints=(member_of(f"{ZONE} in [us-east-1b, us-east-1c]"),)),
        count=2,
    )
    assert ids(zone_b, instances) == [2, 2]


def test_member_of_fails_with_its_reason_on_instances_that_do_not_match() -> None:
    instances = cluster(2)
    result = run(instances, request(128, 128, constraints=(member_of("attribute:gpu exists"),)))
    assert result.failures == [{"arn": f.arn, "reason": MEMBER_OF_UNSATISFIED} for f in instances]


def test_member_of_task_group_affinity_follows_the_tasks_of_the_other_group() -> None:
    instances = [instance(0), instance(1, task_groups={"service:db": 1}), instance(2)]
    req = request(128, 128, constraints=(member_of("task:group == service:db"),))
    assert ids(run(instances, req, count=2), instances) == [1, 1]


def test_member_of_sees_the_tasks_placed_earlier_in_the_same_call() -> None:
    instances = cluster(3)
    req = request(128, 128, constraints=(member_of("runningTasksCount == 0"),))
    result = run(instances, req, count=4)
    assert ids(result, instances) == [0, 1, 2]
    assert reasons(result) == {(f.arn, MEMBER_OF_UNSATISFIED) for f in instances}


def test_a_malformed_member_of_expression_is_an_invalid_parameter() -> None:
    with pytest.raises(InvalidParameterException):
        run(cluster(1), request(128, 128, constraints=(member_of("attribute:a =="),)))


def test_each_instance_reports_its_first_failing_step_once_however_many_tasks_fail() -> None:
    instances = [instance(0, agent_connected=False), instance(1, cpu=0), instance(2, memory=0)]
    result = run(instances, request(128, 128, constraints=(DISTINCT,)), count=5)
    assert result.failures == [
        {"arn": instances[0].arn, "reason": AGENT},
        {"arn": instances[1].arn, "reason": RESOURCE_CPU},
        {"arn": instances[2].arn, "reason": RESOURCE_MEMORY},
    ]
    assert result.unplaced == 5


# --- purity -------------------------------------------------------------------------------


def test_placement_never_changes_the_snapshots_it_is_given() -> None:
    instances = cluster(3, task_groups={GROUP: 1})
    before = [(f.remaining_cpu, f.remaining_memory, dict(f.task_groups)) for f in instances]
    run(instances, request(128, 128, strategy("binpack", "memory")), count=10)
    after = [(f.remaining_cpu, f.remaining_memory, dict(f.task_groups)) for f in instances]
    assert before == after


def test_placing_zero_tasks_places_nothing_and_fails_nothing() -> None:
    assert run(cluster(2), request(), count=0) == PlacementResult([], [], [])
