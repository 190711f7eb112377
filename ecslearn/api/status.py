"""The page a person sees at ``GET /`` of `ecslearn serve`: what this is, the simulated time,
and how to point tools at it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ecslearn import __version__
from ecslearn.services.routing import json_services, xml_services

if TYPE_CHECKING:
    from ecslearn.api.host import SimulationHost
    from ecslearn.simulation import Simulation


def status_page(sim: Simulation, url: str, host: SimulationHost) -> str:
    """What a person sees at GET / of the server at `url`: what this is, the simulated time,
    how to point tools at it."""
    when = dt.datetime.fromtimestamp(sim.world.clock.timestamp, dt.timezone.utc)
    lines = [
        f"ecslearn {__version__}: a simulated AWS ECS control plane, served over HTTP.",
        "",
        f"Simulated time: t={sim.now:.1f}s ({when:%Y-%m-%d %H:%M:%S} UTC), "
        f"running at {host.speed:g} simulated second(s) per wall second.",
        f"Seed {sim.seed}; default region {sim.region}; {host.requests} call(s) served; "
        f"state file: {host.state_path or 'none (the world is lost when the server stops)'}.",
        "",
    ]
    for state in sim.regions():
        running = sum(1 for t in state.tasks.values() if t.last_status == "RUNNING")
        lines.append(
            f"  {state.region}: {len(state.clusters)} cluster(s), "
            f"{len(state.instances)} container instance(s), {len(state.services)} service(s), "
            f"{len(state.tasks)} task(s) ({running} RUNNING)"
        )
    if not sim.regions():
        lines.append("  Nothing created yet.")
    lines += [
        "",
        "Point the AWS CLI at it (any credentials work: signatures are not checked):",
        f"  export AWS_ENDPOINT_URL_ECS={url}",
        "  export AWS_ACCESS_KEY_ID=ecslearn AWS_SECRET_ACCESS_KEY=ecslearn "
        f"AWS_DEFAULT_REGION={sim.region}",
        "  aws ecs list-clusters",
        f"  aws ecs create-cluster --cluster-name demo --endpoint-url {url}",
        "",
        f"  (or export AWS_ENDPOINT_URL={url} to point every service at it: ECS, and the",
        "  ECR, Application Auto Scaling, EC2, SSM and STS operations ecslearn simulates)",
        "",
        "Or boto3:",
        f'  ecs = boto3.client("ecs", endpoint_url="{url}", region_name="{sim.region}",',
        '                     aws_access_key_id="ecslearn", aws_secret_access_key="ecslearn")',
        "  ecs.list_clusters()",
        "",
        "For test harnesses (from this machine only; see ecslearn.api.harness):",
        f"  POST {url}/ecslearn/reset       a fresh world (also POST /moto-api/reset)",
        f'  POST {url}/ecslearn/clock       {{"advance": 600}}: move the clock now',
        f"  GET  {url}/ecslearn/state       what the world holds, as JSON",
        "",
        "JSON targets served (X-Amz-Target): "
        + ", ".join(f"{s.target_prefix}.<Operation>" for s in json_services()),
        "Query services served (a form body with Action=...; the service from the credential "
        "scope): " + ", ".join(f"{s.name} (Version {s.api_version})" for s in xml_services()),
    ]
    return "\n".join(lines) + "\n"
