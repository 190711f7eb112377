"""RegisterTaskDefinition refuses what ECS refuses, with the error code ECS uses and a message
that names the problem, the container and the field: the fragments below are looked for in
what a learner reads, AWS's message and then ecslearn's advice for it (`ecslearn.explain`),
since advice never goes on the wire (tests/services/test_aws_messages.py checks AWS's texts).

Each case's id is a sentence about an ECS rule. Cases the boto3 client can send go through a
real boto3 client; bodies boto3's own parameter validation would refuse before sending (wrong
JSON types, missing required members) go straight to the dispatcher, as a hand-written HTTP
request would.
"""

from __future__ import annotations

from typing import Any

import pytest

import ecslearn
from ecslearn.errors import EcsError

REGION = "us-east-1"


def container(name: str = "web", **settings: Any) -> dict[str, Any]:
    """A valid EC2 container (128 MiB hard limit); a setting of None removes that member."""
    body = {"name": name, "image": "nginx:1.27", "memory": 128, **settings}
    return {key: value for key, value in body.items() if value is not None}


def task(*containers: dict[str, Any], family: str = "web", **settings: Any) -> dict[str, Any]:
    """A RegisterTaskDefinition request; one default container unless containers are given."""
    return {
        "family": family,
        "containerDefinitions": list(containers) or [container()],
        **settings,
    }


def fargate(*containers: dict[str, Any], **settings: Any) -> dict[str, Any]:
    """A valid Fargate request (0.25 vCPU, 512 MiB, awsvpc) unless settings say otherwise."""
    base = {
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        **settings,
    }
    base = {key: value for key, value in base.items() if value is not None}
    return task(*(containers or [container(memory=None)]), **base)


def depends(name: str, condition: str = "START") -> list[dict[str, str]]:
    return [{"containerName": name, "condition": condition}]


def ports(*mappings: tuple[int, ...] | dict[str, Any]) -> list[dict[str, Any]]:
    """``ports((80,), (80, 8080))`` -> containerPort 80; containerPort 80 on hostPort 8080."""
    out = []
    for mapping in mappings:
        if isinstance(mapping, dict):
            out.append(mapping)
        elif len(mapping) == 1:
            out.append({"containerPort": mapping[0]})
        else:
            out.append({"containerPort": mapping[0], "hostPort": mapping[1]})
    return out


HEALTH = {"command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"]}
CLIENT = "ClientException"
INVALID = "InvalidParameterException"


def case(request: dict[str, Any], code: str, *fragments: str, id: str) -> Any:
    return pytest.param(request, code, fragments, id=id)


# --- Cases a boto3 client can send -------------------------------------------------------------

FAMILY_AND_CONTAINER_LIST = [
    case(task(family=""), CLIENT, "Family must be specified", id="the family cannot be empty"),
    case(
        task(family="my app!"),
        CLIENT,
        "Family 'my app!'",
        "invalid characters",
        id="a family is only letters digits hyphens and underscores",
    ),
    case(
        task(family="f" * 256),
        CLIENT,
        "too long",
        "1-255",
        id="a family is at most 255 characters",
    ),
    case(
        {"family": "web", "containerDefinitions": []},
        CLIENT,
        "Container list cannot be empty",
        id="a task definition needs at least one container",
    ),
    case(
        task(*[container(f"c{i}") for i in range(11)]),
        CLIENT,
        "Too many containers: 11",
        "at most 10",
        id="a task definition holds at most 10 containers",
    ),
    case(
        task(container(), container(name=None)),
        CLIENT,
        "Container.name should not be null or empty.",
        id="every container needs a name",
    ),
    case(
        task(container("web server")),
        CLIENT,
        "Container name 'web server' is invalid",
        id="a container name is only letters digits hyphens and underscores",
    ),
    case(
        task(container("c" * 256)),
        CLIENT,
        "is invalid",
        "1-255",
        id="a container name is at most 255 characters",
    ),
    case(
        task(container("web"), container("web")),
        CLIENT,
        "Duplicate container name 'web'",
        id="container names are unique within a task definition",
    ),
    case(
        task(container(image=None)),
        CLIENT,
        "container 'web'",
        "'image' must be specified",
        id="every container needs an image",
    ),
    case(
        task(container("a", essential=False), container("b", essential=False)),
        CLIENT,
        "at least one essential container",
        id="at least one container must be essential",
    ),
]

