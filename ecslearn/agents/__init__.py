"""Agents: what turns a host into a container instance (simulated now, Docker later)."""
