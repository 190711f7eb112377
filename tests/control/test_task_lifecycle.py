"""Tasks move through ECS's lifecycle on the virtual clock, run by the simulated agent."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.model.builders import container, health_check, task_definition
from ecslearn.model.task import TASK_STATES
from tests.conftest import error_message


@pytest.fixture
def cluster(sim: Simulation, ecs: Any) -> str:
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=2, instance_type="m5.large")
    return "web"


def run(sim: Simulation, ecs: Any, *containers: Any, count: int = 1, **td: Any) -> list[str]:
    sim.register(task_definition("app", *containers, **td))
    extra = {}
    if td.get("network_mode") == "awsvpc":
        extra["networkConfiguration"] = {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}
    response = ecs.run_task(cluster="web", taskDefinition="app", count=count, **extra)
    assert response["failures"] == []
    return [t["taskArn"] for t in response["tasks"]]


def describe(ecs: Any, arn: str) -> dict:
    return ecs.describe_tasks(cluster="web", tasks=[arn])["tasks"][0]


def statuses(sim: Simulation, arn: str) -> list[str]:
    return [
        e.details["status"]
        for e in sim.events.filter(task=arn, kind="task")
        if "status" in e.details
    ]


def containers_of(task: dict) -> dict[str, dict]:
    return {c["name"]: c for c in task["containers"]}


def test_run_task_answers_pending_and_the_task_reaches_running(sim, ecs, cluster) -> None:
    [arn] = run(sim, ecs, container("web", "nginx", memory=128))
    assert describe(ecs, arn)["lastStatus"] == "PENDING"
    assert sim.run_until_stable(timeout=60)
    task = describe(ecs, arn)
    assert task["lastStatus"] == task["desiredStatus"] == "RUNNING"
    assert task["pullStartedAt"] <= task["pullStoppedAt"] <= task["startedAt"]
    assert task["group"] == "family:app" and task["launchType"] == "EC2"
    assert containers_of(task)["web"]["lastStatus"] == "RUNNING"


def test_bridge_tasks_skip_the_states_with_nothing_to_do(sim, ecs, cluster) -> None:
    [arn] = run(sim, ecs, container("web", "nginx", memory=128))
    sim.run_until_stable()
    ecs.stop_task(cluster="web", task=arn)
    sim.run_until_stable()
    assert statuses(sim, arn) == ["RUNNING", "STOPPING", "STOPPED"]


def test_awsvpc_tasks_provision_and_deprovision_their_network_interface(sim, ecs, cluster) -> None:
    [arn] = run(sim, ecs, container("web", "nginx", memory=128, ports=[80]), network_mode="awsvpc")
    assert describe(ecs, arn)["lastStatus"] == "PROVISIONING"
    sim.run_until_stable()
    task = describe(ecs, arn)
    assert task["attachments"][0]["type"] == "ElasticNetworkInterface"
    assert containers_of(task)["web"]["networkInterfaces"][0]["privateIpv4Address"]
    ecs.stop_task(cluster="web", task=arn)
    sim.run_until_stable()
    assert statuses(sim, arn) == ["PENDING", "RUNNING", "STOPPING", "DEPROVISIONING", "STOPPED"]


def test_task_states_only_move_forward(sim, ecs, cluster) -> None:
    arns = run(sim, ecs, container("web", "nginx", memory=64), count=3)
    sim.run_until_stable()
    for arn in arns:
        ecs.stop_task(cluster="web", task=arn)
    sim.run_until_stable()
    for arn in arns:
        order = [TASK_STATES.index(s) for s in statuses(sim, arn)]
        assert order == sorted(order)


def test_dependson_start_complete_success_and_healthy_order_the_start(sim, ecs, cluster) -> None:
    [arn] = run(
        sim,
        ecs,
        container(
            "migrate", "busybox", memory=32, essential=False, labels={"ecslearn.exit-after": "5"}
        ),
        container(
            "db",
            "postgres",
            memory=128,
            depends_on={"migrate": "SUCCESS"},
            health=health_check("pg_isready", interval=5),
        ),
        container("cache", "redis", memory=64, depends_on={"db": "START"}),
        container("web", "nginx", memory=64, depends_on={"db": "HEALTHY", "migrate": "COMPLETE"}),
    )
    sim.run_until_stable()
    started = {
        e.container: e.time
        for e in sim.events.filter(task=arn)
        if e.message.endswith("is RUNNING") and e.container
    }
    exited = next(e.time for e in sim.events.filter(task=arn) if "exited" in e.message)
    healthy = next(e.time for e in sim.events.filter(task=arn) if e.message.endswith("HEALTHY"))
    assert started["migrate"] < exited < started["db"] <= started["cache"]
    assert started["db"] < healthy < started["web"]
    assert describe(ecs, arn)["lastStatus"] == "RUNNING"


def test_a_failed_success_dependency_stops_the_task_before_it_runs(sim, ecs, cluster) -> None:
    [arn] = run(
        sim,
        ecs,
        container(
            "migrate",
            "busybox",
            memory=32,
            essential=False,
            labels={"ecslearn.exit-after": "2", "ecslearn.exit-code": "3"},
        ),
        container("web", "nginx", memory=64, depends_on={"migrate": "SUCCESS"}),
    )
    sim.run_until_stable()
    task = describe(ecs, arn)
    assert task["lastStatus"] == "STOPPED" and task["stopCode"] == "TaskFailedToStart"
    assert "web" in task["stoppedReason"]
    assert "RUNNING" not in statuses(sim, arn)


def test_start_timeout_gives_up_on_a_dependency_that_never_turns_healthy(sim, ecs, cluster) -> None:
    [arn] = run(
        sim,
        ecs,
        container(
            "db",
            "postgres",
            memory=64,
            essential=False,
            start_timeout=30,
            health=health_check("pg_isready", interval=5, retries=1),
            labels={"ecslearn.unhealthy-after": "0"},
        ),
        container("web", "nginx", memory=64, depends_on={"db": "HEALTHY"}),
    )
    sim.run_until_stable()
    task = describe(ecs, arn)
    assert task["stopCode"] == "TaskFailedToStart"
    stopped_at = next(e.time for e in sim.events.filter(task=arn) if "desired STOPPED" in e.message)
    db_started = next(
        e.time
        for e in sim.events.filter(task=arn, kind="container")
        if e.message.endswith("db is RUNNING")
    )
    assert stopped_at == pytest.approx(db_started + 30)


def test_an_essential_container_exit_stops_the_task(sim, ecs, cluster) -> None:
    [arn] = run(
        sim,
        ecs,
        container(
            "job",
            "busybox",
            memory=32,
            labels={"ecslearn.exit-after": "10", "ecslearn.exit-code": "1"},
        ),
        container("sidecar", "busybox", memory=32, essential=False),
    )
    sim.advance(60)
    task = describe(ecs, arn)
    assert task["stopCode"] == "EssentialContainerExited"
    assert task["stoppedReason"] == "Essential container in task exited"
    assert containers_of(task)["job"]["exitCode"] == 1
    assert containers_of(task)["sidecar"]["lastStatus"] == "STOPPED"


def test_a_non_essential_exit_leaves_the_task_running(sim, ecs, cluster) -> None:
    [arn] = run(
        sim,
        ecs,
        container("web", "nginx", memory=32),
        container(
            "once", "busybox", memory=32, essential=False, labels={"ecslearn.exit-after": "5"}
        ),
    )
    sim.advance(60)
    task = describe(ecs, arn)
    assert task["lastStatus"] == "RUNNING"
    assert containers_of(task)["once"]["lastStatus"] == "STOPPED"


def test_health_check_failures_in_the_start_period_do_not_count(sim, ecs, cluster) -> None:
    [arn] = run(
        sim,
        ecs,
        container(
            "web",
            "nginx",
            memory=64,
            labels={"ecslearn.unhealthy-after": "0"},
            health=health_check("curl -f localhost", interval=10, retries=3, start_period=60),
        ),
    )
    sim.run_until_stable()
    started = sim.now
    sim.advance(65)
    assert describe(ecs, arn)["healthStatus"] == "UNKNOWN"
    sim.advance(30)
    task = describe(ecs, arn)
    assert task["healthStatus"] == "UNHEALTHY" and task["lastStatus"] == "RUNNING"
    unhealthy = next(e.time for e in sim.events.filter(task=arn) if e.message.endswith("UNHEALTHY"))
    # Checks every 10 s; the first three that count come at 60, 70 and 80 s after the start.
    assert unhealthy - started == pytest.approx(80, abs=1.5)


def test_task_health_follows_the_essential_containers(sim, ecs, cluster) -> None:
    [arn] = run(
        sim,
        ecs,
        container("web", "nginx", memory=64, health=health_check("true", interval=5)),
        container(
            "log",
            "busybox",
            memory=32,
            essential=False,
            health=health_check("true", interval=5),
            labels={"ecslearn.unhealthy-after": "0"},
        ),
    )
    sim.advance(60)
    task = describe(ecs, arn)
    assert containers_of(task)["log"]["healthStatus"] == "UNHEALTHY"
    assert task["healthStatus"] == "HEALTHY"


def test_stop_timeout_sends_sigkill_to_a_container_that_ignores_sigterm(sim, ecs, cluster) -> None:
    [arn] = run(
        sim,
        ecs,
        container(
            "web", "nginx", memory=64, stop_timeout=10, labels={"ecslearn.stop-delay": "100"}
        ),
    )
    sim.run_until_stable()
    ecs.stop_task(cluster="web", task=arn)
    stop_requested = sim.now
    sim.run_until_stable()
    task = describe(ecs, arn)
    assert containers_of(task)["web"]["exitCode"] == 137
    assert sim.now - stop_requested == pytest.approx(10)


def test_containers_stop_in_reverse_dependency_order(sim, ecs, cluster) -> None:
    [arn] = run(
        sim,
        ecs,
        container("db", "postgres", memory=64),
        container("web", "nginx", memory=64, depends_on={"db": "START"}),
    )
    sim.run_until_stable()
    ecs.stop_task(cluster="web", task=arn, reason="maintenance")
    sim.run_until_stable()
    exits = [e.container for e in sim.events.filter(task=arn) if "exited" in e.message]
    assert exits == ["web", "db"]
    task = describe(ecs, arn)
    assert task["stopCode"] == "UserInitiated" and task["stoppedReason"] == "maintenance"


def test_dynamic_host_ports_come_from_the_instances_ephemeral_range(sim, ecs) -> None:
    """On the ECS-optimized Amazon Linux AMIs ip_local_port_range is 32768-60999; 49153-65535 is
    only AWS's fallback when that kernel parameter is missing."""
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=1)
    arns = run(sim, ecs, container("web", "nginx", memory=64, ports=[80]), count=2)
    sim.run_until_stable()
    ports = sorted(
        describe(ecs, arn)["containers"][0]["networkBindings"][0]["hostPort"] for arn in arns
    )
    assert ports == [32768, 32769]
    assert all(32768 <= port <= 60999 for port in ports)
    instance = ecs.describe_container_instances(
        cluster="web",
        containerInstances=ecs.list_container_instances(cluster="web")["containerInstanceArns"],
    )["containerInstances"][0]
    remaining_ports = next(r for r in instance["remainingResources"] if r["name"] == "PORTS")
    assert "32768" not in remaining_ports["stringSetValue"]