EC2_MEMORY_AND_CPU = [
    case(
        task(container(memory=None)),
        CLIENT,
        "Invalid setting for container 'web'",
        "At least one of 'memory' or 'memoryReservation' must be specified",
        id="on EC2 a container without task memory needs memory or memoryReservation",
    ),
    case(
        task(container("web"), container("sidecar", memory=None)),
        CLIENT,
        "container 'sidecar'",
        "At least one of 'memory' or 'memoryReservation'",
        id="the memory rule names the container that breaks it",
    ),
    case(
        task(container(memory=128, memoryReservation=256)),
        CLIENT,
        "container 'web'",
        "'memoryReservation' (256 MiB) must not be greater than 'memory' (128 MiB)",
        id="the soft limit memoryReservation cannot exceed the hard limit memory",
    ),
    case(
        task(container(memory=4)),
        CLIENT,
        "container 'web'",
        "'memory' is 4 MiB, below Docker's minimum of 6 MiB",
        id="a container's memory is at least 6 MiB",
    ),
    case(
        task(container(memory=None, memoryReservation=5)),
        CLIENT,
        "container 'web'",
        "'memoryReservation' is 5 MiB",
        id="a container's memoryReservation is at least 6 MiB",
    ),
    case(
        task(container(memory=1024), memory="512"),
        CLIENT,
        "container 'web'",
        "The 'memory' setting for container 'web' is greater than for the task.",
        "1024 MiB",
        "(512 MiB)",
        id="a container's memory fits inside the task's memory",
    ),
    case(
        task(container(memory=None, memoryReservation=768), memory="512"),
        CLIENT,
        "container 'web'",
        "The 'memoryReservation' setting for container 'web' is greater than for the task.",
        "768 MiB",
        id="a container's memoryReservation fits inside the task's memory",
    ),
    case(
        task(
            container("web", memory=None, memoryReservation=300),
            container("log", memory=None, memoryReservation=300),
            memory="512",
        ),
        CLIENT,
        "reserve 600 MiB in total",
        "task's memory (512 MiB)",
        id="the containers' reservations together fit inside the task's memory",
    ),
    case(
        task(container("web", cpu=512), container("log", cpu=768), cpu="1024"),
        CLIENT,
        "cpu adds up to 1280 units",
        "task's cpu (1024 units)",
        id="the containers' cpu together fits inside the task's cpu",
    ),
    case(
        task(container(cpu=-1)),
        CLIENT,
        "container 'web'",
        "'cpu' cannot be negative",
        id="a container's cpu cannot be negative",
    ),
    case(
        task(container(stopTimeout=-5)),
        CLIENT,
        "container 'web'",
        "'stopTimeout' cannot be negative",
        id="a container's stopTimeout cannot be negative",
    ),
    case(
        task(container(environment=[{"value": "1"}])),
        CLIENT,
        "container 'web'",
        "environment[0] has no 'name'",
        id="every environment variable needs a name",
    ),
]

TASK_SIZE = [
    case(
        task(cpu="fast"),
        CLIENT,
        "Invalid 'cpu' setting for task.",
        "'fast'",
        id="task cpu is CPU units or vCPUs",
    ),
    case(
        task(cpu="1.5"),
        CLIENT,
        "Invalid 'cpu' setting for task.",
        "'1.5'",
        id="task cpu without a vCPU unit is a whole number of CPU units",
    ),
    case(
        task(memory="lots"),
        CLIENT,
        "Invalid 'memory' setting for task.",
        "'lots'",
        id="task memory is MiB or GB",
    ),
    case(
        task(memory="0"),
        CLIENT,
        "Invalid 'memory' setting for task.",
        "'0'",
        id="task memory cannot be zero",
    ),
    case(
        task(cpu="64"),
        CLIENT,
        "Invalid 'cpu' setting for task.",
        "64 CPU units",
        "between 128 and 196608",
        id="on EC2 task cpu is at least 128 units",
    ),
    case(
        task(cpu="200 vCPU"),
        CLIENT,
        "204800 CPU units",
        "between 128 and 196608",
        id="on EC2 task cpu is at most 192 vCPU",
    ),
]

