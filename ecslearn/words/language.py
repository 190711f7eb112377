"""The languages ecslearn speaks, the session's default one, and the one resolver every view,
widget and lesson panel goes through.

A Korean lesson sets its language once (``ecslearn.set_language("ko")``) instead of passing
``lang="ko"`` to every picture, widget and panel; any call can still say ``lang="en"``. Every
function that takes ``lang`` resolves it here, so an unknown language is refused the same way
everywhere, naming the languages there are.

The default is a plain module-level value rather than a context variable: a notebook's cells run
one after another in one kernel, and a context variable set in one cell is not always seen by
the next.
"""

from __future__ import annotations

#: A word table: language -> key -> text (texts may hold ``{placeholders}``), the same keys in
#: every language.
Table = dict[str, dict[str, str]]

#: Every language of the lessons, pictures and widgets; each word table has exactly these.
LANGUAGES: tuple[str, ...] = ("en", "ko")
#: What ``lang=None`` means before `set_language` is called.
DEFAULT_LANGUAGE = "en"

_session = {"language": DEFAULT_LANGUAGE}


def _refuse(lang: object) -> ValueError:
    return ValueError(f"lang must be one of {', '.join(LANGUAGES)}; it was {lang!r}.")


def set_language(lang: str) -> None:
    """Make `lang` the language of everything drawn or shown from now on in this session (each
    call can still override it with ``lang=``). An unknown language is refused, and the
    session's language stays what it was."""
    if lang not in LANGUAGES:
        raise _refuse(lang)
    _session["language"] = lang


def get_language() -> str:
    """The session's language: what ``lang=None`` (every default) means right now."""
    return _session["language"]


def resolve(lang: str | None) -> str:
    """`lang` itself when it is one of `LANGUAGES`, the session's language when it is None, and
    a ValueError naming the languages there are otherwise."""
    if lang is None:
        return _session["language"]
    if lang not in LANGUAGES:
        raise _refuse(lang)
    return lang


def words(table: Table, lang: str | None = None) -> dict[str, str]:
    """`table`'s words (one of the catalogue's ``{language: {key: text}}`` tables) in `lang`,
    resolved like every other ``lang``."""
    return table[resolve(lang)]
