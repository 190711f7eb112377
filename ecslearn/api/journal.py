"""Durable state for `ecslearn serve --state FILE`: a snapshot plus a write-ahead journal.

The world is seeded and deterministic: the same calls and the same clock moves, in the same
order, rebuild it exactly. So instead of writing the whole world after every call (which cost
what the world holds, not what the call changed), the server appends one line per change to
``FILE.journal``:

- ``{"n": 7, "advance": 0.21}``: the clock moved by that many simulated seconds (the ticker's
  and each call's move to the wall's pace, recorded as the exact float passed to ``advance``);
- ``{"n": 8, "call": {...}}``: a call that may change the world (not Describe*/List*/Get*), as
  the bytes that came in: headers, body, form, region, signing name and the request ID.

A call's line is written before the call is applied (write-ahead): if it cannot be stored,
the call is refused and never touches the world, so memory and disk never disagree (see
`ecslearn.api.host`). Clock lines wait in memory and go out with the next call's line (or once a
second from the ticker); reads write nothing of their own. Now and then (`Journal.due`, and on
a clean stop) the world is written whole to FILE (a ``.partial`` file, fsync, atomic rename,
fsync of the folder) with the number of the last line it includes, and the journal is emptied.
Loading reads FILE (a state file of the earlier format, with no journal, loads as before) and
replays the journal's lines numbered after it; a torn last line (a kill in the middle of a
write) was never answered, and is dropped.

What survives what, by the fsync policy (`fsync`, off by default):

- **a killed process** (kill -9, a crash): every answered call, always. A flushed line is in the
  operating system's page cache, which outlives the process. Cost: one ``write`` per call.
- **a power loss or a kernel crash**: with ``fsync=False``, the calls of the last few seconds
  may be lost (Linux writes dirty pages back within ~5-30 s); the world loads as of some earlier
  call, never half of one (snapshots are fsynced before the journal is emptied). With
  ``fsync=True`` every answered call survives too, at the price of one fsync per changing call
  (well under a millisecond on a local SSD, tens of milliseconds on some network disks).
"""

from __future__ import annotations

import base64
import json
import logging
import os
from pathlib import Path
from typing import Any

from ecslearn.control import snapshot
from ecslearn.protocols.aws_json import compact_json
from ecslearn.protocols.wire import WireRequest
from ecslearn.simulation import Simulation

log = logging.getLogger(__name__)

#: The snapshot document's key for the number of the last journal line it includes.
SEQUENCE_KEY = "journalSequence"
#: Write a snapshot (and empty the journal) after this many calls or this many lines.
COMPACT_AFTER_CALLS = 1000
COMPACT_AFTER_LINES = 20000


def journal_path(state_path: Path) -> Path:
    return state_path.with_name(state_path.name + ".journal")


def write_snapshot(sim: Simulation, path: Path, sequence: int) -> None:
    """The whole world to `path`, atomically and durably, naming the journal lines it holds."""
    document = snapshot.to_document(sim.world)
    document[SEQUENCE_KEY] = sequence
    partial = path.with_suffix(path.suffix + ".partial")
    with open(partial, "w") as file:
        file.write(json.dumps(document))
        file.flush()
        os.fsync(file.fileno())
    partial.replace(path)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # some systems cannot open a folder; the rename is atomic regardless
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def encode_call(
    request: WireRequest, region: str, signing_name: str | None, request_id: str
) -> dict[str, Any]:
    return {
        "region": region,
        "signing": signing_name,
        "id": request_id,
        "headers": request.headers,
        "body": base64.b64encode(request.body).decode("ascii"),
        "form": request.form,
    }


def replay_call(sim: Simulation, call: dict[str, Any]) -> None:
    request = WireRequest(
        headers=call["headers"], body=base64.b64decode(call["body"]), form=call["form"]
    )
    sim.world.dispatcher.serve(
        request, call["region"], signing_name=call["signing"], request_id=call["id"]
    )


