"""Take what a learner built in ecslearn to the real world.

* :mod:`ecs_json` - JSON for ``aws ecs register-task-definition`` / ``create-service``
  ``--cli-input-json``, to recreate it in a real AWS account.
* :mod:`compose` - a Docker Compose file that runs one task on a laptop (and back).
* :mod:`kubernetes` - Deployment / DaemonSet / Service manifests, to compare ECS with Kubernetes.
* :mod:`cloudformation` - a whole simulated world as one CloudFormation template, read through
  the describe answers boto3 gets (:mod:`cfn_world`), written by one module per AWS service.

All are pure functions of model objects (cloudformation: of describe answers); only
``ecslearn export`` (:mod:`cli`) reads and writes files.
"""
