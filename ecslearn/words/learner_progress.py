"""The words of a lesson's quizzes (`ecslearn.lessons.quiz`) and of the learner's progress table
(`ecslearn.progress()`, `ecslearn.lessons.progress_report`).

A quiz's verdicts are the exercises' (`ecslearn.words.lessons.EXERCISES`: Correct ✓, Incorrect ✗,
Not attempted yet), so a learner reads one set of verdicts across the course.
"""

from __future__ import annotations

from ecslearn.words.language import Table

#: A multiple-choice question: its heading, the button, and what it says before an answer.
QUIZ: Table = {
    "en": {
        "question": "Question",
        "check": "Check",
        "choose_first": "Choose an answer first, then press Check.",
        "unknown_choice": "There is no answer {choice}: choose one of {letters}.",
        "in_code": "Answer in code with {call}.",
    },
    "ko": {
        "question": "질문",
        "check": "확인",
        "choose_first": "먼저 답을 하나 고른 다음 확인을 누르세요.",
        "unknown_choice": "{choice}라는 답은 없습니다. {letters} 가운데 하나를 고르세요.",
        "in_code": "코드로 답하기: {call}",
    },
}

#: The progress table: its title, columns, the two kinds of item and the summary lines.
PROGRESS: Table = {
    "en": {
        "title": "Your progress",
        "lesson": "Lesson",
        "item": "Item",
        "kind": "Kind",
        "status": "Status",
        "attempts": "Attempts",
        "last_attempt": "Last attempt (UTC)",
        "exercise": "Exercise",
        "quiz": "Quiz",
        "summary": "{correct} of {total} correct, {incorrect} incorrect, {open} not attempted",
        "kept_in": "Kept in {path}",
        "disabled": "Progress is not recorded in this session (ECSLEARN_PROGRESS={value}).",
        "unreadable": "The progress file could not be read ({problem}); it starts afresh at "
        "the next check, and the old file is kept beside it.",
        "no_lessons": "The list of lessons is not available (ecslearn/data/course.json).",
    },
    "ko": {
        "title": "학습 진행 상황",
        "lesson": "레슨",
        "item": "항목",
        "kind": "종류",
        "status": "상태",
        "attempts": "시도 횟수",
        "last_attempt": "마지막 시도 (UTC)",
        "exercise": "연습 문제",
        "quiz": "퀴즈",
        "summary": "전체 {total}개 중 정답 {correct}개, 오답 {incorrect}개, 풀지 않음 {open}개",
        "kept_in": "저장 위치: {path}",
        "disabled": "이 세션에서는 진행 상황을 기록하지 않습니다 (ECSLEARN_PROGRESS={value}).",
        "unreadable": "진행 상황 파일을 읽을 수 없습니다 ({problem}). 다음 채점 때 새로 "
        "시작하고, 이전 파일은 옆에 보관합니다.",
        "no_lessons": "레슨 목록을 찾을 수 없습니다 (ecslearn/data/course.json).",
    },
}
