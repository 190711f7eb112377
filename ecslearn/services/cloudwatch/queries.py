"""Metric data queries (GetMetricData's MetricDataQueries, and a metric math alarm's Metrics):
each query is a MetricStat (a metric, a period and a statistic) or an Expression over other
queries' results.

Expressions: ecslearn evaluates metric math's arithmetic (``+ - * /``, unary minus, numbers,
parentheses) over query IDs, and the functions ``SUM``, ``AVG``, ``MIN``, ``MAX`` (of an array
``[m1, m2]``, of several arguments, or of ``METRICS()``) and ``METRICS()``. Two time series
combine on the timestamps both have; a division by zero gives no value at that timestamp.
Anything else (SEARCH, FILL, RATE, IF, ...) is refused with InvalidParameterValue naming what
ecslearn supports: AWS would evaluate it, ecslearn cannot.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from typing import Any

from ecslearn.errors import InvalidParameterValue, ValidationError
from ecslearn.model.cloudwatch import CloudWatchState
from ecslearn.services.cloudwatch.statistics import (
    check_period,
    check_statistic,
    period_starts,
    value_of,
)

Series = dict[int, float]  # period start (epoch s) -> value
Value = float | Series | list[Series]
QUERY_ID = re.compile(r"^[a-z][a-zA-Z0-9_]*$")
MAX_QUERIES = 500
OPERATORS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
REDUCERS: dict[str, Callable[[list[float]], float]] = {
    "SUM": sum,
    "AVG": lambda xs: sum(xs) / len(xs),
    "MIN": min,
    "MAX": max,
}


def check_queries(queries: list[dict[str, Any]], where: str = "MetricDataQueries") -> None:
    """IDs unique and well formed; each query exactly one of MetricStat and Expression."""
    if not 1 <= len(queries) <= MAX_QUERIES:
        raise ValidationError(
            f"{where} must have between 1 and {MAX_QUERIES} queries; it has {len(queries)}."
        )
    seen: set[str] = set()
    for n, query in enumerate(queries, 1):
        qid = query["Id"]
        if not QUERY_ID.match(qid):
            raise ValidationError(
                f"The value {qid} for parameter {where}.member.{n}.Id is invalid: an ID starts "
                "with a lowercase letter and has only letters, digits and underscores."
            )
        if qid in seen:
            raise ValidationError(
                f"The value {qid} for parameter {where}.member.{n}.Id is a duplicate."
            )
        seen.add(qid)
        has_stat, has_expression = "MetricStat" in query, "Expression" in query
        if has_stat == has_expression:
            raise ValidationError(
                f"{where}.member.{n} must have exactly one of MetricStat and Expression."
            )
        if has_stat:
            check_period(query["MetricStat"]["Period"], f"{where}.member.{n}.MetricStat.Period")
            check_statistic(query["MetricStat"]["Stat"], f"{where}.member.{n}.MetricStat.Stat")
        else:
            _parse(query["Expression"])


def stat_series(
    state: CloudWatchState, stat: dict[str, Any], start: float, end: float, now: float
) -> Series:
    """A MetricStat's datapoints in [start, end): one per period that has data."""
    metric, period, name = stat["Metric"], stat["Period"], stat["Stat"]
    series = state.series(metric["Namespace"], metric["MetricName"], metric.get("Dimensions"))
    found: Series = {}
    if series is None or ("Unit" in stat and series.unit not in (None, stat["Unit"])):
        return found
    width = max(period, 60)
    for at in period_starts(start, end, period, now):
        aggregate = series.aggregate(at, at + width, now)
        if aggregate is not None and aggregate[0] > 0:
            found[at] = value_of(name, aggregate, series, at, at + width)
    return found


def run_queries(
    state: CloudWatchState, queries: list[dict[str, Any]], start: float, end: float, now: float
) -> dict[str, Series]:
    """Every query's time series, by ID (expressions after the queries they name)."""
    results: dict[str, Series] = {}
    stats = [q for q in queries if "MetricStat" in q]
    for query in stats:
        results[query["Id"]] = stat_series(state, query["MetricStat"], start, end, now)
    pending = [q for q in queries if "Expression" in q]
    while pending:
        progressed = False
        for query in list(pending):
            tree = _parse(query["Expression"])
            functions = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
            names = {
                n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in functions
            }
            if names - results.keys() - {q["Id"] for q in queries}:
                raise ValidationError(
                    f"Expression {query['Expression']!r} names an ID that no query has: "
                    f"{', '.join(sorted(names - {q['Id'] for q in queries}))}."
                )
            if names <= results.keys():
                everything = [results[q["Id"]] for q in stats]
                value = _evaluate(tree.body, results, everything)
                results[query["Id"]] = _as_series(value, results, query["Expression"])
                pending.remove(query)
                progressed = True
        if not progressed:
            raise ValidationError(
                "The expressions refer to each other in a circle: "
                f"{', '.join(q['Id'] for q in pending)}."
            )
    return results