def load(path: Path) -> tuple[Simulation, int]:
    """The world in `path` with its journal replayed, and the number of the last line applied.
    The journal is cut back to its last whole line."""
    document = json.loads(path.read_text())
    sequence = int(document.get(SEQUENCE_KEY, 0))
    sim = Simulation.from_world(snapshot.from_document(document))
    journal = journal_path(path)
    if not journal.exists():
        return sim, sequence
    data = journal.read_bytes()
    good = 0
    for raw in data.splitlines(keepends=True):
        if not raw.endswith(b"\n"):
            break  # torn: the process died writing it, so its call was never answered
        try:
            entry = json.loads(raw)
        except ValueError:
            break
        good += len(raw)
        if entry["n"] <= sequence:
            continue  # already in the snapshot (a kill between the rename and the truncation)
        sequence = entry["n"]
        try:
            if "advance" in entry:
                sim.advance(entry["advance"])
            else:
                replay_call(sim, entry["call"])
        except Exception:  # it failed the same way when it was first made
            log.exception("replaying journal line %d", entry["n"])
    if good < len(data):
        with open(journal, "r+b") as file:
            file.truncate(good)
    return sim, sequence


class SaveError(Exception):
    """A journal line could not be stored (disk full, file not writable): the call it carries
    must be refused and not applied."""


class Journal:
    """The append side: lines numbered on from the snapshot's, a snapshot now and then.

    Lines go out with `os.write` on an ``O_APPEND`` descriptor, not through a buffered file, so
    a write that fails (ENOSPC, EFBIG, EIO) leaves nothing behind in a buffer: the file is cut
    back to where it ended (a line boundary), the line numbers are taken back, and the clock
    lines that were waiting stay waiting for the next write."""

    def __init__(self, sim: Simulation, path: Path, sequence: int, *, fsync: bool = False):
        self.sim = sim
        self.path = path
        self.sequence = sequence
        self.fsync = fsync
        self.calls = 0
        self.lines = 0
        self.snapshots = 0
        self._pending: list[bytes] = []  # clock lines not written yet
        self._fd = self._open()

    def _open(self) -> int:
        return os.open(journal_path(self.path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def _line(self, entry: dict[str, Any]) -> bytes:
        self.sequence += 1
        self.lines += 1
        return compact_json({"n": self.sequence, **entry}) + b"\n"

    def advance(self, seconds: float) -> None:
        """A clock move, kept in memory: it goes out with the next write."""
        self._pending.append(self._line({"advance": seconds}))

    def call(
        self, request: WireRequest, region: str, signing_name: str | None, request_id: str
    ) -> None:
        """A call that may change the world, on disk (with the clock moves before it) before it
        is applied; raises `SaveError`, with nothing written and nothing counted, if it cannot
        be stored."""
        sequence, lines = self.sequence, self.lines
        line = self._line({"call": encode_call(request, region, signing_name, request_id)})
        try:
            self._write([*self._pending, line])
        except SaveError:
            self.sequence, self.lines = sequence, lines
            raise
        self._pending.clear()
        self.calls += 1

    def flush(self) -> None:
        """The waiting clock moves to disk; raises `SaveError` (and keeps them) if it cannot."""
        if self._pending:
            self._write(self._pending)
            self._pending.clear()

    def _write(self, lines: list[bytes]) -> None:
        data = b"".join(lines)
        end = os.fstat(self._fd).st_size
        try:
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            if self.fsync:
                os.fsync(self._fd)
        except OSError as error:
            try:
                os.ftruncate(self._fd, end)  # back to the last whole line
            except OSError:
                log.error("could not cut %s back after a failed write", journal_path(self.path))
            raise SaveError(
                f"the state could not be saved to {journal_path(self.path)} "
                f"({error.strerror or error})"
            ) from error

    def due(self) -> bool:
        return self.calls >= COMPACT_AFTER_CALLS or self.lines >= COMPACT_AFTER_LINES

    def compact(self) -> None:
        """The world whole to the state file, then an empty journal."""
        self.flush()
        write_snapshot(self.sim, self.path, self.sequence)
        os.ftruncate(self._fd, 0)
        self.calls = self.lines = 0
        self.snapshots += 1

    def close(self) -> None:
        os.close(self._fd)
