"""`ecslearn demo`: every scenario plays to the outcome ECS must reach, the same way for a seed,
and leaves its pictures behind; the command teaches and refuses unknown names clearly."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from ecslearn.cli import main
from ecslearn.demo import SCENARIOS, play
from ecslearn.demo.outcomes import ServiceIs
from ecslearn.demo.play import MAX_PAUSE
from ecslearn.demo.scenario_steps import Draw, Explain
from tests.views import require_dot


def _play_text(name: str, seed: int = 0, **options: object) -> tuple[bool, str]:
    out = io.StringIO()
    result = play(SCENARIOS[name], seed=seed, speed=0, out=out, **options)  # type: ignore[arg-type]
    return result.reached, out.getvalue()


@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_scenario_reaches_its_expected_outcome(name: str, seed: int) -> None:
    reached, text = _play_text(name, seed)
    assert reached, text
    assert "DIFFERS" not in text
    assert text.count("[ok]") == len(SCENARIOS[name].expected)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_same_seed_prints_the_same_timeline(name: str) -> None:
    assert _play_text(name, 3)[1] == _play_text(name, 3)[1]


def test_another_seed_gives_other_ids_and_the_same_outcome() -> None:
    (reached_0, text_0), (reached_1, text_1) = _play_text("daemon", 0), _play_text("daemon", 1)
    assert reached_0 and reached_1
    assert text_0 != text_1


def test_speed_only_paces_the_printing() -> None:
    pauses: list[float] = []
    out = io.StringIO()
    play(SCENARIOS["failure-recovery"], speed=10, out=out, sleep=pauses.append)
    assert pauses, "a positive speed waits between simulated instants"
    assert max(pauses) <= MAX_PAUSE
    assert out.getvalue() == _play_text("failure-recovery")[1]


def test_the_rolling_deployment_shows_old_and_new_tasks_together() -> None:
    _, text = _play_text("rolling-deployment")
    assert "has stopped 2 running tasks" in text  # minimumHealthyPercent 50 of 4
    assert "has started 4 tasks" in text  # maximumPercent 200 of 4: room for 4 new


def test_the_placement_failure_prints_the_why_table() -> None:
    _, text = _play_text("placement-failure")
    assert "ruled out by" in text
    assert "host port already in use: tcp 8080" in text
    assert "was unable to place a task" in text


def test_an_outcome_not_reached_is_reported_with_what_differed() -> None:
    scenario = dataclasses.replace(
        SCENARIOS["rolling-deployment"], expected=(ServiceIs("web", running=5),)
    )
    out = io.StringIO()
    result = play(scenario, speed=0, out=out)
    assert not result.reached
    assert result.differences == ["service web: running is 4, expected 5"]
    assert "[DIFFERS]" in out.getvalue()


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_pictures_are_written_at_the_key_moments(name: str, tmp_path: Path) -> None:
    require_dot()
    out = io.StringIO()
    result = play(SCENARIOS[name], speed=0, out=out, out_dir=tmp_path)
    drawn = [s for s in SCENARIOS[name].steps if isinstance(s, Draw | Explain)]
    svgs = sorted(tmp_path.glob("*.svg"))
    assert len(svgs) >= len(drawn)
    for svg in svgs:
        assert "<svg" in svg.read_text()
    assert set(svgs) <= set(result.pictures)
    assert str(tmp_path) in out.getvalue()  # it says where they are


# -- the command -------------------------------------------------------------------------------
def test_demo_list_names_and_explains_every_scenario(capsys) -> None:
    assert main(["demo", "--list"]) == 0
    out = capsys.readouterr().out
    for scenario in SCENARIOS.values():
        assert scenario.name in out
        assert scenario.shows.split()[0] in out


def test_demo_help_says_what_each_scenario_shows(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--help"])
    assert exit_info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for scenario in SCENARIOS.values():
        assert " ".join(scenario.shows.split()) in out
    assert "--speed" in out and "--out" in out


def test_an_unknown_scenario_is_refused_with_the_list(capsys) -> None:
    assert main(["demo", "rolling-deploy"]) == 2
    err = capsys.readouterr().err
    assert "No demo scenario 'rolling-deploy'" in err
    assert "Did you mean 'rolling-deployment'?" in err
    assert all(name in err for name in SCENARIOS)


def test_no_scenario_asks_for_one(capsys) -> None:
    assert main(["demo"]) == 2
    assert "name a scenario" in capsys.readouterr().err


def test_a_negative_speed_is_refused(capsys) -> None:
    assert main(["demo", "daemon", "--speed", "-1"]) == 2
    assert "--speed" in capsys.readouterr().err


def test_the_command_plays_and_exits_zero(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # where the default ./ecslearn-demo would go
    assert main(["demo", "daemon", "--speed", "0", "--no-pictures"]) == 0
    out = capsys.readouterr().out
    assert "daemon: expected outcome reached." in out
    assert not list(tmp_path.iterdir()), "--no-pictures writes nothing"


def test_the_command_exits_one_when_the_outcome_differs(capsys, monkeypatch) -> None:
    wrong = dataclasses.replace(SCENARIOS["daemon"], expected=(ServiceIs("logs", running=9),))
    monkeypatch.setitem(SCENARIOS, "daemon", wrong)
    assert main(["demo", "daemon", "--speed", "0", "--no-pictures"]) == 1
    err = capsys.readouterr().err
    assert "did not reach its expected outcome" in err
    assert "running is 3, expected 9" in err
