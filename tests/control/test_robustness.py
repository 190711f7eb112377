"""Issue 15: checks at the door, a scheduler that cannot die, AWS's own error text."""

from __future__ import annotations

import pytest

from ecslearn import Simulation, explain
from ecslearn.control.services import reconcile
from tests.conftest import error_code, error_message


@pytest.fixture
def web(sim: Simulation, ecs):
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", 3)
    ecs.register_task_definition(
        family="web", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 128}]
    )
    return ecs


def _refused(call, code: str = "InvalidParameterException") -> str:
    with pytest.raises(Exception) as err:
        call()
    assert error_code(err) == code
    return error_message(err)


@pytest.mark.parametrize(
    "extra",
    [
        {"placementStrategy": [{"field": "memory"}]},
        {"placementConstraints": [{"expression": "attribute:ecs.instance-type == t3.small"}]},
    ],
)
def test_strategies_and_constraints_without_a_type_are_refused_at_the_door(web, extra) -> None:
    _refused(
        lambda: web.create_service(
            cluster="web", serviceName="bad", taskDefinition="web", desiredCount=1, **extra
        )
    )
    web.create_service(cluster="web", serviceName="ok", taskDefinition="web", desiredCount=1)
    _refused(lambda: web.update_service(cluster="web", service="ok", **extra))
    _refused(lambda: web.run_task(cluster="web", taskDefinition="web", **extra))


@pytest.mark.parametrize("cpu", ["abc", "-100000", "0"])
def test_task_cpu_overrides_must_be_positive_numbers(web, cpu) -> None:
    _refused(lambda: web.run_task(cluster="web", taskDefinition="web", overrides={"cpu": cpu}))


def test_vcpu_overrides_are_units(web) -> None:
    task = web.run_task(cluster="web", taskDefinition="web", overrides={"cpu": "1 vCPU"})
    assert task["tasks"][0]["cpu"] == "1024"


def test_negative_container_memory_override_is_refused(web, sim: Simulation) -> None:
    override = {"containerOverrides": [{"name": "web", "memory": -1000}]}
    _refused(lambda: web.run_task(cluster="web", taskDefinition="web", overrides=override))
    instance = web.describe_container_instances(
        cluster="web",
        containerInstances=web.list_container_instances(cluster="web")["containerInstanceArns"][:1],
    )["containerInstances"][0]
    cpu = next(r for r in instance["remainingResources"] if r["name"] == "CPU")
    assert cpu["integerValue"] <= 2048


def test_resources_need_their_values(web) -> None:
    _refused(
        lambda: web.register_container_instance(
            cluster="web",
            instanceIdentityDocument='{"instanceId": "i-1"}',
            totalResources=[
                {"name": "MEMORY", "type": "INTEGER"},
                {"name": "CPU", "type": "INTEGER", "integerValue": 1024},
            ],
        ),
        "ClientException",
    )


def test_force_deregistered_service_tasks_are_orphaned_and_replaced(web, sim) -> None:
    web.create_service(cluster="web", serviceName="s", taskDefinition="web", desiredCount=1)
    assert sim.run_until_stable(600)
    arn = web.list_tasks(cluster="web")["taskArns"][0]
    task = web.describe_tasks(cluster="web", tasks=[arn])["tasks"][0]
    web.deregister_container_instance(
        cluster="web", containerInstance=task["containerInstanceArn"], force=True
    )
    assert sim.run_until_stable(600)
    service = web.describe_services(cluster="web", services=["s"])["services"][0]
    assert (service["runningCount"], service["desiredCount"]) == (1, 1)
    assert web.describe_tasks(cluster="web", tasks=[arn])["tasks"][0]["lastStatus"] == "RUNNING"
    web.delete_service(cluster="web", service="s", force=True)
    assert sim.run_until_stable(600)


def test_a_broken_service_does_not_stop_the_others(web, sim, monkeypatch) -> None:
    web.create_service(cluster="web", serviceName="good", taskDefinition="web", desiredCount=1)
    web.create_service(cluster="web", serviceName="bad", taskDefinition="web", desiredCount=1)
    assert sim.run_until_stable(600)
    real = reconcile.replica.reconcile

    def broken(world, state, service, facts):
        if service.service_name == "bad":
            raise RuntimeError("injected")
        return real(world, state, service, facts)

    monkeypatch.setattr(reconcile.replica, "reconcile", broken)
    good = web.list_tasks(cluster="web", serviceName="good")["taskArns"][0]
    web.stop_task(cluster="web", task=good)
    web.stop_task(
        cluster="web", task=web.list_tasks(cluster="web", serviceName="bad")["taskArns"][0]
    )
    sim.advance(60)
    replaced = web.list_tasks(cluster="web", serviceName="good")["taskArns"]
    assert replaced and replaced != [good]
    events = web.describe_services(cluster="web", services=["bad"])["services"][0]["events"]
    assert "injected" in events[0]["message"]
    ticks = [a for a in sim.world.queue.upcoming(50) if a.kind == "services.tick"]
    assert any(a.args["recurring"] for a in ticks)


