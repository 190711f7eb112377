"""What any picture may say about drawing itself: how to get Graphviz when it is missing."""

from __future__ import annotations

from ecslearn.words.language import Table

#: Said where a picture would be (the player's diagram) and, in English, in the errors and the
#: text a picture shows when Graphviz's ``dot`` is not installed.
RENDER: Table = {
    "en": {
        "graphviz_hint": (
            "Graphviz's 'dot' is not installed, so pictures cannot be drawn: install it with "
            "'sudo apt-get install graphviz' (Debian/Ubuntu) or 'brew install graphviz' (macOS)."
        ),
    },
    "ko": {
        "graphviz_hint": (
            "Graphviz의 'dot'이 설치되어 있지 않아 그림을 그릴 수 없습니다: "
            "'sudo apt-get install graphviz' (Debian/Ubuntu) 또는 "
            "'brew install graphviz' (macOS)로 설치하세요."
        ),
    },
}
