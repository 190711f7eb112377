"""What real containers answer ELB: requests and health checks of targets whose task runs on an
agent that reaches its containers (the Docker agent; `ecslearn.agents.target_calls`).

No I/O happens here: this module says what ELB sends and what the answer means, and asks the
task's agent through `ReachesContainers`. A simulated agent answers None, and the caller keeps
ecslearn's simulated answer (`target_address.answer`).

A forwarded request (`deliver`) is the client's method, path and headers with what an
Application Load Balancer adds (its user guide, "HTTP headers and Application Load Balancers"):
the client's ``Host`` header (the load balancer's DNS name as the client wrote it),
``X-Forwarded-For`` (the client's address, ``source_ip``, appended to any the client sent: the
default ``append`` mode), ``X-Forwarded-Proto`` and ``X-Forwarded-Port`` (the listener's
protocol and port). When no HTTP answer comes, ELB answers for the target (the user guide,
"Troubleshoot your Application Load Balancers"): 502 Bad Gateway when the connection is
refused, unreachable, reset or answered with something that is not HTTP; 504 Gateway Timeout
when no connection is made within 10 seconds or no answer comes within the idle timeout.

A health check (`probe`) is a GET (or, for a TCP check, only a connection) to the health
check's port and path with ``User-Agent: ELB-HealthChecker/2.0``, within
HealthCheckTimeoutSeconds. What fails maps onto ELB's reason codes: no answer in time is
``Target.Timeout``; a refused, unreachable, reset or malformed answer is
``Target.FailedHealthChecks`` ("The load balancer received an error while establishing a
connection to the target or the target response was malformed"); a status the matcher
rejects is judged by the caller (``Target.ResponseCodeMismatch``).

Fitting wall-clock I/O to the virtual clock: a health check runs when its ``elb.health_check``
action comes due in virtual time. With a Docker instance the clock is paced to the wall clock
(`ecslearn.agents.docker`), so a check due every 5 virtual seconds probes about every 5 real
seconds. The probe itself takes real time (up to its timeout) during which virtual time stands
still; the pacing absorbs it, since virtual time may lag the wall clock but never leads it.
A request sent now (`sim.send_requests`) is answered at the current virtual time, its real
latency recorded apart.

ecslearn's choices where AWS leaves it open: hop-by-hop headers are not passed on; the Host
header of a health check is the target's address and port; ELB's idle timeout is its default,
60 seconds (ecslearn keeps no load balancer attributes); an HTTPS listener or check still
speaks plain HTTP to the container (the demo containers have no TLS).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from ecslearn.agents.target_calls import (
    CONNECT_TIMEOUT,
    MALFORMED,
    REFUSED,
    RESET,
    TIMEOUT,
    UNREACHABLE,
    ReachesContainers,
    TargetCall,
    TargetReply,
)
from ecslearn.control.load_balancing.rule_conditions import DEFAULT_SOURCE_IP
from ecslearn.control.state import RegionState
from ecslearn.model.load_balancing import Target, TargetGroup
from ecslearn.model.task import Task

if TYPE_CHECKING:
    from ecslearn.control.world import World

#: ELB's connection timeout to a target (the 504 cause "failed to establish a connection to the
#: target before the connection timeout expired (10 seconds)").
CONNECT_SECONDS = 10.0
#: ELB's default idle timeout (``idle_timeout.timeout_seconds``).
IDLE_TIMEOUT_SECONDS = 60.0
HEALTH_CHECKER = "ELB-HealthChecker/2.0"

#: ELB's answer when a forwarded request gets no HTTP answer, by how the call failed.
GATEWAY_STATUS = {
    REFUSED: (502, "502 Bad Gateway", "the target refused the connection"),
    UNREACHABLE: (502, "502 Bad Gateway", "the target's address is unreachable"),
    RESET: (502, "502 Bad Gateway", "the target closed the connection without an answer"),
    MALFORMED: (502, "502 Bad Gateway", "the target's answer is not HTTP"),
    CONNECT_TIMEOUT: (504, "504 Gateway Time-out", "no connection within 10 seconds"),
    TIMEOUT: (504, "504 Gateway Time-out", "no answer within the idle timeout"),
}


#: Headers that belong to one connection, not passed on (RFC 9110, 7.6.1), and those ELB sets.
_NOT_PASSED_ON = frozenset(
    {"connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "host"}
    | {"x-forwarded-proto", "x-forwarded-port", "x-forwarded-for"}
)


@dataclass(frozen=True)
class ClientRequest:
    """What the client sent the load balancer: the method, the path (with its query), the Host
    header, its other headers, its address, and the listener's protocol and port."""

    path: str = "/"
    host: str = ""
    scheme: str = "http"
    port: int = 80
    method: str = "GET"
    headers: Sequence[tuple[str, str]] = ()
    source_ip: str = DEFAULT_SOURCE_IP