def test_static_host_ports_conflict_and_fail_with_resource_ports(sim, ecs) -> None:
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=1)
    sim.register(task_definition("app", container("web", "nginx", memory=64, ports=["80:80"])))
    response = ecs.run_task(cluster="web", taskDefinition="app", count=2)
    assert len(response["tasks"]) == 1
    assert [f["reason"] for f in response["failures"]] == ["RESOURCE:PORTS"]


def test_a_task_too_big_for_any_instance_fails_with_resource_memory(sim, ecs, cluster) -> None:
    sim.register(task_definition("huge", container("web", "nginx", memory=100_000)))
    response = ecs.run_task(cluster="web", taskDefinition="huge")
    assert response["tasks"] == []
    assert {f["reason"] for f in response["failures"]} == {"RESOURCE:MEMORY"}
    assert len(response["failures"]) == 2  # one per instance, as ECS reports them


def test_resources_are_reserved_while_a_task_lives_and_released_after(sim, ecs, cluster) -> None:
    [instance] = sim.launch_instances("web", count=1, instance_type="t3.small")
    before = instance.remaining("MEMORY")
    sim.register(task_definition("app", container("web", "nginx", memory=256, cpu=512)))
    [task] = ecs.start_task(cluster="web", taskDefinition="app", containerInstances=[instance.id])[
        "tasks"
    ]
    assert instance.remaining("MEMORY") == before - 256
    assert instance.remaining("CPU") == instance.registered("CPU") - 512
    sim.run_until_stable()
    ecs.stop_task(cluster="web", task=task["taskArn"])
    sim.run_until_stable()
    assert instance.remaining("MEMORY") == before
    assert instance.remaining("CPU") == instance.registered("CPU")


