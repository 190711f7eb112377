"""ECS's cluster query language: the expressions of memberOf constraints and of
ListContainerInstances' `filter`.

    attribute:ecs.instance-type =~ t2.* and not(task:group == database)

An expression is `subject operator [argument]`, combined with `and`/`&&`, `or`/`||`, `not`/`!`
and parentheses (`and` binds tighter than `or`). `parse` turns the text into a small immutable
tree once (it is cached: placement asks the same question of thousands of instances), and
`Expression.matches` answers it for one `InstanceFacts`.

Followed from AWS's page "Create expressions to define container instances for Amazon ECS tasks":
subjects, both spellings of every operator, each built-in subject's list of valid operators,
`[a, b]` argument lists, Java regular expressions matched against the whole value, the
registeredAt date formats, and the examples. Where AWS is silent, ecslearn chooses:

- Every negative operator is exactly the negation of its positive one: `!=` is `not ==`,
  `!in` is `not in`, `!~` is `not =~`, `!exists` is `not exists`. So an absent attribute (or a
  name-only attribute, which has no value) fails `==`, `in`, `=~` and every ordering, and passes
  `!=`, `!in` and `!~`; `exists` asks only whether the name is there.
- `task:group` looks at the groups of the instance's live tasks: `== g` holds if any task is in
  group g (affinity), `!= g` if none is (anti-affinity), `in`/`=~` if any task's group is in the
  list or matches, `exists` if the instance has any task.
- Operators: each built-in subject takes only the operators AWS lists for it; anything else
  (such as `>` on ec2InstanceId, which has no order) is refused at parse time. `task:group`
  takes the equality, list, match and exists operators; `attribute:` takes all of them, and its
  ordering compares numbers (the argument must be a number; a non-numeric value is false).
- Arguments are parsed at parse time: agentConnected takes `true`/`false` (any case, as Java's
  Boolean.parseBoolean), agentVersion a version of 1 to 4 numbers (`1.14` equals `1.14.0`),
  runningTasksCount a whole number, registeredAt one of AWS's four date formats.
- registeredAt compares at the argument's precision, in UTC unless an offset is given: a date
  is its whole day and a time its whole second, so `registeredAt == 2018-06-18` is "registered
  that day", `< 2018-06-18` "before that day" and `<= 2018-06-18` "by the end of it".
- Values are bare words (anything up to a space, `( ) [ ] ,`, a quote, `&&` or `||`) or
  `'quoted'`/`"quoted"` strings taken verbatim (no escapes); quote a value with spaces or a
  regex with parentheses. A list needs its square brackets, and an empty list is an error.
- Keywords and operator words are lowercase, as AWS writes them; subjects are case-sensitive.
- Java regex spellings Python lacks are translated (`(?<name>...)`, `\\k<name>`, `\\Q...\\E`,
  `\\z`, `\\Z`); beyond that a pattern must be in the common subset of Java and Python (no
  `\\p{Alpha}` classes), and one Python cannot compile is a syntax error.
- Positions in error messages count characters from 1. Nesting of `not` and parentheses is
  limited to 64 levels, and expressions to ECS's 2000 characters.

This module is longer than most on purpose: it is a parser, and a parser's grammar, its error
messages and the operators' rules read best side by side.
"""

from __future__ import annotations

import functools
import operator
import re
import warnings
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, NamedTuple, NoReturn

from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.errors import InvalidParameterException

MAX_LENGTH = 2000
_MAX_DEPTH = 64

#: every operator, canonical spelling first; the word forms are AWS's aliases
_SPELLINGS = (
    ("==", "equals"), ("!=", "not_equals"), (">", "greater_than"), (">=", "greater_than_equal"),
    ("<", "less_than"), ("<=", "less_than_equal"), ("in",), ("!in", "not_in"), ("exists",),
    ("!exists", "not_exists"), ("=~", "matches"), ("!~", "not_matches"),
)  # fmt: skip
_OPERATORS = {spelling: names[0] for names in _SPELLINGS for spelling in names}
_SYMBOLS = ("!exists", "!in", "==", "!=", ">=", "<=", "=~", "!~", ">", "<")  # longest first
_NEGATIONS = {"!=": "==", "!in": "in", "!~": "=~", "!exists": "exists"}
_COMPARE = {"==": operator.eq, ">": operator.gt, ">=": operator.ge, "<": operator.lt,
            "<=": operator.le}  # fmt: skip
