"""CloudWatch metrics through a stock boto3 client: PutMetricData kept by the minute,
GetMetricStatistics' statistics and period rules, GetMetricData with metric math, ListMetrics'
filters, and CloudWatch's errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.parsers import create_parser
from hypothesis import given
from hypothesis import strategies as st

from ecslearn import Simulation
from ecslearn.control import snapshot
from ecslearn.control.shapes import service_model
from ecslearn.model.cloudwatch import MINUTE_RETENTION, MetricSeries, buckets_of, runs_of
from tests.protocols.test_botocore_round_trip import botocore_request, http_headers

MINUTE = 60
START = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.timezone.utc)  # the simulated clock's epoch


@pytest.fixture
def cw(sim: Simulation) -> Any:
    return sim.client("cloudwatch")


def put(cw: Any, value: float, name: str = "Latency", **more: Any) -> None:
    datum = {"MetricName": name, "Value": value, "Dimensions": [{"Name": "Api", "Value": "a"}]}
    cw.put_metric_data(Namespace="MyApp", MetricData=[{**datum, **more}])


def stats(cw: Any, minutes: int = 10, **more: Any) -> list[dict]:
    request = {
        "Namespace": "MyApp",
        "MetricName": "Latency",
        "Dimensions": [{"Name": "Api", "Value": "a"}],
        "StartTime": START,
        "EndTime": START + dt.timedelta(minutes=minutes),
        "Period": 60,
        **more,
    }
    if "ExtendedStatistics" not in more:
        request.setdefault("Statistics", ["SampleCount", "Average", "Sum", "Minimum", "Maximum"])
    points = cw.get_metric_statistics(**request)["Datapoints"]
    return sorted(points, key=lambda p: p["Timestamp"])


def error_of(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def test_values_put_in_one_minute_are_one_datapoint_with_every_statistic(sim, cw) -> None:
    for value in (10.0, 30.0, 20.0):
        put(cw, value)
    sim.advance(MINUTE)
    put(cw, 5.0, Unit="Milliseconds")
    [first, second] = stats(cw)
    assert first["Timestamp"] == START
    assert (first["SampleCount"], first["Sum"], first["Average"]) == (3.0, 60.0, 20.0)
    assert (first["Minimum"], first["Maximum"]) == (10.0, 30.0)
    assert second["Timestamp"] == START + dt.timedelta(minutes=1)
    assert second["Unit"] == "Milliseconds"


def test_a_statistic_set_and_values_with_counts_are_folded_in_exactly(sim, cw) -> None:
    cw.put_metric_data(
        Namespace="MyApp",
        MetricData=[
            {
                "MetricName": "Latency",
                "Dimensions": [{"Name": "Api", "Value": "a"}],
                "StatisticValues": {"SampleCount": 4, "Sum": 40, "Minimum": 5, "Maximum": 15},
            },
            {
                "MetricName": "Latency",
                "Dimensions": [{"Name": "Api", "Value": "a"}],
                "Values": [1.0, 100.0],
                "Counts": [2.0, 1.0],
            },
        ],
    )
    [point] = stats(cw)
    assert (point["SampleCount"], point["Sum"]) == (7.0, 142.0)
    assert (point["Minimum"], point["Maximum"]) == (1.0, 100.0)


def test_a_longer_period_sums_its_minutes_and_a_percentile_ranks_them(sim, cw) -> None:
    for value in range(1, 11):
        put(cw, float(value))
        sim.advance(MINUTE)
    [point] = stats(cw, Period=600, Statistics=["Sum"])
    assert point["Sum"] == 55.0
    [ranked] = stats(cw, Period=600, ExtendedStatistics=["p90", "p50"])
    assert ranked["ExtendedStatistics"] == {"p90": 9.0, "p50": 5.0}


def test_data_is_kept_by_the_minute_for_fifteen_days_then_by_the_hour() -> None:
    series = MetricSeries("MyApp", "Latency")
    kept = MINUTE_RETENTION // 60
    for minute in range(kept + 61):  # one value a minute for a little over fifteen days
        series.add(minute * 60.0, [1, 2.0, 2.0, 2.0], now=minute * 60.0)
    now = (kept + 60) * 60.0
    assert len(series.minutes) <= kept + 1  # storage is bounded, whatever is put
    assert min(series.minutes) >= now - MINUTE_RETENTION  # the old minutes are gone
    assert series.aggregate(0, 7200, now=now) == [120, 240.0, 2.0, 2.0]  # from the hours


def test_list_metrics_filters_by_namespace_name_and_dimension(sim, cw) -> None:
    put(cw, 1.0)
    put(cw, 1.0, name="Errors", Dimensions=[{"Name": "Api", "Value": "b"}])
    cw.put_metric_data(Namespace="Other", MetricData=[{"MetricName": "Latency", "Value": 1.0}])
    names = {m["MetricName"] for m in cw.list_metrics(Namespace="MyApp")["Metrics"]}
    assert names == {"Latency", "Errors"}
    [found] = cw.list_metrics(Dimensions=[{"Name": "Api", "Value": "b"}])["Metrics"]
    assert found == {
        "Namespace": "MyApp",
        "MetricName": "Errors",
        "Dimensions": [{"Name": "Api", "Value": "b"}],
    }
    assert len(cw.list_metrics(MetricName="Latency")["Metrics"]) == 2
    sim.advance(4 * 3600)
    recent = cw.list_metrics(Namespace="MyApp", RecentlyActive="PT3H")["Metrics"]
    assert recent == []  # nothing put in the last three hours


def test_get_metric_data_answers_each_query_and_metric_math_newest_first(sim, cw) -> None:
    for value in (1.0, 2.0, 3.0):
        put(cw, value)
        put(cw, value * 10, name="Requests")
        sim.advance(MINUTE)
    metric = {"Namespace": "MyApp", "Dimensions": [{"Name": "Api", "Value": "a"}]}
    queries = [
        {
            "Id": "lat",
            "MetricStat": {
                "Metric": {**metric, "MetricName": "Latency"},
                "Period": 60,
                "Stat": "Sum",
            },
            "ReturnData": False,
        },
        {
            "Id": "req",
            "MetricStat": {
                "Metric": {**metric, "MetricName": "Requests"},
                "Period": 60,
                "Stat": "Sum",
            },
        },
        {"Id": "ratio", "Expression": "req / lat", "Label": "per latency"},
        {"Id": "total", "Expression": "SUM([lat, req]) + 1"},
    ]
    answer = cw.get_metric_data(
        MetricDataQueries=queries, StartTime=START, EndTime=START + dt.timedelta(minutes=5)
    )
    results = {r["Id"]: r for r in answer["MetricDataResults"]}
    assert set(results) == {"req", "ratio", "total"}  # lat has ReturnData false
    assert results["req"]["Values"] == [30.0, 20.0, 10.0]
    assert results["req"]["Timestamps"][0] == START + dt.timedelta(minutes=2)
    assert results["req"]["Label"] == "Requests"
    assert results["ratio"]["Values"] == [10.0, 10.0, 10.0]
    assert results["ratio"]["Label"] == "per latency"
    assert results["total"]["Values"] == [34.0, 23.0, 12.0]
    assert all(r["StatusCode"] == "Complete" for r in results.values())


def test_get_metric_data_pages_by_max_datapoints(sim, cw) -> None:
    for value in range(5):
        put(cw, float(value))
        sim.advance(MINUTE)
    query = {
        "Id": "m",
        "MetricStat": {
            "Metric": {
                "Namespace": "MyApp",
                "MetricName": "Latency",
                "Dimensions": [{"Name": "Api", "Value": "a"}],
            },
            "Period": 60,
            "Stat": "Average",
        },
    }
    window = {"StartTime": START, "EndTime": START + dt.timedelta(minutes=10)}
    first = cw.get_metric_data(
        MetricDataQueries=[query], MaxDatapoints=3, ScanBy="TimestampAscending", **window
    )
    assert first["MetricDataResults"][0]["Values"] == [0.0, 1.0, 2.0]
    assert first["MetricDataResults"][0]["StatusCode"] == "PartialData"
    rest = cw.get_metric_data(
        MetricDataQueries=[query],
        MaxDatapoints=3,
        ScanBy="TimestampAscending",
        NextToken=first["NextToken"],
        **window,
    )
    assert rest["MetricDataResults"][0]["Values"] == [3.0, 4.0]
    assert "NextToken" not in rest


def test_metrics_survive_a_save_and_load(sim, cw, tmp_path) -> None:
    put(cw, 7.0)
    sim.advance(30)
    saved = snapshot.save(sim.world, tmp_path / "world.json")
    loaded = Simulation.from_world(snapshot.load(saved, strict=True))
    assert loaded.world._regions == sim.world._regions
    [point] = stats(loaded.client("cloudwatch"))
    assert point["Average"] == 7.0


@given(
    st.dictionaries(
        st.integers(0, 500).map(lambda m: m * 60),
        st.sampled_from([[1.0], [2.0], [3.0, 6.0, 1.0, 3.0]]),
    )
)
def test_minutes_saved_as_runs_load_back_exactly(buckets) -> None:
    assert buckets_of(runs_of(buckets, 60), 60) == buckets


def test_a_steady_metric_saves_as_one_run_a_day_not_a_point_a_minute(sim, cw, tmp_path) -> None:
    series = MetricSeries("MyApp", "Latency")
    for minute in range(24 * 60):
        series.add(minute * 60.0, [1, 2.0, 2.0, 2.0], now=minute * 60.0)
    saved = snapshot.encode(series, MetricSeries)
    assert saved["minutes"] == [[0, 24 * 60, [2.0]]]
    assert len(saved["hours"]) == 1  # 24 equal hours, one run
    assert snapshot.decode(saved, MetricSeries) == series


# -- CloudWatch's errors ----------------------------------------------------------------------
def test_an_aws_namespace_is_refused(cw) -> None:
    with pytest.raises(cw.exceptions.InvalidParameterValueException) as err:
        cw.put_metric_data(Namespace="AWS/ECS", MetricData=[{"MetricName": "X", "Value": 1.0}])
    assert error_of(err) == (
        "InvalidParameterValue",
        "The value AWS/ECS for parameter Namespace is invalid.",
    )


def test_a_datum_with_a_value_and_a_statistic_set_is_an_invalid_combination(cw) -> None:
    with pytest.raises(cw.exceptions.InvalidParameterCombinationException) as err:
        put(cw, 1.0, StatisticValues={"SampleCount": 1, "Sum": 1, "Minimum": 1, "Maximum": 1})
    assert error_of(err)[0] == "InvalidParameterCombination"


def test_too_many_datapoints_are_refused_with_aws_words(cw) -> None:
    with pytest.raises(cw.exceptions.InvalidParameterCombinationException) as err:
        stats(cw, minutes=3 * 24 * 60)
    assert error_of(err)[1] == (
        "You have requested up to 4,320 datapoints, which exceeds the limit of 1,440. You may "
        "reduce the datapoints requested by increasing Period, or decreasing the time range."
    )


def test_statistics_and_extended_statistics_are_one_or_the_other(cw) -> None:
    with pytest.raises(cw.exceptions.MissingRequiredParameterException) as err:
        cw.get_metric_statistics(
            Namespace="MyApp", MetricName="Latency", StartTime=START, EndTime=START, Period=60
        )
    assert error_of(err)[0] == "MissingParameter"
    with pytest.raises(cw.exceptions.InvalidParameterCombinationException):
        stats(cw, Statistics=["Sum"], ExtendedStatistics=["p99"])


def test_a_period_that_is_not_a_multiple_of_a_minute_is_refused(cw) -> None:
    with pytest.raises(cw.exceptions.InvalidParameterValueException):
        stats(cw, Period=90)


def test_an_unsupported_metric_math_function_says_what_ecslearn_evaluates(cw) -> None:
    query = {"Id": "e", "Expression": "FILL(m, 0)"}
    with pytest.raises(cw.exceptions.InvalidParameterValueException) as err:
        cw.get_metric_data(
            MetricDataQueries=[query], StartTime=START, EndTime=START + dt.timedelta(hours=1)
        )
    assert "FILL" in error_of(err)[1]


def test_an_unsimulated_operation_is_invalid_action_naming_itself(cw) -> None:
    with pytest.raises(cw.exceptions.ClientError) as err:
        cw.list_dashboards()
    code, message = error_of(err)
    assert code == "InvalidAction" and "ListDashboards" in message


def test_an_sdk_speaking_rpc_v2_cbor_gets_the_same_cloudwatch(sim, cw) -> None:
    """Other SDKs send CloudWatch Smithy RPC v2 in CBOR (botocore 1.44 prefers its JSON)."""
    put(cw, 3.0)
    model = service_model("cloudwatch").operation_model("ListMetrics")
    request = botocore_request("smithy-rpc-v2-cbor", model, {"Namespace": "MyApp"})
    assert request.path == "/service/GraniteServiceVersion20100801/operation/ListMetrics"
    answer = sim.world.dispatcher.serve(request, "us-east-1")
    parsed = create_parser("smithy-rpc-v2-cbor").parse(
        {"status_code": answer.status, "headers": http_headers(answer), "body": answer.body},
        model.output_shape,
    )
    assert [m["MetricName"] for m in parsed["Metrics"]] == ["Latency"]
