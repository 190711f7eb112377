"""What the blue/green, linear and canary tests share: a cluster with two revisions of a web
task, an Application Load Balancer whose production rule forwards to the blue target group
(weight 100) and the green one (weight 0), a test rule matched by an ``X-Test: 1`` header, and a
service made with the strategy a test asks for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from tests.services.elbv2_fixtures import application, forward, group

ROLE = "arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers"
HOOK_ROLE = "arn:aws:iam::123456789012:role/ecsLambdaHookRole"
CHECK = "arn:aws:lambda:us-east-1:123456789012:function:check-green"
TEST_HEADER = {"X-Test": "1"}


@dataclass
class Shop:
    sim: Simulation
    ecs: Any
    elbv2: Any
    balancer: dict
    blue: str  # the service's targetGroupArn (blue before the first blue/green deployment)
    green: str  # its alternateTargetGroupArn
    production: str  # the production listener rule's ARN
    test: str  # the test listener rule's ARN

    @property
    def url(self) -> str:
        return f"http://{self.balancer['DNSName']}/"

    def production_groups(self, n: int = 10) -> list[str | None]:
        return [r.target_group for r in self.sim.send_requests(self.url, n)]

    def test_groups(self, n: int = 10) -> list[str | None]:
        served = self.sim.send_requests(self.url, n, headers=TEST_HEADER)
        return [r.target_group for r in served]

    def weights(self, rule: str | None = None) -> dict[str, int]:
        """Target group name -> weight of the rule's forward action, as DescribeRules shows it."""
        [found] = self.elbv2.describe_rules(RuleArns=[rule or self.production])["Rules"]
        [action] = [a for a in found["Actions"] if a["Type"] == "forward"]
        return {
            g["TargetGroupArn"].split("/")[-2]: g["Weight"]
            for g in action["ForwardConfig"]["TargetGroups"]
        }

    def balancers(self) -> list[dict]:
        advanced = {
            "alternateTargetGroupArn": self.green,
            "productionListenerRule": self.production,
            "testListenerRule": self.test,
            "roleArn": ROLE,
        }
        return [
            {
                "targetGroupArn": self.blue,
                "containerName": "app",
                "containerPort": 80,
                "advancedConfiguration": advanced,
            }
        ]

    def create(self, config: dict[str, Any], desired: int = 2) -> None:
        self.ecs.create_service(
            cluster="shop",
            serviceName="web",
            taskDefinition="web:1",
            desiredCount=desired,
            loadBalancers=self.balancers(),
            deploymentConfiguration=config,
        )
        self.sim.run_until_stable()

    def deploy(self, revision: str = "web:2", **more: Any) -> str:
        """UpdateService to `revision`; the new service deployment's ARN."""
        self.ecs.update_service(cluster="shop", service="web", taskDefinition=revision, **more)
        return self.newest()["serviceDeploymentArn"]

    def newest(self) -> dict:
        found = self.ecs.list_service_deployments(cluster="shop", service="web")
        return found["serviceDeployments"][0]

    def described(self, arn: str) -> dict:
        found = self.ecs.describe_service_deployments(serviceDeploymentArns=[arn])
        return found["serviceDeployments"][0]

    def until(self, arn: str, check: Any, limit: float = 1800.0, step: float = 5.0) -> dict:
        """Advance the clock until `check(described deployment)` holds."""
        waited = 0.0
        while waited <= limit:
            deployment = self.described(arn)
            if check(deployment):
                return deployment
            self.sim.advance(step)
            waited += step
        raise AssertionError(f"not reached in {limit} s: {self.described(arn)}")

    def at_stage(self, arn: str, stage: str) -> dict:
        return self.until(arn, lambda d: d.get("lifecycleStage") == stage)

    def finished(self, arn: str) -> dict:
        return self.until(arn, lambda d: d["status"] not in ("IN_PROGRESS", "ROLLBACK_IN_PROGRESS"))

    def tasks_of(self, revision: str) -> set[str]:
        state = self.sim.region_state()
        return {
            t.id
            for t in state.tasks.values()
            if t.service_name == "web"
            and t.desired_status == "RUNNING"
            and t.task_definition_arn.endswith(f":task-definition/{revision}")
        }

    def events(self) -> list[str]:
        [service] = self.ecs.describe_services(cluster="shop", services=["web"])["services"]
        return [e["message"] for e in service["events"]]


def shop(sim: Simulation) -> Shop:
    ecs, elbv2 = sim.client("ecs"), sim.client("elbv2")
    ecs.create_cluster(clusterName="shop")
    sim.launch_instances("shop", count=3, instance_type="m5.large")
    for image in ("nginx:1.26", "nginx:1.27", "nginx:1.28"):
        sim.register(task_definition("web", container("app", image, memory=128, ports=[80])))
    balancer = application(sim, elbv2)
    blue, green = group(sim, elbv2, "blue"), group(sim, elbv2, "green")
    listener = elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=forward(blue),
    )["Listeners"][0]["ListenerArn"]
    everything = [{"Field": "path-pattern", "Values": ["/*"]}]
    header = [
        {"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X-Test", "Values": ["1"]}}
    ]
    both = forward(blue, green, weights=[100, 0])
    production = elbv2.create_rule(
        ListenerArn=listener, Priority=10, Conditions=everything, Actions=both
    )["Rules"][0]["RuleArn"]
    test = elbv2.create_rule(ListenerArn=listener, Priority=5, Conditions=header, Actions=both)[
        "Rules"
    ][0]["RuleArn"]
    return Shop(sim, ecs, elbv2, balancer, blue, green, production, test)


def pause_at(stage: str) -> dict:
    return {"targetType": "PAUSE", "lifecycleStages": [stage]}


def lambda_at(stage: str, arn: str = CHECK) -> dict:
    return {"hookTargetArn": arn, "roleArn": HOOK_ROLE, "lifecycleStages": [stage]}
