"""The traffic picture follows a request in: load balancer, listener, rules (path and host
conditions, weighted forwards, fixed responses), target groups, each target with its ELB health
and reason, and the task behind it on its instance; it counts what `send_requests` answered per
target, and drawing it changes nothing."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

import ecslearn.views
from ecslearn import Simulation
from ecslearn.control.snapshot import to_document
from ecslearn.model.builders import container, task_definition
from ecslearn.views.traffic_picture import TARGETS_SHOWN, traffic, traffic_graph
from tests.views import require_dot


def labels(graph: Any, kind: str) -> list[str]:
    return sorted(d["label"] for _, d in graph.nodes(data=True) if d.get("kind") == kind)


def forward(*pairs: tuple[str, int]) -> list[dict]:
    groups = [{"TargetGroupArn": arn, "Weight": weight} for arn, weight in pairs]
    return [{"Type": "forward", "ForwardConfig": {"TargetGroups": groups}}]


@pytest.fixture
def shop(sim: Simulation, ecs: Any) -> dict[str, Any]:
    """ALB "shop": /api/* to group api, host beta.example.com split 3:1 between web and api,
    /old answered 410 by the load balancer, the rest to web. Services web (2 tasks) and api
    (1 task) behind them, and a target registered by hand where nothing listens."""
    elbv2 = sim.client("elbv2")
    ecs.create_cluster(clusterName="shop")
    sim.launch_instances("shop", count=2, instance_type="t3.small")
    for family in ("web", "api"):
        sim.register(task_definition(family, container("app", "nginx", memory=128, ports=[80])))
    subnets = [s["SubnetId"] for s in sim.client("ec2").describe_subnets()["Subnets"]]
    balancer = elbv2.create_load_balancer(Name="shop", Subnets=subnets)["LoadBalancers"][0]
    vpc = balancer["VpcId"]
    arns = {
        name: elbv2.create_target_group(
            Name=name, Protocol="HTTP", Port=80, VpcId=vpc, HealthCheckIntervalSeconds=10
        )["TargetGroups"][0]["TargetGroupArn"]
        for name in ("web", "api")
    }
    listener = elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": arns["web"]}],
    )["Listeners"][0]["ListenerArn"]
    rules = [
        (10, {"Field": "path-pattern", "Values": ["/api/*"]}, forward((arns["api"], 1))),
        (20, {"Field": "host-header", "Values": ["beta.example.com"]}, None),
        (30, {"Field": "path-pattern", "Values": ["/old"]}, None),
    ]
    rules[1] = (*rules[1][:2], forward((arns["web"], 3), (arns["api"], 1)))
    gone = {"StatusCode": "410", "ContentType": "text/plain", "MessageBody": "moved away"}
    rules[2] = (*rules[2][:2], [{"Type": "fixed-response", "FixedResponseConfig": gone}])
    for priority, condition, actions in rules:
        elbv2.create_rule(
            ListenerArn=listener, Priority=priority, Conditions=[condition], Actions=actions
        )
    for name, count in (("web", 2), ("api", 1)):
        ecs.create_service(
            cluster="shop",
            serviceName=name,
            taskDefinition=name,
            desiredCount=count,
            loadBalancers=[
                {"targetGroupArn": arns[name], "containerName": "app", "containerPort": 80}
            ],
        )
    sim.run_until_stable()
    sim.advance(120)  # the load balancer is provisioning for up to two minutes
    instance = sim.client("ec2").describe_instances()["Reservations"][0]["Instances"][0]
    elbv2.register_targets(
        TargetGroupArn=arns["api"], Targets=[{"Id": instance["InstanceId"], "Port": 1}]
    )
    sim.advance(60)
    return {"balancer": balancer, "groups": arns, "nowhere": f"{instance['InstanceId']}:1"}


def test_the_picture_names_the_load_balancer_its_listener_rules_and_each_target_group(
    sim: Simulation, shop: dict
) -> None:
    picture = traffic(sim, "shop")
    graph = picture.graph
    assert graph.graph["title"] == "Traffic through shop"
    [balancer] = labels(graph, "load_balancer")
    assert "application · internet-facing · active" in balancer
    assert shop["balancer"]["DNSName"] in balancer
    assert labels(graph, "listener") == ["listener HTTP:80"]
    assert labels(graph, "rule") == [
        "default rule",
        "rule 10\npath /api/*",
        "rule 20\nhost beta.example.com",
        "rule 30\npath /old",
    ]
    assert labels(graph, "fixed_response") == ["fixed response 410\nmoved away"]
    groups = labels(graph, "target_group")
    assert groups == [
        "target group api\nHTTP:80 · instance\n1 of 2 healthy",
        "target group web\nHTTP:80 · instance\n2 of 2 healthy",
    ]
    source = picture.source
    assert "target group web" in source and "target group api" in source


def test_a_weighted_forward_shows_each_groups_weight_and_share(sim: Simulation, shop: dict) -> None:
    graph = traffic_graph(sim, "shop")
    [rule] = [n for n, d in graph.nodes(data=True) if d["label"].startswith("rule 20")]
    weights = {
        graph.nodes[g]["label"].split("\n")[0]: d["label"]
        for _, g, d in graph.out_edges(rule, data=True)
    }
    assert weights == {"target group web": "weight 3 (75%)", "target group api": "weight 1 (25%)"}


def test_an_unhealthy_target_shows_its_state_and_elbs_reason(sim: Simulation, shop: dict) -> None:
    graph = traffic_graph(sim, "shop")
    [nowhere] = [
        d for _, d in graph.nodes(data=True) if d["label"].startswith(shop["nowhere"] + "\n")
    ]
    assert nowhere["label"].split("\n") == [
        shop["nowhere"],
        "unhealthy",
        "Target.FailedHealthChecks",
        "Health checks failed",
    ]
    assert nowhere["attrs"]["fillcolor"] == "#fca5a5"  # the legend's "unhealthy" red
    assert "no task at this address" in labels(graph, "note")
    assert "Target.FailedHealthChecks" in traffic(sim, "shop").source


def test_requests_are_counted_per_target_group_and_rule_from_what_send_requests_answered(
    sim: Simulation, shop: dict
) -> None:
    url = f"http://{shop['balancer']['DNSName']}"
    answers = sim.send_requests(url + "/", 6) + sim.send_requests(url + "/api/orders", 3)
    answers += sim.send_requests(url + "/old", 2)
    graph = traffic_graph(sim, shop["balancer"]["DNSName"], answers=answers)
    assert graph.graph["title"] == "Traffic through shop · 11 requests sent"
    counted = sorted(label.rsplit("\n", 1)[-1] for label in labels(graph, "target"))
    # round robin: 3 and 3 on web's two targets, all 3 /api requests on api's one healthy
    # target, none on the unhealthy one
    assert counted == ["3 requests", "3 requests", "3 requests", "no requests"]
    assert labels(graph, "fixed_response") == ["fixed response 410\nmoved away\n2 requests"]
    [web_group] = [g for g in labels(graph, "target_group") if g.startswith("target group web")]
    assert web_group.endswith("\n6 requests")


def test_a_redirect_is_drawn_as_the_load_balancers_own_answer_with_its_location(
    sim: Simulation, shop: dict
) -> None:
    elbv2 = sim.client("elbv2")
    listener = elbv2.describe_listeners(LoadBalancerArn=shop["balancer"]["LoadBalancerArn"])
    redirect = {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}
    elbv2.create_rule(
        ListenerArn=listener["Listeners"][0]["ListenerArn"],
        Priority=40,
        Conditions=[{"Field": "path-pattern", "Values": ["/login"]}],
        Actions=[{"Type": "redirect", "RedirectConfig": redirect}],
    )
    answers = sim.send_requests(f"http://{shop['balancer']['DNSName']}/login", 2)
    assert {answer.status for answer in answers} == {301}
    graph = traffic_graph(sim, "shop", answers=answers)
    assert "redirect 301\nhttps://#{host}:443/#{path}\n2 requests" in labels(
        graph, "fixed_response"
    )


def test_each_targets_task_is_drawn_inside_the_instance_the_target_names(
    sim: Simulation, shop: dict
) -> None:
    graph = traffic_graph(sim, "shop")
    state = sim.region_state()
    tasks = [n for n, d in graph.nodes(data=True) if d["kind"] == "task"]
    assert len(tasks) == 3  # web's two and api's one
    for source, task in graph.edges():
        if task not in tasks:
            continue
        target_id = source[2]
        instance = graph.nodes[graph.nodes[task]["parent"]]
        assert instance["kind"] == "instance" and instance["group"]
        assert instance["label"].startswith(f"instance {target_id}\nt3.small · ")
        assert state.tasks[task[1]].last_status == "RUNNING"


def test_drawing_the_picture_changes_nothing_in_the_world(sim: Simulation, shop: dict) -> None:
    answers = sim.send_requests(f"http://{shop['balancer']['DNSName']}/", 4)
    before = json.dumps(to_document(sim.world), sort_keys=True, default=str)
    assert "대상 그룹 web" in traffic(sim, answers=answers, lang="ko").source
    assert json.dumps(to_document(sim.world), sort_keys=True, default=str) == before


def test_without_a_load_balancer_named_every_group_is_drawn_and_one_no_listener_uses_says_so(
    sim: Simulation, shop: dict
) -> None:
    sim.create_target_group("spare", interval=10)
    graph = traffic_graph(sim)
    assert "target group spare\nHTTP:80 · instance\n0 of 0 healthy\nno listener forwards here" in (
        labels(graph, "target_group")
    )
    with pytest.raises(ValueError, match="No load balancer 'nope' in us-east-1"):
        traffic_graph(sim, "nope")


def test_a_group_that_churned_shows_its_serving_targets_and_counts_the_rest(
    sim: Simulation, shop: dict
) -> None:
    elbv2 = sim.client("elbv2")
    instance = shop["nowhere"].split(":")[0]
    many = [{"Id": instance, "Port": port} for port in range(2000, 2000 + TARGETS_SHOWN + 3)]
    elbv2.register_targets(TargetGroupArn=shop["groups"]["web"], Targets=many)
    elbv2.deregister_targets(TargetGroupArn=shop["groups"]["web"], Targets=many)
    graph = traffic_graph(sim, "shop")
    [web] = [n for n, d in graph.nodes(data=True) if d["label"].startswith("target group web")]
    shown = [g for _, g in graph.out_edges(web) if graph.nodes[g]["kind"] == "target"]
    assert len(shown) == TARGETS_SHOWN
    assert sum("\nhealthy" in graph.nodes[g]["label"] for g in shown) == 2  # serving ones first
    assert "5 more targets\n(5 draining)" in labels(graph, "summary")


def test_the_picture_speaks_korean_and_carries_its_legend(sim: Simulation, shop: dict) -> None:
    graph = traffic_graph(sim, "shop", lang="ko")
    assert graph.graph["title"] == "로드 밸런서 shop의 트래픽"
    assert "대상 그룹 web\nHTTP:80 · instance\n2개 중 2개 healthy" in labels(graph, "target_group")
    assert "기본 규칙" in labels(graph, "rule")
    legend = [label for label, *_ in graph.graph["legend"]]
    assert graph.graph["legend_title"] == "범례"
    assert "대상: unhealthy (이유)" in legend and "로드 밸런서" in legend
    english = [label for label, *_ in traffic_graph(sim, "shop").graph["legend"]]
    assert "target: unhealthy (reason)" in english and "target: draining" in english


def test_the_views_package_exposes_the_traffic_picture() -> None:
    assert ecslearn.views.traffic is traffic


def test_the_picture_renders_with_graphviz(sim: Simulation, shop: dict) -> None:
    require_dot()
    answers = sim.send_requests(f"http://{shop['balancer']['DNSName']}/api/x", 2)
    svg = traffic(sim, "shop", answers=answers).svg()
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "target group api" in svg and "Legend" in svg
