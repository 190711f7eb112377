"""The Korean lessons name the buttons and tabs the Korean widgets show: a learner told to press
**Step** in a Korean notebook looks for a button that says 스텝."""

from __future__ import annotations

import re

import pytest

from ecslearn.words.learner_progress import QUIZ
from ecslearn.words.service_launch import LAUNCH
from ecslearn.words.widgets import CONFIGURATOR, DASHBOARD, EDITOR, FAULTS, PLAYER
from tools.lessons import Lesson, lessons

#: Every word table the widgets (`ecslearn.widgets`, the quizzes' Check button) draw their
#: labels from.
WIDGET_TABLES = (CONFIGURATOR, EDITOR, FAULTS, PLAYER, DASHBOARD, LAUNCH, QUIZ)
#: A label is short and has no placeholder: the tables also hold the widgets' sentences.
_LABEL = re.compile(r"^[^{}\n]{1,30}$")

#: Bold or quoted spans of the Korean text: **스텝**, 'Step', "Apply".
_SPAN = re.compile(r"\*\*([^*\n]+)\*\*|'([^'\n]+)'|\"([^\"\n]+)\"")
#: A span the sentence calls a button or a tab, or tells the learner to press.
_UI_WORD = re.compile(r"^\s*(?:\S{0,2}\s*)?(탭|버튼|(?:을|를)?\s*누르|(?:을|를)?\s*클릭)")

KO_LESSONS = lessons()


def _labels(lang: str) -> set[str]:
    return {
        text.strip()
        for table in WIDGET_TABLES
        for text in table[lang].values()
        if _LABEL.match(text.strip())
    }


KOREAN_LABELS = _labels("ko")
#: English labels that are also Korean ones (AWS CLI, ECS JSON...) are not English buttons.
ENGLISH_ONLY_LABELS = _labels("en") - KOREAN_LABELS


def _korean_text(lesson: Lesson) -> str:
    return "\n".join(
        cell.text for cell in lesson.cells if cell.kind == "markdown" and cell.lang == "ko"
    )


#: A sentence about the widgets: it presses, clicks, drags or names a tab or a button.
_UI_SENTENCE = re.compile(r"탭|버튼|누르|눌러|클릭|끌면|끌어")


def _ui_mentions(text: str) -> list[tuple[str, str]]:
    """Each bold or quoted span with the words that follow it."""
    found = []
    for match in _SPAN.finditer(text):
        span = next(group for group in match.groups() if group is not None)
        found.append((span.strip(), text[match.end() : match.end() + 12]))
    return found


def _english_buttons(text: str) -> list[str]:
    """English widget labels named in a sentence about the widgets ("**Step** 을 누르면";
    a Kubernetes **Deployment** or **Service** in a sentence about YAML is not one)."""
    found = []
    for sentence in re.split(r"(?<=[.!?。])\s+", text):
        if _UI_SENTENCE.search(sentence):
            found += [span for span, _ in _ui_mentions(sentence) if span in ENGLISH_ONLY_LABELS]
    return found


PARAMS = [pytest.param(lesson, id=lesson.name) for lesson in KO_LESSONS]


def test_the_widgets_have_korean_labels_to_name() -> None:
    for label in ("스텝", "진행", "기록", "장애 주입", "적용", "배치 전략 추가", "서비스"):
        assert label in KOREAN_LABELS
    for label in ("Step", "Advance", "History", "Faults", "Apply", "Add strategy"):
        assert label in ENGLISH_ONLY_LABELS


@pytest.mark.parametrize("lesson", PARAMS)
def test_korean_text_never_names_an_english_button(lesson: Lesson) -> None:
    english = _english_buttons(_korean_text(lesson))
    assert not english, (
        f"{lesson.label}: the Korean text names the English widget labels {english}; the "
        "Korean widgets say " + ", ".join(sorted(KOREAN_LABELS & _korean_words(english)))
    )


@pytest.mark.parametrize("lesson", PARAMS)
def test_every_button_or_tab_the_korean_text_names_is_a_korean_widget_label(
    lesson: Lesson,
) -> None:
    named = [
        span
        for span, after in _ui_mentions(_korean_text(lesson))
        if _UI_WORD.match(after) and span not in KOREAN_LABELS
    ]
    assert not named, (
        f"{lesson.label}: the Korean text calls {named} a button or tab, but no Korean widget "
        "shows that label"
    )


def test_the_check_catches_a_korean_sentence_naming_an_english_button() -> None:
    text = (
        "**Step** 을 누르고 **서비스** 탭에서 **Apply** 를 누르세요. 'Faults' 탭도 있습니다. "
        "Kubernetes 에서는 **Deployment** 와 **Service** 가 됩니다."
    )
    assert _english_buttons(text) == ["Step", "Apply", "Faults"]
    text = "**스텝**을 누르고 **서비스** 탭에서 **적용**을 누르세요. **재시작** 버튼은 없습니다."
    named = [s for s, after in _ui_mentions(text) if _UI_WORD.match(after)]
    assert named == ["스텝", "서비스", "적용", "재시작"]
    assert [s for s in named if s not in KOREAN_LABELS] == ["재시작"]


def _korean_words(english: list[str]) -> set[str]:
    """The Korean labels that say the same as `english` (by the tables' keys)."""
    said = set()
    for table in WIDGET_TABLES:
        for key, text in table["en"].items():
            if text.strip() in english:
                said.add(table["ko"][key].strip())
    return said
