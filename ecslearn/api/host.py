"""The simulation behind the HTTP endpoint: one lock, a clock that follows the wall, a state file.

Every request thread and the background ticker go through `SimulationHost`, which holds the only
lock on the simulation: calls are served one at a time, in the order they take the lock, so
concurrent clients see a consistent world. Before each call (and every ~0.2 s in between) the
virtual clock moves forward by the wall seconds since the last move times `speed`, so tasks
start, health checks pass and services settle while a boto3 waiter polls, as on real ECS.

With a state file, the world is written (atomically: a ``.partial`` file, then a rename) after
every call that may have changed it, before its answer is sent; so an answer a client has seen
is on disk, and a server killed at any moment restarts with nothing lost. Changes the clock
makes by itself (a task reaching RUNNING) are written at most once a second.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from ecslearn.protocols.wire import WireRequest, WireResponse
from ecslearn.simulation import Simulation

log = logging.getLogger(__name__)

#: Operations that only read; every other call is followed by a save (with a state file).
READ_ONLY_PREFIXES = ("Describe", "List", "Get", "BatchGet", "BatchCheck")
#: How often the ticker moves the clock, in wall seconds.
TICK_SECONDS = 0.2
#: A longer gap (the laptop slept, the process was stopped) is not replayed: at most this many
#: wall seconds count for one move of the clock, so the server never stalls catching up.
MAX_WALL_STEP = 5.0
#: Clock-only changes are saved at most this often, in wall seconds.
SAVE_INTERVAL = 1.0


def is_read_only(operation: str) -> bool:
    return operation.startswith(READ_ONLY_PREFIXES)


class SimulationHost:
    """A simulation shared by threads, its clock driven by wall time, optionally persisted."""

    def __init__(
        self, sim: Simulation, *, speed: float = 1.0, state_path: str | Path | None = None
    ) -> None:
        if speed < 0:
            raise ValueError("speed must be >= 0 simulated seconds per wall second")
        self.sim = sim
        self.speed = speed
        self.state_path = Path(state_path) if state_path is not None else None
        self.lock = threading.Lock()
        self.requests = 0
        self.saves = 0
        self._wall = time.monotonic()
        self._dirty = False
        self._last_save = 0.0
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    # -- the clock --------------------------------------------------------------------------------
    def _catch_up(self) -> None:
        """Move the clock to the wall's pace; the caller holds the lock."""
        now = time.monotonic()
        elapsed = min(max(now - self._wall, 0.0), MAX_WALL_STEP)
        self._wall = now
        if elapsed > 0 and self.speed > 0 and self.sim.advance(elapsed * self.speed):
            self._dirty = True

    def tick(self) -> None:
        """One move of the clock, and a save if the clock changed something a while ago."""
        with self.lock:
            self._catch_up()
            if self._dirty and time.monotonic() - self._last_save >= SAVE_INTERVAL:
                self._save()

    def start_ticker(self) -> None:
        """Keep the clock moving between requests, in a daemon thread."""
        if self._ticker is not None:
            return

        def run() -> None:
            while not self._stop.wait(TICK_SECONDS):
                try:
                    self.tick()
                except Exception:  # a bug in the simulation must not stop the clock thread
                    log.exception("the simulation failed while moving the clock")

        self._ticker = threading.Thread(target=run, name="ecslearn-clock", daemon=True)
        self._ticker.start()

    def stop(self) -> None:
        """Stop the ticker and write what is not written yet."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
        with self.lock:
            if self._dirty:
                self._save()

    # -- calls --------------------------------------------------------------------------------
    def handle(
        self, request: WireRequest, region: str, signing_name: str | None = None
    ) -> WireResponse:
        """Serve one call, in whatever protocol it speaks, at the current wall-clock time; saves
        before answering when the call may have changed the world."""
        with self.lock:
            self.requests += 1
            try:
                self._catch_up()
            except Exception:
                log.exception("the simulation failed while moving the clock")
            answer = self.sim.world.dispatcher.serve(
                request,
                region,
                signing_name=signing_name,
                request_id=str(uuid.uuid4()),
            )
            # A request no service took (no operation) changed nothing.
            read_only = not answer.operation or is_read_only(answer.operation)
            if not read_only:
                self._dirty = True
            if self._dirty and (
                not read_only or time.monotonic() - self._last_save >= SAVE_INTERVAL
            ):
                self._save()
            return answer

    def read(self, view: Any) -> Any:
        """`view(sim)` at the current time, under the lock (for the status page)."""
        with self.lock:
            self._catch_up()
            return view(self.sim)

    # -- persistence --------------------------------------------------------------------------
    def _save(self) -> None:
        if self.state_path is None:
            self._dirty = False
            return
        try:
            self.sim.save(self.state_path)
        except Exception as error:
            # The change is made in memory either way; say loudly that it is not on disk.
            log.error("could not write the state file %s: %r", self.state_path, error)
            return
        self.saves += 1
        self._dirty = False
        self._last_save = time.monotonic()

    def save(self) -> None:
        """Write the world now (with a state file)."""
        with self.lock:
            self._dirty = True
            self._save()
