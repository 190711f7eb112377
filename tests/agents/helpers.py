"""Helpers of the Docker tests: describe a task, wait at wall-clock speed, fetch over HTTP,
and the demo images' container definitions."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable
from typing import Any

from ecslearn import Simulation
from ecslearn.agents import docker as docker_agent

Run = Callable[..., dict[str, Any]]


def describe(ecs: Any, arn: str) -> dict[str, Any]:
    return ecs.describe_tasks(cluster="lab", tasks=[arn])["tasks"][0]


def wait_until(sim: Simulation, ready: Callable[[], Any], timeout: float = 20) -> Any:
    """Advance (at wall-clock speed) until `ready()` is true."""
    deadline = sim.now + timeout
    while not (result := ready()) and sim.now < deadline:
        sim.advance(docker_agent.POLL_SECONDS)
    return result


def get(port: int | str, host: str = "127.0.0.1", path: str = "/") -> str:
    for _ in range(50):  # the server may need a moment after its container started
        try:
            with urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=2) as response:
                return response.read().decode().strip()
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answers on {host}:{port}")


def container(task: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in task["containers"] if c["name"] == name)


def web(**extra: Any) -> dict[str, Any]:
    return {"name": "web", "image": "ecslearn/web:1", "memory": 32, **extra}


def worker(name: str, sleep: float = 0, exit_code: int = 0, **extra: Any) -> dict[str, Any]:
    environment = [
        {"name": "SLEEP", "value": str(sleep)},
        {"name": "EXIT_CODE", "value": str(exit_code)},
        *extra.pop("environment", []),
    ]
    return {
        "name": name,
        "image": "ecslearn/worker:1",
        "memory": 32,
        "environment": environment,
        **extra,
    }
