"""A task definition (and its service) as Kubernetes manifests, to set the two side by side.

A task is a Pod: its containers are scheduled together and (in awsvpc mode) share an IP, as a
Pod's do. The mapping, and why:

* REPLICA service -> Deployment with ``replicas = desiredCount``; DAEMON -> DaemonSet; no
  service -> a Deployment of ``replicas`` (default 1).
* Rolling updates. ECS keeps at least ``ceil(desired * minimumHealthyPercent / 100)`` tasks
  running and at most ``floor(desired * maximumPercent / 100)``. Kubernetes keeps at least
  ``desired - floor(desired * maxUnavailable%)``, which equals ECS's minimum exactly, so
  ``maxUnavailable = (100 - minimumHealthyPercent)%``. Kubernetes rounds a percentage
  ``maxSurge`` *up* where ECS rounds its maximum *down*, so ``maxSurge`` is the whole number
  ``floor(desired * maximumPercent / 100) - desired`` (it is then exact for desiredCount, and
  must be recomputed if the Deployment is scaled). Kubernetes forbids both being 0; ECS with
  100/100 cannot replace a task either, so the export then allows a surge of 1.
* ``entryPoint`` -> ``command``, ``command`` -> ``args`` (Kubernetes' names are shifted).
* ``portMappings`` -> container ``ports``, and a ClusterIP Service over them (what a target
  group or Cloud Map gives in ECS). A fixed ``hostPort`` in bridge mode stays a ``hostPort``;
  host network mode is ``hostNetwork: true``. In bridge mode ECS containers each have their own
  IP; in a Pod they share one, so two containers may not listen on one port.
* ``healthCheck`` -> ``livenessProbe`` (exec; ``CMD-SHELL`` runs as ``sh -c``) with
  period/timeout/failureThreshold from interval/timeout/retries. ECS ignores failures during
  ``startPeriod`` and ends the grace at the first success; that is a ``startupProbe`` with
  ``failureThreshold = ceil(startPeriod / interval) + retries``. ECS replaces an unhealthy
  task; Kubernetes restarts the container in place.
* Resources: ``cpu`` shares -> ``requests.cpu`` (1024 units = 1000m; shares are a weight, so no
  CPU limit), ``memory`` -> ``limits.memory``, ``memoryReservation`` -> ``requests.memory``.
* Containers that others wait for with COMPLETE or SUCCESS (and that wait only on such
  containers themselves) run to completion first: they become ``initContainers``, in
  dependency order. SUCCESS is exactly an init container's contract; COMPLETE is looser in ECS
  (any exit code), stricter here (Kubernetes retries a failing init container).
* START/HEALTHY ordering between long-running containers, and ``essential``, have no Pod
  equivalent; they are recorded in the annotations ``ecs.amazonaws.com/depends-on`` and
  ``ecs.amazonaws.com/non-essential``. ``dockerLabels`` become Pod annotations (their values
  need not be valid label values). ``stopTimeout`` -> ``terminationGracePeriodSeconds`` (the
  longest). A service's ``distinctInstance`` constraint -> required pod anti-affinity on
  ``kubernetes.io/hostname``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ecslearn.model.service import Service
from ecslearn.model.task_definition import ContainerDefinition, HealthCheck, TaskDefinition

ANNOTATION_PREFIX = "ecs.amazonaws.com"
_NOT_DNS = re.compile(r"[^a-z0-9-]+")


def dns_name(name: str, limit: int = 63) -> str:
    """A DNS-1123 label from an ECS name (ECS allows ``_`` and capitals; Kubernetes does not)."""
    label = _NOT_DNS.sub("-", name.lower()).strip("-")[:limit].strip("-")
    return label or "ecs"


def millicores(shares: int) -> str:
    """ECS CPU units -> Kubernetes CPU: 1024 units are one vCPU, which is 1000m."""
    return f"{max(1, round(shares * 1000 / 1024))}m"


def _probe_command(check: HealthCheck) -> list[str]:
    kind, *rest = check.command
    return ["sh", "-c", " ".join(rest)] if kind == "CMD-SHELL" else list(rest)


def probes(check: HealthCheck) -> dict[str, Any]:
    """``livenessProbe`` (and ``startupProbe`` for a start period) from an ECS health check."""
    interval = check.interval if check.interval is not None else 30
    timeout = check.timeout if check.timeout is not None else 5
    retries = check.retries if check.retries is not None else 3
    exec_ = {"command": _probe_command(check)}
    out: dict[str, Any] = {
        "livenessProbe": {
            "exec": exec_,
            "periodSeconds": interval,
            "timeoutSeconds": timeout,
            "failureThreshold": retries,
        }
    }
    if check.start_period:
        out["startupProbe"] = {
            "exec": dict(exec_),
            "periodSeconds": interval,
            "timeoutSeconds": timeout,
            "failureThreshold": math.ceil(check.start_period / interval) + retries,
        }
    return out


def resources(container: ContainerDefinition) -> dict[str, Any]:
    """Requests and limits from ECS's cpu shares, memory and memoryReservation."""
    requests: dict[str, str] = {}
    limits: dict[str, str] = {}
    if container.cpu:
        requests["cpu"] = millicores(container.cpu)
    if container.memory_reservation:
        requests["memory"] = f"{container.memory_reservation}Mi"
    if container.memory:
        limits["memory"] = f"{container.memory}Mi"
    out: dict[str, Any] = {}
    if requests:
        out["requests"] = requests
    if limits:
        out["limits"] = limits
    return out


