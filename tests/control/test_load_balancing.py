"""Services behind a simulated Application Load Balancer, as ECS runs them: tasks register their
targets on the way to RUNNING, drain them on the way out, are replaced when their targets fail
health checks, and a rolling deployment never sends a request to a task that cannot serve it."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from tests.conftest import error_message

SUBNETS = {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}
HTTP_STATUS = "ecslearn.http-status"
MISSING = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0123456789abcdef"


@pytest.fixture
def cluster(sim: Simulation, ecs: Any) -> list:
    ecs.create_cluster(clusterName="web")
    instances = sim.launch_instances("web", count=3, instance_type="m5.large")
    sim.register(task_definition("app", container("web", "nginx:1", memory=128, ports=[80])))
    sim.register(task_definition("app", container("web", "nginx:2", memory=128, ports=[80])))
    return instances


def target_group(sim: Simulation, name: str = "web", **settings: Any) -> str:
    """A target group with quick checks, so tests need little simulated time."""
    options = {"interval": 10, "healthy_threshold": 2, "deregistration_delay": 30}
    return sim.create_target_group(name, **{**options, **settings})


def balancer(arn: str, container_name: str = "web", port: int = 80) -> list[dict]:
    return [{"targetGroupArn": arn, "containerName": container_name, "containerPort": port}]


def create(ecs: Any, arn: str, desired: int = 2, family: str = "app:1", **config: Any) -> dict:
    return ecs.create_service(
        cluster="web",
        serviceName="web",
        taskDefinition=family,
        desiredCount=desired,
        loadBalancers=balancer(arn),
        **config,
    )["service"]


def messages(ecs: Any, name: str = "web") -> list[str]:
    described = ecs.describe_services(cluster="web", services=[name])["services"][0]
    return [e["message"] for e in reversed(described["events"])]


def statuses(sim: Simulation, task: Any) -> list[str]:
    """The statuses the task went through, in order, from the timeline."""
    changes = [
        e.details for e in sim.events.filter(task=task, kind="task") if "status" in e.details
    ]
    return [changes[0]["previous"], *(change["status"] for change in changes)]


def health(sim: Simulation, arn: str) -> dict[str, str]:
    return {
        f"{d['Target']['Id']}:{d['Target']['Port']}": d["TargetHealth"]["State"]
        for d in sim.describe_target_health(arn)["TargetHealthDescriptions"]
    }


def live_tasks(sim: Simulation, service: str = "web") -> list:
    return [
        t
        for t in sim.region_state().tasks.values()
        if t.service_name == service and t.desired_status == "RUNNING"
    ]


def _check_port(sim: Simulation, arn: str, port: str) -> None:
    sim.client("elbv2").modify_target_group(TargetGroupArn=arn, HealthCheckPort=port)


def _awsvpc_web(sim: Simulation, ecs: Any, ports: list[int], desired: int = 1, **more: Any) -> str:
    """A service of awsvpc tasks listening on `ports`, behind an ip target group on 8080."""
    sim.register(
        task_definition(
            "vpc", container("web", "nginx", memory=128, ports=ports), network_mode="awsvpc"
        )
    )
    arn = target_group(sim, target_type="ip", port=8080)
    ecs.create_service(
        cluster="web",
        serviceName="web",
        taskDefinition="vpc",
        desiredCount=desired,
        networkConfiguration=SUBNETS,
        loadBalancers=balancer(arn, port=8080),
        **more,
    )
    return arn


# -- registering ---------------------------------------------------------------------------------
def test_a_task_registers_its_target_while_activating_then_runs(sim, ecs, cluster) -> None:
    arn = target_group(sim)
    create(ecs, arn, desired=1)
    sim.advance(10)
    [task] = live_tasks(sim)
    assert statuses(sim, task)[-2:] == ["ACTIVATING", "RUNNING"]
    assert f"(service web) registered 1 targets in (target-group {arn})" in messages(ecs)
    [description] = sim.describe_target_health(arn)["TargetHealthDescriptions"]
    instance = sim.region_state().instances[task.container_instance_arn]
    [binding] = task.containers[0].network_bindings
    assert description["Target"]["Id"] == instance.ec2_instance_id
    assert description["Target"]["Port"] == binding.host_port


def test_a_new_target_is_initial_until_its_first_health_check_passes(sim, ecs, cluster) -> None:
    arn = target_group(sim, healthy_threshold=5)
    create(ecs, arn, desired=1)
    sim.advance(6)
    [description] = sim.describe_target_health(arn)["TargetHealthDescriptions"]
    assert description["TargetHealth"] == {
        "State": "initial",
        "Reason": "Elb.RegistrationInProgress",
        "Description": "Target registration is in progress",
    }
    sim.advance(10)  # one passing check makes a newly registered target healthy
    assert list(health(sim, arn).values()) == ["healthy"]


def test_a_deployment_waits_for_the_new_tasks_targets_to_be_healthy(sim, ecs, cluster) -> None:
    sim.register(
        task_definition(
            "app",
            container("web", "nginx:3", memory=128, ports=[80], labels={HTTP_STATUS: "500"}),
        )
    )
    arn = target_group(sim)
    create(ecs, arn, desired=1, healthCheckGracePeriodSeconds=3600)
    sim.run_until_stable()
    ecs.update_service(cluster="web", service="web", taskDefinition="app:3")
    sim.advance(300)  # long past the 40 s that would make a task without a load balancer healthy
    new, old = sorted(live_tasks(sim), key=lambda t: t.task_definition_arn, reverse=True)
    assert new.last_status == old.last_status == "RUNNING"
    assert Counter(health(sim, arn).values()) == {"healthy": 1, "unhealthy": 1}
    deployment = ecs.describe_services(cluster="web", services=["web"])["services"][0]
    assert deployment["deployments"][0]["rolloutState"] == "IN_PROGRESS"
    assert {r.task for r in sim.send_requests(arn, 4)} == {old.id}


def test_bridge_tasks_register_their_dynamic_host_ports_on_one_instance(sim, ecs) -> None:
    ecs.create_cluster(clusterName="web")
    [instance] = sim.launch_instances("web", count=1, instance_type="m5.large")
    sim.register(task_definition("app", container("web", "nginx", memory=128, ports=[80])))
    arn = target_group(sim)
    create(ecs, arn, desired=3)
    sim.run_until_stable()
    targets = [d["Target"] for d in sim.describe_target_health(arn)["TargetHealthDescriptions"]]
    assert {t["Id"] for t in targets} == {instance.ec2_instance_id}
    bound = {t.containers[0].network_bindings[0].host_port for t in live_tasks(sim)}
    assert {t["Port"] for t in targets} == bound and len(bound) == 3
    assert set(health(sim, arn).values()) == {"healthy"}


def test_awsvpc_tasks_register_their_own_ip_and_container_port(sim, ecs, cluster) -> None:
    arn = _awsvpc_web(sim, ecs, ports=[8080], desired=2)
    sim.run_until_stable()
    addresses = {
        t.containers[0].network_interfaces[0]["privateIpv4Address"] for t in live_tasks(sim)
    }
    assert set(health(sim, arn)) == {f"{ip}:8080" for ip in addresses}
    assert set(health(sim, arn).values()) == {"healthy"}


# -- draining ------------------------------------------------------------------------------------
def test_a_stopping_task_drains_for_the_deregistration_delay_before_its_agent_stops_it(
    sim, ecs, cluster
) -> None:
    arn = target_group(sim, deregistration_delay=60)
    create(ecs, arn, desired=1)
    sim.run_until_stable()
    [task] = live_tasks(sim)
    ecs.update_service(cluster="web", service="web", desiredCount=0)
    sim.advance(1)
    assert task.last_status == "DEACTIVATING"
    [description] = sim.describe_target_health(arn)["TargetHealthDescriptions"]
    assert description["TargetHealth"]["State"] == "draining"
    assert description["TargetHealth"]["Reason"] == "Target.DeregistrationInProgress"
    assert sim.send_requests(arn, 1)[0].status == 503  # a draining target gets no requests
    sim.run_until_stable()
    assert statuses(sim, task) == [
        "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "STOPPED"
    ]  # fmt: skip
    times = {
        e.details["status"]: e.time for e in sim.events.filter(task=task) if "status" in e.details
    }
    assert times["STOPPING"] - times["DEACTIVATING"] == pytest.approx(60)
    assert sim.describe_target_health(arn)["TargetHealthDescriptions"] == []
    assert f"(service web) deregistered 1 targets in (target-group {arn})" in messages(ecs)
    draining = (
        f"(service web, taskSet {task.started_by}) has begun draining connections on 1 tasks."
    )
    assert draining in messages(ecs)


def test_a_task_whose_container_crashed_deregisters_without_waiting(sim, ecs, cluster) -> None:
    arn = target_group(sim, deregistration_delay=300)
    create(ecs, arn, desired=1)
    sim.run_until_stable()
    [task] = live_tasks(sim)
    sim.kill_container(task, "web")
    sim.advance(5)
    assert task.last_status == "STOPPED"
    assert statuses(sim, task)[-3:] == ["DEACTIVATING", "STOPPING", "STOPPED"]
    assert "draining" in health(sim, arn).values()  # ELB still drains the old address


# -- failed health checks --------------------------------------------------------------------------
def test_a_task_whose_target_fails_health_checks_is_stopped_and_replaced(sim, ecs, cluster) -> None:
    sim.register(
        task_definition(
            "broken",
            container("web", "nginx", memory=128, ports=[80], labels={HTTP_STATUS: "500"}),
        )
    )
    arn = target_group(sim)
    create(ecs, arn, desired=1, family="broken")
    sim.advance(30)
    [first] = [t for t in sim.region_state().tasks.values() if t.desired_status == "STOPPED"]
    assert first.stopped_reason == f"Task failed ELB health checks in (target-group {arn})"
    assert first.stop_code == "ServiceSchedulerInitiated"
    instance = sim.region_state().instances[first.container_instance_arn].ec2_instance_id
    port = first.containers[0].network_bindings[0].host_port
    texts = messages(ecs)
    assert (
        f"(service web) (instance {instance}) (port {port}) is unhealthy in (target-group {arn}) "
        "due to (reason Health checks failed with these codes: [500])."
    ) in texts
    assert any("Amazon ECS replaced 1 tasks due to an unhealthy status." in m for m in texts)
    assert len(live_tasks(sim)) == 1 and live_tasks(sim)[0] is not first


def test_a_health_check_on_another_port_reaches_the_container_listening_there(
    sim, ecs, cluster
) -> None:
    """HealthCheckPort names a port: the check goes to the target's address at that port (here
    the task's second container port) and DescribeTargetHealth says where it checks."""
    arn = _awsvpc_web(sim, ecs, ports=[8080, 9090], healthCheckGracePeriodSeconds=600)
    _check_port(sim, arn, "9090")
    sim.advance(60)
    [described] = sim.describe_target_health(arn)["TargetHealthDescriptions"]
    assert described["TargetHealth"]["State"] == "healthy"
    assert (described["Target"]["Port"], described["HealthCheckPort"]) == (8080, "9090")


