"""Small panels every lesson uses: what is simulated and what is real, and an ECS error as the
learner should read it. Their words are the catalogue's (`ecslearn.words.lessons`); each panel
speaks the session's language (`ecslearn.set_language`) unless its ``lang`` says otherwise."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ecslearn.error_help import explain
from ecslearn.lessons.text import Shown, T, box, markup
from ecslearn.words import fill, resolve, words
from ecslearn.words.lessons import ADDS, PANELS, REAL, SIMULATED


class Panel(Shown):
    def __init__(self, lang: str | None, rows: list[tuple[str, list[str]]]) -> None:
        self.lang = resolve(lang)
        self.rows = rows

    def text(self) -> str:
        lines = [words(PANELS, self.lang)["title"]]
        for heading, items in self.rows:
            lines.append(f"- {heading}: " + "; ".join(items))
        return "\n".join(lines)

    def html(self) -> str:
        body = "".join(
            f"<div><b>{html.escape(heading)}:</b> {markup('; '.join(items))}</div>"
            for heading, items in self.rows
        )
        return box("#455a64", words(PANELS, self.lang)["title"], body)

    def __repr__(self) -> str:
        return self.text()


def simulated_vs_real(
    lang: str | None = None,
    simulated: Sequence[str] = ("control_plane", "instances", "clock"),
    real: Sequence[str] = ("boto3", "json", "rules"),
    adds: Sequence[str] = ("iam", "vpc", "cloudwatch", "bill"),
    extra: Sequence[tuple[str, T]] = (),
) -> Panel:
    """The small panel every lesson that runs something shows. Names are keys of `SIMULATED`,
    `REAL` and `ADDS` (`ecslearn.words.lessons`); `extra` adds ``("simulated" | "real" |
    "adds", T(...))`` lines. Without `lang`, it is in the session's language."""
    lang = resolve(lang)
    groups = {
        "simulated": [words(SIMULATED, lang)[k] for k in simulated],
        "real": [words(REAL, lang)[k] for k in real],
        "adds": [words(ADDS, lang)[k] for k in adds],
    }
    for where, text in extra:
        groups[where].append(text(lang))
    headings = words(PANELS, lang)
    rows = [(headings[k], items) for k, items in groups.items() if items]
    return Panel(lang, rows)


class ErrorPanel(Shown):
    """An ECS error as the learner should read it: its code, ECS's message (AWS's own text),
    then what to do next (`ecslearn.explain`), when ecslearn knows."""

    def __init__(
        self, code: str, message: str, lang: str | None = None, service: str = "ECS"
    ) -> None:
        self.code, self.message, self.service = code, message, service
        self.lang = resolve(lang)
        self.explanation = explain((code, message), self.lang)

    def _lead(self) -> str:
        said = words(PANELS, self.lang)
        if self.service == "boto3":
            return said["boto3_refused"]
        return fill(said["refused"], service=self.service)

    def text(self) -> str:
        more = f"\n{self.explanation}" if self.explanation else ""
        return f"{self._lead()}: {self.code}\n{self.message}{more}"

    def html(self) -> str:
        body = markup(self.message)
        if self.explanation:
            body += f"<div><i>{markup(self.explanation)}</i></div>"
        return box("#c62828", f"{self._lead()}: {self.code}", body)

    def __repr__(self) -> str:
        return self.text()


def _service_of(operation: str) -> str:
    """Which of the simulated services answers `operation` ("ECS", "ECR", ...), for the panel's
    heading: ECR's refusals are ECR's, not ECS's."""
    from ecslearn.control.dispatch import display_name
    from ecslearn.control.shapes import service_model

    for service in ("ecs", "ecr", "application-autoscaling", "autoscaling"):
        if operation in service_model(service).operation_names:
            return display_name(service)
    return "ECS"


@contextmanager
def ecs_error(lang: str | None = None) -> Iterator[list[ErrorPanel]]:
    """``with ecs_error(LANG): ecs.delete_cluster(...)`` shows ECS's refusal instead of stopping
    the notebook. The error (if any) is appended to the yielded list, for a later cell. Without
    `lang`, the panel is in the session's language (as it is when the ``with`` starts)."""
    lang = resolve(lang)
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
