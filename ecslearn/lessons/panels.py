"""Small panels every lesson uses: what is simulated and what is real, and an ECS error as the
learner should read it."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ecslearn.lessons.text import Shown, T, box, markup

#: What ecslearn simulates. A lesson names the ones it uses.
SIMULATED: dict[str, T] = {
    "control_plane": T(
        "the ECS control plane: API and scheduler, answered inside this notebook",
        "ECS 컨트롤 플레인: API와 스케줄러를 이 노트북 안에서 응답",
    ),
    "instances": T(
        "EC2 instances and their ECS agents (CPU and memory from real instance types)",
        "EC2 인스턴스와 ECS 에이전트 (CPU와 메모리는 실제 인스턴스 타입 값)",
    ),
    "containers": T(
        "containers: nothing really runs; the simulated agent reports their states",
        "컨테이너: 실제로 실행되지는 않고, 시뮬레이션 에이전트가 상태를 보고",
    ),
    "clock": T(
        "time: a virtual clock that moves only when you ask, seeded so every run is the same",
        "시간: 요청할 때만 움직이는 가상 시계, 시드 덕분에 매번 같은 결과",
    ),
    "zones": T(
        "availability zones: names only (us-east-1a, b, c), no data centres behind them",
        "가용 영역: 이름만 있음 (us-east-1a, b, c), 실제 데이터 센터는 없음",
    ),
    "load_balancer": T(
        "the Application Load Balancer: target groups, health checks, draining and requests",
        "Application Load Balancer: 대상 그룹, 헬스 체크, 드레이닝, 요청",
    ),
    "autoscaling": T(
        "Application Auto Scaling and its CloudWatch alarms; the load is what `sim.set_load` says",
        "Application Auto Scaling 과 CloudWatch 경보; 부하는 `sim.set_load` 로 정한 값",
    ),
    "network": T(
        "networking: host ports, ENIs and private IP addresses are bookkeeping, no packets move",
        "네트워킹: 호스트 포트, ENI, 프라이빗 IP 주소는 기록일 뿐, 패킷은 오가지 않음",
    ),
}

#: What is the real thing.
REAL: dict[str, T] = {
    "boto3": T(
        "the boto3 ECS client, with its parameter checks and exceptions",
        "boto3 ECS 클라이언트 (파라미터 검사와 예외 포함)",
    ),
    "json": T(
        "the ECS JSON of every request and answer",
        "모든 요청과 응답의 ECS JSON",
    ),
    "rules": T(
        "ECS's rules, error names and messages",
        "ECS의 규칙, 오류 이름과 메시지",
    ),
}

#: What real ECS adds that a laptop cannot.
ADDS: dict[str, T] = {
    "iam": T("IAM permissions", "IAM 권한"),
    "vpc": T("VPC networking", "VPC 네트워킹"),
    "cloudwatch": T("CloudWatch logs and metrics", "CloudWatch 로그와 지표"),
    "ec2": T("real EC2 machines you launch (and pay for)", "직접 띄우는 실제 EC2 머신 (요금 발생)"),
    "bill": T("a bill", "요금 청구서"),
}

_HEADINGS = {
    "title": T("What is simulated, what is real", "무엇이 시뮬레이션이고 무엇이 실제인가"),
    "simulated": T("Simulated", "시뮬레이션"),
    "real": T("Real", "실제"),
    "adds": T("Real ECS adds", "실제 ECS에는 더해지는 것"),
}


class Panel(Shown):
    def __init__(self, lang: str, rows: list[tuple[str, list[str]]]) -> None:
        self.lang = lang
        self.rows = rows

    def text(self) -> str:
        lines = [_HEADINGS["title"](self.lang)]
        for heading, items in self.rows:
            lines.append(f"- {heading}: " + "; ".join(items))
        return "\n".join(lines)

    def html(self) -> str:
        body = "".join(
            f"<div><b>{html.escape(heading)}:</b> {markup('; '.join(items))}</div>"
            for heading, items in self.rows
        )
        return box("#455a64", _HEADINGS["title"](self.lang), body)

    def __repr__(self) -> str:
        return self.text()


def simulated_vs_real(
    lang: str = "en",
    simulated: Sequence[str] = ("control_plane", "instances", "clock"),
    real: Sequence[str] = ("boto3", "json", "rules"),
    adds: Sequence[str] = ("iam", "vpc", "cloudwatch", "bill"),
    extra: Sequence[tuple[str, T]] = (),
) -> Panel:
    """The small panel every lesson that runs something shows. Names are keys of `SIMULATED`,
    `REAL` and `ADDS`; `extra` adds ``("simulated" | "real" | "adds", T(...))`` lines."""
    groups = {
        "simulated": [SIMULATED[k](lang) for k in simulated],
        "real": [REAL[k](lang) for k in real],
        "adds": [ADDS[k](lang) for k in adds],
    }
    for where, text in extra:
        groups[where].append(text(lang))
    rows = [(_HEADINGS[k](lang), items) for k, items in groups.items() if items]
    return Panel(lang, rows)


class ErrorPanel(Shown):
    """An ECS error as the learner should read it: its code, then ECS's message."""

    def __init__(self, code: str, message: str, lang: str, service: str = "ECS") -> None:
        self.code, self.message, self.lang, self.service = code, message, lang, service

    def _lead(self) -> str:
        if self.service == "boto3":
            return T(
                "boto3 refused the request before sending it (its parameter check)",
                "boto3가 요청을 보내기 전에 거부했습니다 (파라미터 검사)",
            )(self.lang)
        return T(f"{self.service} refused the request", f"{self.service}가 요청을 거부했습니다")(
            self.lang
        )

    def text(self) -> str:
        return f"{self._lead()}: {self.code}\n{self.message}"

    def html(self) -> str:
        return box("#c62828", f"{self._lead()}: {self.code}", markup(self.message))

    def __repr__(self) -> str:
        return self.text()


def _service_of(operation: str) -> str:
    """Which of the simulated services answers `operation` ("ECS", "ECR", ...), for the panel's
    heading: ECR's refusals are ECR's, not ECS's."""
    from ecslearn.control.dispatch import display_name
    from ecslearn.control.shapes import service_model

    for service in ("ecs", "ecr", "application-autoscaling"):
        if operation in service_model(service).operation_names:
            return display_name(service)
    return "ECS"


@contextmanager
def ecs_error(lang: str = "en") -> Iterator[list[ErrorPanel]]:
    """``with ecs_error(LANG): ecs.delete_cluster(...)`` shows ECS's refusal instead of stopping
    the notebook. The error (if any) is appended to the yielded list, for a later cell."""
    caught: list[ErrorPanel] = []
    try:
        yield caught
    except Exception as error:
        response = getattr(error, "response", None)
        if isinstance(response, dict) and "Error" in response:
            panel = ErrorPanel(
                response["Error"]["Code"],
                response["Error"]["Message"],
                lang,
                _service_of(getattr(error, "operation_name", "")),
            )
        elif type(error).__name__ == "ParamValidationError":
            panel = ErrorPanel("ParamValidationError", str(error), lang, "boto3")
        elif type(error).__name__ == "EcsError" or hasattr(error, "code"):
            panel = ErrorPanel(getattr(error, "code", type(error).__name__), str(error), lang)
        else:
            raise
        caught.append(panel)
        panel.show()