def test_a_health_check_on_a_port_nothing_listens_on_fails(sim, ecs, cluster) -> None:
    """Nothing listens on the health check's port: the connection is refused, every check fails
    (Target.FailedHealthChecks), though the app answers requests on its traffic port."""
    arn = _awsvpc_web(sim, ecs, ports=[8080], healthCheckGracePeriodSeconds=600)
    _check_port(sim, arn, "9999")
    sim.advance(60)
    [described] = sim.describe_target_health(arn)["TargetHealthDescriptions"]
    assert described["HealthCheckPort"] == "9999"
    assert described["TargetHealth"]["State"] == "unhealthy"
    assert described["TargetHealth"]["Reason"] == "Target.FailedHealthChecks"
    _check_port(sim, arn, "traffic-port")
    sim.advance(60)
    [described] = sim.describe_target_health(arn)["TargetHealthDescriptions"]
    assert described["TargetHealth"]["State"] == "healthy"


def test_an_instance_targets_check_port_is_whatever_the_instance_maps_there(sim, ecs) -> None:
    """On an instance target the check goes to the instance's port: a task mapping that host
    port answers (another service's, here), and an unmapped port refuses."""
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=1, instance_type="m5.large")
    sim.register(task_definition("app", container("web", "nginx", memory=128, ports=[80])))
    sim.register(
        task_definition("status", container("status", "nginx", memory=64, ports=["8081:81"]))
    )
    ecs.run_task(cluster="web", taskDefinition="status")
    arn = target_group(sim)
    create(ecs, arn, desired=1, healthCheckGracePeriodSeconds=600)
    _check_port(sim, arn, "8081")
    sim.advance(60)
    assert set(health(sim, arn).values()) == {"healthy"}
    _check_port(sim, arn, "8082")
    sim.advance(60)
    assert set(health(sim, arn).values()) == {"unhealthy"}


