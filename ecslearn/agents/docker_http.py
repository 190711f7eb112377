"""ELB's calls to a Docker task's container, over the real network (`TargetCall` -> `TargetReply`).

Where a target is on the Docker host, as the Docker agent lays tasks out
(`ecslearn.agents.docker_runtime`):

- ``bridge``: the host port Docker published (the one it picked for ``hostPort`` 0, read back
  into the task's ``networkBindings``) on the Docker host;
- ``host``: the container's own port on the Docker host;
- ``awsvpc``: the container port on the task's own address (its network's IP, which the task
  reports as ``privateIPv4Address``): reachable from the Docker host itself, as a VPC address
  is from the load balancer's subnets.

The Docker host is the machine the engine runs on: this one for a local socket, the host of
``DOCKER_HOST=tcp://...`` otherwise. The HTTP is plain ``http.client``, one connection a call
(ELB keeps connections to targets alive; ecslearn's containers close theirs after each answer).
"""

from __future__ import annotations

import http.client
import time
from typing import Any
from urllib.parse import urlsplit

from ecslearn.agents.target_calls import (
    CONNECT_TIMEOUT,
    MALFORMED,
    REFUSED,
    RESET,
    TIMEOUT,
    UNREACHABLE,
    TargetCall,
    TargetReply,
)
from ecslearn.model.task import Task

#: How much of a body the reply keeps (the rest is read and dropped).
BODY_EXCERPT = 300
#: The most of a body read at all (a learner's container is small; a stream must not hang us).
BODY_LIMIT = 64 * 1024


def docker_host(base_url: str) -> str:
    """The Docker host's address from the engine client's base URL: loopback for a local socket
    (``http+docker://localhost``), the URL's host for ``tcp://`` (``http://10.0.0.5:2375``)."""
    parts = urlsplit(base_url)
    if parts.scheme in ("http", "https") and parts.hostname:
        return parts.hostname
    return "127.0.0.1"


def task_address(task: Task) -> str | None:
    """An awsvpc task's own address, as its ENI attachment reports it."""
    for attachment in task.attachments or []:
        for detail in attachment.get("details", []):
            if detail.get("name") == "privateIPv4Address" and detail.get("value"):
                return str(detail["value"])
    return None


def address_of(task: Task, port: int, host: str) -> tuple[str, int]:
    """Where ELB connects for the task's `port` (see the module)."""
    if task.network_mode == "awsvpc":
        return task_address(task) or host, port
    return host, port


def send(host: str, port: int, call: TargetCall) -> TargetReply:
    """Send `call` to host:port and read the answer; a failure is a reply, never raised."""
    where = f"{host}:{port}"
    started = time.monotonic()

    def failed(kind: str, error: BaseException) -> TargetReply:
        latency = time.monotonic() - started
        detail = str(error) or type(error).__name__
        return TargetReply(None, latency=latency, address=where, failure=kind, detail=detail)

    connection = http.client.HTTPConnection(host, port, timeout=call.connect_timeout)
    try:
        try:
            connection.connect()
        except ConnectionRefusedError as error:
            return failed(REFUSED, error)
        except TimeoutError as error:
            return failed(CONNECT_TIMEOUT, error)
        except OSError as error:
            return failed(UNREACHABLE, error)
        if call.connect_only:
            return TargetReply(None, latency=time.monotonic() - started, address=where)
        assert connection.sock is not None
        connection.sock.settimeout(call.read_timeout)
        try:
            connection.request(call.method, call.path, headers=call.headers)
            response = connection.getresponse()
            body = response.read(BODY_LIMIT) if call.method != "HEAD" else b""
        except TimeoutError as error:
            return failed(TIMEOUT, error)
        except http.client.RemoteDisconnected as error:  # closed before any answer
            return failed(RESET, error)
        except (http.client.BadStatusLine, http.client.LineTooLong) as error:
            return failed(MALFORMED, error)
        except (http.client.HTTPException, OSError) as error:
            return failed(RESET, error)
        return TargetReply(
            response.status,
            body=body.decode("utf-8", "replace")[:BODY_EXCERPT],
            latency=time.monotonic() - started,
            address=where,
        )
    finally:
        connection.close()


class DockerTargetCalls:
    """The Docker runtime's answer to ELB's calls (mixed into `DockerRuntime`, whose engine
    client is `api`): the agent capability `ecslearn.agents.target_calls.ReachesContainers`."""

    api: Any

    def call_container(self, task: Task, port: int, call: TargetCall) -> TargetReply:
        """ELB's request to the task's container, over the real network (see the module)."""
        host = docker_host(str(self.api.base_url))
        return send(*address_of(task, port, host), call)
