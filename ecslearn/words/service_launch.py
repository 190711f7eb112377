"""The service configurator's capacity and network words: launch type or capacity provider
strategy, and the awsvpc / Fargate section (`ecslearn.widgets.service_capacity`,
`ecslearn.widgets.service_network`).

ECS's member names and values (launchType, capacityProviderStrategy, base, weight, FARGATE,
FARGATE_SPOT, forceNewDeployment, ENABLED, LATEST...) stay ECS's in every language. The Korean
follows AWS's Korean console: 시작 유형 (launch type), 용량 공급자 (capacity provider), 서브넷,
보안 그룹, 퍼블릭 IP, 플랫폼 버전."""

from __future__ import annotations

from ecslearn.words.language import Table

LAUNCH: Table = {
    "en": {
        "capacity": "Capacity: launch type or capacity provider strategy",
        "launch_type": "Launch type",
        "not_set": "(not set)",
        "providers": "Capacity provider strategy",
        "add_provider": "Add provider",
        "provider": "capacity provider",
        "remove_provider": "remove this provider",
        "uses_launch_type": "The tasks run with launch type {launch_type}.",
        "uses_strategy": (
            "The tasks fill each provider's base first, then are split by weight: {strategy}."
        ),
        "uses_default": (
            "Neither is set: the cluster's default capacity provider strategy applies ({strategy})."
        ),
        "uses_ec2": (
            "Neither is set, and cluster '{cluster}' has no default capacity provider strategy: "
            "ECS uses the EC2 launch type."
        ),
        "both": "Both are set: ECS takes one or the other.",
        "launch_fixed": (
            "UpdateService has no launchType: the service keeps the one it was created with. "
            "A capacity provider strategy can move it."
        ),
        "keeps": "No strategy is sent: the service keeps running as it does now ({current}).",
        "back_to_launch_type": (
            "An empty capacityProviderStrategy moves the service back to its launch type."
        ),
        "force": "Force new deployment",
        "force_needed": (
            "A changed strategy takes effect with a new deployment: ECS needs "
            "forceNewDeployment with it."
        ),
        "network": "Network (awsvpc) and Fargate",
        "subnets": "Subnets",
        "security_groups": "Sec. groups",
        "public_ip": "Public IP",
        "platform": "Platform",
        "platform_hint": "LATEST when empty",
        "default_public_ip": "(default: DISABLED)",
        "network_hint": (
            "Ctrl/⌘-click to choose several. Without securityGroups the VPC's default group is "
            "used."
        ),
        "fargate_placement": (
            "Fargate places tasks itself, spread over the subnets' zones: ECS refuses placement "
            "strategies and constraints for Fargate."
        ),
    },
    "ko": {
        "capacity": "용량: 시작 유형 또는 용량 공급자 전략",
        "launch_type": "시작 유형",
        "not_set": "(지정 안 함)",
        "providers": "용량 공급자 전략",
        "add_provider": "공급자 추가",
        "provider": "용량 공급자",
        "remove_provider": "이 공급자 삭제",
        "uses_launch_type": "태스크는 {launch_type} 시작 유형으로 실행됩니다.",
        "uses_strategy": (
            "태스크는 각 공급자의 base를 먼저 채운 뒤 weight 비율로 나뉩니다: {strategy}."
        ),
        "uses_default": (
            "둘 다 지정하지 않았습니다: 클러스터의 기본 용량 공급자 전략({strategy})이 적용됩니다."
        ),
        "uses_ec2": (
            "둘 다 지정하지 않았고 클러스터 '{cluster}'에는 기본 용량 공급자 전략이 없습니다: "
            "ECS는 EC2 시작 유형을 사용합니다."
        ),
        "both": "둘 다 지정했습니다: ECS는 둘 중 하나만 받습니다.",
        "launch_fixed": (
            "UpdateService에는 launchType이 없습니다: 서비스는 만들 때의 시작 유형을 "
            "유지합니다. 용량 공급자 전략으로는 옮길 수 있습니다."
        ),
        "keeps": "전략을 보내지 않습니다: 서비스는 지금처럼 실행됩니다({current}).",
        "back_to_launch_type": (
            "빈 capacityProviderStrategy를 보내면 서비스가 시작 유형으로 돌아갑니다."
        ),
        "force": "새 배포 강제",
        "force_needed": (
            "바뀐 전략은 새 배포로 적용됩니다: ECS는 이때 forceNewDeployment를 함께 요구합니다."
        ),
        "network": "네트워크(awsvpc)와 Fargate",
        "subnets": "서브넷",
        "security_groups": "보안 그룹",
        "public_ip": "퍼블릭 IP",
        "platform": "플랫폼 버전",
        "platform_hint": "비우면 LATEST",
        "default_public_ip": "(기본값: DISABLED)",
        "network_hint": (
            "여러 개를 고르려면 Ctrl/⌘를 누른 채 클릭하세요. securityGroups가 없으면 VPC의 "
            "기본 보안 그룹이 쓰입니다."
        ),
        "fargate_placement": (
            "Fargate는 태스크를 서브넷의 가용 영역에 알아서 분산 배치합니다: ECS는 Fargate에 "
            "배치 전략과 배치 제약을 받지 않습니다."
        ),
    },
}
