"""The concept maps' words (`ecslearn.views.concepts`): titles, labels, edges, legends."""

from __future__ import annotations

from ecslearn.words.language import Table

#: Every word on the concept maps (`ecslearn.views.concepts`). Texts may hold ``{placeholders}``.
#: API literals (desiredCount, REPLICA, DAEMON) and product names (ECS, ECR, EC2, Docker) stay
#: as they are in every language: they are what the learner types and reads in AWS.
CONCEPTS: Table = {
    "en": {
        # Titles
        "title_overview": "Amazon ECS at a glance",
        "title_cluster": "A cluster and its container instances",
        "title_service_types": "Two kinds of service: REPLICA and DAEMON",
        "title_vs_kubernetes": "ECS beside Kubernetes",
        "legend": "Legend",
        # ECS terms
        "cluster": "Cluster",
        "logical_space": "a logical space",
        "container_instance": "Container instance",
        "ec2_host": "EC2 host",
        "agent": "ECS agent",
        "docker": "Docker engine",
        "zone": "Availability zone",
        "control_plane": "ECS control plane",
        "control_plane_role": "scheduler + API, run by AWS",
        "task_definition": "Task definition",
        "task": "Task",
        "container": "Container",
        "service": "Service",
        "replica_service": "REPLICA service",
        "daemon_service": "DAEMON service",
        "image": "Image",
        "registry": "Registry",
        "attributes": "Attributes",
        "images_line": "images: {images}",
        "settings_line": "CPU {cpu} · memory {memory} MiB",
        "port_line": "port {port}",
        "desired": "desiredCount {count}",
        "no_task": "(no task here)",
        "newly_joined": "just joined",
        "replica_rule": (
            "N copies, spread across Availability Zones by default;\n"
            "a placementStrategy replaces that default"
        ),
        "daemon_rule": (
            "no desiredCount: exactly one task per instance,\n"
            "started on a new instance automatically"
        ),
        # Kubernetes terms
        "kubernetes": "Kubernetes",
        "node": "Node",
        "kubelet": "kubelet",
        "pod": "Pod",
        "pod_spec": "Pod spec (template)",
        "deployment": "Deployment",
        "daemonset": "DaemonSet",
        "node_labels": "Node labels",
        "container_registry": "Container registry",
        # What each ECS/Kubernetes pair shares (ecs-semantics §7)
        "alike_cluster": "top-level scheduling domain",
        "alike_instance": "offers CPU and memory, runs work",
        "alike_agent": "on the host: starts containers, reports status",
        "alike_task": "containers placed together on one host",
        "alike_task_definition": "immutable, versioned by revision",
        "alike_replica": "keeps N copies, rolling updates",
        "alike_daemon": "one copy on every host",
        "alike_attributes": "matched by placement constraints / nodeSelector",
        "alike_registry": "stores and serves images",
        "not_a_node": "✗ NOT the same",
        "misconception": (
            "Common misconception: an ECS cluster is NOT a Kubernetes node.\n"
            "A cluster is a logical pool of many container instances;\n"
            "the container instance is what matches a node."
        ),
        # Edge labels
        "uses": "uses",
        "one_to_one": "uses (1 : 1)",
        "pulls": "pulls images",
        "runs": "runs",
        "reports": "reports",
        "starts": "starts containers",
        # Legend: one line per node kind and per edge kind
        "legend_cluster": "Cluster: a logical space for instances and services",
        "legend_zone": "Availability zone (dashed box)",
        "legend_instance": "Container instance: EC2 host + ECS agent + Docker",
        "legend_task": "Task (green = running): containers placed together",
        "legend_container": "Container",
        "legend_agent": "ECS agent: starts tasks, reports their state",
        "legend_docker": "Docker engine: runs the containers",
        "legend_control_plane": "ECS control plane: decides where tasks run",
        "legend_service": "Service: keeps tasks of one task definition running",
        "legend_task_definition": "Task definition: the recipe (images and settings)",
        "legend_registry": "Registry (ECR): stores images",
        "legend_image": "Image",
        "legend_attribute": "Attributes: name=value tags on an instance",
        "legend_kubernetes": "Kubernetes concept",
        "legend_warning": "Misconception",
        "legend_new": "Just joined the cluster",
        "legend_edge_uses": "uses",
        "legend_edge_pulls": "pulls images",
        "legend_edge_runs": "runs / keeps running",
        "legend_edge_reports": "reports state (both ways)",
        "legend_edge_starts": "starts containers",
        "legend_edge_maps_to": "same idea",
        "legend_edge_not_same": "NOT the same",
    },
    "ko": {
        # Titles
        "title_overview": "한눈에 보는 Amazon ECS",
        "title_cluster": "클러스터와 컨테이너 인스턴스",
        "title_service_types": "두 가지 서비스: 리플리카와 데몬",
        "title_vs_kubernetes": "ECS와 쿠버네티스 비교",
        "legend": "범례",
        # ECS terms
        "cluster": "클러스터",
        "logical_space": "논리적 공간",
        "container_instance": "컨테이너 인스턴스",
        "ec2_host": "EC2 호스트",
        "agent": "ECS 에이전트",
        "docker": "Docker 엔진",
        "zone": "가용 영역",
        "control_plane": "ECS 컨트롤 플레인",
        "control_plane_role": "스케줄러 + API, AWS가 운영",
        "task_definition": "태스크 디피니션",
        "task": "태스크",
        "container": "컨테이너",
        "service": "서비스",
        "replica_service": "리플리카 서비스",
        "daemon_service": "데몬 서비스",
        "image": "이미지",
        "registry": "레지스트리",
        "attributes": "속성",
        "images_line": "이미지: {images}",
        "settings_line": "CPU {cpu} · 메모리 {memory} MiB",
        "port_line": "포트 {port}",
        "desired": "desiredCount {count}",
        "no_task": "(태스크 없음)",
        "newly_joined": "새로 합류",
        "replica_rule": (
            "N개의 복제본, 기본으로 가용 영역에 고르게 분산\n"
            "(placementStrategy를 주면 이 기본값을 대신함)"
        ),
        "daemon_rule": (
            "desiredCount 없음: 인스턴스마다 정확히 태스크 1개,\n새 인스턴스에도 자동으로 시작"
        ),
        # Kubernetes terms
        "kubernetes": "쿠버네티스",
        "node": "노드",
        "kubelet": "큐블릿",
        "pod": "파드",
        "pod_spec": "파드 스펙 (템플릿)",
        "deployment": "디플로이먼트",
        "daemonset": "데몬셋",
        "node_labels": "노드 레이블",
        "container_registry": "컨테이너 레지스트리",
        # What each ECS/Kubernetes pair shares (ecs-semantics §7)
        "alike_cluster": "최상위 스케줄링 단위",
        "alike_instance": "CPU와 메모리를 제공하고 작업을 실행",
        "alike_agent": "호스트에서 컨테이너를 시작하고 상태를 보고",
        "alike_task": "한 호스트에 함께 배치되는 컨테이너",
        "alike_task_definition": "변경 불가, 리비전으로 버전 관리",
        "alike_replica": "N개 복제본 유지, 롤링 업데이트",
        "alike_daemon": "모든 호스트에 하나씩",
        "alike_attributes": "배치 제약 조건 / nodeSelector로 선택",
        "alike_registry": "이미지를 저장하고 제공",
        "not_a_node": "✗ 같지 않음",
        "misconception": (
            "흔한 오해: ECS 클러스터는 쿠버네티스 노드가 아닙니다.\n"
            "클러스터는 여러 컨테이너 인스턴스를 묶는 논리적 공간이고,\n"
            "노드에 해당하는 것은 컨테이너 인스턴스입니다."
        ),
        # Edge labels
        "uses": "사용",
        "one_to_one": "사용 (1 : 1)",
        "pulls": "이미지 풀",
        "runs": "실행",
        "reports": "상태 보고",
        "starts": "컨테이너 시작",
        # Legend: one line per node kind and per edge kind
        "legend_cluster": "클러스터: 인스턴스와 서비스를 담는 논리적 공간",
        "legend_zone": "가용 영역 (점선 상자)",
        "legend_instance": "컨테이너 인스턴스: EC2 호스트 + ECS 에이전트 + Docker",
        "legend_task": "태스크 (초록 = 실행 중): 함께 배치되는 컨테이너 묶음",
        "legend_container": "컨테이너",
        "legend_agent": "ECS 에이전트: 태스크를 시작하고 상태를 보고",
        "legend_docker": "Docker 엔진: 컨테이너 실행",
        "legend_control_plane": "ECS 컨트롤 플레인: 태스크가 실행될 위치를 결정",
        "legend_service": "서비스: 태스크 디피니션 하나의 태스크를 계속 실행",
        "legend_task_definition": "태스크 디피니션: 레시피 (이미지와 설정)",
        "legend_registry": "레지스트리 (ECR): 이미지 저장소",
        "legend_image": "이미지",
        "legend_attribute": "속성: 인스턴스에 붙는 name=value 표시",
        "legend_kubernetes": "쿠버네티스 개념",
        "legend_warning": "오해",
        "legend_new": "클러스터에 새로 합류",
        "legend_edge_uses": "사용",
        "legend_edge_pulls": "이미지 풀",
        "legend_edge_runs": "실행 / 계속 실행",
        "legend_edge_reports": "상태 보고 (양방향)",
        "legend_edge_starts": "컨테이너 시작",
        "legend_edge_maps_to": "같은 개념",
        "legend_edge_not_same": "같지 않음",
    },
}
