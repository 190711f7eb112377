"""The words of what a load balancer did (`Simulation.explain_traffic`): each request's answer,
and what each ELB target health state and reason code means, in the lessons' two languages.

Reason codes, states and HTTP statuses stay as AWS writes them (a learner searches for them);
the sentences around them are ecslearn's.
"""

from __future__ import annotations

from typing import Any

from ecslearn.model.load_balancing import ServedRequest
from ecslearn.words.language import Table, words

#: One line per request, and one per target health state or reason code.
TRAFFIC: Table = {
    "en": {
        "served": "{status} from task {task} at {target}:{port} (target group {group})",
        "served_connect": "{status} from task {task} at {target}:{port} (Service Connect {name})",
        "real": " in {ms} ms: {body}",
        "gateway": "{status} from the load balancer: task {task} at {target}:{port} did not "
        "answer ({error})",
        "fixed": "{status} fixed response from the load balancer: {body}",
        "redirect": "{status} redirect to {body}",
        "unavailable": "{status}: no target could answer ({error})",
        "rule": " [rule {rule}]",
        "initial": "initial: ELB is registering the target or running its first health check",
        "healthy": "healthy: the target passes its health checks and gets requests",
        "unhealthy": "unhealthy: the target failed its health checks",
        "unused": "unused: the target gets no traffic (not registered, or not in use)",
        "draining": "draining: deregistered, finishing its requests for the deregistration delay",
        "Elb.RegistrationInProgress": "registration is in progress",
        "Elb.InitialHealthChecking": "the first health checks are in progress",
        "Elb.InternalError": "the health checks failed inside ELB",
        "Target.ResponseCodeMismatch": "the target answered with a status the matcher rejects",
        "Target.Timeout": "the target did not answer in time",
        "Target.FailedHealthChecks": "nothing answered at the target's address",
        "Target.NotRegistered": "the target is not registered in this target group",
        "Target.NotInUse": "no listener uses the group, or the target's zone is not enabled",
        "Target.DeregistrationInProgress": "the target is being deregistered",
    },
    "ko": {
        "served": "{status}: {target}:{port}의 태스크 {task}에서 응답 (대상 그룹 {group})",
        "served_connect": (
            "{status}: {target}:{port}의 태스크 {task}에서 응답 (Service Connect {name})"
        ),
        "real": ", {ms} ms 걸림: {body}",
        "gateway": "{status}: {target}:{port}의 태스크 {task}에서 응답이 없어 로드 밸런서가 "
        "응답 ({error})",
        "fixed": "{status}: 로드 밸런서의 고정 응답: {body}",
        "redirect": "{status}: 리디렉션: {body}",
        "unavailable": "{status}: 응답할 대상이 없음 ({error})",
        "rule": " [규칙 {rule}]",
        "initial": "initial: ELB가 대상을 등록하거나 첫 헬스 체크를 하는 중",
        "healthy": "healthy: 헬스 체크를 통과해 요청을 받는 대상",
        "unhealthy": "unhealthy: 헬스 체크에 실패한 대상",
        "unused": "unused: 트래픽을 받지 않는 대상 (등록되지 않았거나 사용되지 않음)",
        "draining": "draining: 등록 해제됨, 등록 취소 지연 동안 처리 중인 요청을 마무리",
        "Elb.RegistrationInProgress": "등록이 진행 중",
        "Elb.InitialHealthChecking": "첫 헬스 체크가 진행 중",
        "Elb.InternalError": "ELB 내부 오류로 헬스 체크 실패",
        "Target.ResponseCodeMismatch": "대상이 matcher가 받지 않는 상태 코드로 응답",
        "Target.Timeout": "대상이 제시간에 응답하지 않음",
        "Target.FailedHealthChecks": "대상 주소에서 아무것도 응답하지 않음",
        "Target.NotRegistered": "이 대상 그룹에 등록되지 않은 대상",
        "Target.NotInUse": "그룹을 쓰는 리스너가 없거나 대상의 가용 영역이 활성화되지 않음",
        "Target.DeregistrationInProgress": "대상의 등록 해제가 진행 중",
    },
}


def served_line(answer: ServedRequest, lang: str | None = None) -> str:
    """One request's answer in words."""
    said = words(TRAFFIC, lang)
    if answer.task is not None and answer.service_connect:
        line = said["served_connect"].format(
            status=answer.status,
            task=answer.task[:8],
            target=answer.target,
            port=answer.port,
            name=answer.service_connect,
        )
    elif answer.task is not None:
        where = {"task": answer.task[:8], "target": answer.target, "port": answer.port}
        if answer.error:  # a real container did not answer: ELB did
            line = said["gateway"].format(status=answer.status, error=answer.error, **where)
        else:
            line = said["served"].format(status=answer.status, group=answer.target_group, **where)
        if answer.latency is not None and not answer.error:
            body = (answer.body or "").strip().splitlines()[:1]
            line += said["real"].format(ms=round(answer.latency * 1000), body=" ".join(body))
    elif answer.error:
        line = said["unavailable"].format(status=answer.status, error=answer.error)
    elif 300 <= answer.status < 400:
        line = said["redirect"].format(status=answer.status, body=answer.body)
    else:
        line = said["fixed"].format(status=answer.status, body=answer.body)
    return line + (said["rule"].format(rule=answer.rule) if answer.rule else "")