PORTS_LINKS_HOSTNAME = [
    case(
        task(container(portMappings=ports((80, 8080))), networkMode="host"),
        CLIENT,
        "networkMode=host",
        "must match",
        "Container 'web' maps containerPort 80 to hostPort 8080",
        id="in host mode hostPort equals containerPort",
    ),
    case(
        task(container(portMappings=ports((80, 8080))), networkMode="awsvpc"),
        CLIENT,
        "networkMode=awsvpc",
        "must match",
        "Container 'web'",
        id="in awsvpc mode hostPort equals containerPort",
    ),
    case(
        task(container(portMappings=ports((80, 0))), networkMode="awsvpc"),
        CLIENT,
        "networkMode=awsvpc",
        "hostPort 0",
        id="awsvpc mode has no dynamic host ports",
    ),
    case(
        task(container(portMappings=ports((80,))), networkMode="none"),
        CLIENT,
        "container 'web'",
        "Port mappings are not supported when networkMode=none",
        id="none mode allows no port mappings",
    ),
    case(
        task(container(portMappings=ports((0,)))),
        CLIENT,
        "container 'web'",
        "containerPort 0 is out of range",
        id="a container port is at least 1",
    ),
    case(
        task(container(portMappings=ports((70000,)))),
        CLIENT,
        "container 'web'",
        "containerPort 70000 is out of range",
        id="a container port is at most 65535",
    ),
    case(
        task(container(portMappings=ports((80, 70000)))),
        CLIENT,
        "container 'web'",
        "hostPort 70000 is out of range",
        id="a host port is at most 65535",
    ),
    case(
        task(container(portMappings=[{"hostPort": 8080}])),
        CLIENT,
        "container 'web'",
        "needs a 'containerPort'",
        id="a port mapping names its container port",
    ),
    case(
        task(
            container("web", portMappings=ports((80, 8080))),
            container("api", portMappings=ports((81, 8080))),
        ),
        CLIENT,
        "Host port 8080/tcp is used twice",
        "containers 'web' and 'api'",
        id="in bridge mode two containers cannot publish the same static host port",
    ),
    case(
        task(
            container("web", portMappings=ports((80,))),
            container("api", portMappings=ports((80,))),
            networkMode="host",
        ),
        CLIENT,
        "Host port 80/tcp is used twice",
        "containers 'web' and 'api'",
        id="in host mode two containers cannot listen on the same port",
    ),
    case(
        task(container(portMappings=ports((80, 8080), (81, 8080)))),
        CLIENT,
        "container 'web'",
        "Host port 8080/tcp is mapped twice",
        id="one container cannot publish the same host port twice",
    ),
    case(
        task(container(portMappings=ports((53,), {"containerPort": 53, "protocol": "udp"}))),
        CLIENT,
        "container 'web'",
        "containerPort 53 is mapped for both tcp and udp",
        id="a container port uses one protocol",
    ),
    case(
        task(container("web", links=["db"]), container("db"), networkMode="awsvpc"),
        CLIENT,
        "Links are not supported when networkMode=awsvpc",
        "Container 'web'",
        id="links need bridge mode not awsvpc",
    ),
    case(
        task(container("web", links=["db"]), container("db"), networkMode="host"),
        CLIENT,
        "Links are not supported when networkMode=host",
        id="links need bridge mode not host",
    ),
    case(
        task(container("web", links=["db:database"])),
        CLIENT,
        "container 'web'",
        "Link 'db:database' names no other container",
        id="a link names another container of the task",
    ),
    case(
        task(container("web", links=["web"])),
        CLIENT,
        "Link 'web' names no other container",
        id="a container cannot link to itself",
    ),
    case(
        task(container(hostname="web.local"), networkMode="awsvpc"),
        CLIENT,
        "container 'web'",
        "'hostname' is not supported when networkMode=awsvpc",
        id="awsvpc mode does not take a container hostname",
    ),
]

