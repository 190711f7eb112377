"""A prepared world and one valid request for every implemented operation.

The fuzz tests mutate these; the tour test runs each once, so every operation's response is
checked against botocore's output shape. A new operation without an example fails the tour.
"""

from __future__ import annotations

import json
from typing import Any

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition

CLUSTER = "web"
FULL_TASK_DEFINITION: dict[str, Any] = {
    "family": "shop",
    "networkMode": "bridge",
    "containerDefinitions": [
        {
            "name": "web",
            "image": "nginx:1.27",
            "memory": 256,
            "memoryReservation": 128,
            "cpu": 256,
            "portMappings": [{"containerPort": 80, "hostPort": 8080, "protocol": "tcp"}],
            "environment": [{"name": "MODE", "value": "prod"}],
            "dependsOn": [{"containerName": "db", "condition": "HEALTHY"}],
            "links": ["db:database"],
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "shop"}},
        },
        {
            "name": "db",
            "image": "postgres:16",
            "memory": 512,
            "essential": True,
            "healthCheck": {"command": ["CMD-SHELL", "pg_isready"], "interval": 10},
        },
    ],
    "tags": [{"key": "team", "value": "shop"}],
}


def empty_group(sim: Simulation, name: str) -> str:
    """An empty Auto Scaling group (ECS checks that a capacity provider's group exists); its
    ARN. Made through the dispatcher, not boto3 clients: the fuzz tests build this world for
    every example they try."""

    def call(service: str, operation: str, **request: Any) -> dict[str, Any]:
        return sim.world.dispatcher.call(service, operation, request, sim.region)

    templates = call(
        "ec2",
        "DescribeLaunchTemplates",
        Filters=[{"Name": "launch-template-name", "Values": ["examples"]}],
    )
    if not templates["LaunchTemplates"]:
        ami = call(
            "ssm",
            "GetParameter",
            Name="/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
        )["Parameter"]["Value"]
        call(
            "ec2",
            "CreateLaunchTemplate",
            LaunchTemplateName="examples",
            LaunchTemplateData={"ImageId": ami, "InstanceType": "t3.small"},
        )
    call(
        "autoscaling",
        "CreateAutoScalingGroup",
        AutoScalingGroupName=name,
        LaunchTemplate={"LaunchTemplateName": "examples"},
        MinSize=0,
        MaxSize=2,
        AvailabilityZones=["us-east-1a"],
    )
    groups = call("autoscaling", "DescribeAutoScalingGroups", AutoScalingGroupNames=[name])
    return groups["AutoScalingGroups"][0]["AutoScalingGroupARN"]