def test_stopped_tasks_stay_describable_for_an_hour(sim, ecs, cluster) -> None:
    [arn] = run(
        sim, ecs, container("job", "busybox", memory=32, labels={"ecslearn.exit-after": "1"})
    )
    sim.run_until_stable()
    sim.advance(3500)
    assert describe(ecs, arn)["lastStatus"] == "STOPPED"
    sim.advance(200)
    assert ecs.describe_tasks(cluster="web", tasks=[arn])["failures"][0]["reason"] == "MISSING"


def test_list_tasks_defaults_to_running_and_filters(sim, ecs, cluster) -> None:
    first, second = run(sim, ecs, container("web", "nginx", memory=32), count=2)
    sim.run_until_stable()
    ecs.stop_task(cluster="web", task=first)
    assert ecs.list_tasks(cluster="web")["taskArns"] == [second]
    assert ecs.list_tasks(cluster="web", desiredStatus="STOPPED")["taskArns"] == [first]
    assert ecs.list_tasks(cluster="web", desiredStatus="PENDING")["taskArns"] == []
    assert ecs.list_tasks(cluster="web", family="app")["taskArns"] == [second]
    assert ecs.list_tasks(cluster="web", family="other")["taskArns"] == []


def test_an_image_missing_from_ecr_cannot_be_pulled(sim, ecs, cluster) -> None:
    image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:v1"
    [arn] = run(sim, ecs, container("web", image, memory=64))
    sim.run_until_stable()
    task = describe(ecs, arn)
    assert task["stopCode"] == "TaskFailedToStart"
    assert task["stoppedReason"].startswith("CannotPullContainerError")
    assert containers_of(task)["web"]["reason"].startswith("CannotPullContainerError")


