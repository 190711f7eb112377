"""`ServiceConfigurator`: the settings of CreateService/UpdateService as a form.

Every control maps to one member of the request, and the request is shown beside the form as
ECS JSON and as the ``aws ecs`` command line, so what a learner clicks is exactly what they could
send to real AWS. "Apply" sends it through the simulation's boto3 client: CreateService when the
cluster has no ACTIVE service of that name, UpdateService otherwise. ECS's refusals (a DAEMON
service with a placement strategy, a launch type together with a capacity provider strategy, a
Fargate service with placement...) appear inline and change nothing.

The capacity section (launch type or capacity provider strategy) is `service_capacity`'s, the
awsvpc/Fargate section `service_network`'s. Placement stays offered when the tasks run on
Fargate, with a note: ECS refuses strategies and constraints for Fargate ("task placement
constraints aren't supported", the API reference's PlacementConstraint), and its refusal teaches
that rule better than controls that silently vanish. Only what is set is sent: placement lists
when they hold something (or, on an update, when the service's must be cleared).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ecslearn.control.placement import cql
from ecslearn.control.state import region_of
from ecslearn.errors import EcsError
from ecslearn.widgets.common import (
    Displayable,
    EcsCallFailed,
    Signals,
    call_ecs,
    cli_command,
    describe_error,
    error_html,
    fit_labels,
    ok_html,
    pre_html,
    request_json,
    section,
)
from ecslearn.widgets.service_capacity import CapacitySection, launch_types
from ecslearn.widgets.service_network import NetworkSection
from ecslearn.widgets.service_placement import StrategyRow
from ecslearn.words import fill, resolve, words
from ecslearn.words.service_launch import LAUNCH
from ecslearn.words.widgets import CONFIGURATOR

#: ECS's deployment defaults per scheduling strategy: (minimumHealthyPercent, maximumPercent).
DEPLOYMENT_DEFAULTS = {"REPLICA": (100, 200), "DAEMON": (0, 100)}


class ServiceConfigurator(Displayable):
    """A form for one service of `cluster`; `app` is the widget to display. `lang` (``"en"`` or
    ``"ko"``) is the language of its labels and messages; ECS's names and values stay ECS's."""

    def __init__(
        self,
        sim: Any,
        cluster: str = "default",
        service: str = "web",
        *,
        region: str | None = None,
        lang: str | None = None,
    ) -> None:
        self.lang = lang = resolve(lang)
        self.words = w = words(CONFIGURATOR, lang)
        self.sim, self.cluster, self.region = sim, cluster, region
        self.ecs = sim.client(region_name=region)
        self.applied = Signals()
        self.strategies: list[StrategyRow] = []
        self.scheduling = widgets.ToggleButtons(
            options=["REPLICA", "DAEMON"], value="REPLICA", description=w["scheduling"]
        )
        self.name = widgets.Text(value=service, description=w["service_name"])
        self.revision = widgets.Dropdown(options=[], description=w["task_definition"])
        self.desired = widgets.BoundedIntText(value=2, min=0, max=5000, description=w["desired"])
        self.add_strategy_button = widgets.Button(description=w["add_strategy"], icon="plus")
        self.strategy_box = widgets.VBox([])
        self.distinct = widgets.Checkbox(value=False, description="distinctInstance")
        self.member_of = widgets.Text(
            value="", description="memberOf", placeholder="attribute:ecs.instance-type =~ t3.*"
        )
        self.member_of_error = widgets.HTML("")
        self.minimum = widgets.IntSlider(value=100, min=0, max=100, description=w["minimum"])
        self.maximum = widgets.IntSlider(value=200, min=100, max=200, description=w["maximum"])
        self.breaker = widgets.Checkbox(value=False, description=w["breaker"])
        self.rollback = widgets.Checkbox(value=False, description=w["rollback"])
        self.apply_button = widgets.Button(description=w["apply"], button_style="primary")
        self.error = widgets.HTML("")
        self.status = widgets.HTML("")
        self.request_view = widgets.HTML("")
        self.cli_view = widgets.HTML("")
        self.mode = widgets.HTML("")
        self.capacity = CapacitySection(
            sim, cluster, launch_types(self.ecs), self.refresh_request, region=region, lang=lang
        )
        self.network = NetworkSection(
            sim,
            list(self.ecs.meta.service_model.shape_for("AssignPublicIp").enum),
            self.refresh_request,
            region=region,
            lang=lang,
        )
        self.placement_note = widgets.HTML("")
        self.refresh_revisions()
        self._load_existing()
        for control in (
            self.name,
            self.revision,
            self.desired,
            self.distinct,
            self.minimum,
            self.maximum,
            self.breaker,
            self.rollback,
        ):
            control.observe(lambda _: self.refresh_request(), "value")
        self.scheduling.observe(self._scheduling_changed, "value")
        self.member_of.observe(lambda _: self.check_member_of(), "value")
        self.add_strategy_button.on_click(lambda _: self.add_strategy())
        self.apply_button.on_click(lambda _: self.apply())
        form = widgets.VBox(
            [
                self.scheduling,
                self.name,
                self.revision,
                self.desired,
                self.capacity.box,
                self.network.box,
                self.placement_note,
                section(w["strategies"], self.strategy_box),
                self.add_strategy_button,
                section(w["constraints"], self.distinct, self.member_of),
                self.member_of_error,
                section(w["deployment"], self.minimum, self.maximum, self.breaker, self.rollback),
                widgets.HBox([self.apply_button, self.mode]),
                self.error,
                self.status,
            ]
        )
        side = widgets.VBox(
            [
                section(w["request"], self.request_view),
                section(w["cli"], self.cli_view),
            ]
        )
        side.layout.width = "45%"
        self.app = widgets.HBox([form, side])
        fit_labels(self.app, lang)
        self.refresh_request()

    # -- reading the simulation (never changing it) -------------------------------------------
    def refresh_revisions(self) -> None:
        """Offer every ACTIVE task definition revision, newest family revision last."""
        state = region_of(self.sim, self.region)
        options = [
            f"{family}:{revision}"
            for family, revisions in sorted(state.task_definitions.items())
            for revision, td in sorted(revisions.items())
            if td.status == "ACTIVE"
        ]
        current = self.revision.value
        self.revision.options = options
        if current in options:
            self.revision.value = current
        elif options:
            self.revision.value = options[-1]

    def existing_service(self) -> Any:
        """The ACTIVE service of that name in the cluster, if there is one (as plain data)."""
        state = region_of(self.sim, self.region)
        for svc in state.services.values():
            if (
                svc.cluster_name == self.cluster
                and svc.service_name == self.name.value
                and svc.status == "ACTIVE"
            ):
                return svc
        return None

    def follow_service(self) -> None:
        """Select the revision the service runs now (after something else deployed one), so
        Apply never rolls it back by surprise."""
        svc = self.existing_service()
        revision = (svc.task_definition or "").rsplit("/", 1)[-1] if svc else ""
        if revision in self.revision.options:
            self.revision.value = revision

    def _load_existing(self) -> None:
        """Start from the service's current settings when it exists already."""
        svc = self.existing_service()
        if svc is None:
            return
        self.capacity.load(svc)
        self.network.load(svc)
        self.scheduling.value = svc.scheduling_strategy or "REPLICA"
        self.desired.value = svc.desired_count or 0
        revision = (svc.task_definition or "").rsplit("/", 1)[-1]
        if revision in self.revision.options:
            self.revision.value = revision
        config = svc.deployment_configuration
        if config is not None:
            self.minimum.value = config.minimum_healthy_percent or 0
            self.maximum.value = config.maximum_percent or 100
            breaker = config.deployment_circuit_breaker
            if breaker is not None:
                self.breaker.value, self.rollback.value = (
                    bool(breaker.enable),
                    bool(breaker.rollback),
                )
        for strategy in svc.placement_strategy or []:
            self.add_strategy(strategy.type or "spread", strategy.field or "")
        for constraint in svc.placement_constraints or []:
            if constraint.type == "distinctInstance":
                self.distinct.value = True
            elif constraint.expression:
                self.member_of.value = constraint.expression

    # -- the strategy chain ---------------------------------------------------------------------
    def add_strategy(self, kind: str = "spread", field: str = "") -> StrategyRow:
        row = StrategyRow(self, kind, field)
        self.strategies.append(row)
        self._redraw_strategies()
        return row

    def remove_strategy(self, row: StrategyRow) -> None:
        self.strategies.remove(row)
        self._redraw_strategies()

    def move_strategy(self, row: StrategyRow, offset: int) -> None:
        index = self.strategies.index(row)
        target = min(max(index + offset, 0), len(self.strategies) - 1)
        self.strategies.insert(target, self.strategies.pop(index))
        self._redraw_strategies()

    def _redraw_strategies(self) -> None:
        self.strategy_box.children = [row.box for row in self.strategies]
        self.refresh_request()

    # -- live checks and the request ----------------------------------------------------------
    def _scheduling_changed(self, change: dict[str, Any]) -> None:
        # The sliders show ECS's defaults for the chosen strategy; a DAEMON service has no count.
        self.minimum.value, self.maximum.value = DEPLOYMENT_DEFAULTS[change["new"]]
        self.desired.disabled = change["new"] == "DAEMON"
        self.refresh_request()

    def check_member_of(self) -> bool:
        """Parse the memberOf expression as ECS would; the error shows under the field."""
        expression = self.member_of.value.strip()
        try:
            if expression:
                cql.parse(expression)
        except EcsError as error:
            self.member_of_error.value = error_html(describe_error(error))
            self.refresh_request()
            return False
        self.member_of_error.value = ""
        self.refresh_request()
        return True

    @property
    def operation(self) -> str:
        return "UpdateService" if self.existing_service() is not None else "CreateService"

    def request(self, existing: Any = False) -> dict[str, Any]:
        """The exact request Apply sends (`existing`: the service, when already looked up)."""
        existing = self.existing_service() if existing is False else existing
        daemon = self.scheduling.value == "DAEMON"
        constraints: list[dict[str, str]] = []
        if self.distinct.value:
            constraints.append({"type": "distinctInstance"})
        if self.member_of.value.strip():
            constraints.append({"type": "memberOf", "expression": self.member_of.value.strip()})
        deployment = {
            "minimumHealthyPercent": self.minimum.value,
            "maximumPercent": self.maximum.value,
            "deploymentCircuitBreaker": {
                "enable": self.breaker.value,
                "rollback": self.rollback.value,
            },
        }
        if existing is None:
            request: dict[str, Any] = {
                "cluster": self.cluster,
                "serviceName": self.name.value,
                "taskDefinition": self.revision.value or "",
                "schedulingStrategy": self.scheduling.value,
            }
        else:
            request = {
                "cluster": self.cluster,
                "service": self.name.value,
                "taskDefinition": self.revision.value or "",
            }
        if not daemon:
            request["desiredCount"] = self.desired.value
        request.update(self.capacity.members(existing))
        request.update(self.network.members())
        strategies = [row.to_json() for row in self.strategies]
        if strategies or (existing is not None and existing.placement_strategy):
            request["placementStrategy"] = strategies
        if constraints or (existing is not None and existing.placement_constraints):
            request["placementConstraints"] = constraints
        request["deploymentConfiguration"] = deployment
        request.update(self.capacity.force_member(existing))
        return request

    def _awsvpc(self) -> bool:
        """Does the chosen task definition use the awsvpc network mode?"""
        family, _, revision = (self.revision.value or "").rpartition(":")
        definition = region_of(self.sim, self.region).task_definitions.get(family, {})
        td = definition.get(int(revision)) if revision.isdigit() else None
        return td is not None and td.effective_network_mode == "awsvpc"

    def refresh_request(self) -> None:
        existing = self.existing_service()
        operation = "UpdateService" if existing is not None else "CreateService"
        self.capacity.refresh(existing)
        fargate = self.capacity.runs_on_fargate(existing)
        self.network.show(fargate or self._awsvpc())
        note = words(LAUNCH, self.lang)["fargate_placement"] if fargate else ""
        self.placement_note.value = f"<small>{note}</small>" if note else ""
        request = self.request(existing)
        self.request_view.value = pre_html(request_json(request))
        self.cli_view.value = pre_html(cli_command(operation, request))
        self.mode.value = f"<i>{operation}</i>"

    # -- Apply ----------------------------------------------------------------------------------
    def apply(self) -> bool:
        """Send the request; True if ECS accepted it. Errors show in `error`, nothing changes."""
        operation, request = self.operation, self.request()
        existing = self.existing_service()
        current = (existing.scheduling_strategy or "REPLICA") if existing is not None else None
        if current is not None and current != self.scheduling.value:
            # Not sent: UpdateService would silently keep the old strategy.
            message = fill(
                self.words["strategy_fixed"],
                service=self.name.value,
                current=current,
                wanted=self.scheduling.value,
            )
            self.error.value, self.status.value = error_html(message), ""
            return False
        method = (
            self.ecs.create_service if operation == "CreateService" else self.ecs.update_service
        )
        try:
            response = call_ecs(lambda: method(**request))
        except EcsCallFailed as failure:
            self.error.value, self.status.value = error_html(failure.text), ""
            return False
        service = response["service"]
        self.error.value = ""
        self.capacity.load(self.existing_service())
        revision = service["taskDefinition"].rsplit("/", 1)[-1]
        self.status.value = ok_html(
            fill(
                self.words["applied"],
                operation=operation,
                service=service["serviceName"],
                revision=revision,
                desired=service["desiredCount"],
            )
        )
        self.refresh_request()
        self.applied.emit()
        return True
