"""Endpoints for test harnesses on `ecslearn serve`: a fresh world, the clock, the state.

A test suite that drives the server over HTTP (the AWS CLI, a deploy script in another
language) needs what `mock_aws` gives in-process: a clean world per test and control of time.

- ``POST /ecslearn/reset``: a fresh world without a restart (same seed and region, or a JSON
  body ``{"seed": 3, "region": "eu-west-1"}``); answers ``{"reset": true, "seed": ...,
  "region": ..., "now": 0.0}``.
- ``POST /moto-api/reset``: the same, at the path moto's harnesses call; answers moto's
  ``{"status": "ok"}``.
- ``POST /ecslearn/clock`` with ``{"advance": 600}``: move the simulated clock 600 seconds now
  (everything due runs); ``GET /ecslearn/clock``: the time. Both answer ``{"now": seconds since
  the start, "timestamp": epoch seconds, "speed": simulated seconds per wall second}``.
- ``GET /ecslearn/state``: what the world holds, per region (clusters, container instances,
  services with their counts and deployments, tasks by status) as JSON; ``?full=1`` gives the
  whole saved document (what ``sim.save`` writes).

They answer only requests from this machine (the peer's address is loopback), whatever
``--allow-remote`` says: they reset or fast-forward the world of everyone using the server.
Their answers are plain JSON, not an AWS protocol (no AWS SDK calls them).
"""

from __future__ import annotations

import ipaddress
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecslearn.api.host import SimulationHost
    from ecslearn.simulation import Simulation

RESET = "/ecslearn/reset"
MOTO_RESET = "/moto-api/reset"
CLOCK = "/ecslearn/clock"
STATE = "/ecslearn/state"
PATHS = (RESET, MOTO_RESET, CLOCK, STATE)
#: The largest body a harness endpoint reads (they take a few numbers).
MAX_BODY = 64 * 1024
#: One simulated call of the clock endpoint moves at most this far (a week): a typo of a few
#: zeros should not leave the server busy for minutes.
MAX_ADVANCE = 7 * 24 * 3600.0

#: status, headers, body, what to log
Answer = tuple[int, list[tuple[str, str]], bytes, str]


def is_loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


def _json(status: int, data: Any, what: str) -> Answer:
    body = json.dumps(data, default=str).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    return status, headers, body, what


def _refused(status: int, message: str, what: str) -> Answer:
    return _json(status, {"message": message}, what)


def _body(environ: dict[str, Any]) -> dict[str, Any]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length > MAX_BODY:
        raise ValueError(f"the body is over {MAX_BODY} bytes")
    raw = environ["wsgi.input"].read(length) if length else b""
    if not raw.strip():
        return {}
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def answer(host: SimulationHost, environ: dict[str, Any], method: str) -> Answer | None:
    """The answer to a harness request, or None when the path is not a harness endpoint."""
    path = environ.get("PATH_INFO") or "/"
    if path not in PATHS:
        return None
    what = f"{method} {path}"
    if not is_loopback(str(environ.get("REMOTE_ADDR", ""))):
        return _refused(403, f"{path} answers requests from this machine only.", what)
    allowed = ("GET", "POST") if path == CLOCK else ("GET",) if path == STATE else ("POST",)
    if method not in allowed:
        status, headers, body, what = _refused(
            405, f"{path} takes {' or '.join(allowed)}, not {method[:20]}.", what
        )
        return status, [*headers, ("Allow", ", ".join(allowed))], body, what
    try:
        request = _body(environ) if method == "POST" else {}
        if path in (RESET, MOTO_RESET):
            return _reset(host, request, path, what)
        if path == CLOCK:
            return _clock(host, request, method, what)
        full = "full=1" in str(environ.get("QUERY_STRING", "")).split("&")
        return _json(200, host.read(lambda sim: state(sim, full=full)), what)
    except (ValueError, TypeError) as error:  # json's errors are ValueErrors
        return _refused(400, f"Bad request to {path}: {error}.", what)


def _reset(host: SimulationHost, request: dict[str, Any], path: str, what: str) -> Answer:
    seed = request.get("seed")
    region = request.get("region")
    if path == RESET:
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise ValueError("seed must be an integer")
        if region is not None and not isinstance(region, str):
            raise ValueError("region must be a string")
    else:  # moto's reset takes no body
        seed = region = None
    sim = host.reset(seed, region)
    if path == MOTO_RESET:
        return _json(200, {"status": "ok"}, what)
    return _json(200, {"reset": True, "seed": sim.seed, "region": sim.region, "now": sim.now}, what)


def _clock(host: SimulationHost, request: dict[str, Any], method: str, what: str) -> Answer:
    if method == "POST":
        seconds = request.get("advance")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise ValueError('the body must be {"advance": <seconds>}')
        if not 0 <= seconds <= MAX_ADVANCE:
            raise ValueError(f"advance must be between 0 and {MAX_ADVANCE:g} seconds")
        host.advance(float(seconds))
    clock = host.read(lambda sim: (sim.now, sim.world.clock.timestamp))
    return _json(200, {"now": clock[0], "timestamp": clock[1], "speed": host.speed}, what)


def state(sim: Simulation, *, full: bool = False) -> dict[str, Any]:
    """What the world holds, as JSON data (the whole saved document when `full`)."""
    if full:
        from ecslearn.control.snapshot import to_document

        return to_document(sim.world)
    regions: dict[str, Any] = {}
    for region in sim.regions():
        tasks: dict[str, int] = {}
        for task in region.tasks.values():
            tasks[task.last_status or "?"] = tasks.get(task.last_status or "?", 0) + 1
        services = []
        for service in region.services.values():
            counts = region.index.counts(service.service_arn or "")
            services.append(
                {
                    "cluster": service.cluster_name,
                    "serviceName": service.service_name,
                    "status": service.status,
                    "desiredCount": service.desired_count,
                    "runningCount": sum(r for r, _ in counts.values()),
                    "pendingCount": sum(p for _, p in counts.values()),
                    "deployments": [
                        {
                            "id": d.id,
                            "status": d.status,
                            "taskDefinition": d.task_definition,
                            "rolloutState": d.rollout_state,
                        }
                        for d in service.deployments or []
                    ],
                }
            )
        regions[region.region] = {
            "clusters": sorted(c.cluster_name or "" for c in region.clusters.values()),
            "containerInstances": len(region.instances),
            "services": services,
            "tasks": tasks,
        }
    return {"now": sim.now, "seed": sim.seed, "region": sim.region, "regions": regions}
