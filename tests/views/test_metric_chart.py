"""The metric chart: a service's CPUUtilization with its target tracking alarms' thresholds, the
minutes AlarmHigh spent in ALARM, and the scale-out that followed, in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from matplotlib.figure import Figure

from ecslearn import Simulation
from ecslearn.model.builders import container, task_definition
from ecslearn.views.metric_chart import metric_chart_data, service_metric_chart

MINUTE = 60
IDENTITY = {
    "ServiceNamespace": "ecs",
    "ResourceId": "service/web/api",
    "ScalableDimension": "ecs:service:DesiredCount",
}
DIMS = [{"Name": "ClusterName", "Value": "web"}, {"Name": "ServiceName", "Value": "api"}]


@pytest.fixture
def scaled(sim: Simulation, ecs: Any) -> Simulation:
    """Service api at 2 tasks, a 50 % CPU target, then 90 % CPU for ten minutes."""
    ecs.create_cluster(clusterName="web")
    sim.launch_instances("web", count=4, instance_type="m5.large")
    sim.register(task_definition("api", container("api", "nginx", memory=256, cpu=256)))
    ecs.create_service(cluster="web", serviceName="api", taskDefinition="api", desiredCount=2)
    assert sim.run_until_stable()
    sim.advance(5 * MINUTE)
    aas = sim.client("application-autoscaling")
    aas.register_scalable_target(**IDENTITY, MinCapacity=1, MaxCapacity=10)
    aas.put_scaling_policy(
        PolicyName="cpu",
        **IDENTITY,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": 50.0,
            "PredefinedMetricSpecification": {
                "PredefinedMetricType": "ECSServiceAverageCPUUtilization"
            },
        },
    )
    sim.set_load("api", cluster="web", cpu_percent=90)
    sim.advance(10 * MINUTE)
    return sim


def test_the_chart_shows_the_metric_its_thresholds_the_alarm_and_the_scale_out(scaled) -> None:
    chart = metric_chart_data(scaled, "AWS/ECS", "CPUUtilization", DIMS, service="api")
    values = [v for _, v in chart.points]
    assert 0.0 in values and 90.0 in values and values[-1] == 45.0  # idle, loaded, scaled out
    assert sorted((side, threshold) for _, side, threshold in chart.thresholds) == [
        ("above", 50.0),
        ("below", 45.0),
    ]
    [(time, before, after)] = chart.scalings
    assert (before, after) == (2, 4)
    [(alarm, since, until)] = chart.alarm_spans
    assert "AlarmHigh" in alarm and since == time < until  # scaling followed the ALARM


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_chart_draws_in_both_languages(scaled, lang: str) -> None:
    figure = service_metric_chart(scaled, "api", "web", lang=lang)
    assert isinstance(figure, Figure)
    title = figure.axes[0].get_title(loc="left")
    assert title.startswith("CPUUtilization")
    assert len(figure.axes[0].lines) >= 3  # the metric and two thresholds
