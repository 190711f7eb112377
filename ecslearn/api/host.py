"""The simulation behind the HTTP endpoint: one lock, a clock that follows the wall, a state file.

Every request thread and the background ticker go through `SimulationHost`, which holds the only
lock on the simulation: calls are served one at a time, in the order they take the lock, so
concurrent clients see a consistent world. Before each call (and every ~0.2 s in between) the
virtual clock moves forward by the wall seconds since the last move times `speed`, so tasks
start, health checks pass and services settle while a boto3 waiter polls, as on real ECS.

With a state file, every call that may change the world is appended to a write-ahead journal
(`ecslearn.api.journal`), with the clock's moves before it, BEFORE it is applied: the request is
routed first (which service, which operation: a read writes nothing), its line is written, and
only then does the dispatcher serve it. If the line cannot be stored (disk full, file not
writable, an I/O error) the journal is cut back to its last whole line and the call is refused
with a ServerException (InternalFailure in the query protocols) saying the state could not be
saved, without touching the world: memory and disk stay the same world. (The other way round,
applying first and undoing on failure, would need an undo for every operation, or a rebuild of
the whole world from the snapshot and journal on each failure.) A line that is stored is then
applied exactly as replay will apply it, errors included, so an answer a client has seen
survives a server killed at any moment, and a call costs one line, not a write of the whole
world. Now and then the whole world is written (atomically)
and the journal emptied. Reads write nothing.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from ecslearn.api.journal import Journal, SaveError
from ecslearn.errors import ServerException
from ecslearn.protocols import codec_for
from ecslearn.protocols.wire import WireRequest, WireResponse
from ecslearn.services.routing import Unroutable, prepare, route
from ecslearn.services.spec import ServiceSpec
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


def not_saved(spec: ServiceSpec, error: SaveError, request_id: str) -> WireResponse:
    """The refusal of a call whose journal line could not be stored, in its service's protocol
    (a ServerException in JSON, an InternalFailure in query and EC2 XML), HTTP 500."""
    refusal = spec.in_dialect(
        ServerException(
            f"The call was not made: {error}. Nothing changed; free the disk (or make the "
            "state file writable) and send it again."
        )
    )
    return codec_for(spec.protocol).error(refusal, spec.model, request_id)


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
        prepare()  # the services' models, before the first client waits for them
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
            changing = self._changing(request, signing_name) if self.journal else None
            if changing is not None and self.journal is not None:
                try:  # write-ahead: stored first, applied only once it is
                    self.journal.call(request, region, signing_name, request_id)
                except SaveError as error:
                    log.error("refused a call: %s", error)
                    return not_saved(changing, error, request_id)
                self._last_save = time.monotonic()
            answer = self.sim.world.dispatcher.serve(
                request, region, signing_name=signing_name, request_id=request_id
            )
            if answer.operation and not is_read_only(answer.operation):
                self._dirty = True
            return answer

    @staticmethod
    def _changing(request: WireRequest, signing_name: str | None) -> ServiceSpec | None:
        """The service of a call that may change the world, or None for a read (or a request
        no service takes, which the dispatcher refuses without touching anything)."""
        try:
            found = route(request, signing_name=signing_name)
        except Unroutable:
            return None
        return None if is_read_only(found.operation) else found.service

    # -- for test harnesses (`ecslearn.api.harness`) ---------------------------------------------
    def reset(self, seed: int | None = None, region: str | None = None) -> Simulation:
        """A fresh world in place of this one (the same seed and region unless given), without
        a restart; with a state file, it is written whole and the journal emptied at once, so a
        restart loads the fresh world."""
        with self.lock:
            old = self.sim
            sim = Simulation(seed=old.seed if seed is None else seed, region=region or old.region)
            if self.journal is not None:
                self.journal.sim = sim
                try:
                    self.journal.compact()
                except Exception:
                    self.journal.sim = old
                    raise
            old.close()
            self.sim = sim
            self._wall = time.monotonic()
            self._dirty = False
            return sim

    def advance(self, seconds: float) -> float:
        """Move the clock `seconds` forward now (on top of the wall's pace), journaled like the
        ticker's moves; returns the new simulated time."""
        with self.lock:
            self._catch_up()
            if self.journal is not None:
                self.journal.advance(seconds)
            self._dirty = True
            self.sim.advance(seconds)
            return self.sim.now

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
            # Every change is still in the journal; the snapshot is tried again when due.
            log.error("could not write the state file %s: %r", self.state_path, error)
            return
        self.saves += 1
        self._dirty = False
        self._last_save = time.monotonic()

    def save(self) -> None:
        """Write the whole world now (with a state file)."""
        with self.lock:
            self._save()
