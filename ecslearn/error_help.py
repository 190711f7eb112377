"""`ecslearn.explain(error)`: what to do next about an ECS error, in the session's language.

ecslearn answers with AWS's own error text (people's code compares it); the learner's guidance
lives here, looked up by error code and message: the `hint` the raise site gave, which names
the very cluster, revision or port (`ecslearn.errors.hint_for`: in English, for errors made
lately in this process), or the table below, in both languages: a Korean session reads the
table's words first; an English one the hint first. Used by the lessons' error panel
(`ecslearn.lessons.panels.ecs_error`) below AWS's message, and by ``ecslearn serve``'s log.
"""

from __future__ import annotations

import re
from typing import Any

from ecslearn.errors import hint_for
from ecslearn.words.language import resolve
from ecslearn.words.sentence import T

#: (error code, message pattern, explanation); the first match wins.
EXPLANATIONS: tuple[tuple[str, str, T], ...] = (
    (
        "ClusterNotFoundException",
        r"^Cluster not found",
        T(
            "No cluster by that name in this region (a call without `cluster` means 'default'). "
            "Check the name and the region, or create it with create_cluster(clusterName=...).",
            "이 리전에 그 이름의 클러스터가 없습니다(`cluster`를 생략하면 'default'). 이름과 "
            "리전을 확인하거나 create_cluster(clusterName=...)로 만드세요.",
        ),
    ),
    (
        "ServiceNotFoundException",
        r"^Service not found",
        T(
            "No service by that name in the cluster. List them with list_services(cluster=...); "
            "a deleted service is gone once it is INACTIVE.",
            "클러스터에 그 이름의 서비스가 없습니다. list_services(cluster=...)로 확인하세요. "
            "삭제된 서비스는 INACTIVE가 되면 사라집니다.",
        ),
    ),
    (
        "InvalidParameterException",
        r"daemon scheduling strategy does not support a desired count",
        T(
            "A DAEMON service runs one task on each instance: leave desiredCount out.",
            "DAEMON 서비스는 인스턴스마다 태스크를 하나씩 실행합니다. desiredCount를 빼세요.",
        ),
    ),
    (
        "InvalidParameterException",
        r"launch type and capacity provider strategy",
        T(
            "Give either launchType or capacityProviderStrategy, not both.",
            "launchType과 capacityProviderStrategy 중 하나만 지정하세요.",
        ),
    ),
    (
        "InvalidParameterException",
        r"placement (strategy|constraint) type",
        T(
            "Every placement strategy needs a type (random, spread or binpack) and every "
            "constraint one too (distinctInstance or memberOf).",
            "배치 전략에는 type(random, spread, binpack)이, 제약에는 type(distinctInstance, "
            "memberOf)이 있어야 합니다.",
        ),
    ),
    (
        "InvalidParameterException",
        r"^No Container Instances were found in your cluster",
        T(
            "The cluster has no registered instances. If you launched instances with "
            "run_instances, check that they use an ECS-optimized AMI (ssm get_parameter "
            "'/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id'), have an "
            "instance profile (IamInstanceProfile) and user data with ECS_CLUSTER=<this cluster>; "
            "sim.agent_log('i-...') shows why an instance's agent did not register.",
            "클러스터에 등록된 인스턴스가 없습니다. run_instances로 띄웠다면 ECS 최적화 AMI(ssm "
            "get_parameter '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/"
            "image_id')인지, 인스턴스 프로파일(IamInstanceProfile)이 있는지, 사용자 데이터에 "
            "ECS_CLUSTER=<이 클러스터>가 있는지 확인하세요. sim.agent_log('i-...')가 에이전트가 "
            "등록하지 못한 이유를 보여 줍니다.",
        ),
    ),
    (
        "ParameterNotFound",
        r"",
        T(
            "No parameter by that name in this region. A parameter of your own must be put "
            "first (ssm put_parameter, names are case-sensitive). The ECS-optimized AMI's ID is "
            "'/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id' (or "
            "amazon-linux-2, and .../arm64/recommended/image_id for Graviton).",
            "이 리전에 그 이름의 파라미터가 없습니다. 직접 쓰는 파라미터는 먼저 만들어야 "
            "합니다(ssm put_parameter, 이름은 대소문자를 구분합니다). ECS 최적화 AMI의 ID는 "
            "'/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id'입니다"
            "(amazon-linux-2, Graviton은 .../arm64/recommended/image_id).",
        ),
    ),
    (
        "InvalidAMIID.NotFound",
        r"",
        T(
            "No image by that ID in this region (AMI IDs differ per region). Ask SSM for the "
            "region's ECS-optimized AMI: get_parameter(Name='/aws/service/ecs/optimized-ami/"
            "amazon-linux-2023/recommended/image_id').",
            "이 리전에 그 ID의 이미지가 없습니다(AMI ID는 리전마다 다릅니다). SSM에서 리전의 ECS "
            "최적화 AMI를 받으세요: get_parameter(Name='/aws/service/ecs/optimized-ami/"
            "amazon-linux-2023/recommended/image_id').",
        ),
    ),
    (
        "InvalidParameterValue",
        r"for InstanceType",
        T(
            "ecslearn knows these instance types: t2.micro, t3.micro ... t3.2xlarge, m5.large ... "
            "m5.8xlarge, c5, r5, m6i, m7i, and Graviton (arm64) t4g, m6g, c6g, m7g; "
            "describe_instance_types lists them with their vCPUs and memory.",
            "ecslearn이 아는 인스턴스 유형: t2.micro, t3.micro ... t3.2xlarge, m5.large ... "
            "m5.8xlarge, c5, r5, m6i, m7i, Graviton(arm64) t4g, m6g, c6g, m7g. "
            "describe_instance_types로 각 유형의 vCPU와 메모리를 볼 수 있습니다.",
        ),
    ),
    (
        "InvalidGroup.NotFound",
        r"",
        T(
            "Security groups are per region and per VPC: give a GroupId from "
            "describe_security_groups, or create the group first (create_security_group).",
            "보안 그룹은 리전과 VPC마다 따로 있습니다. describe_security_groups의 GroupId를 주거나 "
            "먼저 그룹을 만드세요(create_security_group).",
        ),
    ),
    (
        "ClientException",
        r"^(TaskDefinition not found|Unable to describe task definition)",
        T(
            "No such task definition (or revision) in this region. List them with "
            "list_task_definitions, or register one with register_task_definition.",
            "이 리전에 그 태스크 정의(또는 리비전)가 없습니다. list_task_definitions로 확인하거나 "
            "register_task_definition으로 등록하세요.",
        ),
    ),
    (
        "InvalidParameterException",
        r"^The referenced task was not found",
        T(
            "No such task in the cluster. List the tasks with list_tasks(cluster=...).",
            "클러스터에 그 태스크가 없습니다. list_tasks(cluster=...)로 확인하세요.",
        ),
    ),
    (
        "InvalidParameterException",
        r"^The service cannot be stopped while it is scaled above 0",
        T(
            "Scale the service to 0 first (update_service(desiredCount=0)), or delete it with "
            "force=True.",
            "먼저 update_service(desiredCount=0)로 서비스를 0으로 줄이거나, force=True로 "
            "삭제하세요.",
        ),
    ),
    (
        "ClientException",
        r"^Revision is missing",
        T(
            "Deregister one revision at a time: name it as family:revision, e.g. 'web:1'.",
            "리비전을 하나씩 등록 해제하세요. 'web:1'처럼 family:revision으로 지정합니다.",
        ),
    ),
    (
        "ClientException",
        r"^Container\.name should not be null",
        T(
            "Every container definition needs a 'name' (letters, numbers, - and _).",
            "모든 컨테이너 정의에는 'name'(문자, 숫자, -, _)이 있어야 합니다.",
        ),
    ),
)


def _code_and_message(error: Any) -> tuple[str, str]:
    response = getattr(error, "response", None)
    if isinstance(response, dict) and "Error" in response:
        return response["Error"].get("Code", ""), response["Error"].get("Message", "")
    if isinstance(error, tuple):
        return error[0], error[1]
    return getattr(error, "code", type(error).__name__), getattr(error, "message", str(error))


def explain(error: Any, lang: str | None = None) -> str | None:
    """What to do about `error` (a botocore ClientError, an `EcsError`, or (code, message)), in
    `lang` or the session's language; None when ecslearn has nothing to add to AWS's message."""
    code, message = _code_and_message(error)
    hint = hint_for(code, message)
    table = next(
        (
            text(lang)
            for known, pattern, text in EXPLANATIONS
            if known == code and re.search(pattern, message)
        ),
        None,
    )
    if resolve(lang) == "ko":
        return table or hint
    return hint or table