def test_an_awsvpc_target_that_fails_is_named_by_its_task(sim, ecs, cluster) -> None:
    sim.register(
        task_definition(
            "vpc",
            container("web", "nginx", memory=128, ports=[80], labels={HTTP_STATUS: "404"}),
            network_mode="awsvpc",
        )
    )
    arn = target_group(sim, target_type="ip")
    ecs.create_service(
        cluster="web",
        serviceName="web",
        taskDefinition="vpc",
        desiredCount=1,
        networkConfiguration=SUBNETS,
        loadBalancers=balancer(arn),
    )
    sim.advance(40)
    [first] = [t for t in sim.region_state().tasks.values() if t.desired_status == "STOPPED"]
    assert (
        f"(service web) (task {first.id}) (port 80) is unhealthy in (target-group {arn}) "
        "due to (reason Health checks failed with these codes: [404])."
    ) in messages(ecs)


def test_the_grace_period_holds_off_replacing_a_task_with_a_failing_target(
    sim, ecs, cluster
) -> None:
    sim.register(
        task_definition(
            "slow",
            container("web", "nginx", memory=128, ports=[80], labels={HTTP_STATUS: "503"}),
        )
    )
    arn = target_group(sim)
    create(ecs, arn, desired=1, family="slow", healthCheckGracePeriodSeconds=120)
    sim.advance(60)
    [task] = live_tasks(sim)
    assert list(health(sim, arn).values()) == ["unhealthy"]
    assert task.last_status == "RUNNING" and task.desired_status == "RUNNING"
    sim.advance(90)
    assert task.desired_status == "STOPPED"
    assert task.stopping_at - task.started_at >= 120


