"""The service scheduler: keeps REPLICA and DAEMON services at their desired state.

- `events`: ECS's service event messages, in its exact API wording.
- `deployments`: deployments, rollout states and the circuit breaker.
- `health`: what "healthy" means for a deployment.
- `replica` / `daemon`: one reconcile step of each scheduling strategy.
- `reconcile`: the level-triggered loop that runs them on the virtual clock.
"""
