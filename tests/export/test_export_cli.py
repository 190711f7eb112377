"""`ecslearn export` reads a RegisterTaskDefinition JSON and prints what each world takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from ecslearn.cli import main
from tests.export.conftest import FIXTURES, botocore_problems, kubernetes_problems

WORDPRESS = next(p for p in FIXTURES if p.stem == "wordpress_mysql_links")


def test_export_ecs_prints_a_register_task_definition_request(capsys) -> None:
    assert main(["export", "ecs", "--task-definition", str(WORDPRESS)]) == 0
    request = json.loads(capsys.readouterr().out)
    assert request["family"] == "hello_world"
    assert botocore_problems(request, "RegisterTaskDefinition") == ""


def test_export_ecs_with_a_service_prints_a_create_service_request(tmp_path, capsys) -> None:
    service = tmp_path / "service.json"
    service.write_text(
        json.dumps({"serviceName": "web", "taskDefinition": "hello_world:1", "desiredCount": 2})
    )
    args = ["export", "ecs", "--task-definition", str(WORDPRESS), "--service", str(service)]
    assert main(args) == 0
    request = json.loads(capsys.readouterr().out)
    assert request == {"serviceName": "web", "taskDefinition": "hello_world:1", "desiredCount": 2}
    assert botocore_problems(request, "CreateService") == ""


def test_export_compose_writes_a_compose_file_with_a_service_per_container(
    tmp_path: Path, capsys
) -> None:
    out = tmp_path / "compose.yaml"
    assert main(["export", "compose", "--task-definition", str(WORDPRESS), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    services = yaml.safe_load(out.read_text())["services"]
    assert set(services) == {"wordpress", "mysql"}
    assert services["wordpress"]["links"] == ["mysql"]


def test_export_kubernetes_prints_a_deployment_and_a_service(capsys) -> None:
    assert main(["export", "kubernetes", "--task-definition", str(WORDPRESS)]) == 0
    documents = list(yaml.safe_load_all(capsys.readouterr().out))
    assert [d["kind"] for d in documents] == ["Deployment", "Service"]
    assert all(kubernetes_problems(d) == "" for d in documents)


def test_compose_import_turns_a_compose_file_into_a_register_request(
    tmp_path: Path, capsys
) -> None:
    source = tmp_path / "compose.yaml"
    source.write_text("services:\n  web:\n    image: nginx\n    ports: ['8080:80']\n")
    assert main(["export", "compose-import", str(source), "--family", "web"]) == 0
    request = json.loads(capsys.readouterr().out)
    assert request["containerDefinitions"][0]["portMappings"] == [
        {"containerPort": 80, "hostPort": 8080, "protocol": "tcp"}
    ]
    assert botocore_problems(request, "RegisterTaskDefinition") == ""


def test_export_without_a_task_definition_says_what_is_missing(capsys) -> None:
    assert main(["export", "compose"]) == 2
    assert "--task-definition" in capsys.readouterr().err


def test_export_help_teaches_what_maps_to_what(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = capsys.readouterr().out
    phrases = ("mem_reservation", "DaemonSet", "maxUnavailable", "No equivalent", "1000m")
    for phrase in (*phrases, "CloudFormation template", "--endpoint URL"):
        assert phrase in text


# -- cloudformation: a whole world, from a saved state or a running `ecslearn serve` ------------
def saved_shop(path: Path) -> dict:
    """Save a world with a Fargate service in it; return that world's own template."""
    from ecslearn import Simulation
    from ecslearn.export import cloudformation
    from tests.export.cfn_worlds import service_connect

    sim = Simulation(seed=5)
    try:
        service_connect(sim)
        sim.client().register_task_definition(
            family="batch", containerDefinitions=[{"name": "job", "image": "busybox", "memory": 64}]
        )
        sim.save(path)
        return cloudformation.template(sim, ["batch"])
    finally:
        sim.close()


def test_export_cloudformation_from_a_saved_world_writes_that_worlds_template(
    tmp_path: Path, capsys
) -> None:
    from tests.export.cfn_check import lint_findings

    state, out = tmp_path / "world.json", tmp_path / "template.yaml"
    expected = saved_shop(state)
    args = ["export", "cloudformation", "--state", str(state), "--include", "batch", "-o", str(out)]
    assert main(args) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    written = yaml.safe_load(out.read_text())
    assert written == expected
    assert {"ServiceApi", "ServiceWeb", "TaskDefinitionBatch"} <= set(written["Resources"])
    assert lint_findings(written) == []


def test_export_cloudformation_writes_json_when_the_output_file_says_so(tmp_path: Path) -> None:
    state, out = tmp_path / "world.json", tmp_path / "template.json"
    saved_shop(state)
    assert main(["export", "cloudformation", "--state", str(state), "-o", str(out)]) == 0
    template = json.loads(out.read_text())
    assert template["Resources"]["ClusterShop"]["Type"] == "AWS::ECS::Cluster"


def test_export_cloudformation_needs_a_state_or_an_endpoint(capsys) -> None:
    assert main(["export", "cloudformation"]) == 2
    assert "--state FILE or --endpoint URL" in capsys.readouterr().err


def test_export_cloudformation_reads_a_running_server_through_its_describe_answers(
    tmp_path: Path, capsys
) -> None:
    from tests.api.test_serve import launch

    server = launch(tmp_path, "--speed", "50")
    try:
        ecs = server.client()
        ecs.create_cluster(clusterName="demo")
        ecs.register_task_definition(
            family="web", containerDefinitions=[{"name": "web", "image": "nginx", "memory": 64}]
        )
        ecs.create_service(cluster="demo", serviceName="web", taskDefinition="web", desiredCount=0)
        assert main(["export", "cloudformation", "--endpoint", server.url]) == 0
    finally:
        server.stop()
    template = yaml.safe_load(capsys.readouterr().out)
    service = template["Resources"]["ServiceWeb"]["Properties"]
    assert service["Cluster"] == {"Ref": "ClusterDemo"}
    assert service["TaskDefinition"] == {"Ref": "TaskDefinitionWeb"}
