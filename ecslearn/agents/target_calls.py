"""An agent capability: ELB's requests and health checks really sent to a task's container.

A load balancer in ecslearn decides everything an ELB decides (which rule, which target group,
which target, whether a target is healthy) from plain data. Only what a target *answers* can
come from outside: when the target's task runs as real containers (the Docker agent), ELB's
request goes over the network to the container and the answer is what it really served. The
control plane asks through `ReachesContainers`, the one door; an agent without real containers
answers None and the control plane keeps its simulated answer (the ``ecslearn.http-status``
docker label, `ecslearn.control.load_balancing.target_address.answer`).

The records here are plain values: a `TargetCall` says what ELB sends, a `TargetReply` what came
back (or how the connection failed), in words that the control plane turns into ELB's statuses
(502 and 504 for a request, ``Target.FailedHealthChecks`` and ``Target.Timeout`` for a health
check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ecslearn.model.task import Task

#: How a call can fail before an HTTP answer arrives.
REFUSED = "refused"  # a TCP RST to the SYN: nothing listens at the port
UNREACHABLE = "unreachable"  # no route to the address (ICMP host unreachable)
CONNECT_TIMEOUT = "connect-timeout"  # no answer to the SYN in time
TIMEOUT = "timeout"  # connected, but no answer before the read timeout
RESET = "reset"  # the target closed the connection with a request outstanding
MALFORMED = "malformed"  # what came back is not HTTP


@dataclass(frozen=True)
class TargetCall:
    """One request ELB sends a target: an HTTP request, or (``connect_only``) a TCP health
    check that only opens a connection."""

    path: str = "/"
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    connect_timeout: float = 10.0  # seconds of wall-clock time
    read_timeout: float = 60.0
    connect_only: bool = False


@dataclass(frozen=True)
class TargetReply:
    """What a real container answered: its status and the start of its body, or how the call
    failed (`failure`: one of this module's constants, `detail` the socket's words)."""

    status: int | None
    body: str = ""
    latency: float = 0.0  # wall-clock seconds from connecting to the end of the answer
    address: str = ""  # host:port the call went to
    failure: str | None = None
    detail: str = ""


class ReachesContainers(Protocol):
    """An agent whose tasks' containers can be reached over the network (found by its
    ``call_container`` method: an agent without one is simulated)."""

    def call_container(self, task: Task, port: int, call: TargetCall) -> TargetReply | None:
        """Send `call` to the task's container listening at `port` (a bridge task's host port,
        a host task's port, an awsvpc task's container port on its own address). None: this
        agent's containers are simulated, and the control plane answers for them."""
