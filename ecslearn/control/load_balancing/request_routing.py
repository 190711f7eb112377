"""Requests sent to a load balancer's DNS name, routed as ELB routes them.

``http://<DNS name>[:port]/path``: the load balancer must be ``active`` (its name does not
resolve before) and listen on the port (else the connection is refused). Its listener's rules
are evaluated from the lowest priority to the highest, the default rule last; a rule matches
when every condition does (`rule_conditions`: path, host, headers, method, query string and
source address). The first matching rule acts: a forward spreads requests over its target
groups by weight (smooth weighted round robin, so 3:1 sends exactly three of every four to the
first; weight 0 sends none) and then over each group's targets (`alb.forward`); a fixed
response answers its status and body; a redirect answers 301 or 302 with its Location.

A forwarded request reaches a target whose task runs as real containers (the Docker agent) over
the network, with the path, the Host header and ELB's X-Forwarded headers, and the answer is
what the container served (`target_answers`); a simulated target answers from its task's
docker labels (`target_address.answer`).

ecslearn's choice: requests come from wherever the learner is, so an internal load balancer
answers them too (AWS's would answer only from inside its VPC).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from ecslearn.control.load_balancing import alb
from ecslearn.control.load_balancing.rule_conditions import (
    DEFAULT_SOURCE_IP,
    RequestFacts,
    rule_matches,
)
from ecslearn.control.load_balancing.target_answers import ClientRequest
from ecslearn.control.state import RegionState
from ecslearn.errors import InvalidParameterException
from ecslearn.model.elbv2 import ACTIVE, ElbLoadBalancer, ListenerRule, forward_weights
from ecslearn.model.load_balancing import ServedRequest

if TYPE_CHECKING:
    from ecslearn.control.world import World

DEFAULT_PORTS = {"http": 80, "https": 443}


def _find(world: World, host: str) -> tuple[RegionState, ElbLoadBalancer]:
    for state in world.regions():
        for balancer in state.elbv2.load_balancers.values():
            if balancer.dns_name.lower() == host:
                return state, balancer
    raise InvalidParameterException(
        f"Could not resolve host: {host}",
        hint="Use a load balancer's DNSName, as elbv2.describe_load_balancers() shows it.",
    )


def _redirect(config: dict[str, Any], scheme: str, host: str, port: int, url: Any) -> str:
    values = {
        "#{protocol}": scheme,
        "#{host}": host,
        "#{port}": str(port),
        "#{path}": url.path.lstrip("/"),
        "#{query}": url.query,
    }

    def fill(text: str) -> str:
        for key, value in values.items():
            text = text.replace(key, value)
        return text

    protocol = fill(config.get("Protocol", "#{protocol}")).lower()
    query = fill(config.get("Query", "#{query}"))
    where = (
        f"{protocol}://{fill(config.get('Host', '#{host}'))}:{fill(config.get('Port', '#{port}'))}"
    )
    return where + fill(config.get("Path", "/#{path}")) + (f"?{query}" if query else "")


def _weighted(rule: ListenerRule, action: dict[str, Any]) -> str | None:
    """The target group the next request of a forward goes to (smooth weighted round robin)."""
    weights = [(arn, w) for arn, w in forward_weights(action) if w > 0]
    if not weights:
        return None
    for arn, weight in weights:
        rule.credits[arn] = rule.credits.get(arn, 0.0) + weight
    chosen = max(weights, key=lambda item: rule.credits[item[0]])[0]
    rule.credits[chosen] -= sum(w for _, w in weights)
    return chosen


def _act(
    world: World,
    state: RegionState,
    rule: ListenerRule,
    url: Any,
    where: tuple,
    request: ClientRequest,
) -> ServedRequest:
    action = next(a for a in rule.actions if a["Type"] in ("forward", "fixed-response", "redirect"))
    if action["Type"] == "fixed-response":
        config = action["FixedResponseConfig"]
        return ServedRequest(
            world.now,
            int(config["StatusCode"]),
            body=config.get("MessageBody", ""),
            rule=rule.priority,
        )
    if action["Type"] == "redirect":
        config = action["RedirectConfig"]
        status = 301 if config.get("StatusCode") == "HTTP_301" else 302
        return ServedRequest(
            world.now, status, body=_redirect(config, *where, url), rule=rule.priority
        )
    arn = _weighted(rule, action)
    group = state.target_groups.get(arn or "")
    balancer = state.elbv2.listeners[rule.listener_arn].load_balancer_arn
    if group is None:
        errors = state.cloudwatch.balancer_5xx
        errors[balancer] = errors.get(balancer, 0) + 1
        return ServedRequest(
            world.now, 503, error="503 Service Temporarily Unavailable", rule=rule.priority
        )
    served = alb.forward(world, state, group, request, balancer)
    return ServedRequest(**{**served.__dict__, "rule": rule.priority})


def send(
    world: World,
    url: str,
    count: int,
    *,
    method: str = "GET",
    headers: Sequence[tuple[str, str]] = (),
    source_ip: str = DEFAULT_SOURCE_IP,
) -> list[ServedRequest]:
    """`count` requests to `url` through the load balancer its host names (see the module),
    each with `method`, `headers` (name, value pairs) and from the client address
    `source_ip`."""
    if count < 0:
        raise InvalidParameterException("send_requests needs a number of requests >= 0.")
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    state, balancer = _find(world, host)
    if balancer.state != ACTIVE:
        raise InvalidParameterException(
            f"Could not resolve host: {host}",
            hint=f"The load balancer {balancer.name} is still {balancer.state}: advance the "
            "clock (sim.advance(...)) until DescribeLoadBalancers says it is active.",
        )
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 80)
    listener = next(
        (known for known in state.elbv2.listeners_of(balancer.arn) if known.port == port), None
    )
    if listener is None:
        raise InvalidParameterException(
            f"Failed to connect to {host} port {port}: Connection refused",
            hint=f"The load balancer {balancer.name} has no listener on port {port}.",
        )
    path = parts.path or "/"
    facts = RequestFacts(
        host=host,
        path=path,
        method=method,
        headers=tuple(headers),
        query=tuple(parse_qsl(parts.query, keep_blank_values=True)),
        source_ip=source_ip,
    )
    rules = state.elbv2.rules_of(listener.arn)
    rule = next(r for r in rules if rule_matches(r.conditions, facts))
    scheme = parts.scheme or "http"
    request = ClientRequest(
        path=path + (f"?{parts.query}" if parts.query else ""),
        host=host + (f":{parts.port}" if parts.port else ""),
        scheme=scheme,
        port=port,
        method=method,
        headers=tuple(headers),
        source_ip=source_ip,
    )
    served = []
    for _ in range(count):
        served.append(_act(world, state, rule, parts, (scheme, host, port), request))
    world.record(
        "elb",
        f"{balancer.name}: {count} requests to {path} on port {port}: {alb.summary(served)}",
        details={"load_balancer": balancer.arn},
    )
    return served