DEPENDENCIES = [
    case(
        task(container("web", dependsOn=depends("db"))),
        CLIENT,
        "container 'web'",
        "dependsOn names container 'db', which is not in this task definition",
        id="dependsOn names a container of the task",
    ),
    case(
        task(container("web", dependsOn=depends("web"))),
        CLIENT,
        "container 'web'",
        "cannot depend on itself",
        id="a container cannot depend on itself",
    ),
    case(
        task(container("a", dependsOn=depends("b")), container("b", dependsOn=depends("a"))),
        CLIENT,
        "Circular dependency in dependsOn: a -> b -> a",
        id="two containers cannot wait for each other",
    ),
    case(
        task(
            container("a", dependsOn=depends("b")),
            container("b", dependsOn=depends("c")),
            container("c", dependsOn=depends("a")),
        ),
        CLIENT,
        "Circular dependency in dependsOn: a -> b -> c -> a",
        id="three containers cannot wait for each other in a circle",
    ),
    case(
        task(container("web", dependsOn=depends("init", "COMPLETE")), container("init")),
        CLIENT,
        "container 'web'",
        "COMPLETE needs container 'init' to exit, but it is essential",
        id="COMPLETE cannot wait for an essential container",
    ),
    case(
        task(
            container("web", dependsOn=depends("init", "SUCCESS")),
            container("init", essential=True),
        ),
        CLIENT,
        "SUCCESS needs container 'init' to exit, but it is essential",
        id="SUCCESS cannot wait for an essential container",
    ),
    case(
        task(container("web", dependsOn=depends("db", "HEALTHY")), container("db")),
        CLIENT,
        "container 'web'",
        "HEALTHY needs a healthCheck on container 'db', which has none",
        id="HEALTHY waits only for a container with a healthCheck",
    ),
    case(
        task(container("web", dependsOn=depends("db", "READY")), container("db")),
        INVALID,
        "containerDefinitions[0].dependsOn[0].condition is 'READY'",
        "START, COMPLETE, SUCCESS, HEALTHY",
        id="a dependsOn condition is START COMPLETE SUCCESS or HEALTHY",
    ),
]


def health(**settings: Any) -> dict[str, Any]:
    return {**HEALTH, **settings}


HEALTH_CHECKS = [
    case(
        task(container(healthCheck={"command": []})),
        CLIENT,
        "container 'web'",
        "healthCheck 'command' must be specified",
        id="a healthCheck has a command",
    ),
    case(
        task(container(healthCheck={"command": ["curl", "-f", "http://localhost/"]})),
        CLIENT,
        "container 'web'",
        "healthCheck 'command' starts with 'curl'",
        "CMD",
        id="a healthCheck command starts with CMD or CMD-SHELL",
    ),
    case(
        task(container(healthCheck=health(interval=4))),
        CLIENT,
        "container 'web'",
        "healthCheck 'interval' is 4; it must be between 5 and 300",
        id="a healthCheck interval is at least 5 seconds",
    ),
    case(
        task(container(healthCheck=health(interval=301))),
        CLIENT,
        "healthCheck 'interval' is 301",
        id="a healthCheck interval is at most 300 seconds",
    ),
    case(
        task(container(healthCheck=health(timeout=1))),
        CLIENT,
        "healthCheck 'timeout' is 1; it must be between 2 and 60",
        id="a healthCheck timeout is at least 2 seconds",
    ),
    case(
        task(container(healthCheck=health(timeout=61))),
        CLIENT,
        "healthCheck 'timeout' is 61",
        id="a healthCheck timeout is at most 60 seconds",
    ),
    case(
        task(container(healthCheck=health(retries=0))),
        CLIENT,
        "healthCheck 'retries' is 0; it must be between 1 and 10",
        id="a healthCheck retries at least once",
    ),
    case(
        task(container(healthCheck=health(retries=11))),
        CLIENT,
        "healthCheck 'retries' is 11",
        id="a healthCheck retries at most 10 times",
    ),
    case(
        task(container(healthCheck=health(startPeriod=-1))),
        CLIENT,
        "healthCheck 'startPeriod' is -1; it must be between 0 and 300",
        id="a healthCheck startPeriod cannot be negative",
    ),
    case(
        task(container(healthCheck=health(startPeriod=301))),
        CLIENT,
        "healthCheck 'startPeriod' is 301",
        id="a healthCheck startPeriod is at most 300 seconds",
    ),
]