def prepared_world(seed: int = 0) -> tuple[Simulation, dict[str, dict[str, Any]]]:
    """A simulation with a cluster, an instance and a task definition, and example requests."""
    sim = Simulation(seed=seed, strict=True)
    sim.call("CreateCluster", clusterName=CLUSTER)
    [instance] = sim.launch_instances(CLUSTER, attributes={"stack": "blue"})
    td = sim.register(task_definition("web", container("web", "nginx", memory=128)))
    sim.call("DeregisterTaskDefinition", taskDefinition="web:1")
    sim.register(task_definition("web", container("web", "nginx", memory=256)))
    [task] = sim.call("RunTask", cluster=CLUSTER, taskDefinition="web")["tasks"]
    sim.call(
        "CreateService", cluster=CLUSTER, serviceName="api", taskDefinition="web", desiredCount=1
    )
    sim.call(
        "CreateService", cluster=CLUSTER, serviceName="canary", taskDefinition="web", desiredCount=1
    )
    sim.world.dispatcher.call(
        "servicediscovery", "CreateHttpNamespace", {"Name": "lab"}, "us-east-1"
    )
    [exec_task] = sim.call(
        "RunTask", cluster=CLUSTER, taskDefinition="web", enableExecuteCommand=True
    )["tasks"]
    paused = {"targetType": "PAUSE", "lifecycleStages": ["PRE_SCALE_UP"]}
    sim.call(
        "CreateService",
        cluster=CLUSTER,
        serviceName="bluegreen",
        taskDefinition="web",
        desiredCount=1,
        deploymentConfiguration={
            "strategy": "BLUE_GREEN",
            "bakeTimeInMinutes": 1,
            "lifecycleHooks": [paused],
        },
    )
    sim.run_until_stable()
    sim.call("UpdateService", cluster=CLUSTER, service="canary", forceNewDeployment=True)
    [rollout] = sim.call(
        "ListServiceDeployments", cluster=CLUSTER, service="canary", status=["IN_PROGRESS"]
    )["serviceDeployments"]
    service_task = sim.call("ListTasks", cluster=CLUSTER, serviceName="api")["taskArns"][0]
    sim.call("UpdateService", cluster=CLUSTER, service="bluegreen", forceNewDeployment=True)
    sim.advance(0)  # the scheduler's tick puts the PAUSE hook under way
    [blue_green] = sim.call(
        "ListServiceDeployments", cluster=CLUSTER, service="bluegreen", status=["IN_PROGRESS"]
    )["serviceDeployments"]
    [hook] = sim.call(
        "DescribeServiceDeployments", serviceDeploymentArns=[blue_green["serviceDeploymentArn"]]
    )["serviceDeployments"][0]["lifecycleHookDetails"]
    sim.call(
        "CreateService",
        cluster=CLUSTER,
        serviceName="edge",
        desiredCount=2,
        deploymentController={"type": "EXTERNAL"},
    )
    edge_set = sim.call(
        "CreateTaskSet", cluster=CLUSTER, service="edge", taskDefinition="web", externalId="blue"
    )["taskSet"]
    sim.call(
        "CreateCapacityProvider",
        name="workers",
        autoScalingGroupProvider={"autoScalingGroupArn": empty_group(sim, "workers-asg")},
    )
    spare_arn = empty_group(sim, "spare-asg")
    target = {"targetType": "container-instance", "targetId": instance.id}
    identity = {
        "instanceId": "i-0aaaabbbbccccdddd",
        "availabilityZone": "us-east-1a",
        "instanceType": "t3.small",
        "region": "us-east-1",
        "imageId": "ami-1",
    }
    cluster_arn = f"arn:aws:ecs:us-east-1:123456789012:cluster/{CLUSTER}"
    examples: dict[str, dict[str, Any]] = {
        "CreateCluster": {
            "clusterName": "new",
            "tags": [{"key": "a", "value": "b"}],
            "settings": [{"name": "containerInsights", "value": "enabled"}],
        },
        "DescribeClusters": {"clusters": [CLUSTER, "missing"], "include": ["TAGS", "SETTINGS"]},
        "CreateCapacityProvider": {
            "name": "spare",
            "autoScalingGroupProvider": {
                "autoScalingGroupArn": spare_arn,
                "managedScaling": {"status": "ENABLED", "targetCapacity": 90},
            },
        },
        "DescribeCapacityProviders": {"include": ["TAGS"], "maxResults": 2},
        "UpdateCapacityProvider": {
            "name": "workers",
            "autoScalingGroupProvider": {"managedScaling": {"targetCapacity": 80}},
        },
        "DeleteCapacityProvider": {"capacityProvider": "workers"},
        "PutClusterCapacityProviders": {
            "cluster": "empty",
            "capacityProviders": ["workers"],
            "defaultCapacityProviderStrategy": [{"capacityProvider": "workers", "weight": 1}],
        },
        "ListClusters": {"maxResults": 1},
        "UpdateCluster": {
            "cluster": CLUSTER,
            "settings": [{"name": "containerInsights", "value": "enhanced"}],
        },
        "DeleteCluster": {"cluster": "empty"},
        "RegisterTaskDefinition": FULL_TASK_DEFINITION,
        "DescribeTaskDefinition": {"taskDefinition": "web", "include": ["TAGS"]},
        "ListTaskDefinitions": {"familyPrefix": "web", "sort": "DESC", "maxResults": 1},
        "ListTaskDefinitionFamilies": {"familyPrefix": "w", "status": "ALL"},
        "DeregisterTaskDefinition": {"taskDefinition": td.task_definition_arn},
        "DeleteTaskDefinitions": {"taskDefinitions": ["web:1", "web:2"]},
        "RegisterContainerInstance": {
            "cluster": CLUSTER,
            "instanceIdentityDocument": json.dumps(identity),
            "totalResources": [
                {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
                {"name": "MEMORY", "type": "INTEGER", "integerValue": 1900},
            ],
            "attributes": [{"name": "stack", "value": "green"}],
            "tags": [{"key": "k", "value": "v"}],
        },
        "DeregisterContainerInstance": {
            "cluster": CLUSTER,
            "containerInstance": instance.id,
            "force": True,
        },
        "DescribeContainerInstances": {
            "cluster": CLUSTER,
            "containerInstances": [instance.id],
            "include": ["TAGS"],
        },
        "ListContainerInstances": {"cluster": CLUSTER, "status": "ACTIVE", "maxResults": 5},
        "UpdateContainerInstancesState": {
            "cluster": CLUSTER,
            "containerInstances": [instance.id],
            "status": "DRAINING",
        },
        "PutAttributes": {
            "cluster": CLUSTER,
            "attributes": [{"name": "zone-x", "value": "1", **target}],
        },
        "ListAttributes": {
            "cluster": CLUSTER,
            "targetType": "container-instance",
            "attributeName": "stack",
        },
        "DeleteAttributes": {"cluster": CLUSTER, "attributes": [{"name": "stack", **target}]},
        "TagResource": {"resourceArn": cluster_arn, "tags": [{"key": "env", "value": "dev"}]},
        "UntagResource": {"resourceArn": cluster_arn, "tagKeys": ["env"]},
        "ListTagsForResource": {"resourceArn": cluster_arn},
        "RunTask": {
            "cluster": CLUSTER,
            "taskDefinition": "web",
            "count": 2,
            "group": "batch",
            "startedBy": "me",
            "placementStrategy": [{"type": "binpack", "field": "memory"}],
            "placementConstraints": [{"type": "memberOf", "expression": "attribute:stack == blue"}],
            "overrides": {"containerOverrides": [{"name": "web", "memory": 200}]},
            "tags": [{"key": "job", "value": "nightly"}],
        },
        "StartTask": {
            "cluster": CLUSTER,
            "taskDefinition": "web",
            "containerInstances": [instance.id],
        },
        "StopTask": {"cluster": CLUSTER, "task": task["taskArn"], "reason": "done"},
        "DescribeTasks": {
            "cluster": CLUSTER,
            "tasks": [task["taskArn"], "0" * 32],
            "include": ["TAGS"],
        },
        "CreateService": {
            "cluster": CLUSTER,
            "serviceName": "shop",
            "taskDefinition": "web",
            "desiredCount": 2,
            "deploymentConfiguration": {
                "minimumHealthyPercent": 50,
                "maximumPercent": 150,
                "deploymentCircuitBreaker": {"enable": True, "rollback": True},
            },
            "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}],
            "placementConstraints": [{"type": "distinctInstance"}],
            "healthCheckGracePeriodSeconds": 30,
            "tags": [{"key": "team", "value": "shop"}],
        },
        "UpdateService": {
            "cluster": CLUSTER,
            "service": "api",
            "desiredCount": 2,
            "forceNewDeployment": True,
        },
        "DescribeServices": {"cluster": CLUSTER, "services": ["api", "nope"], "include": ["TAGS"]},
        "ListServices": {"cluster": CLUSTER, "schedulingStrategy": "REPLICA", "maxResults": 5},
        "DeleteService": {"cluster": CLUSTER, "service": "api", "force": True},
        "UpdateTaskProtection": {
            "cluster": CLUSTER,
            "tasks": [service_task, task["taskArn"], "0" * 32],
            "protectionEnabled": True,
            "expiresInMinutes": 60,
        },
        "GetTaskProtection": {"cluster": CLUSTER, "tasks": [service_task]},
        "ListServicesByNamespace": {"namespace": "lab", "maxResults": 5},
        "ExecuteCommand": {
            "cluster": CLUSTER,
            "task": exec_task["taskArn"],
            "container": "web",
            "command": "ls /",
            "interactive": True,
        },
        "ListServiceDeployments": {
            "cluster": CLUSTER,
            "service": "canary",
            "status": ["IN_PROGRESS", "SUCCESSFUL"],
            "maxResults": 5,
        },
        "DescribeServiceDeployments": {"serviceDeploymentArns": [rollout["serviceDeploymentArn"]]},
        "DescribeServiceRevisions": {"serviceRevisionArns": [rollout["targetServiceRevisionArn"]]},
        "StopServiceDeployment": {
            "serviceDeploymentArn": rollout["serviceDeploymentArn"],
            "stopType": "ROLLBACK",
        },
        "ContinueServiceDeployment": {
            "serviceDeploymentArn": blue_green["serviceDeploymentArn"],
            "hookId": hook["hookId"],
            "action": "CONTINUE",
        },
        "PutAccountSetting": {"name": "awsvpcTrunking", "value": "enabled"},
        "PutAccountSettingDefault": {"name": "containerInsights", "value": "enhanced"},
        "DeleteAccountSetting": {"name": "awsvpcTrunking"},
        "ListAccountSettings": {"name": "containerInsights", "effectiveSettings": True},
        "UpdateClusterSettings": {
            "cluster": CLUSTER,
            "settings": [{"name": "containerInsights", "value": "enabled"}],
        },
        "DiscoverPollEndpoint": {"cluster": CLUSTER, "containerInstance": instance.id},
        "CreateTaskSet": {
            "cluster": CLUSTER,
            "service": "edge",
            "taskDefinition": "web",
            "externalId": "green",
            "launchType": "EC2",
            "scale": {"value": 50.0, "unit": "PERCENT"},
            "tags": [{"key": "colour", "value": "green"}],
        },
        "UpdateTaskSet": {
            "cluster": CLUSTER,
            "service": "edge",
            "taskSet": edge_set["taskSetArn"],
            "scale": {"value": 25.0, "unit": "PERCENT"},
        },
        "DeleteTaskSet": {
            "cluster": CLUSTER,
            "service": "edge",
            "taskSet": edge_set["id"],
            "force": True,
        },
        "DescribeTaskSets": {
            "cluster": CLUSTER,
            "service": "edge",
            "taskSets": [edge_set["id"], "ecs-svc/1"],
            "include": ["TAGS"],
        },
        "UpdateServicePrimaryTaskSet": {
            "cluster": CLUSTER,
            "service": "edge",
            "primaryTaskSet": edge_set["taskSetArn"],
        },
        "ListTasks": {
            "cluster": CLUSTER,
            "family": "web",
            "desiredStatus": "RUNNING",
            "maxResults": 5,
        },
    }
    sim.call("CreateCluster", clusterName="empty")
    return sim, examples
