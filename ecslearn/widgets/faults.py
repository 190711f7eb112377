"""`FaultPanel`: break things on purpose and watch ECS recover.

Killing a container, terminating an instance and disconnecting an agent are things that happen
*to* ECS, so they go through the simulation's fault methods (as they would through EC2 or
Docker). Draining an instance and deploying a revision that cannot start are things a learner
asks *of* ECS, so they go through the boto3 client, exactly as they would on AWS.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ecslearn.control.state import region_of
from ecslearn.model.task_definition import OUTPUT_MEMBERS
from ecslearn.widgets.common import (
    Displayable,
    EcsCallFailed,
    Signals,
    call_ecs,
    error_html,
    fit_labels,
    ok_html,
    section,
)
from ecslearn.words import fill, resolve, words
from ecslearn.words.widgets import FAULTS

#: An image in an ECR repository the simulation's registry does not hold: its pull fails.
BROKEN_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:broken"


class FaultPanel(Displayable):
    """Faults for the tasks, instances and services of `cluster`; `app` is the widget. `lang`
    (``"en"`` or ``"ko"``) is the language of its labels and messages."""

    def __init__(
        self,
        sim: Any,
        cluster: str = "default",
        *,
        region: str | None = None,
        lang: str | None = None,
    ) -> None:
        self.lang = lang = resolve(lang)
        self.words = w = words(FAULTS, lang)
        self.sim, self.cluster, self.region = sim, cluster, region
        self.ecs = sim.client(region_name=region)
        self.changed = Signals()
        self.task = widgets.Dropdown(options=[], description=w["task"])
        self.container = widgets.Dropdown(options=[], description=w["container"])
        self.kill_button = widgets.Button(description=w["kill"], icon="skull")
        self.instance = widgets.Dropdown(options=[], description=w["instance"])
        self.terminate_button = widgets.Button(description=w["terminate"], icon="power-off")
        self.disconnect_button = widgets.Button(description=w["disconnect"], icon="unlink")
        self.reconnect_button = widgets.Button(description=w["reconnect"], icon="link")
        self.drain_button = widgets.Button(description=w["drain"], icon="sign-out")
        self.activate_button = widgets.Button(description=w["activate"], icon="sign-in")
        self.service = widgets.Dropdown(options=[], description=w["service"])
        self.image = widgets.Text(value=BROKEN_IMAGE, description=w["image"])
        self.deploy_button = widgets.Button(description=w["deploy"], icon="bug")
        self.refresh_button = widgets.Button(description=w["refresh"], icon="refresh")
        self.error = widgets.HTML("")
        self.status = widgets.HTML("")
        self.task.observe(lambda _: self._task_chosen(), "value")
        self.kill_button.on_click(lambda _: self.kill_container())
        self.terminate_button.on_click(lambda _: self.terminate_instance())
        self.disconnect_button.on_click(lambda _: self.disconnect_agent())
        self.reconnect_button.on_click(lambda _: self.reconnect_agent())
        self.drain_button.on_click(lambda _: self.set_instance_state("DRAINING"))
        self.activate_button.on_click(lambda _: self.set_instance_state("ACTIVE"))
        self.deploy_button.on_click(lambda _: self.deploy_broken())
        self.refresh_button.on_click(lambda _: self.refresh())
        self.app = widgets.VBox(
            [
                section(w["container_dies"], self.task, self.container, self.kill_button),
                section(
                    w["instance_fails"],
                    self.instance,
                    widgets.HBox([self.terminate_button, self.disconnect_button]),
                    widgets.HBox([self.reconnect_button, self.drain_button, self.activate_button]),
                ),
                section(w["cannot_start"], self.service, self.image),
                self.deploy_button,
                self.refresh_button,
                self.error,
                self.status,
            ]
        )
        fit_labels(self.app, lang)
        self.refresh()

    # -- the choices, read from the simulation ------------------------------------------------
    def refresh(self) -> None:
        """Offer the cluster's live tasks, its instances and its services."""
        state = region_of(self.sim, self.region)
        tasks = [
            t
            for t in state.tasks.values()
            if t.cluster_name == self.cluster and t.last_status == "RUNNING"
        ]
        self._set(
            self.task,
            [
                (f"{t.id[:8]} · {t.task_definition_arn.rsplit('/', 1)[-1]}", t.task_arn)
                for t in tasks
            ],
        )
        self._set(
            self.instance,
            [
                (f"{i.ec2_instance_id} · {i.zone} · {i.status}", i.container_instance_arn)
                for i in state.instances_in(self.cluster)
            ],
        )
        self._set(
            self.service,
            sorted(
                s.service_name
                for s in state.services.values()
                if s.cluster_name == self.cluster and s.status == "ACTIVE"
            ),
        )
        self._task_chosen()

    @staticmethod
    def _set(control: widgets.Dropdown, options: list[Any]) -> None:
        keep = control.value
        control.options = options
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        control.value = keep if keep in values else (values[0] if values else None)

    def _task_chosen(self) -> None:
        state = region_of(self.sim, self.region)
        task = state.tasks.get(self.task.value or "")
        names = [c.name for c in (task.containers or [])] if task else []
        self._set(self.container, names)

    # -- faults -----------------------------------------------------------------------------------
    def _run(self, action: Any, done: str) -> bool:
        try:
            call_ecs(action)
        except EcsCallFailed as failure:
            self.error.value, self.status.value = error_html(failure.text), ""
            return False
        self.error.value, self.status.value = "", ok_html(done)
        self.refresh()
        self.changed.emit()
        return True

    def _need(self, control: widgets.Dropdown, what: str) -> bool:
        """`what` names the message: task, container, instance or service."""
        if control.value:
            return True
        self.error.value, self.status.value = error_html(self.words[f"need_{what}"]), ""
        return False

    def kill_container(self) -> bool:
        if not (self._need(self.task, "task") and self._need(self.container, "container")):
            return False
        task, name = self.task.value, self.container.value
        return self._run(
            lambda: self.sim.kill_container(task, name),
            fill(self.words["killed"], name=name, task=task.rsplit("/", 1)[-1][:8]),
        )

    def terminate_instance(self) -> bool:
        if not self._need(self.instance, "instance"):
            return False
        arn = self.instance.value
        return self._run(lambda: self.sim.terminate_instance(arn), self.words["terminated"])

    def disconnect_agent(self) -> bool:
        if not self._need(self.instance, "instance"):
            return False
        arn = self.instance.value
        return self._run(lambda: self.sim.disconnect_agent(arn), self.words["disconnected"])

    def reconnect_agent(self) -> bool:
        if not self._need(self.instance, "instance"):
            return False
        arn = self.instance.value
        return self._run(lambda: self.sim.reconnect_agent(arn), self.words["reconnected"])

    def set_instance_state(self, status: str) -> bool:
        """Drain (``DRAINING``) or reactivate (``ACTIVE``) through UpdateContainerInstancesState."""
        if not self._need(self.instance, "instance"):
            return False
        arn = self.instance.value
        return self._run(
            lambda: self._update_state(arn, status),
            self.words["instance_now"].format(status=status),
        )

    def _update_state(self, arn: str, status: str) -> None:
        response = self.ecs.update_container_instances_state(
            cluster=self.cluster, containerInstances=[arn], status=status
        )
        if response.get("failures"):
            failure = response["failures"][0]
            raise EcsCallFailed(f"{failure.get('reason')}: {failure.get('detail', '')}")

    def deploy_broken(self) -> str | None:
        """Register the service's task definition again with `image` in its first essential
        container, and update the service to it. Returns the new ``family:revision``."""
        if not self._need(self.service, "service"):
            return None
        name, image, made = self.service.value, self.image.value, []

        def deploy() -> None:
            svc = self.ecs.describe_services(cluster=self.cluster, services=[name])["services"][0]
            td = self.ecs.describe_task_definition(taskDefinition=svc["taskDefinition"])
            request = {k: v for k, v in td["taskDefinition"].items() if k not in OUTPUT_MEMBERS}
            containers = request["containerDefinitions"]
            target = next((c for c in containers if c.get("essential", True)), containers[0])
            target["image"] = image
            new = self.ecs.register_task_definition(**request)["taskDefinition"]
            made.append(f"{new['family']}:{new['revision']}")
            self.ecs.update_service(cluster=self.cluster, service=name, taskDefinition=made[0])

        if not self._run(deploy, fill(self.words["deploying"], name=name, image=image)):
            return None
        return made[0]
