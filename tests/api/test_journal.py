"""`ecslearn serve --state`: the snapshot and its write-ahead journal (`ecslearn.api.journal`).

A kill -9 at any moment loses no answered call; the journal replays to exactly the world the
server held (clock moves included); a state file of the earlier format (a snapshot alone) loads.
"""

from __future__ import annotations

import json
import random
import signal
import threading
import time
from pathlib import Path
from typing import Any

import botocore.exceptions

from ecslearn import Simulation
from ecslearn.api import ServeOptions, journal, start_server
from ecslearn.control import snapshot
from tests.api.test_serve import ecs_client, launch, register_instance, web_definition

CALLS = 40  # per server: bounded, and few enough that the instances never fill up


def nth_call(ecs: Any, index: int) -> None:
    """The index-th call of a fixed sequence that changes the world every time."""
    if index == 0:
        ecs.create_cluster(clusterName="k")
    elif index in (1, 2):
        register_instance(ecs, "k", index - 1)
    elif index == 3:
        ecs.register_task_definition(**web_definition("k"))
    elif index % 2:
        ecs.run_task(cluster="k", taskDefinition="k")
    else:
        ecs.create_cluster(clusterName=f"c{index}")


def reference(calls: int) -> dict[str, Any]:
    """The world of a server that answered the first `calls` calls (speed 0: no clock moves)."""
    sim = Simulation(seed=7)
    ecs = sim.client("ecs")
    for index in range(calls):
        nth_call(ecs, index)
    return comparable(snapshot.to_document(sim.world))


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document without the counts DescribeServices caches on deployments: a read writes
    them (and reads are not journaled); every answer derives them afresh from the tasks."""
    for region in document["regions"].values():
        for service in region["services"].values():
            for deployment in service.get("deployments") or []:
                deployment.pop("runningCount", None)
                deployment.pop("pendingCount", None)
    return document


def loaded(state: Path) -> dict[str, Any]:
    sim, _ = journal.load(state)
    return comparable(snapshot.to_document(sim.world))


def test_a_kill_9_at_any_moment_loses_no_answered_call(tmp_path: Path) -> None:
    chance = random.Random(14)
    for round_ in range(3):
        state = tmp_path / f"world{round_}.json"
        server = launch(tmp_path, "--speed", "0", "--seed", "7", "--state", str(state))
        ecs = ecs_client(server.url)
        killer = threading.Timer(chance.uniform(0.3, 2.5), server.stop, (signal.SIGKILL,))
        killer.start()
        answered = 0
        try:
            for index in range(CALLS):
                try:
                    nth_call(ecs, index)
                except (botocore.exceptions.BotoCoreError, ConnectionError):
                    break  # killed: this call was not answered
                answered += 1
        finally:
            killer.cancel()
            server.stop(signal.SIGKILL)
        after = loaded(state)
        # The call in flight at the kill may have reached the journal without being answered.
        expected = [reference(answered)]
        if answered < CALLS:
            expected.append(reference(answered + 1))
        assert after in expected, f"round {round_}: {answered} answered calls"
        assert journal.journal_path(state).exists()


def test_the_journal_replays_to_the_world_the_server_held(tmp_path: Path) -> None:
    """With the clock running (and the ticker moving it between calls), a world loaded from the
    state file and its journal equals the live one, clock and timeline included."""
    state = tmp_path / "world.json"
    server = start_server(
        ServeOptions(port=0, state=str(state), speed=40, seed=3, quiet=True)
    ).start_in_thread()
    try:
        ecs = ecs_client(server.url)
        for index in range(12):
            nth_call(ecs, index)
            time.sleep(0.1)
        ecs.create_service(cluster="k", serviceName="svc", taskDefinition="k", desiredCount=3)
        time.sleep(1.0)  # the ticker moves the clock: tasks start, the service settles
        ecs.describe_services(cluster="k", services=["svc"])
        host = server.host
        with host.lock:
            assert host.journal is not None
            host.journal.flush()
            live = comparable(snapshot.to_document(host.sim.world))
            assert host.journal.snapshots == 0  # all of it is in the journal
            replayed = loaded(state)
        assert replayed["clock"] == live["clock"]
        assert replayed["events"] == live["events"]
        assert replayed == live
    finally:
        server.close()
    # A clean stop writes the whole world and empties the journal.
    assert journal.journal_path(state).read_text() == ""
    assert json.loads(state.read_text())[journal.SEQUENCE_KEY] > 0


def test_a_compaction_keeps_everything_and_empties_the_journal(tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    server = start_server(ServeOptions(port=0, state=str(state), seed=5, quiet=True))
    server.start_in_thread()
    try:
        ecs = ecs_client(server.url)
        for index in range(6):
            nth_call(ecs, index)
        server.host.save()  # what the ticker does when the journal is long
        assert journal.journal_path(state).read_text() == ""
        for index in range(6, 10):
            nth_call(ecs, index)
        with server.host.lock:
            server.host.journal.flush()  # type: ignore[union-attr]
            live = comparable(snapshot.to_document(server.host.sim.world))
            # A kill between the snapshot's rename and the journal's truncation: lines already
            # in the snapshot are skipped, not applied twice.
            stale = journal.journal_path(state).read_text()
            server.host.journal.compact()  # type: ignore[union-attr]
            journal.journal_path(state).write_text(stale)
            assert loaded(state) == live
    finally:
        server.close()


def test_a_state_file_of_the_earlier_format_loads(tmp_path: Path) -> None:
    state = tmp_path / "old.json"
    sim = Simulation(seed=2)
    ecs = sim.client("ecs")
    for index in range(6):
        nth_call(ecs, index)
    sim.advance(30)
    sim.save(state)  # a snapshot alone, with no journal sequence
    assert journal.SEQUENCE_KEY not in json.loads(state.read_text())
    assert loaded(state) == comparable(snapshot.to_document(sim.world))
    # And the server carries on from it.
    server = start_server(ServeOptions(port=0, state=str(state), quiet=True)).start_in_thread()
    try:
        ecs = ecs_client(server.url)
        ecs.create_cluster(clusterName="after")
        names = {a.rsplit("/", 1)[1] for a in ecs.list_clusters()["clusterArns"]}
        assert {"k", "after"} <= names
    finally:
        server.close()
    assert "after" in Simulation.load(state).region_state("us-east-1").clusters


def test_a_torn_last_line_is_dropped(tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    server = start_server(ServeOptions(port=0, state=str(state), speed=0, seed=7, quiet=True))
    server.start_in_thread()
    try:
        ecs = ecs_client(server.url)
        for index in range(5):
            nth_call(ecs, index)
        server.host.journal.flush()  # type: ignore[union-attr]
        lines = journal.journal_path(state).read_bytes()
    finally:
        server.shutdown()
        server.server_close()  # no clean stop: the journal stays as a kill leaves it
    torn = journal.journal_path(state)
    torn.write_bytes(lines + b'{"n": 99, "call": {"regi')
    assert loaded(state) == reference(5)
    assert torn.read_bytes() == lines
