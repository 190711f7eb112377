"""The simulation behind the HTTP endpoint: one lock, a clock that follows the wall, a state file.

Every request thread and the background ticker go through `SimulationHost`, which holds the only
lock on the simulation: calls are served one at a time, in the order they take the lock, so
concurrent clients see a consistent world. Before each call (and every ~0.2 s in between) the
virtual clock moves forward by the wall seconds since the last move times `speed`, so tasks
start, health checks pass and services settle while a boto3 waiter polls, as on real ECS.

With a state file, every call that may change the world is appended to a write-ahead journal
(`ecslearn.api.journal`) and flushed before its answer is sent, with the clock's moves before
it; so an answer a client has seen survives a server killed at any moment, and a call costs
one line, not a write of the whole world. Now and then the whole world is written (atomically)
and the journal emptied. Reads write nothing.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from ecslearn.api.journal import Journal
from ecslearn.protocols.wire import WireRequest, WireResponse
from ecslearn.simulation import Simulation

log = logging.getLogger(__name__)

#: Operations that only read; every other call is journaled (with a state file).
READ_ONLY_PREFIXES = ("Describe", "List", "Get", "BatchGet", "BatchCheck")
#: How often the ticker moves the clock, in wall seconds.
TICK_SECONDS = 0.2
#: A longer gap (the laptop slept, the process was stopped) is not replayed: at most this many
#: wall seconds count for one move of the clock, so the server never stalls catching up.
MAX_WALL_STEP = 5.0
#: Clock moves not followed by a call are flushed to the journal at most this often, in wall
#: seconds.
SAVE_INTERVAL = 1.0


def is_read_only(operation: str) -> bool:
    return operation.startswith(READ_ONLY_PREFIXES)


class SimulationHost:
    """A simulation shared by threads, its clock driven by wall time, optionally persisted."""

    def __init__(
        self,
        sim: Simulation,
        *,
        speed: float = 1.0,
        state_path: str | Path | None = None,
        sequence: int = 0,
        fsync: bool = False,
    ) -> None:
        """`sequence`: the number of the last journal line already in `sim` (from
        `journal.load`); `fsync`: sync each changing call to the disk (see `ecslearn.api.journal`
        for what survives what)."""
        if speed < 0:
            raise ValueError("speed must be >= 0 simulated seconds per wall second")
        self.sim = sim
        self.speed = speed
        self.state_path = Path(state_path) if state_path is not None else None
        self.lock = threading.Lock()
        self.requests = 0
        self.saves = 0
        self.journal = (
            Journal(sim, self.state_path, sequence, fsync=fsync) if self.state_path else None
        )
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
        if elapsed > 0 and self.speed > 0:
            seconds = elapsed * self.speed
            if self.journal is not None:
                self.journal.advance(seconds)  # first: a move that fails, fails again on replay
            self._dirty = True
            self.sim.advance(seconds)

    def tick(self) -> None:
        """One move of the clock; the journal flushed now and then, and compacted when due."""
        with self.lock:
            self._catch_up()
            if self._dirty and time.monotonic() - self._last_save >= SAVE_INTERVAL:
                self._flush()
            if self.journal is not None and self.journal.due():
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
        """Stop the ticker and write the whole world (the journal starts empty next time)."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
        with self.lock:
            if self.journal is not None and (self._dirty or self.journal.lines):
                self._save()
            if self.journal is not None:
                self.journal.close()

    # -- calls --------------------------------------------------------------------------------
    def handle(
        self, request: WireRequest, region: str, signing_name: str | None = None
    ) -> WireResponse:
        """Serve one call, in whatever protocol it speaks, at the current wall-clock time; a call
        that may have changed the world is journaled before it is answered."""
        with self.lock:
            self.requests += 1
            try:
                self._catch_up()
            except Exception:
                log.exception("the simulation failed while moving the clock")
            request_id = str(uuid.uuid4())
            try:
                answer = self.sim.world.dispatcher.serve(
                    request, region, signing_name=signing_name, request_id=request_id
                )
            except BaseException:
                if self.journal is not None:  # it may have changed something: replay it too
                    self.journal.call(request, region, signing_name, request_id)
                raise
            # A request no service took (no operation) changed nothing.
            if answer.operation and not is_read_only(answer.operation):
                self._dirty = True
                if self.journal is not None:
                    self.journal.call(request, region, signing_name, request_id)
                    self._last_save = time.monotonic()
            return answer

    def read(self, view: Any) -> Any:
        """`view(sim)` at the current time, under the lock (for the status page)."""
        with self.lock:
            self._catch_up()
            return view(self.sim)

    # -- persistence --------------------------------------------------------------------------
    def _flush(self) -> None:
        if self.journal is not None:
            try:
                self.journal.flush()
            except Exception as error:
                log.error("could not write the journal of %s: %r", self.state_path, error)
                return
        self._dirty = False
        self._last_save = time.monotonic()

    def _save(self) -> None:
        """The whole world to the state file; the journal starts again empty."""
        if self.journal is None:
            self._dirty = False
            return
        try:
            self.journal.compact()
        except Exception as error:
            # The change is made in memory either way; say loudly that it is not on disk.
            log.error("could not write the state file %s: %r", self.state_path, error)
            return
        self.saves += 1
        self._dirty = False
        self._last_save = time.monotonic()

    def save(self) -> None:
        """Write the whole world now (with a state file)."""
        with self.lock:
            self._save()