MEMBER_OF = {"type": "memberOf", "expression": "attribute:ecs.instance-type =~ t3.*"}

PLACEMENT = [
    case(
        task(placementConstraints=[{"type": "distinctInstance"}]),
        INVALID,
        "placementConstraints[0].type is 'distinctInstance'",
        "memberOf",
        id="distinctInstance belongs on RunTask or a service not a task definition",
    ),
    case(
        task(placementConstraints=[{"type": "memberOf"}]),
        CLIENT,
        "memberOf placement constraint needs an 'expression'",
        id="a memberOf constraint has an expression",
    ),
    case(
        task(placementConstraints=[{"expression": "attribute:color == blue"}]),
        CLIENT,
        "placement constraint needs a 'type'",
        id="a placement constraint has a type",
    ),
    case(
        task(placementConstraints=[MEMBER_OF] * 11),
        CLIENT,
        "Too many placement constraints: 11",
        "limit is 10",
        id="a task definition has at most 10 placement constraints",
    ),
    case(
        task(placementConstraints=[{"type": "memberOf", "expression": "x" * 2001}]),
        CLIENT,
        "expression is 2001 characters",
        "limit is 2000",
        id="a constraint expression is at most 2000 characters",
    ),
    case(
        fargate(placementConstraints=[MEMBER_OF]),
        CLIENT,
        "placement constraints are not supported on Fargate",
        id="Fargate takes no placement constraints",
    ),
]

FARGATE = [
    case(
        fargate(cpu=None),
        CLIENT,
        "Fargate requires that 'cpu' be defined at the task level",
        id="Fargate needs task cpu",
    ),
    case(
        fargate(container(), memory=None),
        CLIENT,
        "Fargate requires that 'memory' be defined at the task level",
        id="Fargate needs task memory",
    ),
    case(
        fargate(container(memory=None), memory=None),
        CLIENT,
        "Fargate requires that 'memory' be defined at the task level",
        id="Fargate asks for task memory before container memory",
    ),
    case(
        fargate(networkMode=None),
        CLIENT,
        "Fargate only supports network mode 'awsvpc'.",
        "'bridge'",
        id="Fargate needs awsvpc and the default mode is bridge",
    ),
    case(
        fargate(networkMode="host"),
        CLIENT,
        "Fargate only supports network mode 'awsvpc'.",
        "'host'",
        id="Fargate does not run host mode",
    ),
    case(
        fargate(cpu="256", memory="4096"),
        CLIENT,
        "No Fargate configuration exists for given values.",
        "256 CPU, 4096 memory",
        "512, 1024, 2048",
        id="Fargate 0.25 vCPU takes at most 2 GB",
    ),
    case(
        fargate(cpu="384", memory="1024"),
        CLIENT,
        "No Fargate configuration exists for given values.",
        "384 CPU",
        "cpu must be one of 256, 512, 1024",
        id="Fargate cpu is one of its task sizes",
    ),
    case(
        fargate(container(memory=None, stopTimeout=121)),
        CLIENT,
        "container 'web'",
        "stopTimeout 121 is outside Fargate's range of 2-120 seconds",
        id="Fargate stopTimeout is at most 120 seconds",
    ),
    case(
        fargate(container(memory=None, startTimeout=1)),
        CLIENT,
        "container 'web'",
        "startTimeout 1 is outside Fargate's range of 2-120 seconds",
        id="Fargate startTimeout is at least 2 seconds",
    ),
]

