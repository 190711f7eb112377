"""One link of the service configurator's placement strategy chain (`StrategyRow`): a strategy
type, its field, and buttons to move it earlier or later in the chain or remove it. ECS applies
the strategies in order, so the order the rows show is the order sent."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

#: The fields each placement strategy type takes (ECS's own choices; `attribute:` is free text).
STRATEGY_FIELDS = {
    "spread": ["attribute:ecs.availability-zone", "instanceId", "attribute:ecs.instance-type"],
    "binpack": ["memory", "cpu"],
    "random": [""],
}


class StrategyRow:
    """One link of the placement strategy chain: a type and its field, with move/remove."""

    def __init__(self, owner: Any, kind: str = "spread", field: str = "") -> None:
        self.kind = widgets.Dropdown(options=list(STRATEGY_FIELDS), value=kind, description="")
        self.kind.layout.width = "100px"
        self.field = widgets.Combobox(
            options=STRATEGY_FIELDS[kind],
            value=field or STRATEGY_FIELDS[kind][0],
            placeholder=owner.words["field"],
            ensure_option=False,
        )
        self.up = widgets.Button(icon="arrow-up", tooltip=owner.words["earlier"])
        self.down = widgets.Button(icon="arrow-down", tooltip=owner.words["later"])
        self.remove = widgets.Button(icon="trash", tooltip=owner.words["remove"])
        for button in (self.up, self.down, self.remove):
            button.layout.width = "36px"
        self.box = widgets.HBox([self.kind, self.field, self.up, self.down, self.remove])
        self.kind.observe(self._kind_changed, "value")
        self.field.observe(lambda _: owner.refresh_request(), "value")
        self.up.on_click(lambda _: owner.move_strategy(self, -1))
        self.down.on_click(lambda _: owner.move_strategy(self, +1))
        self.remove.on_click(lambda _: owner.remove_strategy(self))
        self._owner = owner

    def _kind_changed(self, change: dict[str, Any]) -> None:
        self.field.options = STRATEGY_FIELDS[change["new"]]
        self.field.value = STRATEGY_FIELDS[change["new"]][0]
        self._owner.refresh_request()

    def to_json(self) -> dict[str, str]:
        strategy = {"type": self.kind.value}
        if self.field.value:
            strategy["field"] = self.field.value
        return strategy
