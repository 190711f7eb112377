"""The ``ecslearn`` command: the way in from a terminal."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path


def _notebooks_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "notebooks"


def _lab(args: argparse.Namespace) -> int:
    jupyter = shutil.which("jupyter")
    if jupyter is None:
        print(
            "JupyterLab is not installed here: run ./dev lab from the repository, or "
            "pip install 'ecslearn[lab]'.",
            file=sys.stderr,
        )
        return 1
    os.execv(jupyter, [jupyter, "lab", str(args.notebooks or _notebooks_dir())])
    return 0  # pragma: no cover - execv does not return


def _operations(_: argparse.Namespace) -> int:
    from ecslearn import Simulation
    from ecslearn.control.shapes import service_model

    implemented = set(Simulation().dispatcher.implemented("ecs"))
    every = service_model("ecs").operation_names
    print(f"ecslearn simulates {len(implemented)} of ECS's {len(every)} operations:\n")
    for name in every:
        print(f"  {'x' if name in implemented else ' '} {name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ecslearn",
        description="Learn AWS ECS: a faithful simulation of its control plane, in Jupyter.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    lab = commands.add_parser("lab", help="open the lessons in JupyterLab")
    lab.add_argument("notebooks", nargs="?", help="folder of notebooks (default: the lessons)")
    lab.set_defaults(run=_lab)
    ops = commands.add_parser("operations", help="list the ECS operations ecslearn simulates")
    ops.set_defaults(run=_operations)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