def _unsupported(expression: str, what: str) -> InvalidParameterValue:
    return InvalidParameterValue(
        f"ecslearn does not evaluate {what} in the expression {expression!r}.",
        hint="ecslearn's metric math has + - * /, numbers, query IDs, SUM, AVG, MIN, MAX and "
        "METRICS(); AWS has more (SEARCH, FILL, RATE, IF, ...).",
    )


def _parse(expression: str) -> ast.Expression:
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        raise ValidationError(f"Invalid expression: {expression!r}.") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else "?"
            if name not in REDUCERS and name != "METRICS":
                raise _unsupported(expression, f"the function {name}")
            if node.keywords:
                raise _unsupported(expression, "keyword arguments")
        elif isinstance(node, ast.BinOp) and type(node.op) not in OPERATORS:
            raise _unsupported(expression, "that operator")
        elif not isinstance(
            node,
            (
                ast.Expression,
                ast.BinOp,
                ast.UnaryOp,
                ast.USub,
                ast.UAdd,
                ast.Constant,
                ast.Name,
                ast.List,
                ast.Load,
                ast.Call,
                *OPERATORS,
            ),
        ):
            raise _unsupported(expression, type(node).__name__)
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise _unsupported(expression, "text")
    return tree


def _evaluate(node: ast.AST, results: dict[str, Series], everything: list[Series]) -> Value:
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return results[node.id]
    if isinstance(node, ast.List):
        return [_one_series(_evaluate(e, results, everything)) for e in node.elts]
    if isinstance(node, ast.UnaryOp):
        inner = _evaluate(node.operand, results, everything)
        sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
        return _combine(inner, sign, operator.mul)
    if isinstance(node, ast.BinOp):
        left = _evaluate(node.left, results, everything)
        right = _evaluate(node.right, results, everything)
        return _combine(left, right, OPERATORS[type(node.op)])
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    if node.func.id == "METRICS":
        return list(everything)
    arrays: list[Series] = []
    for arg in node.args:
        value = _evaluate(arg, results, everything)
        arrays += value if isinstance(value, list) else [_one_series(value)]
    reduce = REDUCERS[node.func.id]
    stamps = sorted({t for s in arrays for t in s})
    return {t: reduce([s[t] for s in arrays if t in s]) for t in stamps}


def _one_series(value: Value) -> Series:
    if isinstance(value, list):
        raise ValidationError("An array of time series is not allowed here.")
    return value if isinstance(value, dict) else {}


def _combine(left: Value, right: Value, op: Callable[[float, float], float]) -> Value:
    if isinstance(left, list) or isinstance(right, list):
        raise ValidationError("Arithmetic on an array of time series needs SUM, AVG, MIN or MAX.")
    if isinstance(left, float) and isinstance(right, float):
        return _safe(op, left, right) or 0.0
    if isinstance(left, float):
        assert isinstance(right, dict)
        pairs = {t: (left, v) for t, v in right.items()}
    elif isinstance(right, float):
        pairs = {t: (v, right) for t, v in left.items()}
    else:
        pairs = {t: (v, right[t]) for t, v in left.items() if t in right}
    out: Series = {}
    for t, (a, b) in pairs.items():
        value = _safe(op, a, b)
        if value is not None:
            out[t] = value
    return out


def _safe(op: Callable[[float, float], float], a: float, b: float) -> float | None:
    try:
        return op(a, b)
    except ZeroDivisionError:
        return None


def _as_series(value: Value, results: dict[str, Series], expression: str) -> Series:
    if isinstance(value, list):
        raise ValidationError(
            f"The expression {expression!r} gives several time series; ecslearn returns one per "
            "query: reduce them with SUM, AVG, MIN or MAX."
        )
    if isinstance(value, float):  # a constant: one value at each timestamp the others have
        stamps = sorted({t for s in results.values() for t in s})
        return dict.fromkeys(stamps, value)
    return value
