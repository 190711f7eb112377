"""CloudWatch Logs' filter patterns for unstructured events, the part ecslearn simulates.

From AWS's "Filter pattern syntax" page: an empty pattern matches every event; space-separated
terms must all appear (``ERROR Exception``); a term with characters other than letters, digits
and underscores, or a phrase with spaces, is written in double quotes (``"Out of memory"``); a
term preceded by ``?`` is one of alternatives, of which at least one must appear
(``?ERROR ?WARN``); a term preceded by ``-`` must not appear (``ERROR -Retry``). Matching is
case-sensitive, as AWS's is.

What AWS leaves unsaid and ecslearn chose: a term matches anywhere in the message (a substring),
and plain terms, ``?`` alternatives and ``-`` exclusions combine as "all plain terms, at least
one alternative when there are any, none of the exclusions". JSON patterns (``{ $.x = 1 }``),
space-delimited ones (``[ip, user, ...]``) and regular expressions (``%...%``) are not
simulated: they are refused with InvalidParameterException, naming the pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecslearn.errors import InvalidParameterException

_TOKEN = re.compile(r'([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))')
_BARE = re.compile(r"^\w+$")


@dataclass(frozen=True)
class FilterPattern:
    """A parsed pattern: the terms that must, may (one of) and must not appear."""

    required: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()

    def matches(self, message: str) -> bool:
        return (
            all(term in message for term in self.required)
            and (not self.alternatives or any(term in message for term in self.alternatives))
            and not any(term in message for term in self.excluded)
        )


def parse_filter_pattern(pattern: str | None) -> FilterPattern:
    """The pattern, or InvalidParameterException for what ecslearn does not read."""
    text = (pattern or "").strip()
    if not text:
        return FilterPattern()
    if text[0] in "{[%":
        raise InvalidParameterException(
            f"Invalid filter pattern: {pattern}",
            hint='ecslearn simulates filter patterns of terms only: ERROR, "quoted phrase", '
            "?ERROR ?WARN (either) and -DEBUG (not); JSON, space-delimited and regular "
            "expression patterns are not simulated.",
        )
    required: list[str] = []
    alternatives: list[str] = []
    excluded: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if text[position : match.start()].strip():
            break
        position = match.end()
        sign, quoted, bare = match.group(1), match.group(2), match.group(3)
        if quoted is not None:
            term = quoted.replace('\\"', '"')
        elif not _BARE.match(bare):
            # ecslearn's wording (AWS refuses unquoted non-alphanumeric terms)
            raise InvalidParameterException(
                f"Invalid character(s) in term '{bare}'",
                hint="Put a term with characters other than letters and digits in double "
                f'quotes: "{bare}".',
            )
        else:
            term = bare
        {"": required, "?": alternatives, "-": excluded}[sign].append(term)
    if text[position:].strip():
        raise InvalidParameterException(f"Invalid filter pattern: {pattern}")
    return FilterPattern(tuple(required), tuple(alternatives), tuple(excluded))
