"""Tests of the ECS JSON-1.1 HTTP endpoint (`ecslearn serve`)."""