#: what a learner probably meant by an operator ECS doesn't have
_HINTS = {"=": "did you mean == ?", "=>": "did you mean >= ?", "=<": "did you mean <= ?",
          "<>": "did you mean != ?", "~=": "did you mean =~ ?"}  # fmt: skip

_EQUALITY = frozenset({"==", "!=", "in", "!in", "=~", "!~"})
_ORDERING = frozenset({"==", "!=", ">", ">=", "<", "<="})
_EXISTS = frozenset({"exists", "!exists"})
#: the operators each subject takes (AWS's lists for the built-in subjects)
_SUBJECT_OPERATORS = {
    "agentConnected": _EQUALITY,
    "agentVersion": _ORDERING,
    "ec2InstanceId": _EQUALITY,
    "registeredAt": _ORDERING,
    "runningTasksCount": _ORDERING,
    "task:group": _EQUALITY | _EXISTS,
    "attribute": _EQUALITY | _ORDERING | _EXISTS,
}
_FIELDS = {
    "agentConnected": "agent_connected",
    "ec2InstanceId": "ec2_instance_id",
    "registeredAt": "registered_at",
    "runningTasksCount": "running_tasks_count",
}
_SUBJECT_LIST = (
    "attribute:<name>, task:group, agentConnected, agentVersion, ec2InstanceId, registeredAt "
    "or runningTasksCount"
)

_NAME_CHARS = re.compile(r"[A-Za-z0-9\-_/\\.:]*")
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z0-9\-_/\\.]{1,128}")
_OPERATOR_WORD = re.compile(r"[A-Za-z_]+")
_BARE_VALUE = re.compile(r"""(?:[^\s()\[\],'"&|]|&(?!&)|\|(?!\|))+""")
_LEXEME = re.compile(r"""'[^']*'?|"[^"]*"?|[()\[\],]|[=!<>~&|]+|[^\s()\[\],'"=!<>~&|]+""")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)
_VERSION = re.compile(r"\d+(?:\.\d+){0,3}", re.ASCII)
_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z|[+-](\d{2}):(\d{2}))?)?", re.ASCII
)


class _Span(NamedTuple):
    """A registeredAt argument: the epoch seconds [start, end) of the day or second it names."""

    start: float
    end: float


@dataclass(frozen=True)
class Expression:
    """A parsed expression (or part of one); `source` is the text it was parsed from."""

    source: str

    def matches(self, instance: InstanceFacts) -> bool:
        raise NotImplementedError

    def subjects(self) -> set[str]:
        """What the expression looks at, e.g. {"attribute:ecs.instance-type", "task:group"}."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True)
class Condition(Expression):
    """`subject operator [argument]`; `arguments` are already converted to the subject's type."""

    subject: str
    operator: str  # canonical spelling: ==, !=, >, >=, <, <=, exists, !exists, in, !in, =~, !~
    arguments: tuple[Any, ...] = ()
    pattern: re.Pattern[str] | None = None

    def matches(self, instance: InstanceFacts) -> bool:
        positive = _NEGATIONS.get(self.operator)
        if positive is not None:
            return not self._holds(positive, instance)
        return self._holds(self.operator, instance)

    def _holds(self, op: str, instance: InstanceFacts) -> bool:
        values = _instance_values(self.subject, instance)
        if op == "exists":
            return bool(values)
        if op == "=~":
            assert self.pattern is not None
            return any(v is not None and self.pattern.fullmatch(_text(v)) for v in values)
        if op == "in":
            return any(_compare("==", v, a) for v in values for a in self.arguments)
        return any(_compare(op, v, self.arguments[0]) for v in values)

    def subjects(self) -> set[str]:
        return {self.subject}


@dataclass(frozen=True)
class Not(Expression):
    operand: Expression

    def matches(self, instance: InstanceFacts) -> bool:
        return not self.operand.matches(instance)

    def subjects(self) -> set[str]:
        return self.operand.subjects()


