"""Where AWS's text for an error is known, ecslearn answers exactly that text (people's code and
tests compare these strings), and ecslearn's own advice goes to `ecslearn.explain` instead.

Each case: a call, the code and the message AWS answers, and where the text was seen. Sources
are public quotes of real answers (issues, CloudTrail records, Terraform and CLI output), or an
emulator that says it checked the text against AWS; texts only guessed are not here (see the
raise sites, which mark them "ecslearn's wording").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecslearn import Simulation, explain
from ecslearn.model.builders import container, task_definition

ACCOUNT = "123456789012"


def world() -> Simulation:
    """A cluster 'web' with one instance, revisions web:1 (INACTIVE) and web:2, a running
    service 'api', a DAEMON-free world otherwise; an ECR repository 'repo' with one image."""
    sim = Simulation(region="us-east-1")
    sim.call("CreateCluster", clusterName="web")
    sim.launch_instances("web")
    sim.register(task_definition("web", container("web", "nginx", memory=128)))
    sim.call("DeregisterTaskDefinition", taskDefinition="web:1")
    sim.register(task_definition("web", container("web", "nginx", memory=128)))
    sim.call(
        "CreateService", cluster="web", serviceName="api", taskDefinition="web:2", desiredCount=1
    )
    sim.call("CreateCluster", clusterName="empty")
    ecr = sim.client("ecr")
    ecr.create_repository(repositoryName="repo", imageTagMutability="IMMUTABLE")
    ecr.put_image(repositoryName="repo", imageManifest='{"schemaVersion": 2}', imageTag="v1")
    return sim


def awsvpc(sim: Simulation) -> None:
    sim.register(task_definition("vpc", container("c", "nginx", memory=64), network_mode="awsvpc"))


def deregister_a_busy_instance(sim: Simulation) -> Any:
    sim.run_until_stable()  # the service's task runs on the one instance
    ecs = sim.client("ecs")
    [instance] = ecs.list_container_instances(cluster="web")["containerInstanceArns"]
    return ecs.deregister_container_instance(cluster="web", containerInstance=instance)


def update_a_draining_service(sim: Simulation) -> Any:
    ecs = sim.client("ecs")
    ecs.delete_service(cluster="web", service="api", force=True)
    return ecs.update_service(cluster="web", service="api", desiredCount=1)


Case = tuple[str, Callable[[Simulation], Any], str, str]

#: (service, call, code, AWS's message); the source is the comment above each.
CASES: list[Case] = [
    # getmoto/moto's ClusterNotFoundException; remind101/empire matches "Cluster not found"
    (
        "ecs",
        lambda s: s.client("ecs").describe_services(cluster="nope", services=["x"]),
        "ClusterNotFoundException",
        "Cluster not found.",
    ),
    # getmoto/moto's ServiceNotFoundException; remind101/empire matches "Service not found"
    (
        "ecs",
        lambda s: s.client("ecs").update_service(cluster="web", service="nope", desiredCount=1),
        "ServiceNotFoundException",
        "Service not found.",
    ),
    # hashicorp/terraform-provider-aws#23462, #14168
    (
        "ecs",
        lambda s: s.client("ecs").create_service(
            cluster="web", serviceName="api", taskDefinition="web:2", desiredCount=1
        ),
        "InvalidParameterException",
        "Creation of service was not idempotent.",
    ),
    # learners' notes quoting the console; getmoto/moto's DeleteService
    (
        "ecs",
        lambda s: s.client("ecs").delete_service(cluster="web", service="api"),
        "InvalidParameterException",
        "The service cannot be stopped while it is scaled above 0.",
    ),
    # fabfuel/ecs-deploy#59, aws/aws-cdk#1197 (no final period)
    (
        "ecs",
        lambda s: s.client("ecs").create_service(
            cluster="web",
            serviceName="d",
            taskDefinition="web",
            schedulingStrategy="DAEMON",
            desiredCount=1,
        ),
        "InvalidParameterException",
        "The daemon scheduling strategy does not support a desired count for services. Remove the "
        "desired count value and try again",
    ),
    # terraform-linters/tflint-ruleset-aws#349, pulumi/pulumi-awsx#599
    (
        "ecs",
        lambda s: s.client("ecs").run_task(
            cluster="web",
            taskDefinition="web",
            launchType="EC2",
            capacityProviderStrategy=[{"capacityProvider": "x"}],
        ),
        "InvalidParameterException",
        "Specifying both a launch type and capacity provider strategy is not supported. Remove one "
        "and try again.",
    ),
    # aws/amazon-ecs-cli#368, rebuy-de/aws-nuke#231, coldbrewcloud/coldbrew-cli#35
    (
        "ecs",
        lambda s: s.client("ecs").delete_cluster(cluster="web"),
        "ClusterContainsContainerInstancesException",
        "The Cluster cannot be deleted while Container Instances are active or draining.",
    ),
    # griptape-ai/griptape-nodes-engine#1454, wazuh/wazuh#25439; apache/airflow's ECS tests
    (
        "ecs",
        lambda s: s.client("ecs").stop_task(cluster="web", task="0" * 32),
        "InvalidParameterException",
        "The referenced task was not found.",
    ),
    # aws/copilot-cli#3551, convox/rack#1908
    (
        "ecs",
        lambda s: s.client("ecs").describe_tasks(cluster="web", tasks=[]),
        "InvalidParameterException",
        "Tasks cannot be empty.",
    ),
    # aws/amazon-ecs-cli#1122, linz/geostore#1687 (CloudTrail's errorMessage)
    (
        "ecs",
        lambda s: s.client("ecs").run_task(cluster="empty", taskDefinition="web"),
        "InvalidParameterException",
        "No Container Instances were found in your cluster.",
    ),
    # getmoto/moto#5910 (checked against AWS), sil-org/ecs-deploy#145
    (
        "ecs",
        lambda s: s.client("ecs").describe_task_definition(taskDefinition="nope:1"),
        "ClientException",
        "Unable to describe task definition.",
    ),
    # Cloud-CV/EvalAI#2419, remind101/empire#353
    (
        "ecs",
        lambda s: s.client("ecs").create_service(
            cluster="web", serviceName="n", taskDefinition="nope", desiredCount=1
        ),
        "ClientException",
        "TaskDefinition not found.",
    ),
    # DefangLabs/defang#775 (RunTask)
    (
        "ecs",
        lambda s: s.client("ecs").run_task(cluster="web", taskDefinition="web:1"),
        "InvalidParameterException",
        "TaskDefinition is inactive",
    ),
    # issue 15; getmoto/moto's RevisionNotFoundException
    (
        "ecs",
        lambda s: s.client("ecs").deregister_task_definition(taskDefinition="web"),
        "ClientException",
        "Revision is missing.",
    ),
    # issue 15
    (
        "ecs",
        lambda s: s.client("ecs").register_task_definition(
            family="f", containerDefinitions=[{"name": "", "image": "nginx", "memory": 128}]
        ),
        "ClientException",
        "Container.name should not be null or empty.",
    ),
    # sil-org/ecs-deploy#59, getmoto/moto#7280 (run against AWS)
    (
        "ecs",
        lambda s: s.client("ecs").register_task_definition(
            family="f", containerDefinitions=[{"name": "c", "image": "nginx"}]
        ),
        "ClientException",
        "Invalid setting for container 'c'. At least one of 'memory' or 'memoryReservation' "
        "must be specified.",
    ),
    # pulumi/pulumi-awsx#1220
    (
        "ecs",
        lambda s: s.client("ecs").register_task_definition(
            family="f",
            memory="512",
            containerDefinitions=[{"name": "worker", "image": "nginx", "memory": 1024}],
        ),
        "ClientException",
        "The 'memory' setting for container 'worker' is greater than for the task.",
    ),
    # cds-snc/notification-terraform#329
    (
        "ecs",
        lambda s: s.client("ecs").register_task_definition(
            family="f", cpu="fast", containerDefinitions=[{"name": "c", "image": "n", "memory": 64}]
        ),
        "ClientException",
        "Invalid 'cpu' setting for task. For more information, see the Troubleshooting section of "
        "the Amazon ECS Developer Guide.",
    ),
    # Terraform's errors (quoted in many configurations)
    (
        "ecs",
        lambda s: s.client("ecs").register_task_definition(
            family="f",
            requiresCompatibilities=["FARGATE"],
            networkMode="awsvpc",
            memory="512",
            containerDefinitions=[{"name": "c", "image": "n"}],
        ),
        "ClientException",
        "Fargate requires that 'cpu' be defined at the task level.",
    ),
    # aws/amazon-ecs-cli#463
    (
        "ecs",
        lambda s: s.client("ecs").register_task_definition(
            family="f",
            requiresCompatibilities=["FARGATE"],
            networkMode="awsvpc",
            cpu="256",
            memory="4096",
            containerDefinitions=[{"name": "c", "image": "n"}],
        ),
        "ClientException",
        "No Fargate configuration exists for given values.",
    ),
    # an account probe's notes (ClientException for an empty list)
    (
        "ecs",
        lambda s: s.client("ecs").register_task_definition(family="f", containerDefinitions=[]),
        "ClientException",
        "Container list cannot be empty.",
    ),
    # retool-onpremise#84 (CloudFormation's error), getmoto/moto
    (
        "ecs",
        lambda s: (awsvpc(s), s.client("ecs").run_task(cluster="web", taskDefinition="vpc")),
        "InvalidParameterException",
        "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    ),
    # Terraform errors quoted in public configurations
    (
        "ecs",
        lambda s: (
            awsvpc(s),
            s.client("ecs").run_task(
                cluster="web",
                taskDefinition="vpc",
                networkConfiguration={
                    "awsvpcConfiguration": {"subnets": ["s"], "assignPublicIp": "ENABLED"}
                },
            ),
        ),
        "InvalidParameterException",
        "Assign public IP is not supported for this launch type.",
    ),
    # getmoto/moto's tests; a script that parses the AWS CLI's output for it
    (
        "ecs",
        deregister_a_busy_instance,
        "InvalidParameterException",
        "Found running tasks on the instance.",
    ),
    # aws/amazon-ecs-cli#368, rebuy-de/aws-nuke#231
    (
        "ecs",
        lambda s: (
            s.client("ecs").delete_cluster(cluster="empty")
            if s.client("ecs").create_service(
                cluster="empty", serviceName="idle", taskDefinition="web", desiredCount=0
            )
            else None
        ),
        "ClusterContainsServicesException",
        "The Cluster cannot be deleted while Services are active.",
    ),
    # remind101/empire matches "Service was not ACTIVE" (the final period as ECS's others)
    ("ecs", update_a_draining_service, "ServiceNotActiveException", "Service was not ACTIVE."),
    # oranmoshai/ecsServiceRestart#2 (for FARGATE)
    (
        "ecs",
        lambda s: (
            s.client("ecs").run_task(cluster="web", taskDefinition="fargate")
            if s.client("ecs").register_task_definition(
                family="fargate",
                requiresCompatibilities=["FARGATE"],
                networkMode="awsvpc",
                cpu="256",
                memory="512",
                containerDefinitions=[{"name": "c", "image": "nginx"}],
            )
            else None
        ),
        "InvalidParameterException",
        "Task definition does not support launch_type EC2.",
    ),
    # checked against the API in 2026 by a linter's authors (older quotes have typographic
    # quotes around awsvpc)
    (
        "ecs",
        lambda s: s.client("ecs").register_task_definition(
            family="f",
            requiresCompatibilities=["FARGATE"],
            cpu="256",
            memory="512",
            containerDefinitions=[{"name": "c", "image": "n"}],
        ),
        "ClientException",
        "Fargate only supports network mode 'awsvpc'.",
    ),
    # the ECS CLI's documentation, a CloudFormation linter
    (
        "ecs",
        lambda s: s.client("ecs").register_task_definition(
            family="f",
            networkMode="awsvpc",
            containerDefinitions=[
                {"name": "a", "image": "n", "memory": 64, "links": ["b"]},
                {"name": "b", "image": "n", "memory": 64},
            ],
        ),
        "ClientException",
        "Links are not supported when networkMode=awsvpc.",
    ),
    # Terraform configurations quote it
    (
        "ecs",
        lambda s: s.client("ecs").register_task_definition(
            family="f",
            networkMode="awsvpc",
            containerDefinitions=[
                {
                    "name": "a",
                    "image": "n",
                    "memory": 64,
                    "portMappings": [{"containerPort": 80, "hostPort": 8080}],
                }
            ],
        ),
        "ClientException",
        "When networkMode=awsvpc, the host ports and container ports in port mappings must match.",
    ),
    # Terraform and CLI errors ("The repository with name ... does not exist ...")
    (
        "ecr",
        lambda s: s.client("ecr").describe_images(repositoryName="nope"),
        "RepositoryNotFoundException",
        f"The repository with name 'nope' does not exist in the registry with id '{ACCOUNT}'",
    ),
    # terraform's data "aws_ecr_image" error, quoted by its users
    (
        "ecr",
        lambda s: s.client("ecr").describe_images(
            repositoryName="repo", imageIds=[{"imageTag": "latest"}]
        ),
        "ImageNotFoundException",
        "The image with imageId {imageDigest:'null', imageTag:'latest'} does not exist within the "
        f"repository with name 'repo' in the registry with id '{ACCOUNT}'",
    ),
    # two emulators that captured it from CreateRepository
    (
        "ecr",
        lambda s: s.client("ecr").create_repository(repositoryName="Bad_Name!"),
        "InvalidParameterException",
        "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular "
        r"expression '[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*''",
    ),
    # AWS CLI output and Terraform docs
    (
        "application-autoscaling",
        lambda s: s.client("application-autoscaling").put_scaling_policy(
            PolicyName="p",
            ServiceNamespace="ecs",
            ResourceId="service/web/api",
            ScalableDimension="ecs:service:DesiredCount",
            PolicyType="TargetTrackingScaling",
            TargetTrackingScalingPolicyConfiguration={
                "TargetValue": 50.0,
                "PredefinedMetricSpecification": {
                    "PredefinedMetricType": "ECSServiceAverageCPUUtilization"
                },
            },
        ),
        "ObjectNotFoundException",
        "No scalable target registered for service namespace: ecs, resource ID: service/web/api, "
        "scalable dimension: ecs:service:DesiredCount",
    ),
    # terraform-provider-aws retries on it; getmoto/moto
    (
        "application-autoscaling",
        lambda s: s.client("application-autoscaling").register_scalable_target(
            ServiceNamespace="ecs",
            ResourceId="service/web/nope",
            ScalableDimension="ecs:service:DesiredCount",
            MinCapacity=1,
            MaxCapacity=2,
        ),
        "ValidationException",
        "ECS service doesn't exist: service/web/nope",
    ),
    # an account's test run ("the exact service response"), getmoto/moto
    (
        "application-autoscaling",
        lambda s: s.client("application-autoscaling").register_scalable_target(
            ServiceNamespace="ecs",
            ResourceId="web/api",
            ScalableDimension="ecs:service:DesiredCount",
            MinCapacity=1,
            MaxCapacity=2,
        ),
        "ValidationException",
        "Unsupported service namespace, resource type or scalable dimension",
    ),
    # the AWS CLI's output, quoted in guides; getmoto/moto's tests
    (
        "ec2",
        lambda s: s.client("ec2").describe_availability_zones(DryRun=True),
        "DryRunOperation",
        "Request would have succeeded, but DryRun flag is set.",
    ),
    # CloudFormation events and SDK errors ("Invalid availability zone: [us-east-1b]")
    (
        "ec2",
        lambda s: s.client("ec2").describe_availability_zones(ZoneNames=["us-east-1z"]),
        "InvalidParameterValue",
        "Invalid availability zone: [us-east-1z]",
    ),
    # the AWS CLI's output for DescribeInstances, DescribeSubnets, DescribeFpgaImages
    (
        "ec2",
        lambda s: s.client("ec2").describe_availability_zones(
            Filters=[{"Name": "colour", "Values": ["x"]}]
        ),
        "InvalidParameterValue",
        "The filter 'colour' is invalid",
    ),
]


@pytest.mark.parametrize(
    ("service", "call", "code", "message"),
    CASES,
    ids=[f"{service}-{code}-{message[:40]}" for service, _, code, message in CASES],
)
def test_the_message_is_aws_text(service: str, call: Any, code: str, message: str) -> None:
    sim = world()
    with pytest.raises(ClientError) as err:
        call(sim)
    error = err.value.response["Error"]
    assert (error["Code"], error["Message"]) == (code, message)


def test_the_advice_is_ecslearns_and_off_the_wire() -> None:
    sim = world()
    with pytest.raises(ClientError) as err:
        sim.client("ecs").stop_task(cluster="web", task="0" * 32)
    assert err.value.response["Error"]["Message"] == "The referenced task was not found."
    advice = explain(err.value) or ""
    assert "list_tasks" in advice and "0" * 32 in advice
