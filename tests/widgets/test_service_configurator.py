"""The service configurator sends exactly the request it shows, and shows ECS's refusals inline."""

from __future__ import annotations

import html
import json

from ecslearn import Simulation
from ecslearn.widgets import ServiceConfigurator


def shown_json(form: ServiceConfigurator) -> dict:
    text = form.request_view.value.split(">", 1)[1].rsplit("</pre>", 1)[0]
    return json.loads(html.unescape(text))


def test_apply_creates_the_service_with_the_chosen_settings(cluster_sim: Simulation, spy) -> None:
    form = ServiceConfigurator(cluster_sim, "web", "web")
    calls = spy(form.ecs)
    form.desired.value = 3
    form.add_strategy("spread", "attribute:ecs.availability-zone")
    form.add_strategy("binpack", "memory")
    form.distinct.value = True
    form.minimum.value, form.breaker.value, form.rollback.value = 50, True, True
    shown = form.request()
    form.apply_button.click()
    assert calls.operations == ["CreateService"]
    assert calls.calls[0][1] == shown  # what the JSON view showed is what was sent
    service = cluster_sim.client().describe_services(cluster="web", services=["web"])["services"][0]
    assert service["desiredCount"] == 3
    assert service["placementStrategy"] == [
        {"type": "spread", "field": "attribute:ecs.availability-zone"},
        {"type": "binpack", "field": "memory"},
    ]
    assert service["placementConstraints"] == [{"type": "distinctInstance"}]
    config = service["deploymentConfiguration"]
    assert config["minimumHealthyPercent"] == 50
    assert config["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}
    assert form.error.value == "" and "CreateService" in form.status.value


def test_a_second_apply_updates_the_existing_service(cluster_sim: Simulation, spy) -> None:
    form = ServiceConfigurator(cluster_sim, "web", "web")
    form.apply()
    assert form.operation == "UpdateService"
    calls = spy(form.ecs)
    form.desired.value = 1
    form.apply_button.click()
    assert calls.operations == ["UpdateService"]
    assert calls.calls[0][1]["desiredCount"] == 1
    service = cluster_sim.client().describe_services(cluster="web", services=["web"])["services"][0]
    assert service["desiredCount"] == 1


def test_switching_an_existing_service_to_daemon_is_refused_not_silently_ignored(
    cluster_sim: Simulation, spy
) -> None:
    form = ServiceConfigurator(cluster_sim, "web", "web")
    form.apply()
    calls = spy(form.ecs)
    form.scheduling.value = "DAEMON"
    assert form.apply() is False
    assert calls.operations == []  # UpdateService would have kept REPLICA without a word
    assert "schedulingStrategy cannot change" in html.unescape(form.error.value)
    service = cluster_sim.client().describe_services(cluster="web", services=["web"])["services"][0]
    assert service["schedulingStrategy"] == "REPLICA"


def test_the_form_starts_from_an_existing_service(cluster_sim: Simulation) -> None:
    cluster_sim.client().create_service(
        cluster="web",
        serviceName="api",
        taskDefinition="web:1",
        desiredCount=4,
        placementStrategy=[{"type": "binpack", "field": "cpu"}],
    )
    form = ServiceConfigurator(cluster_sim, "web", "api")
    assert form.desired.value == 4
    assert [row.to_json() for row in form.strategies] == [{"type": "binpack", "field": "cpu"}]
    assert form.operation == "UpdateService"


def test_a_daemon_service_with_a_strategy_shows_ecs_error_and_changes_nothing(
    cluster_sim: Simulation,
) -> None:
    form = ServiceConfigurator(cluster_sim, "web", "agent")
    form.scheduling.value = "DAEMON"
    form.add_strategy("spread", "instanceId")
    assert form.apply() is False
    assert "InvalidParameterException" in form.error.value
    assert "does not support placement strategies" in form.error.value
    assert "Traceback" not in form.error.value
    assert cluster_sim.client().list_services(cluster="web")["serviceArns"] == []


def test_removing_the_strategy_lets_the_daemon_service_start(cluster_sim: Simulation) -> None:
    form = ServiceConfigurator(cluster_sim, "web", "agent")
    form.scheduling.value = "DAEMON"
    row = form.add_strategy("spread", "instanceId")
    row.remove.click()
    assert (form.minimum.value, form.maximum.value) == (0, 100)  # ECS's daemon defaults
    assert "desiredCount" not in form.request()
    assert form.apply() is True
    cluster_sim.run_until_stable()
    service = cluster_sim.client().describe_services(cluster="web", services=["agent"])
    assert service["services"][0]["runningCount"] == 3  # one per instance


def test_strategies_are_an_ordered_chain(cluster_sim: Simulation) -> None:
    form = ServiceConfigurator(cluster_sim, "web")
    first = form.add_strategy("spread", "instanceId")
    second = form.add_strategy("binpack", "memory")
    second.up.click()
    assert [s["type"] for s in form.request()["placementStrategy"]] == ["binpack", "spread"]
    first.down.click()  # already last: stays
    assert [s["type"] for s in form.request()["placementStrategy"]] == ["binpack", "spread"]
    second.kind.value = "random"
    assert form.request()["placementStrategy"][0] == {"type": "random"}


def test_member_of_is_checked_while_typing(cluster_sim: Simulation) -> None:
    form = ServiceConfigurator(cluster_sim, "web")
    form.member_of.value = "attribute:ecs.instance-type = t3.*"
    assert "character 29" in form.member_of_error.value
    assert "did you mean ==" in html.unescape(form.member_of_error.value)
    form.member_of.value = "attribute:ecs.instance-type =~ t3.*"
    assert form.member_of_error.value == ""
    assert form.request()["placementConstraints"] == [
        {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}
    ]


def test_the_request_and_cli_command_follow_every_change(cluster_sim: Simulation) -> None:
    form = ServiceConfigurator(cluster_sim, "web")
    form.desired.value = 7
    assert shown_json(form)["desiredCount"] == 7
    cli = html.unescape(form.cli_view.value)
    assert "aws ecs create-service --cli-input-json '" in cli
    assert '"desiredCount":7' in cli


def test_an_apply_that_fails_leaves_the_service_as_it_was(cluster_sim: Simulation) -> None:
    form = ServiceConfigurator(cluster_sim, "web", "web")
    form.apply()
    form.desired.value = 9
    form.member_of.value = "nonsense ==="
    assert form.apply() is False
    assert "InvalidParameterException" in form.error.value
    service = cluster_sim.client().describe_services(cluster="web", services=["web"])["services"][0]
    assert service["desiredCount"] == 2


def test_placement_is_sent_only_when_set_or_when_an_update_clears_it(
    cluster_sim: Simulation,
) -> None:
    form = ServiceConfigurator(cluster_sim, "web", "web")
    assert "placementStrategy" not in form.request()  # ECS's default: none
    assert "placementConstraints" not in form.request()
    form.add_strategy("binpack", "memory")
    form.distinct.value = True
    assert form.apply() is True
    form.strategies[0].remove.click()
    form.distinct.value = False
    # The service has some: the update sends empty lists to clear them.
    assert form.request()["placementStrategy"] == []
    assert form.request()["placementConstraints"] == []
    assert form.apply() is True
    service = cluster_sim.client().describe_services(cluster="web", services=["web"])["services"][0]
    assert service["placementStrategy"] == [] and service["placementConstraints"] == []
    assert "placementStrategy" not in form.request()  # nothing left to clear
