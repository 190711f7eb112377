"""The service tick's one fault boundary: a service whose reconcile fails is contained.

A service the scheduler cannot reconcile (a bug in ecslearn, or a state loaded from an older
snapshot that today's checks would refuse at the door) must not stop the clock nor the other
services of its region. Its error is caught here, per service and nowhere else: logged, and
recorded once as an event on the service (repeated failures with the same text add no new event,
so a broken service does not flood its events every five seconds). The facts the tick's services
share are dropped for the service's cluster, as the failed reconcile may have left them half
updated; they are rebuilt from the state for the next service.

Everything that can be checked when a request arrives is checked there
(`ecslearn.services.ecs.checks`); this is the second line of defence, not the first.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ecslearn.control.services import events
from ecslearn.model.service import Service

if TYPE_CHECKING:
    from ecslearn.control.state import RegionState
    from ecslearn.control.world import World

log = logging.getLogger(__name__)


def failure_message(service: Service, error: BaseException) -> str:
    """The service event of a failed reconcile (ecslearn's wording: ECS has no such event)."""
    return (
        f"(service {service.service_name}) was unable to be reconciled by the scheduler: "
        f"{type(error).__name__}: {str(error).rstrip('.')}. The other services carry on."
    )


@contextmanager
def service_boundary(
    world: World, state: RegionState, service: Service, shared: Any = None
) -> Iterator[None]:
    """Run one service's reconcile; if it raises, contain the error to that service."""
    try:
        yield
    except Exception as error:  # the boundary: one service, never the clock
        log.exception("reconciling service %s failed", service.service_arn)
        service.steady = False
        message = failure_message(service, error)
        latest = (service.events or [None])[0]
        if latest is None or latest.message != message:
            events.add_event(world, None, service, message)
        if shared is not None:
            shared.clusters.pop(service.cluster_name, None)
