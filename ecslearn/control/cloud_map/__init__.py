"""ECS and AWS Cloud Map: service discovery (serviceRegistries) and Service Connect."""
