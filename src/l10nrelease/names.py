"""Glossary names in text: in the English source (as written, longest first) and in a
translation (in any form the target language's grammar allows).
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .markup import plain
from .model import Glossary, Term
from .morphology import WORD_RE, PhraseMatcher, Words, fold, tokenize


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

    def __init__(
        self, glossary: Glossary, *, compiled: dict[str, list[object]] | None = None
    ) -> None:
        self.glossary = glossary
        #: Compiled target forms as plain data, by "language|kind|form": loaded from and
        #: saved to the forms cache by the caller; grows as forms are compiled.
        self.compiled = compiled if compiled is not None else {}
        self.compiled_new = 0
        # A trie over folded words: each node maps a word to the next node; "" holds
        # the rows whose name ends there, with the name's words as written.
        self._trie: dict[str, Any] = {}
        for term in glossary.terms:
            for name in term.english:
                words = tuple(token.text for token in tokenize(name))
                if not words:
                    continue
                node = self._trie
                for word in words:
                    node = node.setdefault(fold(word), {})
                node.setdefault("", []).append((term, words))
        self._targets: dict[tuple[int, str, str], TargetForms] = {}
        # Most units hold no name: one C-level scan for any name's first word decides.
        first_words = sorted({word for word in self._trie}, key=len, reverse=True)
        self._first = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(map(re.escape, first_words)) + r")(?!\w)", re.IGNORECASE
            )
            if first_words
            else None
        )

    def find(self, text: str, *, date: dt.date | None = None) -> list[Found]:
        if self._first is None or not self._first.search(text):
            return []
        text = plain(text)
        words = WORD_RE.findall(text)
        folded = [fold(word) for word in words]
        trie = self._trie
        found: list[Found] = []
        position = 0
        while position < len(words):
            match = (
                self._match_at(words, folded, position, date) if folded[position] in trie else None
            )
            if match is None:
                position += 1
                continue
            term, size = match
            found.append(Found(term, " ".join(words[position : position + size])))
            position += size
        return found

    def rendering(self, text: str, language: str, *, date: dt.date | None = None) -> str | None:
        """The approved ``language`` form of the first name in ``text`` that has one
        (a dateline's city: ``ASTANA`` -> ``Астана``)."""
        for found in self.find(text, date=date):
            form = found.term.forms.get(language)
            if form is not None:
                return form.approved
        return None

    def _match_at(
        self, words: Sequence[str], folded: Sequence[str], position: int, date: dt.date | None
    ) -> tuple[Term, int] | None:
        node = self._trie.get(folded[position])
        best: tuple[Term, int] | None = None
        size = 1
        while node is not None:
            for term, name in node.get("", ()):
                if term.applies(date) and all(
                    _same_english(words[position + i], word) for i, word in enumerate(name)
                ):
                    best = (term, size)
                    break
            if position + size >= len(words):
                break
            node = node.get(folded[position + size])
            size += 1
        return best

    def target(self, term: Term, language: str) -> TargetForms | None:
        """How ``term`` may appear in ``language`` (None: the glossary has no form)."""
        form = term.forms.get(language)
        if form is None:
            return None
        key = (id(term), language, form.approved)
        if key not in self._targets:
            self._targets[key] = TargetForms(term, language, self._matcher)
        return self._targets[key]

    def _matcher(self, text: str, language: str, kind: str) -> PhraseMatcher:
        key = f"{language}|{kind}|{text}"
        data = self.compiled.get(key)
        if data is not None:
            return PhraseMatcher.from_data(data)
        matcher = PhraseMatcher(text, language=language, kind=kind)
        self.compiled[key] = matcher.to_data()
        self.compiled_new += 1
        return matcher

    def compile_all(self, languages: Sequence[str]) -> None:
        """Compile every row's forms now (before forking workers that share them)."""
        for term in self.glossary.terms:
            for language in languages:
                self.target(term, language)


#: Latin letters that look like Cyrillic ones: a misspelling typed with them is still
#: recognised as the name it imitates (and reported).
_LOOK_ALIKES = str.maketrans("AaBEeKMHOoPpCcTyXxi", "АаВЕеКМНОоРрСсТуХхі")


def _likeness(
    candidate: str, target: str, matcher: difflib.SequenceMatcher[str], *, floor: float
) -> float:
    """Similarity of ``candidate`` to ``target`` (whose matcher is given, for speed)."""
    candidate = fold(candidate.translate(_LOOK_ALIKES))
    matcher.set_seq1(candidate)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    prefix = next(
        (i for i, (a, b) in enumerate(zip(candidate, target, strict=False)) if a != b),
        min(len(candidate), len(target)),
    )
    return matcher.ratio() + 0.05 * min(prefix, 4)


def _same_english(candidate: str, word: str) -> bool:
    if candidate == word:
        return True
    return candidate.isupper() and len(candidate) > 1 and candidate.lower() == word.lower()


class TargetForms:
    """A row's approved form, accepted variants and forbidden variants in one language."""

    def __init__(
        self,
        term: Term,
        language: str,
        compile: Callable[[str, str, str], PhraseMatcher] | None = None,
    ) -> None:
        form = term.forms[language]
        self.form = form
        make = compile or (lambda text, lang, kind: PhraseMatcher(text, language=lang, kind=kind))
        self.accepted = [
            make(text, language, term.kind) for text in (form.approved, *form.variants)
        ]
        self.forbidden = [make(text, language, term.kind) for text in form.forbidden]

    def locate(self, words: Words, taken: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
        """Where an accepted form first occurs (character offsets), outside ``taken``."""
        for matcher in self.accepted:
            for start, end in matcher.spans_in(words):
                if not any(start < t_end and t_start < end for t_start, t_end in taken):
                    return start, end
        return None

    def forbidden_found(self, words: Words) -> list[str]:
        hits = [
            words.text[start:end]
            for matcher in self.forbidden
            for start, end in matcher.spans_in(words)
        ]
        return list(dict.fromkeys(hits))

    def closest(self, words: Words, taken: Sequence[tuple[int, int]] = ()) -> str | None:
        """The words most like the approved form (a misspelling), if any, outside
        ``taken``. Only runs of words not broken by punctuation are considered."""
        size = len(self.accepted[0].words)
        target = fold(" ".join(self.accepted[0].words))
        matcher = difflib.SequenceMatcher(None, b=target, autojunk=False)
        text, tokens = words.text, words.tokens
        best, best_score = None, 0.0
        for start in range(len(tokens) - size + 1):
            window = tokens[start : start + size]
            first, last = window[0].start, window[-1].end
            if any(first < t_end and t_start < last for t_start, t_end in taken):
                continue
            gaps = (text[a.end : b.start] for a, b in itertools.pairwise(window))
            if any(gap.strip() for gap in gaps):
                continue
            candidate = text[first:last]
            score = _likeness(candidate, target, matcher, floor=max(best_score, _NEAR) - 0.2)
            if score > best_score:
                best, best_score = candidate, score
        return best if best_score >= _NEAR else None


#: How alike (difflib ratio, plus a little for a shared beginning) a run of words must
#: be to an approved form to be reported as a misspelling of it.
_NEAR = 0.65
