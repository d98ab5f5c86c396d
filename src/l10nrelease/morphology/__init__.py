"""How a name may appear in a translation, in any grammatical form.

Each language is one module with one function, ``phrase_tests``: given the words of
a glossary form, it returns one test per word that says whether a word of a
translation (given folded: lower case, ё as е) is that word in a form the grammar
allows there. ``PhraseMatcher`` does
the rest for every language: it tokenizes and finds the name's words in sequence.
A third language needs one new module; a language with no module is matched exactly.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from .base import (
    WORD_RE,
    Token,
    Words,
    WordTest,
    capitalised_words,
    exact_test,
    fold,
    passes,
    tokenize,
)

__all__ = [
    "WORD_RE",
    "Language",
    "PhraseMatcher",
    "Token",
    "WordTest",
    "Words",
    "capitalised_words",
    "derived_matchers",
    "exact_test",
    "fold",
    "glossary_form",
    "kind_of",
    "language_module",
    "lemmas",
    "tokenize",
]


class Language(Protocol):
    """The interface a language module implements (as a module-level function)."""

    def phrase_tests(self, words: Sequence[str], *, kind: str) -> list[WordTest]: ...


def derived_matchers(
    form: str, *, language: str, kind: str, explicit: bool = False
) -> list[PhraseMatcher]:
    """Words derived from a place's or organisation's name (adjectives, demonyms), as
    matchers, where the language module knows how to make them; ``explicit``: the
    glossary row asks for them (its ``derived`` column says yes), whatever its kind."""
    module = language_module(language)
    make = getattr(module, "derived_phrases", None)
    if make is None:
        return []
    words = [token.text for token in tokenize(form)]
    return [
        PhraseMatcher.from_tests(label, label.split(), tests)
        for label, tests in make(words, kind=kind, explicit=explicit)
    ]


def lemmas(word: str, *, language: str) -> set[str]:
    """The dictionary forms a word (folded) may be a form of, by the language's rules
    (the word alone where the language has none)."""
    make = getattr(language_module(language), "lemmas", None)
    return set(make(word)) if make is not None else {word}


def glossary_form(forms: Sequence[str], *, language: str, kind: str) -> str:
    """The form a glossary row writes for a name seen as ``forms`` (most frequent
    first), by the language's rules: a guess for a person to confirm; the most frequent
    form where the language has no rules."""
    make = getattr(language_module(language), "glossary_form", None)
    return str(make(forms, kind=kind)) if make is not None else forms[0]


def kind_of(text: str, *, language: str) -> str | None:
    """What a rendering names (person, place, organisation) as the language's
    dictionary reads it; None where it cannot tell or the language has no dictionary."""
    read = getattr(language_module(language), "kind_of", None)
    return read(text) if read is not None else None


def language_module(code: str) -> Language:
    """The module for ``code`` (``ru``, ``kk``), or exact matching for others."""
    known = _MODULES.get(code)
    if known is None:
        known = _MODULES[code] = _language_module(code)
    return known


#: Each language code's module, once looked up (asked for on every word checked).
_MODULES: dict[str, Language] = {}


def _language_module(code: str) -> Language:
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
        self.tests: tuple[WordTest, ...] = tuple(
            language_module(language).phrase_tests(words, kind=kind)
        )
        self.words = tuple(words)

    @classmethod
    def from_tests(
        cls, form: str, words: Sequence[str], tests: Sequence[WordTest]
    ) -> PhraseMatcher:
        matcher = cls.__new__(cls)
        matcher.form, matcher.words, matcher.tests = form, tuple(words), tuple(tests)
        return matcher

    def find(
        self, tokens: Sequence[Token], index: dict[str, list[int]] | None = None
    ) -> list[tuple[int, int]]:
        """``(first, last)`` token indexes of every occurrence (``index``: where each
        folded word occurs, to look only where the first word may be)."""
        tests = self.tests
        first, size = tests[0], len(tests)
        if index is not None and isinstance(first, frozenset):
            starts: Iterable[int] = sorted(
                i for word in first.intersection(index) for i in index[word]
            )
        else:
            starts = (i for i in range(len(tokens)) if passes(first, tokens[i].folded))
        found = []
        for start in starts:
            if start + size <= len(tokens) and all(
                passes(test, tokens[start + i].folded) for i, test in enumerate(tests[1:], 1)
            ):
                found.append((start, start + size - 1))
        return found

    def spans_in(self, words: Words) -> list[tuple[int, int]]:
        """Character spans of every occurrence; a name inside a hyphenated compound
        (Қытай in «АҚШ-Қытай») counts too."""
        known = words.found.get(self)
        if known is not None:
            return known
        tokens = words.tokens
        spans = [(tokens[a].start, tokens[b].end) for a, b in self.find(tokens, words.index)]
        if not spans and words.parts:
            parts = words.parts
            spans = [(parts[a].start, parts[b].end) for a, b in self.find(parts)]
        words.found[self] = spans
        return spans

    def spans(self, text: str) -> list[tuple[int, int]]:
        return self.spans_in(Words(text))

    def search(self, text: str) -> list[str]:
        """The occurrences in ``text``, as written there."""
        return [text[start:end] for start, end in self.spans(text)]

    # A compiled matcher as plain data, for the forms cache (JSON, never pickle).
    def to_data(self) -> list[object]:
        tests: list[object] = [
            sorted(test) if isinstance(test, frozenset) else test.to_data()  # type: ignore[attr-defined]
            for test in self.tests
        ]
        return [self.form, list(self.words), tests]

    @classmethod
    def from_data(cls, data: list[object]) -> PhraseMatcher:
        form, words, tests = data
        return cls.from_tests(
            str(form),
            [str(word) for word in words],  # type: ignore[attr-defined]
            [frozenset(t) if isinstance(t, list) else _test_from_data(t) for t in tests],  # type: ignore[attr-defined]
        )


def _test_from_data(data: object) -> WordTest:
    if isinstance(data, dict) and "abbreviation" in data:
        from .kk import Abbreviation

        return Abbreviation(str(data["abbreviation"]))
    raise ValueError(f"unknown word test in the forms cache: {data!r}")
