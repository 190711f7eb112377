"""Targets whose containers are real answer for themselves: ELB asks their agent
(`ReachesContainers`) to send each forwarded request and each health check over the network,
and turns what came back into the client's status (502 and 504 when ELB answers for the
target) and the target's health (ELB's reason codes).

Here the agent's runtime is given a stand-in for the network (no Docker needed), recording the
calls ELB makes; tests/agents/test_docker_load_balancing.py sends them to real containers.
"""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.agents.target_calls import REFUSED, TIMEOUT, TargetCall, TargetReply
from ecslearn.model.builders import container, task_definition
from ecslearn.model.task import Task
from tests.services.elbv2_fixtures import application, forward, group


class Network:
    """What the containers answer, and every call ELB made (port, call)."""

    def __init__(self) -> None:
        self.reply = TargetReply(200, body="hello from the container\n", latency=0.012)
        self.calls: list[tuple[int, TargetCall]] = []

    def __call__(self, task: Task, port: int, call: TargetCall) -> TargetReply:
        self.calls.append((port, call))
        return TargetReply(
            self.reply.status,
            body=self.reply.body,
            latency=self.reply.latency,
            address=f"10.0.0.1:{port}",
            failure=self.reply.failure,
            detail=self.reply.detail,
        )


@pytest.fixture
def shop(sim: Simulation, ecs: Any, elbv2: Any) -> dict[str, Any]:
    """One web task (not a service's: nothing replaces it) registered behind a load balancer,
    healthy, whose instance's runtime now reaches its containers through `Network`."""
    ecs.create_cluster(clusterName="shop")
    [instance] = sim.launch_instances("shop", instance_type="m5.large")
    sim.register(task_definition("web", container("app", "nginx", memory=128, ports=[80])))
    balancer = application(sim, elbv2)
    arn = group(sim, elbv2, "web", HealthCheckPath="/health", HealthCheckIntervalSeconds=5)
    elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward(arn),
    )
    task = ecs.run_task(cluster="shop", taskDefinition="web")["tasks"][0]
    sim.run_until_stable()
    [app] = ecs.describe_tasks(cluster="shop", tasks=[task["taskArn"]])["tasks"][0]["containers"]
    port = app["networkBindings"][0]["hostPort"]
    elbv2.register_targets(
        TargetGroupArn=arn, Targets=[{"Id": instance.ec2_instance_id, "Port": port}]
    )
    sim.advance(10)  # registration, then one passing check
    network = Network()
    agent = sim.world.plane.agents[instance.container_instance_arn or ""]
    agent.runtime.call_container = network  # type: ignore[attr-defined]
    return {"balancer": balancer, "group": arn, "network": network}


def health(elbv2: Any, arn: str) -> dict[str, Any]:
    [found] = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
    return found["TargetHealth"]


def test_a_forwarded_request_carries_the_host_and_elbs_forwarded_headers(
    sim: Simulation, shop: dict[str, Any]
) -> None:
    dns = shop["balancer"]["DNSName"]
    [served] = sim.send_requests(f"http://{dns}/orders?page=2", 1)
    [(port, call)] = shop["network"].calls
    assert call.path == "/orders?page=2" and call.method == "GET"
    assert call.headers["Host"] == dns
    assert call.headers["X-Forwarded-For"] == "203.0.113.10"  # send_requests' default client
    assert call.headers["X-Forwarded-Proto"] == "http"
    assert call.headers["X-Forwarded-Port"] == "80"
    assert port == served.port and call.connect_timeout == 10
    assert (served.status, served.body, served.latency) == (
        200,
        "hello from the container\n",
        0.012,
    )
    assert served.error is None and str(served).endswith(" in 12 ms")
    [line] = sim.explain_traffic([served])
    assert line.endswith("in 12 ms: hello from the container [rule default]")


def test_the_clients_method_and_headers_pass_on_and_its_forwarded_for_is_appended_to(
    sim: Simulation, shop: dict[str, Any]
) -> None:
    sent = {"X-Forwarded-For": "198.51.100.7", "X-Request-Id": "abc", "Connection": "keep-alive"}
    url = f"http://{shop['balancer']['DNSName']}:80/orders"
    sim.send_requests(url, 1, method="POST", headers=sent, source_ip="192.0.2.44")
    [(_, call)] = shop["network"].calls
    assert call.method == "POST" and call.headers["X-Request-Id"] == "abc"
    assert call.headers["X-Forwarded-For"] == "198.51.100.7, 192.0.2.44"
    assert call.headers["Host"] == f"{shop['balancer']['DNSName']}:80"  # as the client wrote it
    assert call.headers["Connection"] == "close"  # hop-by-hop: the client's is not passed on


