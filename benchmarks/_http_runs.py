"""The HTTP half of ``benchmarks.api``: moto_compare's workload against ``ecslearn serve`` (with
and without ``--state``) and moto's server, the three taking turns in rounds, timed in wall and
CPU seconds. (A leading underscore: the benchmark runner runs ``api``, which uses this.)"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import Table
from benchmarks.moto_compare import (
    PHASES,
    MotoMissing,
    Result,
    Workload,
    ecs_client,
    ecslearn_server,
    made_up_instances,
    moto_instances,
    moto_server,
    run_workload,
)

PLAIN, STATE, MOTO = "ecslearn", "ecslearn --state", "moto"
CPU_ROW = "CPU s, client + server"


@dataclass
class Served:
    """One run of the workload against a server: the client's `Result`, and the CPU seconds
    the run cost the client (this thread) and the server process (None where the operating
    system does not tell). CPU time barely moves when other jobs load the machine; wall time
    does."""

    result: Result
    client_cpu: float
    server_cpu: float | None

    @property
    def total(self) -> float:
        return self.result.total

    @property
    def cpu(self) -> float | None:
        return None if self.server_cpu is None else self.client_cpu + self.server_cpu


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) process `pid` has used, from Linux's /proc; None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def timed_run(url: str, pid: int, instance_ids: list[str], workload: Workload) -> Served:
    """The workload through a fresh client against the server at `url` (process `pid`)."""
    client = ecs_client(url)
    server_before, client_before = process_cpu(pid), time.thread_time()
    result = run_workload(client, instance_ids, workload)
    client_cpu, server_after = time.thread_time() - client_before, process_cpu(pid)
    server_cpu = (
        None if server_before is None or server_after is None else server_after - server_before
    )
    return Served(result, client_cpu, server_cpu)


def served(workload: Workload, *options: str) -> Served:
    """The moto_compare workload against a fresh ``ecslearn serve`` with `options`."""
    pids: list[int] = []
    with ecslearn_server(*options, pids=pids) as url:
        return timed_run(url, pids[0], made_up_instances(workload.instances), workload)


def saved(workload: Workload) -> Served:
    """The same against ``ecslearn serve --state FILE``: every changing call journaled."""
    with tempfile.TemporaryDirectory() as folder:
        return served(workload, "--state", str(Path(folder) / "world.json"))


def moto(workload: Workload) -> Served | str:
    """The same against a fresh moto_server, or why it could not run."""
    pids: list[int] = []
    try:
        with moto_server(pids) as url:
            instances = moto_instances(url, workload.instances)
            return timed_run(url, pids[0], instances, workload)
    except MotoMissing as missing:
        return str(missing)


def interleaved(workload: Workload, rounds: int) -> tuple[dict[str, Served | str], list[str]]:
    """Each server's fastest of `rounds` runs of the workload, the servers taking turns in each
    round (ecslearn, ecslearn --state, moto, then again), and a line per round with its wall
    and CPU seconds.

    The machine is shared: a run that another job disturbs is slower whichever server it
    measures, and turns within a round see the same load as nearly as one can arrange. The
    fastest run of each is the one least disturbed (as `benchmarks.best_of` does); the rounds'
    own figures are printed too, so a reader sees the spread."""
    runs: dict[str, list[Served | str]] = {PLAIN: [], STATE: [], MOTO: []}
    lines = []
    for number in range(1, rounds + 1):
        runs[PLAIN].append(served(workload))
        runs[STATE].append(saved(workload))
        runs[MOTO].append(moto(workload))
        said = ", ".join(_said(name, done[-1]) for name, done in runs.items())
        lines.append(f"round {number}: {said}")
    best: dict[str, Served | str] = {}
    for name, done in runs.items():
        results = [r for r in done if isinstance(r, Served)]
        best[name] = min(results, key=lambda r: r.total) if results else done[-1]
    return best, lines


def _said(name: str, run: Served | str) -> str:
    if isinstance(run, str):
        return f"{name} -"
    cpu = f" ({run.cpu:.2f} s CPU)" if run.cpu is not None else ""
    return f"{name} {run.total:.2f} s{cpu}"


def http_table(
    what: str, workload: Workload, results: dict[str, Served | str], ratios: list[tuple[str, str]]
) -> Table:
    """Wall seconds per phase for each of `results`, and each (numerator, denominator) ratio;
    last, the CPU seconds each run cost the client and its server together."""
    table = Table(
        f"Over HTTP{what}: moto_compare's workload ({workload.task_definitions} task "
        f"definitions, {workload.tasks:,} tasks on {workload.instances} instances), wall s",
        ["phase", *results, *(f"{top} / {bottom}" for top, bottom in ratios)],
    )

    def seconds(name: str, phase: str) -> float | str:
        run = results[name]
        if isinstance(run, str):
            return "-"
        if phase == CPU_ROW:
            return "-" if run.cpu is None else run.cpu
        return run.total if phase == "total" else run.result.seconds[phase]

    for phase in (*PHASES, "total", CPU_ROW):
        table.add(
            phase,
            *(seconds(name, phase) for name in results),
            *(ratio(seconds(top, phase), seconds(bottom, phase)) for top, bottom in ratios),
        )
    done = {n: r for n, r in results.items() if isinstance(r, Served)}
    described = [f"{n} {r.result.described:,}" for n, r in done.items()]
    skipped = [f"\n{n} skipped: {r}" for n, r in results.items() if isinstance(r, str)]
    table.note = "A 'moto / ...' ratio above 1: that ecslearn is faster. Tasks described: "
    table.note += ", ".join(described) + "." + "".join(skipped)
    table.note += (
        f"\n'{CPU_ROW}': of the same runs, the client's thread and the server's process "
        "(user + system), which other jobs on the machine barely change; of it, the client: "
        + ", ".join(f"{n} {r.client_cpu:.2f} s" for n, r in done.items())
        + "."
    )
    return table


def ratio(numerator: float | str, denominator: float | str) -> float | str:
    if isinstance(numerator, str) or isinstance(denominator, str) or not denominator:
        return "-"
    return numerator / denominator
