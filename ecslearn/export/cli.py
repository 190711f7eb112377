"""``ecslearn export``: the only part of the export package that reads and writes files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXPORT_DESCRIPTION = """\
Take a task definition (and a service) out of ecslearn: to a real AWS account, to Docker
Compose on your laptop, or to Kubernetes to compare the two. Reads a RegisterTaskDefinition
JSON (what `aws ecs register-task-definition --cli-input-json` takes, or what
describe-task-definition returns under "taskDefinition") and, with --service, a CreateService
JSON or a service as describe-services returns it.

  ecs         register-task-definition / create-service --cli-input-json files: only request
              members; ARNs, revisions, status, counts and events are ECS's to set.
  compose     one Compose service per container. memory -> mem_limit, memoryReservation ->
              mem_reservation, cpu -> cpu_shares, dependsOn -> depends_on (START ->
              service_started, HEALTHY -> service_healthy, SUCCESS and COMPLETE ->
              service_completed_successfully: Compose cannot wait for "exited, any code"),
              healthCheck -> healthcheck, stopTimeout -> stop_grace_period. awsvpc becomes a
              pause service whose network namespace every container joins, as ECS does it.
              No equivalent: essential, task-level cpu/memory, roles (kept under x-ecs).
  kubernetes  REPLICA -> Deployment (replicas = desiredCount, maxUnavailable = 100 -
              minimumHealthyPercent %, maxSurge from maximumPercent), DAEMON -> DaemonSet,
              ports -> Service, healthCheck -> livenessProbe (+ startupProbe for startPeriod),
              cpu shares -> requests.cpu (1024 = 1000m), memory -> limits, memoryReservation
              -> requests, COMPLETE/SUCCESS targets -> initContainers. No equivalent:
              essential and START/HEALTHY ordering (kept as annotations), IAM roles.
  compose-import  a Compose file back to a RegisterTaskDefinition JSON.
  cloudformation  everything built in a simulation (clusters, task definitions, services, load
              balancers, Auto Scaling groups, capacity providers, service auto scaling, alarms,
              log groups, Cloud Map) as one CloudFormation template, read from a saved world
              (--state) or a running `ecslearn serve` (--endpoint). VPC, subnets, security
              groups, the AMI, the instance profile and IAM roles become parameters."""

EXPORT_EPILOG = """\
examples:
  ecslearn export ecs --task-definition web.json -o web-request.json
  aws ecs register-task-definition --cli-input-json file://web-request.json
  ecslearn export ecs --task-definition web.json --service web-service.json
  ecslearn export compose --task-definition web.json -o compose.yaml && docker compose up
  ecslearn export kubernetes --task-definition web.json --service svc.json | kubectl apply -f -
  ecslearn export compose-import compose.yaml --family web -o web.json
  ecslearn export cloudformation --state world.json -o template.yaml
  ecslearn export cloudformation --endpoint http://127.0.0.1:4566 --include batch:3
  aws cloudformation deploy --template-file template.yaml --stack-name shop \\
      --parameter-overrides VpcId=vpc-... Subnets=subnet-a,subnet-b"""


def _read_json(path: str) -> dict[str, Any]:
    data = json.loads(Path(path).read_text())
    for key in ("taskDefinition", "service"):  # describe-* output wraps the object
        if isinstance(data.get(key), dict):
            data = data[key]
    return data


def _emit(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text)
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def _endpoint_clients(url: str, region: str) -> Any:
    import boto3

    def client(name: str) -> Any:
        return boto3.client(
            name,
            endpoint_url=url,
            region_name=region,
            aws_access_key_id="ecslearn",
            aws_secret_access_key="ecslearn",
        )

    return client


def _cloudformation(args: argparse.Namespace) -> int:
    from ecslearn.export import cloudformation

    includes = tuple(args.include or ())
    if bool(args.state) == bool(args.endpoint):
        print("export cloudformation needs --state FILE or --endpoint URL", file=sys.stderr)
        return 2
    if args.state:
        from ecslearn.simulation import Simulation

        sim = Simulation.load(args.state)
        try:
            body = cloudformation.template(sim, includes, region=args.region)
        finally:
            sim.close()
    else:
        region = args.region or "us-east-1"
        body = cloudformation.from_clients(_endpoint_clients(args.endpoint, region), includes)
    as_json = args.output is not None and args.output.endswith(".json")
    text = json.dumps(body, indent=2) + "\n" if as_json else cloudformation.to_yaml(body)
    _emit(text, args.output)
    return 0


def _run(args: argparse.Namespace) -> int:
    from ecslearn.export import compose, ecs_json, kubernetes
    from ecslearn.model.service import Service
    from ecslearn.model.task_definition import TaskDefinition

    if args.target == "cloudformation":
        return _cloudformation(args)
    if args.target == "compose-import":
        if not args.source or not args.family:
            print("compose-import needs a Compose FILE and --family NAME", file=sys.stderr)
            return 2
        import yaml

        td = compose.to_task_definition(yaml.safe_load(Path(args.source).read_text()), args.family)
        _emit(json.dumps(ecs_json.task_definition(td), indent=2) + "\n", args.output)
        return 0
    path = args.task_definition or args.source
    if not path:
        print(f"export {args.target} needs --task-definition FILE.json", file=sys.stderr)
        return 2
    td = TaskDefinition.from_json(_read_json(path))
    service = Service.from_json(_read_json(args.service)) if args.service else None
    if service is not None and service.service_name is None:
        print("the --service file has no serviceName", file=sys.stderr)
        return 2
    if args.target == "ecs":
        data = ecs_json.service(service) if service else ecs_json.task_definition(td)
        _emit(json.dumps(data, indent=2) + "\n", args.output)
    elif args.target == "compose":
        _emit(compose.from_task_definition_yaml(td), args.output)
    else:
        _emit(kubernetes.to_yaml(kubernetes.manifests(td, service=service)), args.output)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``export`` to the ``ecslearn`` command."""
    export = commands.add_parser(
        "export",
        help="a task definition or service as AWS CLI JSON, Docker Compose or Kubernetes; "
        "a whole world as a CloudFormation template",
        description=EXPORT_DESCRIPTION,
        epilog=EXPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "target", choices=["ecs", "compose", "kubernetes", "compose-import", "cloudformation"]
    )
    export.add_argument("source", nargs="?", help="the Compose file, for compose-import")
    export.add_argument(
        "--task-definition", metavar="FILE.json", help="a RegisterTaskDefinition JSON"
    )
    export.add_argument(
        "--service",
        metavar="FILE.json",
        help="a CreateService JSON (for ecs: export the service instead; for kubernetes: "
        "Deployment or DaemonSet, replicas and rolling update from it)",
    )
    export.add_argument("--family", help="family of the imported task definition")
    export.add_argument("--state", metavar="FILE", help="cloudformation: a saved world")
    export.add_argument(
        "--endpoint", metavar="URL", help="cloudformation: a running `ecslearn serve`"
    )
    export.add_argument("--region", help="cloudformation: the region to export")
    export.add_argument(
        "--include",
        action="append",
        metavar="FAMILY[:REVISION]",
        help="cloudformation: also this task definition (family = its latest ACTIVE revision)",
    )
    export.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    export.set_defaults(run=_run)
