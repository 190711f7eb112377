"""The whole-world fuzzer: a hypothesis state machine that throws random and mutated requests for
every simulated operation, clock advances, faults and save/load at one simulation, and checks
after every step that nothing a client sends can break the world (issue 15).

`machine.WorldMachine` is shared by the short run in CI (`test_world_machine.py`) and the long
run (`./dev bench fuzz`, `benchmarks/fuzz.py`)."""
