"""Development tools for ecslearn (not part of the package): ``python -m tools.lessons``."""
