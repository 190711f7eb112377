"""What every widget shares: showing ECS's answer inline, the request as ECS JSON and as an
``aws ecs`` command line, and a tiny "something changed" signal between widgets.

A learner who presses a button should see ECS's own words (the error code and message the real
service would send), never a Python traceback: `call_ecs` turns every failure of a boto3 call
into that one line.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from botocore.exceptions import ClientError, ParamValidationError

from ecslearn.error_help import explain
from ecslearn.errors import EcsError
from ecslearn.words import resolve

Listener = Callable[[], None]


class EcsCallFailed(Exception):
    """A boto3 call (or a check ECS makes) failed; `text` is what the learner should read."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def describe_error(error: Exception) -> str:
    """ECS's error as ``Code: message``, the way the AWS CLI prints it, then ecslearn's advice
    about it (`ecslearn.explain`), when it has some."""
    if isinstance(error, ClientError | EcsError):
        advice = explain(error)
        return f"{_code_and_message(error)}{f' ({advice})' if advice else ''}"
    if isinstance(error, ParamValidationError):
        return f"ParamValidationError: {error}"
    return f"{type(error).__name__}: {error}"


def _code_and_message(error: ClientError | EcsError) -> str:
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return f"{details.get('Code', 'Error')}: {details.get('Message', '')}"
    return f"{error.code}: {error.message}"


def call_ecs(action: Callable[[], Any]) -> Any:
    """Run `action`; any ECS (or boto3 parameter) error becomes an `EcsCallFailed`."""
    try:
        return action()
    except (ClientError, EcsError, ParamValidationError) as error:
        raise EcsCallFailed(describe_error(error)) from error


def error_html(text: str) -> str:
    """An inline error: red, and in ECS's words."""
    if not text:
        return ""
    return f'<div class="ecslearn-error" style="color:#b91c1c"><b>✗</b> {html.escape(text)}</div>'


def ok_html(text: str) -> str:
    if not text:
        return ""
    return f'<div class="ecslearn-ok" style="color:#15803d"><b>✓</b> {html.escape(text)}</div>'


def pre_html(text: str) -> str:
    """Monospace and copyable: for JSON and command lines."""
    return (
        '<pre style="white-space:pre-wrap;font-size:11px;margin:0;user-select:all">'
        f"{html.escape(text)}</pre>"
    )


def request_json(request: dict[str, Any]) -> str:
    return json.dumps(request, indent=2)


def cli_command(operation: str, request: dict[str, Any]) -> str:
    """The equivalent AWS CLI command: ``aws ecs create-service --cli-input-json '...'``.

    The JSON is single-quoted for a POSIX shell, so a quote inside a value is closed, escaped and
    reopened (``'\\''``); the command can be pasted as is against a real account.
    """
    command = "".join("-" + c.lower() if c.isupper() else c for c in operation).lstrip("-")
    body = json.dumps(request, separators=(",", ":")).replace("'", "'\\''")
    return f"aws ecs {command} --cli-input-json '{body}'"


class Signals:
    """Listeners told when a widget changed the simulation (so a diagram can redraw)."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def connect(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def emit(self) -> None:
        for listener in list(self._listeners):
            listener()


class Displayable:
    """Jupyter shows the widget's root, `app`, wherever the object itself is displayed."""

    app: widgets.Widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.app._repr_mimebundle_(**kwargs)


def section(title: str, *children: widgets.Widget) -> widgets.VBox:
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(title)}</b>"), *children])


#: The room a label (a control's ``description``) gets, per language: Hangul needs more than the
#: 80px ipywidgets gives by default. English keeps ipywidgets' default.
LABEL_WIDTHS = {"ko": "120px"}


def walk(root: widgets.Widget) -> list[widgets.Widget]:
    """`root` and every widget inside it."""
    found = [root]
    for child in getattr(root, "children", ()) or ():
        if child is not None:
            found.extend(walk(child))
    return found


def fit_labels(root: widgets.Widget, lang: str | None = None) -> None:
    """Widen the labels left of the controls in `root` so `lang`'s words fit (no-op in English).
    Buttons carry their words inside, and a checkbox's label sits to its right: both are left."""
    width = LABEL_WIDTHS.get(resolve(lang))
    if width is None:
        return
    for widget in walk(root):
        style = getattr(widget, "style", None)
        if (
            style is not None
            and style.has_trait("description_width")
            and not isinstance(widget, widgets.Checkbox | widgets.Button)
            and getattr(widget, "description", "")
        ):
            style.description_width = width
