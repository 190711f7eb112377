"""ecslearn: learn AWS ECS in Jupyter with a faithful, seeded simulation of its control plane."""

from ecslearn.error_help import explain
from ecslearn.errors import ClientException, EcsError, InvalidParameterException
from ecslearn.simulation import Simulation
from ecslearn.words import get_language, set_language

__all__ = [
    "ClientException",
    "EcsError",
    "InvalidParameterException",
    "Simulation",
    "explain",
    "get_language",
    "mock_aws",
    "set_language",
]
__version__ = "0.1.0"


# In Jupyter, task definitions and placement explanations display as pictures. The model never
# imports a view: the views register themselves with IPython here.
from ecslearn.views.jupyter import register as _register_pictures

_register_pictures()


def __getattr__(name: str) -> object:
    """`ecslearn.mock_aws`, imported when first asked for (it patches nothing until entered)."""
    if name == "mock_aws":
        from ecslearn.testing import mock_aws

        return mock_aws
    raise AttributeError(f"module 'ecslearn' has no attribute {name!r}")
