"""ECS's CPU and memory strings: ``"1 vCPU"`` -> 1024 units, ``"2GB"`` -> 2048 MiB."""

from __future__ import annotations

import re

_CPU_VCPU = re.compile(r"^\s*(\d*\.?\d+)\s*vcpu\s*$", re.IGNORECASE)
_MEMORY_GB = re.compile(r"^\s*(\d*\.?\d+)\s*gb\s*$", re.IGNORECASE)
_INTEGER = re.compile(r"^\s*\d+\s*$")


def parse_cpu(value: str) -> int | None:
    """CPU units from ``"512"`` or ``"0.5 vCPU"``; None if it is neither."""
    if _INTEGER.match(value):
        return int(value)
    match = _CPU_VCPU.match(value)
    if match:
        return round(float(match.group(1)) * 1024)
    return None


def parse_memory(value: str) -> int | None:
    """MiB from ``"1024"`` or ``"1GB"``; None if it is neither."""
    if _INTEGER.match(value):
        return int(value)
    match = _MEMORY_GB.match(value)
    if match:
        return round(float(match.group(1)) * 1024)
    return None


def _mib(gb: int) -> int:
    return gb * 1024


#: Fargate's task sizes: CPU units -> the memory values (MiB) allowed with it.
FARGATE_SIZES: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4096 + 1, 1024)),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(_mib(16), _mib(60) + 1, _mib(4))),
    16384: tuple(range(_mib(32), _mib(120) + 1, _mib(8))),
}
