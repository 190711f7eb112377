"""Korean particles that agree with the word before them: ``particle("ECR", "이/가")`` is
"ECR이", ``particle("web", "을/를")`` is "web을", ``particle("서비스", "은/는")`` is "서비스는".

A Korean particle changes with the last *sound* of the word it follows: 이/을/은/과/으로 after a
final consonant (받침), 가/를/는/와/로 after a vowel, and 로 (not 으로) after ㄹ. A sentence that
glues a fixed particle after a value (``f"{service}가"``) is wrong for half the values
("ECR가"); these helpers read the value's last sound instead.

How the last sound is read, in order (the rules a Korean reader applies aloud):

1. Trailing punctuation is skipped: quotes, backticks, brackets, ``*``, ``.``, ``,``, ``:``
   (``'web-warm'`` is read as ``web-warm``, and the particle goes after the quote).
2. **Hangul**: the syllable's final consonant, by Unicode arithmetic
   (``(code - 0xAC00) % 28``: 0 is no final, 8 is ㄹ).
3. **Digits** are read in Sino-Korean (일 이 삼 사 오 육 칠 팔 구, 0 is 영); a run ending in
   zeros is read by its last unit: 10 십, 100 백, 1000 천, 10⁴ 만, 10⁸ 억, 10¹² 조 ("32768이",
   "80이", "100이", "2가", "3000이"). ``%`` is 퍼센트 (a vowel).
4. **Latin letters**, the last run of letters:
   - an acronym is read letter by letter, by the letters' Korean names (에이 비 씨 ... 엘 엠
     엔 ... 알 ...): only L, M, N and R end in a consonant (엘 엠 엔 알; L and R in ㄹ), so
     "ECR이", "ECS가", "URL로", "IAM을". An acronym is a token on the `ACRONYMS` list (in any
     case), or an upper-case token of at most three letters, or one without a vowel letter
     (HTTP, TCP); units such as MiB and GiB are read out (메비바이트, a vowel);
   - any other token (``web``, ``nginx``, ``RUNNING``, ``desiredCount``, the last word of a
     camelCase name) is read as the English word, the way Korean loanwords spell it: a final
     m, n, ng, l is 받침 ㅁ ㄴ ㅇ ㄹ (warm 웜, main 메인, RUNNING 러닝, small 스몰); p, b, k, c,
     t after a single vowel letter, and p, t after ou, are 받침 ㅂ ㅂ ㄱ ㄱ ㅅ (shop 숍, web 웹,
     stack 스택, spot 스팟, group 그룹, timeout 타임아웃); every other ending is a vowel:
     -er/-or/-ar (서버), d/g/s/x/z/f/v/sh/ch (프론트엔드,
     로그, 엔진엑스), a consonant cluster before t/p/k (테스트, 태스크), and a silent e takes
     the sound of what precedes it (-me 임 ㅁ, -ne 인 ㄴ, -le 을 ㄹ, others 트 드 스 지: a
     vowel).

These are rules, not a dictionary: a few words the lessons use that break them are listed
(check 체크, set 세트, and -type 타입, whose silent e is not read 프); another English word read
irregularly can come out wrong, so sentences name values that the rules read right, or put the
value where no particle follows. A value with no readable end (only symbols) gets both forms,
"이(가)", as Korean writes when the word is unknown.
"""

from __future__ import annotations

import re
import string
from typing import Any

#: Each particle by the form it takes after a final consonant, after a vowel, and after ㄹ.
_FORMS: dict[str, tuple[str, str, str]] = {
    "이/가": ("이", "가", "이"),
    "을/를": ("을", "를", "을"),
    "은/는": ("은", "는", "은"),
    "과/와": ("과", "와", "과"),
    "으로/로": ("으로", "로", "로"),
    "이나/나": ("이나", "나", "이나"),
    "이라는/라는": ("이라는", "라는", "이라는"),
}
#: The ways a particle may be named (either order, the (으)로 spelling): all mean one of `_FORMS`.
_NAMES: dict[str, str] = {
    **{key: key for key in _FORMS},
    **{"/".join(reversed(key.split("/"))): key for key in _FORMS},
    "(으)로": "으로/로",
    "(이)나": "이나/나",
    "(이)라는": "이라는/라는",
}
#: Both forms, written when a word has no readable end.
_UNKNOWN: dict[str, str] = {
    "이/가": "이(가)",
    "을/를": "을(를)",
    "은/는": "은(는)",
    "과/와": "와(과)",
    "으로/로": "(으)로",
    "이나/나": "(이)나",
    "이라는/라는": "(이)라는",
}