@dataclass(frozen=True)
class _Compound(Expression):
    operands: tuple[Expression, ...]

    def subjects(self) -> set[str]:
        return set().union(*(o.subjects() for o in self.operands))


class And(_Compound):
    def matches(self, instance: InstanceFacts) -> bool:
        return all(o.matches(instance) for o in self.operands)


class Or(_Compound):
    def matches(self, instance: InstanceFacts) -> bool:
        return any(o.matches(instance) for o in self.operands)


@functools.lru_cache(maxsize=1024)
def parse(expression: str) -> Expression:
    """Parse a cluster query language expression; InvalidParameterException says what's wrong."""
    if len(expression) > MAX_LENGTH:
        raise InvalidParameterException(
            f'The expression "{expression[:40]}…" is {len(expression)} characters long; '
            f"ECS accepts at most {MAX_LENGTH}."
        )
    return replace(_Parser(expression).parse(), source=expression)


# -- evaluation ---------------------------------------------------------------------------------


def _instance_values(subject: str, instance: InstanceFacts) -> tuple[Any, ...]:
    """The instance's values for a subject: none when absent, several for task:group."""
    if subject.startswith("attribute:"):
        name = subject[len("attribute:") :]
        return (instance.attributes[name],) if name in instance.attributes else ()
    if subject == "task:group":
        return tuple(group for group, count in instance.task_groups.items() if count > 0)
    if subject == "agentVersion":
        return (_version(instance.agent_version, strict=False),)
    return (getattr(instance, _FIELDS[subject]),)


def _compare(op: str, value: Any, argument: Any) -> bool:
    if isinstance(value, str) and isinstance(argument, float):  # attribute ordering: numbers
        value = _number(value)
    if value is None:
        return False
    if isinstance(argument, _Span):
        start, end = argument
        return {
            "==": start <= value < end,
            ">": value >= end,
            ">=": value >= start,
            "<": value < start,
            "<=": value < end,
        }[op]
    return _COMPARE[op](value, argument)


def _text(value: Any) -> str:
    """What a regex sees: agentConnected is the word true or false, as Java would print it."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _number(text: str) -> float | None:
    return float(text) if _NUMBER.fullmatch(text) else None


def _version(text: str, strict: bool = True) -> tuple[int, ...] | None:
    """A version as four numbers; an instance's own version may carry a `v` or a suffix."""
    match = _VERSION.fullmatch(text) if strict else _VERSION.match(text.removeprefix("v"))
    if match is None:
        return None
    numbers = tuple(int(part) for part in match.group().split("."))
    return numbers + (0,) * (4 - len(numbers))


def _moment(text: str) -> _Span | None:
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone, zone_h, zone_m = match.groups()
    try:
        parts = (year, month, day, hour or 0, minute or 0, second or 0)
        when = datetime(*map(int, parts), tzinfo=timezone.utc)
    except ValueError:
        return None
    offset = 0
    if zone_h is not None:
        if int(zone_h) > 23 or int(zone_m) > 59:
            return None
        offset = (int(zone_h) * 3600 + int(zone_m) * 60) * (1 if zone[0] == "+" else -1)
    start = when.timestamp() - offset
    return _Span(start, start + (1 if hour is not None else 86400))


def _convert(kind: str, op: str, text: str) -> tuple[Any, str]:
    """An argument as the subject's type, or (None, what was expected); a regex stays text."""
    if op in ("=~", "!~"):
        return text, ""
    if kind == "agentConnected":
        return {"true": True, "false": False}.get(text.lower()), "true or false"
    if kind == "agentVersion":
        return _version(text), "an agent version such as 1.14.5"
    if kind == "registeredAt":
        return _moment(text), "a date such as 2018-06-18 or 2018-06-18T22:28:28Z"
    if kind == "runningTasksCount":
        return (int(text) if text.isascii() and text.isdigit() else None), "a whole number"
    if kind == "attribute" and op in (">", ">=", "<", "<="):
        return _number(text), "a number when ordered with >, >=, < or <="
    return text, ""


_JAVA_ONLY = re.compile(r"\\Q(.*?)(?:\\E|$)|\\k<(\w+)>|\\.|\(\?<(?=[A-Za-z])", re.DOTALL)


