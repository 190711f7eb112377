"""A capacity provider strategy splits tasks by base first, then by weight (AWS's examples)."""

from ecslearn.control.capacity_split import StrategyItem, items, sequence, split, targets


def test_two_providers_of_weight_1_split_tasks_evenly():
    strategy = [StrategyItem("A", weight=1), StrategyItem("B", weight=1)]
    assert split(strategy, 10) == {"A": 5, "B": 5}
    assert sequence(strategy, 4) == ["A", "B", "A", "B"]


def test_weight_1_and_4_run_four_tasks_on_b_for_every_one_on_a():
    strategy = [StrategyItem("A", weight=1), StrategyItem("B", weight=4)]
    assert split(strategy, 5) == {"A": 1, "B": 4}
    assert split(strategy, 50) == {"A": 10, "B": 40}


def test_base_2_is_met_first_then_the_rest_goes_1_to_3():
    # The EC2 Spot workshop's default strategy: base=2, weight=1 for CP-OD, weight=3 for CP-SPOT.
    strategy = items(
        [
            {"capacityProvider": "CP-OD", "base": 2, "weight": 1},
            {"capacityProvider": "CP-SPOT", "weight": 3},
        ]
    )
    assert sequence(strategy, 2) == ["CP-OD", "CP-OD"]
    assert split(strategy, 10) == {"CP-OD": 4, "CP-SPOT": 6}
    assert split(strategy, 2 + 400) == {"CP-OD": 102, "CP-SPOT": 300}


def test_fargate_base_2_and_fargate_spot_at_three_times_the_weight():
    strategy = items(
        [
            {"capacityProvider": "FARGATE", "base": 2, "weight": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 3},
        ]
    )
    assert split(strategy, 6) == {"FARGATE": 3, "FARGATE_SPOT": 3}
    assert split(strategy, 14) == {"FARGATE": 5, "FARGATE_SPOT": 9}


def test_a_provider_of_weight_0_gets_only_its_base():
    strategy = [StrategyItem("A", weight=0, base=3), StrategyItem("B", weight=1)]
    assert split(strategy, 10) == {"A": 3, "B": 7}


def test_a_strategy_whose_weights_are_all_0_places_nothing_beyond_the_base():
    strategy = [StrategyItem("A", base=1), StrategyItem("B")]
    assert sequence(strategy, 3) == ["A"]


def test_a_service_growing_a_few_tasks_at_a_time_ends_with_the_same_split():
    strategy = [StrategyItem("A", weight=1, base=2), StrategyItem("B", weight=3)]
    have: dict[str, int] = {}
    for step in (1, 3, 2, 5, 7, 4):
        for name in sequence(strategy, step, have):
            have[name] = have.get(name, 0) + 1
    assert have == targets(strategy, 22) == {"A": 7, "B": 15}
