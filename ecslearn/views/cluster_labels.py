"""The words in the cluster picture: each node's label, from the ECS objects it stands for.

Labels are plain text (Graphviz draws ``\\n`` as a line break), so tests can read them and a
learner can copy them; usage is a bar of text, ``cpu ▇▇▇▁▁▁▁▁ 896/2048``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from ecslearn.control.state import RegionState
from ecslearn.model.container_instance import ContainerInstance
from ecslearn.model.service import Service
from ecslearn.model.task import TASK_STATES, Container, Task
from ecslearn.views.words import words

BAR_CELLS = 8
#: The cluster picture's words (titles, labels, legend) in the lessons' two languages.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "legend_title": "Legend",
        "task": "task",
        "tasks_one": "{n} task",
        "tasks_many": "{n} tasks",
        "instances_one": "{n} instance",
        "instances_many": "{n} instances",
        "zones_one": "{n} zone",
        "zones_many": "{n} zones",
        "cluster": "cluster {name}",
        "title": "Cluster {name}: {instances} in {zones}, {tasks} · t={t}s",
        "focus": "focus: service {name}",
        "changes_since": "changes since t={t}s",
        "purged": " ({tasks} stopped and since forgotten by ECS)",
        "agent_disconnected": "agent disconnected",
        "service": "service {name}",
        "desired": "{strategy} · desired {n}",
        "running": "{n} running",
        "pending": " · {n} pending",
        "deploying": "deploying {old} → {new}",
        "task_definition": "task definition {name}",
        "exited": "exited{code}",
        "used": "{percent} used",
        "since_snapshot": "since snapshot: ",
        "of_other_services": "\n+{tasks} of other services",
        "new": "new",
        "stopping": "stopping",
        "stopped": "stopped",
        "legend_task": "task {status}",
        "legend_border": "border: revision {revision}",
        "legend_change": "{look}: {change} since t={t}s",
        "thick border": "thick border",
        "dashed": "dashed",
        "dotted": "dotted",
        "legend_dimmed": "other services (dimmed)",
        "legend_summary": "instances of one type, summarised",
        "legend_container": "container :host→container port",
        "legend_service": "service",
        "legend_task_definition": "task definition",
        "legend_target_group": "target group",
        "target_group": "target group {name}\n{n} targets, {healthy} healthy",
        "not_in_picture": "\n{n} not in this picture",
    },
    "ko": {
        "legend_title": "범례",
        "task": "태스크",
        "tasks_one": "태스크 {n}개",
        "tasks_many": "태스크 {n}개",
        "instances_one": "인스턴스 {n}대",
        "instances_many": "인스턴스 {n}대",
        "zones_one": "가용 영역 {n}개",
        "zones_many": "가용 영역 {n}개",
        "cluster": "클러스터 {name}",
        "title": "클러스터 {name}: {zones}에 {instances}, {tasks} · t={t}s",
        "focus": "주목: 서비스 {name}",
        "changes_since": "t={t}s 이후의 변화",
        "purged": " (중지되어 ECS가 이미 잊은 {tasks})",
        "agent_disconnected": "에이전트 연결 끊김",
        "service": "서비스 {name}",
        "desired": "{strategy} · 원하는 수 {n}",
        "running": "실행 중 {n}",
        "pending": " · 대기 중 {n}",
        "deploying": "배포 중 {old} → {new}",
        "task_definition": "태스크 디피니션 {name}",
        "exited": "종료{code}",
        "used": "{percent} 사용",
        "since_snapshot": "스냅샷 이후: ",
        "of_other_services": "\n+다른 서비스의 {tasks}",
        "new": "새로 생김",
        "stopping": "중지 중",
        "stopped": "중지됨",
        "legend_task": "태스크 {status}",
        "legend_border": "테두리: 리비전 {revision}",
        "legend_change": "{look}: t={t}s 이후 {change}",
        "thick border": "굵은 테두리",
        "dashed": "파선",
        "dotted": "점선",
        "legend_dimmed": "다른 서비스 (흐리게)",
        "legend_summary": "같은 타입의 인스턴스 묶음",
        "legend_container": "컨테이너 :호스트→컨테이너 포트",
        "legend_service": "서비스",
        "legend_task_definition": "태스크 디피니션",
        "legend_target_group": "대상 그룹 (target group)",
        "target_group": "대상 그룹 {name}\n대상 {n}개, 정상 {healthy}개",
        "not_in_picture": "\n이 그림에 없는 대상 {n}개",
    },
}


def say(lang: str, key: str, **values: object) -> str:
    """One of the cluster picture's phrases in `lang`, filled in."""
    return words(WORDS, lang)[key].format(**values)


def counted(lang: str, what: str, n: int) -> str:
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


def tasks_text(count: int, lang: str = "en") -> str:
    return counted(lang, "tasks", count)


def usage(instance: ContainerInstance) -> tuple[tuple[int, int], tuple[int, int]]:
    """((CPU units used, registered), (MiB used, registered))."""
    out = []
    for resource in ("CPU", "MEMORY"):
        total = instance.registered(resource) or 0
        out.append((total - (instance.remaining(resource) or 0), total))
    return out[0], out[1]


def instance_label(instance: ContainerInstance, lang: str = "en") -> str:
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


def task_label(task: Task, change: str | None = None, lang: str = "en") -> str:
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


def container_label(container: Container, lang: str = "en") -> str:
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


def service_label(svc: Service, tasks: Sequence[Task], lang: str = "en") -> str:
    """Scheduling strategy, desired and actual counts, and a deployment in progress."""
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
        lines.append(say(lang, "deploying", old=old, new=new))
    return "\n".join(lines)


def task_definition_label(state: RegionState, arn: str, lang: str = "en") -> str:
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
    lang: str = "en",
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
