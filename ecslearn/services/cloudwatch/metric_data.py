"""GetMetricData: several metric data queries (`queries`) over one time range at once.

Each returned query answers its datapoints newest first (ScanBy TimestampDescending, the
default) or oldest first. When all of them hold more than MaxDatapoints, the answer stops there
with a NextToken (the rest of the points, in the same order across the queries) and the cut
query says ``PartialData``, as AWS pages it.
"""

from __future__ import annotations

from typing import Any

from ecslearn.control.paging import offset_page
from ecslearn.errors import InvalidNextToken, InvalidParameterValue
from ecslearn.services.cloudwatch.queries import check_queries, run_queries
from ecslearn.services.handlers import RequestContext, operation

SERVICE = "cloudwatch"
MAX_DATAPOINTS = 100_800


@operation("GetMetricData", service=SERVICE)
def get_metric_data(ctx: RequestContext, request: dict) -> dict:
    queries = request["MetricDataQueries"]
    check_queries(queries)
    start, end = request["StartTime"], request["EndTime"]
    if start >= end:
        raise InvalidParameterValue(
            "The parameter StartTime must be less than the parameter EndTime."
        )
    limit = request.get("MaxDatapoints", MAX_DATAPOINTS)
    if limit < 1:
        raise InvalidParameterValue(f"The value {limit} for parameter MaxDatapoints is invalid.")
    descending = request.get("ScanBy", "TimestampDescending") == "TimestampDescending"
    series = run_queries(ctx.state.cloudwatch, queries, start, end, ctx.now)
    returned = [q for q in queries if q.get("ReturnData", True)]
    flat: list[tuple[int, float, float]] = []  # (query index, timestamp, value)
    for index, query in enumerate(returned):
        points = sorted(series[query["Id"]].items(), reverse=descending)
        flat += [(index, float(t), v) for t, v in points]
    page, token = offset_page(
        flat,
        limit,
        request.get("NextToken"),
        lambda bad: InvalidNextToken(f"The NextToken {bad} is invalid."),  # ecslearn's wording
    )
    results: list[dict[str, Any]] = []
    cut = page[-1][0] if token and page else None
    for index, query in enumerate(returned):
        mine = [(t, v) for i, t, v in page if i == index]
        results.append(
            {
                "Id": query["Id"],
                "Label": query.get("Label") or _label(query),
                "Timestamps": [t for t, _ in mine],
                "Values": [v for _, v in mine],
                "StatusCode": "PartialData"
                if token and (cut is None or index >= cut)
                else "Complete",
            }
        )
    answer: dict[str, Any] = {"MetricDataResults": results, "Messages": []}
    if token:
        answer["NextToken"] = token
    return answer


def _label(query: dict[str, Any]) -> str:
    """AWS's default label: the metric's name for a MetricStat, the query's ID otherwise."""
    if "MetricStat" in query:
        return query["MetricStat"]["Metric"]["MetricName"]
    return query["Id"]
