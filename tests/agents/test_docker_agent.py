"""The Docker agent runs task definitions as real containers on the local engine.

Needs a running Docker engine (never faked); without one these tests skip with a one-line
reason, except in CI (CI=true), where they must run. The demo images are built once per
session; every test removes what it created.
"""

from __future__ import annotations

import time

import pytest

from ecslearn import Simulation
from ecslearn.agents import docker as docker_agent
from ecslearn.agents.docker import OOM_REASON, DockerUnavailable
from tests.agents.helpers import container, describe, get, wait_until, web, worker

pytestmark = pytest.mark.docker


def test_a_dynamic_host_port_serves_the_task_id(sim, engine, run) -> None:
    task = run(web(portMappings=[{"containerPort": 80}]))
    assert task["lastStatus"] == "RUNNING"
    [binding] = container(task, "web")["networkBindings"]
    assert binding["containerPort"] == 80 and binding["hostPort"] > 0
    assert get(binding["hostPort"]) == task["taskArn"].rsplit("/", 1)[1]
    details = engine.api.inspect_container(container(task, "web")["runtimeId"])
    labels = details["Config"]["Labels"]
    assert labels["ecslearn.cluster"] == "lab"
    assert labels["ecslearn.task"] == task["taskArn"].rsplit("/", 1)[1]
    assert labels["ecslearn.container"] == "web"
    assert labels["com.amazonaws.ecs.task-arn"] == task["taskArn"]
    assert details["HostConfig"]["Privileged"] is False and not details["Mounts"]
    assert details["Name"].startswith("/ecs-lesson-1-web-")


def test_a_static_host_port_is_the_one_asked_for(sim, ecs, run) -> None:
    task = run(web(portMappings=[{"containerPort": 80, "hostPort": 28080}]))
    [binding] = container(task, "web")["networkBindings"]
    assert binding["hostPort"] == 28080
    assert get(28080) == task["taskArn"].rsplit("/", 1)[1]
    [instance] = ecs.describe_container_instances(
        cluster="lab", containerInstances=[task["containerInstanceArn"]]
    )["containerInstances"]
    ports = next(r for r in instance["remainingResources"] if r["name"] == "PORTS")
    assert "28080" in ports["stringSetValue"]


def test_limits_environment_and_command_reach_the_container(sim, ecs, engine, run) -> None:
    ecs.register_task_definition(
        family="limits",
        containerDefinitions=[
            worker(
                "app",
                memory=64,
                memoryReservation=32,
                cpu=256,
                command=["sh", "-c", 'echo "$GREETING from $ECSLEARN_TASK_ID"; sleep 30'],
                environment=[{"name": "GREETING", "value": "hello"}],
            ),
            worker("tiny", sleep=30, essential=False),
        ],
    )
    overrides = {
        "containerOverrides": [{"name": "app", "environment": [{"name": "EXTRA", "value": "1"}]}]
    }
    arn = ecs.run_task(cluster="lab", taskDefinition="limits", overrides=overrides)["tasks"][0][
        "taskArn"
    ]
    sim.run_until_stable(20)
    task = describe(ecs, arn)
    app = engine.api.inspect_container(container(task, "app")["runtimeId"])
    assert app["HostConfig"]["Memory"] == 64 * 1024 * 1024
    assert app["HostConfig"]["MemoryReservation"] == 32 * 1024 * 1024
    assert app["HostConfig"]["CpuShares"] == 256
    assert app["Config"]["Cmd"] == ["sh", "-c", 'echo "$GREETING from $ECSLEARN_TASK_ID"; sleep 30']
    assert {
        "GREETING=hello",
        "EXTRA=1",
        f"ECSLEARN_TASK_ID={task['taskArn'].rsplit('/', 1)[1]}",
    } <= set(app["Config"]["Env"])
    tiny = engine.api.inspect_container(container(task, "tiny")["runtimeId"])
    assert tiny["HostConfig"]["CpuShares"] == 2  # cpu 0: the agent's minimum
    logs = wait_until(sim, lambda: engine.api.logs(app["Id"]).decode().strip(), timeout=5)
    assert logs == f"hello from {task['taskArn'].rsplit('/', 1)[1]}"


def test_depends_on_success_then_an_essential_exit_stops_the_task(sim, ecs, engine, run) -> None:
    task = run(
        worker("init", sleep=0.5, essential=False),
        worker(
            "app",
            sleep=0.5,
            exit_code=3,
            dependsOn=[{"containerName": "init", "condition": "SUCCESS"}],
        ),
        until="STOPPED",
    )
    assert task["lastStatus"] == "STOPPED"
    assert task["stopCode"] == "EssentialContainerExited"
    assert container(task, "init")["exitCode"] == 0
    assert container(task, "app")["exitCode"] == 3
    init = engine.api.inspect_container(container(task, "init")["runtimeId"])["State"]
    app = engine.api.inspect_container(container(task, "app")["runtimeId"])["State"]
    assert app["StartedAt"] > init["FinishedAt"]


