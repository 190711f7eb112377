"""A task is a Pod: a REPLICA service is a Deployment, a DAEMON service a DaemonSet, ports are
a Service, and every manifest passes Kubernetes' own schemas."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecslearn.export import kubernetes
from ecslearn.model.builders import container, health_check, task_definition
from ecslearn.model.service import DeploymentConfiguration, Service
from ecslearn.model.task_definition import PlacementConstraint
from tests.export.conftest import FIXTURES, fixture_definition, kubernetes_problems

WEB = task_definition(
    "web_app",
    container(
        "web",
        "nginx",
        memory=512,
        memory_reservation=256,
        cpu=512,
        ports=["8080:80"],
        health=health_check("curl -f localhost", interval=10, retries=2, start_period=25),
        entry_point=["nginx"],
        command=["-g", "daemon off;"],
        environment={"MODE": "prod"},
        stop_timeout=45,
        labels={"team": "a"},
    ),
)


def replica_service(desired: int, minimum: int, maximum: int, **extra) -> Service:
    return Service(
        service_name="web",
        desired_count=desired,
        scheduling_strategy="REPLICA",
        deployment_configuration=DeploymentConfiguration(
            minimum_healthy_percent=minimum, maximum_percent=maximum
        ),
        **extra,
    )


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_every_aws_doc_task_definition_becomes_manifests_kubernetes_accepts(path: Path) -> None:
    for manifest in kubernetes.manifests(fixture_definition(path)):
        assert kubernetes_problems(manifest) == ""


def test_a_replica_service_is_a_deployment_whose_rolling_update_keeps_ecs_bounds() -> None:
    deployment, service = kubernetes.manifests(WEB, service=replica_service(4, 50, 150))
    assert kubernetes_problems(deployment) == "" and kubernetes_problems(service) == ""
    assert deployment["kind"] == "Deployment" and deployment["metadata"]["name"] == "web"
    assert deployment["spec"]["replicas"] == 4
    # ECS keeps >= ceil(4 * 50%) = 2 running and <= floor(4 * 150%) = 6 in all.
    assert deployment["spec"]["strategy"]["rollingUpdate"] == {
        "maxUnavailable": "50%",
        "maxSurge": 2,
    }


def test_ecs_defaults_of_100_and_200_percent_mean_no_unavailable_pods_and_a_full_surge() -> None:
    deployment, _ = kubernetes.manifests(WEB, service=replica_service(3, 100, 200))
    assert deployment["spec"]["strategy"]["rollingUpdate"] == {
        "maxUnavailable": "0%",
        "maxSurge": 3,
    }


def test_a_daemon_service_is_a_daemonset() -> None:
    daemon = Service(service_name="agent", scheduling_strategy="DAEMON")
    workload = kubernetes.manifests(WEB, service=daemon)[0]
    assert workload["kind"] == "DaemonSet" and "replicas" not in workload["spec"]
    assert kubernetes_problems(workload) == ""


def test_ports_become_a_cluster_ip_service_on_the_published_port() -> None:
    service = kubernetes.manifests(WEB)[1]
    assert service["kind"] == "Service"
    assert service["spec"]["ports"] == [
        {"name": "web-80-tcp", "port": 8080, "targetPort": 80, "protocol": "TCP"}
    ]
    assert service["spec"]["selector"] == {"app.kubernetes.io/name": "web-app"}


def test_the_container_keeps_entrypoint_command_env_resources_and_probes() -> None:
    pod = kubernetes.manifests(WEB)[0]["spec"]["template"]
    web = pod["spec"]["containers"][0]
    assert (web["command"], web["args"]) == (["nginx"], ["-g", "daemon off;"])
    assert web["env"] == [{"name": "MODE", "value": "prod"}]
    assert web["ports"] == [{"containerPort": 80, "protocol": "TCP", "hostPort": 8080}]
    assert web["resources"] == {
        "requests": {"cpu": "500m", "memory": "256Mi"},
        "limits": {"memory": "512Mi"},
    }
    assert web["livenessProbe"] == {
        "exec": {"command": ["sh", "-c", "curl -f localhost"]},
        "periodSeconds": 10,
        "timeoutSeconds": 5,
        "failureThreshold": 2,
    }
    # ceil(25 s start period / 10 s interval) = 3 grace checks, then the 2 retries.
    assert web["startupProbe"]["failureThreshold"] == 5
    assert pod["spec"]["terminationGracePeriodSeconds"] == 45
    assert pod["metadata"]["annotations"]["team"] == "a"


def test_one_vcpu_of_shares_is_a_thousand_millicores() -> None:
    assert kubernetes.millicores(1024) == "1000m"
    assert kubernetes.millicores(256) == "250m"


def test_containers_waited_on_to_finish_become_init_containers_in_order() -> None:
    td = task_definition(
        "app",
        container("fetch", "busybox", memory=64, essential=False),
        container("migrate", "flyway", memory=64, essential=False, depends_on={"fetch": "SUCCESS"}),
        container("db", "postgres", memory=64, health="pg_isready"),
        container("web", "nginx", memory=64, depends_on={"migrate": "COMPLETE", "db": "HEALTHY"}),
    )
    deployment = kubernetes.manifests(td)[0]
    spec = deployment["spec"]["template"]["spec"]
    assert [c["name"] for c in spec["initContainers"]] == ["fetch", "migrate"]
    assert [c["name"] for c in spec["containers"]] == ["db", "web"]
    notes = deployment["spec"]["template"]["metadata"]["annotations"]
    assert '"db": "HEALTHY"' in notes["ecs.amazonaws.com/depends-on"]
    assert kubernetes_problems(deployment) == ""


def test_host_network_mode_is_host_network_and_distinct_instance_is_pod_anti_affinity() -> None:
    td = task_definition("node", container("exporter", "node-exporter", memory=64, ports=[9100]))
    td.network_mode = "host"
    service = replica_service(
        2, 50, 100, placement_constraints=[PlacementConstraint(type="distinctInstance")]
    )
    deployment = kubernetes.manifests(td, service=service)[0]
    spec = deployment["spec"]["template"]["spec"]
    assert spec["hostNetwork"] is True
    term = spec["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0]
    assert term["topologyKey"] == "kubernetes.io/hostname"
    assert kubernetes_problems(deployment) == ""


def test_replicas_without_a_service_default_to_one_and_can_be_given() -> None:
    assert kubernetes.manifests(WEB)[0]["spec"]["replicas"] == 1
    assert kubernetes.manifests(WEB, replicas=5)[0]["spec"]["replicas"] == 5


def test_ecs_names_become_distinct_dns_labels() -> None:
    td = task_definition(
        "App", container("web_1", "a", memory=64), container("web-1", "b", memory=64)
    )
    deployment = kubernetes.manifests(td)[0]
    names = [c["name"] for c in deployment["spec"]["template"]["spec"]["containers"]]
    assert names == ["web-1", "web-1-2"]
    assert deployment["metadata"]["name"] == "app"
    assert kubernetes_problems(deployment) == ""


def test_100_and_100_percent_cannot_roll_in_either_system_so_one_extra_pod_is_allowed() -> None:
    deployment, _ = kubernetes.manifests(WEB, service=replica_service(2, 100, 100))
    assert deployment["spec"]["strategy"]["rollingUpdate"] == {
        "maxUnavailable": "0%",
        "maxSurge": 1,
    }
    assert kubernetes_problems(deployment) == ""
