"""`ecslearn.export.cloudformation.template(sim)`: what a learner built, as a CloudFormation
template that cfn-lint accepts and whose resources carry what the world had."""

from __future__ import annotations

from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.export import cloudformation, ecs_json
from tests.export.cfn_check import lint_findings, only, resources_of, world_template
from tests.export.cfn_worlds import WORLDS, web_container
from tests.export.conftest import FIXTURES, fixture_definition


@pytest.mark.parametrize("name", sorted(WORLDS))
def test_every_world_makes_a_template_cfn_lint_accepts_without_errors_or_warnings(
    name: str,
) -> None:
    assert lint_findings(world_template(name)) == []


# -- EC2 behind an Application Load Balancer, with target tracking ------------------------------
def test_the_service_keeps_its_desired_count_deployment_settings_and_target_group() -> None:
    body = world_template("ec2_behind_alb")
    _, service = only(body, "AWS::ECS::Service")
    assert service["ServiceName"] == "web"
    assert service["DesiredCount"] == 2
    assert service["LaunchType"] == "EC2"
    assert service["HealthCheckGracePeriodSeconds"] == 30
    assert service["DeploymentConfiguration"] == {
        "DeploymentCircuitBreaker": {"Enable": True, "Rollback": True},
        "MaximumPercent": 200,
        "MinimumHealthyPercent": 50,
    }
    group, _ = only(body, "AWS::ElasticLoadBalancingV2::TargetGroup")
    assert service["LoadBalancers"] == [
        {"TargetGroupArn": {"Ref": group}, "ContainerName": "web", "ContainerPort": 80}
    ]
    assert "PropagateTags" not in service  # NONE is said by leaving it out


def test_a_service_behind_a_listener_rule_depends_on_the_rule_that_forwards_to_it() -> None:
    body = world_template("ec2_behind_alb")
    rule, _ = only(body, "AWS::ElasticLoadBalancingV2::ListenerRule")
    [service] = resources_of(body, "AWS::ECS::Service").values()
    assert service["DependsOn"] == [rule]