def test_the_containers_own_status_reaches_the_client(
    sim: Simulation, shop: dict[str, Any]
) -> None:
    shop["network"].reply = TargetReply(404, body="no such page")
    [served] = sim.send_requests(f"http://{shop['balancer']['DNSName']}/missing", 1)
    assert (served.status, served.body, served.error) == (404, "no such page", None)


def test_a_refused_connection_is_elbs_502_and_a_silent_target_its_504(
    sim: Simulation, shop: dict[str, Any]
) -> None:
    url = f"http://{shop['balancer']['DNSName']}/"
    shop["network"].reply = TargetReply(None, failure=REFUSED, detail="Connection refused")
    [refused] = sim.send_requests(url, 1)
    assert refused.status == 502 and refused.task is not None
    refused_by = f"10.0.0.1:{refused.port}"
    assert refused.error == f"502 Bad Gateway: the target refused the connection ({refused_by})"
    shop["network"].reply = TargetReply(None, failure=TIMEOUT, detail="timed out")
    [silent] = sim.send_requests(url, 1)
    assert silent.status == 504
    assert silent.error.startswith("504 Gateway Time-out: no answer within the idle timeout")
    [line] = sim.explain_traffic([refused])
    assert line.startswith("502 from the load balancer: task ")
    [korean] = sim.explain_traffic([refused], lang="ko")
    assert "응답이 없어 로드 밸런서가 응답" in korean and "502 Bad Gateway" in korean


def test_health_checks_probe_the_check_path_with_elbs_user_agent(
    sim: Simulation, shop: dict[str, Any]
) -> None:
    sim.advance(5)
    port, call = shop["network"].calls[-1]
    assert call.path == "/health" and call.headers["User-Agent"] == "ELB-HealthChecker/2.0"
    assert call.read_timeout == 5 and not call.connect_only
    assert call.headers["Host"].endswith(f":{port}")


@pytest.mark.parametrize(
    ("reply", "reason", "description"),
    [
        (TargetReply(500, body="oops"), "Target.ResponseCodeMismatch", "[500]"),
        (TargetReply(None, failure=REFUSED), "Target.FailedHealthChecks", "Health checks failed"),
        (TargetReply(None, failure=TIMEOUT), "Target.Timeout", "Request timed out"),
    ],
)
def test_a_real_target_that_fails_its_checks_turns_unhealthy_with_elbs_reason(
    sim: Simulation,
    elbv2: Any,
    shop: dict[str, Any],
    reply: TargetReply,
    reason: str,
    description: str,
) -> None:
    assert health(elbv2, shop["group"])["State"] == "healthy"
    shop["network"].reply = reply
    sim.advance(10)  # two checks, five seconds apart: the unhealthy threshold
    found = health(elbv2, shop["group"])
    assert (found["State"], found["Reason"]) == ("unhealthy", reason)
    assert description in found["Description"]


def test_a_world_saved_mid_flight_loads_with_its_targets_answered_by_simulated_agents(
    sim: Simulation, elbv2: Any, shop: dict[str, Any], tmp_path: Any
) -> None:
    shop["network"].reply = TargetReply(500, body="oops")
    sim.advance(5)  # one failed check: the next one would turn the target unhealthy
    sim.save(tmp_path / "world.json")
    loaded = Simulation.load(tmp_path / "world.json", strict=True)
    [target] = loaded.region_state().target_groups[shop["group"]].targets
    assert (target.state, target.failures) == ("healthy", 1)  # the real failure was saved
    [served] = loaded.send_requests(f"http://{shop['balancer']['DNSName']}/", 1)
    assert (served.status, served.latency, served.body) == (200, None, None)  # nothing real
    loaded.advance(10)
    found = health(loaded.client("elbv2"), shop["group"])
    assert found["State"] == "healthy"  # the loaded agent's container answers 200 again