def test_an_unhealthy_container_times_out_its_target(sim, ecs, cluster) -> None:
    sim.register(
        task_definition(
            "sick",
            container(
                "web",
                "nginx",
                memory=128,
                ports=[80],
                health="curl -f localhost/",
                labels={"ecslearn.unhealthy-after": "0"},
            ),
        )
    )
    arn = target_group(sim, interval=5)
    create(ecs, arn, desired=1, family="sick", healthCheckGracePeriodSeconds=600)
    sim.advance(150)
    [description] = sim.describe_target_health(arn)["TargetHealthDescriptions"]
    assert description["TargetHealth"]["Reason"] == "Target.Timeout"


# -- requests ----------------------------------------------------------------------------------
def test_requests_go_round_robin_over_the_healthy_targets(sim, ecs, cluster) -> None:
    arn = target_group(sim)
    create(ecs, arn, desired=3)
    sim.run_until_stable()
    served = sim.send_requests(arn, 9)
    assert [r.status for r in served] == [200] * 9
    order = [r.task for r in served]
    assert order[:3] == order[3:6] == order[6:] and len(set(order)) == 3
    first = served[0]
    task = next(t for t in live_tasks(sim) if t.id == first.task)
    assert first.container_instance == task.container_instance_arn.rsplit("/", 1)[-1]
    assert first.port == task.containers[0].network_bindings[0].host_port
    assert len(sim.events.filter(kind="elb").messages()) >= 1
    assert sim.events[-1].message.endswith("9 requests to 3 targets: 9 x 200")