ENUMS = [
    case(
        task(networkMode="overlay"),
        INVALID,
        "networkMode is 'overlay'",
        "bridge, host, awsvpc, none",
        id="networkMode is bridge host awsvpc or none",
    ),
    case(
        task(requiresCompatibilities=["LAMBDA"]),
        INVALID,
        "requiresCompatibilities[0] is 'LAMBDA'",
        "EC2, FARGATE, EXTERNAL",
        id="requiresCompatibilities names ECS launch types",
    ),
    case(
        task(container(portMappings=ports({"containerPort": 80, "protocol": "sctp"}))),
        INVALID,
        "portMappings[0].protocol is 'sctp'",
        "tcp, udp",
        id="a port mapping protocol is tcp or udp",
    ),
]

CLIENT_CASES = (
    FAMILY_AND_CONTAINER_LIST
    + EC2_MEMORY_AND_CPU
    + TASK_SIZE
    + PORTS_LINKS_HOSTNAME
    + DEPENDENCIES
    + HEALTH_CHECKS
    + PLACEMENT
    + FARGATE
    + ENUMS
)

# --- Bodies only a hand-written request can send -----------------------------------------------

RAW_CASES = [
    case(
        {"containerDefinitions": [container()]},
        INVALID,
        "request.family is required",
        id="the family member is required",
    ),
    case(
        {"family": "web"},
        INVALID,
        "request.containerDefinitions is required",
        id="the containerDefinitions member is required",
    ),
    case(
        {"family": "web", "containerDefinitions": container()},
        INVALID,
        "containerDefinitions must be a list",
        id="containerDefinitions is a list not one object",
    ),
    case(
        {"family": "web", "containerDefinitions": [None]},
        INVALID,
        "containerDefinitions[0] must not be null",
        id="a container definition cannot be null",
    ),
    case(
        task(container(memory="128")),
        INVALID,
        "containerDefinitions[0].memory must be a whole number, not '128'",
        id="container memory is a number not a string",
    ),
    case(
        task(cpu=256),
        INVALID,
        "request.cpu must be a string, not 256",
        id="task cpu is a string not a number",
    ),
    case(
        task(container(essential="yes")),
        INVALID,
        "containerDefinitions[0].essential must be true or false",
        id="essential is a boolean",
    ),
    case(
        task(container(portMappings=[{"containerPort": "80"}])),
        INVALID,
        "portMappings[0].containerPort must be a whole number",
        id="containerPort is a number not a string",
    ),
    case(
        task(container(links="db")),
        INVALID,
        "containerDefinitions[0].links must be a list",
        id="links is a list of names",
    ),
    case(
        task(container(environment={"STAGE": "prod"})),
        INVALID,
        "containerDefinitions[0].environment must be a list",
        id="environment is a list of name value pairs not a map",
    ),
    case(
        task(container(healthCheck={"command": "curl -f http://localhost/"})),
        INVALID,
        "healthCheck.command must be a list",
        id="a healthCheck command is a list of strings",
    ),
    case(
        task(container(healthCheck={"interval": 10})),
        INVALID,
        "containerDefinitions[0].healthCheck.command is required",
        id="a healthCheck without a command is malformed",
    ),
    case(
        task(container(dependsOn=[{"containerName": "db"}])),
        INVALID,
        "dependsOn[0].condition is required",
        id="a dependsOn entry names its condition",
    ),
    case(
        task(container(memorySize=512)),
        INVALID,
        "containerDefinitions[0] has no member 'memorySize'",
        id="unknown container members are refused",
    ),
    case(
        task(container(memory=2**40)),
        INVALID,
        "outside a 32-bit integer's range",
        id="container memory fits a 32-bit integer",
    ),
]


