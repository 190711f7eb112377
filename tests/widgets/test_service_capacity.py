"""The service configurator offers a launch type or a capacity provider strategy (or neither,
and then says the cluster's default applies), an awsvpc network section for Fargate, and sends
exactly what it shows; ECS's refusals appear inline and change nothing."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.widgets import ServiceConfigurator

SPLIT = [
    {"capacityProvider": "FARGATE", "base": 1, "weight": 1},
    {"capacityProvider": "FARGATE_SPOT", "weight": 3},
]


@pytest.fixture
def fargate_sim(cluster_sim: Simulation) -> Simulation:
    """Cluster "web" with FARGATE and FARGATE_SPOT associated (no default strategy), and the
    Fargate task definition app:1 (awsvpc, 256 CPU units, 512 MiB)."""
    ecs = cluster_sim.client()
    ecs.register_task_definition(
        family="app",
        requiresCompatibilities=["FARGATE"],
        networkMode="awsvpc",
        cpu="256",
        memory="512",
        containerDefinitions=[{"name": "app", "image": "nginx:1.27", "essential": True}],
    )
    ecs.put_cluster_capacity_providers(
        cluster="web",
        capacityProviders=["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy=[],
    )
    return cluster_sim


def subnet_ids(sim: Simulation) -> list[str]:
    return [s["SubnetId"] for s in sim.client("ec2").describe_subnets()["Subnets"]]


def shown_json(form: ServiceConfigurator) -> dict[str, Any]:
    text = form.request_view.value.split(">", 1)[1].rsplit("</pre>", 1)[0]
    return json.loads(html.unescape(text))


def shown_cli(form: ServiceConfigurator) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", form.cli_view.value))


def note(form: ServiceConfigurator) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", form.capacity.note.value))


def service(sim: Simulation, name: str = "app") -> dict[str, Any]:
    return sim.client().describe_services(cluster="web", services=[name])["services"][0]


def tasks(sim: Simulation) -> list[dict[str, Any]]:
    ecs = sim.client()
    arns = ecs.list_tasks(cluster="web", serviceName="app")["taskArns"]
    return ecs.describe_tasks(cluster="web", tasks=arns)["tasks"] if arns else []


def fargate_form(sim: Simulation, **more: Any) -> ServiceConfigurator:
    form = ServiceConfigurator(sim, "web", "app", **more)
    form.revision.value = "app:1"
    return form


# -- launch type ----------------------------------------------------------------------------------


def test_the_launch_types_offered_are_botocores(cluster_sim: Simulation) -> None:
    form = ServiceConfigurator(cluster_sim, "web")
    enum = cluster_sim.client().meta.service_model.shape_for("LaunchType").enum
    offered = [value for _, value in form.capacity.launch_type.options]
    assert offered == ["", *enum]  # "" is "not set"
    assert {"EC2", "FARGATE", "EXTERNAL"} <= set(offered)


def test_choosing_fargate_with_subnets_creates_a_fargate_service_whose_tasks_run(
    fargate_sim: Simulation, spy
) -> None:
    form = fargate_form(fargate_sim)
    assert form.network.visible  # app:1 is awsvpc: the section shows before any choice
    form.capacity.launch_type.value = "FARGATE"
    # The subnets offered are EC2's (DescribeSubnets), each labelled with its zone.
    subnets = fargate_sim.client("ec2").describe_subnets()["Subnets"]
    offered = dict((value, label) for label, value in form.network.subnets.options)
    assert set(offered) == {s["SubnetId"] for s in subnets}
    assert all(s["AvailabilityZone"] in offered[s["SubnetId"]] for s in subnets)
    form.network.subnets.value = tuple(subnet_ids(fargate_sim))
    shown = shown_json(form)
    assert shown["launchType"] == "FARGATE"
    assert shown["networkConfiguration"] == {
        "awsvpcConfiguration": {"subnets": list(form.network.subnets.value)}
    }
    assert "capacityProviderStrategy" not in shown and "placementStrategy" not in shown
    calls = spy(form.ecs)
    assert form.apply() is True, form.error.value
    assert calls.calls == [("CreateService", shown)]  # what the JSON view showed is what was sent
    fargate_sim.run_until_stable()
    described = service(fargate_sim)
    assert described["launchType"] == "FARGATE"
    assert described["runningCount"] == 2
    assert [t["launchType"] for t in tasks(fargate_sim)] == ["FARGATE", "FARGATE"]
    assert all("containerInstanceArn" not in t for t in tasks(fargate_sim))


def test_an_ec2_bridge_service_has_no_network_section_and_sends_no_capacity_member(
    cluster_sim: Simulation,
) -> None:
    form = ServiceConfigurator(cluster_sim, "web", "web")
    assert not form.network.visible
    request = form.request()
    for member in ("launchType", "capacityProviderStrategy", "networkConfiguration"):
        assert member not in request
    assert "platformVersion" not in request and "forceNewDeployment" not in request


def test_security_groups_public_ip_and_platform_are_sent_only_when_set(
    fargate_sim: Simulation,
) -> None:
    form = fargate_form(fargate_sim)
    form.capacity.launch_type.value = "FARGATE"
    subnet = subnet_ids(fargate_sim)[0]
    form.network.subnets.value = (subnet,)
    assert "platformVersion" not in form.request()
    group = fargate_sim.client("ec2").describe_security_groups()["SecurityGroups"][0]["GroupId"]
    form.network.security_groups.value = (group,)
    form.network.public_ip.value = "ENABLED"
    form.network.platform.value = "1.4.0"
    assert shown_json(form)["networkConfiguration"] == {
        "awsvpcConfiguration": {
            "subnets": [subnet],
            "securityGroups": [group],
            "assignPublicIp": "ENABLED",
        }
    }
    assert shown_json(form)["platformVersion"] == "1.4.0"
    assert form.apply() is True, form.error.value
    fargate_sim.run_until_stable()
    assert service(fargate_sim)["platformVersion"] == "1.4.0"
    assert all(t["platformVersion"] == "1.4.0" for t in tasks(fargate_sim))


def test_fargate_without_a_subnet_shows_ecs_refusal_and_creates_nothing(
    fargate_sim: Simulation,
) -> None:
    form = fargate_form(fargate_sim)
    form.capacity.launch_type.value = "FARGATE"
    assert "networkConfiguration" not in form.request()  # nothing is chosen for the learner
    assert form.apply() is False
    assert (
        "InvalidParameterException: Network Configuration must be provided when networkMode "
        in (html.unescape(form.error.value))
    )
    assert fargate_sim.client().list_services(cluster="web")["serviceArns"] == []


# -- capacity provider strategy -------------------------------------------------------------------


def test_a_fargate_and_fargate_spot_strategy_is_sent_as_shown_and_splits_the_tasks(
    fargate_sim: Simulation, spy
) -> None:
    form = fargate_form(fargate_sim)
    assert form.capacity.provider_options() == ["FARGATE", "FARGATE_SPOT"]  # DescribeClusters'
    form.capacity.add_row("FARGATE", base=1, weight=1)
    spot = form.capacity.add_row()  # the next provider the strategy does not name yet
    assert spot.provider.value == "FARGATE_SPOT"
    spot.weight.value = 3
    form.desired.value = 5
    form.network.subnets.value = tuple(subnet_ids(fargate_sim))
    shown = shown_json(form)
    assert shown["capacityProviderStrategy"] == SPLIT
    assert "launchType" not in shown
    assert (
        '"capacityProviderStrategy":[{"capacityProvider":"FARGATE","base":1,"weight":1},'
        '{"capacityProvider":"FARGATE_SPOT","weight":3}]'
    ) in shown_cli(form)
    assert shown_cli(form).startswith("aws ecs create-service --cli-input-json '")
    assert "FARGATE (base 1, weight 1), FARGATE_SPOT (weight 3)" in note(form)
    calls = spy(form.ecs)
    assert form.apply() is True, form.error.value
    assert calls.calls == [("CreateService", shown)]
    assert service(fargate_sim)["capacityProviderStrategy"] == [
        {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
        {"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 0},
    ]
    fargate_sim.run_until_stable(timeout=900)
    # Base 1 on FARGATE first, then the other 4 by weight 1:3.
    split: dict[str, int] = {}
    for task in tasks(fargate_sim):
        split[task["capacityProviderName"]] = split.get(task["capacityProviderName"], 0) + 1
    assert split == {"FARGATE": 2, "FARGATE_SPOT": 3}


def test_a_launch_type_with_a_strategy_shows_ecs_refusal_and_changes_nothing(
    fargate_sim: Simulation,
) -> None:
    form = fargate_form(fargate_sim)
    form.capacity.launch_type.value = "FARGATE"
    form.capacity.add_row("FARGATE", weight=1)
    form.network.subnets.value = tuple(subnet_ids(fargate_sim))
    assert "launchType" in form.request() and "capacityProviderStrategy" in form.request()
    assert "Both are set" in note(form)
    assert form.apply() is False
    assert (
        "InvalidParameterException: Specifying both a launch type and capacity provider strategy "
        "is not supported. Remove one and try again."
    ) in html.unescape(form.error.value)
    assert "Traceback" not in form.error.value
    assert fargate_sim.client().list_services(cluster="web")["serviceArns"] == []
    assert form.operation == "CreateService"


def test_a_provider_the_cluster_has_not_associated_is_refused_by_ecs(
    cluster_sim: Simulation,
) -> None:
    form = ServiceConfigurator(cluster_sim, "web", "web")
    assert form.capacity.provider_options() == ["FARGATE", "FARGATE_SPOT"]  # offered anyway
    form.capacity.add_row("FARGATE")
    assert form.apply() is False
    assert "not associated with the cluster" in html.unescape(form.error.value)
    assert cluster_sim.client().list_services(cluster="web")["serviceArns"] == []


def test_neither_says_which_capacity_applies(fargate_sim: Simulation) -> None:
    form = fargate_form(fargate_sim)
    assert "ECS uses the EC2 launch type" in note(form)
    fargate_sim.client().put_cluster_capacity_providers(
        cluster="web",
        capacityProviders=["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy=SPLIT,
    )
    form.capacity.read_cluster()
    form.refresh_request()
    assert "the cluster's default capacity provider strategy applies" in note(form)
    assert "FARGATE (base 1, weight 1), FARGATE_SPOT (weight 3)" in note(form)
    assert form.network.visible  # the default runs on Fargate
    assert "Fargate places tasks itself" in form.placement_note.value


def test_a_service_created_with_the_cluster_default_keeps_it_on_the_next_apply(
    fargate_sim: Simulation, spy
) -> None:
    fargate_sim.client().put_cluster_capacity_providers(
        cluster="web",
        capacityProviders=["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy=SPLIT,
    )
    form = fargate_form(fargate_sim)
    form.network.subnets.value = tuple(subnet_ids(fargate_sim))
    assert "capacityProviderStrategy" not in form.request()
    assert form.apply() is True, form.error.value
    # The form now shows the strategy the service runs, so the next Apply keeps it.
    assert form.capacity.strategy() == SPLIT
    calls = spy(form.ecs)
    form.desired.value = 3
    assert form.apply() is True, form.error.value
    [(operation, sent)] = calls.calls
    assert operation == "UpdateService"
    assert sent["capacityProviderStrategy"] == SPLIT and "forceNewDeployment" not in sent
    assert len(service(fargate_sim)["deployments"]) == 1  # a count change is no new deployment


# -- UpdateService --------------------------------------------------------------------------------


@pytest.fixture
def on_fargate(fargate_sim: Simulation) -> Simulation:
    """Service "app" on FARGATE through a strategy, steady."""
    fargate_sim.client().create_service(
        cluster="web",
        serviceName="app",
        taskDefinition="app:1",
        desiredCount=2,
        capacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
        networkConfiguration={"awsvpcConfiguration": {"subnets": subnet_ids(fargate_sim)[:2]}},
    )
    fargate_sim.run_until_stable()
    return fargate_sim


def test_the_form_starts_from_the_services_strategy_and_network(on_fargate: Simulation) -> None:
    form = ServiceConfigurator(on_fargate, "web", "app")
    assert form.operation == "UpdateService"
    assert form.capacity.strategy() == [{"capacityProvider": "FARGATE", "weight": 1}]
    assert list(form.network.subnets.value) == subnet_ids(on_fargate)[:2]
    assert form.capacity.launch_type.disabled  # UpdateService has no launchType
    assert "launchType" not in form.request()
    assert "forceNewDeployment" not in form.request()


def test_changing_the_strategy_ticks_force_new_deployment_and_starts_a_deployment(
    on_fargate: Simulation, spy
) -> None:
    form = ServiceConfigurator(on_fargate, "web", "app")
    form.capacity.rows[0].provider.value = "FARGATE_SPOT"
    assert form.capacity.force.value is True
    shown = shown_json(form)
    assert shown["capacityProviderStrategy"] == [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]
    assert shown["forceNewDeployment"] is True
    assert "--cli-input-json" in shown_cli(form) and '"forceNewDeployment":true' in shown_cli(form)
    assert "ECS needs forceNewDeployment" in note(form)
    calls = spy(form.ecs)
    assert form.apply() is True, form.error.value
    assert calls.calls == [("UpdateService", shown)]
    assert form.capacity.force.value is False  # a one-off
    on_fargate.run_until_stable(timeout=900)
    described = service(on_fargate)
    assert described["capacityProviderStrategy"][0]["capacityProvider"] == "FARGATE_SPOT"
    assert {t["capacityProviderName"] for t in tasks(on_fargate)} == {"FARGATE_SPOT"}


def test_unticking_force_new_deployment_shows_ecs_refusal_and_changes_nothing(
    on_fargate: Simulation,
) -> None:
    form = ServiceConfigurator(on_fargate, "web", "app")
    form.capacity.rows[0].provider.value = "FARGATE_SPOT"
    form.capacity.force.value = False
    assert "forceNewDeployment" not in form.request()
    assert form.apply() is False
    assert "InvalidParameterException" in form.error.value
    assert "forceNewDeployment" in html.unescape(form.error.value)
    described = service(on_fargate)
    assert described["capacityProviderStrategy"][0]["capacityProvider"] == "FARGATE"
    assert len(described["deployments"]) == 1


def test_removing_every_provider_sends_an_empty_strategy(on_fargate: Simulation) -> None:
    form = ServiceConfigurator(on_fargate, "web", "app")
    form.capacity.rows[0].remove.click()
    request = form.request()
    assert request["capacityProviderStrategy"] == []  # "Pass an empty list"
    assert request["forceNewDeployment"] is True
    assert "back to its launch type" in note(form)


def test_placement_on_fargate_shows_ecs_refusal(on_fargate: Simulation) -> None:
    form = ServiceConfigurator(on_fargate, "web", "app")
    assert "ECS refuses placement strategies and constraints for Fargate" in html.unescape(
        form.placement_note.value
    )
    form.add_strategy("spread", "attribute:ecs.availability-zone")
    assert form.apply() is False
    assert "Placement strategies are not supported with FARGATE launch type." in form.error.value
    assert service(on_fargate)["placementStrategy"] == []


# -- Korean ---------------------------------------------------------------------------------------


def test_the_capacity_and_network_sections_in_korean(fargate_sim: Simulation) -> None:
    form = fargate_form(fargate_sim, lang="ko")
    english = fargate_form(fargate_sim)
    for one in (form, english):
        one.capacity.add_row("FARGATE", base=1, weight=1)
        one.capacity.add_row("FARGATE_SPOT", weight=3)
    assert form.capacity.launch_type.description == "시작 유형"
    assert form.capacity.launch_type.options[0] == ("(지정 안 함)", "")
    assert form.capacity.add_button.description == "공급자 추가"
    assert form.capacity.rows[0].remove.tooltip == "이 공급자 삭제"
    assert "용량 공급자 전략" in form.capacity.box.children[2].value
    assert form.network.visible
    assert form.network.subnets.description == "서브넷"
    assert form.network.security_groups.description == "보안 그룹"
    assert form.network.public_ip.options[0] == ("(기본값: DISABLED)", "")
    assert "네트워크(awsvpc)와 Fargate" in form.network.box.children[0].value
    assert "weight 비율로 나뉩니다: FARGATE (base 1, weight 1)" in note(form)
    assert "배치 전략과 배치 제약을 받지 않습니다" in form.placement_note.value
    # ECS's names and values, the request and the command line stay ECS's.
    assert form.network.public_ip.options[1:] == (("ENABLED", "ENABLED"), ("DISABLED", "DISABLED"))
    assert form.request() == english.request()
    assert form.cli_view.value == english.cli_view.value
