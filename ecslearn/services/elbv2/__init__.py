"""Elastic Load Balancing v2 (botocore ``elbv2``, the query protocol): Application and Network
Load Balancers.

- `load_balancers`: CreateLoadBalancer (subnets of the region's VPCs, security groups, a DNS
  name; ``provisioning`` then ``active`` on the virtual clock), DescribeLoadBalancers,
  DeleteLoadBalancer.
- `target_groups`: CreateTargetGroup (instance and ip targets, ELB's health check defaults),
  ModifyTargetGroup, DescribeTargetGroups, DeleteTargetGroup and the target group attributes
  (deregistration delay and slow start act; the others are echoed).
- `listeners` and `listener_rules`: listeners with default actions (forward to one or several
  weighted target groups, fixed responses, redirects) and rules by priority
  (SetRulePriorities) with path, host, header, method, query-string and source-address
  conditions (`condition_checks`; `actions` checks the actions).
- `tagging`: AddTags, RemoveTags and DescribeTags on load balancers, target groups, listeners
  and rules.
- `targets`: RegisterTargets, DeregisterTargets, DescribeTargetHealth. ECS's service scheduler
  registers and deregisters its tasks through these same handlers (via the dispatcher).

What a target's health is over time, and where a request goes, is ELB's behaviour in
`ecslearn.control.load_balancing` (`alb`, `request_routing`). Errors are the query protocol's
common ones (ValidationError for a bad request) and ELBv2's own faults
(`ecslearn.errors.elbv2_codes`). An operation ecslearn does not simulate answers
``InvalidAction`` naming itself, as Auto Scaling's do: ELBv2 has no code for "not performed
here".
"""

from ecslearn.services.spec import query_service

SERVICE = query_service("elbv2", "Elastic Load Balancing")

#: The modules whose import registers this service's handlers (and the clock's actions).
HANDLERS = (
    "load_balancers",
    "target_groups",
    "listeners",
    "listener_rules",
    "targets",
    "tagging",
)
