"""The timeline: everything that happened in a simulation, in simulated-time order.

Task and container state changes, placement decisions (with their reasons), agent and instance
changes, service events and faults all land here, so a learner can ask "what happened to this
task?" with ``sim.events.filter(task=...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Event:
    """One thing that happened, at simulated second `time`."""

    time: float
    kind: str  # "task", "container", "placement", "instance", "agent", "service", "fault"
    message: str
    cluster: str | None = None
    task: str | None = None  # the task's short ID
    container: str | None = None
    instance: str | None = None  # the container instance's short ID
    service: str | None = None
    details: dict[str, Any] = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"[{self.time:8.1f}s] {self.kind:<9} {self.message}"

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if v not in (None, {})}
        return out


class Deferred(dict):
    """Event details some of whose values are worked out the first time they are read.

    RunTask's placement events carry the explanation table of each placement, which costs
    far more to build than the placement itself; built only when a detail that needs it is
    read (``event.details["rows"]``), or when the whole dict is (iterated, compared, shown or
    copied), it costs nothing when no one looks. A saved world keeps what was read and saves the
    rest as None (`as_read`). Reading another key (``.get("status")``,
    ``"rows" in details``) builds nothing: the keys are there from the start. A copy or a
    pickle is a plain dict.
    """

    __slots__ = ("_later",)

    def __init__(self, *args: Any, later: dict[str, Callable[[], Any]] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self._later = dict(later or {})
        for key in self._later:
            dict.__setitem__(self, key, None)

    def _settle(self) -> None:
        if self._later:
            later, self._later = self._later, {}
            for key, make in later.items():
                dict.__setitem__(self, key, make())

    def __getitem__(self, key: Any) -> Any:
        if key in self._later:
            self._settle()
        return dict.__getitem__(self, key)

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self._later:
            self._settle()
        return dict.get(self, key, default)

    def items(self):  # type: ignore[override]
        self._settle()
        return dict.items(self)

    def values(self):  # type: ignore[override]
        self._settle()
        return dict.values(self)

    def __iter__(self):  # type: ignore[override]
        self._settle()  # also makes dict(details) and {**details} go through __getitem__
        return dict.__iter__(self)

    def __eq__(self, other: object) -> bool:
        self._settle()
        if isinstance(other, Deferred):
            other._settle()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key in self._later:
            self._settle()
        return dict.setdefault(self, key, default)

    def __repr__(self) -> str:
        self._settle()
        return dict.__repr__(self)

    def copy(self) -> dict[str, Any]:  # type: ignore[override]
        self._settle()
        return dict(self)

    def pop(self, key: Any, *default: Any) -> Any:
        self._settle()
        return dict.pop(self, key, *default)

    def __reduce_ex__(self, protocol: Any) -> Any:
        self._settle()
        return (dict, (dict(self),))

    def as_read(self) -> dict[str, Any]:
        """A plain dict of the details as they stand, building nothing: a value never read is
        None. A saved world keeps its events this way: building every placement's table to save
        it made a world of 1,000 RunTask placements on 50 instances a 16 MB file that took
        seconds to write, for tables no one had looked at."""
        return {key: dict.__getitem__(self, key) for key in dict.keys(self)}  # not our __iter__


def event_document(event: Event) -> dict[str, Any]:
    """`event` as a saved world keeps it (`dataclasses.asdict`), its details as read so far."""
    details = event.details
    if isinstance(details, Deferred):
        event = replace(event, details=details.as_read())
    return asdict(event)


def _short(reference: Any) -> str | None:
    """A task/instance given as an object, an ARN or an ID, as its short ID."""
    if reference is None:
        return None
    for attr in ("task_arn", "container_instance_arn", "service_name"):
        value = getattr(reference, attr, None)
        if value:
            reference = value
            break
    return str(reference).rsplit("/", 1)[-1]


class Timeline(list):
    """A list of `Event`s that can be filtered the way a learner asks questions."""

    def filter(
        self,
        *,
        task: Any = None,
        service: Any = None,
        instance: Any = None,
        kind: str | None = None,
        cluster: str | None = None,
        since: float | None = None,
    ) -> Timeline:
        wanted_task, wanted_instance = _short(task), _short(instance)
        wanted_service = _short(service)
        return Timeline(
            e
            for e in self
            if (wanted_task is None or e.task == wanted_task)
            and (wanted_instance is None or e.instance == wanted_instance)
            and (wanted_service is None or e.service == wanted_service)
            and (kind is None or e.kind == kind)
            and (cluster is None or e.cluster == cluster)
            and (since is None or e.time >= since)
        )

    def messages(self) -> list[str]:
        return [e.message for e in self]

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self)
