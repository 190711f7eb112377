"""AWS Cloud Map's records (botocore ``servicediscovery``), as plain data saved with the world.

A region's Cloud Map holds namespaces, the services in them, each service's registered
instances, and the operations its asynchronous calls started (`ServiceDiscoveryState`,
``RegionState.service_discovery``). Handlers are in `ecslearn.services.servicediscovery`.

What AWS documents and ecslearn keeps:

- Creating and deleting a namespace, and registering or deregistering an instance, answer an
  ``OperationId`` at once; the work is done later, and ``GetOperation`` shows it going from
  ``SUBMITTED`` through ``PENDING`` to ``SUCCESS``. A namespace is not there (GetNamespace
  answers NamespaceNotFound) until its CREATE_NAMESPACE operation succeeds.
- A custom health check (``HealthCheckCustomConfig``): Cloud Map keeps the status of the latest
  UpdateInstanceCustomHealthStatus; after an UNHEALTHY one it "waits for 30 seconds" and, if no
  HEALTHY one arrives meanwhile, stops returning the instance (`CloudMapInstance.health`).
  An instance starts HEALTHY unless its ``AWS_INIT_HEALTH_STATUS`` attribute says UNHEALTHY.
- A service without a health check reports its instances' health as ``UNKNOWN``, and every one
  of them answers DiscoverInstances' default ``HEALTHY`` filter.

What AWS leaves unsaid and ecslearn chooses: how long operations take (`OPERATION_SECONDS`); that
an instance's registration is visible as soon as RegisterInstance is accepted (its operation
still goes through its statuses); that HEALTHY takes effect at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NAMESPACE_TYPES = ("DNS_PUBLIC", "DNS_PRIVATE", "HTTP")
#: How long each kind of operation takes, in seconds (before jitter): ecslearn's choice. A
#: private DNS namespace creates a Route 53 hosted zone, which takes the longest.
OPERATION_SECONDS = {
    ("CREATE_NAMESPACE", "DNS_PRIVATE"): 40.0,
    ("CREATE_NAMESPACE", "DNS_PUBLIC"): 40.0,
    ("CREATE_NAMESPACE", "HTTP"): 5.0,
    ("DELETE_NAMESPACE", ""): 20.0,
    ("REGISTER_INSTANCE", ""): 3.0,
    ("DEREGISTER_INSTANCE", ""): 3.0,
}
#: How soon an operation moves from SUBMITTED to PENDING (ecslearn's choice).
PENDING_AFTER = 1.0
#: "AWS Cloud Map waits for 30 seconds" before an UNHEALTHY custom status takes effect.
UNHEALTHY_AFTER = 30.0
#: Cloud Map's quota of tags per resource.
MAX_TAGS = 50


@dataclass
class CloudMapNamespace:
    """A namespace: a name under which services are found (by DNS, by API, or both)."""

    id: str
    arn: str
    name: str
    type: str  # DNS_PUBLIC | DNS_PRIVATE | HTTP
    created_at: float
    description: str | None = None
    vpc: str | None = None
    hosted_zone_id: str | None = None
    soa_ttl: int | None = None
    creator_request_id: str | None = None
    #: False while its CREATE_NAMESPACE operation has not succeeded (then it is not visible)
    ready: bool = False
    #: True once DeleteNamespace was accepted (it disappears when the operation succeeds)
    deleting: bool = False
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def visible(self) -> bool:
        return self.ready and not self.deleting

    @property
    def is_dns(self) -> bool:
        return self.type != "HTTP"


@dataclass
class CloudMapInstance:
    """One registered instance of a service (for ECS, one task)."""

    id: str
    attributes: dict[str, str] = field(default_factory=dict)
    creator_request_id: str | None = None
    registered_at: float = 0.0
    #: the latest custom health status asked for, and when it takes effect (an UNHEALTHY
    #: update 30 s after it arrived; AWS_INIT_HEALTH_STATUS and HEALTHY at once)
    custom_status: str = "HEALTHY"
    custom_status_from: float = 0.0

    def health(self, now: float, custom: bool) -> str:
        """HEALTHY, UNHEALTHY, or UNKNOWN for a service without a health check."""
        if not custom:
            return "UNKNOWN"
        if self.custom_status == "UNHEALTHY" and now >= self.custom_status_from:
            return "UNHEALTHY"
        return "HEALTHY"


@dataclass
class CloudMapService:
    """A service in a namespace: a name and how its instances are found."""

    id: str
    arn: str
    name: str
    namespace_id: str
    created_at: float
    type: str  # HTTP | DNS_HTTP | DNS
    description: str | None = None
    dns_config: dict[str, Any] | None = None
    health_check_config: dict[str, Any] | None = None
    health_check_custom_config: dict[str, Any] | None = None
    creator_request_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    #: instances by ID, in the order they registered
    instances: dict[str, CloudMapInstance] = field(default_factory=dict)
    #: grows with every registration, deregistration and health change (InstancesRevision)
    revision: int = 1

    @property
    def custom_health(self) -> bool:
        return self.health_check_custom_config is not None

    def record_types(self) -> list[str]:
        return [r.get("Type", "") for r in (self.dns_config or {}).get("DnsRecords", [])]


@dataclass
class CloudMapOperation:
    """One asynchronous operation (``GetOperation``)."""

    id: str
    type: str  # CREATE_NAMESPACE | DELETE_NAMESPACE | REGISTER_INSTANCE | DEREGISTER_INSTANCE
    created_at: float
    updated_at: float
    status: str = "SUBMITTED"  # SUBMITTED | PENDING | SUCCESS | FAIL
    #: {"NAMESPACE": id} or {"SERVICE": id, "INSTANCE": id}
    targets: dict[str, str] = field(default_factory=dict)
    error_code: str | None = None
    error_message: str | None = None

    @property
    def done(self) -> bool:
        return self.status in ("SUCCESS", "FAIL")


@dataclass
class ServiceDiscoveryState:
    """A region's Cloud Map."""

    namespaces: dict[str, CloudMapNamespace] = field(default_factory=dict)
    services: dict[str, CloudMapService] = field(default_factory=dict)
    operations: dict[str, CloudMapOperation] = field(default_factory=dict)
    #: Service Connect's proxies: the round robin position per Cloud Map service (ECS's side,
    #: kept here beside the instances it walks)
    connect_cursor: dict[str, int] = field(default_factory=dict)

    def visible_namespaces(self) -> list[CloudMapNamespace]:
        return [n for n in self.namespaces.values() if n.visible]

    def namespace_named(self, name: str) -> CloudMapNamespace | None:
        """The visible namespace whose name (its HTTP name) is `name`."""
        return next((n for n in self.visible_namespaces() if n.name == name), None)

    def services_in(self, namespace_id: str) -> list[CloudMapService]:
        return [s for s in self.services.values() if s.namespace_id == namespace_id]

    def service_named(self, namespace_id: str, name: str) -> CloudMapService | None:
        return next((s for s in self.services_in(namespace_id) if s.name == name), None)

    def unsettled(self) -> list[str]:
        """Operations still on their way, for `run_until_stable`."""
        return [
            f"Cloud Map operation {o.id} ({o.type}) is {o.status}"
            for o in self.operations.values()
            if not o.done
        ]
