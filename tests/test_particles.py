"""Korean particles follow the last sound of the word before them, as a Korean reader says it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecslearn.words.particles import fill, josa, last_sound, particle

hangul = st.integers(0xAC00, 0xD7A3).map(chr)


@pytest.mark.parametrize(
    ("word", "which", "expected"),
    [
        # Hangul: the final consonant decides; ㄹ takes 로, not 으로.
        ("서비스", "이/가", "서비스가"),
        ("클러스터", "을/를", "클러스터를"),
        ("태스크", "은/는", "태스크는"),
        ("인스턴스", "와/과", "인스턴스와"),
        ("컨테이너", "(으)로", "컨테이너로"),
        ("리비전", "이/가", "리비전이"),
        ("이벤트 기록", "을/를", "이벤트 기록을"),
        ("용량 공급자 전략", "은/는", "용량 공급자 전략은"),
        ("대상 그룹", "과/와", "대상 그룹과"),
        ("레슨 9의 규칙", "(으)로", "레슨 9의 규칙으로"),
        ("파일", "(으)로", "파일로"),
        ("레일", "으로/로", "레일로"),
        # Acronyms by their letters' Korean names: only L, M, N, R end in a consonant.
        ("ECR", "이/가", "ECR이"),
        ("ECS", "이/가", "ECS가"),
        ("AWS", "을/를", "AWS를"),
        ("IAM", "은/는", "IAM은"),
        ("URL", "(으)로", "URL로"),
        ("ENI", "와/과", "ENI와"),
        ("HTTP", "(으)로", "HTTP로"),
        ("ecr", "이/가", "ecr이"),
        # English words as Korean loanwords spell them.
        ("web", "을/를", "web을"),
        ("shop", "이/가", "shop이"),
        ("nginx", "을/를", "nginx를"),
        ("web-warm", "을/를", "web-warm을"),
        ("orders", "은/는", "orders는"),
        ("api", "이/가", "api가"),
        ("RUNNING", "이/가", "RUNNING이"),
        ("STOPPED", "(으)로", "STOPPED로"),
        ("DAEMON", "은/는", "DAEMON은"),
        ("REPLICA", "(으)로", "REPLICA로"),
        ("t3.small", "(으)로", "t3.small로"),
        ("desiredCount", "을/를", "desiredCount를"),
        ("Fargate", "은/는", "Fargate는"),
        ("frontend", "이/가", "frontend가"),
        ("app", "을/를", "app을"),
        ("look", "은/는", "look은"),
        ("healthCheck", "이/가", "healthCheck가"),
        ("group", "이/가", "group이"),
        ("name", "은/는", "name은"),
        ("zone", "이/가", "zone이"),
        # -type is read 타입 (a final ㅂ), though other silent-e endings in p are a vowel.
        ("type", "이/가", "type이"),
        ("launchType", "을/를", "launchType을"),
        ("networkMode", "이/가", "networkMode가"),
        ("pipe", "이/가", "pipe가"),
        # -out is 아웃 (a final ㅅ), like -oup 웁.
        ("timeout", "이/가", "timeout이"),
        ("checkout", "은/는", "checkout은"),
        ("console", "(으)로", "console로"),
        ("MiB", "을/를", "MiB를"),
        # Digits in Sino-Korean, zeros by their unit.
        ("2", "이/가", "2가"),
        ("3", "이/가", "3이"),
        ("1", "(으)로", "1로"),
        ("6", "(으)로", "6으로"),
        ("80", "을/를", "80을"),
        ("100", "이/가", "100이"),
        ("3000", "은/는", "3000은"),
        ("32768", "이/가", "32768이"),
        ("10000", "이/가", "10000이"),
        ("0", "이/가", "0이"),
        ("shop-api:2", "이/가", "shop-api:2가"),
        ("nginx:1.27", "(으)로", "nginx:1.27로"),
        ("50%", "이/가", "50%가"),
        # Trailing quotes and brackets are skipped: the particle goes after them.
        ("'web-warm'", "을/를", "'web-warm'을"),
        ("`desiredCount`", "을/를", "`desiredCount`를"),
        ("(약 25분)", "은/는", "(약 25분)은"),
        ("**배포**", "을/를", "**배포**를"),
    ],
)
def test_the_particle_follows_the_words_last_sound(word: str, which: str, expected: str) -> None:
    assert particle(word, which) == expected


def test_a_word_with_no_readable_end_gets_both_forms() -> None:
    assert particle("→", "이/가") == "→이(가)"
    assert josa("", "을/를") == "을(를)"
    assert josa("...", "(으)로") == "(으)로"


def test_an_unknown_particle_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="이/가"):
        josa("web", "에서")


def test_a_template_names_the_particle_after_its_placeholder() -> None:
    template = "{service:이/가} {task:을/를} {where:(으)로} 옮겼습니다 ({n}개)"
    said = fill(template, service="ECS", task="web", where="us-east-1a", n=3)
    assert said == "ECS가 web을 us-east-1a로 옮겼습니다 (3개)"
    assert fill("{x:>4}", x=7) == "   7", "ordinary format specs still work"


@given(hangul)
def test_a_hangul_syllable_without_a_final_takes_the_vowel_form(syllable: str) -> None:
    final = (ord(syllable) - 0xAC00) % 28
    expected = {0: "가", 8: "이"}.get(final, "이")
    assert josa(syllable, "이/가") == expected
    assert josa(syllable, "(으)로") == ("로" if final in (0, 8) else "으로")


@given(st.text(min_size=0, max_size=12), hangul)
def test_only_the_last_syllable_decides(prefix: str, syllable: str) -> None:
    for which in ("이/가", "을/를", "은/는", "와/과", "(으)로"):
        assert josa(prefix + syllable, which) == josa(syllable, which)


@given(st.integers(min_value=1, max_value=10**15))
def test_a_number_is_read_by_its_last_digit_or_its_unit(number: int) -> None:
    digits = str(number)
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped)
    # 이 사 오 구 end in a vowel; of the units (십 백 천 만 억 조) only 조 does.
    spoken_vowel = digits[-1] in "2459" if zeros == 0 else zeros >= 12 and zeros % 4 == 0
    assert (last_sound(number) == "vowel") == spoken_vowel


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
def test_any_word_gets_one_form_of_each_particle_and_keeps_itself(word: str) -> None:
    for which, forms in {
        "이/가": {"이", "가", "이(가)"},
        "을/를": {"을", "를", "을(를)"},
        "은/는": {"은", "는", "은(는)"},
        "와/과": {"와", "과", "와(과)"},
        "(으)로": {"으로", "로", "(으)로"},
    }.items():
        said = particle(word, which)
        assert said.startswith(word) and said[len(word) :] in forms


@given(st.sampled_from(["ECR", "ECS", "AWS", "web", "RUNNING", "2", "32768", "서비스"]))
def test_the_pairs_agree_with_each_other(word: str) -> None:
    """A word that takes 이 takes 을, 은 and 과 too: they all follow the same sound."""
    consonant = josa(word, "이/가") == "이"
    assert (josa(word, "을/를") == "을") == consonant
    assert (josa(word, "은/는") == "은") == consonant
    assert (josa(word, "와/과") == "과") == consonant
    assert josa(word, "가/이") == josa(word, "이/가"), "either order names the same particle"