def _python_regex(java: str) -> str:
    """Rewrite the Java-only spellings of a regex; the rest is shared by Java and Python."""

    def rewrite(match: re.Match[str]) -> str:
        quoted, backreference = match.groups()
        if quoted is not None:
            return re.escape(quoted)
        if backreference is not None:
            return f"(?P={backreference})"
        return {"\\z": r"\Z", "\\Z": r"(?=\n?\Z)", "(?<": "(?P<"}.get(match.group(), match.group())

    return _JAVA_ONLY.sub(rewrite, java)


# -- parsing ------------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the text itself: what a word means depends on where it stands
    (a regex argument may contain `|` or `!`), so there is no separate token stream."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    def parse(self) -> Expression:
        if not self.text.strip():
            self._fail(
                self._here(),
                "the expression is empty; expected a condition such as "
                "attribute:ecs.instance-type == t3.micro",
            )
        node = self._or()
        end = self._here()
        if end < len(self.text):
            if self.text[end] == ")":
                self._fail(end, "this ')' has no matching '('")
            expected = "expected 'and', 'or' or the end of the expression"
            self._fail(end, expected + self._lowercase_hint(end))
        return node

    def _or(self) -> Expression:
        start = self._here()
        operands = [self._and()]
        while self._connective("or", "||"):
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else Or(self._since(start), tuple(operands))

    def _and(self) -> Expression:
        start = self._here()
        operands = [self._unary()]
        while self._connective("and", "&&"):
            operands.append(self._unary())
        return operands[0] if len(operands) == 1 else And(self._since(start), tuple(operands))

    def _unary(self) -> Expression:
        start = self._here()
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            self._fail(start, f"'not' and parentheses are nested more than {_MAX_DEPTH} deep")
        word = self._name_at(start)
        if self.text.startswith("!", start) or word == "not":
            self.pos = start + (1 if word != "not" else 3)
            operand = self._unary()
            node: Expression = Not(self._since(start), operand)
        elif self.text.startswith("(", start):
            self.pos = start + 1
            node = self._or()
            end = self._here()
            if not self.text.startswith(")", end):
                expected = f"expected ')' to close the '(' at character {start + 1}"
                self._fail(end, expected + self._lowercase_hint(end))
            self.pos = end + 1
        else:
            node = self._condition(start, word)
        self.depth -= 1
        return node

    def _condition(self, start: int, word: str) -> Condition:
        if not word:
            self._fail(start, "expected a condition (subject operator value), 'not' or '('")
        if word in ("and", "or"):
            self._fail(start, f"expected a condition before '{word}'")
        kind = self._subject_kind(word, start)
        self.pos = start + len(word)
        op_start = self._here()
        spelling, op = self._operator(word)
        if op not in _SUBJECT_OPERATORS[kind]:
            allowed = ", ".join(
                names[0] for names in _SPELLINGS if names[0] in _SUBJECT_OPERATORS[kind]
            )
            why = " (it has no order)" if op in _ORDERING - _EQUALITY else ""
            self._fail(op_start, f"{kind} can't be used with '{spelling}'{why}; it takes {allowed}")
        if op in ("in", "!in"):
            texts = self._list(spelling)
        elif op in _EXISTS:
            texts = []
        else:
            texts = [self._value(spelling)]
        arguments = []
        for text, at in texts:
            value, expected = _convert(kind, op, text)
            if value is None:
                self._fail(at, f"{word} compares with {expected}")
            arguments.append(value)
        pattern = self._regex(*texts[0]) if op in ("=~", "!~") else None
        return Condition(self._since(start), word, op, tuple(arguments), pattern)

    def _subject_kind(self, word: str, at: int) -> str:
        if word.startswith("attribute:"):
            if not _ATTRIBUTE_NAME.fullmatch(word[len("attribute:") :]):
                self._fail(
                    at, "an attribute name is 1 to 128 letters, digits and - _ / \\ . characters"
                )
            return "attribute"
        if word in _SUBJECT_OPERATORS and word != "attribute":
            return word
        hint = next((s for s in _SUBJECT_OPERATORS if s.lower() == word.lower()), None)
        if hint:
            self._fail(at, f"unknown subject (subjects are case-sensitive: did you mean {hint}?)")
        self._fail(at, f"unknown subject; expected {_SUBJECT_LIST}")

    def _operator(self, subject: str) -> tuple[str, str]:
        at = self._here()
        for symbol in _SYMBOLS:
            # `!in` and `!exists` are words: `!index` is not `!in` followed by `dex`
            if self.text.startswith(symbol, at) and not (
                symbol[-1].isalpha() and self._name_at(at + len(symbol))
            ):
                self.pos = at + len(symbol)
                return symbol, _OPERATORS[symbol]
        word = _OPERATOR_WORD.match(self.text, at)
        if word and word.group() in _OPERATORS and not self._name_at(word.end()):
            self.pos = word.end()
            return word.group(), _OPERATORS[word.group()]
        lexeme = self._lexeme(at)
        hint = f" ({_HINTS[lexeme]})" if lexeme in _HINTS else ""
        self._fail(
            at,
            f"expected an operator after {subject}, such as ==, !=, >, in, exists, =~ "
            f"or a word form like equals{hint}",
        )

    def _value(self, after: str) -> tuple[str, int]:
        at = self._here()
        quote = self.text[at : at + 1]
        if quote in ("'", '"'):
            end = self.text.find(quote, at + 1)
            if end < 0:
                self._fail(at, "this quote is never closed")
            self.pos = end + 1
            return self.text[at + 1 : end], at
        if quote == "[":
            self._fail(at, f"a [list] is only allowed after in or not_in, not after '{after}'")
        bare = _BARE_VALUE.match(self.text, at)
        if bare is None or bare.group() in ("and", "or"):
            self._fail(
                at,
                f"expected a value after '{after}' (quote a value that contains "
                "spaces, brackets, commas or the words and/or)",
            )
        self.pos = bare.end()
        return bare.group(), at

    def _list(self, after: str) -> list[tuple[str, int]]:
        at = self._here()
        if not self.text.startswith("[", at):
            self._fail(at, f"'{after}' takes a list in square brackets, like [a, b]")
        self.pos = at + 1
        if self.text.startswith("]", self._here()):
            self._fail(self._here(), "a list needs at least one value")
        items = [self._value("[")]
        while True:
            at = self._here()
            if self.text.startswith(",", at):
                self.pos = at + 1
                items.append(self._value(","))
            elif self.text.startswith("]", at):
                self.pos = at + 1
                return items
            else:
                self._fail(at, "expected ',' or ']' to continue or close the list")

    def _regex(self, java: str, at: int) -> re.Pattern[str]:
        try:
            with warnings.catch_warnings():  # Python warns about Java-style nested [[sets]]
                warnings.simplefilter("ignore")
                return re.compile(_python_regex(java))
        except (re.error, OverflowError, RecursionError, ValueError) as error:
            message = getattr(error, "msg", str(error))
            self._fail(at, f"this is not a valid (Java) regular expression: {message}")

    def _connective(self, word: str, symbol: str) -> bool:
        at = self._here()
        if self.text.startswith(symbol, at) or self._name_at(at) == word:
            self.pos = at + len(symbol if self.text.startswith(symbol, at) else word)
            return True
        return False

    def _lowercase_hint(self, at: int) -> str:
        word = self._name_at(at)
        return f" (write '{word.lower()}' in lowercase)" if word.lower() in ("and", "or") else ""

    def _here(self) -> int:
        """Skip whitespace without moving `pos`, so sources never end in a space."""
        at = self.pos
        while at < len(self.text) and self.text[at].isspace():
            at += 1
        return at

    def _since(self, start: int) -> str:
        return self.text[start : self.pos]

    def _name_at(self, at: int) -> str:
        match = _NAME_CHARS.match(self.text, at)
        return match.group() if match else ""

    def _lexeme(self, at: int) -> str:
        match = _LEXEME.match(self.text, at)
        return match.group()[:30] if match else ""

    def _fail(self, at: int, problem: str) -> NoReturn:
        text = self.text
        shown = text if len(text) <= 120 else "…" + text[max(0, at - 50) : at + 50] + "…"
        where = f"at character {at + 1}"
        where += f" near '{self._lexeme(at)}'" if at < len(text) else ", the end of the expression"
        raise InvalidParameterException(f'Invalid expression "{shown}": {where}: {problem}.')
