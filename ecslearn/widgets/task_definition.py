"""`TaskDefinitionEditor`: a task definition as a form and as ECS JSON, kept in sync both ways.

Every change is checked at once with `validate_task_definition`, the same rules
RegisterTaskDefinition applies, so a learner sees ECS's error (naming the container and the
field) while typing, not after pressing a button. The JSON view is the source of truth for
members the form does not show: editing the form keeps them, editing the JSON fills the form.
"Register" sends RegisterTaskDefinition through the simulation's boto3 client.
"""

from __future__ import annotations

import html
import json
from typing import Any

import ipywidgets as widgets

from ecslearn.control.state import region_of
from ecslearn.errors import EcsError
from ecslearn.model.builders import health_check, port
from ecslearn.model.task_definition import (
    ContainerDefinition,
    ContainerDependency,
    KeyValuePair,
    TaskDefinition,
)
from ecslearn.model.validation import validate_task_definition
from ecslearn.widgets.common import (
    Displayable,
    EcsCallFailed,
    Signals,
    call_ecs,
    describe_error,
    error_html,
    fit_labels,
    ok_html,
)
from ecslearn.words import resolve, words
from ecslearn.words.widgets import EDITOR

NETWORK_MODES = ["bridge", "host", "awsvpc", "none"]


class FormError(ValueError):
    """A form field that cannot be read (a port that is not a number, say)."""


def _optional_int(value: int) -> int | None:
    """0 in a number box means "not set": ECS has no zero-MiB container."""
    return value or None


class ContainerForm:
    """The fields of one container definition; unknown members ride along in `base`."""

    def __init__(self, owner: TaskDefinitionEditor, base: ContainerDefinition) -> None:
        self.base = base
        self.words = w = owner.words
        self.name = widgets.Text(description=w["name"])
        self.image = widgets.Text(description=w["image"])
        self.cpu = widgets.BoundedIntText(min=0, max=196608, description=w["cpu"])
        self.memory = widgets.BoundedIntText(min=0, max=10**6, description=w["memory"])
        self.reservation = widgets.BoundedIntText(min=0, max=10**6, description=w["reservation"])
        self.essential = widgets.Checkbox(description=w["essential"])
        self.ports = widgets.Text(description=w["ports"], placeholder="80, 8080:80, 53/udp")
        self.environment = widgets.Textarea(
            description=w["environment"], placeholder=w["environment_hint"]
        )
        self.depends_on = widgets.Text(description=w["depends_on"], placeholder="db:HEALTHY")
        self.health = widgets.Text(description=w["health"], placeholder="curl -f localhost")
        self.remove = widgets.Button(description=w["remove"], icon="trash")
        self.fields = [
            self.name,
            self.image,
            self.cpu,
            self.memory,
            self.reservation,
            self.essential,
            self.ports,
            self.environment,
            self.depends_on,
            self.health,
        ]
        self.box = widgets.VBox([*self.fields, self.remove])
        self.box.layout.border = "1px solid #cbd5e1"
        self.box.layout.padding = "4px"
        fit_labels(self.box, owner.lang)
        self.fill(base)
        for field in self.fields:
            field.observe(lambda _: owner.form_changed(), "value")
        self.remove.on_click(lambda _: owner.remove_container(self))

    def fill(self, container: ContainerDefinition) -> None:
        self.base = container
        self.name.value = container.name or ""
        self.image.value = container.image or ""
        self.cpu.value = container.cpu or 0
        self.memory.value = container.memory or 0
        self.reservation.value = container.memory_reservation or 0
        self.essential.value = container.essential is not False
        self.ports.value = ", ".join(_port_text(p) for p in container.port_mappings or [])
        self.environment.value = "\n".join(
            f"{pair.name}={pair.value}" for pair in container.environment or []
        )
        self.depends_on.value = ", ".join(
            f"{d.container_name}:{d.condition}" for d in container.depends_on or []
        )
        command = container.health_check.command if container.health_check else None
        if command and command[0] == "CMD-SHELL" and len(command) == 2:
            self.health.value = command[1]
        else:
            self.health.value = json.dumps(command) if command else ""

    def read(self) -> ContainerDefinition:
        """The container as the form says (raises `FormError` for an unreadable field)."""
        container = self.base.copy()
        container.name, container.image = self.name.value, self.image.value
        container.cpu = _optional_int(self.cpu.value)
        container.memory = _optional_int(self.memory.value)
        container.memory_reservation = _optional_int(self.reservation.value)
        # ECS's default is essential; only say so in the JSON when it is switched off.
        container.essential = None if self.essential.value else False
        try:
            specs = [s.strip() for s in self.ports.value.split(",") if s.strip()]
            mappings = [port(int(s) if s.isdigit() else s) for s in specs]
        except ValueError as error:
            raise FormError(
                self.words["bad_ports"].format(name=container.name, ports=self.ports.value)
            ) from error
        container.port_mappings = mappings or None
        pairs = []
        for line in self.environment.value.splitlines():
            if not line.strip():
                continue
            key, equals, value = line.partition("=")
            if not equals:
                raise FormError(
                    self.words["bad_environment"].format(name=container.name, line=line)
                )
            pairs.append(KeyValuePair(name=key.strip(), value=value))
        container.environment = pairs or None
        dependencies = []
        for item in (s.strip() for s in self.depends_on.value.split(",")):
            if item:
                name, _, condition = item.partition(":")
                dependencies.append(
                    ContainerDependency(container_name=name.strip(), condition=condition.strip())
                )
        container.depends_on = dependencies or None
        container.health_check = self._health(container)
        return container

    def _health(self, container: ContainerDefinition) -> Any:
        text = self.health.value.strip()
        if not text:
            return None
        old = container.health_check
        command: str | list[str] = text
        if text.startswith("["):
            try:
                command = json.loads(text)
            except ValueError as error:
                raise FormError(self.words["bad_health"].format(name=container.name)) from error
        check = health_check(command)
        if old is not None:  # keep interval, retries, ... from the JSON
            check.interval, check.timeout = old.interval, old.timeout
            check.retries, check.start_period = old.retries, old.start_period
        return check


