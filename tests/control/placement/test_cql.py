"""The cluster query language picks container instances for memberOf constraints and filters."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecslearn.control.placement.cql import Expression, parse
from ecslearn.control.placement.facts import InstanceFacts
from ecslearn.errors import InvalidParameterException

REGISTERED = datetime(2018, 6, 18, 22, 28, 28, tzinfo=timezone.utc).timestamp()
ZONE_AND_TYPE = {"ecs.availability-zone": "us-east-1a", "ecs.instance-type": "t2.small"}


def instance(
    attributes: dict[str, str | None] | None = None,
    *,
    groups: Iterable[str] = (),
    connected: bool = True,
    version: str = "1.14.5",
    ec2: str = "i-abcd1234",
    registered: float = REGISTERED,
    running: int | None = None,
) -> InstanceFacts:
    """A container instance as placement sees it; `groups` has one entry per live task."""
    task_groups = Counter(groups)
    return InstanceFacts(
        arn="arn:aws:ecs:us-east-1:123456789012:container-instance/web/0123",
        id="0123",
        ec2_instance_id=ec2,
        index=0,
        status="ACTIVE",
        agent_connected=connected,
        agent_version=version,
        registered_at=registered,
        attributes=ZONE_AND_TYPE if attributes is None else attributes,
        running_tasks_count=sum(task_groups.values()) if running is None else running,
        task_groups=dict(task_groups),
        remaining_cpu=1024,
        remaining_memory=2048,
        used_tcp_ports=frozenset(),
        used_udp_ports=frozenset(),
    )


def matches(expression: str, facts: InstanceFacts) -> bool:
    return parse(expression).matches(facts)


def error(expression: str) -> str:
    with pytest.raises(InvalidParameterException) as raised:
        parse(expression)
    return raised.value.message


# -- AWS's own examples ---------------------------------------------------------------------------

T2_IN_1A = instance()
G2_IN_1D = instance({"ecs.instance-type": "g2.2xlarge", "ecs.availability-zone": "us-east-1d"})
G2_IN_1B = instance({"ecs.instance-type": "g2.2xlarge", "ecs.availability-zone": "us-east-1b"})

AWS_EXAMPLES = [
    # (expression, an instance it selects, an instance it leaves out)
    ("attribute:ecs.instance-type == t2.small", T2_IN_1A, G2_IN_1B),
    ("attribute:ecs.instance-type =~ t2.*", T2_IN_1A, G2_IN_1B),
    ("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", G2_IN_1B, G2_IN_1D),
    (
        "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d",
        G2_IN_1B,
        G2_IN_1D,
    ),
    (
        "attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a",
        T2_IN_1A,
        G2_IN_1B,
    ),
    ("attribute:ecs.instance-type in [t2.small, t2.medium]", T2_IN_1A, G2_IN_1B),
    ("attribute:stack == prod", instance({"stack": "prod"}), instance({"stack": "dev"})),
    ("attribute:stack != prod", instance({"stack": "dev"}), instance({"stack": "prod"})),
    (
        "task:group == service:production",
        instance(groups=["service:production"]),
        instance(groups=["service:staging"]),
    ),
    ("task:group == databases", instance(groups=["databases"]), instance()),
    ("not(task:group == database)", instance(groups=["web"]), instance(groups=["database"])),
    ("runningTasksCount == 1", instance(running=1), instance(running=2)),
    ("agentVersion < 1.14.5", instance(version="1.14.4"), instance(version="1.14.5")),
    (
        "registeredAt < 2018-02-13",
        instance(registered=datetime(2018, 2, 12, tzinfo=timezone.utc).timestamp()),
        instance(registered=datetime(2018, 2, 13, tzinfo=timezone.utc).timestamp()),
    ),
    ("registeredAt < 2018-06-18", instance(registered=REGISTERED - 86400), instance()),
    ("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", instance(), instance(ec2="i-0000")),
]


@pytest.mark.parametrize(("expression", "selected", "left_out"), AWS_EXAMPLES)
def test_the_examples_in_the_aws_documentation_select_what_aws_says(
    expression: str, selected: InstanceFacts, left_out: InstanceFacts
) -> None:
    assert matches(expression, selected)
    assert not matches(expression, left_out)


# -- every subject with every operator it takes ---------------------------------------------------

STACK_PROD = instance({"stack": "prod", "cores": "8"})
NO_STACK = instance({})


@pytest.mark.parametrize(
    ("expression", "on_prod", "on_missing"),
    [
        ("attribute:stack == prod", True, False),
        ("attribute:stack != prod", False, True),
        ("attribute:stack != dev", True, True),
        ("attribute:stack exists", True, False),
        ("attribute:stack !exists", False, True),
        ("attribute:stack in [dev, prod]", True, False),
        ("attribute:stack !in [dev, prod]", False, True),
        ("attribute:stack =~ pr.*", True, False),
        ("attribute:stack !~ pr.*", False, True),
        ("attribute:cores > 4", True, False),
        ("attribute:cores >= 8", True, False),
        ("attribute:cores < 8", False, False),
        ("attribute:cores <= 8.0", True, False),
    ],
)
def test_an_absent_attribute_passes_only_the_negative_operators(
    expression: str, on_prod: bool, on_missing: bool
) -> None:
    assert matches(expression, STACK_PROD) is on_prod
    assert matches(expression, NO_STACK) is on_missing


def test_a_name_only_attribute_exists_but_equals_no_value() -> None:
    gpu = instance({"gpu": None})
    assert matches("attribute:gpu exists", gpu)
    assert not matches("attribute:gpu == true", gpu)
    assert matches("attribute:gpu != true", gpu)
    assert not matches("attribute:gpu =~ .*", gpu)


def test_ordering_an_attribute_compares_numbers_and_skips_values_that_are_not() -> None:
    assert matches("attribute:cores > 10", instance({"cores": "16"}))  # "16" < "10" as text
    assert not matches("attribute:cores > 10", instance({"cores": "many"}))


def test_attribute_equality_is_exact_string_equality() -> None:
    assert not matches("attribute:ecs.instance-type == T2.small", T2_IN_1A)
    assert not matches("attribute:cores == 8", instance({"cores": "8.0"}))


def test_attribute_names_may_use_letters_digits_dashes_underscores_slashes_and_dots() -> None:
    facts = instance({"team/web_1\\a.b-c": "x"})
    assert matches("attribute:team/web_1\\a.b-c == x", facts)


def test_quoted_values_may_contain_spaces_and_brackets() -> None:
    facts = instance({"team": "data science", "note": "a,b [c]"})
    assert matches('attribute:team == "data science"', facts)
    assert matches("attribute:note in ['a,b [c]', x]", facts)
    assert matches("attribute:team =~ '(data|ml) .*'", facts)


WEB_AND_DB = instance(groups=["service:web", "service:web", "database"])
EMPTY = instance()


@pytest.mark.parametrize(
    ("expression", "on_busy", "on_empty"),
    [
        ("task:group == database", True, False),
        ("task:group != database", False, True),
        ("task:group != batch", True, True),
        ("task:group in [batch, service:web]", True, False),
        ("task:group !in [batch, service:web]", False, True),
        ("task:group exists", True, False),
        ("task:group !exists", False, True),
        ("task:group =~ service:.*", True, False),
        ("task:group !~ service:.*", False, True),
    ],
)
def test_task_group_asks_about_the_groups_of_the_tasks_on_the_instance(
    expression: str, on_busy: bool, on_empty: bool
) -> None:
    assert matches(expression, WEB_AND_DB) is on_busy
    assert matches(expression, EMPTY) is on_empty


def test_a_task_group_with_no_live_tasks_left_does_not_count() -> None:
    facts = replace(instance(), task_groups={"batch": 0})
    assert not matches("task:group == batch", facts)
    assert not matches("task:group exists", facts)


@pytest.mark.parametrize(
    ("expression", "on_connected", "on_disconnected"),
    [
        ("agentConnected == true", True, False),
        ("agentConnected != true", False, True),
        ("agentConnected == FALSE", False, True),
        ("agentConnected in [true]", True, False),
        ("agentConnected !in [true]", False, True),
        ("agentConnected =~ t.*", True, False),
        ("agentConnected !~ t.*", False, True),
    ],
)
def test_agent_connected_is_true_or_false(
    expression: str, on_connected: bool, on_disconnected: bool
) -> None:
    assert matches(expression, instance(connected=True)) is on_connected
    assert matches(expression, instance(connected=False)) is on_disconnected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("agentVersion == 1.14.5", True),
        ("agentVersion == 1.14.5.0", True),
        ("agentVersion != 1.14.5", False),
        ("agentVersion > 1.9.0", True),  # 14 > 9: versions are not compared as text
        ("agentVersion >= 1.14.5", True),
        ("agentVersion < 1.14.10", True),
        ("agentVersion <= 1.14", False),
        ("agentVersion < 2", True),
    ],
)
def test_agent_version_is_ordered_as_a_version_number(expression: str, expected: bool) -> None:
    assert matches(expression, instance(version="1.14.5")) is expected


def test_an_agent_version_that_cannot_be_read_matches_no_ordering() -> None:
    assert not matches("agentVersion > 0", instance(version="unknown"))
    assert matches("agentVersion != 1.0.0", instance(version="unknown"))


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("ec2InstanceId == i-abcd1234", True),
        ("ec2InstanceId != i-abcd1234", False),
        ("ec2InstanceId in [i-1, i-abcd1234]", True),
        ("ec2InstanceId !in [i-1, i-abcd1234]", False),
        ("ec2InstanceId =~ i-abcd.*", True),
        ("ec2InstanceId !~ i-abcd.*", False),
        ('ec2InstanceId == "i-abcd1234"', True),
    ],
)
def test_ec2_instance_id_compares_as_text(expression: str, expected: bool) -> None:
    assert matches(expression, instance(ec2="i-abcd1234")) is expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # the instance registered at 2018-06-18T22:28:28Z
        ("registeredAt == 2018-06-18", True),
        ("registeredAt != 2018-06-18", False),
        ("registeredAt < 2018-06-18", False),
        ("registeredAt <= 2018-06-18", True),
        ("registeredAt > 2018-06-18", False),
        ("registeredAt >= 2018-06-18", True),
        ("registeredAt > 2018-06-17", True),
        ("registeredAt == 2018-06-18T22:28:28Z", True),
        ("registeredAt == 2018-06-18T22:28:28+00:00", True),
        ("registeredAt == 2018-06-18T22:28:28", True),
        ("registeredAt == 2018-06-19T00:28:28+02:00", True),
        ("registeredAt == 2018-06-18T18:28:28-04:00", True),
        ("registeredAt < 2018-06-18T22:28:29Z", True),
        ("registeredAt > 2018-06-18T22:28:27Z", True),
        ("registeredAt >= 2018-06-18T22:28:29Z", False),
        ("registeredAt <= 2018-06-18T22:28:27Z", False),
    ],
)
def test_registered_at_compares_times_at_the_precision_written(
    expression: str, expected: bool
) -> None:
    assert matches(expression, instance(registered=REGISTERED + 0.4)) is expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("runningTasksCount == 3", True),
        ("runningTasksCount != 3", False),
        ("runningTasksCount > 2", True),
        ("runningTasksCount >= 4", False),
        ("runningTasksCount < 10", True),  # 3 < 10: numbers, not text
        ("runningTasksCount <= 2", False),
    ],
)
def test_running_tasks_count_is_a_whole_number(expression: str, expected: bool) -> None:
    assert matches(expression, instance(running=3)) is expected


SPELLINGS = [
    ("==", "equals", "runningTasksCount {} 1"),
    ("!=", "not_equals", "runningTasksCount {} 1"),
    (">", "greater_than", "runningTasksCount {} 1"),
    (">=", "greater_than_equal", "runningTasksCount {} 1"),
    ("<", "less_than", "runningTasksCount {} 1"),
    ("<=", "less_than_equal", "runningTasksCount {} 1"),
    ("!exists", "not_exists", "attribute:stack {}"),
    ("!in", "not_in", "attribute:stack {} [prod]"),
    ("=~", "matches", "attribute:stack {} pr.*"),
    ("!~", "not_matches", "attribute:stack {} pr.*"),
]


@pytest.mark.parametrize(("symbol", "word", "template"), SPELLINGS)
def test_every_operator_has_a_symbol_and_a_word_that_mean_the_same(
    symbol: str, word: str, template: str
) -> None:
    facts = [instance({"stack": s}, running=n) for s in ("prod", "dev") for n in (0, 1, 2)]
    facts.append(instance({}))
    by_symbol, by_word = parse(template.format(symbol)), parse(template.format(word))
    assert [by_symbol.matches(f) for f in facts] == [by_word.matches(f) for f in facts]
    assert len({by_symbol.matches(f) for f in facts}) == 2  # the test tells instances apart


def test_regex_matching_is_a_full_match_as_in_java() -> None:
    assert not matches("attribute:ecs.instance-type =~ t2", T2_IN_1A)
    assert not matches("attribute:ecs.instance-type =~ small", T2_IN_1A)
    assert matches("attribute:ecs.instance-type =~ 't2\\.(small|medium)'", T2_IN_1A)


def test_a_regex_with_parentheses_must_be_quoted() -> None:
    # AWS: "A single expression can't contain parentheses."
    assert "near '('" in error("attribute:ecs.instance-type =~ t2\\.(small|medium)")


def test_java_only_regex_spellings_are_understood() -> None:
    assert matches("attribute:ecs.instance-type =~ '\\Qt2.small\\E'", T2_IN_1A)
    assert not matches("attribute:ecs.instance-type =~ '\\Qt2.\\E.*'", instance({"x": "y"}))
    assert matches("attribute:ecs.instance-type =~ '(?<family>t2)\\.\\w+\\z'", T2_IN_1A)
    assert matches("attribute:v =~ '(?<c>.)\\k<c>'", instance({"v": "aa"}))


# -- combining conditions -------------------------------------------------------------------------

A, B, C = "attribute:a exists", "attribute:b exists", "attribute:c exists"


def with_attributes(*names: str) -> InstanceFacts:
    return instance(dict.fromkeys(names, "x"))


def test_and_binds_tighter_than_or() -> None:
    only_a = with_attributes("a")
    assert matches(f"{A} or {B} and {C}", only_a)  # a or (b and c)
    assert not matches(f"({A} or {B}) and {C}", only_a)


def test_not_applies_to_the_condition_right_after_it() -> None:
    only_b = with_attributes("b")
    assert matches(f"not {A} and {B}", only_b)
    assert not matches(f"not ({A} or {B})", only_b)
    assert matches(f"!{A} && {B}", only_b)


def test_the_symbols_and_words_of_and_or_not_are_interchangeable() -> None:
    for names in [(), ("a",), ("b",), ("a", "b")]:
        facts = with_attributes(*names)
        assert matches(f"{A} and {B}", facts) == matches(f"{A} && {B}", facts)
        assert matches(f"{A} or {B}", facts) == matches(f"{A} || {B}", facts)
        assert matches(f"not({A})", facts) == matches(f"!({A})", facts)


def test_spaces_around_operators_and_connectives_are_optional() -> None:
    expression = "runningTasksCount>=1&&agentConnected==true||attribute:a exists"
    assert matches(expression, instance(running=1))
    assert matches(expression, with_attributes("a"))
    assert not matches(expression, instance(running=0))


def test_an_expression_says_which_subjects_it_looks_at() -> None:
    expression = parse(
        "attribute:ecs.instance-type =~ t2.* and not(task:group == database) or agentVersion > 1"
    )
    assert expression.subjects() == {"attribute:ecs.instance-type", "task:group", "agentVersion"}


def test_each_part_of_an_expression_keeps_its_source_text() -> None:
    text = "  attribute:a exists and not (task:group == db)  "
    expression = parse(text)
    assert expression.source == str(expression) == text
    assert [part.source for part in expression.operands] == [  # type: ignore[attr-defined]
        "attribute:a exists",
        "not (task:group == db)",
    ]


def test_parsing_is_cached_because_placement_asks_for_every_instance() -> None:
    assert parse("runningTasksCount == 0") is parse("runningTasksCount == 0")


def test_an_expression_of_2000_characters_is_accepted_and_one_longer_is_refused() -> None:
    padded = "attribute:a exists" + " " * (2000 - len("attribute:a exists"))
    assert isinstance(parse(padded), Expression)
    assert "2001 characters" in error(padded + " ")


# -- syntax errors say where and what was expected ------------------------------------------------

SYNTAX_ERRORS = [
    # (expression, character (from 1), offending text, what the message explains)
    ("attribute:ecs.instance-type => t2.small", 29, "'=>'", "did you mean >="),
    ("attribute:stack = prod", 17, "'='", "did you mean == ?"),
    ("attribute:stack prod", 17, "'prod'", "expected an operator"),
    ("instanceType == t2.small", 1, "'instanceType'", "unknown subject"),
    ("agentconnected == true", 1, "'agentconnected'", "did you mean agentConnected"),
    ("attribute: == x", 1, "'attribute:'", "attribute name"),
    ("attribute:stack ==", 19, "the end of the expression", "expected a value"),
    ("attribute:stack == prod and", 28, "the end of the expression", "expected a condition"),
    ("attribute:stack == prod attribute:x exists", 25, "'attribute:x'", "'and', 'or'"),
    ("(attribute:stack == prod", 25, "the end of the expression", "expected ')'"),
    ("attribute:stack == prod)", 24, "')'", "no matching '('"),
    ("attribute:zone in us-east-1a", 19, "'us-east-1a'", "square brackets"),
    ("attribute:zone in [a, b", 24, "the end of the expression", "expected ',' or ']'"),
    ("attribute:zone in [a,]", 22, "']'", "expected a value"),
    ("attribute:zone in []", 20, "']'", "at least one value"),
    ("attribute:zone == [a]", 19, "'['", "only allowed after in"),
    ("attribute:team == 'data science", 19, "''data science'", "never closed"),
    ("attribute:x =~ 't2.*('", 16, "''t2.*(''", "regular expression"),
    ("ec2InstanceId > i-abc", 15, "'>'", "can't be used with '>' (it has no order)"),
    ("task:group < 3", 12, "'<'", "can't be used"),
    ("agentConnected exists", 16, "'exists'", "can't be used"),
    ("runningTasksCount > many", 21, "'many'", "whole number"),
    ("agentVersion < latest", 16, "'latest'", "agent version"),
    ("registeredAt < 2018-13-01", 16, "'2018-13-01'", "a date"),
    ("registeredAt < 18/06/2018", 16, "'18/06/2018'", "a date"),
    ("agentConnected == yes", 19, "'yes'", "true or false"),
    ("attribute:cores > lots", 19, "'lots'", "a number"),
    ("and attribute:a exists", 1, "'and'", "expected a condition before 'and'"),
    ("attribute:a == and attribute:b exists", 16, "'and'", "expected a value"),
    ("== prod", 1, "'=='", "expected a condition"),
    ("", 1, "the end of the expression", "empty"),
    ("attribute:a exists AND attribute:b exists", 20, "'AND'", "write 'and' in lowercase"),
]


@pytest.mark.parametrize(("expression", "character", "near", "explanation"), SYNTAX_ERRORS)
def test_a_syntax_error_points_at_the_offending_text_and_says_what_was_expected(
    expression: str, character: int, near: str, explanation: str
) -> None:
    message = error(expression)
    assert f'"{expression}"' in message
    assert f"at character {character}" in message
    assert near in message
    assert explanation in message


def test_deeply_nested_expressions_are_refused_rather_than_crashing() -> None:
    assert "nested more than" in error("(" * 100 + "attribute:a exists" + ")" * 100)
    assert "nested more than" in error("!" * 1000 + "attribute:a exists")


# -- properties -----------------------------------------------------------------------------------

CONDITIONS = [
    "attribute:stack == prod",
    "attribute:stack != prod",
    "attribute:stack exists",
    "attribute:stack in [prod, dev]",
    "attribute:stack =~ p.*",
    "attribute:cores > 4",
    "task:group == web",
    "task:group exists",
    "agentConnected == true",
    "agentVersion >= 1.20",
    "registeredAt < 2018-06-18",
    "runningTasksCount <= 1",
    "ec2InstanceId in ['i-1', 'i-2']",
]
NEGATED = {"==": "!=", "in": "not_in", "=~": "!~", "exists": "not_exists"}

instances = st.builds(
    instance,
    st.dictionaries(
        st.sampled_from(["stack", "cores"]),
        st.one_of(st.none(), st.sampled_from(["prod", "dev", "pre", "2", "8", "x"])),
    ),
    groups=st.lists(st.sampled_from(["web", "db", "batch"]), max_size=3),
    connected=st.booleans(),
    version=st.sampled_from(["1.14.5", "1.20", "1.20.0", "1.9.9", "2.0.1"]),
    ec2=st.sampled_from(["i-1", "i-2", "i-3"]),
    registered=st.floats(REGISTERED - 3 * 86400, REGISTERED + 3 * 86400),
    running=st.integers(0, 3),
)
expressions = st.recursive(
    st.sampled_from(CONDITIONS),
    lambda inner: st.one_of(
        st.builds("not({})".format, inner),
        st.builds("({}) and ({})".format, inner, inner),
        st.builds("({}) or ({})".format, inner, inner),
    ),
    max_leaves=6,
)


@given(expressions, instances)
def test_not_always_negates_what_it_wraps(text: str, facts: InstanceFacts) -> None:
    assert matches(f"not({text})", facts) is not matches(text, facts)
    assert matches(f"!({text})", facts) is not matches(text, facts)


@given(expressions, expressions, instances)
def test_and_needs_both_sides_and_or_needs_either(
    left: str, right: str, facts: InstanceFacts
) -> None:
    both = matches(left, facts) and matches(right, facts)
    either = matches(left, facts) or matches(right, facts)
    assert matches(f"({left}) and ({right})", facts) is both
    assert matches(f"({left}) && ({right})", facts) is both
    assert matches(f"({left}) or ({right})", facts) is either
    assert matches(f"({left}) || ({right})", facts) is either


@given(expressions, expressions, expressions, instances)
def test_and_is_grouped_before_or(a: str, b: str, c: str, facts: InstanceFacts) -> None:
    assert matches(f"({a}) or ({b}) and ({c})", facts) is matches(
        f"({a}) or (({b}) and ({c}))", facts
    )


@given(st.sampled_from(CONDITIONS), instances)
def test_each_negative_operator_is_the_opposite_of_its_positive_one(
    condition: str, facts: InstanceFacts
) -> None:
    subject, op, *argument = condition.split(" ", 2)
    if op in NEGATED:
        flipped = " ".join([subject, NEGATED[op], *argument])
        assert matches(flipped, facts) is not matches(condition, facts)


CQL_PIECES = [
    *"abc:. =!<>~&|()[],'\"*-_0123456789",
    *("attribute:", "task:group", "runningTasksCount", "registeredAt", " and ", " or ", "not"),
    *("exists", "in", "==", "=~", "agentVersion", "agentConnected", "true", "2018-06-18"),
]


@given(
    st.one_of(st.text(max_size=60), st.lists(st.sampled_from(CQL_PIECES), max_size=12).map("".join))
)
def test_parse_either_succeeds_or_raises_invalid_parameter_exception(text: str) -> None:
    try:
        expression = parse(text)
    except InvalidParameterException as raised:
        assert re.search(r"at character \d+", raised.message)
    else:
        assert expression.source == text
        expression.matches(instance())
