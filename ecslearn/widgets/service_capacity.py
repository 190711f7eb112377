"""The service configurator's capacity section: ``launchType`` or ``capacityProviderStrategy``.

Both controls are always there, because both are members of CreateService: the learner may set
one, the other, or neither (then the cluster's default capacity provider strategy applies, or
the EC2 launch type when the cluster has none, as the API reference says). Setting both is
allowed in the form and refused by ECS ("Specifying both a launch type and capacity provider
strategy is not supported..."), so the learner reads ECS's own rule instead of a form that
hides it.

UpdateService has no ``launchType``: on an update the launch type shows the service's, disabled,
and only the strategy can move the service. An empty strategy on an update is sent as ``[]``
(the API reference: "Update the Auto Scaling group or Fargate capacity provider back to the
launch type. Pass an empty list"). A changed strategy takes effect with a new deployment,
which ecslearn's UpdateService (like Terraform's provider) wants asked for with
``forceNewDeployment``: the form ticks it when the strategy changes, and the learner who unticks
it reads ECS's refusal.

The providers offered are the cluster's (DescribeClusters) plus FARGATE and FARGATE_SPOT, which
every account has but a cluster must still be associated with; an unassociated one is refused by
ECS, not by the form. The launch types are botocore's ``LaunchType`` enum, whatever ecslearn
simulates: ECS's answer says which it runs.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ecslearn.model.capacity_provider import BUILT_IN
from ecslearn.words import words
from ecslearn.words.service_launch import LAUNCH

Strategy = list[dict[str, Any]]


def launch_types(client: Any) -> list[str]:
    """botocore's ``LaunchType`` enum (EC2, FARGATE, EXTERNAL, ...)."""
    return list(client.meta.service_model.shape_for("LaunchType").enum)


def normalized(strategy: Strategy | None) -> list[tuple[str, int, int]]:
    """A strategy as (provider, base, weight), for comparing what is asked with what runs."""
    return [
        (item["capacityProvider"], int(item.get("base") or 0), int(item.get("weight") or 0))
        for item in strategy or []
    ]


def describe(strategy: Strategy) -> str:
    """``FARGATE (base 1, weight 1), FARGATE_SPOT (weight 3)``: ECS's names, in any language."""
    parts = []
    for provider, base, weight in normalized(strategy):
        numbers = (f"base {base}, " if base else "") + f"weight {weight}"
        parts.append(f"{provider} ({numbers})")
    return ", ".join(parts)


class ProviderRow:
    """One item of the strategy: a provider, its base and its weight, with remove."""

    def __init__(
        self, owner: CapacitySection, provider: str = "", base: int = 0, weight: int = 1
    ) -> None:
        w = owner.words
        self.provider = widgets.Combobox(
            options=owner.provider_options(),
            value=provider,
            placeholder=w["provider"],
            ensure_option=False,
        )
        self.provider.layout.width = "170px"
        # botocore's limits: base 0-100000, weight 0-1000.
        self.base = widgets.BoundedIntText(value=base, min=0, max=100000)
        self.weight = widgets.BoundedIntText(value=weight, min=0, max=1000)
        for number in (self.base, self.weight):
            number.layout.width = "70px"
        self.remove = widgets.Button(icon="trash", tooltip=w["remove_provider"])
        self.remove.layout.width = "36px"
        self.box = widgets.HBox(
            [
                self.provider,
                widgets.HTML("base"),
                self.base,
                widgets.HTML("weight"),
                self.weight,
                self.remove,
            ]
        )
        for control in (self.provider, self.base, self.weight):
            control.observe(lambda _: owner.changed(), "value")
        self.remove.on_click(lambda _: owner.remove_row(self))

    def to_json(self) -> dict[str, Any]:
        """The item as sent: a base only when there is one (ECS's default is 0)."""
        item: dict[str, Any] = {"capacityProvider": self.provider.value.strip()}
        if self.base.value:
            item["base"] = self.base.value
        item["weight"] = self.weight.value
        return item


