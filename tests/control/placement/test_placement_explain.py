"""The explanation: every instance, every step's verdict, every strategy's score, the rank."""

from __future__ import annotations

import random

import pytest

from ecslearn.control.placement.engine import place
from ecslearn.control.placement.explain import PASS
from ecslearn.control.placement.facts import PlacementRequest
from ecslearn.control.placement.steps import (
    AGENT,
    DISTINCT_INSTANCE_UNSATISFIED,
    NOT_A_CANDIDATE,
    RESOURCE_MEMORY,
    RESOURCE_PORTS,
)
from ecslearn.control.placement.synthetic import instance
from ecslearn.model.service import PlacementStrategy
from ecslearn.model.task_definition import PlacementConstraint

GROUP = "service:web"
ZONE_SPREAD = PlacementStrategy(type="spread", field="attribute:ecs.availability-zone")
BINPACK = PlacementStrategy(type="binpack", field="memory")

INSTANCES = [
    instance(0, zone="us-east-1a", status="DRAINING"),
    instance(1, zone="us-east-1a", agent_connected=False),
    instance(2, zone="us-east-1a", memory=256),
    instance(3, zone="us-east-1b", used_tcp_ports=frozenset({22, 8080})),
    instance(4, zone="us-east-1b", memory=2048, task_groups={GROUP: 1}),
    instance(5, zone="us-east-1c", memory=3000),
    instance(6, zone="us-east-1c", memory=1024),
]
REQUEST = PlacementRequest(
    cpu=128,
    memory=512,
    tcp_ports=frozenset({8080}),
    group=GROUP,
    strategies=(ZONE_SPREAD, BINPACK),
    constraints=(PlacementConstraint(type="distinctInstance"),),
)


def explained(count: int = 1):
    return place(INSTANCES, REQUEST, count, random.Random(0), explain=True)


def test_the_table_lists_every_instance_with_the_step_that_ruled_it_out() -> None:
    rows = explained().decisions[0].to_rows()
    assert [row["index"] for row in rows] == list(range(len(INSTANCES)))
    assert [row["ruled out by"] for row in rows] == [
        "active",
        "agent",
        "memory",
        "ports",
        "distinctInstance",
        None,
        None,
    ]
    assert rows[1]["agent"] == AGENT
    assert rows[2]["memory"] == RESOURCE_MEMORY
    assert rows[2]["why"] == "needs 512 MiB, 256 remaining"
    assert rows[3]["ports"] == RESOURCE_PORTS
    assert rows[4]["distinctInstance"] == DISTINCT_INSTANCE_UNSATISFIED
    assert rows[0]["active"] == NOT_A_CANDIDATE


def test_every_row_has_the_same_columns_so_it_renders_as_a_table() -> None:
    rows = explained().decisions[0].to_rows()
    assert len({tuple(row) for row in rows}) == 1
    assert list(rows[0]) == [
        "instance",
        "index",
        "status",
        "zone",
        "active",
        "agent",
        "cpu",
        "memory",
        "ports",
        "distinctInstance",
        "ruled out by",
        "why",
        "spread(attribute:ecs.availability-zone)",
        "binpack(memory)",
        "rank",
        "chosen",
    ]


def test_eligible_instances_show_each_strategys_score_and_their_rank() -> None:
    rows = explained().decisions[0].to_rows()
    eligible = [row for row in rows if row["ruled out by"] is None]
    assert all(row[step] == PASS for row in eligible for step in ("cpu", "memory", "ports"))
    # zone c has no task of the group (zone b's one counts though its instance is ruled out)
    assert [(row["index"], row["binpack(memory)"], row["rank"]) for row in eligible] == [
        (5, 3000 - 512, 2),
        (6, 1024 - 512, 1),
    ]
    assert [row["chosen"] for row in rows] == [False] * 6 + [True]
    assert all(row["rank"] is None for row in rows if row["ruled out by"])


def test_each_task_of_a_call_gets_its_own_table_reflecting_the_earlier_tasks() -> None:
    result = explained(count=3)
    assert result.placements == [INSTANCES[6].arn, INSTANCES[5].arn]
    second = result.explanation(1)
    assert second.for_instance(INSTANCES[6].id).ruled_out_by.step == "ports"
    third = result.explanation(2)
    assert third.chosen_arn is None
    assert all(not row.eligible for row in third.instances)


def test_the_table_prints_as_plain_text() -> None:
    text = str(explained().explanation(0))
    assert "ruled out by" in text.splitlines()[0]
    assert len(text.splitlines()) == len(INSTANCES) + 2


def test_explaining_does_not_change_the_choice() -> None:
    quiet = place(INSTANCES, REQUEST, 3, random.Random(0))
    assert quiet.placements == explained(3).placements
    assert quiet.failures == explained(3).failures


def test_without_explain_there_is_no_table() -> None:
    result = place(INSTANCES, REQUEST, 1, random.Random(0))
    assert result.decisions[0].explanation is None
    with pytest.raises(ValueError, match="explain=True"):
        result.decisions[0].to_rows()
