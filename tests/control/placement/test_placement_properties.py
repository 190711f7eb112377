"""Placement invariants over random clusters, requests and strategy chains (hypothesis)."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecslearn.control.placement.candidates import Eligibility
from ecslearn.control.placement.engine import place
from ecslearn.control.placement.facts import InstanceFacts, PlacementRequest
from ecslearn.control.placement.replay import Explanations, Tape
from ecslearn.control.placement.steps import build_steps
from ecslearn.control.placement.synthetic import instance
from ecslearn.model.service import PlacementStrategy
from ecslearn.model.task_definition import PlacementConstraint

GROUP = "service:web"
ZONES = ("us-east-1a", "us-east-1b", "us-east-1c", None)
EXPRESSIONS = (
    "attribute:ecs.availability-zone != us-east-1a",
    "runningTasksCount < 4",
    "attribute:rack exists",
    "attribute:ecs.instance-type =~ t3.*",
    "not(task:group == service:db)",
    "task:group == service:web or attribute:rack in [r1]",
)
CHAIN_LINKS = (
    ("binpack", "cpu"),
    ("binpack", "memory"),
    ("spread", "instanceId"),
    ("spread", "host"),
    ("spread", "attribute:ecs.availability-zone"),
    ("spread", "attribute:rack"),
    ("spread", "attribute:nobody-has-this"),
)
ALL_LINKS = (*CHAIN_LINKS, ("random", ""))

settings.register_profile("placement", deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rarely(strategy: st.SearchStrategy, default: object) -> st.SearchStrategy:
    """Mostly `default`, sometimes `strategy`: filters that bite too often leave nothing to rank."""
    return st.sampled_from((False, False, False, False, True)).flatmap(
        lambda use: strategy if use else st.just(default)
    )


@st.composite
def instances(draw: st.DrawFn) -> list[InstanceFacts]:
    size = draw(st.integers(0, 12))
    indexes = draw(st.lists(st.integers(0, 30), min_size=size, max_size=size, unique=True))
    result = []
    for index in indexes:
        rack = draw(st.sampled_from(("r1", "r2", None)))
        result.append(
            instance(
                index,
                zone=draw(st.sampled_from(ZONES)),
                cpu=draw(st.integers(0, 16)) * 256,
                memory=draw(st.integers(0, 32)) * 256,
                status=draw(rarely(st.just("DRAINING"), "ACTIVE")),
                agent_connected=draw(rarely(st.just(False), True)),
                attributes={"rack": rack} if rack else {},
                task_groups={
                    GROUP: draw(st.integers(0, 3)),
                    "service:db": draw(st.integers(0, 1)),
                },
                used_tcp_ports=frozenset(draw(st.sets(st.sampled_from((22, 80, 443))))),
                free_enis=draw(st.none() | st.integers(0, 3)),
                instance_type=draw(st.sampled_from(("t3.medium", "m5.large"))),
            )
        )
    return result


def chains(links: tuple[tuple[str, str], ...]) -> st.SearchStrategy:
    link = st.sampled_from(links).map(lambda tf: PlacementStrategy(type=tf[0], field=tf[1]))
    return st.lists(link, max_size=4).map(tuple)


@st.composite
def requests(draw: st.DrawFn, links: tuple[tuple[str, str], ...] = CHAIN_LINKS) -> PlacementRequest:
    constraints = []
    if draw(rarely(st.just(True), False)):
        constraints.append(PlacementConstraint(type="distinctInstance"))
    for expression in draw(rarely(st.lists(st.sampled_from(EXPRESSIONS), max_size=2), [])):
        constraints.append(PlacementConstraint(type="memberOf", expression=expression))
    return PlacementRequest(
        cpu=draw(st.integers(0, 4)) * 128,
        memory=draw(st.integers(1, 8)) * 128,
        tcp_ports=draw(rarely(st.sampled_from((frozenset({80}), frozenset({8080}))), frozenset())),
        uses_eni=draw(rarely(st.just(True), False)),
        constraints=tuple(constraints),
        strategies=draw(chains(links)),
        group=GROUP,
    )


@settings(settings.get_profile("placement"), max_examples=400)
@given(instances(), requests(), st.integers(0, 25))
def test_the_index_chooses_exactly_what_the_generic_pipeline_chooses(
    cluster: list[InstanceFacts], request: PlacementRequest, count: int
) -> None:
    indexed = place(cluster, request, count, random.Random(1), indexed_path=True)
    generic = place(cluster, request, count, random.Random(1), indexed_path=False)
    explained = place(cluster, request, count, random.Random(1), explain=True)
    assert indexed.placements == generic.placements == explained.placements
    assert indexed.failures == generic.failures == explained.failures


@settings(settings.get_profile("placement"), max_examples=300)
@given(instances(), requests(), st.integers(0, 25), st.integers())
def test_random_from_kept_eligibility_draws_and_chooses_what_the_generic_pipeline_does(
    cluster: list[InstanceFacts], request: PlacementRequest, count: int, seed: int
) -> None:
    cluster = sorted(cluster, key=lambda facts: facts.index)  # a listing is in index order
    request = dataclasses.replace(request, strategies=(PlacementStrategy(type="random"),))
    kept = Eligibility()
    kept.passing(cluster, request, build_steps(request))  # kept from an earlier call
    fast, slow = random.Random(seed), random.Random(seed)
    quick = place(cluster, request, count, fast, known=kept)
    generic = place(cluster, request, count, slow, indexed_path=False)
    assert quick.placements == generic.placements
    assert quick.failures == generic.failures
    assert [d.instance_arn for d in quick.decisions] == [d.instance_arn for d in generic.decisions]
    assert fast.getstate() == slow.getstate()


@settings(settings.get_profile("placement"), max_examples=200)
@given(instances(), requests(ALL_LINKS), st.integers(0, 25), st.integers())
def test_an_explanation_replayed_from_recorded_draws_is_the_one_built_while_placing(
    cluster: list[InstanceFacts], request: PlacementRequest, count: int, seed: int
) -> None:
    tape = Tape(random.Random(seed))
    result = place(cluster, request, count, tape)
    chosen = [decision.instance_arn for decision in result.decisions]
    later = Explanations(cluster, request, count, tape, chosen)
    now = place(cluster, request, count, random.Random(seed), explain=True)
    for task, decision in enumerate(now.decisions):
        assert later.rows(task) == decision.to_rows()


@settings(settings.get_profile("placement"), max_examples=200)
@given(instances(), requests(ALL_LINKS), st.integers(0, 25))
def test_placement_never_overcommits_an_instance_or_double_books_a_port(
    cluster: list[InstanceFacts], request: PlacementRequest, count: int
) -> None:
    result = place(cluster, request, count, random.Random(2))
    tasks = Counter(result.placements)
    by_arn = {facts.arn: facts for facts in cluster}
    for arn, placed in tasks.items():
        facts = by_arn[arn]
        assert facts.status == "ACTIVE" and facts.agent_connected
        assert placed * request.cpu <= facts.remaining_cpu
        assert placed * request.memory <= facts.remaining_memory
        if request.tcp_ports:  # a static host port is one task's per instance
            assert placed == 1 and facts.used_tcp_ports.isdisjoint(request.tcp_ports)
        if request.uses_eni and facts.free_enis is not None:
            assert placed <= facts.free_enis
        if any(c.type == "distinctInstance" for c in request.constraints):
            assert placed == 1 and facts.task_groups.get(GROUP, 0) == 0


@settings(settings.get_profile("placement"), max_examples=200)
@given(instances(), requests(ALL_LINKS), st.integers(0, 25))
def test_every_task_is_either_placed_or_accounted_for_by_failures(
    cluster: list[InstanceFacts], request: PlacementRequest, count: int
) -> None:
    result = place(cluster, request, count, random.Random(3))
    assert len(result.decisions) == count
    assert [d.instance_arn for d in result.decisions if d.placed] == result.placements
    # once a task fails nothing has changed, so every later task fails too
    assert [d.placed for d in result.decisions] == sorted(
        (d.placed for d in result.decisions), reverse=True
    )
    assert bool(result.failures) == (result.unplaced > 0)
    pairs = [(f.get("arn"), f["reason"]) for f in result.failures]
    assert len(pairs) == len(set(pairs))
    active = {f.arn for f in cluster if f.status == "ACTIVE"}
    assert {arn for arn, _ in pairs if arn} <= active


@settings(settings.get_profile("placement"), max_examples=100)
@given(instances(), requests(ALL_LINKS), st.integers(1, 10), st.integers())
def test_the_same_seed_always_gives_the_same_placements(
    cluster: list[InstanceFacts], request: PlacementRequest, count: int, seed: int
) -> None:
    first = place(cluster, request, count, random.Random(seed))
    again = place(list(reversed(cluster)), request, count, random.Random(seed), explain=True)
    assert first.placements == again.placements
