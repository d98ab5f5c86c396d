"""Glossary names in text: in the English source (as written, longest first) and in a
translation (in any form the target language's grammar allows).
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from .markup import plain
from .model import Glossary, Term
from .morphology import PhraseMatcher, Token, fold, tokenize


@dataclass(frozen=True, slots=True)
class Found:
    """A name found in the source: the row, and the words as the source wrote them."""

    term: Term
    text: str


class NameFinder:
    """Finds the glossary's English names in source text.

    Longest match first (``OSCE Programme Office in Astana`` before ``OSCE`` before
    ``Astana``), on word boundaries; a possessive (``OSCE's``, ``OSCE’s``) and an
    all-capitals dateline (``ASTANA``) still match.
    """

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._index: dict[str, list[tuple[Term, tuple[str, ...]]]] = {}
        for term in glossary.terms:
            for name in term.english:
                words = tuple(token.text for token in tokenize(name))
                if words:
                    self._index.setdefault(fold(words[0]), []).append((term, words))
        for candidates in self._index.values():
            candidates.sort(key=lambda item: -len(item[1]))
        self._targets: dict[tuple[int, str, str], TargetForms] = {}

    def find(self, text: str, *, date: dt.date | None = None) -> list[Found]:
        text = plain(text)
        tokens = tokenize(text)
        found: list[Found] = []
        position = 0
        while position < len(tokens):
            match = self._match_at(tokens, position, date)
            if match is None:
                position += 1
                continue
            term, size = match
            start, end = tokens[position].start, tokens[position + size - 1].end
            found.append(Found(term, text[start:end]))
            position += size
        return found

    def _match_at(
        self, tokens: Sequence[Token], position: int, date: dt.date | None
    ) -> tuple[Term, int] | None:
        for term, words in self._index.get(fold(tokens[position].text), ()):
            if position + len(words) > len(tokens) or not term.applies(date):
                continue
            if all(_same_english(tokens[position + i].text, word) for i, word in enumerate(words)):
                return term, len(words)
        return None

    def target(self, term: Term, language: str) -> TargetForms | None:
        """How ``term`` may appear in ``language`` (None: the glossary has no form)."""
        form = term.forms.get(language)
        if form is None:
            return None
        key = (id(term), language, form.approved)
        if key not in self._targets:
            self._targets[key] = TargetForms(term, language)
        return self._targets[key]


#: Latin letters that look like Cyrillic ones: a misspelling typed with them is still
#: recognised as the name it imitates (and reported).
_LOOK_ALIKES = str.maketrans("AaBEeKMHOoPpCcTyXxi", "АаВЕеКМНОоРрСсТуХхі")


def _likeness(candidate: str, target: str) -> float:
    candidate = fold(candidate.translate(_LOOK_ALIKES))
    ratio = difflib.SequenceMatcher(None, candidate, target).ratio()
    prefix = next(
        (i for i, (a, b) in enumerate(zip(candidate, target, strict=False)) if a != b),
        min(len(candidate), len(target)),
    )
    return ratio + 0.05 * min(prefix, 4)


def _same_english(candidate: str, word: str) -> bool:
    if candidate == word:
        return True
    return candidate.isupper() and len(candidate) > 1 and candidate.lower() == word.lower()


class TargetForms:
    """A row's approved form, accepted variants and forbidden variants in one language."""

    def __init__(self, term: Term, language: str) -> None:
        form = term.forms[language]
        self.form = form
        self.accepted = [
            PhraseMatcher(text, language=language, kind=term.kind)
            for text in (form.approved, *form.variants)
        ]
        self.forbidden = [
            PhraseMatcher(text, language=language, kind=term.kind) for text in form.forbidden
        ]

    def locate(self, text: str) -> tuple[int, int] | None:
        """Where an accepted form first occurs in ``text`` (character offsets), if at all."""
        for matcher in self.accepted:
            spans = matcher.spans(text)
            if spans:
                return spans[0]
        return None

    def forbidden_found(self, text: str) -> list[str]:
        hits = [hit for matcher in self.forbidden for hit in matcher.search(text)]
        return list(dict.fromkeys(hits))

    def closest(self, text: str) -> str | None:
        """The words of ``text`` most like the approved form (a misspelling), if any.

        Only runs of words not broken by punctuation are considered.
        """
        size = len(self.accepted[0].words)
        target = fold(" ".join(self.accepted[0].words))
        tokens = tokenize(text)
        best, best_ratio = None, 0.0
        for start in range(len(tokens) - size + 1):
            window = tokens[start : start + size]
            gaps = (text[a.end : b.start] for a, b in itertools.pairwise(window))
            if any(gap.strip() for gap in gaps):
                continue
            candidate = text[window[0].start : window[-1].end]
            ratio = _likeness(candidate, target)
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
        return best if best_ratio >= 0.65 else None
