"""``ecslearn demo``: the argument parsing and exit codes; the playing is in `play`."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from ecslearn.demo.play import DEFAULT_SPEED, MAX_PAUSE, play
from ecslearn.demo.scenarios import SCENARIOS, UnknownScenario, find_scenario

DEFAULT_OUT = "ecslearn-demo"

DEMO_DESCRIPTION = f"""\
Play a scenario in the terminal: the boto3 calls a learner would make, the service events and
task state changes ECS produces (with simulated times), and pictures of the cluster at the
moments worth seeing, written to --out. The simulation is seeded: the same --seed prints the
same lines. Each scenario ends by checking the outcome ECS must reach (describe_services,
describe_tasks); if it is not reached, the command says what differed and exits with 1.

Time is the simulation's virtual clock; --speed only paces the printing (simulated seconds per
wall second, default {DEFAULT_SPEED:g}; a quiet stretch waits at most {MAX_PAUSE:g} s; 0 = no
waiting)."""


def _scenario_list(indent: str = "  ") -> str:
    lines = []
    for scenario in SCENARIOS.values():
        lines.append(f"{indent}{scenario.name}")
        lines.extend(
            textwrap.wrap(
                scenario.shows, width=92, initial_indent=indent * 3, subsequent_indent=indent * 3
            )
        )
    return "\n".join(lines)


def _epilog() -> str:
    return f"""\
scenarios:
{_scenario_list()}

examples:
  ecslearn demo --list
  ecslearn demo rolling-deployment                 # pictures in ./{DEFAULT_OUT}
  ecslearn demo placement-failure --speed 0 --out /tmp/why
  ecslearn demo failure-recovery --seed 7 --speed 5   # other IDs and instants, same outcome"""


def _run(args: argparse.Namespace) -> int:
    if args.list:
        print(_scenario_list())
        return 0
    if not args.scenario:
        print(
            "ecslearn demo: name a scenario to play, one of: "
            f"{', '.join(SCENARIOS)} (ecslearn demo --list says what each shows).",
            file=sys.stderr,
        )
        return 2
    try:
        scenario = find_scenario(args.scenario)
    except UnknownScenario as error:
        print(f"ecslearn demo: {error}", file=sys.stderr)
        return 2
    if args.speed < 0:
        print("ecslearn demo: --speed must be 0 (no waiting) or more.", file=sys.stderr)
        return 2
    out_dir = None if args.no_pictures else Path(args.out)
    result = play(scenario, seed=args.seed, speed=args.speed, out_dir=out_dir)
    if not result.reached:
        print(
            f"\necslearn demo: {scenario.name} did not reach its expected outcome:\n  "
            + "\n  ".join(result.differences),
            file=sys.stderr,
        )
        return 1
    print(f"\n{scenario.name}: expected outcome reached.")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``demo`` to the ``ecslearn`` command."""
    demo = commands.add_parser(
        "demo",
        help="play an ECS scenario in the terminal and write its pictures",
        description=DEMO_DESCRIPTION,
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    demo.add_argument("scenario", nargs="?", help="the scenario to play (see below)")
    demo.add_argument("--list", action="store_true", help="list the scenarios and what they show")
    demo.add_argument(
        "--seed", type=int, default=0, help="seed of the simulation: same seed, same output"
    )
    demo.add_argument(
        "--speed",
        type=float,
        default=DEFAULT_SPEED,
        help=f"simulated seconds per wall second while printing (default {DEFAULT_SPEED:g}; "
        "0 = no waiting)",
    )
    demo.add_argument(
        "--out",
        metavar="DIR",
        default=DEFAULT_OUT,
        help=f"folder for the pictures (default ./{DEFAULT_OUT}); SVG, and PNG when Graphviz can",
    )
    demo.add_argument(
        "--no-pictures", action="store_true", help="only print the timeline and the outcome"
    )
    demo.set_defaults(run=_run)
