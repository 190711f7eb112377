"""``python -m benchmarks [name ...]``: run every benchmark module (or the named ones; the
fuzzer's long run only when named)."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks

#: Run only when named: the fuzzer's long run is a soak test of minutes, not a measurement.
BY_NAME_ONLY = frozenset({"fuzz"})


def main(argv: list[str]) -> int:
    names = argv or sorted(
        info.name
        for info in pkgutil.iter_modules(benchmarks.__path__)
        if not info.ispkg and not info.name.startswith("_") and info.name not in BY_NAME_ONLY
    )
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        for table in module.tables():
            print(table.render(), end="\n\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
