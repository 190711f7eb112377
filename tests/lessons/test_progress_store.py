"""The learner's progress file: each exercise check and quiz answer is one more attempt on its
item, the latest verdict is its status, a solved item stays solved in `first_correct`, and the
file survives two notebooks writing at once, a crash mid-write and a file that is not progress."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from ecslearn.lessons import progress_store
from ecslearn.lessons.progress_store import ENV, progress_path, read, record, update


def test_the_file_is_the_one_ecslearn_progress_names_or_the_one_in_the_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "mine.json"))
    assert progress_path() == tmp_path / "mine.json"
    monkeypatch.delenv(ENV)
    assert progress_path() == Path.home() / ".ecslearn" / "progress.json"
    for off in ("off", "none", "0", ""):
        monkeypatch.setenv(ENV, off)
        assert progress_path() is None


def test_the_tests_never_write_into_the_users_home() -> None:
    """tests/conftest.py and the root conftest.py point every test (and every nbval kernel) at a
    temporary file."""
    path = progress_path()
    assert path is not None
    assert Path.home() / ".ecslearn" not in path.parents


def test_each_verdict_is_an_attempt_and_the_latest_is_the_status(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    first = update(path, "01-cluster", "ex1", "exercise", "incorrect", "en")
    assert first is not None and first["attempts"] == 1 and first["first_correct"] is None
    update(path, "01-cluster", "ex1", "exercise", "correct", "ko")
    last = update(path, "01-cluster", "ex1", "exercise", "incorrect", "ko")
    assert last is not None
    assert last["attempts"] == 3 and last["status"] == "incorrect" and last["lang"] == "ko"
    assert last["first_correct"] is not None, "once solved, the time it was first solved stays"
    assert last["first_attempt"] == first["first_attempt"]
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored["format"] == "ecslearn-progress" and stored["version"] == 1
    assert stored["records"]["01-cluster/ex1"] == last


def test_a_check_that_says_not_attempted_is_not_an_attempt(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    assert update(path, "01-cluster", "ex1", "exercise", "not_attempted", "en") is None
    assert not path.exists()
    update(path, "01-cluster", "ex1", "exercise", "correct", "en")
    update(path, "01-cluster", "ex1", "exercise", "not_attempted", "en")
    assert read(path).records["01-cluster/ex1"]["status"] == "correct"


def test_an_unknown_kind_or_status_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="kind is one of"):
        update(tmp_path / "p.json", "01-cluster", "ex1", "essay", "correct", "en")
    with pytest.raises(ValueError, match="status one of"):
        update(tmp_path / "p.json", "01-cluster", "ex1", "exercise", "nearly", "en")


def test_a_crash_while_writing_leaves_the_old_file_whole_and_no_temporary_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.json"
    update(path, "01-cluster", "ex1", "exercise", "correct", "en")
    before = path.read_bytes()

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(progress_store.os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        update(path, "01-cluster", "ex2", "exercise", "correct", "en")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json", "progress.json.lock"]


def _hammer(path: str, lesson: str, count: int) -> None:
    for index in range(count):
        update(Path(path), lesson, "ex1", "exercise", "correct", "en")
        update(Path(path), lesson, f"q{index % 3}", "quiz", "incorrect", "ko")


def test_two_notebooks_writing_at_once_lose_no_attempt(tmp_path: Path) -> None:
    """Four processes (four kernels) and four threads record into one file at the same time:
    every attempt is counted and the file stays valid JSON."""
    path = tmp_path / "progress.json"
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    processes = [
        context.Process(target=_hammer, args=(str(path), "01-cluster", 15)) for _ in range(4)
    ]
    threads = [threading.Thread(target=_hammer, args=(str(path), "02-x", 15)) for _ in range(4)]
    for worker in (*processes, *threads):
        worker.start()
    for worker in (*processes, *threads):
        worker.join(timeout=120)
    assert all(p.exitcode == 0 for p in processes)
    records = read(path).records
    assert records["01-cluster/ex1"]["attempts"] == 60
    assert records["02-x/ex1"]["attempts"] == 60
    assert sum(records[f"01-cluster/q{i}"]["attempts"] for i in range(3)) == 60
    json.loads(path.read_text(encoding="utf-8"))
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize(
    "content",
    ["{not json", "[]", '{"format": "something-else"}', '{"format": "ecslearn-progress"}'],
)
def test_a_file_that_is_not_progress_is_kept_aside_and_progress_starts_afresh(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "progress.json"
    path.write_text(content, encoding="utf-8")
    loaded = read(path)
    assert loaded.records == {} and loaded.problem and loaded.corrupt
    assert path.read_text(encoding="utf-8") == content, "reading never changes the file"
    with pytest.warns(UserWarning, match="could not be read"):
        entry = update(path, "01-cluster", "q1", "quiz", "correct", "en")
    assert entry is not None and entry["attempts"] == 1
    assert read(path).records["01-cluster/q1"]["status"] == "correct"
    kept = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == content


def test_a_malformed_record_is_dropped_on_its_own(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    update(path, "01-cluster", "ex1", "exercise", "correct", "en")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["records"]["01-cluster/ex2"] = {"lesson": "01-cluster", "status": "great"}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert set(read(path).records) == {"01-cluster/ex1"}


def test_recording_never_raises_into_a_learners_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(ENV, str(blocker / "progress.json"))
    monkeypatch.setattr(progress_store, "_warned", set())
    with pytest.warns(UserWarning, match="could not record progress"):
        assert record("01-cluster", "ex1", "exercise", "correct", "en") is None


def test_nothing_is_recorded_when_recording_is_off_or_the_item_has_no_lesson(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.json"
    monkeypatch.setenv(ENV, str(path))
    assert record("", "ex1", "exercise", "correct", "en") is None
    monkeypatch.setenv(ENV, "off")
    assert record("01-cluster", "ex1", "exercise", "correct", "en") is None
    assert not path.exists()