def test_unhealthy_targets_get_no_requests_while_a_healthy_one_exists(sim, ecs, cluster) -> None:
    sim.register(
        task_definition(
            "bad",
            container("web", "nginx", memory=64, ports=[80], labels={HTTP_STATUS: "500"}),
        )
    )
    arn = target_group(sim)
    create(ecs, arn, desired=1)
    ecs.create_service(
        cluster="web",
        serviceName="bad",
        taskDefinition="bad",
        desiredCount=2,
        loadBalancers=balancer(arn),
        healthCheckGracePeriodSeconds=3600,
    )
    sim.advance(60)
    assert Counter(health(sim, arn).values()) == {"healthy": 1, "unhealthy": 2}
    served = sim.send_requests(arn, 6)
    [good] = live_tasks(sim, "web")
    assert {r.task for r in served} == {good.id} and {r.status for r in served} == {200}


def test_with_no_healthy_target_the_load_balancer_fails_open(sim, ecs, cluster) -> None:
    sim.register(
        task_definition(
            "bad",
            container("web", "nginx", memory=64, ports=[80], labels={HTTP_STATUS: "500"}),
        )
    )
    arn = target_group(sim)
    create(ecs, arn, desired=2, family="bad", healthCheckGracePeriodSeconds=3600)
    sim.advance(60)
    assert set(health(sim, arn).values()) == {"unhealthy"}
    served = sim.send_requests(arn, 4)
    assert {r.status for r in served} == {500}
    assert {r.task for r in served} == {t.id for t in live_tasks(sim)}
    assert "failing open" in sim.events[-1].message


def test_with_no_target_to_send_to_the_answer_is_503(sim, ecs, cluster) -> None:
    arn = target_group(sim)
    [served] = sim.send_requests(arn, 1)
    assert served.status == 503 and served.task is None
    create(ecs, arn, desired=1)
    sim.advance(6)  # registered, but a target still in its initial checks gets no requests
    assert sim.send_requests(arn, 1)[0].status == 503


@pytest.mark.parametrize(("minimum", "maximum"), [(100, 200), (50, 100)], ids=["100/200", "50/100"])
def test_a_rolling_deployment_under_load_only_ever_serves_from_healthy_running_tasks(
    sim, ecs, cluster, minimum, maximum
) -> None:
    arn = target_group(sim)
    create(
        ecs,
        arn,
        desired=4,
        deploymentConfiguration={"minimumHealthyPercent": minimum, "maximumPercent": maximum},
    )
    sim.run_until_stable()
    ecs.update_service(cluster="web", service="web", taskDefinition="app:2")
    state = sim.region_state()
    served_by = Counter()
    for _ in range(200):
        for request in sim.send_requests(arn, 4):
            assert request.status == 200, request
            task = next(t for t in state.tasks.values() if t.id == request.task)
            assert task.last_status == "RUNNING", request
            assert health(sim, arn)[f"{request.target}:{request.port}"] == "healthy", request
            served_by[task.task_definition_arn[-1]] += 1
        sim.advance(2)
    assert sim.run_until_stable()
    assert [t.task_definition_arn[-1] for t in live_tasks(sim)] == ["2"] * 4
    assert len(health(sim, arn)) == 4 and set(health(sim, arn).values()) == {"healthy"}
    assert served_by["1"] and served_by["2"]


# -- configuration -------------------------------------------------------------------------------
def test_changing_the_load_balancers_starts_a_new_deployment(sim, ecs, cluster) -> None:
    old, new = target_group(sim, "blue"), target_group(sim, "green")
    create(ecs, old, desired=2)
    sim.run_until_stable()
    updated = ecs.update_service(cluster="web", service="web", loadBalancers=balancer(new))
    assert len(updated["service"]["deployments"]) == 2
    assert updated["service"]["loadBalancers"][0]["targetGroupArn"] == new
    sim.run_until_stable()
    assert health(sim, old) == {}
    assert list(health(sim, new).values()) == ["healthy", "healthy"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"targetGroupArn": MISSING},
            f"The target group {MISSING} was not found in us-east-1.",
        ),
        ({"containerName": "api"}, "The container api does not exist in the task definition."),
        ({"containerPort": 8080}, "The container web did not have a container port 8080 defined."),
    ],
    ids=["missing target group", "unknown container", "unmapped port"],
)
def test_load_balancers_are_checked_against_the_task_definition(
    sim, ecs, cluster, change, expected
) -> None:
    arn = target_group(sim)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.create_service(
            cluster="web",
            serviceName="web",
            taskDefinition="app",
            desiredCount=1,
            loadBalancers=[{**balancer(arn)[0], **change}],
        )
    assert error_message(err).startswith(expected)