def health_line(description: dict[str, Any], lang: str | None = None) -> str:
    """A TargetHealthDescription in words: the target, its state and why."""
    said = words(TRAFFIC, lang)
    target, health = description["Target"], description["TargetHealth"]
    line = f"{target['Id']}:{target['Port']} {said[health['State']]}"
    why = said.get(health.get("Reason", ""), "")
    return f"{line} ({why})" if why else line


#: The traffic picture (`ecslearn.views.traffic`): its title, each node's label and its legend.
#: ELB's states, reason codes, listener protocols and rule fields stay as ELB writes them.
TRAFFIC_PICTURE: Table = {
    "en": {
        "title": "Traffic through {balancers}",
        "title_none": "Traffic: no load balancer in {region}",
        "requests": "{n} requests sent",
        "balancer": "load balancer {name}\n{type} · {scheme} · {state}\n{dns}",
        "listener": "listener {protocol}:{port}",
        "rule": "rule {priority}",
        "rule_default": "default rule",
        "path": "path {values}",
        "host": "host {values}",
        "other_condition": "{field} {values}",
        "weight": "weight {weight} ({share})",
        "fixed": "fixed response {status}\n{body}",
        "redirect": "redirect {status}\n{location}",
        "group": "target group {name}\n{protocol}:{port} · {target_type}\n{healthy} of {n} healthy",
        "no_listener": "no listener forwards here",
        "target": "{address}\n{state}",
        "served": "{n} requests",
        "served_one": "1 request",
        "not_served": "no requests",
        "group_served": "{n} requests",
        "task": "task {id}\n{family} · {status}",
        "instance": "instance {id}\n{zone}",
        "no_task": "no task at this address",
        "more_targets": "{n} more targets\n({states})",
        "unanswered": "{n} × {status}: no target could answer",
        "legend": "Legend",
        "legend_balancer": "load balancer",
        "legend_listener": "listener",
        "legend_rule": "rule (conditions)",
        "legend_fixed": "fixed response / redirect",
        "legend_group": "target group",
        "legend_healthy": "target: healthy",
        "legend_initial": "target: initial",
        "legend_unhealthy": "target: unhealthy (reason)",
        "legend_draining": "target: draining",
        "legend_unused": "target: unused",
        "legend_task": "task (RUNNING)",
        "legend_instance": "EC2 instance",
    },
    "ko": {
        "title": "로드 밸런서 {balancers}의 트래픽",
        "title_none": "트래픽: {region}에 로드 밸런서가 없음",
        "requests": "보낸 요청 {n}개",
        "balancer": "로드 밸런서 {name}\n{type} · {scheme} · {state}\n{dns}",
        "listener": "리스너 {protocol}:{port}",
        "rule": "규칙 {priority}",
        "rule_default": "기본 규칙",
        "path": "경로 {values}",
        "host": "호스트 {values}",
        "other_condition": "{field} {values}",
        "weight": "가중치 {weight} ({share})",
        "fixed": "고정 응답 {status}\n{body}",
        "redirect": "리디렉션 {status}\n{location}",
        "group": (
            "대상 그룹 {name}\n{protocol}:{port} · {target_type}\n{n}개 중 {healthy}개 healthy"
        ),
        "no_listener": "이 그룹으로 보내는 리스너가 없음",
        "target": "{address}\n{state}",
        "served": "요청 {n}개",
        "served_one": "요청 1개",
        "not_served": "요청 없음",
        "group_served": "요청 {n}개",
        "task": "태스크 {id}\n{family} · {status}",
        "instance": "인스턴스 {id}\n{zone}",
        "no_task": "이 주소에 태스크가 없음",
        "more_targets": "대상 {n}개 더\n({states})",
        "unanswered": "{n} × {status}: 응답할 대상이 없음",
        "legend": "범례",
        "legend_balancer": "로드 밸런서",
        "legend_listener": "리스너",
        "legend_rule": "규칙 (조건)",
        "legend_fixed": "고정 응답 / 리디렉션",
        "legend_group": "대상 그룹",
        "legend_healthy": "대상: healthy",
        "legend_initial": "대상: initial",
        "legend_unhealthy": "대상: unhealthy (이유)",
        "legend_draining": "대상: draining",
        "legend_unused": "대상: unused",
        "legend_task": "태스크 (RUNNING)",
        "legend_instance": "EC2 인스턴스",
    },
}
