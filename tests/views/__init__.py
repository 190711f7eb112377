"""Tests of the views: pictures are checked as graphs; drawing only has to give valid SVG."""

from __future__ import annotations

import os

import pytest

from ecslearn.views import dot_available


def require_dot() -> None:
    """Skip a drawing test without Graphviz's dot, except on CI, where it must be installed."""
    if dot_available():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI must have Graphviz's dot to check the pictures (apt-get install graphviz)")
    pytest.skip("Graphviz's dot is not installed: sudo apt-get install graphviz (or brew install)")
