"""Showing text to the learner: HTML in Jupyter, plain text elsewhere.

The text's languages live in the word catalogue (`ecslearn.words`); `T`, `pick` and `LANGUAGES`
are imported from there and kept importable from here, where the lessons have always found them.
"""

from __future__ import annotations

import html
import re
from typing import Any

from ecslearn.words import LANGUAGES, T, pick

__all__ = ["LANGUAGES", "Shown", "T", "box", "in_kernel", "markup", "pick"]


def in_kernel() -> bool:
    """True inside a Jupyter kernel (or IPython), where rich display works."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    return get_ipython() is not None


def markup(text: str) -> str:
    """HTML for a message: escaped, with `code` spans and **bold**, newlines kept."""
    escaped = html.escape(text)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    escaped = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", escaped)
    return escaped.replace("\n", "<br>")


class Shown:
    """Something the learner sees: HTML in Jupyter, plain text elsewhere, shown only once.

    `show()` displays it (or prints it outside a kernel). If the same object is also the
    value of the cell, Jupyter does not show it a second time.
    """

    _shown = False

    def text(self) -> str:
        raise NotImplementedError

    def html(self) -> str:
        return f"<div>{markup(self.text())}</div>"

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return self.html()

    def _ipython_display_(self) -> None:
        if self._shown:
            return
        self._shown = True
        from IPython.display import display

        display({"text/html": self.html(), "text/plain": self.text()}, raw=True)

    def show(self) -> Any:
        if in_kernel():
            from IPython.display import display

            display(self)
        else:
            print(self.text())
            self._shown = True
        return self


def box(colour: str, title: str, body_html: str) -> str:
    """A coloured box with a bold title: the one style of every lesson panel."""
    return (
        f'<div style="border-left:4px solid {colour};padding:6px 10px;margin:4px 0;'
        f'background:{colour}14"><b style="color:{colour}">{html.escape(title)}</b>'
        f"{'<div>' + body_html + '</div>' if body_html else ''}</div>"
    )