def test_the_tick_survives_save_and_load(web, sim, tmp_path) -> None:
    web.create_service(cluster="web", serviceName="s", taskDefinition="web", desiredCount=1)
    sim.advance(30)
    # A simulation saved by an ecslearn that had lost its tick loads with it running again.
    queue = sim.world.queue
    queue.restore(queue.sequence, [a for a in queue.actions() if a.kind != "services.tick"])
    sim.save(tmp_path / "s.json")
    loaded = Simulation.load(tmp_path / "s.json", strict=True)
    ecs = loaded.client()
    ecs.stop_task(cluster="web", task=ecs.list_tasks(cluster="web")["taskArns"][0])
    assert loaded.run_until_stable(600)
    assert len(ecs.list_tasks(cluster="web")["taskArns"]) == 1


def test_answers_agree_with_aws(web) -> None:
    tags = [{"key": "a", "value": "b"}]
    ran = web.run_task(cluster="web", taskDefinition="web", tags=tags)["tasks"][0]
    assert ran["tags"] == tags
    described = web.describe_tasks(cluster="web", tasks=[ran["taskArn"]])["tasks"][0]
    assert "tags" not in described
    assert "tags" not in web.describe_clusters(clusters=["web"])["clusters"][0]
    service = web.create_service(
        cluster="web", serviceName="r", taskDefinition="web", desiredCount=0, role="ecsRole"
    )["service"]
    assert service["roleArn"].endswith(":role/ecsRole")
    assert "Remove one" in _refused(
        lambda: web.run_task(
            cluster="web",
            taskDefinition="web",
            launchType="EC2",
            capacityProviderStrategy=[{"capacityProvider": "x"}],
        )
    )
    _refused(
        lambda: web.create_service(
            cluster="web", serviceName="x", deploymentController={"type": "CODE_DEPLOY"}
        ),
        "InvalidParameterException",  # a CODE_DEPLOY service needs a task definition too
    )
    _refused(
        lambda: web.register_task_definition(
            family="f",
            requiresCompatibilities=["FARGATE"],
            networkMode="awsvpc",
            cpu="256",
            memory="512",
            pidMode="host",
            containerDefinitions=[{"name": "c", "image": "nginx"}],
        ),
        "ClientException",
    )
    _refused(
        lambda: web.list_tags_for_resource(
            resourceArn="arn:aws:ecs:us-east-1:123456789012:cluster/none"
        )
    )
    web.update_service(cluster="web", service="r", desiredCount=0)
    web.delete_service(cluster="web", service="r")
    assert "DRAINING" in _refused(lambda: web.delete_service(cluster="web", service="r"))


#: AWS's text for the errors issue 15 lists (sources in the raise sites' comments).
AWS_TEXT = {
    "cluster": "Cluster not found.",
    "service": "Service not found.",
    "daemon": (
        "The daemon scheduling strategy does not support a desired count for services. Remove "
        "the desired count value and try again"
    ),
    "revision": "Revision is missing.",
    "container": "Container.name should not be null or empty.",
}


def test_messages_are_aws_text(web) -> None:
    assert (
        _refused(
            lambda: web.describe_services(cluster="nope", services=["x"]),
            "ClusterNotFoundException",
        )
        == AWS_TEXT["cluster"]
    )
    assert (
        _refused(
            lambda: web.update_service(cluster="web", service="nope", desiredCount=1),
            "ServiceNotFoundException",
        )
        == AWS_TEXT["service"]
    )
    assert (
        _refused(
            lambda: web.create_service(
                cluster="web",
                serviceName="d",
                taskDefinition="web",
                schedulingStrategy="DAEMON",
                desiredCount=1,
            )
        )
        == AWS_TEXT["daemon"]
    )
    assert (
        _refused(lambda: web.deregister_task_definition(taskDefinition="web"), "ClientException")
        == AWS_TEXT["revision"]
    )
    assert (
        _refused(
            lambda: web.register_task_definition(
                family="f", containerDefinitions=[{"name": "", "image": "nginx", "memory": 128}]
            ),
            "ClientException",
        )
        == AWS_TEXT["container"]
    )


def test_explain_adds_guidance_in_both_languages() -> None:
    error = ("ClusterNotFoundException", "Cluster not found.")
    assert "create_cluster" in explain(error, "en")
    assert "클러스터" in explain(error, "ko")
    assert explain(("ClientException", "something else"), "en") is None
