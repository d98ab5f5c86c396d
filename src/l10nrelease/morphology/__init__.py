"""How a name may appear in a translation, in any grammatical form.

Each language is one module with one function, ``phrase_tests``: given the words of
a glossary form, it returns one test per word that says whether a word of a
translation is that word in a form the grammar allows there. ``PhraseMatcher`` does
the rest for every language: it tokenizes and finds the name's words in sequence.
A third language needs one new module; a language with no module is matched exactly.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

WordTest = Callable[[str], bool]

#: A word: letters and digits, with inner hyphens (Нур-Султан, ЕҚЫҰ-ның, co-operation).
WORD_RE = re.compile(r"\w+(?:[-‐‑]\w+)*")


class Language(Protocol):
    """The interface a language module implements (as a module-level function)."""

    def phrase_tests(self, words: Sequence[str], *, kind: str) -> list[WordTest]: ...


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def fold(text: str) -> str:
    """Lower case, ё as е: the spelling differences a name check ignores."""
    return text.lower().replace("ё", "е")


_PART_RE = re.compile(r"\w+")


def tokenize(text: str, *, split_hyphens: bool = False) -> list[Token]:
    pattern = _PART_RE if split_hyphens else WORD_RE
    return [Token(m.group(0), m.start(), m.end()) for m in pattern.finditer(text)]


def exact_test(word: str) -> WordTest:
    folded = fold(word)
    return lambda candidate: fold(candidate) == folded


def language_module(code: str) -> Language:
    """The module for ``code`` (``ru``, ``kk``), or exact matching for others."""
    base = code.split("_")[0].split("-")[0].lower()
    if not re.fullmatch(r"[a-z]{2,3}", base):
        raise ValueError(f"bad language code {code!r}")
    try:
        module = importlib.import_module(f"{__name__}.{base}")
    except ModuleNotFoundError:
        module = importlib.import_module(f"{__name__}.exact")
    return module


class PhraseMatcher:
    """Finds one glossary form (one or more words) in a text, in any inflected form."""

    def __init__(self, form: str, *, language: str, kind: str = "other") -> None:
        self.form = form
        words = [token.text for token in tokenize(form)]
        if not words:
            raise ValueError(f"glossary form without words: {form!r}")
        self.tests = tuple(language_module(language).phrase_tests(words, kind=kind))
        self.words = tuple(words)

    def find(self, tokens: Sequence[Token]) -> list[tuple[int, int]]:
        """``(first, last)`` token indexes of every occurrence."""
        found = []
        size = len(self.tests)
        for start in range(len(tokens) - size + 1):
            if all(test(tokens[start + i].text) for i, test in enumerate(self.tests)):
                found.append((start, start + size - 1))
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of every occurrence; a name inside a hyphenated compound
        (Қытай in «АҚШ-Қытай», a name of one word) counts too."""
        tokens = tokenize(text)
        spans = [(tokens[a].start, tokens[b].end) for a, b in self.find(tokens)]
        if not spans and any("-" in token.text for token in tokens):
            parts = tokenize(text, split_hyphens=True)
            spans = [(parts[a].start, parts[b].end) for a, b in self.find(parts)]
        return spans

    def search(self, text: str) -> list[str]:
        """The occurrences in ``text``, as written there."""
        return [text[start:end] for start, end in self.spans(text)]
