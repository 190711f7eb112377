"""The HTTP endpoint: `ecslearn serve` for stock boto3 clients and the AWS CLI.

``ecslearn serve --speed 60`` answers ``boto3.client("ecs", endpoint_url="http://127.0.0.1:8014")``
and ``aws ecs ... --endpoint-url http://127.0.0.1:8014`` through the same dispatcher as the
in-process client (and so do the EC2, SSM, STS, ECR and Application Auto Scaling clients, each
in its own protocol: JSON, query, ec2), with the virtual clock running against wall time so
waiters finish.
Signatures are not verified; the server listens on loopback only unless told otherwise.
"""

from ecslearn.api.handler import region_from, signing_service_from
from ecslearn.api.host import SimulationHost
from ecslearn.api.serve import DEFAULT_PORT, ServeError, ServeOptions, serve, start_server
from ecslearn.api.server import EcsHttpServer, Limits

__all__ = [
    "DEFAULT_PORT",
    "EcsHttpServer",
    "Limits",
    "ServeError",
    "ServeOptions",
    "SimulationHost",
    "region_from",
    "serve",
    "signing_service_from",
    "start_server",
]
