"""DescribeAlarmHistory: what alarms did, newest first (or oldest first with ScanBy
TimestampAscending). A region keeps its newest 10,000 items (AWS keeps 30 days)."""

from __future__ import annotations

import copy

from ecslearn.control.paging import offset_page
from ecslearn.errors import InvalidNextToken
from ecslearn.services.handlers import RequestContext, operation

SERVICE = "cloudwatch"


@operation("DescribeAlarmHistory", service=SERVICE)
def describe_alarm_history(ctx: RequestContext, request: dict) -> dict:
    types = request.get("AlarmTypes") or ["MetricAlarm", "CompositeAlarm"]
    start, end = request.get("StartDate"), request.get("EndDate")
    items = [
        item
        for item in ctx.state.cloudwatch.history
        if request.get("AlarmName") in (None, item["AlarmName"])
        and item["AlarmType"] in types
        and request.get("HistoryItemType") in (None, item["HistoryItemType"])
        and (start is None or item["Timestamp"] >= start)
        and (end is None or item["Timestamp"] <= end)
    ]
    if request.get("ScanBy") == "TimestampAscending":
        items.reverse()
    page, token = offset_page(
        items,
        request.get("MaxRecords", 100),
        request.get("NextToken"),
        lambda bad: InvalidNextToken("The service returned an invalid NextToken."),  # ecslearn's
    )
    answer = {"AlarmHistoryItems": copy.deepcopy(page)}
    return {**answer, "NextToken": token} if token else answer
