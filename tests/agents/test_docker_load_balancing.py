"""Requests through a load balancer reach the Docker agent's real containers, and ELB's health
checks really probe them.

Needs a running Docker engine (never faked); without one these tests skip with a one-line
reason, except in CI (CI=true), where they must run. One world serves every test of the module:
a load balancer made active before the Docker instance joins (while the clock may still run
ahead of the wall clock), a web service behind its default rule, and three tasks registered by
hand (nothing replaces them): one whose ``/`` answers 500 (``ecslearn/flaky:1`` with
``FAIL_AFTER=0``), one under ``/doomed*`` whose container a test kills, and an awsvpc one in an
``ip`` target group. To keep the module
within a few seconds of wall-clock time, ELB's registration delay (an estimate, 10 s) is 1 s
here; health checks run every 5 s, ELB's shortest interval.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.agents import docker as docker_agent
from ecslearn.control.load_balancing import alb
from tests.agents.helpers import container, describe, wait_until, web
from tests.services.elbv2_fixtures import application, forward

pytestmark = pytest.mark.docker


def _group(sim: Simulation, name: str) -> str:
    return sim.create_target_group(name, interval=5, healthy_threshold=2, unhealthy_threshold=2)


def _run(ecs: Any, family: str, mode: str = "bridge", **extra: Any) -> str:
    """Start one task of a one-container web definition; its ARN (it may still be starting)."""
    ecs.register_task_definition(
        family=family,
        networkMode=mode,
        containerDefinitions=[web(portMappings=[{"containerPort": 80}], **extra)],
    )
    network = {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}
    extra = {"networkConfiguration": network} if mode == "awsvpc" else {}
    return ecs.run_task(cluster="lab", taskDefinition=family, **extra)["tasks"][0]["taskArn"]


#: A CGI script that answers with the request's headers (CGI names them HTTP_X_FORWARDED_FOR).
HEADERS_CGI = "#!/bin/sh\necho 'Content-Type: text/plain'\necho\nenv | grep '^HTTP_' | sort\n"


def _echoing_headers() -> dict[str, Any]:
    """The web container with ``/cgi-bin/headers`` added: what the load balancer sent is seen."""
    install = (
        'mkdir -p /www/cgi-bin && echo "$HEADERS_CGI" > /www/cgi-bin/headers && '
        "chmod +x /www/cgi-bin/headers && exec sh /ecslearn/serve.sh"
    )
    return web(
        portMappings=[{"containerPort": 80}],
        command=["sh", "-c", install],
        environment=[{"name": "HEADERS_CGI", "value": HEADERS_CGI}],
    )


def _arn(sim: Simulation, short_id: str | None) -> str:
    return next(t.task_arn or "" for t in sim.region_state().tasks.values() if t.id == short_id)


def _health(elbv2: Any, arn: str) -> list[dict[str, Any]]:
    found = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    return [d["TargetHealth"] for d in found]


@pytest.fixture(scope="module")
def shop(engine: Any) -> Iterator[dict[str, Any]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(alb, "REGISTRATION_SECONDS", 1.0)
        sim = Simulation(seed=0, strict=True)
        try:  # the containers go even when setting up fails half-way
            ecs, elbv2 = sim.client(), sim.client("elbv2")
            ecs.create_cluster(clusterName="lab")
            balancer = application(sim, elbv2)
            groups = {name: _group(sim, name) for name in ("web", "flaky", "doomed")}
            groups["vpc"] = sim.create_target_group("vpc", interval=5, target_type="ip")
            listener = elbv2.create_listener(
                LoadBalancerArn=balancer["LoadBalancerArn"],
                Protocol="HTTP",
                Port=80,
                DefaultActions=forward(groups["web"]),
            )["Listeners"][0]["ListenerArn"]
            elbv2.create_rule(
                ListenerArn=listener,
                Priority=10,
                Conditions=[{"Field": "path-pattern", "Values": ["/doomed*"]}],
                Actions=forward(groups["doomed"]),
            )
            [instance] = sim.launch_instances("lab", agent="docker")
            ecs.register_task_definition(family="web", containerDefinitions=[_echoing_headers()])
            ecs.create_service(
                cluster="lab",
                serviceName="web",
                taskDefinition="web",
                desiredCount=1,
                loadBalancers=[
                    {"targetGroupArn": groups["web"], "containerName": "web", "containerPort": 80}
                ],
            )
            arns = {
                "flaky": _run(
                    ecs,
                    "flaky",
                    image="ecslearn/flaky:1",
                    environment=[{"name": "FAIL_AFTER", "value": "0"}],
                ),
                "doomed": _run(ecs, "doomed"),
                "vpc": _run(ecs, "vpc", mode="awsvpc"),
            }
            statuses = lambda: {describe(ecs, a)["lastStatus"] for a in arns.values()}  # noqa: E731
            assert wait_until(sim, lambda: statuses() == {"RUNNING"}, timeout=10)
            for name, arn in arns.items():
                web_container = container(describe(ecs, arn), "web")
                if name == "vpc":
                    # the Docker network's address is outside the default VPC: AvailabilityZone
                    # "all", as ECS registers such an address (ELB takes IPs from outside the VPC)
                    [interface] = web_container["networkInterfaces"]
                    target = {"Id": interface["privateIpv4Address"], "Port": 80}
                    target["AvailabilityZone"] = "all"
                else:
                    port = web_container["networkBindings"][0]["hostPort"]
                    target = {"Id": instance.ec2_instance_id, "Port": port}
                elbv2.register_targets(TargetGroupArn=groups[name], Targets=[target])

            def settled() -> bool:
                states = {
                    name: [h["State"] for h in _health(elbv2, arn)] for name, arn in groups.items()
                }
                healthy = ["healthy"]
                return states == {
                    "web": healthy,
                    "flaky": ["unhealthy"],
                    "doomed": healthy,
                    "vpc": healthy,
                }

            assert wait_until(sim, settled, timeout=20)
            yield {"sim": sim, "ecs": ecs, "elbv2": elbv2, "dns": balancer["DNSName"], **groups}
        finally:
            docker_agent.close(sim.world)


def test_a_request_through_the_dns_name_reaches_a_real_container_and_returns_what_it_served(
    shop: dict[str, Any],
) -> None:
    sim, ecs = shop["sim"], shop["ecs"]
    [served] = sim.send_requests(f"http://{shop['dns']}/", 1)
    task = describe(ecs, _arn(sim, served.task))
    [binding] = container(task, "web")["networkBindings"]
    assert (served.status, served.body.strip()) == (200, served.task)
    assert served.port == binding["hostPort"]  # the port Docker picked is the one ECS reports
    assert served.latency is not None and 0 < served.latency < 5
    [headers] = sim.send_requests(
        f"http://{shop['dns']}/cgi-bin/headers", 1, source_ip="192.0.2.44"
    )
    seen = set(headers.body.splitlines())
    assert f"HTTP_HOST={shop['dns']}" in seen
    assert "HTTP_X_FORWARDED_FOR=192.0.2.44" in seen
    assert {"HTTP_X_FORWARDED_PROTO=http", "HTTP_X_FORWARDED_PORT=80"} <= seen


def test_an_awsvpc_tasks_ip_target_is_reached_on_the_tasks_own_address(
    shop: dict[str, Any],
) -> None:
    [served] = shop["sim"].send_requests(shop["vpc"], 1)
    assert (served.status, served.body.strip(), served.port) == (200, served.task, 80)
    assert served.target.count(".") == 3 and served.latency is not None


def test_a_container_answering_500_on_the_check_path_is_unhealthy_with_response_code_mismatch(
    shop: dict[str, Any],
) -> None:
    [health] = _health(shop["elbv2"], shop["flaky"])
    assert (health["State"], health["Reason"]) == ("unhealthy", "Target.ResponseCodeMismatch")
    assert health["Description"] == "Health checks failed with these codes: [500]"


def test_a_stopped_containers_target_answers_502(shop: dict[str, Any], engine: Any) -> None:
    sim, ecs = shop["sim"], shop["ecs"]
    [before] = sim.send_requests(f"http://{shop['dns']}/doomed", 1)
    assert before.status == 404  # the container's own answer: it serves no /doomed
    docker_id = container(describe(ecs, _arn(sim, before.task)), "web")["runtimeId"]
    engine.api.kill(docker_id)
    engine.api.wait(docker_id, timeout=5)  # dead (the agent has not noticed: no clock moved)
    [after] = sim.send_requests(f"http://{shop['dns']}/doomed", 1)
    assert (after.status, after.task) == (502, before.task)
    assert after.error.startswith("502 Bad Gateway: the target ")