#: Particle names a template may put after a placeholder: ``"{service:이/가}"``.
PARTICLES: frozenset[str] = frozenset(_NAMES)

#: Tokens read letter by letter whatever their case (AWS's acronyms the lessons use).
ACRONYMS: frozenset[str] = frozenset(
    {
        *("alb", "ami", "api", "arn", "asg", "aws", "cli", "cpu", "dns", "ebs", "ecr", "ecs"),
        *("efs", "elb", "eni", "gpu", "http", "https", "iam", "id", "ip", "nlb", "os", "sdk"),
        *("sns", "sqs", "ssl", "ssm", "tcp", "tls", "udp", "ui", "url", "vm", "vpc"),
    }
)
#: Units read out as words; all end in a vowel (메비바이트, 기비바이트, 밀리초, 퍼센트).
_VOWEL_UNITS = frozenset(("kib", "mib", "gib", "tib", "ms", "vcpu"))

# The last sound: None (a vowel), "ㄹ", or "C" (any other final consonant).
_VOWEL, _RIEUL, _CONSONANT = None, "ㄹ", "C"
_Sound = str | None

#: The final sound of each letter's Korean name (에이 비 씨 디 이 에프 지 에이치 아이 제이 케이
#: 엘 엠 엔 오 피 큐 알 에스 티 유 브이 더블유 엑스 와이 지).
_LETTER_ENDS: dict[str, _Sound] = {letter: _VOWEL for letter in string.ascii_lowercase}
_LETTER_ENDS.update({"l": _RIEUL, "m": _CONSONANT, "n": _CONSONANT, "r": _RIEUL})
#: The final sound of 영 일 이 삼 사 오 육 칠 팔 구.
_DIGIT_ENDS: tuple[_Sound, ...] = (
    _CONSONANT,
    _RIEUL,
    _VOWEL,
    _CONSONANT,
    _VOWEL,
    _VOWEL,
    _CONSONANT,
    _RIEUL,
    _RIEUL,
    _VOWEL,
)
_SKIPPED = " \t\n'\"`’”)]}>*.,:;!?"
_VOWEL_LETTERS = frozenset("aeiouy")


def _hangul(char: str) -> _Sound:
    final = (ord(char) - 0xAC00) % 28
    return _VOWEL if final == 0 else _RIEUL if final == 8 else _CONSONANT