def test_health_checks_turn_healthy_release_dependents_then_unhealthy(
    sim, ecs, engine, run
) -> None:
    command = ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1/"]
    check = {"command": command, "interval": 5, "retries": 1}
    flaky = web(image="ecslearn/flaky:1", healthCheck=check, portMappings=[{"containerPort": 80}])
    task = run(
        flaky,
        worker(
            "after",
            sleep=60,
            essential=False,
            dependsOn=[{"containerName": "web", "condition": "HEALTHY"}],
        ),
        timeout=0,
    )
    arn = task["taskArn"]
    assert container(task, "web")["healthStatus"] == "UNKNOWN"
    assert "runtimeId" not in container(task, "after")
    details = engine.api.inspect_container(container(task, "web")["runtimeId"])
    assert details["Config"]["Healthcheck"]["Interval"] == 5 * 10**9
    assert wait_until(sim, lambda: describe(ecs, arn)["healthStatus"] == "HEALTHY", 12)
    assert container(describe(ecs, arn), "web")["healthStatus"] == "HEALTHY"
    assert wait_until(
        sim, lambda: container(describe(ecs, arn), "after")["lastStatus"] == "RUNNING", 2
    )
    port = container(describe(ecs, arn), "web")["networkBindings"][0]["hostPort"]
    assert get(port, path="/cgi-bin/fail") == "failing"
    assert wait_until(sim, lambda: describe(ecs, arn)["healthStatus"] == "UNHEALTHY", 12)
    assert describe(ecs, arn)["lastStatus"] == "RUNNING"  # a standalone task keeps running


def test_stop_task_kills_what_ignores_sigterm_after_its_stop_timeout(sim, ecs, run) -> None:
    task = run(
        web(stopTimeout=2),
        # `sleep` as PID 1 ignores SIGTERM, as many real programs do
        worker("stubborn", command=["sleep", "300"], stopTimeout=2),
    )
    assert task["lastStatus"] == "RUNNING"
    started = time.monotonic()
    ecs.stop_task(cluster="lab", task=task["taskArn"])
    assert sim.run_until_stable(10)
    elapsed = time.monotonic() - started
    task = describe(ecs, task["taskArn"])
    assert task["lastStatus"] == "STOPPED" and task["stopCode"] == "UserInitiated"
    assert container(task, "web")["exitCode"] == 0  # it handles SIGTERM
    assert container(task, "stubborn")["exitCode"] == 137  # SIGKILL
    assert 1.5 <= elapsed < 5


def test_an_oom_kill_is_reported_as_ecs_says_it(sim, run) -> None:
    hog = worker("hog", memory=16, environment=[{"name": "ALLOCATE_MB", "value": "64"}])
    task = run(hog, until="STOPPED")
    assert task["lastStatus"] == "STOPPED" and task["stopCode"] == "EssentialContainerExited"
    hog = container(task, "hog")
    assert hog["exitCode"] == 137 and hog["reason"] == OOM_REASON


def test_a_missing_image_fails_like_a_pull_never_pulling(sim, engine, run) -> None:
    task = run({"name": "app", "image": "ecslearn/not-built:1", "memory": 32})
    assert task["lastStatus"] == "STOPPED" and task["stopCode"] == "TaskFailedToStart"
    assert task["stoppedReason"].startswith("CannotPullContainerError: ")
    assert container(task, "app")["reason"].startswith("CannotPullContainerError: ")
    with pytest.raises(Exception, match="not-built"):
        engine.images.get("ecslearn/not-built:1")


def test_a_container_killed_from_outside_is_replaced_by_its_service(sim, ecs, engine) -> None:
    ecs.register_task_definition(
        family="site", containerDefinitions=[web(portMappings=[{"containerPort": 80}])]
    )
    ecs.create_service(cluster="lab", serviceName="site", taskDefinition="site", desiredCount=3)

    def running() -> list[str]:
        return [t.task_arn for t in sim.region_state().tasks.values() if t.last_status == "RUNNING"]

    # (stable would take 40 s: without a health check a task counts as healthy after 40 s)
    assert wait_until(sim, lambda: len(running()) == 3, 10)
    victim = sim.region_state().tasks[ecs.list_tasks(cluster="lab")["taskArns"][0]]
    engine.api.kill(victim.container("web").runtime_id)  # `docker kill`, behind ECS's back
    assert wait_until(sim, lambda: victim.last_status == "STOPPED", 5)
    assert victim.container("web").exit_code == 137
    assert victim.stop_code == "EssentialContainerExited"
    assert wait_until(sim, lambda: len(running()) == 3, 15)
    service = ecs.describe_services(cluster="lab", services=["site"])["services"][0]
    assert service["runningCount"] == 3
    assert victim.task_arn not in running()
    for arn in running():
        port = container(describe(ecs, arn), "web")["networkBindings"][0]["hostPort"]
        assert get(port) == arn.rsplit("/", 1)[1]


