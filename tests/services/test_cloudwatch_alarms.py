"""CloudWatch metric alarms through a stock boto3 client: INSUFFICIENT_DATA at creation, M out
of N datapoints on the virtual clock, missing data treated as configured, CloudWatch's state
reasons, history, SetAlarmState, actions enabled and disabled, and CloudWatch's errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ecslearn import Simulation
from ecslearn.control import snapshot

MINUTE = 60
DIMS = [{"Name": "Api", "Value": "a"}]


@pytest.fixture
def cw(sim: Simulation) -> Any:
    return sim.client("cloudwatch")


def put(cw: Any, value: float) -> None:
    cw.put_metric_data(
        Namespace="MyApp",
        MetricData=[{"MetricName": "Latency", "Value": value, "Dimensions": DIMS}],
    )


def alarm(cw: Any, name: str = "slow", **more: Any) -> None:
    settings = {
        "Namespace": "MyApp",
        "MetricName": "Latency",
        "Dimensions": DIMS,
        "Statistic": "Average",
        "Period": 60,
        "EvaluationPeriods": 3,
        "Threshold": 100.0,
        "ComparisonOperator": "GreaterThanThreshold",
        **more,
    }
    cw.put_metric_alarm(AlarmName=name, **settings)


def minutes(sim: Simulation, cw: Any, *values: float | None) -> None:
    """One value a minute (None: nothing put that minute), each put in its minute."""
    for value in values:
        if value is not None:
            put(cw, value)
        sim.advance(MINUTE)


def described(cw: Any, name: str = "slow") -> dict:
    return cw.describe_alarms(AlarmNames=[name])["MetricAlarms"][0]


def error_of(excinfo: pytest.ExceptionInfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def test_a_new_alarm_has_insufficient_data_until_it_is_first_evaluated(cw) -> None:
    alarm(cw)
    found = described(cw)
    assert found["StateValue"] == "INSUFFICIENT_DATA"
    assert found["StateReason"] == "Unchecked: Initial alarm creation"
    assert found["AlarmArn"] == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:slow"
    assert (found["Threshold"], found["EvaluationPeriods"]) == (100.0, 3)


def test_an_alarm_goes_to_alarm_after_three_of_three_datapoints_above_the_threshold(
    sim, cw
) -> None:
    alarm(cw)
    minutes(sim, cw, 50.0)
    assert described(cw)["StateValue"] == "OK"
    minutes(sim, cw, 150.0, 160.0)
    assert described(cw)["StateValue"] == "OK"  # two of the last three are above
    minutes(sim, cw, 170.0)
    found = described(cw)
    assert found["StateValue"] == "ALARM"
    assert found["StateReason"] == (
        "Threshold Crossed: 3 out of the last 3 datapoints [170.0 (06/01/25 09:03:00), "
        "160.0 (06/01/25 09:02:00), 150.0 (06/01/25 09:01:00)] were greater than the threshold "
        "(100.0) (minimum 3 datapoints for OK -> ALARM transition)."
    )
    data = json.loads(found["StateReasonData"])
    assert data["recentDatapoints"] == [150.0, 160.0, 170.0]
    assert (data["statistic"], data["period"], data["threshold"]) == ("Average", 60, 100.0)


def test_m_out_of_n_alarms_on_two_of_five(sim, cw) -> None:
    alarm(cw, EvaluationPeriods=5, DatapointsToAlarm=2)
    minutes(sim, cw, 150.0, 50.0, 50.0, 50.0)
    assert described(cw)["StateValue"] == "OK"
    minutes(sim, cw, 150.0)
    assert described(cw)["StateValue"] == "ALARM"
    minutes(sim, cw, 50.0, 50.0, 50.0, 50.0)
    found = described(cw)
    assert found["StateValue"] == "OK"
    assert found["StateReason"].endswith(
        "were not greater than the threshold (100.0) (minimum 4 datapoints for ALARM -> OK "
        "transition)."
    )


def test_missing_data_by_default_makes_an_alarm_insufficient_data(sim, cw) -> None:
    alarm(cw)
    minutes(sim, cw, 150.0, 150.0, 150.0)
    assert described(cw)["StateValue"] == "ALARM"
    minutes(sim, cw, None, None, None)
    found = described(cw)
    assert found["StateValue"] == "INSUFFICIENT_DATA"
    assert found["StateReason"] == "Insufficient Data: 3 datapoints were unknown."


@pytest.mark.parametrize(
    ("treat", "state"),
    [
        ("breaching", "ALARM"),
        ("notBreaching", "OK"),
        ("ignore", "OK"),
        ("missing", "INSUFFICIENT_DATA"),
    ],
)
def test_missing_data_is_treated_as_configured(sim, cw, treat: str, state: str) -> None:
    alarm(cw, TreatMissingData=treat)
    minutes(sim, cw, 50.0, 50.0, 50.0)
    assert described(cw)["StateValue"] == "OK"
    minutes(sim, cw, None, None, None, None)
    assert described(cw)["StateValue"] == state  # ignore keeps the state it had


def test_with_fewer_datapoints_than_needed_those_present_decide(sim, cw) -> None:
    alarm(cw)
    minutes(sim, cw, None, None, 150.0)
    found = described(cw)
    assert found["StateValue"] == "ALARM"
    assert found["StateReason"].startswith(
        "Threshold Crossed: 1 out of the last 3 datapoints [150.0"
    )
    assert "(minimum 3 datapoints for OK -> ALARM transition)" in found["StateReason"]


def test_a_metric_math_alarm_evaluates_its_returned_expression(sim, cw) -> None:
    metric = {"Namespace": "MyApp", "MetricName": "Latency", "Dimensions": DIMS}
    cw.put_metric_alarm(
        AlarmName="double",
        EvaluationPeriods=1,
        Threshold=100.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        Metrics=[
            {
                "Id": "m",
                "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Maximum"},
                "ReturnData": False,
            },
            {"Id": "e", "Expression": "m * 2"},
        ],
    )
    minutes(sim, cw, 50.0)
    assert described(cw, "double")["StateValue"] == "ALARM"  # 2 x 50 >= 100


def test_state_changes_are_in_the_history_newest_first(sim, cw) -> None:
    alarm(cw, EvaluationPeriods=1)
    minutes(sim, cw, 150.0, 50.0)
    items = cw.describe_alarm_history(AlarmName="slow")["AlarmHistoryItems"]
    assert [i["HistorySummary"] for i in items] == [
        "Alarm updated from ALARM to OK",
        "Alarm updated from INSUFFICIENT_DATA to ALARM",
        'Alarm "slow" created',
    ]
    updates = cw.describe_alarm_history(
        AlarmName="slow", HistoryItemType="StateUpdate", ScanBy="TimestampAscending"
    )["AlarmHistoryItems"]
    data = json.loads(updates[0]["HistoryData"])
    assert data["oldState"]["stateValue"] == "INSUFFICIENT_DATA"
    assert data["newState"]["stateValue"] == "ALARM"
    assert any("went from INSUFFICIENT_DATA to ALARM" in e.message for e in sim.events)


def test_set_alarm_state_holds_until_the_next_evaluation(sim, cw) -> None:
    alarm(cw, EvaluationPeriods=1)
    minutes(sim, cw, 50.0)
    cw.set_alarm_state(AlarmName="slow", StateValue="ALARM", StateReason="testing the pager")
    found = described(cw)
    assert (found["StateValue"], found["StateReason"]) == ("ALARM", "testing the pager")
    minutes(sim, cw, 50.0)
    assert described(cw)["StateValue"] == "OK"


def test_describe_alarms_filters_by_prefix_state_and_pages(sim, cw) -> None:
    for n in range(5):
        alarm(cw, f"web-{n}", EvaluationPeriods=1, Threshold=float(n * 50))
    alarm(cw, "db", EvaluationPeriods=1)
    minutes(sim, cw, 120.0)
    names = [a["AlarmName"] for a in cw.describe_alarms(AlarmNamePrefix="web-")["MetricAlarms"]]
    assert names == [f"web-{n}" for n in range(5)]
    alarming = cw.describe_alarms(StateValue="ALARM")["MetricAlarms"]
    assert [a["AlarmName"] for a in alarming] == ["db", "web-0", "web-1", "web-2"]
    first = cw.describe_alarms(MaxRecords=4)
    rest = cw.describe_alarms(MaxRecords=4, NextToken=first["NextToken"])
    assert len(first["MetricAlarms"]) + len(rest["MetricAlarms"]) == 6
    paged = cw.get_paginator("describe_alarms").paginate(PaginationConfig={"PageSize": 2})
    assert sum(len(p["MetricAlarms"]) for p in paged) == 6


def test_describe_alarms_for_metric_finds_the_alarms_watching_it(cw) -> None:
    alarm(cw)
    alarm(cw, "other", Dimensions=[{"Name": "Api", "Value": "b"}])
    found = cw.describe_alarms_for_metric(Namespace="MyApp", MetricName="Latency", Dimensions=DIMS)
    assert [a["AlarmName"] for a in found["MetricAlarms"]] == ["slow"]


def test_disabled_actions_are_shown_and_deleted_alarms_are_gone(cw) -> None:
    alarm(cw)
    cw.disable_alarm_actions(AlarmNames=["slow", "unknown"])
    assert described(cw)["ActionsEnabled"] is False
    cw.enable_alarm_actions(AlarmNames=["slow"])
    assert described(cw)["ActionsEnabled"] is True
    cw.delete_alarms(AlarmNames=["slow"])
    assert cw.describe_alarms()["MetricAlarms"] == []


def test_an_alarm_world_saves_mid_flight_and_carries_on_exactly(sim, cw, tmp_path) -> None:
    alarm(cw)
    minutes(sim, cw, 150.0, 150.0)
    saved = snapshot.save(sim.world, tmp_path / "world.json")
    loaded = Simulation.from_world(snapshot.load(saved, strict=True))
    assert loaded.world._regions == sim.world._regions
    for world in (sim, loaded):
        minutes(world, world.client("cloudwatch"), 150.0)
    assert described(loaded.client("cloudwatch"))["StateValue"] == "ALARM"
    assert [str(e) for e in loaded.events] == [str(e) for e in sim.events]


# -- CloudWatch's errors ----------------------------------------------------------------------
def test_deleting_an_unknown_alarm_is_resource_not_found_and_deletes_nothing(cw) -> None:
    alarm(cw)
    with pytest.raises(cw.exceptions.ResourceNotFound) as err:
        cw.delete_alarms(AlarmNames=["slow", "nope"])
    assert error_of(err)[0] == "ResourceNotFound"
    assert len(cw.describe_alarms()["MetricAlarms"]) == 1


def test_set_alarm_state_on_an_unknown_alarm_or_with_bad_json_is_refused(cw) -> None:
    with pytest.raises(cw.exceptions.ResourceNotFound):
        cw.set_alarm_state(AlarmName="nope", StateValue="OK", StateReason="x")
    alarm(cw)
    with pytest.raises(cw.exceptions.InvalidFormatFault) as err:
        cw.set_alarm_state(AlarmName="slow", StateValue="OK", StateReason="x", StateReasonData="{")
    assert error_of(err)[0] == "InvalidFormat"


def test_an_alarm_period_is_whole_minutes_and_its_range_at_most_a_day(cw) -> None:
    with pytest.raises(cw.exceptions.InvalidParameterValueException):
        alarm(cw, Period=90)
    with pytest.raises(cw.exceptions.ClientError) as err:
        alarm(cw, EvaluationPeriods=1441)
    assert error_of(err) == (
        "ValidationError",
        "Metrics cannot be checked across more than a day (EvaluationPeriods * Period must be "
        "<= 86400)",
    )


def test_more_datapoints_to_alarm_than_evaluation_periods_is_refused(cw) -> None:
    with pytest.raises(cw.exceptions.ClientError) as err:
        alarm(cw, DatapointsToAlarm=4)
    assert error_of(err)[0] == "ValidationError"


def test_an_action_in_another_region_is_an_invalid_parameter_value(cw) -> None:
    with pytest.raises(cw.exceptions.InvalidParameterValueException):
        alarm(cw, AlarmActions=["arn:aws:sns:eu-west-1:123456789012:pager"])
