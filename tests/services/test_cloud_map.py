"""AWS Cloud Map through a stock boto3 client: namespaces made by operations that finish over
virtual time, services with DNS records and custom health checks, instances found by
DiscoverInstances, and Cloud Map's own errors."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecslearn import Simulation
from tests.conftest import error_code, error_message


@pytest.fixture
def sd(sim: Simulation) -> Any:
    return sim.client("servicediscovery")


def vpc_of(sim: Simulation) -> str:
    return sim.client("ec2").describe_vpcs()["Vpcs"][0]["VpcId"]


def namespace(sim: Simulation, sd: Any, name: str = "shop.local", http: bool = False) -> str:
    """A namespace whose creation has finished: its ID."""
    if http:
        op = sd.create_http_namespace(Name=name)["OperationId"]
    else:
        op = sd.create_private_dns_namespace(Name=name, Vpc=vpc_of(sim))["OperationId"]
    sim.run_until_stable()
    return sd.get_operation(OperationId=op)["Operation"]["Targets"]["NAMESPACE"]


def service(sd: Any, namespace_id: str, name: str = "api", **more: Any) -> dict[str, Any]:
    more.setdefault("DnsConfig", {"DnsRecords": [{"Type": "A", "TTL": 10}]})
    return sd.create_service(Name=name, NamespaceId=namespace_id, **more)["Service"]


def test_a_namespace_operation_is_submitted_then_pending_then_succeeds_over_virtual_time(
    sim: Simulation, sd: Any
) -> None:
    op_id = sd.create_private_dns_namespace(Name="shop.local", Vpc=vpc_of(sim))["OperationId"]
    operation = sd.get_operation(OperationId=op_id)["Operation"]
    assert operation["Status"] == "SUBMITTED" and operation["Type"] == "CREATE_NAMESPACE"
    sim.advance(2)
    assert sd.get_operation(OperationId=op_id)["Operation"]["Status"] == "PENDING"
    namespace_id = operation["Targets"]["NAMESPACE"]
    with pytest.raises(ClientError) as refused:
        sd.get_namespace(Id=namespace_id)
    assert error_code(refused) == "NamespaceNotFound"
    assert error_message(refused) == "Namespace not found"
    sim.run_until_stable()
    assert sd.get_operation(OperationId=op_id)["Operation"]["Status"] == "SUCCESS"
    found = sd.get_namespace(Id=namespace_id)["Namespace"]
    assert found["Name"] == "shop.local" and found["Type"] == "DNS_PRIVATE"
    assert found["Id"].startswith("ns-") and ":namespace/ns-" in found["Arn"]
    assert found["Properties"]["DnsProperties"]["HostedZoneId"].startswith("Z")
    assert found["Properties"]["HttpProperties"]["HttpName"] == "shop.local"


def test_an_http_namespace_is_quicker_than_a_private_dns_one(sim: Simulation, sd: Any) -> None:
    http = sd.create_http_namespace(Name="api")["OperationId"]
    dns = sd.create_private_dns_namespace(Name="dns.local", Vpc=vpc_of(sim))["OperationId"]
    sim.advance(10)
    assert sd.get_operation(OperationId=http)["Operation"]["Status"] == "SUCCESS"
    assert sd.get_operation(OperationId=dns)["Operation"]["Status"] == "PENDING"
    listed = sd.list_namespaces()["Namespaces"]
    assert [n["Name"] for n in listed] == ["api"]


def test_list_operations_filters_by_status_and_type(sim: Simulation, sd: Any) -> None:
    done = sd.create_http_namespace(Name="done")["OperationId"]
    sim.run_until_stable()
    waiting = sd.create_http_namespace(Name="waiting")["OperationId"]
    pending = sd.list_operations(Filters=[{"Name": "STATUS", "Values": ["SUBMITTED"]}])
    assert [o["Id"] for o in pending["Operations"]] == [waiting]
    created = sd.list_operations(
        Filters=[{"Name": "TYPE", "Values": ["CREATE_NAMESPACE"], "Condition": "EQ"}]
    )
    assert {o["Id"] for o in created["Operations"]} == {done, waiting}
    with pytest.raises(ClientError) as refused:
        sd.get_operation(OperationId="nope")
    assert error_code(refused) == "OperationNotFound"


def test_a_taken_namespace_name_is_namespace_already_exists(sim: Simulation, sd: Any) -> None:
    namespace(sim, sd, "shop", http=True)
    with pytest.raises(ClientError) as refused:
        sd.create_http_namespace(Name="shop")
    assert error_code(refused) == "NamespaceAlreadyExists"


def test_a_private_dns_namespace_needs_a_vpc_that_exists(sd: Any) -> None:
    with pytest.raises(ClientError) as refused:
        sd.create_private_dns_namespace(Name="x.local", Vpc="vpc-0000000000000000")
    assert error_code(refused) == "InvalidInput"


def test_a_service_with_an_a_record_in_a_dns_namespace_is_dns_http(
    sim: Simulation, sd: Any
) -> None:
    namespace_id = namespace(sim, sd)
    made = service(sd, namespace_id)
    assert made["Id"].startswith("srv-") and made["Type"] == "DNS_HTTP"
    assert made["DnsConfig"]["RoutingPolicy"] == "MULTIVALUE"
    assert sd.get_namespace(Id=namespace_id)["Namespace"]["ServiceCount"] == 1
    listed = sd.list_services(Filters=[{"Name": "NAMESPACE_ID", "Values": [namespace_id]}])
    assert [s["Name"] for s in listed["Services"]] == ["api"]


def test_an_http_namespace_service_has_no_dns_records(sim: Simulation, sd: Any) -> None:
    namespace_id = namespace(sim, sd, "shop", http=True)
    with pytest.raises(ClientError) as refused:
        service(sd, namespace_id)
    assert error_code(refused) == "InvalidInput"
    assert sd.create_service(Name="api", NamespaceId=namespace_id)["Service"]["Type"] == "HTTP"


def test_service_names_are_unique_in_a_namespace(sim: Simulation, sd: Any) -> None:
    namespace_id = namespace(sim, sd)
    service(sd, namespace_id)
    with pytest.raises(ClientError) as refused:
        service(sd, namespace_id)
    assert error_code(refused) == "ServiceAlreadyExists"


def test_a_service_in_a_missing_namespace_is_namespace_not_found(sd: Any) -> None:
    with pytest.raises(ClientError) as refused:
        sd.create_service(Name="api", NamespaceId="ns-aaaaaaaaaaaaaaaa")
    assert error_code(refused) == "NamespaceNotFound"


def test_an_a_record_instance_needs_an_ipv4_address(sim: Simulation, sd: Any) -> None:
    made = service(sd, namespace(sim, sd))
    with pytest.raises(ClientError) as refused:
        sd.register_instance(ServiceId=made["Id"], InstanceId="i1", Attributes={"x": "y"})
    assert error_code(refused) == "InvalidInput"
    assert "AWS_INSTANCE_IPV4" in error_message(refused)


def test_registered_instances_are_discovered_by_namespace_and_service_name(
    sim: Simulation, sd: Any
) -> None:
    made = service(sd, namespace(sim, sd))
    for index, color in enumerate(("blue", "green")):
        sd.register_instance(
            ServiceId=made["Id"],
            InstanceId=f"i{index}",
            Attributes={"AWS_INSTANCE_IPV4": f"10.0.0.{index + 1}", "color": color},
        )
    found = sd.discover_instances(NamespaceName="shop.local", ServiceName="api")
    assert [i["InstanceId"] for i in found["Instances"]] == ["i0", "i1"]
    assert {i["HealthStatus"] for i in found["Instances"]} == {"UNKNOWN"}
    green = sd.discover_instances(
        NamespaceName="shop.local", ServiceName="api", QueryParameters={"color": "green"}
    )
    assert [i["InstanceId"] for i in green["Instances"]] == ["i1"]
    assert sd.get_instance(ServiceId=made["Id"], InstanceId="i1")["Instance"]["Attributes"] == {
        "AWS_INSTANCE_IPV4": "10.0.0.2",
        "color": "green",
    }
    with pytest.raises(ClientError) as refused:
        sd.discover_instances(NamespaceName="nowhere", ServiceName="api")
    assert error_code(refused) == "NamespaceNotFound"
    with pytest.raises(ClientError) as refused:
        sd.discover_instances(NamespaceName="shop.local", ServiceName="web")
    assert error_code(refused) == "ServiceNotFound"


def test_an_unhealthy_custom_status_hides_the_instance_after_30_seconds(
    sim: Simulation, sd: Any
) -> None:
    made = service(sd, namespace(sim, sd), HealthCheckCustomConfig={"FailureThreshold": 1})
    sd.register_instance(
        ServiceId=made["Id"], InstanceId="i1", Attributes={"AWS_INSTANCE_IPV4": "10.0.0.1"}
    )
    sd.update_instance_custom_health_status(
        ServiceId=made["Id"], InstanceId="i1", Status="UNHEALTHY"
    )
    assert sd.get_instances_health_status(ServiceId=made["Id"])["Status"] == {"i1": "HEALTHY"}
    sim.advance(30)
    assert sd.get_instances_health_status(ServiceId=made["Id"])["Status"] == {"i1": "UNHEALTHY"}
    found = sd.discover_instances(NamespaceName="shop.local", ServiceName="api")
    assert found["Instances"] == []
    every = sd.discover_instances(
        NamespaceName="shop.local", ServiceName="api", HealthStatus="HEALTHY_OR_ELSE_ALL"
    )
    assert [i["HealthStatus"] for i in every["Instances"]] == ["UNHEALTHY"]
    sd.update_instance_custom_health_status(ServiceId=made["Id"], InstanceId="i1", Status="HEALTHY")
    assert sd.get_instances_health_status(ServiceId=made["Id"])["Status"] == {"i1": "HEALTHY"}


def test_custom_health_needs_a_custom_health_check(sim: Simulation, sd: Any) -> None:
    made = service(sd, namespace(sim, sd))
    sd.register_instance(
        ServiceId=made["Id"], InstanceId="i1", Attributes={"AWS_INSTANCE_IPV4": "10.0.0.1"}
    )
    with pytest.raises(ClientError) as refused:
        sd.update_instance_custom_health_status(
            ServiceId=made["Id"], InstanceId="i1", Status="UNHEALTHY"
        )
    assert error_code(refused) == "CustomHealthNotFound"


def test_a_service_with_instances_and_a_namespace_with_services_are_in_use(
    sim: Simulation, sd: Any
) -> None:
    namespace_id = namespace(sim, sd)
    made = service(sd, namespace_id)
    sd.register_instance(
        ServiceId=made["Id"], InstanceId="i1", Attributes={"AWS_INSTANCE_IPV4": "10.0.0.1"}
    )
    for call in (
        lambda: sd.delete_service(Id=made["Id"]),
        lambda: sd.delete_namespace(Id=namespace_id),
    ):
        with pytest.raises(ClientError) as refused:
            call()
        assert error_code(refused) == "ResourceInUse"
    op = sd.deregister_instance(ServiceId=made["Id"], InstanceId="i1")["OperationId"]
    assert sd.get_operation(OperationId=op)["Operation"]["Type"] == "DEREGISTER_INSTANCE"
    with pytest.raises(ClientError) as refused:
        sd.get_instance(ServiceId=made["Id"], InstanceId="i1")
    assert error_code(refused) == "InstanceNotFound"
    sd.delete_service(Id=made["Id"])
    deleting = sd.delete_namespace(Id=namespace_id)["OperationId"]
    sim.run_until_stable()
    assert sd.get_operation(OperationId=deleting)["Operation"]["Status"] == "SUCCESS"
    assert sd.list_namespaces()["Namespaces"] == []


def test_namespaces_and_services_take_tags(sim: Simulation, sd: Any) -> None:
    made = service(sd, namespace(sim, sd), Tags=[{"Key": "team", "Value": "a"}])
    sd.tag_resource(ResourceARN=made["Arn"], Tags=[{"Key": "env", "Value": "dev"}])
    sd.untag_resource(ResourceARN=made["Arn"], TagKeys=["team"])
    assert sd.list_tags_for_resource(ResourceARN=made["Arn"])["Tags"] == [
        {"Key": "env", "Value": "dev"}
    ]
    missing = made["Arn"].replace(made["Id"], "srv-aaaaaaaaaaaaaaaa")
    with pytest.raises(ClientError) as refused:
        sd.list_tags_for_resource(ResourceARN=missing)
    assert error_code(refused) == "ResourceNotFoundException"


def test_a_save_mid_operation_loads_and_finishes_the_namespace(
    sim: Simulation, sd: Any, tmp_path: Any
) -> None:
    op_id = sd.create_private_dns_namespace(Name="shop.local", Vpc=vpc_of(sim))["OperationId"]
    sim.advance(5)
    sim.save(tmp_path / "world.json")
    loaded = Simulation.load(tmp_path / "world.json", strict=True)
    again = loaded.client("servicediscovery")
    assert again.get_operation(OperationId=op_id)["Operation"]["Status"] == "PENDING"
    loaded.run_until_stable()
    assert again.get_operation(OperationId=op_id)["Operation"]["Status"] == "SUCCESS"
    assert [n["Name"] for n in again.list_namespaces()["Namespaces"]] == ["shop.local"]
