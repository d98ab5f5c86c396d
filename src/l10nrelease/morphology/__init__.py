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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

#: Whether a folded word of a translation is a glossary word in an allowed form: a
#: set of forms (most words), or a callable for open-ended ones (abbreviations).
WordTest = frozenset[str] | Callable[[str], bool]

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
    folded: str


def fold(text: str) -> str:
    """Lower case, ё as е: the spelling differences a name check ignores."""
    return text.lower().replace("ё", "е")


_PART_RE = re.compile(r"\w+")


def tokenize(text: str, *, split_hyphens: bool = False) -> list[Token]:
    pattern = _PART_RE if split_hyphens else WORD_RE
    folded = text.lower().replace("ё", "е")
    if len(folded) != len(text):  # a letter whose lower case is longer (İ): fold per word
        return [Token(m[0], m.start(), m.end(), fold(m[0])) for m in pattern.finditer(text)]
    return [
        Token(m[0], start, end, folded[start:end])
        for m in pattern.finditer(text)
        for start, end in (m.span(),)
    ]


class Words:
    """A text's words, computed once for every name looked up in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self._parts: list[Token] | None = None
        self._index: dict[str, list[int]] | None = None

    @property
    def index(self) -> dict[str, list[int]]:
        """Where each folded word occurs."""
        if self._index is None:
            self._index = {}
            for position, token in enumerate(self.tokens):
                self._index.setdefault(token.folded, []).append(position)
        return self._index

    @property
    def parts(self) -> list[Token]:
        """The words with hyphenated compounds split («АҚШ-Қытай» -> АҚШ, Қытай)."""
        if self._parts is None:
            has_hyphen = any("-" in token.text for token in self.tokens)
            self._parts = tokenize(self.text, split_hyphens=True) if has_hyphen else []
        return self._parts


def exact_test(word: str) -> WordTest:
    return frozenset({fold(word)})


def _passes(test: WordTest, word: str) -> bool:
    return word in test if isinstance(test, frozenset) else test(word)


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
            starts = (i for i in range(len(tokens)) if _passes(first, tokens[i].folded))
        found = []
        for start in starts:
            if start + size <= len(tokens) and all(
                _passes(test, tokens[start + i].folded) for i, test in enumerate(tests[1:], 1)
            ):
                found.append((start, start + size - 1))
        return found

    def spans_in(self, words: Words) -> list[tuple[int, int]]:
        """Character spans of every occurrence; a name inside a hyphenated compound
        (Қытай in «АҚШ-Қытай») counts too."""
        tokens = words.tokens
        spans = [(tokens[a].start, tokens[b].end) for a, b in self.find(tokens, words.index)]
        if not spans and words.parts:
            parts = words.parts
            spans = [(parts[a].start, parts[b].end) for a, b in self.find(parts)]
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
