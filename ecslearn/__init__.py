"""ecslearn: learn AWS ECS in Jupyter with a faithful, seeded simulation of its control plane."""

from ecslearn.errors import ClientException, EcsError, InvalidParameterException
from ecslearn.simulation import Simulation

__all__ = ["ClientException", "EcsError", "InvalidParameterException", "Simulation"]
__version__ = "0.1.0"
