"""Nothing a client sends can break the world (issue 15): the whole-world fuzzer, a short run.

The long run (20,000 steps and more) is ``./dev bench fuzz``; this one is small enough for every
test run and deterministic (derandomized), so a failure here reproduces on any machine.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from tests.fuzz.machine import WorldMachine

TestWorldMachine = WorldMachine.TestCase
TestWorldMachine.settings = settings(
    max_examples=15,
    stateful_step_count=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