class CapacitySection:
    """``launchType`` and ``capacityProviderStrategy`` for one service of `cluster`; `box` is
    the widget, `on_change` is called whenever the request it contributes may have changed."""

    def __init__(
        self,
        sim: Any,
        cluster: str,
        launch_type_names: list[str],
        on_change: Callable[[], None],
        *,
        region: str | None = None,
        lang: str | None = None,
    ) -> None:
        self.sim, self.cluster, self.region = sim, cluster, region
        self.words = w = words(LAUNCH, lang)
        self.on_change = on_change
        self.associated: list[str] = []
        self.default_strategy: Strategy = []
        self.rows: list[ProviderRow] = []
        self._strategy_changed = False
        self.launch_type = widgets.Dropdown(
            options=[(w["not_set"], ""), *[(name, name) for name in launch_type_names]],
            value="",
            description=w["launch_type"],
        )
        self.rows_box = widgets.VBox([])
        self.add_button = widgets.Button(description=w["add_provider"], icon="plus")
        self.force = widgets.Checkbox(value=False, description=w["force"])
        self.note = widgets.HTML("")
        self.heading = widgets.HTML(f"<b>{w['capacity']}</b>")
        self.box = widgets.VBox(
            [
                self.heading,
                self.launch_type,
                widgets.HTML(f"<i>{w['providers']}</i>"),
                self.rows_box,
                self.add_button,
                self.force,
                self.note,
            ]
        )
        self.launch_type.observe(lambda _: self.changed(), "value")
        self.force.observe(lambda _: self.changed(), "value")
        self.add_button.on_click(lambda _: self.add_row())
        self.read_cluster()

    # -- reading the cluster (DescribeClusters, never changing anything) ------------------------
    def read_cluster(self) -> None:
        """The cluster's associated providers and default strategy, as DescribeClusters says."""
        answer = self.sim.call("DescribeClusters", self.region, clusters=[self.cluster])
        clusters = answer.get("clusters") or [{}]
        self.associated = list(clusters[0].get("capacityProviders") or [])
        self.default_strategy = list(clusters[0].get("defaultCapacityProviderStrategy") or [])
        for row in self.rows:
            row.provider.options = self.provider_options()

    def provider_options(self) -> list[str]:
        return self.associated + [name for name in BUILT_IN if name not in self.associated]

    # -- the rows --------------------------------------------------------------------------------
    def add_row(self, provider: str = "", base: int = 0, weight: int = 1) -> ProviderRow:
        """A new item; without a provider, the first one the strategy does not name yet."""
        if not provider:
            used = {row.provider.value for row in self.rows}
            provider = next((p for p in self.provider_options() if p not in used), "")
        row = ProviderRow(self, provider, base, weight)
        self.rows.append(row)
        self._redraw()
        return row

    def remove_row(self, row: ProviderRow) -> None:
        self.rows.remove(row)
        self._redraw()

    def _redraw(self) -> None:
        self.rows_box.children = [row.box for row in self.rows]
        self.changed()

    def changed(self) -> None:
        self.on_change()

    def load(self, service: Any) -> None:
        """Show the strategy an existing service runs (also after Apply created it with the
        cluster's default), so the next Apply leaves it as it is unless the learner changes it.
        Rows that already say what the service runs are kept as they are; forceNewDeployment,
        a one-off, is unticked."""
        self._strategy_changed = False
        self.force.value = False
        if self.rows and normalized(self.strategy()) == normalized(
            service.capacity_provider_strategy
        ):
            return
        self.rows = [
            ProviderRow(
                self, item["capacityProvider"], item.get("base") or 0, item.get("weight") or 0
            )
            for item in service.capacity_provider_strategy or []
        ]
        self._redraw()

    # -- what the request carries ------------------------------------------------------------------
    def strategy(self) -> Strategy:
        return [row.to_json() for row in self.rows]

    def members(self, existing: Any) -> dict[str, Any]:
        """The capacity members of the request: CreateService's launchType and strategy, or
        UpdateService's strategy ([] to go back to the launch type) when there is one to send."""
        strategy = self.strategy()
        if existing is None:
            request: dict[str, Any] = {}
            if self.launch_type.value:
                request["launchType"] = self.launch_type.value
            if strategy:
                request["capacityProviderStrategy"] = strategy
            return request
        if strategy or existing.capacity_provider_strategy:
            return {"capacityProviderStrategy": strategy}
        return {}

    def force_member(self, existing: Any) -> dict[str, Any]:
        """UpdateService's forceNewDeployment, when ticked (CreateService has none)."""
        return {"forceNewDeployment": True} if existing is not None and self.force.value else {}

    def runs_on_fargate(self, existing: Any) -> bool:
        """Would the tasks run on Fargate? (Shows the network section and the placement note.)"""
        names = {row.provider.value.strip() for row in self.rows}
        if names & set(BUILT_IN) or self.launch_type.value == "FARGATE":
            return True
        if existing is None and not names and not self.launch_type.value:
            return any(item["capacityProvider"] in BUILT_IN for item in self.default_strategy)
        return False

    # -- the section follows the operation -----------------------------------------------------
    def refresh(self, existing: Any) -> None:
        """Fit the section to CreateService (`existing` None) or UpdateService: what can be
        sent, what applies, and forceNewDeployment ticked when the strategy changes."""
        update = existing is not None
        self.launch_type.disabled = update
        self.force.layout.display = "" if update else "none"
        if update:
            current = existing.launch_type or ""
            if self.launch_type.value != current:
                self.launch_type.value = current  # observers call back here once; harmless
            changed = normalized(self.strategy()) != normalized(existing.capacity_provider_strategy)
            if changed != self._strategy_changed:
                self._strategy_changed = changed
                self.force.value = changed
        lines = self._notes(existing)
        self.note.value = "<br>".join(f"<small>{html.escape(line)}</small>" for line in lines)

    def _notes(self, existing: Any) -> list[str]:
        w, strategy = self.words, self.strategy()
        if existing is None:
            if strategy and self.launch_type.value:
                return [w["both"]]
            if self.launch_type.value:
                return [w["uses_launch_type"].format(launch_type=self.launch_type.value)]
            if strategy:
                return [w["uses_strategy"].format(strategy=describe(strategy))]
            if self.default_strategy:
                return [w["uses_default"].format(strategy=describe(self.default_strategy))]
            return [w["uses_ec2"].format(cluster=self.cluster)]
        lines = [w["launch_fixed"]] if existing.launch_type else []
        if strategy:
            lines.append(w["uses_strategy"].format(strategy=describe(strategy)))
        elif existing.capacity_provider_strategy:
            lines.append(w["back_to_launch_type"])
        else:
            lines.append(w["keeps"].format(current=existing.launch_type or "EC2"))
        if self._strategy_changed:
            lines.append(w["force_needed"])
        return lines
