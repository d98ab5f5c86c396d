"""Languages without a module of their own: a name matches only as written."""

from __future__ import annotations

from collections.abc import Sequence

from .base import WordTest, exact_test


def phrase_tests(words: Sequence[str], *, kind: str) -> list[WordTest]:
    return [exact_test(word) for word in words]