def test_stopping_a_pending_task_stops_it_without_running(sim, ecs, cluster) -> None:
    [arn] = run(sim, ecs, container("web", "nginx", memory=32))
    ecs.stop_task(cluster="web", task=arn)
    sim.run_until_stable()
    assert statuses(sim, arn) == ["STOPPED"]


def test_stop_task_on_an_unknown_task_is_a_parameter_error(ecs, cluster) -> None:
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.stop_task(cluster="web", task="0" * 32)


def test_run_task_without_instances_says_so(sim, ecs) -> None:
    ecs.create_cluster(clusterName="empty")
    sim.register(task_definition("app", container("web", "nginx", memory=32)))
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.run_task(cluster="empty", taskDefinition="app")
    assert "No Container Instances were found" in str(err.value)


def test_run_task_refuses_an_inactive_revision(sim, ecs, cluster) -> None:
    sim.register(task_definition("app", container("web", "nginx", memory=32)))
    ecs.deregister_task_definition(taskDefinition="app:1")
    # ECS answers InvalidParameterException "TaskDefinition is inactive" (DefangLabs/defang#775)
    with pytest.raises(ecs.exceptions.InvalidParameterException) as err:
        ecs.run_task(cluster="web", taskDefinition="app:1")
    assert err.value.response["Error"]["Message"] == "TaskDefinition is inactive"


def test_awsvpc_tasks_need_a_network_configuration(sim, ecs, cluster) -> None:
    sim.register(
        task_definition("app", container("web", "nginx", memory=32), network_mode="awsvpc")
    )
    with pytest.raises(ecs.exceptions.InvalidParameterException):
        ecs.run_task(cluster="web", taskDefinition="app")


def test_a_public_ip_is_fargates_not_ec2s(sim, ecs, cluster) -> None:
    sim.register(
        task_definition("app", container("web", "nginx", memory=32), network_mode="awsvpc")
    )
    network = {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": "ENABLED"}}
    for call in (
        lambda: ecs.run_task(cluster="web", taskDefinition="app", networkConfiguration=network),
        lambda: ecs.create_service(
            cluster="web",
            serviceName="app",
            taskDefinition="app",
            desiredCount=1,
            networkConfiguration=network,
        ),
    ):
        with pytest.raises(ecs.exceptions.InvalidParameterException) as refused:
            call()
        assert error_message(refused) == "Assign public IP is not supported for this launch type."
    assert ecs.list_tasks(cluster="web")["taskArns"] == []
    assert ecs.list_services(cluster="web")["serviceArns"] == []


def test_the_same_seed_replays_the_same_history() -> None:
    def history(seed: int) -> list[str]:
        sim = Simulation(seed=seed)
        ecs = sim.client()
        ecs.create_cluster(clusterName="web")
        sim.launch_instances("web", count=3)
        sim.register(task_definition("app", container("web", "nginx", memory=64, ports=[80])))
        ecs.run_task(cluster="web", taskDefinition="app", count=5)
        sim.run_until_stable()
        return [str(e) for e in sim.events]

    assert history(3) == history(3)
    assert history(3) != history(4)


def test_run_until_stable_says_what_is_unsettled_when_it_times_out(sim, ecs, cluster) -> None:
    [arn] = run(
        sim,
        ecs,
        container(
            "db",
            "postgres",
            memory=64,
            essential=False,
            health=health_check("true", interval=5),
            labels={"ecslearn.unhealthy-after": "0"},
        ),
        container("web", "nginx", memory=64, depends_on={"db": "HEALTHY"}),
    )
    result = sim.run_until_stable(timeout=120)
    assert not result
    assert any(arn.rsplit("/", 1)[-1] in reason for reason in result.unsettled)
    assert sim.now == pytest.approx(120)


def test_step_runs_one_thing_at_a_time(sim, ecs, cluster) -> None:
    run(sim, ecs, container("web", "nginx", memory=32))
    assert sim.upcoming()
    result = sim.step()
    assert result.action is not None and sim.now == result.action.time
