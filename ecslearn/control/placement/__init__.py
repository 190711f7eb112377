"""Task placement: where ECS puts a task, and why.

- `facts`: what placement may look at on each container instance (plain, read-only data).
- `cql`: the cluster query language (memberOf constraints and ListContainerInstances filters).
- `engine`: the pipeline — candidates, resource filters, constraints, then strategies chained in
  order — returning the chosen instances, ECS's failure reasons and, on request, every
  instance's verdict under every step.

Placement is pure: it reads snapshots and returns a decision. The control plane reserves the
resources and creates the tasks.
"""
