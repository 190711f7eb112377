"""The learner's progress file: every exercise check and quiz answer, kept on the learner's disk.

Where: ``~/.ecslearn/progress.json``, or the path in the environment variable
``ECSLEARN_PROGRESS`` (the tests and the notebook runs point it at a temporary file; ``off``,
``none``, ``0`` or an empty value turn recording off).

What: one record per lesson item (``"01-cluster/ex1"``, ``"01-cluster/q1"``)::

    {"lesson": "01-cluster", "item": "ex1", "kind": "exercise", "status": "correct",
     "attempts": 3, "first_attempt": "...", "last_attempt": "...", "first_correct": "...",
     "lang": "ko"}

``status`` is the latest verdict (what the learner's notebook says now), ``first_correct`` stays
once an item was solved. A check that answers *Not attempted* (a blank left in a Run All) is not
an attempt and changes nothing. Times are the wall clock, in UTC: this is the learner's day, not
the simulation's virtual clock.

How: every update takes a lock (``fcntl.flock`` on ``progress.json.lock``, where the platform has
it, plus a lock inside the process), reads the file, changes one record, writes a temporary file
beside it, flushes it to disk and renames it over the old one (`os.replace`, atomic): two
notebooks checking at once both count, and a crash mid-write leaves the old file whole. A file
that is not valid progress JSON is renamed aside (``progress.json.corrupt-<time>``) by the next
update, which starts afresh; readers never change the file. Recording never raises into a
learner's check: a disk that refuses is reported once as a warning.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

try:  # POSIX; elsewhere the in-process lock and the atomic rename still hold
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

ENV = "ECSLEARN_PROGRESS"
DEFAULT_PATH = Path("~/.ecslearn/progress.json")
FORMAT = "ecslearn-progress"
VERSION = 1
STATUSES = ("correct", "incorrect", "not_attempted")
KINDS = ("exercise", "quiz")
_OFF = {"", "off", "none", "0", "false"}
_THREAD_LOCK = threading.Lock()
_warned: set[str] = set()


def progress_path() -> Path | None:
    """The file progress is kept in, or None when ``ECSLEARN_PROGRESS`` turns recording off."""
    value = os.environ.get(ENV)
    if value is None:
        return DEFAULT_PATH.expanduser()
    if value.strip().lower() in _OFF:
        return None
    return Path(value).expanduser()


def now() -> str:
    """The wall-clock time in UTC, to the second, as ISO 8601 (``2026-12-03T11:40:05Z``)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Loaded:
    """What a progress file holds: its records by key, and why it could not be read, if so."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str | None = None
    #: True when the file is there but its content is not progress (set aside on update).
    corrupt: bool = False


def _valid(record: Any) -> bool:
    return (
        isinstance(record, dict)
        and isinstance(record.get("lesson"), str)
        and isinstance(record.get("item"), str)
        and record.get("kind") in KINDS
        and record.get("status") in STATUSES
        and isinstance(record.get("attempts"), int)
    )


def read(path: Path) -> Loaded:
    """The records in `path` (none when it does not exist). A file that is not progress JSON
    gives no records and says why; a record that is malformed is left out on its own."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Loaded()
    except OSError as error:
        return Loaded(problem=f"{type(error).__name__}: {error}")
    try:
        data = json.loads(text)
    except ValueError as error:
        return Loaded(problem=f"not JSON: {error}", corrupt=True)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return Loaded(problem=f"not an {FORMAT} file", corrupt=True)
    records = data.get("records")
    if not isinstance(records, dict):
        return Loaded(problem="no records", corrupt=True)
    return Loaded({key: r for key, r in records.items() if _valid(r)})


def _write_atomically(path: Path, records: dict[str, dict[str, Any]]) -> None:
    """Write `records` to a temporary file beside `path`, flush it to disk, rename it over."""
    document = {"format": FORMAT, "version": VERSION, "records": dict(sorted(records.items()))}
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, indent=1)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the file's lock (and the process's) while a read-change-write runs."""
    with _THREAD_LOCK:
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        with open(path.with_name(path.name + ".lock"), "a+") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _set_aside(path: Path) -> Path:
    """Rename an unreadable progress file out of the way, keeping it for the learner."""
    aside = path.with_name(f"{path.name}.corrupt-{now().replace(':', '')}")
    os.replace(path, aside)
    return aside


def update(
    path: Path, lesson: str, item: str, kind: str, status: str, lang: str
) -> dict[str, Any] | None:
    """Record one verdict for `lesson`'s `item` in `path` and return its record (None when
    the verdict is *not attempted*, which is not an attempt). Raises OSError when the disk
    refuses; `record` below is the learner-facing call that never raises."""
    if kind not in KINDS or status not in STATUSES:
        raise ValueError(f"kind is one of {KINDS} and status one of {STATUSES}")
    if status == "not_attempted":
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        loaded = read(path)
        if loaded.problem is not None and not loaded.corrupt:
            raise OSError(loaded.problem)
        if loaded.corrupt:
            aside = _set_aside(path)
            warnings.warn(
                f"{path} could not be read ({loaded.problem}); it was kept as {aside} and "
                "progress starts afresh.",
                stacklevel=3,
            )
        key = f"{lesson}/{item}"
        when = now()
        old = loaded.records.get(key, {})
        entry = {
            "lesson": lesson,
            "item": item,
            "kind": kind,
            "status": status,
            "attempts": int(old.get("attempts", 0)) + 1,
            "first_attempt": old.get("first_attempt", when),
            "last_attempt": when,
            "first_correct": old.get("first_correct") or (when if status == "correct" else None),
            "lang": lang,
        }
        loaded.records[key] = entry
        _write_atomically(path, loaded.records)
    return entry


def record(lesson: str, item: str, kind: str, status: str, lang: str) -> dict[str, Any] | None:
    """What a check or a quiz answer calls: record the verdict in the learner's progress file
    (`progress_path`), unless recording is off or the item belongs to no lesson. Never raises:
    a learner's check must answer even when the disk does not."""
    path = progress_path()
    if path is None or not lesson:
        return None
    try:
        return update(path, lesson, item, kind, status, lang)
    except (OSError, ValueError) as error:
        if str(path) not in _warned:
            _warned.add(str(path))
            warnings.warn(f"ecslearn could not record progress in {path}: {error}", stacklevel=2)
        return None
