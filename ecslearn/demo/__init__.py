"""``ecslearn demo``: a scenario played in the terminal, with pictures of the cluster.

A scenario is data (`scenarios.SCENARIOS`): the steps a learner would take (boto3 calls, time
passing, faults) and the outcome ECS should reach. `play.play` runs one on a seeded simulation,
prints the timeline as it happens, draws the cluster at the moments worth seeing, and checks the
outcome, so the demo is also a test that the simulation still behaves as the lesson says.
"""

from ecslearn.demo.play import PlayResult, play
from ecslearn.demo.scenarios import SCENARIOS, Scenario, find_scenario

__all__ = ["SCENARIOS", "PlayResult", "Scenario", "find_scenario", "play"]