def _ports(container: ContainerDefinition, mode: str) -> list[dict[str, Any]]:
    out = []
    for mapping in container.port_mappings or []:
        if mapping.container_port is None:
            continue
        port: dict[str, Any] = {
            "containerPort": mapping.container_port,
            "protocol": mapping.effective_protocol.upper(),
        }
        if mode == "bridge" and mapping.host_port:
            port["hostPort"] = mapping.host_port
        out.append(port)
    return out


def container_names(td: TaskDefinition) -> dict[str, str]:
    """ECS container name -> a unique DNS label (``web_1`` and ``web-1`` must not collide)."""
    names: dict[str, str] = {}
    for container in td.container_definitions:
        base = label = dns_name(container.name or "", limit=58)
        suffix = 2
        while label in names.values():
            label, suffix = f"{base}-{suffix}", suffix + 1
        names[container.name or ""] = label
    return names


def _container(
    container: ContainerDefinition, mode: str, name: str, *, init: bool
) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "image": container.image}
    if container.entry_point:
        out["command"] = list(container.entry_point)
    if container.command:
        out["args"] = list(container.command)
    if container.environment:
        out["env"] = [{"name": v.name, "value": v.value or ""} for v in container.environment]
    ports = _ports(container, mode)
    if ports:
        out["ports"] = ports
    if container.health_check and container.health_check.command and not init:
        out.update(probes(container.health_check))
    limits = resources(container)
    if limits:
        out["resources"] = limits
    if container.extra.get("workingDirectory"):
        out["workingDir"] = container.extra["workingDirectory"]
    return out


def init_containers(td: TaskDefinition) -> list[str]:
    """Names of containers that can run to completion before the others, in start order."""
    by_name = {c.name: c for c in td.container_definitions}
    exit_targets = {
        d.container_name
        for c in td.container_definitions
        for d in c.depends_on or []
        if d.condition in ("COMPLETE", "SUCCESS")
    }
    chosen: list[str] = []
    changed = True
    while changed:  # add a target once everything it waits for is already an init container
        changed = False
        for name in sorted(exit_targets - set(chosen)):
            deps = by_name[name].depends_on or []
            if all(d.container_name in chosen for d in deps):
                chosen.append(name)
                changed = True
    return chosen


def _annotations(td: TaskDefinition, init: list[str]) -> dict[str, str]:
    notes: dict[str, str] = {f"{ANNOTATION_PREFIX}/task-definition": td.family or ""}
    if td.revision:
        notes[f"{ANNOTATION_PREFIX}/task-definition"] += f":{td.revision}"
    ordering = {
        c.name: {d.container_name: d.condition for d in c.depends_on or []}
        for c in td.container_definitions
        if c.depends_on and c.name not in init
    }
    if ordering:
        notes[f"{ANNOTATION_PREFIX}/depends-on"] = json.dumps(ordering, sort_keys=True)
    optional = [c.name or "" for c in td.container_definitions if not c.is_essential]
    if optional:
        notes[f"{ANNOTATION_PREFIX}/non-essential"] = ",".join(optional)
    for container in td.container_definitions:
        for key, value in (container.docker_labels or {}).items():
            notes[key] = str(value)
    return notes


