"""The Korean reads as a Korean engineer writes it (docs/glossary.md): particles attach to the word
before them and agree with how it is read aloud, one name per concept, no calques, and no
particle glued after a value in a word table."""

from __future__ import annotations

import ast
import re

import pytest

from ecslearn.words.particles import josa
from tests.test_words import TABLES
from tools.lessons import Lesson, lessons

#: A `code`, **bold** or 'quoted' span, or an English word or number, then a space, then a
#: particle (alone, or with 는/도/만/의 after it).
_SPACED = re.compile(
    r"(`[^`\n]+`|\*\*[^*\n]+\*\*|'[^'\n]+'|(?<![가-힣])[A-Za-z][A-Za-z0-9_.:/-]*[A-Za-z0-9])"
    r" (을|를|은|는|이|가|와|과|으로|로|에서|에게|에|의|도|만|입니다)(?=[\s.,:;!?)]|$)"
)
#: A span and the particle attached to it.
_ATTACHED = re.compile(
    r"(`[^`\n]+`|\*\*[^*\n]+\*\*|'[^'\n]+')(을|를|은|는|이|가|와|과|으로|로)(?![가-힣])"
)
_PAIRS = {
    "을": "을/를",
    "를": "을/를",
    "은": "은/는",
    "는": "은/는",
    "이": "이/가",
    "가": "이/가",
    "와": "와/과",
    "과": "와/과",
    "으로": "(으)로",
    "로": "(으)로",
}
#: Calques and second names the glossary rules out, with the word it uses instead.
_RULED_OUT = {
    "놀이터": "연습용 시뮬레이션",
    "작은 월드": "시뮬레이션",
    "몰래": "ECS를 거치지 않고",
    "굴러가": "(say what happens: 롤링 업데이트가 진행되다)",
    "사슬": "체인",
    "디플로이먼트": "배포 (디플로이먼트 is only Kubernetes's Deployment)",
    "생명주기": "수명 주기",
}


def _params() -> list:
    return [pytest.param(lesson, id=lesson.name) for lesson in lessons()]


def _korean(lesson: Lesson) -> str:
    return "\n".join(c.text for c in lesson.cells if c.kind == "markdown" and c.lang == "ko")


_HANGUL = re.compile(r"[가-힣]")
#: A placeholder's value, then a fixed particle: right for only half the values ("ECR가").
_GLUED_AFTER_VALUE = re.compile(r"^['`\"]?(이|가|을|를|은|는|와|과|으로|로)(?![가-힣])")
_PARTICLE_HELPERS = frozenset({"particle", "josa"})


def _exercise_strings(lesson: Lesson) -> list[ast.Constant | ast.JoinedStr]:
    """Every Korean string of the lesson's exercises.py: titles, hints, wrong-answer reasons,
    explanations and the messages its judges build (f-strings included)."""
    return _korean_strings(lesson.exercises_path.read_text(encoding="utf-8"))


def _korean_strings(source: str) -> list[ast.Constant | ast.JoinedStr]:
    tree = ast.parse(source)
    parts_of_fstrings = {
        id(value)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for value in node.values
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        or (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in parts_of_fstrings
        )
        if _HANGUL.search(_rendered(node))
    ]


def _rendered(node: ast.Constant | ast.JoinedStr) -> str:
    """The string's text, a placeholder written as ``{}``."""
    if isinstance(node, ast.Constant):
        return str(node.value)
    return "".join(
        str(value.value) if isinstance(value, ast.Constant) else "{}" for value in node.values
    )


def _texts(lesson: Lesson) -> dict[str, str]:
    """The lesson's Korean, by where it is: the narrative's markdown, and its exercises' strings."""
    return {
        lesson.label: _korean(lesson),
        f"{lesson.path.parent.name}/exercises.py": "\n".join(
            _rendered(node) for node in _exercise_strings(lesson)
        ),
    }


@pytest.mark.parametrize("lesson", _params())
def test_particles_attach_to_the_word_before_them(lesson: Lesson) -> None:
    for where, text in _texts(lesson).items():
        spaced = [m.group(0) for m in _SPACED.finditer(text)]
        assert not spaced, f"{where}: a space before a particle: {spaced[:8]}"


@pytest.mark.parametrize("lesson", _params())
def test_a_particle_after_code_or_bold_follows_how_the_word_is_read(lesson: Lesson) -> None:
    for where, text in _texts(lesson).items():
        wrong = [
            f"{m.group(1)}{m.group(2)} (→ {m.group(1)}{josa(m.group(1), _PAIRS[m.group(2)])})"
            for m in _ATTACHED.finditer(text)
            if josa(m.group(1), _PAIRS[m.group(2)]) not in (m.group(2), "", None)
            and "(" not in josa(m.group(1), _PAIRS[m.group(2)])
        ]
        assert not wrong, f"{where}: {wrong[:8]}"


@pytest.mark.parametrize("lesson", _params())
def test_one_name_per_concept_and_no_calques(lesson: Lesson) -> None:
    for where, text in _texts(lesson).items():
        found = {word: instead for word, instead in _RULED_OUT.items() if word in text}
        assert not found, f"{where}: write {found}"


@pytest.mark.parametrize("lesson", _params())
def test_no_exercise_message_glues_a_fixed_particle_after_a_value(lesson: Lesson) -> None:
    """``f"{service}가"`` is wrong for half the values; a judge writes
    ``particle(service, "이/가")`` (or a word table's ``{service:이/가}``)."""
    glued = _glued_after_values(_exercise_strings(lesson))
    assert not glued, f"{lesson.path.parent.name}/exercises.py: {glued[:8]}"


def _glued_after_values(strings: list[ast.Constant | ast.JoinedStr]) -> list[str]:
    return [
        f"line {node.lineno}: {{{ast.unparse(value.value)}}}{after.value[:12]}"
        for node in strings
        if isinstance(node, ast.JoinedStr)
        for value, after in zip(node.values, node.values[1:], strict=False)
        if isinstance(value, ast.FormattedValue)
        and not _names_a_particle(value)
        and isinstance(after, ast.Constant)
        and _GLUED_AFTER_VALUE.match(str(after.value))
    ]


def _names_a_particle(value: ast.FormattedValue) -> bool:
    call = value.value
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id in _PARTICLE_HELPERS
    )


def test_no_word_table_glues_a_particle_after_a_value() -> None:
    """A Korean entry names its particle in the placeholder ({service:이/가}) and is filled with
    `fill`: a fixed 가 after {service} says "ECR가"."""
    glued = re.compile(r"\}'?\s?(이|가|을|를|은|는|와|과|으로|로)(?![가-힣])")
    found = [
        f"{name}[{key!r}]: {text}"
        for name, table in TABLES.items()
        for key, text in table.get("ko", {}).items()
        if glued.search(text)
    ]
    assert not found, found


def test_the_checks_catch_what_they_are_for() -> None:
    text = "**배포** 합니다. `web` 를 보세요. (약 25분) 에서는 ECS 가 놀이터에서 `desiredCount`을"
    assert [m.group(0) for m in _SPACED.finditer(text)] == ["`web` 를", "ECS 가"]
    attached = [m.group(0) for m in _ATTACHED.finditer(text)]
    assert attached == ["`desiredCount`을"]
    assert josa("`desiredCount`", "을/를") == "를"
    source = (
        'T("x", f"{service}가 멈췄습니다")\nT("y", f"{particle(service, \'이/가\')} 멈췄습니다")'
    )
    assert [line.split(": ")[1] for line in _glued_after_values(_korean_strings(source))] == [
        "{service}가 멈췄습니다"
    ]
