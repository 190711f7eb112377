"""ecslearn in your own test suite: `mock_aws` and a pytest plugin.

``from ecslearn.testing import mock_aws`` (also ``ecslearn.mock_aws``): inside it every boto3
client for a service ecslearn simulates is answered by one `Simulation`, and waiting takes
simulated time, not wall time. The pytest plugin (`ecslearn.testing.pytest_plugin`, loaded by
pytest through the ``pytest11`` entry point) gives the ``ecs_sim`` fixture and client fixtures,
the ``ecslearn_seed`` marker and a failure report of services short of their goal.
"""

from ecslearn.testing.interception import UnsimulatedServiceError
from ecslearn.testing.mocking import current_simulation, mock_aws

__all__ = ["UnsimulatedServiceError", "current_simulation", "mock_aws"]