@pytest.fixture
def sim() -> ecslearn.Simulation:
    return ecslearn.Simulation(seed=0, strict=True)


@pytest.fixture
def ecs(sim: ecslearn.Simulation) -> Any:
    return sim.client()


def test_there_are_at_least_45_distinct_invalid_task_definitions() -> None:
    ids = [param.id for param in CLIENT_CASES + RAW_CASES]
    assert len(ids) >= 45
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(("body", "code", "fragments"), CLIENT_CASES)
def test_boto3_registration_is_refused(
    ecs: Any, body: dict[str, Any], code: str, fragments: tuple[str, ...]
) -> None:
    with pytest.raises(getattr(ecs.exceptions, code)) as err:
        ecs.register_task_definition(**body)
    error = err.value.response["Error"]
    assert error["Code"] == code
    read = f"{error['Message']} {ecslearn.explain(err.value) or ''}"
    for fragment in fragments:
        assert fragment in read


@pytest.mark.parametrize(("body", "code", "fragments"), RAW_CASES)
def test_malformed_request_is_refused(
    sim: ecslearn.Simulation, body: dict[str, Any], code: str, fragments: tuple[str, ...]
) -> None:
    with pytest.raises(EcsError) as err:
        sim.world.dispatcher.call("ecs", "RegisterTaskDefinition", body, REGION)
    assert err.value.code == code
    read = f"{err.value.message} {ecslearn.explain(err.value) or ''}"
    for fragment in fragments:
        assert fragment in read


def _listing(ecs: Any) -> tuple[list[str], list[str]]:
    arns = [
        arn
        for status in ("ACTIVE", "INACTIVE", "DELETE_IN_PROGRESS")
        for arn in ecs.list_task_definitions(status=status)["taskDefinitionArns"]
    ]
    families = ecs.list_task_definition_families(status="ALL")["families"]
    return arns, families


TRACELESS = [
    case(
        task(container(memory=128, memoryReservation=256)),
        CLIENT,
        id="a reservation over the hard limit",
    ),
    case(
        task(
            container("web", portMappings=ports((80, 8080))),
            container("api", portMappings=ports((81, 8080))),
        ),
        CLIENT,
        id="a duplicate host port",
    ),
    case(
        task(
            container("a", dependsOn=depends("b")),
            container("b", dependsOn=depends("c")),
            container("c", dependsOn=depends("a")),
        ),
        CLIENT,
        id="a dependency cycle",
    ),
    case(fargate(cpu="256", memory="4096"), CLIENT, id="a Fargate size that does not exist"),
    case(task(networkMode="overlay"), INVALID, id="an unknown network mode"),
]


@pytest.mark.parametrize(("body", "code", "_fragments"), TRACELESS)
def test_a_refused_registration_leaves_no_trace(
    ecs: Any, body: dict[str, Any], code: str, _fragments: tuple[str, ...]
) -> None:
    ecs.register_task_definition(**task(family="other"))
    before = _listing(ecs)

    with pytest.raises(getattr(ecs.exceptions, code)):
        ecs.register_task_definition(**body)

    assert _listing(ecs) == before
    registered = ecs.register_task_definition(**task(family=body["family"]))["taskDefinition"]
    assert registered["revision"] == 1
    assert registered["taskDefinitionArn"].endswith(f"task-definition/{body['family']}:1")


# --- Valid edge cases -------------------------------------------------------------------------


def _dig(value: Any, path: str) -> Any:
    """``_dig(td, "containerDefinitions.0.memory")``: follow keys and list indexes."""
    for part in path.split("."):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def valid(request: dict[str, Any], expected: dict[str, Any], *, id: str) -> Any:
    return pytest.param(request, expected, id=id)


