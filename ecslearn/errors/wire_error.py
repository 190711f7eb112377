"""The root of every simulated error, and the hints ecslearn keeps beside the errors it made.

A separate module so that the per-service error modules and the package can both import it
without a circle (see `ecslearn.errors`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

#: The hints of the errors made lately, by (code, message): `ecslearn.explain` reads them back
#: from what a client received. Bounded: only the latest errors can be asked about.
HINTS: OrderedDict[tuple[str, str], str] = OrderedDict()
MAX_HINTS = 512
_HINTS_LOCK = threading.Lock()  # errors are made on the server's worker threads too


def remember_hint(code: str, message: str, hint: str) -> None:
    with _HINTS_LOCK:
        HINTS[(code, message)] = hint
        HINTS.move_to_end((code, message))
        while len(HINTS) > MAX_HINTS:
            HINTS.popitem(last=False)


def hint_for(code: str, message: str) -> str | None:
    """ecslearn's advice for an error a client received, if the error was made here lately."""
    return HINTS.get((code, message))


class EcsError(Exception):
    """An error a simulated AWS service would return; `code` is its name on the wire."""

    code = "ServerException"
    http_status = 400

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: what to do next, in ecslearn's words; never sent (see the module)
        self.hint = hint
        if hint:
            remember_hint(self.code, message, hint)

    def to_json(self) -> dict[str, str]:
        return {"__type": self.code, "message": self.message}
