"""`T`: one sentence in both languages, for the one-off messages a lesson builds with values in
them (an exercise's verdict naming the learner's service, say). Fixed words belong in the word
tables instead; a `T` is for what cannot be a table entry."""

from __future__ import annotations

from dataclasses import dataclass

from ecslearn.words.language import resolve


@dataclass(frozen=True)
class T:
    """One text in English and Korean: ``T("Correct", "정답")``; ``text("ko")`` picks one and
    ``text()`` the session's language (`ecslearn.set_language`)."""

    en: str
    ko: str

    def __call__(self, lang: str | None = None) -> str:
        return self.ko if resolve(lang) == "ko" else self.en


def pick(value: str | T, lang: str | None = None) -> str:
    """A plain string is the same in both languages (code, names); a `T` is translated."""
    return value(lang) if isinstance(value, T) else value
