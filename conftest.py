"""Every pytest run here (the library's tests and the notebooks under nbval) keeps the learner's
progress in a temporary file, never in the user's ``~/.ecslearn/progress.json``: the exercise
checks and quiz answers the notebooks run record their verdicts, and the kernels nbval starts
inherit this environment. tests/conftest.py also gives each test its own file."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_RUN_DIR = tempfile.mkdtemp(prefix="ecslearn-progress-")
os.environ["ECSLEARN_PROGRESS"] = str(Path(_RUN_DIR) / "progress.json")
atexit.register(shutil.rmtree, _RUN_DIR, ignore_errors=True)
