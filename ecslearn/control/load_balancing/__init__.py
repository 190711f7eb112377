"""Load balancing for services, as simulated Application Load Balancers (semantics §5.7).

- `alb`: the load balancer's side: target groups, health checks, draining, and requests spread
  over the targets (lessons call it through `Simulation.create_target_group`,
  `describe_target_health` and `send_requests`).
- `service_tasks`: ECS's side: a service task registers its targets on its way to RUNNING
  (ACTIVATING) and drains them on its way out (DEACTIVATING); failed targets get it replaced.
"""

from ecslearn.control.load_balancing import alb, service_tasks

__all__ = ["alb", "service_tasks"]
