"""Listener rules as an Application Load Balancer evaluates them: conditions on headers, the
request method, the query string and the client's address besides path and host; ELB's limits
on conditions; SetRulePriorities changing several priorities at once; tags on every ELB
resource."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from ecslearn import Simulation
from tests.services.elbv2_fixtures import application, error_of, fixed, group


@pytest.fixture
def balancer(sim: Simulation, elbv2: Any) -> dict:
    return application(sim, elbv2)


@pytest.fixture
def listener(elbv2: Any, balancer: dict) -> str:
    return elbv2.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"],
        Protocol="HTTP",
        Port=80,
        DefaultActions=fixed("404", "default"),
    )["Listeners"][0]["ListenerArn"]


def rule(elbv2: Any, listener: str, priority: int, conditions: list, body: str) -> str:
    return elbv2.create_rule(
        ListenerArn=listener,
        Priority=priority,
        Conditions=conditions,
        Actions=fixed("200", body),
    )["Rules"][0]["RuleArn"]


def answer(sim: Simulation, balancer: dict, path: str = "/", **options: Any) -> str:
    [served] = sim.send_requests(f"http://{balancer['DNSName']}{path}", 1, **options)
    return served.body


def header(name: str, *values: str) -> dict:
    return {
        "Field": "http-header",
        "HttpHeaderConfig": {"HttpHeaderName": name, "Values": list(values)},
    }


def test_a_header_condition_matches_the_named_header_ignoring_case_with_wildcards(
    sim: Simulation, elbv2: Any, balancer: dict, listener: str
) -> None:
    rule(elbv2, listener, 1, [header("User-Agent", "*Mobile*")], "mobile")
    assert answer(sim, balancer, headers={"user-agent": "Foo MOBILE Safari"}) == "mobile"
    assert answer(sim, balancer, headers={"User-Agent": "Desktop"}) == "default"
    assert answer(sim, balancer) == "default"  # a request without the header


def test_a_method_condition_is_case_sensitive(
    sim: Simulation, elbv2: Any, balancer: dict, listener: str
) -> None:
    methods = {"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["POST"]}}
    rule(elbv2, listener, 1, [methods], "writes")
    assert answer(sim, balancer, method="POST") == "writes"
    assert answer(sim, balancer, method="post") == "default"
    assert answer(sim, balancer) == "default"


def test_a_query_string_condition_matches_a_pair_with_or_without_its_key(
    sim: Simulation, elbv2: Any, balancer: dict, listener: str
) -> None:
    keyed = {
        "Field": "query-string",
        "QueryStringConfig": {"Values": [{"Key": "version", "Value": "v2*"}]},
    }
    any_key = {"Field": "query-string", "QueryStringConfig": {"Values": [{"Value": "beta"}]}}
    rule(elbv2, listener, 1, [keyed], "v2")
    rule(elbv2, listener, 2, [any_key], "beta")
    assert answer(sim, balancer, "/?page=1&VERSION=V2.1") == "v2"
    assert answer(sim, balancer, "/?channel=beta") == "beta"
    assert answer(sim, balancer, "/?version=v1") == "default"


def test_a_source_ip_condition_matches_the_client_address_in_its_cidr_blocks(
    sim: Simulation, elbv2: Any, balancer: dict, listener: str
) -> None:
    office = {"Field": "source-ip", "SourceIpConfig": {"Values": ["192.0.2.0/24"]}}
    rule(elbv2, listener, 1, [office], "office")
    assert answer(sim, balancer, source_ip="192.0.2.77") == "office"
    # X-Forwarded-For is not the client's address: ELB looks at the connection's source.
    assert answer(sim, balancer, headers={"X-Forwarded-For": "192.0.2.77"}) == "default"


def test_every_condition_of_a_rule_must_match(
    sim: Simulation, elbv2: Any, balancer: dict, listener: str
) -> None:
    both = [{"Field": "path-pattern", "Values": ["/api/*"]}, header("X-Beta", "yes")]
    rule(elbv2, listener, 1, both, "beta api")
    assert answer(sim, balancer, "/api/x", headers={"X-Beta": "YES"}) == "beta api"
    assert answer(sim, balancer, "/api/x") == "default"
    assert answer(sim, balancer, "/web", headers={"X-Beta": "yes"}) == "default"


def test_header_conditions_may_repeat_but_a_path_condition_may_not(
    elbv2: Any, listener: str
) -> None:
    made = rule(elbv2, listener, 1, [header("A", "1"), header("B", "2")], "two headers")
    assert len(elbv2.describe_rules(RuleArns=[made])["Rules"][0]["Conditions"]) == 2
    paths = [
        {"Field": "path-pattern", "Values": ["/a"]},
        {"Field": "path-pattern", "Values": ["/b"]},
    ]
    with pytest.raises(ClientError) as refused:
        rule(elbv2, listener, 2, paths, "x")
    assert error_of(refused) == (
        "ValidationError",
        "A rule can only have one 'path-pattern' condition",
    )


@pytest.mark.parametrize(
    ("conditions", "says"),
    [
        ([{"Field": "path-pattern", "Values": ["/a", "/b", "/c", "/d"]}], "'3' values"),
        ([header("A", "1", "2", "3"), header("B", "4", "5", "6")], "'5' condition values"),
        ([header("Host", "example.com")], "host-header"),
        ([{"Field": "source-ip", "SourceIpConfig": {"Values": ["10.0.0.300/8"]}}], "CIDR"),
        ([{"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": ["G3T"]}}], "A-Z"),
        ([{"Field": "cookie", "Values": ["x"]}], "must be one of"),
    ],
)
def test_conditions_outside_elbs_limits_are_refused_and_nothing_is_made(
    elbv2: Any, listener: str, conditions: list, says: str
) -> None:
    with pytest.raises(ClientError) as refused:
        rule(elbv2, listener, 1, conditions, "x")
    code, message = error_of(refused)
    assert code == "ValidationError" and says in message
    assert len(elbv2.describe_rules(ListenerArn=listener)["Rules"]) == 1  # the default only


def test_set_rule_priorities_swaps_priorities_in_one_call(
    sim: Simulation, elbv2: Any, balancer: dict, listener: str
) -> None:
    everything = [{"Field": "path-pattern", "Values": ["/*"]}]
    first = rule(elbv2, listener, 1, everything, "first")
    second = rule(elbv2, listener, 2, everything, "second")
    assert answer(sim, balancer) == "first"
    elbv2.set_rule_priorities(
        RulePriorities=[{"RuleArn": first, "Priority": 2}, {"RuleArn": second, "Priority": 1}]
    )
    assert answer(sim, balancer) == "second"


def test_set_rule_priorities_refuses_a_clash_or_the_default_rule_and_changes_nothing(
    elbv2: Any, listener: str
) -> None:
    everything = [{"Field": "path-pattern", "Values": ["/*"]}]
    first = rule(elbv2, listener, 1, everything, "first")
    rule(elbv2, listener, 2, everything, "second")
    with pytest.raises(elbv2.exceptions.PriorityInUseException):
        elbv2.set_rule_priorities(RulePriorities=[{"RuleArn": first, "Priority": 2}])
    default = elbv2.describe_rules(ListenerArn=listener)["Rules"][-1]["RuleArn"]
    with pytest.raises(elbv2.exceptions.OperationNotPermittedException):
        elbv2.set_rule_priorities(
            RulePriorities=[{"RuleArn": first, "Priority": 7}, {"RuleArn": default, "Priority": 3}]
        )
    priorities = [r["Priority"] for r in elbv2.describe_rules(ListenerArn=listener)["Rules"]]
    assert priorities == ["1", "2", "default"]


def test_tags_go_on_every_kind_of_elb_resource_and_come_off_again(
    sim: Simulation, elbv2: Any, balancer: dict, listener: str
) -> None:
    made = rule(elbv2, listener, 1, [{"Field": "path-pattern", "Values": ["/x"]}], "x")
    arns = [balancer["LoadBalancerArn"], group(sim, elbv2), listener, made]
    elbv2.add_tags(ResourceArns=arns, Tags=[{"Key": "team", "Value": "shop"}])
    elbv2.add_tags(ResourceArns=arns[:1], Tags=[{"Key": "team", "Value": "web"}])
    described = elbv2.describe_tags(ResourceArns=arns)["TagDescriptions"]
    assert [d["ResourceArn"] for d in described] == arns
    assert [d["Tags"] for d in described] == [[{"Key": "team", "Value": "web"}]] + [
        [{"Key": "team", "Value": "shop"}]
    ] * 3
    elbv2.remove_tags(ResourceArns=arns, TagKeys=["team"])
    assert all(d["Tags"] == [] for d in elbv2.describe_tags(ResourceArns=arns)["TagDescriptions"])


def test_tagging_refuses_a_missing_resource_duplicate_keys_and_too_many_tags(
    elbv2: Any, balancer: dict
) -> None:
    arn = balancer["LoadBalancerArn"]
    gone = arn.replace("/app/web/", "/app/gone/")
    with pytest.raises(elbv2.exceptions.LoadBalancerNotFoundException):
        elbv2.add_tags(ResourceArns=[arn, gone], Tags=[{"Key": "a", "Value": "1"}])
    assert elbv2.describe_tags(ResourceArns=[arn])["TagDescriptions"][0]["Tags"] == []
    with pytest.raises(elbv2.exceptions.DuplicateTagKeysException):
        elbv2.add_tags(ResourceArns=[arn], Tags=[{"Key": "a"}, {"Key": "a"}])
    many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    with pytest.raises(elbv2.exceptions.TooManyTagsException):
        elbv2.add_tags(ResourceArns=[arn], Tags=many)
