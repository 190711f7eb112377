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

    implemented = set(Simulation().world.dispatcher.implemented("ecs"))
    every = service_model("ecs").operation_names
    print(f"ecslearn simulates {len(implemented)} of ECS's {len(every)} operations:\n")
    for name in every:
        print(f"  {'x' if name in implemented else ' '} {name}")
    return 0


SERVE_DESCRIPTION = """\
Serve every AWS service ecslearn simulates (ECS, ECR, EC2, EC2 Auto Scaling, Elastic Load
Balancing, Application Auto Scaling, CloudWatch Logs and the others `ecslearn operations` names)
over HTTP on one endpoint, each in its own wire protocol (JSON, query, EC2 or Smithy RPC v2
CBOR, as botocore speaks it), so the tools you will use against real AWS work unchanged: a stock
boto3 client, the AWS CLI, waiters included.
Every call goes through the same dispatcher as the in-process client.

The simulated clock runs against the wall clock: --speed 60 makes one wall second a simulated
minute, so tasks start and services settle while a waiter polls. Request signatures are NOT
checked (any credentials work), which is why it listens on 127.0.0.1 only."""

SERVE_EPILOG = """\
examples:
  ecslearn serve                          # http://127.0.0.1:8014, a fresh world, real time
  ecslearn serve --speed 60 --state world.json
                                          # a simulated minute a second; kept across restarts
  ecslearn serve --port 0                 # any free port (printed on start)

then, in another terminal:
  export AWS_ENDPOINT_URL_ECS=http://127.0.0.1:8014
  export AWS_ACCESS_KEY_ID=ecslearn AWS_SECRET_ACCESS_KEY=ecslearn AWS_DEFAULT_REGION=us-east-1
  aws ecs create-cluster --cluster-name demo
  aws ecs list-clusters

or in Python:
  ecs = boto3.client("ecs", endpoint_url="http://127.0.0.1:8014", region_name="us-east-1")
  ecs.get_waiter("services_stable").wait(cluster="demo", services=["web"])

The region of each call comes from its signature's credential scope (--region on the CLI,
region_name in boto3). Open http://127.0.0.1:8014/ in a browser for the server's status."""


def _serve(args: argparse.Namespace) -> int:
    from ecslearn.api.serve import ServeOptions, serve

    return serve(
        ServeOptions(
            host=args.host,
            port=args.port,
            speed=args.speed,
            seed=args.seed,
            region=args.region,
            state=args.state,
            allow_remote=args.allow_remote,
            quiet=args.quiet,
            fsync=args.fsync,
            request_timeout=args.request_timeout,
            max_connections=args.max_connections,
        )
    )


def _add_serve(commands: argparse._SubParsersAction) -> None:
    from ecslearn.simulation import DEFAULT_REGION

    serve = commands.add_parser(
        "serve",
        help="serve the simulated ECS over HTTP for boto3 and the AWS CLI",
        description=SERVE_DESCRIPTION,
        epilog=SERVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; others need --allow-remote)",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=8014,
        help="port (default 8014, after ECS's API version 2014-11-13; 0 picks a free one)",
    )
    serve.add_argument(
        "--speed",
        type=float,
        default=1.0,
        help="simulated seconds per wall second (default 1; 60 = a minute a second; 0 stops "
        "the clock)",
    )
    serve.add_argument(
        "--state",
        metavar="FILE",
        help="load the world from FILE if it exists, and journal every change to FILE.journal "
        "before it is made (a change that cannot be saved is refused), so a stopped or killed "
        "server carries on where it was",
    )
    serve.add_argument(
        "--fsync",
        action="store_true",
        help="with --state, sync the journal to the disk on every changing call. Without it "
        "(the default) every answered change survives the server being killed (kill -9, a "
        "crash), but the last few seconds of changes may be lost to a power cut or an OS "
        "crash; with it they survive those too, at the cost of an fsync per change",
    )
    serve.add_argument(
        "--seed", type=int, default=0, help="seed of a new world: same seed, same IDs (default 0)"
    )
    serve.add_argument(
        "--region",
        default=DEFAULT_REGION,
        help=f"region of a new world, for unsigned calls (default {DEFAULT_REGION})",
    )
    serve.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host reachable from other machines. There is no authentication: "
        "anyone who can reach the port can drive the simulation. Also accepts requests whose "
        "Host header names another machine (refused otherwise, against DNS rebinding)",
    )
    serve.add_argument(
        "--request-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="cut off a request not fully received this long after its first byte (default 30)",
    )
    serve.add_argument(
        "--max-connections",
        type=int,
        default=100,
        metavar="N",
        help="connections served at once; more wait to be accepted (default 100)",
    )
    serve.add_argument("--quiet", action="store_true", help="do not log each call to stderr")
    serve.set_defaults(run=_serve)


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
    _add_serve(commands)
    from ecslearn.images import add_commands as add_docker_commands

    add_docker_commands(commands)  # images build|list, cleanup
    from ecslearn.export.cli import add_commands as add_export_commands

    add_export_commands(commands)  # export ecs|compose|kubernetes|compose-import
    from ecslearn.demo.cli import add_commands as add_demo_commands

    add_demo_commands(commands)  # demo SCENARIO | --list
    from ecslearn.agents.docker_exec import add_commands as add_exec_commands

    add_exec_commands(commands)  # exec TASK [--container NAME] -- COMMAND...
    from ecslearn.lessons.cli import add_commands as add_progress_commands

    add_progress_commands(commands)  # progress [--json | --csv] [--file PATH]
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