def pod_spec(td: TaskDefinition, service: Service | None = None) -> dict[str, Any]:
    """The Pod a task of ``td`` corresponds to."""
    mode = td.effective_network_mode
    init = init_containers(td)
    names = container_names(td)
    spec: dict[str, Any] = {}
    if init:
        spec["initContainers"] = [
            _container(td.container(n), mode, names[n], init=True) for n in init
        ]
    spec["containers"] = [
        _container(c, mode, names[c.name or ""], init=False)
        for c in td.container_definitions
        if c.name not in init
    ]
    if mode == "host":
        spec["hostNetwork"] = True
    timeouts = [c.stop_timeout for c in td.container_definitions if c.stop_timeout is not None]
    if timeouts:
        spec["terminationGracePeriodSeconds"] = max(timeouts)
    constraints = [c.type for c in (service.placement_constraints if service else None) or []]
    if "distinctInstance" in constraints:
        spec["affinity"] = {
            "podAntiAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    {
                        "labelSelector": {"matchLabels": _selector(td, service)},
                        "topologyKey": "kubernetes.io/hostname",
                    }
                ]
            }
        }
    return spec


def _name(td: TaskDefinition, service: Service | None) -> str:
    return dns_name((service.service_name if service else None) or td.family or "task")


def _selector(td: TaskDefinition, service: Service | None) -> dict[str, str]:
    return {"app.kubernetes.io/name": _name(td, service)}


def rolling_update(service: Service | None, replicas: int) -> dict[str, Any]:
    """maxUnavailable / maxSurge from minimumHealthyPercent / maximumPercent (see module doc)."""
    config = service.deployment_configuration if service else None
    daemon = bool(service and service.is_daemon)
    minimum = config.minimum_healthy_percent if config else None
    maximum = config.maximum_percent if config else None
    minimum = (0 if daemon else 100) if minimum is None else minimum
    maximum = (100 if daemon else 200) if maximum is None else maximum
    unavailable: int | str = f"{100 - minimum}%"
    surge = max(0, replicas * maximum // 100 - replicas)
    if minimum == 100 and surge == 0:
        surge = 1
    if daemon:  # a DaemonSet runs one per node: a surge is a second copy on the node
        return {"maxUnavailable": unavailable if minimum < 100 else 1}
    return {"maxUnavailable": unavailable, "maxSurge": surge}


def _workload(td: TaskDefinition, service: Service | None, replicas: int | None) -> dict:
    name = _name(td, service)
    labels = _selector(td, service)
    template = {
        "metadata": {"labels": dict(labels), "annotations": _annotations(td, init_containers(td))},
        "spec": pod_spec(td, service),
    }
    metadata = {"name": name, "labels": dict(labels)}
    if service is not None and service.is_daemon:
        return {
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": metadata,
            "spec": {
                "selector": {"matchLabels": labels},
                "updateStrategy": {
                    "type": "RollingUpdate",
                    "rollingUpdate": rolling_update(service, 0),
                },
                "template": template,
            },
        }
    count = replicas if replicas is not None else (service.desired_count if service else None)
    count = 1 if count is None else count
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": metadata,
        "spec": {
            "replicas": count,
            "selector": {"matchLabels": labels},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": rolling_update(service, count)},
            "template": template,
        },
    }


def _service(td: TaskDefinition, service: Service | None) -> dict[str, Any] | None:
    ports = []
    seen: set[tuple[int, str]] = set()
    for container in td.container_definitions:
        for mapping in container.port_mappings or []:
            if mapping.container_port is None:
                continue
            protocol = mapping.effective_protocol.upper()
            port = mapping.host_port or mapping.container_port
            if (port, protocol) in seen:
                continue
            seen.add((port, protocol))
            label = f"{container.name}-{mapping.container_port}-{protocol}"
            ports.append(
                {
                    "name": dns_name(label),
                    "port": port,
                    "targetPort": mapping.container_port,
                    "protocol": protocol,
                }
            )
    if not ports:
        return None
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": _name(td, service), "labels": _selector(td, service)},
        "spec": {"type": "ClusterIP", "selector": _selector(td, service), "ports": ports},
    }


def manifests(
    td: TaskDefinition, *, service: Service | None = None, replicas: int | None = None
) -> list[dict[str, Any]]:
    """The workload (Deployment or DaemonSet) and, if any container has ports, a Service."""
    out = [_workload(td, service, replicas)]
    exposed = _service(td, service)
    if exposed is not None:
        out.append(exposed)
    return out


def to_yaml(documents: list[dict[str, Any]]) -> str:
    """Manifests as one multi-document YAML file, ready for ``kubectl apply -f``."""
    import yaml

    return yaml.safe_dump_all(documents, sort_keys=False, default_flow_style=False, width=100)
