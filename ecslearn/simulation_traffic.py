"""The traffic and load handles of `Simulation`: shortcuts over ELBv2 for lessons, requests
sent now through a load balancer, and the load that target tracking reacts to.

They live apart from `simulation.py` so each service's lesson helpers have a home that does not
grow the front door past one screenful per concern; `Simulation` inherits them.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.arns import parse_arn
from ecslearn.control.load_balancing import alb, request_routing
from ecslearn.control.load_balancing.rule_conditions import DEFAULT_SOURCE_IP
from ecslearn.control.world import World
from ecslearn.model.load_balancing import ServedRequest


class TrafficHandles:
    """ELBv2 shortcuts, `send_requests`, `explain_traffic` and `set_load` (mixed into
    `Simulation`)."""

    world: World

    # -- load balancing, for lessons (ELBv2: sim.client("elbv2") is the whole API) --------------
    def create_target_group(
        self,
        name: str,
        port: int = 80,
        protocol: str = "HTTP",
        target_type: str = "instance",
        health_check_path: str = "/",
        interval: int = 30,
        healthy_threshold: int = 5,
        unhealthy_threshold: int = 2,
        deregistration_delay: int = 300,
        matcher: str = "200",
        region: str | None = None,
    ) -> str:
        """A shortcut over ELBv2's CreateTargetGroup (in the default VPC) and, for a delay other
        than ELB's 300 s, ModifyTargetGroupAttributes; returns the group's ARN for a service's
        ``loadBalancers``. ``target_type="instance"`` suits bridge/host tasks (dynamic host
        ports work), ``"ip"`` awsvpc tasks. Defaults are ELB's: a check every 30 s, 5 passes
        to recover, 2 failures to turn unhealthy, 300 s of draining."""
        from ecslearn.services.elbv2.shortcuts import create_target_group

        return create_target_group(
            self.world,
            region or self.world.region,
            name,
            port=port,
            protocol=protocol,
            target_type=target_type,
            health_check_path=health_check_path,
            interval=interval,
            healthy_threshold=healthy_threshold,
            unhealthy_threshold=unhealthy_threshold,
            deregistration_delay=deregistration_delay,
            matcher=matcher,
        )

    def describe_target_health(
        self, target_group_arn: str, targets: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        """ELBv2's DescribeTargetHealth answer: ``{"TargetHealthDescriptions": [...]}``."""
        request: dict[str, Any] = {"TargetGroupArn": target_group_arn, "Targets": targets}
        region = (parse_arn(target_group_arn) or {}).get("region") or self.world.region
        return self.world.dispatcher.call("elbv2", "DescribeTargetHealth", request, region)

    def send_requests(
        self,
        target: str,
        n: int = 1,
        *,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        source_ip: str = DEFAULT_SOURCE_IP,
    ) -> list[ServedRequest]:
        """Send `n` requests now. `target` is a URL on a load balancer's DNS name
        (``http://web-123.us-east-1.elb.amazonaws.com/api?page=2``: routed by its listener's
        rules, which may look at the path, host, `method`, `headers`, query string and the
        client's address `source_ip`) or a target group's ARN (straight to its targets). Each
        result says what answered: the task, instance (or IP) and port, a fixed response, or the
        error (503 with no target). A target whose task runs on a Docker instance really gets
        the request (with `method`, `headers` and ELB's X-Forwarded headers): the result holds
        what its container served (status, the start of the body, the wall-clock latency), or
        ELB's 502/504 when it could not answer."""
        if target.startswith(("http://", "https://")):
            return request_routing.send(
                self.world,
                target,
                n,
                method=method,
                headers=tuple((headers or {}).items()),
                source_ip=source_ip,
            )
        return alb.send_requests(self.world, target, n)

    def explain_traffic(
        self, answers: list[ServedRequest] | str, lang: str | None = None
    ) -> list[str]:
        """Plain lines, in the session's language (or `lang`), for what `send_requests`
        answered, or for each target of a target group (its ARN) and what its health means."""
        from ecslearn.words.traffic import health_line, served_line

        if isinstance(answers, str):
            found = self.describe_target_health(answers)["TargetHealthDescriptions"]
            return [health_line(description, lang) for description in found]
        return [served_line(answer, lang) for answer in answers]

    # -- load, for auto scaling lessons --------------------------------------------------------
    def set_load(
        self,
        service: str,
        *,
        cpu_percent: float | None = None,
        memory_percent: float | None = None,
        requests_per_target: float | None = None,
        cluster: str | None = None,
        region: str | None = None,
    ) -> Any:
        """Make the service this busy *now*: e.g. ``cpu_percent=90`` is a 90 % average CPU across
        its running tasks. The demand stays while the task count changes, so scaling out lowers
        the average (see `ecslearn.services.application_autoscaling.target_tracking`).
        `service` is a name (in `cluster`, ``default`` when omitted) or an ARN."""
        from ecslearn.services.application_autoscaling import target_tracking as autoscaling

        return autoscaling.set_load(
            self.world,
            service,
            cluster=cluster,
            region=region,
            cpu_percent=cpu_percent,
            memory_percent=memory_percent,
            requests_per_target=requests_per_target,
        )
