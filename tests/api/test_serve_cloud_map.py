"""AWS Cloud Map over `ecslearn serve`: every Cloud Map operation ecslearn simulates round-trips
through a stock boto3 client pointed at the server (botocore speaks JSON 1.1 to Cloud Map, with
``X-Amz-Target: Route53AutoNaming_v20170314.<Operation>``), and through the AWS CLI
(``aws servicediscovery ... --endpoint-url``)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ecslearn import Simulation
from tests.api.test_serve import Server, aws, launch
from tests.api.test_serve_ec2 import SENT, client, wait_for


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fast server: 100 simulated seconds a wall second, so namespaces appear in a blink."""
    running = launch(tmp_path_factory.mktemp("serve-cloud-map"), "--speed", "100")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def test_every_cloud_map_operation_round_trips_over_http(server: Server) -> None:
    sd, ec2 = client(server, "servicediscovery"), client(server, "ec2")
    vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
    op = sd.create_private_dns_namespace(Name="shop.local", Vpc=vpc)["OperationId"]
    http_op = sd.create_http_namespace(Name="shop-api")["OperationId"]
    sd.create_public_dns_namespace(Name="example.com")
    wait_for(lambda: sd.get_operation(OperationId=op)["Operation"]["Status"] == "SUCCESS", 30)
    wait_for(lambda: sd.get_operation(OperationId=http_op)["Operation"]["Status"] == "SUCCESS")
    namespace_id = sd.get_operation(OperationId=op)["Operation"]["Targets"]["NAMESPACE"]
    assert sd.get_namespace(Id=namespace_id)["Namespace"]["Name"] == "shop.local"
    assert sd.list_operations()["Operations"]
    assert {n["Name"] for n in sd.list_namespaces()["Namespaces"]} >= {"shop.local", "shop-api"}
    service = sd.create_service(
        Name="api",
        NamespaceId=namespace_id,
        DnsConfig={"DnsRecords": [{"Type": "A", "TTL": 10}]},
        HealthCheckCustomConfig={"FailureThreshold": 1},
    )["Service"]
    assert sd.get_service(Id=service["Id"])["Service"]["Type"] == "DNS_HTTP"
    assert [s["Name"] for s in sd.list_services()["Services"]] == ["api"]
    sd.register_instance(
        ServiceId=service["Id"], InstanceId="i1", Attributes={"AWS_INSTANCE_IPV4": "10.0.0.1"}
    )
    assert sd.get_instance(ServiceId=service["Id"], InstanceId="i1")["Instance"]["Id"] == "i1"
    assert len(sd.list_instances(ServiceId=service["Id"])["Instances"]) == 1
    # DiscoverInstances' endpoint has the host prefix "data-" (data-servicediscovery...): with
    # an endpoint URL on an IP address the client must not prefix it.
    discovery = client(server, "servicediscovery", inject_host_prefix=False)
    found = discovery.discover_instances(NamespaceName="shop.local", ServiceName="api")["Instances"]
    assert found[0]["Attributes"]["AWS_INSTANCE_IPV4"] == "10.0.0.1"
    sd.update_instance_custom_health_status(
        ServiceId=service["Id"], InstanceId="i1", Status="HEALTHY"
    )
    assert sd.get_instances_health_status(ServiceId=service["Id"])["Status"] == {"i1": "HEALTHY"}
    sd.tag_resource(ResourceARN=service["Arn"], Tags=[{"Key": "team", "Value": "a"}])
    assert sd.list_tags_for_resource(ResourceARN=service["Arn"])["Tags"][0]["Key"] == "team"
    sd.untag_resource(ResourceARN=service["Arn"], TagKeys=["team"])
    sd.deregister_instance(ServiceId=service["Id"], InstanceId="i1")
    sd.delete_service(Id=service["Id"])
    with pytest.raises(sd.exceptions.ServiceNotFound):
        sd.get_service(Id=service["Id"])
    sd.delete_namespace(Id=namespace_id)
    with pytest.raises(sd.exceptions.NamespaceNotFound):
        sd.get_namespace(Id="ns-aaaaaaaaaaaaaaaa")
    dispatcher = Simulation().world.dispatcher
    assert set(dispatcher.implemented("servicediscovery")) <= SENT["servicediscovery"]


def test_the_aws_cli_creates_a_namespace_and_waits_for_its_operation(server: Server) -> None:
    made = aws(server, "create-http-namespace", "--name", "cli-ns", service="servicediscovery")
    assert made.returncode == 0, made.stderr
    op = json.loads(made.stdout)["OperationId"]

    def status() -> str:
        shown = aws(server, "get-operation", "--operation-id", op, service="servicediscovery")
        assert shown.returncode == 0, shown.stderr
        return json.loads(shown.stdout)["Operation"]["Status"]

    wait_for(lambda: status() == "SUCCESS", 30)
    listed = aws(server, "list-namespaces", service="servicediscovery")
    assert "cli-ns" in [n["Name"] for n in json.loads(listed.stdout)["Namespaces"]]
    missing = aws(server, "get-namespace", "--id", "ns-nope", service="servicediscovery")
    assert missing.returncode != 0 and "NamespaceNotFound" in missing.stderr
    by_namespace = aws(server, "list-services-by-namespace", "--namespace", "cli-ns")
    assert by_namespace.returncode == 0, by_namespace.stderr
    assert json.loads(by_namespace.stdout)["serviceArns"] == []  # no ECS service uses it yet


def test_the_aws_cli_discovers_instances_without_the_data_host_prefix(server: Server) -> None:
    """DiscoverInstances' endpoint is ``data-servicediscovery...``: against an endpoint URL on
    an IP address, botocore's AWS_DISABLE_HOST_PREFIX_INJECTION keeps the host as given."""
    sd = client(server, "servicediscovery")
    op = sd.create_http_namespace(Name="cli-discovery")["OperationId"]
    wait_for(lambda: sd.get_operation(OperationId=op)["Operation"]["Status"] == "SUCCESS", 30)
    namespace_id = sd.get_operation(OperationId=op)["Operation"]["Targets"]["NAMESPACE"]
    service_id = sd.create_service(Name="web", NamespaceId=namespace_id)["Service"]["Id"]
    sd.register_instance(ServiceId=service_id, InstanceId="w1", Attributes={"color": "blue"})
    found = aws(
        server,
        "discover-instances",
        "--namespace-name",
        "cli-discovery",
        "--service-name",
        "web",
        service="servicediscovery",
        more_env={"AWS_DISABLE_HOST_PREFIX_INJECTION": "true"},
    )
    assert found.returncode == 0, found.stderr
    instances = json.loads(found.stdout)["Instances"]
    assert [(i["InstanceId"], i["Attributes"]) for i in instances] == [("w1", {"color": "blue"})]
