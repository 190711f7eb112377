"""Virtual time for code that does not know about it: ``time.sleep`` advances the simulation.

Inside `mock_aws` (unless ``virtual_time=False``), in the thread that entered it:

- ``time.sleep(s)`` moves the simulation's clock ``s`` seconds forward (running everything due)
  and returns at once. botocore's waiters sleep through ``time.sleep`` between polls
  (``botocore.waiter``), so ``ecs.get_waiter("services_stable").wait(...)`` sees ECS's answer
  after the same number of polls as on AWS, in milliseconds of wall time.
- ``time.time()`` and ``time.monotonic()`` (and their ``_ns`` forms) run ahead of the wall by
  the simulated seconds that have passed since the context was entered, so a polling loop with
  a deadline (``while time.monotonic() < deadline: ... time.sleep(10)``) ends when the
  simulated deadline passes.

Only the entering thread is affected: the replacements look up the calling thread, and any
other thread (pytest's, a library's background thread, a thread pool of the code under test)
gets the real functions, because the simulation is not its clock and a background thread that
sleeps to pace itself must not race the simulated time forward. Code that took its own
reference before the context (``from time import sleep`` at import) keeps the wall clock; so
do ``asyncio.sleep`` and ``threading.Event.wait``. The ``time`` module's attributes are
replaced while at least one virtual clock is active and restored to what was there when the
last one leaves, unless something else replaced them meanwhile (then that is left alone).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

_NAMES = ("sleep", "time", "monotonic", "time_ns", "monotonic_ns")
_GUARD = threading.Lock()
#: What the time module held before the first clock was entered (the real functions).
_REAL: dict[str, Any] = {}
#: Active clocks by thread ident, innermost last.
_CLOCKS: dict[int, list[VirtualClock]] = {}


class VirtualClock:
    """One thread's simulated time: `advance(seconds)` moves the simulation, `elapsed()` says
    how many simulated seconds have passed since the clock was entered."""

    def __init__(self, advance: Callable[[float], object], elapsed: Callable[[], float]) -> None:
        self.advance = advance
        self.elapsed = elapsed
        self.thread = threading.get_ident()

    def __enter__(self) -> VirtualClock:
        with _GUARD:
            if not _CLOCKS:
                _install()
            _CLOCKS.setdefault(self.thread, []).append(self)
        return self

    def __exit__(self, *_: object) -> None:
        with _GUARD:
            clocks = _CLOCKS.get(self.thread, [])
            if self in clocks:
                clocks.remove(self)
            if not clocks:
                _CLOCKS.pop(self.thread, None)
            if not _CLOCKS:
                _uninstall()


def _mine() -> VirtualClock | None:
    clocks = _CLOCKS.get(threading.get_ident())
    return clocks[-1] if clocks else None


def _sleep(seconds: float) -> None:
    clock = _mine()
    if clock is None:
        return _REAL["sleep"](seconds)
    seconds = float(seconds)
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    if seconds > 0:
        clock.advance(seconds)
    return None


def _time() -> float:
    clock = _mine()
    return _REAL["time"]() + (clock.elapsed() if clock else 0.0)


def _monotonic() -> float:
    clock = _mine()
    return _REAL["monotonic"]() + (clock.elapsed() if clock else 0.0)


def _time_ns() -> int:
    clock = _mine()
    return _REAL["time_ns"]() + (int(clock.elapsed() * 1e9) if clock else 0)


def _monotonic_ns() -> int:
    clock = _mine()
    return _REAL["monotonic_ns"]() + (int(clock.elapsed() * 1e9) if clock else 0)


_REPLACEMENTS: dict[str, Any] = {
    "sleep": _sleep,
    "time": _time,
    "monotonic": _monotonic,
    "time_ns": _time_ns,
    "monotonic_ns": _monotonic_ns,
}


def _install() -> None:
    for name in _NAMES:
        _REAL[name] = getattr(time, name)
        setattr(time, name, _REPLACEMENTS[name])


def _uninstall() -> None:
    for name in _NAMES:
        real = _REAL.get(name)  # kept: a replacement someone wrapped still finds it
        if real is not None and getattr(time, name) is _REPLACEMENTS[name]:
            setattr(time, name, real)
