"""The virtual clock: simulated seconds since the simulation began, and how they read as dates.

ECS timestamps are epoch seconds on the wire; a simulation starts at a fixed instant so that two
runs with the same seed print the same dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: The instant a simulation starts: 2025-01-06 09:00:00 UTC, a Monday morning.
EPOCH_START = dt.datetime(2025, 1, 6, 9, 0, 0, tzinfo=dt.timezone.utc).timestamp()


@dataclass
class Clock:
    """Simulated time; only the control plane moves it forward."""

    now: float = 0.0
    epoch_start: float = EPOCH_START

    @property
    def timestamp(self) -> float:
        """The current simulated instant as ECS epoch seconds."""
        return self.epoch_start + self.now

    def advance_to(self, when: float) -> None:
        if when < self.now:
            raise ValueError(f"time cannot go backwards ({when} < {self.now})")
        self.now = when
