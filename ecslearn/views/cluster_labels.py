"""The words in the cluster picture: each node's label, from the ECS objects it stands for.

Labels are plain text (Graphviz draws ``\\n`` as a line break), so tests can read them and a
learner can copy them; usage is a bar of text, ``cpu ▇▇▇▁▁▁▁▁ 896/2048``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from ecslearn.control.services.deployment_track import TrackSample, deployment_track
from ecslearn.control.state import RegionState
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.service import DeploymentConfiguration, Service
from ecslearn.model.task import TASK_STATES, Container, Task
from ecslearn.words import words
from ecslearn.words.cluster import CLUSTER

BAR_CELLS = 8


def say(lang: str | None, key: str, **values: object) -> str:
    """One of the cluster picture's phrases in `lang` (None: the session's), filled in."""
    return words(CLUSTER, lang)[key].format(**values)


def counted(lang: str | None, what: str, n: int) -> str:
    """``3 tasks`` / ``태스크 3개`` (`what`: tasks, instances or zones)."""
    return say(lang, f"{what}_{'one' if n == 1 else 'many'}", n=f"{n:,}")


PENDING_STATES = ("PROVISIONING", "PENDING", "ACTIVATING")


def bar(used: float, total: float, cells: int = BAR_CELLS) -> str:
    """``▇▇▇▁▁▁▁▁``: `used` of `total` as a bar of text (any use shows at least one cell)."""
    share = used / total if total else 0.0
    filled = min(cells, max(0, round(share * cells)))
    if used > 0 and filled == 0:
        filled = 1
    return "▇" * filled + "▁" * (cells - filled)


def family_revision(task_definition_arn: str | None) -> str:
    """``arn:...:task-definition/web:3`` -> ``web:3``."""
    return (task_definition_arn or "?").rsplit("/", 1)[-1]


def revision_order(arn: str) -> tuple[str, int]:
    """Sort key: by family, then revision number (``web:10`` after ``web:9``)."""
    family, _, revision = family_revision(arn).rpartition(":")
    return family, int(revision) if revision.isdigit() else 0


def tasks_text(count: int, lang: str | None = None) -> str:
    return counted(lang, "tasks", count)


def usage(instance: ContainerInstance) -> tuple[tuple[int, int], tuple[int, int]]:
    """((CPU units used, registered), (MiB used, registered))."""
    out = []
    for resource in ("CPU", "MEMORY"):
        total = instance.registered(resource) or 0
        out.append((total - (instance.remaining(resource) or 0), total))
    return out[0], out[1]


def instance_label(instance: ContainerInstance, lang: str | None = None) -> str:
    cpu, memory = usage(instance)
    lines = [
        f"{instance.id[:8]} · {instance.instance_type}",
        f"cpu {bar(*cpu)} {cpu[0]}/{cpu[1]}",
        f"mem {bar(*memory)} {memory[0]}/{memory[1]} MiB",
    ]
    notes = []
    if instance.status and instance.status != "ACTIVE":
        notes.append(instance.status)
    if instance.agent_connected is False:
        notes.append(say(lang, "agent_disconnected"))
    if notes:
        lines.append(" · ".join(notes))
    return "\n".join(lines)


def task_label(task: Task, change: str | None = None, lang: str | None = None) -> str:
    """``task 1a2b3c4d · web:2``, its service, and ``PENDING → RUNNING (new)``."""
    head = f"{say(lang, 'task')} {task.id[:8]} · {family_revision(task.task_definition_arn)}"
    if task.service_name:
        head += "\n" + say(lang, "service", name=task.service_name)
    status = task.last_status or "?"
    if task.desired_status and task.desired_status != status and not task.is_stopped:
        status += f" → {task.desired_status}"
    if change == "new":  # stopping and stopped already read in the status
        status += f" ({say(lang, change)})"
    return f"{head}\n{status}"


def container_label(container: Container, lang: str | None = None) -> str:
    """The name, each binding as ``:host→container`` and, once it stopped, its exit code."""
    lines = [container.name or "?"]
    ports = [
        f":{b.host_port}→{b.container_port}" + ("/udp" if b.protocol == "udp" else "")
        for b in container.network_bindings or []
    ]
    if ports:
        lines.append(" ".join(ports))
    if container.last_status == "STOPPED":
        code = f" {container.exit_code}" if container.exit_code is not None else ""
        lines.append(say(lang, "exited", code=code))
    return "\n".join(lines)


def service_label(
    svc: Service,
    tasks: Sequence[Task],
    lang: str | None = None,
    shift: TrackSample | None = None,
) -> str:
    """Scheduling strategy, desired and actual counts, and a deployment in progress: for a
    blue/green, linear or canary one (`shift`, its track's newest sample), which revision is
    blue and which green, the stage, and the production traffic already on green."""
    running = sum(1 for t in tasks if t.last_status == "RUNNING")
    pending = sum(1 for t in tasks if t.last_status in PENDING_STATES)
    strategy = svc.scheduling_strategy or "REPLICA"
    lines = [
        say(lang, "service", name=svc.service_name),
        say(lang, "desired", strategy=strategy, n=svc.desired_count or 0),
    ]
    lines.append(
        say(lang, "running", n=running) + (say(lang, "pending", n=pending) if pending else "")
    )
    deployments = svc.deployments or []
    if len(deployments) > 1:
        old = ", ".join(family_revision(d.task_definition) for d in deployments[1:])
        new = family_revision(deployments[0].task_definition)
        if shift is None:
            lines.append(say(lang, "deploying", old=old, new=new))
        else:
            strategy = (svc.deployment_configuration or DeploymentConfiguration()).strategy
            percent = f"{shift.production_weight_to_green:g}"
            said = say(
                lang,
                "shifting",
                strategy=strategy,
                old=old,
                new=new,
                stage=shift.stage,
                percent=percent,
            )
            lines.append(said)
    return "\n".join(lines)


def task_definition_label(state: RegionState, arn: str, lang: str | None = None) -> str:
    lines = [say(lang, "task_definition", name=family_revision(arn))]
    try:
        definition = state.task_definition_by_arn(arn)
    except (KeyError, ValueError):
        return lines[0]
    lines.extend(f"{c.name}: {c.image}" for c in definition.container_definitions)
    return "\n".join(lines)


def summary_label(
    kind: str,
    members: Sequence[ContainerInstance],
    statuses: Counter[str],
    revisions: Counter[str],
    changes: Counter[str],
    lang: str | None = None,
) -> str:
    """Many instances of one type in one zone: their usage, state and tasks, in counts."""
    used_cpu = total_cpu = used_mem = total_mem = 0
    for instance in members:
        (cpu, cpu_total), (mem, mem_total) = usage(instance)
        used_cpu, total_cpu = used_cpu + cpu, total_cpu + cpu_total
        used_mem, total_mem = used_mem + mem, total_mem + mem_total
    lines = [
        f"{len(members):,} × {kind}",
        f"cpu {bar(used_cpu, total_cpu)} "
        + say(lang, "used", percent=_percent(used_cpu, total_cpu)),
        f"mem {bar(used_mem, total_mem)} "
        + say(lang, "used", percent=_percent(used_mem, total_mem)),
    ]
    unusual = Counter(i.status for i in members if i.status != "ACTIVE")
    unusual[say(lang, "agent_disconnected")] = sum(1 for i in members if i.agent_connected is False)
    notes = [f"{n:,} {what}" for what, n in unusual.items() if n]
    if notes:
        lines.append(" · ".join(notes))
    total = sum(statuses.values())
    lines.append(tasks_text(total, lang))
    if total:
        lines[-1] += ": " + ", ".join(f"{statuses[s]:,} {s}" for s in status_order(statuses))
        ordered = sorted(revisions.items(), key=lambda item: revision_order(item[0]))
        lines.append(", ".join(f"{family_revision(arn)} ×{n:,}" for arn, n in ordered))
    if changes:
        lines.append(
            say(lang, "since_snapshot")
            + ", ".join(f"{n:,} {say(lang, c)}" for c, n in changes.items())
        )
    return "\n".join(lines)


def status_order(statuses: Iterable[str]) -> list[str]:
    order = {s: i for i, s in enumerate(TASK_STATES)}
    return sorted(statuses, key=lambda s: order.get(s, len(order)))


def _percent(used: int, total: int) -> str:
    return f"{100 * used / total:.0f}%" if total else "0%"


def shift_now(state: RegionState, svc: Service) -> TrackSample | None:
    """The newest sample of the traffic-shifting deployment `svc` is carrying out (None: none)."""
    if not svc.shifting:
        return None
    track = deployment_track(state, svc.shifting)
    return track[-1] if track else None
