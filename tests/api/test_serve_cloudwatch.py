"""CloudWatch over `ecslearn serve`: every CloudWatch operation ecslearn simulates round-trips
through a stock boto3 client pointed at the server, and through the AWS CLI
(``aws cloudwatch put-metric-data ... --endpoint-url ...``), errors in CloudWatch's codes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from ecslearn import Simulation
from tests.api.test_serve import Server, aws, launch
from tests.api.test_serve_ec2 import SENT, client, wait_for


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A fast server: 100 simulated seconds a wall second, so alarms evaluate in a blink."""
    running = launch(tmp_path_factory.mktemp("serve-cloudwatch"), "--speed", "100")
    yield running
    running.stop()
    log = running.err.read_text()
    assert "Traceback" not in log, log[-3000:]


def test_every_cloudwatch_operation_round_trips_over_http(server: Server) -> None:
    cw = client(server, "cloudwatch")
    dims = [{"Name": "Api", "Value": "a"}]
    cw.put_metric_data(
        Namespace="MyApp",
        MetricData=[{"MetricName": "Latency", "Value": 250.0, "Dimensions": dims}],
    )
    assert cw.list_metrics(Namespace="MyApp")["Metrics"][0]["MetricName"] == "Latency"
    start = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.timezone.utc)  # the simulated epoch
    points = cw.get_metric_statistics(
        Namespace="MyApp",
        MetricName="Latency",
        Dimensions=dims,
        StartTime=start,
        EndTime=start + dt.timedelta(hours=24),
        Period=3600,
        Statistics=["Maximum"],
    )["Datapoints"]
    assert [p["Maximum"] for p in points] == [250.0]
    metric = {"Namespace": "MyApp", "MetricName": "Latency", "Dimensions": dims}
    data = cw.get_metric_data(
        MetricDataQueries=[
            {"Id": "m", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Sum"}},
            {"Id": "e", "Expression": "m * 2"},
        ],
        StartTime=start,
        EndTime=start + dt.timedelta(hours=1),
    )
    assert [r["Id"] for r in data["MetricDataResults"]] == ["m", "e"]
    cw.put_metric_alarm(
        AlarmName="slow",
        **metric,
        Statistic="Maximum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=100.0,
        ComparisonOperator="GreaterThanThreshold",
        TreatMissingData="breaching",
    )
    alarm = wait_for(
        lambda: [a for a in cw.describe_alarms()["MetricAlarms"] if a["StateValue"] == "ALARM"]
    )[0]
    assert alarm["StateReason"].startswith("Threshold Crossed: 1 out of the last 1 datapoints")
    assert cw.describe_alarms_for_metric(**metric)["MetricAlarms"][0]["AlarmName"] == "slow"
    history = cw.describe_alarm_history(AlarmName="slow")["AlarmHistoryItems"]
    assert history[-1]["HistorySummary"] == 'Alarm "slow" created'
    cw.disable_alarm_actions(AlarmNames=["slow"])
    cw.enable_alarm_actions(AlarmNames=["slow"])
    cw.set_alarm_state(AlarmName="slow", StateValue="OK", StateReason="by hand")
    cw.delete_alarms(AlarmNames=["slow"])
    with pytest.raises(cw.exceptions.ResourceNotFound) as err:
        cw.delete_alarms(AlarmNames=["slow"])
    assert err.value.response["Error"]["Code"] == "ResourceNotFound"
    with pytest.raises(cw.exceptions.InvalidParameterValueException):
        cw.put_metric_data(Namespace="AWS/ECS", MetricData=[{"MetricName": "X", "Value": 1.0}])
    assert set(Simulation().world.dispatcher.implemented("cloudwatch")) <= SENT["cloudwatch"]


def test_the_aws_cli_puts_metrics_and_describes_alarms(server: Server) -> None:
    put = aws(
        server,
        "put-metric-data",
        "--namespace",
        "Cli",
        "--metric-name",
        "Hits",
        "--value",
        "3",
        service="cloudwatch",
    )
    assert put.returncode == 0, put.stderr
    listed = aws(server, "list-metrics", "--namespace", "Cli", service="cloudwatch")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["Metrics"][0]["MetricName"] == "Hits"
    made = aws(
        server,
        "put-metric-alarm",
        "--alarm-name",
        "hits",
        "--namespace",
        "Cli",
        "--metric-name",
        "Hits",
        "--statistic",
        "Sum",
        "--period",
        "60",
        "--evaluation-periods",
        "1",
        "--threshold",
        "1",
        "--comparison-operator",
        "GreaterThanThreshold",
        service="cloudwatch",
    )
    assert made.returncode == 0, made.stderr
    described = aws(server, "describe-alarms", "--alarm-names", "hits", service="cloudwatch")
    assert json.loads(described.stdout)["MetricAlarms"][0]["AlarmName"] == "hits"
    refused = aws(server, "delete-alarms", "--alarm-names", "nope", service="cloudwatch")
    assert refused.returncode != 0
    assert "ResourceNotFound" in refused.stderr