def test_target_types_must_match_the_network_mode(sim, ecs, cluster) -> None:
    ip, instance = target_group(sim, "ip", target_type="ip"), target_group(sim, "instance")
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        create(ecs, ip)
    assert error_message(err) == (
        f"The provided target group {ip} has target type ip, which is incompatible with the "
        "bridge network mode specified in the task definition."
    )
    sim.register(
        task_definition(
            "vpc", container("web", "nginx", memory=64, ports=[80]), network_mode="awsvpc"
        )
    )
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        create(ecs, instance, family="vpc", networkConfiguration=SUBNETS)
    assert "has target type instance, which is incompatible with the awsvpc" in error_message(err)


def test_a_service_takes_at_most_five_target_groups(sim, ecs, cluster) -> None:
    groups = [target_group(sim, f"tg-{n}") for n in range(6)]
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.create_service(
            cluster="web",
            serviceName="web",
            taskDefinition="app",
            desiredCount=1,
            loadBalancers=[balancer(arn)[0] for arn in groups],
        )
    assert "at most 5 target groups" in error_message(err)


def test_a_new_task_definition_must_still_have_the_load_balanced_port(sim, ecs, cluster) -> None:
    create(ecs, target_group(sim), desired=1)
    sim.register(task_definition("app", container("web", "nginx:3", memory=128, ports=[8080])))
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.update_service(cluster="web", service="web", taskDefinition="app:3")
    assert error_message(err) == "The container web did not have a container port 80 defined."


def test_classic_load_balancers_are_not_simulated(sim, ecs, cluster) -> None:
    with pytest.raises(ecs.exceptions.UnsupportedFeatureException):
        ecs.create_service(
            cluster="web",
            serviceName="web",
            taskDefinition="app",
            desiredCount=1,
            loadBalancers=[
                {"loadBalancerName": "old", "containerName": "web", "containerPort": 80}
            ],
        )


def test_target_groups_follow_elb_rules_and_defaults(sim) -> None:
    arn = sim.create_target_group("web")
    assert arn.startswith("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/")
    assert len(arn.rsplit("/", 1)[-1]) == 16
    group = sim.region_state().target_groups[arn].to_json()
    assert group["HealthCheckIntervalSeconds"] == 30
    assert (group["HealthyThresholdCount"], group["UnhealthyThresholdCount"]) == (5, 2)
    assert group["TargetType"] == "instance" and group["Matcher"] == {"HttpCode": "200"}
    assert sim.region_state().target_groups[arn].deregistration_delay == 300
    with pytest.raises(Exception, match="Target group name '-web' cannot begin or end with '-'"):
        sim.create_target_group("-web")
    with pytest.raises(Exception, match="'healthCheckIntervalSeconds' failed to satisfy"):
        sim.create_target_group("fast", interval=1)


def test_a_target_that_is_not_registered_is_unused(sim) -> None:
    arn = sim.create_target_group("web")
    [description] = sim.describe_target_health(arn, [{"Id": "i-0abc", "Port": 80}])[
        "TargetHealthDescriptions"
    ]
    assert description["TargetHealth"]["State"] == "unused"
    assert description["TargetHealth"]["Reason"] == "Target.NotRegistered"


def test_a_saved_world_keeps_its_target_groups_and_carries_on(sim, ecs, cluster, tmp_path) -> None:
    arn = target_group(sim)
    create(ecs, arn, desired=2)
    sim.advance(8)
    sim.save(tmp_path / "world.json")
    loaded = Simulation.load(tmp_path / "world.json", strict=True)
    assert loaded.describe_target_health(arn) == sim.describe_target_health(arn)
    sim.advance(30)
    loaded.advance(30)
    assert loaded.describe_target_health(arn) == sim.describe_target_health(arn)
    assert [str(r) for r in loaded.send_requests(arn, 4)] == [
        str(r) for r in sim.send_requests(arn, 4)
    ]
