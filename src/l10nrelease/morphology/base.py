"""What every language module shares: words, folding, and the word tests they return."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

#: Whether a folded word of a translation is a glossary word in an allowed form: a
#: set of forms (most words), or a callable for open-ended ones (abbreviations).
WordTest = frozenset[str] | Callable[[str], bool]

#: A word: letters and digits, with inner hyphens (Нур-Султан, ЕҚЫҰ-ның, co-operation).
WORD_RE = re.compile(r"\w+(?:[-‐‑]\w+)*")


class Token(NamedTuple):
    """A word of a text, where it stands, and folded (a tuple: texts have many words,
    and a tuple is made several times faster than a frozen dataclass)."""

    text: str
    start: int
    end: int
    folded: str


def fold(text: str) -> str:
    """Lower case, ё as е: the spelling differences a name check ignores."""
    return text.lower().replace("ё", "е")


_PART_RE = re.compile(r"\w+")


def tokenize(text: str, *, split_hyphens: bool = False, capitalised: bool = False) -> list[Token]:
    """The words of ``text`` (``capitalised``: only those that begin with a capital)."""
    pattern = _PART_RE if split_hyphens else WORD_RE
    matches = pattern.finditer(text)
    if capitalised:
        matches = (m for m in matches if m[0][:1].isupper())
    folded = text.lower().replace("ё", "е")
    if len(folded) != len(text):  # a letter whose lower case is longer (İ): fold per word
        return [Token(m[0], m.start(), m.end(), fold(m[0])) for m in matches]
    new = tuple.__new__
    return [
        new(Token, (m[0], start, end, folded[start:end]))
        for m in matches
        for start, end in (m.span(),)
    ]


@lru_cache(maxsize=1 << 9)
def words_of(text: str) -> tuple[Token, ...]:
    """``tokenize(text)``, remembered for the texts of the last few files: a unit's
    translation is read for the glossary check and for the consistency observations
    in the same pass over its file."""
    return tuple(tokenize(text))


def capitalised_words(text: str) -> list[Token]:
    """The words of ``text`` that begin with a capital (``tokenize(text,
    capitalised=True)``), from ``words_of``."""
    return [token for token in words_of(text) if token.text[:1].isupper()]


class Words:
    """A text's words, computed once for every name looked up in it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = list(words_of(text))
        self._parts: list[Token] | None = None
        self._index: dict[str, list[int]] | None = None
        self._candidates: list[Token] | None = None
        #: each matcher's spans here (``PhraseMatcher.spans_in``): a unit's check asks
        #: for a name's forms to locate it, list it and measure its near misses
        self.found: dict[object, list[tuple[int, int]]] = {}

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

    @property
    def candidates(self) -> list[Token]:
        """The words and the parts of hyphenated ones (Қытай in «АҚШ-Қытай»), each
        place once."""
        if self._candidates is None:
            tokens = self.tokens
            parts = self.parts
            if parts:
                tokens = list({(t.start, t.end): t for t in [*tokens, *parts]}.values())
            self._candidates = tokens
        return self._candidates


def exact_test(word: str) -> WordTest:
    return frozenset({fold(word)})


def passes(test: WordTest, word: str) -> bool:
    return word in test if isinstance(test, frozenset) else test(word)


#: First letters a typist confuses: a Kazakh letter and the Russian one beside it on the
#: keyboard (Қ/К, Ө/О), a vowel written as heard (Астана, Остана).
_FIRST = str.maketrans({"қ": "к", "ғ": "г", "ң": "н", "ө": "а", "о": "а", "ә": "а",
                        "ұ": "у", "ү": "у", "і": "и", "һ": "х", "ё": "е"})  # fmt: skip


def same_start(one: str, other: str) -> bool:
    """Whether two folded words begin with the same letter, or with two a typist
    confuses (Казақстан for Қазақстан, Оскемен for Өскемен)."""
    return first_letter(one) == first_letter(other)


def first_letter(word: str) -> str:
    """A folded word's first letter as ``same_start`` compares it."""
    return word[:1].translate(_FIRST)