def _reachable(
    world: World, state: RegionState, target: Target
) -> tuple[Task, ReachesContainers] | None:
    """The target's task and its agent, when a container of it is running and the agent can
    reach it."""
    task = state.tasks.get(target.task_arn)
    if task is None or task.is_stopped:
        return None
    container = next((c for c in task.containers or [] if c.name == target.container_name), None)
    if container is None or container.last_status != "RUNNING":
        return None
    agent = world.plane.agents.get(task.agent_key)
    if not callable(getattr(agent, "call_container", None)):
        return None  # getattr, not isinstance: a protocol's isinstance costs microseconds
    return task, cast(ReachesContainers, agent)


def forward_call(request: ClientRequest, target: Target) -> TargetCall:
    """The request as the load balancer passes it on (see the module for the headers)."""
    sent_for = [v for k, v in request.headers if k.lower() == "x-forwarded-for"]
    headers = {k: v for k, v in request.headers if k.lower() not in _NOT_PASSED_ON}
    headers.update(
        {
            "Host": request.host or f"{target.id}:{target.port}",
            "X-Forwarded-For": ", ".join([*sent_for, request.source_ip]),
            "X-Forwarded-Proto": request.scheme,
            "X-Forwarded-Port": str(request.port),
            "Connection": "close",
        }
    )
    return TargetCall(
        path=request.path,
        method=request.method,
        headers=headers,
        connect_timeout=CONNECT_SECONDS,
        read_timeout=IDLE_TIMEOUT_SECONDS,
    )


def deliver(
    world: World, state: RegionState, target: Target, request: ClientRequest
) -> TargetReply | None:
    """Send a forwarded request to the target's real container; None when it is simulated."""
    found = _reachable(world, state, target)
    if found is None or target.port is None:
        return None
    task, agent = found
    return agent.call_container(task, target.port, forward_call(request, target))


def gateway_answer(reply: TargetReply) -> tuple[int, str | None]:
    """The status the client gets for a real reply, and ELB's words when ELB answered."""
    if reply.failure is None and reply.status is not None:
        return reply.status, None
    failure = reply.failure if reply.failure in GATEWAY_STATUS else RESET
    status, text, why = GATEWAY_STATUS[failure]
    said = (
        f": {reply.detail}" if reply.detail and failure in (UNREACHABLE, RESET, MALFORMED) else ""
    )
    return status, f"{text}: {why} ({reply.address}{said})"


def probe(
    world: World, state: RegionState, group: TargetGroup, target: Target
) -> tuple[int | None, str | None] | None:
    """One real health check: (the status, None) when the container answered, (None, ELB's
    reason) when it did not; None when the target's container is simulated (or not running,
    which the caller already knows how to answer)."""
    found = _reachable(world, state, target)
    if found is None:
        return None
    task, agent = found
    port = group.health_port(target)
    timeout = float(group.health_check_timeout_seconds or 5)
    tcp = group.health_check_protocol == "TCP"
    call = TargetCall(
        path=group.health_check_path or "/",
        headers={
            "Host": f"{target.id}:{port}",
            "User-Agent": HEALTH_CHECKER,
            "Connection": "close",
        },
        connect_timeout=timeout,
        read_timeout=timeout,
        connect_only=tcp,
    )
    reply = agent.call_container(task, port, call)
    if reply is None:
        return None
    if reply.failure is None:
        return reply.status, None
    if not tcp and reply.failure in (TIMEOUT, CONNECT_TIMEOUT):
        return None, "Target.Timeout"
    return None, "Target.FailedHealthChecks"
