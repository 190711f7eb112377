"""Worlds a learner builds, for the CloudFormation export's tests: each made through boto3 only,
as a lesson would, and left running."""

from __future__ import annotations

from typing import Any

from ecslearn import Simulation
from tests.services.capacity_fixtures import auto_scaled_cluster
from tests.services.elbv2_fixtures import default_subnets, default_vpc

EXECUTION_ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
TASK_ROLE = "arn:aws:iam::123456789012:role/app/shop-task-role"


def web_container(port: int = 80, host_port: int | None = None, group: str = "/ecs/web") -> dict:
    mapping: dict[str, Any] = {"containerPort": port, "protocol": "tcp"}
    if host_port is not None:
        mapping["hostPort"] = host_port
    return {
        "name": "web",
        "image": "public.ecr.aws/nginx/nginx:latest",
        "memory": 256,
        "essential": True,
        "portMappings": [mapping],
        "environment": [{"name": "STAGE", "value": "prod"}],
        "dockerLabels": {"com.example.team": "web"},
        "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]},
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": group,
                "awslogs-region": "us-east-1",
                "awslogs-stream-prefix": "web",
            },
        },
    }


def ec2_behind_alb(sim: Simulation) -> Simulation:
    """Cluster web on two instances; service web (2 tasks, bridge, dynamic host ports) behind an
    ALB whose listener answers 404 except /app/*, which goes to the service; and target
    tracking on requests per target."""
    ecs, elbv2, logs = sim.client(), sim.client("elbv2"), sim.client("logs")
    ecs.create_cluster(
        clusterName="web", settings=[{"name": "containerInsights", "value": "enabled"}]
    )
    sim.launch_instances("web", count=2, instance_type="m5.large")
    logs.create_log_group(logGroupName="/ecs/web")
    logs.put_retention_policy(logGroupName="/ecs/web", retentionInDays=14)
    ecs.register_task_definition(
        family="web",
        executionRoleArn=EXECUTION_ROLE,
        containerDefinitions=[web_container(80, host_port=0)],
    )
    lb = elbv2.create_load_balancer(Name="web", Subnets=default_subnets(sim))["LoadBalancers"][0]
    group = elbv2.create_target_group(
        Name="web",
        Protocol="HTTP",
        Port=80,
        VpcId=default_vpc(sim),
        HealthCheckPath="/health",
        HealthCheckIntervalSeconds=10,
        HealthyThresholdCount=2,
    )["TargetGroups"][0]["TargetGroupArn"]
    not_found = {"StatusCode": "404", "ContentType": "text/plain", "MessageBody": "no such page"}
    listener = elbv2.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": not_found}],
    )["Listeners"][0]
    elbv2.create_rule(
        ListenerArn=listener["ListenerArn"],
        Priority=10,
        Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/app/*"]}}],
        Actions=[{"Type": "forward", "TargetGroupArn": group}],
    )
    ecs.create_service(
        cluster="web",
        serviceName="web",
        taskDefinition="web",
        desiredCount=2,
        loadBalancers=[{"targetGroupArn": group, "containerName": "web", "containerPort": 80}],
        healthCheckGracePeriodSeconds=30,
        deploymentConfiguration={
            "maximumPercent": 200,
            "minimumHealthyPercent": 50,
            "deploymentCircuitBreaker": {"enable": True, "rollback": True},
        },
    )
    assert sim.run_until_stable()
    scaling = sim.client("application-autoscaling")
    target = {
        "ServiceNamespace": "ecs",
        "ResourceId": "service/web/web",
        "ScalableDimension": "ecs:service:DesiredCount",
    }
    scaling.register_scalable_target(**target, MinCapacity=2, MaxCapacity=6)
    scaling.put_scaling_policy(
        PolicyName="requests-per-target",
        **target,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 500.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ALBRequestCountPerTarget",
                "ResourceLabel": lb["LoadBalancerArn"].split(":loadbalancer/")[1]
                + "/"
                + group.split(":", 5)[5],
            },
            "ScaleInCooldown": 300,
            "ScaleOutCooldown": 60,
        },
    )
    sim.advance(120)
    return sim


def fargate_with_discovery(sim: Simulation) -> Simulation:
    """Cluster shop on FARGATE and FARGATE_SPOT; service api in awsvpc mode with a public IP,
    found by name through a private DNS namespace (serviceRegistries)."""
    ecs, sd = sim.client(), sim.client("servicediscovery")
    ecs.create_cluster(
        clusterName="shop",
        capacityProviders=["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy=[{"capacityProvider": "FARGATE", "weight": 1}],
    )
    sd.create_private_dns_namespace(Name="shop.local", Vpc=default_vpc(sim))
    sim.run_until_stable()
    namespace = sd.list_namespaces()["Namespaces"][0]["Id"]
    registry = sd.create_service(
        Name="api",
        NamespaceId=namespace,
        DnsConfig={"DnsRecords": [{"Type": "A", "TTL": 10}], "RoutingPolicy": "MULTIVALUE"},
        HealthCheckCustomConfig={"FailureThreshold": 1},
    )["Service"]["Arn"]
    sim.client("logs").create_log_group(logGroupName="/ecs/api")
    ecs.register_task_definition(
        family="api",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="512",
        memory="1024",
        executionRoleArn=EXECUTION_ROLE,
        taskRoleArn=TASK_ROLE,
        runtimePlatform={"cpuArchitecture": "ARM64", "operatingSystemFamily": "LINUX"},
        containerDefinitions=[web_container(8080, group="/ecs/api") | {"name": "api"}],
    )
    ecs.create_service(
        cluster="shop",
        serviceName="api",
        taskDefinition="api",
        desiredCount=3,
        capacityProviderStrategy=[
            {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 3},
        ],
        networkConfiguration={
            "awsvpcConfiguration": {"subnets": default_subnets(sim), "assignPublicIp": "ENABLED"}
        },
        serviceRegistries=[{"registryArn": registry}],
        propagateTags="SERVICE",
        tags=[{"key": "team", "value": "shop"}],
    )
    assert sim.run_until_stable()
    return sim


def asg_capacity_provider(sim: Simulation) -> Simulation:
    """Cluster web whose instances come from Auto Scaling group web-asg through capacity
    provider web-cp (managed scaling), a service spread over zones, and step scaling on a CPU
    alarm of the learner's own."""
    auto_scaled_cluster(sim, "web", target=90)
    ecs = sim.client()
    ecs.register_task_definition(
        family="worker",
        containerDefinitions=[
            {
                "name": "worker",
                "image": "busybox",
                "cpu": 256,
                "memory": 256,
                "command": ["sleep", "3600"],
            }
        ],
    )
    ecs.create_service(
        cluster="web",
        serviceName="worker",
        taskDefinition="worker",
        desiredCount=2,
        placementStrategy=[
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "memory"},
        ],
    )
    assert sim.run_until_stable(timeout=1800)
    scaling = sim.client("application-autoscaling")
    target = {
        "ServiceNamespace": "ecs",
        "ResourceId": "service/web/worker",
        "ScalableDimension": "ecs:service:DesiredCount",
    }
    scaling.register_scalable_target(**target, MinCapacity=1, MaxCapacity=8)
    policy = scaling.put_scaling_policy(
        PolicyName="cpu-step",
        **target,
        PolicyType="StepScaling",
        StepScalingPolicyConfiguration={
            "AdjustmentType": "ChangeInCapacity",
            "Cooldown": 60,
            "MetricAggregationType": "Average",
            "StepAdjustments": [
                {
                    "MetricIntervalLowerBound": 0,
                    "MetricIntervalUpperBound": 20,
                    "ScalingAdjustment": 1,
                },
                {"MetricIntervalLowerBound": 20, "ScalingAdjustment": 2},
            ],
        },
    )["PolicyARN"]
    sim.client("cloudwatch").put_metric_alarm(
        AlarmName="worker-cpu-high",
        Namespace="AWS/ECS",
        MetricName="CPUUtilization",
        Dimensions=[
            {"Name": "ClusterName", "Value": "web"},
            {"Name": "ServiceName", "Value": "worker"},
        ],
        Statistic="Average",
        Period=60,
        EvaluationPeriods=3,
        Threshold=70.0,
        ComparisonOperator="GreaterThanThreshold",
        AlarmActions=[policy],
    )
    sim.advance(120)
    return sim


def service_connect(sim: Simulation) -> Simulation:
    """Cluster shop whose default Service Connect namespace is "shop"; api serves port name
    "api" as api:8080, web is a client of it."""
    ecs = sim.client()
    ecs.create_cluster(clusterName="shop", serviceConnectDefaults={"namespace": "shop"})
    sim.run_until_stable()
    for family, port in (("api", 8080), ("web", 80)):
        ecs.register_task_definition(
            family=family,
            networkMode="awsvpc",
            requiresCompatibilities=["FARGATE"],
            cpu="256",
            memory="512",
            containerDefinitions=[
                {
                    "name": "app",
                    "image": "nginx",
                    "portMappings": [
                        {"containerPort": port, "name": family, "appProtocol": "http"}
                    ],
                }
            ],
        )
    network = {"awsvpcConfiguration": {"subnets": default_subnets(sim)}}
    ecs.create_service(
        cluster="shop",
        serviceName="api",
        taskDefinition="api",
        desiredCount=2,
        launchType="FARGATE",
        networkConfiguration=network,
        serviceConnectConfiguration={
            "enabled": True,
            "services": [{"portName": "api", "clientAliases": [{"port": 8080, "dnsName": "api"}]}],
        },
    )
    ecs.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition="web",
        desiredCount=1,
        launchType="FARGATE",
        networkConfiguration=network,
        serviceConnectConfiguration={"enabled": True},
    )
    assert sim.run_until_stable()
    return sim


def external_task_sets(sim: Simulation) -> Simulation:
    """An EXTERNAL service web with a blue task set (PRIMARY, 100%) of web:1 and a green one
    (50%) of web:2 being tried."""
    ecs = sim.client()
    ecs.create_cluster(clusterName="shop")
    sim.launch_instances("shop", count=2, instance_type="m5.large")
    for image in ("nginx:1.26", "nginx:1.27"):
        ecs.register_task_definition(
            family="web", containerDefinitions=[{"name": "app", "image": image, "memory": 128}]
        )
    ecs.create_service(
        cluster="shop",
        serviceName="web",
        desiredCount=4,
        deploymentController={"type": "EXTERNAL"},
    )
    blue = ecs.create_task_set(
        cluster="shop",
        service="web",
        taskDefinition="web:1",
        externalId="blue",
        scale={"value": 100, "unit": "PERCENT"},
    )["taskSet"]
    ecs.create_task_set(
        cluster="shop",
        service="web",
        taskDefinition="web:2",
        externalId="green",
        scale={"value": 50, "unit": "PERCENT"},
    )
    ecs.update_service_primary_task_set(
        cluster="shop", service="web", primaryTaskSet=blue["taskSetArn"]
    )
    assert sim.run_until_stable()
    return sim


def fargate_behind_two_load_balancers(sim: Simulation) -> Simulation:
    """Service pay on Fargate behind an internal NLB (TCP 443 -> ip targets on 8443) and an ALB
    whose listener splits 90/10 between target groups pay-blue (the service's) and pay-green,
    with a deployment alarm on the ALB's 5xx count."""
    ecs, elbv2 = sim.client(), sim.client("elbv2")
    ecs.create_cluster(clusterName="pay")
    ecs.register_task_definition(
        family="pay",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        cpu="256",
        memory="512",
        containerDefinitions=[
            {"name": "pay", "image": "nginx", "portMappings": [{"containerPort": 8443}]}
        ],
    )
    subnets = default_subnets(sim)
    nlb = elbv2.create_load_balancer(
        Name="pay-nlb", Subnets=subnets, Type="network", Scheme="internal"
    )["LoadBalancers"][0]
    alb = elbv2.create_load_balancer(Name="pay-alb", Subnets=subnets)["LoadBalancers"][0]

    def ip_group(name: str, protocol: str) -> str:
        made = elbv2.create_target_group(
            Name=name, Protocol=protocol, Port=8443, VpcId=default_vpc(sim), TargetType="ip"
        )
        return made["TargetGroups"][0]["TargetGroupArn"]

    tcp, blue, green = (
        ip_group("pay-tcp", "TCP"),
        ip_group("pay-blue", "HTTP"),
        ip_group("pay-green", "HTTP"),
    )
    elbv2.create_listener(
        LoadBalancerArn=nlb["LoadBalancerArn"],
        Protocol="TCP",
        Port=443,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tcp}],
    )
    weighted = [{"TargetGroupArn": blue, "Weight": 90}, {"TargetGroupArn": green, "Weight": 10}]
    elbv2.create_listener(
        LoadBalancerArn=alb["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "ForwardConfig": {"TargetGroups": weighted}}],
    )
    alb_name = alb["LoadBalancerArn"].split(":loadbalancer/")[1]
    sim.client("cloudwatch").put_metric_alarm(
        AlarmName="pay-5xx",
        Namespace="AWS/ApplicationELB",
        MetricName="HTTPCode_Target_5XX_Count",
        Dimensions=[{"Name": "LoadBalancer", "Value": alb_name}],
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=10.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        TreatMissingData="notBreaching",
    )
    ecs.create_service(
        cluster="pay",
        serviceName="pay",
        taskDefinition="pay",
        desiredCount=2,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": subnets}},
        loadBalancers=[
            {"targetGroupArn": tcp, "containerName": "pay", "containerPort": 8443},
            {"targetGroupArn": blue, "containerName": "pay", "containerPort": 8443},
        ],
        deploymentConfiguration={
            "alarms": {"alarmNames": ["pay-5xx"], "enable": True, "rollback": True}
        },
    )
    assert sim.run_until_stable()
    return sim


WORLDS = {
    "ec2_behind_alb": ec2_behind_alb,
    "fargate_with_discovery": fargate_with_discovery,
    "asg_capacity_provider": asg_capacity_provider,
    "service_connect": service_connect,
    "external_task_sets": external_task_sets,
    "fargate_behind_two_load_balancers": fargate_behind_two_load_balancers,
}