def test_links_give_the_task_a_network_where_aliases_resolve(sim, engine, run) -> None:
    fetch = "for i in $(seq 50); do wget -q -O - http://backend/ && exit 0; sleep 0.1; done; exit 1"
    task = run(
        web(),
        worker(
            "client",
            essential=False,
            links=["web:backend"],
            command=["sh", "-c", fetch],
            dependsOn=[{"containerName": "web", "condition": "START"}],
        ),
    )
    assert wait_until(
        sim,
        lambda: sim.region_state().tasks[task["taskArn"]].container("client").exit_code == 0,
        10,
    )
    client = sim.region_state().tasks[task["taskArn"]].container("client")
    logs = engine.api.logs(client.runtime_id).decode().strip()
    assert logs == task["taskArn"].rsplit("/", 1)[1]
    networks = engine.api.inspect_container(client.runtime_id)["NetworkSettings"]["Networks"]
    [name] = networks
    assert name.startswith("ecs-lab-")
    labels = engine.api.inspect_network(name)["Labels"]
    assert labels["ecslearn.cluster"] == "lab"
    assert labels["ecslearn.task"] == task["taskArn"].rsplit("/", 1)[1]


def test_awsvpc_gives_the_task_its_own_address(sim, run) -> None:
    task = run(
        web(portMappings=[{"containerPort": 80}]),
        networkMode="awsvpc",
        timeout=20,
    )
    assert task["lastStatus"] == "RUNNING"
    [interface] = container(task, "web")["networkInterfaces"]
    address = interface["privateIpv4Address"]
    assert get(80, host=address) == task["taskArn"].rsplit("/", 1)[1]
    assert container(task, "web")["networkBindings"] == []


def test_host_and_none_network_modes(sim, ecs, run) -> None:
    port = [{"name": "PORT", "value": "28081"}]
    host = run(web(environment=port, portMappings=[{"containerPort": 28081}]), networkMode="host")
    assert container(host, "web")["networkBindings"][0]["hostPort"] == 28081
    assert get(28081) == host["taskArn"].rsplit("/", 1)[1]
    alone = run(web(), networkMode="none", family="alone")
    assert alone["lastStatus"] == "RUNNING" and container(alone, "web")["networkBindings"] == []


def test_a_daemon_service_runs_one_task_per_docker_instance(sim, ecs) -> None:
    sim.launch_instances("lab", agent="docker")
    ecs.register_task_definition(family="agentd", containerDefinitions=[worker("d", sleep=60)])
    ecs.create_service(
        cluster="lab", serviceName="agentd", taskDefinition="agentd", schedulingStrategy="DAEMON"
    )

    def hosts() -> list[str]:
        tasks = sim.region_state().tasks.values()
        return [t.container_instance_arn for t in tasks if t.last_status == "RUNNING"]

    assert wait_until(sim, lambda: len(hosts()) == 2, 10)
    assert len(set(hosts())) == 2


def test_a_docker_instance_registers_the_hosts_resources(sim, engine) -> None:
    [instance] = sim.region_state().instances.values()
    info = engine.info()
    assert instance.registered("CPU") == info["NCPU"] * 1024
    assert instance.registered("MEMORY") == info["MemTotal"] // (1024 * 1024)


def test_without_an_engine_the_agent_says_how_to_get_one(monkeypatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    with pytest.raises(DockerUnavailable, match=r"sudo apt-get install docker\.io"):
        Simulation().launch_instances(agent="docker")


def test_a_terminated_docker_instance_takes_its_containers_along(sim, engine, run) -> None:
    task = run(worker("app", sleep=60))
    docker_id = container(task, "app")["runtimeId"]
    sim.terminate_instance(task["containerInstanceArn"])
    sim.advance(docker_agent.POLL_SECONDS)
    assert not engine.api.containers(all=True, filters={"id": docker_id})


def test_building_the_images_again_is_a_no_op(engine) -> None:
    from ecslearn import images

    outcome = images.build(engine)
    assert set(outcome.values()) == {"up to date"}
    assert {"ecslearn/web:1", "ecslearn/worker:1", "ecslearn/flaky:1"} <= set(outcome)
    web_image = engine.images.get("ecslearn/web:1")
    assert web_image.labels["ecslearn.image"] == "ecslearn/web:1"


def test_secrets_reach_the_container_as_environment_variables(sim, ecs, engine, run) -> None:
    sim.client("ssm").put_parameter(Name="/lab/token", Value="s3cret", Type="SecureString")
    task = run(
        worker(
            "app",
            sleep=30,
            environment=[{"name": "TOKEN", "value": "plain"}],
            secrets=[{"name": "TOKEN", "valueFrom": "/lab/token"}],
        ),
        executionRoleArn="arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    )
    assert task["lastStatus"] == "RUNNING"
    app = engine.api.inspect_container(container(task, "app")["runtimeId"])
    assert "TOKEN=s3cret" in app["Config"]["Env"] and "TOKEN=plain" not in app["Config"]["Env"]
    assert sim.container_environment(task["taskArn"], "app")["TOKEN"] == "s3cret"