def _port_text(mapping: Any) -> str:
    text = str(mapping.container_port)
    if mapping.host_port is not None:
        text = f"{mapping.host_port}:{text}"
    if mapping.protocol and mapping.protocol != "tcp":
        text += f"/{mapping.protocol}"
    return text


def starter(family: str) -> TaskDefinition:
    """What the editor shows for a family that has no revision yet."""
    return TaskDefinition.from_json(
        {
            "family": family,
            "containerDefinitions": [
                {"name": "web", "image": "nginx:1.27", "memory": 256,
                 "portMappings": [{"containerPort": 80}]}
            ],
        }
    )  # fmt: skip


class TaskDefinitionEditor(Displayable):
    """Edit (the latest revision of) `family`; `app` is the widget to display. `lang` (``"en"``
    or ``"ko"``) is the language of its labels and messages; ECS's names, values, JSON and errors
    stay ECS's."""

    def __init__(
        self, sim: Any, family: str = "web", *, region: str | None = None, lang: str | None = None
    ) -> None:
        self.lang = lang = resolve(lang)
        self.words = w = words(EDITOR, lang)
        self.sim, self.region = sim, region
        self.ecs = sim.client(region_name=region)
        self.registered = Signals()
        self._syncing = False
        revisions = region_of(sim, region).task_definitions.get(family, {})
        self.base = revisions[max(revisions)].copy() if revisions else starter(family)
        self.family = widgets.Text(value=family, description=w["family"])
        self.network_mode = widgets.Dropdown(
            options=NETWORK_MODES, value=self.base.effective_network_mode, description=w["network"]
        )
        self.containers: list[ContainerForm] = [
            ContainerForm(self, c) for c in self.base.container_definitions
        ]
        self.container_box = widgets.VBox([f.box for f in self.containers])
        self.add_button = widgets.Button(description=w["add"], icon="plus")
        self.json = widgets.Textarea(description="", layout=widgets.Layout(height="420px"))
        self.error = widgets.HTML("")
        self.status = widgets.HTML("")
        self.register_button = widgets.Button(description=w["register"], button_style="primary")
        self.family.observe(lambda _: self.form_changed(), "value")
        self.network_mode.observe(lambda _: self.form_changed(), "value")
        self.json.observe(lambda _: self.json_changed(), "value")
        self.add_button.on_click(lambda _: self.add_container())
        self.register_button.on_click(lambda _: self.register())
        form = widgets.VBox(
            [
                self.family,
                self.network_mode,
                self.container_box,
                self.add_button,
                widgets.HBox([self.register_button]),
                self.error,
                self.status,
            ]
        )
        side = widgets.VBox([widgets.HTML(f"<b>{html.escape(w['json_heading'])}</b>"), self.json])
        side.layout.width = "45%"
        self.json.layout.width = "100%"
        self.app = widgets.HBox([form, side])
        fit_labels(self.app, lang)
        self.form_changed()

    # -- form → JSON ----------------------------------------------------------------------------
    def read_form(self) -> TaskDefinition:
        td = self.base.copy()
        td.family = self.family.value
        # bridge is ECS's default: the JSON only names it when it named it before.
        implicit = self.network_mode.value == "bridge" and not td.network_mode
        td.network_mode = None if implicit else self.network_mode.value
        td.container_definitions = [form.read() for form in self.containers]
        return td

    def form_changed(self) -> None:
        if self._syncing:
            return
        try:
            td = self.read_form()
        except FormError as error:
            self.error.value = error_html(str(error))
            return
        self._syncing = True
        try:
            self.json.value = json.dumps(td.to_request(), indent=2)
        finally:
            self._syncing = False
        self.validate(td)

    # -- JSON → form ----------------------------------------------------------------------------
    def json_changed(self) -> None:
        if self._syncing:
            return
        try:
            data = json.loads(self.json.value)
            if not isinstance(data, dict):
                raise ValueError(self.words["not_object"])
            td = TaskDefinition.from_json(data)
        except (ValueError, TypeError, KeyError) as error:
            self.error.value = error_html(self.words["bad_json"].format(error=error))
            return
        self._syncing = True
        try:
            self.base = td
            self.family.value = td.family or ""
            self.network_mode.value = td.effective_network_mode
            forms = self.containers
            for form, container in zip(forms, td.container_definitions, strict=False):
                form.fill(container)
            for container in td.container_definitions[len(forms) :]:
                forms.append(ContainerForm(self, container))
            del forms[len(td.container_definitions) :]
            self.container_box.children = [f.box for f in forms]
        finally:
            self._syncing = False
        self.validate(td)

    # -- containers -----------------------------------------------------------------------------
    def add_container(self) -> None:
        name = f"container{len(self.containers) + 1}"
        base = ContainerDefinition(name=name, image="busybox:1.36", memory=64, essential=False)
        self.containers.append(ContainerForm(self, base))
        self.container_box.children = [f.box for f in self.containers]
        self.form_changed()

    def remove_container(self, form: ContainerForm) -> None:
        self.containers.remove(form)
        self.container_box.children = [f.box for f in self.containers]
        self.form_changed()

    # -- checking and registering ------------------------------------------------------------------
    def validate(self, td: TaskDefinition | None = None) -> bool:
        """RegisterTaskDefinition's rules, without registering; the error shows beside the form."""
        try:
            validate_task_definition(td if td is not None else self.read_form())
        except (EcsError, FormError) as error:
            self.error.value = error_html(
                describe_error(error) if isinstance(error, EcsError) else str(error)
            )
            return False
        self.error.value = ""
        return True

    def request(self) -> dict[str, Any]:
        return json.loads(self.json.value)

    def register(self) -> str | None:
        """Register a new revision; returns ``family:revision`` (None when ECS refused)."""
        if not self.validate():
            self.status.value = ""
            return None
        try:
            response = call_ecs(lambda: self.ecs.register_task_definition(**self.request()))
        except EcsCallFailed as failure:
            self.error.value, self.status.value = error_html(failure.text), ""
            return None
        td = response["taskDefinition"]
        name = f"{td['family']}:{td['revision']}"
        self.status.value = ok_html(self.words["registered"].format(name=name))
        self.registered.emit()
        return name