VALID_CASES = [
    valid(
        task(container(memory=None), memory="512"),
        {"memory": "512", "containerDefinitions.0.name": "web"},
        id="task-level memory alone is enough on EC2",
    ),
    valid(
        task(container(memory=None, memoryReservation=64)),
        {"containerDefinitions.0.memoryReservation": 64},
        id="memoryReservation alone is enough on EC2",
    ),
    valid(
        task(container(memory=256, memoryReservation=256)),
        {"containerDefinitions.0.memory": 256, "containerDefinitions.0.memoryReservation": 256},
        id="memoryReservation may equal memory",
    ),
    valid(
        task(container(portMappings=ports((80, 0)))),
        {"networkMode": "bridge", "containerDefinitions.0.portMappings.0.hostPort": 0},
        id="bridge mode keeps hostPort 0 as a dynamic port",
    ),
    valid(
        task(container(portMappings=ports((80,))), networkMode="awsvpc"),
        {
            "containerDefinitions.0.portMappings.0.hostPort": 80,
            "containerDefinitions.0.portMappings.0.protocol": "tcp",
        },
        id="awsvpc mode fills hostPort with containerPort",
    ),
    valid(
        task(container(portMappings=ports((80, 80))), networkMode="host"),
        {"containerDefinitions.0.portMappings.0.hostPort": 80},
        id="host mode accepts hostPort equal to containerPort",
    ),
    valid(
        task(
            container("web", dependsOn=depends("init", "COMPLETE")),
            container("init", essential=False),
        ),
        {"containerDefinitions.0.dependsOn.0.condition": "COMPLETE"},
        id="COMPLETE may wait for a non-essential container",
    ),
    valid(
        task(
            container("web", dependsOn=depends("db", "HEALTHY")),
            container("db", healthCheck=HEALTH),
        ),
        {"containerDefinitions.1.healthCheck.interval": 30},
        id="HEALTHY may wait for a container with a healthCheck",
    ),
    valid(
        fargate(),
        {"cpu": "256", "memory": "512", "compatibilities": ["EC2", "FARGATE"]},
        id="Fargate accepts 256 cpu with 512 MiB",
    ),
    valid(
        fargate(cpu="1 vCPU", memory="2GB"),
        {"cpu": "1024", "memory": "2048"},
        id="Fargate sizes in vCPU and GB are normalised to units and MiB",
    ),
    valid(
        fargate(container(memory=None, stopTimeout=120, startTimeout=2)),
        {"containerDefinitions.0.stopTimeout": 120},
        id="Fargate accepts timeouts at the edges of 2-120 seconds",
    ),
    valid(
        task(container(healthCheck=HEALTH)),
        {
            "containerDefinitions.0.healthCheck.interval": 30,
            "containerDefinitions.0.healthCheck.timeout": 5,
            "containerDefinitions.0.healthCheck.retries": 3,
        },
        id="a healthCheck gets the defaults 30 5 and 3",
    ),
    valid(
        task(*[container(f"c{i}") for i in range(10)], family="f" * 255),
        {"family": "f" * 255, "containerDefinitions.9.name": "c9"},
        id="a 255-character family with 10 containers is at the limits",
    ),
    valid(
        task(container("web", links=["db:database"]), container("db")),
        {"containerDefinitions.0.links": ["db:database"]},
        id="bridge mode accepts links to another container",
    ),
]


@pytest.mark.parametrize(("body", "expected"), VALID_CASES)
def test_valid_edge_case_registers(
    ecs: Any, body: dict[str, Any], expected: dict[str, Any]
) -> None:
    registered = ecs.register_task_definition(**body)["taskDefinition"]
    assert registered["revision"] == 1
    described = ecs.describe_task_definition(taskDefinition=registered["taskDefinitionArn"])
    for path, value in expected.items():
        assert _dig(described["taskDefinition"], path) == value, path


def test_health_check_start_period_is_not_defaulted(ecs: Any) -> None:
    registered = ecs.register_task_definition(**task(container(healthCheck=HEALTH)))
    assert (
        "startPeriod" not in registered["taskDefinition"]["containerDefinitions"][0]["healthCheck"]
    )
