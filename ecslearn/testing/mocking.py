"""`mock_aws`: every boto3 client made inside it is answered by one ecslearn `Simulation`.

    with mock_aws() as sim:           # a context manager
        deploy("web")                 # code under test: plain boto3.client("ecs") calls
        assert sim.region_state().services

    @mock_aws(seed=3)                 # a function decorator: a fresh simulation per call
    def test_deploy(): ...

    @mock_aws()                       # a class decorator: each test method (for a
    class TestDeploy(unittest.TestCase): ...   # unittest.TestCase, setUp to tearDown too)

Inside it, a client for a simulated service (``ecs``, ``ec2``, ``elbv2``, ...) made anywhere
(any session, the code under test included) is answered in-process, and a client for any other
service fails at once naming the service (`UnsimulatedServiceError`); nothing reaches the
network (see `ecslearn.testing.interception`). ``time.sleep`` in the entering thread advances
the simulated clock (see `ecslearn.testing.virtual_time`), so waiters finish in milliseconds.

Credentials and region come from the usual places (environment, the shared config files). If
the environment names no access key, fake ones (``ecslearn``/``ecslearn``) are set in
``os.environ`` for the context and removed after: a request is never sent, and an environment
key also keeps botocore from looking for credentials elsewhere (the instance or container
metadata endpoints are on the network). If no region is configured, ``AWS_DEFAULT_REGION`` is
set to the simulation's region the same way. The environment is the process's, so other
threads see those two variables while the context is open.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
import unittest
from collections.abc import Callable
from typing import Any, TypeVar

import botocore.session

from ecslearn.control.world import DEFAULT_REGION
from ecslearn.simulation import Simulation
from ecslearn.testing import interception
from ecslearn.testing.virtual_time import VirtualClock

T = TypeVar("T")
FAKE_KEY = "ecslearn"


#: One botocore session to read the shared config file's region with (made once: a session
#: registers some 250 handlers, ~25 ms, more than the rest of entering mock_aws together).
_CONFIG_READER: list[botocore.session.Session] = []


def configured_region() -> str | None:
    """The region botocore would use from the environment or the config file, if any (read
    from files only: no credential or metadata lookup). The config file is read once a
    process, as boto3's default session reads it; the environment every time."""
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        if os.environ.get(name):
            return os.environ[name]
    try:
        if not _CONFIG_READER:
            _CONFIG_READER.append(botocore.session.Session())
        return _CONFIG_READER[0].get_config_variable("region")
    except Exception:  # a broken config file is botocore's to report when a client is made
        return None


class mock_aws:
    """Answer every boto3 client made inside with one `Simulation` (see the module's doc).

    `seed` and `region` make the simulation (region: the configured one, else us-east-1);
    `simulation` uses one you made instead; `virtual_time` (default on) makes ``time.sleep``
    in the entering thread advance the simulated clock; `strict` lets ecslearn's own bugs
    propagate instead of being contained (as ecslearn's tests run)."""

    def __init__(
        self,
        seed: int = 0,
        region: str | None = None,
        *,
        simulation: Simulation | None = None,
        virtual_time: bool = True,
        strict: bool = False,
    ) -> None:
        self.seed = seed
        self.region = region
        self.simulation = simulation
        self.virtual_time = virtual_time
        self.strict = strict
        self.sim: Simulation | None = None
        self.lock = threading.RLock()
        self._environment: dict[str, str | None] = {}
        self._clock: VirtualClock | None = None
        self._configured: str | None = None

    def _copy(self) -> mock_aws:
        return mock_aws(
            self.seed,
            self.region,
            simulation=self.simulation,
            virtual_time=self.virtual_time,
            strict=self.strict,
        )

    # -- the context ------------------------------------------------------------------------
    def __enter__(self) -> Simulation:
        if self.sim is not None:
            raise RuntimeError("this mock_aws is already active; make another for a new one")
        sim = self.simulation
        self._configured = configured_region()
        if sim is None:
            region = self.region or self._configured or DEFAULT_REGION
            sim = Simulation(seed=self.seed, region=region, strict=self.strict)
        self.sim = sim
        self._set_environment(sim.region)
        interception.push(self)  # type: ignore[arg-type]
        if self.virtual_time:
            start = sim.now
            self._clock = VirtualClock(self._advance, lambda: sim.now - start).__enter__()
        plugin = sys.modules.get("ecslearn.testing.pytest_plugin")
        if plugin is not None:  # under pytest: a failing test's report describes this world
            plugin.remember(sim)
        return sim

    def __exit__(self, *exc_info: object) -> None:
        if self._clock is not None:
            self._clock.__exit__()
            self._clock = None
        interception.pop(self)  # type: ignore[arg-type]
        self._restore_environment()
        if self.simulation is None and self.sim is not None:
            self.sim.close()  # its Docker instances' containers, if it made any; still readable
        self.sim = None

    def _advance(self, seconds: float) -> None:
        assert self.sim is not None
        with self.lock:
            self.sim.advance(seconds)

    def _set_environment(self, region: str) -> None:
        wanted: dict[str, str] = {}
        if not os.environ.get("AWS_ACCESS_KEY_ID") and not os.environ.get("AWS_PROFILE"):
            wanted = {"AWS_ACCESS_KEY_ID": FAKE_KEY, "AWS_SECRET_ACCESS_KEY": FAKE_KEY}
        if self._configured is None:
            wanted["AWS_DEFAULT_REGION"] = region
        self._environment = {name: os.environ.get(name) for name in wanted}
        os.environ.update(wanted)

    def _restore_environment(self) -> None:
        for name, before in self._environment.items():
            if before is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = before
        self._environment = {}

    # -- decorators ---------------------------------------------------------------------------
    def __call__(self, target: T) -> T:
        if isinstance(target, type):
            return self._decorate_class(target)  # type: ignore[return-value]
        if not callable(target):
            raise TypeError(f"mock_aws decorates a function or a class, not {target!r}")
        if inspect.iscoroutinefunction(target):
            raise TypeError("mock_aws does not decorate coroutines; use `with mock_aws():`")
        func: Callable[..., Any] = target

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self._copy():  # a fresh simulation for every call
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def _decorate_class(self, cls: type) -> type:
        """A unittest.TestCase: one simulation from setUp to the last cleanup of each test.
        Any other class (pytest's): each ``test*`` method gets its own."""
        if issubclass(cls, unittest.TestCase):
            set_up = cls.setUp
            maker = self

            def setUp(test: unittest.TestCase) -> None:
                mock = maker._copy()
                mock.__enter__()
                test.addCleanup(mock.__exit__, None, None, None)
                set_up(test)

            cls.setUp = setUp  # type: ignore[method-assign]
            return cls
        for name, attribute in list(vars(cls).items()):
            if name.startswith("test") and inspect.isfunction(attribute):
                setattr(cls, name, self(attribute))
        return cls


def current_simulation() -> Simulation:
    """The simulation of the innermost active `mock_aws` (for code that was not handed it)."""
    active = interception.current()
    if active is None:
        raise RuntimeError("no mock_aws is active")
    return active.sim
