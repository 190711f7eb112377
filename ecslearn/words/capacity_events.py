"""The words of capacity decisions on the timeline: what ECS's cluster auto scaling, managed
termination protection and managed instance draining decided, and what Auto Scaling's
lifecycle hooks did, in English and Korean.

The control plane records each decision as an event whose ``details["words"]`` names its
sentence here and whose other details fill it in; the English sentence is the event's message,
word for word. `event_text` says any timeline event in a language: these sentences for the
events that name one, the message as recorded for the others.
"""

from __future__ import annotations

from typing import Any

from ecslearn.words.language import Table, resolve

#: Sentences by the ``words`` key of their events, with ``{detail}`` placeholders.
CAPACITY_EVENTS: Table = {
    "en": {
        "scale_out": (
            "capacity provider {provider}: {waiting} task(s) waiting, reservation {metric}% for "
            "target {targetCapacity}% needs {wanted} instance(s): scale out group {group} from "
            "{desiredCapacity} to {newDesiredCapacity} (+{step})"
        ),
        "scale_in": (
            "capacity provider {provider}: reservation {metric}% below target "
            "{targetCapacity}% for {minutes} minutes: scale in group {group} from "
            "{desiredCapacity} to {newDesiredCapacity} (-{step})"
        ),
        "protect": "managed termination protection: protect {count} instance(s) of {group}",
        "unprotect": "managed termination protection: unprotect {count} instance(s) of {group}",
        "hook_added": (
            "capacity provider {provider}: managed draining on: lifecycle hook {hook} added to "
            "group {group}"
        ),
        "hook_removed": (
            "capacity provider {provider}: managed draining off: lifecycle hook {hook} removed "
            "from group {group}"
        ),
        "drain_started": (
            "managed draining: Auto Scaling is terminating instance {ec2_instance} of group "
            "{group}: container instance {container_instance} of {provider} is DRAINING, "
            "{tasks} task(s) on it"
        ),
        "drain_done": (
            "managed draining: container instance {container_instance} has no task left: the "
            "termination of instance {ec2_instance} continues"
        ),
        "drain_nothing": (
            "managed draining: instance {ec2_instance} of group {group} runs no container "
            "instance of a capacity provider with managed draining: its termination continues"
        ),
        "drain_timeout": (
            "managed draining: instance {ec2_instance} still has {tasks} task(s) after 48 "
            "hours: its termination continues"
        ),
        "hook_wait": (
            "Auto Scaling group {group}: instance {ec2_instance} is {phase}:Wait for lifecycle "
            "hook(s) {hooks}"
        ),
        "hook_proceed": "Auto Scaling group {group}: instance {ec2_instance} is {phase}:Proceed",
        "hook_timeout": (
            "Auto Scaling group {group}: lifecycle hook {hook} timed out for instance "
            "{ec2_instance}: {result}"
        ),
        "hook_put": (
            "Auto Scaling group {group}: lifecycle hook {hook} ({transition}, {heartbeat} s, "
            "{result}) added"
        ),
        "hook_updated": (
            "Auto Scaling group {group}: lifecycle hook {hook} ({transition}, {heartbeat} s, "
            "{result}) updated"
        ),
        "hook_deleted": "Auto Scaling group {group}: lifecycle hook {hook} deleted",
        "hook_completed": (
            "Auto Scaling group {group}: lifecycle action of {hook} on instance {ec2_instance} "
            "completed: {result}"
        ),
    },
    "ko": {
        "scale_out": (
            "용량 공급자 {provider}: 태스크 {waiting}개가 대기 중이며 예약률은 {metric}%입니다. "
            "목표 {targetCapacity}%에 맞추려면 인스턴스 {wanted}대가 필요하므로 Auto Scaling 그룹 "
            "{group}의 희망 용량을 {desiredCapacity}대에서 {newDesiredCapacity}대로 늘립니다 "
            "(스케일 아웃, +{step}대)"
        ),
        "scale_in": (
            "용량 공급자 {provider}: 예약률 {metric}%가 {minutes}분 동안 목표 {targetCapacity}%"
            "보다 낮아 Auto Scaling 그룹 {group}의 희망 용량을 {desiredCapacity}대에서 "
            "{newDesiredCapacity}대로 줄입니다 (스케일 인, -{step}대)"
        ),
        "protect": "관리형 종료 보호: {group}의 인스턴스 {count}대를 스케일 인에서 보호합니다",
        "unprotect": "관리형 종료 보호: {group}의 인스턴스 {count}대의 스케일 인 보호를 해제합니다",
        "hook_added": (
            "용량 공급자 {provider}: 관리형 드레이닝 켜짐: Auto Scaling 그룹 {group}에 수명 주기 "
            "후크를 추가했습니다: {hook}"
        ),
        "hook_removed": (
            "용량 공급자 {provider}: 관리형 드레이닝 꺼짐: Auto Scaling 그룹 {group}에서 수명 "
            "주기 후크를 제거했습니다: {hook}"
        ),
        "drain_started": (
            "관리형 드레이닝: Auto Scaling이 그룹 {group}의 인스턴스 {ec2_instance} 종료를 "
            "시작했습니다. {provider}의 컨테이너 인스턴스 {container_instance}: DRAINING 상태로 "
            "바뀌었고 태스크 {tasks}개가 남아 있습니다"
        ),
        "drain_done": (
            "관리형 드레이닝: 컨테이너 인스턴스 {container_instance}에 남은 태스크가 없어 "
            "인스턴스 {ec2_instance} 종료를 계속합니다"
        ),
        "drain_nothing": (
            "관리형 드레이닝: 그룹 {group}의 인스턴스 {ec2_instance}에는 관리형 드레이닝을 쓰는 "
            "용량 공급자의 컨테이너 인스턴스가 없어 종료를 바로 계속합니다"
        ),
        "drain_timeout": (
            "관리형 드레이닝: 48시간이 지났지만 인스턴스 {ec2_instance}에 태스크 {tasks}개가 "
            "남아 있습니다. 종료를 계속합니다"
        ),
        "hook_wait": (
            "Auto Scaling 그룹 {group}: 인스턴스 {ec2_instance}: 수명 주기 후크 {hooks}의 완료를 "
            "기다립니다 ({phase}:Wait)"
        ),
        "hook_proceed": (
            "Auto Scaling 그룹 {group}: 인스턴스 {ec2_instance}: 수명 주기 후크가 모두 끝나 "
            "다음 단계로 진행합니다 ({phase}:Proceed)"
        ),
        "hook_timeout": (
            "Auto Scaling 그룹 {group}: 인스턴스 {ec2_instance}에 대한 수명 주기 후크 {hook}의 "
            "제한 시간이 지났습니다: {result}"
        ),
        "hook_put": (
            "Auto Scaling 그룹 {group}: 수명 주기 후크 추가: {hook} ({transition}, "
            "{heartbeat}초, {result})"
        ),
        "hook_updated": (
            "Auto Scaling 그룹 {group}: 수명 주기 후크 변경: {hook} ({transition}, "
            "{heartbeat}초, {result})"
        ),
        "hook_deleted": "Auto Scaling 그룹 {group}: 수명 주기 후크 삭제: {hook}",
        "hook_completed": (
            "Auto Scaling 그룹 {group}: 인스턴스 {ec2_instance}에 대한 수명 주기 후크 {hook}의 "
            "작업 완료: {result}"
        ),
    },
}


def event_text(event: Any, lang: str | None = None) -> str:
    """A timeline event (`ecslearn.control.timeline.Event`) in `lang` (None: the session's
    language): its sentence here when its details name one, its recorded message otherwise."""
    lang = resolve(lang)
    details = getattr(event, "details", None) or {}
    sentence = CAPACITY_EVENTS[lang].get(details.get("words", ""))
    return sentence.format(**details) if sentence else event.message