def test_the_listener_rule_keeps_its_priority_condition_and_forward_action() -> None:
    body = world_template("ec2_behind_alb")
    listener, _ = only(body, "AWS::ElasticLoadBalancingV2::Listener")
    group, _ = only(body, "AWS::ElasticLoadBalancingV2::TargetGroup")
    _, rule = only(body, "AWS::ElasticLoadBalancingV2::ListenerRule")
    assert rule["ListenerArn"] == {"Ref": listener}
    assert rule["Priority"] == 10
    assert rule["Conditions"] == [
        {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/app/*"]}}
    ]
    assert rule["Actions"] == [{"Type": "forward", "TargetGroupArn": {"Ref": group}, "Order": 1}]


def test_the_listener_answers_404_by_default_on_the_load_balancer_it_belongs_to() -> None:
    body = world_template("ec2_behind_alb")
    lb, balancer = only(body, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    _, listener = only(body, "AWS::ElasticLoadBalancingV2::Listener")
    assert listener["LoadBalancerArn"] == {"Ref": lb}
    assert (listener["Port"], listener["Protocol"]) == (80, "HTTP")
    [action] = listener["DefaultActions"]
    assert action["FixedResponseConfig"]["StatusCode"] == "404"
    assert balancer["Subnets"] == {"Ref": "LoadBalancerSubnets"}
    assert body["Parameters"]["LoadBalancerSubnets"]["Type"] == "List<AWS::EC2::Subnet::Id>"


def test_the_target_group_keeps_its_health_check_and_lives_in_the_vpc_parameter() -> None:
    body = world_template("ec2_behind_alb")
    _, group = only(body, "AWS::ElasticLoadBalancingV2::TargetGroup")
    assert group["HealthCheckPath"] == "/health"
    assert group["HealthCheckIntervalSeconds"] == 10
    assert group["HealthyThresholdCount"] == 2
    assert group["VpcId"] == {"Ref": "VpcId"}
    assert body["Parameters"]["VpcId"]["Type"] == "AWS::EC2::VPC::Id"


def test_the_task_definition_keeps_its_containers_in_cloudformations_casing() -> None:
    body = world_template("ec2_behind_alb")
    logs, _ = only(body, "AWS::Logs::LogGroup")
    _, definition = only(body, "AWS::ECS::TaskDefinition")
    assert definition["Family"] == "web"
    [container] = definition["ContainerDefinitions"]
    assert container["PortMappings"] == [{"ContainerPort": 80, "HostPort": 0, "Protocol": "tcp"}]
    assert container["Environment"] == [{"Name": "STAGE", "Value": "prod"}]
    assert container["DockerLabels"] == {"com.example.team": "web"}  # the learner's keys stay
    assert container["LogConfiguration"]["Options"] == {
        "awslogs-group": {"Ref": logs},
        "awslogs-region": {"Ref": "AWS::Region"},
        "awslogs-stream-prefix": "web",
    }
    assert container["HealthCheck"]["Command"] == [
        "CMD-SHELL",
        "curl -f http://localhost/ || exit 1",
    ]


def test_the_execution_role_is_a_parameter_defaulting_to_the_learners_role_name() -> None:
    body = world_template("ec2_behind_alb")
    _, definition = only(body, "AWS::ECS::TaskDefinition")
    sub = definition["ExecutionRoleArn"]["Fn::Sub"]
    parameter = sub.rsplit("${", 1)[1].rstrip("}")
    assert sub.startswith("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/")
    assert body["Parameters"][parameter]["Default"] == "ecsTaskExecutionRole"


def test_the_log_group_keeps_its_retention() -> None:
    _, group = only(world_template("ec2_behind_alb"), "AWS::Logs::LogGroup")
    assert group == {"LogGroupName": "/ecs/web", "RetentionInDays": 14}


def test_instances_launched_one_by_one_become_a_fixed_group_that_joins_the_cluster() -> None:
    body = world_template("ec2_behind_alb")
    cluster, _ = only(body, "AWS::ECS::Cluster")
    launch, template = only(body, "AWS::EC2::LaunchTemplate")
    _, group = only(body, "AWS::AutoScaling::AutoScalingGroup")
    assert (group["MinSize"], group["MaxSize"], group["DesiredCapacity"]) == ("2", "2", "2")
    assert group["LaunchTemplate"]["LaunchTemplateId"] == {"Ref": launch}
    data = template["LaunchTemplateData"]
    assert data["InstanceType"] == "m5.large"
    assert f"ECS_CLUSTER=${{{cluster}}}" in data["UserData"]["Fn::Base64"]["Fn::Sub"]
    assert data["ImageId"] == {"Ref": "EcsAmiId"}
    ami = body["Parameters"]["EcsAmiId"]
    assert ami["Type"] == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"
    assert ami["Default"].startswith("/aws/service/ecs/optimized-ami/")


def test_target_tracking_is_a_scalable_target_and_policy_without_the_alarms_it_made() -> None:
    body = world_template("ec2_behind_alb")
    cluster, _ = only(body, "AWS::ECS::Cluster")
    service, _ = only(body, "AWS::ECS::Service")
    lb, _ = only(body, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    group, _ = only(body, "AWS::ElasticLoadBalancingV2::TargetGroup")
    target, scalable = only(body, "AWS::ApplicationAutoScaling::ScalableTarget")
    _, policy = only(body, "AWS::ApplicationAutoScaling::ScalingPolicy")
    assert scalable["ResourceId"] == {
        "Fn::Join": ["/", ["service", {"Ref": cluster}, {"Fn::GetAtt": [service, "Name"]}]]
    }
    assert (scalable["MinCapacity"], scalable["MaxCapacity"]) == (2, 6)
    assert policy["ScalingTargetId"] == {"Ref": target}
    tracking = policy["TargetTrackingScalingPolicyConfiguration"]
    assert tracking["TargetValue"] == 500.0
    assert tracking["PredefinedMetricSpecification"]["ResourceLabel"] == {
        "Fn::Join": [
            "/",
            [
                {"Fn::GetAtt": [lb, "LoadBalancerFullName"]},
                {"Fn::GetAtt": [group, "TargetGroupFullName"]},
            ],
        ]
    }
    assert resources_of(body, "AWS::CloudWatch::Alarm") == {}


# -- Fargate in awsvpc mode, found through Cloud Map --------------------------------------------
def test_a_fargate_service_keeps_its_strategy_public_ip_and_subnet_parameter() -> None:
    body = world_template("fargate_with_discovery")
    association, _ = only(body, "AWS::ECS::ClusterCapacityProviderAssociations")
    _, service = only(body, "AWS::ECS::Service")
    assert service["CapacityProviderStrategy"] == [
        {"CapacityProvider": "FARGATE", "Weight": 1, "Base": 1},
        {"CapacityProvider": "FARGATE_SPOT", "Weight": 3, "Base": 0},
    ]
    assert "LaunchType" not in service
    assert service["NetworkConfiguration"]["AwsvpcConfiguration"]["Subnets"] == {"Ref": "Subnets"}
    assert service["NetworkConfiguration"]["AwsvpcConfiguration"]["AssignPublicIp"] == "ENABLED"
    assert service["PropagateTags"] == "SERVICE"
    assert service["Tags"] == [{"Key": "team", "Value": "shop"}]
    [resource] = resources_of(body, "AWS::ECS::Service").values()
    assert resource["DependsOn"] == [association]


def test_the_fargate_cluster_associates_both_fargate_providers_with_its_default_strategy() -> None:
    body = world_template("fargate_with_discovery")
    cluster, _ = only(body, "AWS::ECS::Cluster")
    _, association = only(body, "AWS::ECS::ClusterCapacityProviderAssociations")
    assert association == {
        "Cluster": {"Ref": cluster},
        "CapacityProviders": ["FARGATE", "FARGATE_SPOT"],
        "DefaultCapacityProviderStrategy": [
            {"CapacityProvider": "FARGATE", "Weight": 1, "Base": 0}
        ],
    }


def test_a_service_registry_names_its_cloud_map_service_in_a_private_namespace() -> None:
    body = world_template("fargate_with_discovery")
    namespace, private = only(body, "AWS::ServiceDiscovery::PrivateDnsNamespace")
    registry, discovery = only(body, "AWS::ServiceDiscovery::Service")
    _, service = only(body, "AWS::ECS::Service")
    assert private == {"Name": "shop.local", "Vpc": {"Ref": "VpcId"}}
    assert discovery["NamespaceId"] == {"Fn::GetAtt": [namespace, "Id"]}
    assert discovery["DnsConfig"]["DnsRecords"] == [{"Type": "A", "TTL": 10}]
    assert service["ServiceRegistries"] == [{"RegistryArn": {"Fn::GetAtt": [registry, "Arn"]}}]


def test_a_fargate_task_definition_keeps_its_size_platform_and_both_roles() -> None:
    body = world_template("fargate_with_discovery")
    _, definition = only(body, "AWS::ECS::TaskDefinition")
    assert (definition["Cpu"], definition["Memory"]) == ("512", "1024")
    assert definition["NetworkMode"] == "awsvpc"
    assert definition["RequiresCompatibilities"] == ["FARGATE"]
    assert definition["RuntimePlatform"] == {
        "CpuArchitecture": "ARM64",
        "OperatingSystemFamily": "LINUX",
    }
    defaults = {p.get("Default") for p in body["Parameters"].values()}
    assert {"ecsTaskExecutionRole", "app/shop-task-role"} <= defaults
    assert definition["ContainerDefinitions"][0]["PortMappings"][0]["ContainerPort"] == 8080


# -- A capacity provider over an Auto Scaling group, with step scaling ------------------------
def test_the_capacity_provider_refers_to_its_group_with_managed_scaling() -> None:
    body = world_template("asg_capacity_provider")
    group, asg = only(body, "AWS::AutoScaling::AutoScalingGroup")
    _, provider = only(body, "AWS::ECS::CapacityProvider")
    assert provider["Name"] == "web-cp"
    spec = provider["AutoScalingGroupProvider"]
    assert spec["AutoScalingGroupArn"] == {"Ref": group}
    assert spec["ManagedScaling"]["Status"] == "ENABLED"
    assert spec["ManagedScaling"]["TargetCapacity"] == 90
    assert spec["ManagedTerminationProtection"] == "ENABLED"
    assert asg["NewInstancesProtectedFromScaleIn"] is True
    assert "DesiredCapacity" not in asg  # managed scaling sets it
    assert {"Key": "AmazonECSManaged", "Value": "true", "PropagateAtLaunch": True} in asg["Tags"]
    assert (asg["MinSize"], asg["MaxSize"]) == ("0", "10")


def test_the_launch_template_keeps_type_profile_and_user_data_naming_the_stacks_cluster() -> None:
    body = world_template("asg_capacity_provider")
    cluster, _ = only(body, "AWS::ECS::Cluster")
    _, template = only(body, "AWS::EC2::LaunchTemplate")
    data = template["LaunchTemplateData"]
    assert data["InstanceType"] == "t3.small"
    assert data["IamInstanceProfile"] == {"Name": {"Ref": "InstanceProfile"}}
    assert body["Parameters"]["InstanceProfile"]["Default"] == "ecsInstanceRole"
    script = data["UserData"]["Fn::Base64"]["Fn::Sub"]
    assert script == f"#!/bin/bash\necho ECS_CLUSTER=${{{cluster}}} >> /etc/ecs/ecs.config\n"


def test_a_service_on_the_provider_waits_for_the_association_and_keeps_its_placement() -> None:
    body = world_template("asg_capacity_provider")
    provider, _ = only(body, "AWS::ECS::CapacityProvider")
    association, links = only(body, "AWS::ECS::ClusterCapacityProviderAssociations")
    [service] = resources_of(body, "AWS::ECS::Service").values()
    assert links["CapacityProviders"] == [{"Ref": provider}]
    assert service["DependsOn"] == [association]
    assert service["Properties"]["CapacityProviderStrategy"][0]["CapacityProvider"] == {
        "Ref": provider
    }
    assert service["Properties"]["PlacementStrategies"] == [
        {"Type": "spread", "Field": "attribute:ecs.availability-zone"},
        {"Type": "binpack", "Field": "memory"},
    ]


def test_the_learners_alarm_triggers_the_step_policy_by_reference() -> None:
    body = world_template("asg_capacity_provider")
    cluster, _ = only(body, "AWS::ECS::Cluster")
    service, _ = only(body, "AWS::ECS::Service")
    policy, step = only(body, "AWS::ApplicationAutoScaling::ScalingPolicy")
    _, alarm = only(body, "AWS::CloudWatch::Alarm")
    assert step["StepScalingPolicyConfiguration"]["StepAdjustments"][1] == {
        "MetricIntervalLowerBound": 20,
        "ScalingAdjustment": 2,
    }
    assert alarm["AlarmActions"] == [{"Fn::GetAtt": [policy, "Arn"]}]
    assert alarm["Dimensions"] == [
        {"Name": "ClusterName", "Value": {"Ref": cluster}},
        {"Name": "ServiceName", "Value": {"Fn::GetAtt": [service, "Name"]}},
    ]
    assert (alarm["Threshold"], alarm["EvaluationPeriods"]) == (70.0, 3)


# -- Service Connect ---------------------------------------------------------------------------
def test_service_connect_uses_the_namespace_the_cluster_defaults_to() -> None:
    body = world_template("service_connect")
    namespace, http = only(body, "AWS::ServiceDiscovery::HttpNamespace")
    _, cluster = only(body, "AWS::ECS::Cluster")
    services = {
        r["Properties"]["ServiceName"]: r["Properties"]
        for r in resources_of(body, "AWS::ECS::Service").values()
    }
    assert http == {"Name": "shop"}
    assert cluster["ServiceConnectDefaults"] == {"Namespace": {"Fn::GetAtt": [namespace, "Arn"]}}
    assert services["api"]["ServiceConnectConfiguration"] == {
        "Enabled": True,
        "Namespace": {"Fn::GetAtt": [namespace, "Arn"]},
        "Services": [
            {
                "PortName": "api",
                "DiscoveryName": "api",
                "ClientAliases": [{"Port": 8080, "DnsName": "api"}],
            }
        ],
    }
    assert services["web"]["ServiceConnectConfiguration"]["Enabled"] is True
    # The Cloud Map service Service Connect made for api is ECS's to make again.
    assert resources_of(body, "AWS::ServiceDiscovery::Service") == {}


# -- Fargate behind an NLB and a weighted ALB, with a deployment alarm ------------------------
def test_a_service_behind_two_load_balancers_waits_for_both_listeners_and_its_alarm() -> None:
    body = world_template("fargate_behind_two_load_balancers")
    listeners = sorted(resources_of(body, "AWS::ElasticLoadBalancingV2::Listener"))
    alarm, _ = only(body, "AWS::CloudWatch::Alarm")
    [service] = resources_of(body, "AWS::ECS::Service").values()
    assert service["DependsOn"] == sorted([*listeners, alarm])
    assert [lb["ContainerPort"] for lb in service["Properties"]["LoadBalancers"]] == [8443, 8443]
    assert service["Properties"]["DeploymentConfiguration"]["Alarms"] == {
        "AlarmNames": ["pay-5xx"],
        "Enable": True,
        "Rollback": True,
    }


def test_a_weighted_forward_keeps_both_target_groups_and_their_weights() -> None:
    body = world_template("fargate_behind_two_load_balancers")
    groups = {
        r["Properties"]["Name"]: logical
        for logical, r in resources_of(body, "AWS::ElasticLoadBalancingV2::TargetGroup").items()
    }
    listeners = resources_of(body, "AWS::ElasticLoadBalancingV2::Listener").values()
    [http] = [r["Properties"] for r in listeners if r["Properties"]["Protocol"] == "HTTP"]
    [action] = http["DefaultActions"]
    assert action["ForwardConfig"]["TargetGroups"] == [
        {"TargetGroupArn": {"Ref": groups["pay-blue"]}, "Weight": 90},
        {"TargetGroupArn": {"Ref": groups["pay-green"]}, "Weight": 10},
    ]


def test_a_network_load_balancer_stays_internal_with_ip_targets() -> None:
    body = world_template("fargate_behind_two_load_balancers")
    balancers = resources_of(body, "AWS::ElasticLoadBalancingV2::LoadBalancer").values()
    [nlb] = [r["Properties"] for r in balancers if r["Properties"]["Type"] == "network"]
    assert (nlb["Name"], nlb["Scheme"]) == ("pay-nlb", "internal")
    groups = resources_of(body, "AWS::ElasticLoadBalancingV2::TargetGroup").values()
    [tcp] = [r["Properties"] for r in groups if r["Properties"]["Protocol"] == "TCP"]
    assert (tcp["TargetType"], tcp["Port"]) == ("ip", 8443)


def test_an_alarm_on_a_load_balancer_metric_names_the_load_balancer_by_reference() -> None:
    body = world_template("fargate_behind_two_load_balancers")
    balancers = resources_of(body, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    [alb] = [k for k, r in balancers.items() if r["Properties"]["Type"] == "application"]
    _, alarm = only(body, "AWS::CloudWatch::Alarm")
    assert alarm["Dimensions"] == [
        {"Name": "LoadBalancer", "Value": {"Fn::GetAtt": [alb, "LoadBalancerFullName"]}}
    ]
    assert alarm["TreatMissingData"] == "notBreaching"
    assert "AlarmActions" not in alarm


def test_a_service_does_not_wait_for_an_alarm_that_watches_the_service_itself(
    sim: Simulation, ecs: Any
) -> None:
    ecs.create_cluster(clusterName="web")
    ecs.register_task_definition(
        family="web", containerDefinitions=[{"name": "w", "image": "nginx", "memory": 64}]
    )
    sim.client("cloudwatch").put_metric_alarm(
        AlarmName="web-cpu",
        Namespace="AWS/ECS",
        MetricName="CPUUtilization",
        Dimensions=[
            {"Name": "ClusterName", "Value": "web"},
            {"Name": "ServiceName", "Value": "web"},
        ],
        Statistic="Average",
        Period=60,
        EvaluationPeriods=1,
        Threshold=90.0,
        ComparisonOperator="GreaterThanThreshold",
    )
    ecs.create_service(
        cluster="web",
        serviceName="web",
        taskDefinition="web",
        desiredCount=0,
        deploymentConfiguration={
            "alarms": {"alarmNames": ["web-cpu"], "enable": True, "rollback": False}
        },
    )
    body = cloudformation.template(sim)
    [service] = resources_of(body, "AWS::ECS::Service").values()
    assert "DependsOn" not in service
    assert lint_findings(body) == []  # no circular dependency (E3004)


# -- EXTERNAL deployments ----------------------------------------------------------------------
def test_each_task_set_keeps_its_revision_and_scale_and_the_primary_is_named() -> None:
    body = world_template("external_task_sets")
    service, props = only(body, "AWS::ECS::Service")
    assert props["DeploymentController"] == {"Type": "EXTERNAL"}
    assert "TaskDefinition" not in props  # each task set names its own
    sets = {
        r["Properties"]["ExternalId"]: (logical, r["Properties"])
        for logical, r in resources_of(body, "AWS::ECS::TaskSet").items()
    }
    images = {
        logical: r["Properties"]["ContainerDefinitions"][0]["Image"]
        for logical, r in resources_of(body, "AWS::ECS::TaskDefinition").items()
    }
    blue, green = sets["blue"], sets["green"]
    assert images[blue[1]["TaskDefinition"]["Ref"]] == "nginx:1.26"
    assert images[green[1]["TaskDefinition"]["Ref"]] == "nginx:1.27"
    assert (blue[1]["Scale"], green[1]["Scale"]) == (
        {"Value": 100.0, "Unit": "PERCENT"},
        {"Value": 50.0, "Unit": "PERCENT"},
    )
    assert blue[1]["Service"] == {"Ref": service}
    _, primary = only(body, "AWS::ECS::PrimaryTaskSet")
    assert primary["TaskSetId"] == {"Fn::GetAtt": [blue[0], "Id"]}


# -- Which task definitions --------------------------------------------------------------------
@pytest.fixture
def revisions(sim: Simulation, ecs: Any) -> Simulation:
    """Family web at revisions 1..3, a service running web:2, and family batch never run."""
    ecs.create_cluster(clusterName="web")
    for image in ("nginx:1.25", "nginx:1.26", "nginx:1.27"):
        ecs.register_task_definition(
            family="web", containerDefinitions=[web_container() | {"image": image}]
        )
    ecs.register_task_definition(
        family="batch", containerDefinitions=[{"name": "job", "image": "busybox", "memory": 64}]
    )
    ecs.register_task_definition(
        family="batch", containerDefinitions=[{"name": "job", "image": "busybox", "memory": 128}]
    )
    ecs.create_service(cluster="web", serviceName="web", taskDefinition="web:2", desiredCount=0)
    return sim


def images(body: dict[str, Any]) -> dict[str, str]:
    definitions = resources_of(body, "AWS::ECS::TaskDefinition").values()
    return {
        d["Properties"]["Family"]: d["Properties"]["ContainerDefinitions"][0].get("Image", "")
        + f"/{d['Properties']['ContainerDefinitions'][0].get('Memory')}"
        for d in definitions
    }


def test_a_service_takes_the_revision_it_runs_and_unused_families_stay_out(revisions) -> None:
    body = cloudformation.template(revisions)
    assert images(body) == {"web": "nginx:1.26/256"}
    assert lint_findings(body) == []


def test_a_named_family_adds_its_latest_active_revision(revisions) -> None:
    body = cloudformation.template(revisions, task_definitions=["batch"])
    assert images(body) == {"web": "nginx:1.26/256", "batch": "busybox/128"}


def test_a_named_revision_adds_exactly_that_revision(revisions) -> None:
    body = cloudformation.template(revisions, task_definitions=["batch:1"])
    assert images(body)["batch"] == "busybox/64"


def test_an_empty_world_is_an_empty_but_valid_template(sim: Simulation) -> None:
    body = cloudformation.template(sim)
    assert body["Resources"] == {}
    assert "Parameters" not in body


def test_a_daemon_service_has_no_desired_count(sim: Simulation, ecs: Any) -> None:
    ecs.create_cluster(clusterName="web")
    ecs.register_task_definition(
        family="agent", containerDefinitions=[{"name": "a", "image": "busybox", "memory": 32}]
    )
    ecs.create_service(
        cluster="web", serviceName="agent", taskDefinition="agent", schedulingStrategy="DAEMON"
    )
    body = cloudformation.template(sim)
    _, service = only(body, "AWS::ECS::Service")
    assert service["SchedulingStrategy"] == "DAEMON"
    assert "DesiredCount" not in service
    assert lint_findings(body) == []


def test_every_fixture_task_definition_from_awss_docs_becomes_a_valid_resource(
    sim: Simulation, ecs: Any
) -> None:
    """Volumes (host, EFS), proxy configuration, FireLens, secrets, GPUs, dependsOn, links:
    the renames CloudFormation makes (EFSVolumeConfiguration, FilesystemId,
    ProxyConfigurationProperties) and the free-form maps it keeps."""
    named = []
    for path in FIXTURES:
        request = ecs_json.task_definition(fixture_definition(path))
        made = ecs.register_task_definition(**request)["taskDefinition"]
        named.append(f"{made['family']}:{made['revision']}")
    body = cloudformation.template(sim, named)
    definitions = [r["Properties"] for r in resources_of(body, "AWS::ECS::TaskDefinition").values()]
    assert len(definitions) == len(FIXTURES)
    assert lint_findings(body) == []
    efs = [v for d in definitions for v in d.get("Volumes", []) if "EFSVolumeConfiguration" in v]
    assert efs and "FilesystemId" in efs[0]["EFSVolumeConfiguration"]
    proxies = [d["ProxyConfiguration"] for d in definitions if "ProxyConfiguration" in d]
    assert proxies and proxies[0]["ProxyConfigurationProperties"]


def test_images_and_secrets_of_the_worlds_own_account_name_the_deploying_account(
    sim: Simulation, ecs: Any
) -> None:
    account = sim.client("sts").get_caller_identity()["Account"]
    secret = f"arn:aws:secretsmanager:us-east-1:{account}:secret:db-password-AbCdEf"
    ecs.register_task_definition(
        family="web",
        # secrets need an execution role (RegisterTaskDefinition refuses them without one)
        executionRoleArn=f"arn:aws:iam::{account}:role/ecsTaskExecutionRole",
        containerDefinitions=[
            {
                "name": "web",
                "image": f"{account}.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4",
                "memory": 128,
                "secrets": [{"name": "DB_PASSWORD", "valueFrom": secret}],
            },
            {
                "name": "envoy",
                "image": "840364872350.dkr.ecr.us-west-2.amazonaws.com/aws-appmesh-envoy:v1",
                "memory": 128,
            },
        ],
    )
    body = cloudformation.template(sim, ["web"])
    _, definition = only(body, "AWS::ECS::TaskDefinition")
    web, envoy = definition["ContainerDefinitions"]
    assert web["Image"] == {
        "Fn::Sub": "${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/shop/web:1.4"
    }
    assert web["Secrets"] == [
        {
            "Name": "DB_PASSWORD",
            "ValueFrom": {
                "Fn::Sub": "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:"
                "${AWS::AccountId}:secret:db-password-AbCdEf"
            },
        }
    ]
    assert envoy["Image"].startswith("840364872350.dkr.ecr.us-west-2")  # AWS's own, as it was
    assert lint_findings(body) == []


def test_a_clusters_exec_logging_names_its_log_group_by_reference(
    sim: Simulation, ecs: Any
) -> None:
    sim.client("logs").create_log_group(logGroupName="/ecs/exec")
    logging = {"cloudWatchLogGroupName": "/ecs/exec", "cloudWatchEncryptionEnabled": False}
    ecs.create_cluster(
        clusterName="web",
        configuration={
            "executeCommandConfiguration": {"logging": "OVERRIDE", "logConfiguration": logging}
        },
        tags=[{"key": "env", "value": "dev"}],
    )
    body = cloudformation.template(sim)
    group, _ = only(body, "AWS::Logs::LogGroup")
    _, cluster = only(body, "AWS::ECS::Cluster")
    assert cluster["Configuration"]["ExecuteCommandConfiguration"] == {
        "Logging": "OVERRIDE",
        "LogConfiguration": {
            "CloudWatchLogGroupName": {"Ref": group},
            "CloudWatchEncryptionEnabled": False,
        },
    }
    assert cluster["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert lint_findings(body) == []


def test_a_template_covers_one_region(sim: Simulation) -> None:
    sim.client("ecs", region_name="eu-west-1").create_cluster(clusterName="europe")
    sim.client().create_cluster(clusterName="home")
    europe = cloudformation.template(sim, region="eu-west-1")
    home = cloudformation.template(sim)
    assert [r["Properties"]["ClusterName"] for r in europe["Resources"].values()] == ["europe"]
    assert [r["Properties"]["ClusterName"] for r in home["Resources"].values()] == ["home"]
    assert "eu-west-1" in europe["Description"]