def _number(digits: str) -> _Sound:
    """The last sound of a digit run read in Sino-Korean: its last non-zero digit, or the unit
    its trailing zeros make (십 백 천, then 만 억 조 every four)."""
    value = digits.lstrip("0")
    if not value:
        return _CONSONANT  # 영
    zeros = len(value) - len(value.rstrip("0"))
    if zeros == 0:
        return _DIGIT_ENDS[int(value[-1])]
    if zeros % 4:
        return (_CONSONANT, _CONSONANT, _CONSONANT)[zeros % 4 - 1]  # 십 백 천
    return (_CONSONANT, _CONSONANT, _VOWEL)[min(zeros // 4, 3) - 1]  # 만 억 조


def _is_acronym(token: str) -> bool:
    if token.lower() in ACRONYMS:
        return True
    if token.isupper() and (len(token) <= 3 or not set(token.lower()) & _VOWEL_LETTERS - {"y"}):
        return True
    return len(token) == 1


#: Words the lessons use whose loanword spelling breaks the rules (체크, 세트, 키트, 허브).
_IRREGULAR: dict[str, _Sound] = {"check": _VOWEL, "set": _VOWEL, "kit": _VOWEL, "hub": _VOWEL}


def _english(word: str) -> _Sound:
    """The last sound of an English word as Korean loanwords spell it (see the module's rules)."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("type"):  # type 타입, prototype 프로토타입: -ype is read 입, not 이프
        return _CONSONANT
    if w.endswith("e") and len(w) > 2 and w[-2] not in _VOWEL_LETTERS:
        before = w[-2]
        return {"m": _CONSONANT, "n": _CONSONANT, "l": _RIEUL}.get(before, _VOWEL)
    last = w[-1]
    if w.endswith("ng") or last in "mn":
        return _CONSONANT
    if last == "l":
        return _RIEUL
    if last in "pbkct":
        stem = w[:-1].rstrip(last) if last != "k" else w[:-1].rstrip("c")
        single_vowel = (
            len(stem) >= 1
            and stem[-1] in _VOWEL_LETTERS - {"y"}
            and (len(stem) == 1 or stem[-2] not in _VOWEL_LETTERS)
        )
        grouped = stem.endswith("ou") and last in "pt"  # group 그룹, timeout 타임아웃
        booked = stem.endswith("oo") and last == "k"  # look 룩, book 북
        return _CONSONANT if single_vowel or grouped or booked else _VOWEL
    return _VOWEL


def last_sound(word: object) -> str | None:
    """How `word` ends when read aloud in Korean: ``"vowel"``, ``"ㄹ"``, ``"consonant"``, or
    None when it has no readable end (only symbols)."""
    text = str(word).rstrip(_SKIPPED)
    if not text:
        return None
    if text.endswith("%"):
        return "vowel"
    char = text[-1]
    if "\uac00" <= char <= "\ud7a3":
        sound = _hangul(char)
    elif char in string.digits:
        sound = _number(re.search(r"[0-9]+$", text).group())  # type: ignore[union-attr]
    elif char.isascii() and char.isalpha():
        token = re.search(r"[A-Za-z]+$", text).group()  # type: ignore[union-attr]
        camel = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", token)
        if token.lower() in _VOWEL_UNITS:
            sound = _VOWEL
        elif _is_acronym(token):
            sound = _LETTER_ENDS[token[-1].lower()]
        else:
            last_word = camel[-1] if camel else token
            if _is_acronym(last_word):  # myALB: the camelCase name ends in an acronym
                sound = _LETTER_ENDS[last_word[-1].lower()]
            else:
                sound = _english(last_word)
    else:
        return None
    return {_VOWEL: "vowel", _RIEUL: "ㄹ", _CONSONANT: "consonant"}[sound]


def josa(word: object, which: str) -> str:
    """Only the particle `which` (``"이/가"``, ``"을/를"``, ``"은/는"``, ``"와/과"``,
    ``"(으)로"``, ``"(이)나"``, ``"(이)라는"``) in the form `word`'s last sound takes."""
    key = _NAMES.get(which)
    if key is None:
        raise ValueError(f"Unknown particle {which!r}: use one of {', '.join(sorted(_NAMES))}.")
    sound = last_sound(word)
    if sound is None:
        return _UNKNOWN[key]
    after_consonant, after_vowel, after_rieul = _FORMS[key]
    return {"consonant": after_consonant, "vowel": after_vowel, "ㄹ": after_rieul}[sound]


def particle(word: object, which: str) -> str:
    """`word` followed by the particle `which` in the form its last sound takes:
    ``particle("ECR", "이/가") == "ECR이"``, ``particle("'web'", "을/를") == "'web'을"``."""
    return f"{word}{josa(word, which)}"


class _ParticleFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in PARTICLES:
            return particle(value, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _ParticleFormatter()


def fill(template: str, **values: Any) -> str:
    """`template` filled like ``str.format``, where a placeholder may name the particle that
    follows it: ``fill("{service:이/가} 요청을 거부했습니다", service="ECS")`` is
    "ECS가 요청을 거부했습니다". Word tables write their Korean this way."""
    return _FORMATTER.format(template, **values)
