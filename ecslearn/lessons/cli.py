"""``ecslearn progress``: the learner's progress from the command line, for a teacher to collect.

ecslearn progress               # the table, as text
ecslearn progress --json        # every item with its verdict, attempts and times, as JSON
ecslearn progress --csv         # one row per exercise or quiz, for a gradebook
ecslearn progress --gradescope  # Gradescope's autograder results.json (as otter-grader writes)
ecslearn progress --file PATH   # another learner's progress file (default: ECSLEARN_PROGRESS
                                # or ~/.ecslearn/progress.json)
"""

from __future__ import annotations

import argparse
import json
import sys

from ecslearn.lessons.progress_report import progress
from ecslearn.words import LANGUAGES


def _progress(args: argparse.Namespace) -> int:
    report = progress(args.lang, args.file)
    if args.json:
        sys.stdout.write(report.to_json() + "\n")
    elif args.csv:
        sys.stdout.write(report.to_csv())
    elif args.gradescope:
        sys.stdout.write(json.dumps(report.to_gradescope(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(report.text() + "\n")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``progress`` to the ``ecslearn`` command line."""
    command = commands.add_parser(
        "progress",
        help="show your progress through the lessons' exercises and quizzes",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    form = command.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print it as JSON")
    form.add_argument("--csv", action="store_true", help="print one CSV row per item")
    form.add_argument(
        "--gradescope",
        action="store_true",
        help="print Gradescope's autograder results.json (one 1-point test per item)",
    )
    command.add_argument("--file", default=None, help="the progress file to read")
    command.add_argument("--lang", choices=LANGUAGES, default=None, help="the table's language")
    command.set_defaults(run=_progress)
