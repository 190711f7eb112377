"""A real container's exit as ECS reports it, read from ``docker inspect``.

ECS reports an exited container's ``exitCode`` and, when the kernel killed it for going over
its hard memory limit, the reason ``OutOfMemoryError: Container killed due to memory usage``
(Docker's ``State.OOMKilled``). Docker learns of an OOM kill from an event of its own that can
arrive just after the exit is recorded (the process's SIGKILL, 137, comes first), so a 137
without ``OOMKilled`` is inspected again for a moment before ecslearn says it was not the
memory limit (`exit_of`). A container killed with ``docker kill`` is asked through `read_exit`:
no OOM event is coming for it.
"""

from __future__ import annotations

import time
from typing import Any

from ecslearn.agents.runtime import Exit

OOM_REASON = "OutOfMemoryError: Container killed due to memory usage"
#: A process killed with SIGKILL (by the kernel's OOM killer, or by `docker kill`) exits 137.
SIGKILL_EXIT = 137
#: How long, in all, a 137 waits for Docker's OOM event: 5 looks, 0.1 s apart.
OOM_EVENT_CHECKS, OOM_EVENT_WAIT = 5, 0.1


def read_exit(details: dict[str, Any]) -> Exit | None:
    """An exited container's exit code (and an OOM kill as ECS says it); None while it runs."""
    state = details.get("State") or {}
    if state.get("Status") not in ("exited", "dead"):
        return None
    reason = OOM_REASON if state.get("OOMKilled") else None
    return Exit(int(state.get("ExitCode", 0)), reason)


def exit_of(api: Any, docker_id: str, details: dict[str, Any] | None = None) -> Exit | None:
    """The container's exit (from `details` when already inspected), waiting a moment for
    Docker's OOM event when it exited 137 without one (see the module)."""
    exit = read_exit(details if details is not None else api.inspect_container(docker_id))
    for _ in range(OOM_EVENT_CHECKS):
        if exit is None or exit.exit_code != SIGKILL_EXIT or exit.reason is not None:
            break
        time.sleep(OOM_EVENT_WAIT)
        exit = read_exit(api.inspect_container(docker_id))
    return exit
