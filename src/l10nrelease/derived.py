"""A target language's page plan -> the plan of a page language derived from it
(``kk-Latn`` from ``kk``): the same decision, with each text the page shows written in
the other script, the glossary's own spellings winning over the letter-by-letter rule.

What is converted is what the translator wrote: the plan's choices (unit translations,
the localized dateline, the title and description). Units the page shows in the source
language are not in the choices, so an English fallback stays English; addresses,
placeholders and numbers pass through (``translit.Transliterator``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .model import Glossary
from .morphology import PhraseMatcher
from .morphology.base import Words, fold, tokenize
from .publish import PagePlan
from .translit import Transliterator, kept_spans


@dataclass(frozen=True)
class Spelling:
    """A name's form in the base language and its own spelling in the derived one."""

    form: str  # Тоқаев (the glossary's approved form, in the nominative)
    spelled: str  # Tokayev
    kind: str = "person"


class Converter:
    """Text of the base language -> text of the derived language: a transliteration
    table, with glossary names written as the glossary spells them, their case endings
    transliterated (``Тоқаевтың`` -> ``Tokayevtyñ``)."""

    def __init__(
        self, transliterator: Transliterator, spellings: Sequence[Spelling] = (), *, base: str
    ) -> None:
        self.transliterator = transliterator
        self.spellings = tuple(spellings)
        self._matchers = [
            (spelling, PhraseMatcher(spelling.form, language=base, kind=spelling.kind))
            for spelling in self.spellings
        ]

    @classmethod
    def of(
        cls,
        table: str,
        *,
        letters: Mapping[str, str] | None = None,
        glossary: Glossary | None = None,
        base: str,
        language: str,
    ) -> Converter:
        """The converter of a derived language: ``table`` with the project's
        ``letters``, and the ``language`` column of the glossary."""
        found = spellings(glossary, base=base, language=language) if glossary else []
        return cls(Transliterator.named(table, letters), found, base=base)

    def __call__(self, text: str) -> str:
        if not self._matchers or not text:
            return self.transliterator.text(text)
        names = self._names(text)
        out, position = [], 0
        for start, end, written in names:
            out += [self.transliterator.text(text[position:start]), written]
            position = end
        out.append(self.transliterator.text(text[position:]))
        return "".join(out)

    def _names(self, text: str) -> list[tuple[int, int, str]]:
        """Each glossary name in ``text`` (not inside an address), longest first where
        two overlap, with its derived spelling."""
        kept = kept_spans(text)
        words = Words(text)
        found = []
        for spelling, matcher in self._matchers:
            for start, end in matcher.spans_in(words):
                if any(a < end and start < b for a, b in kept):
                    continue
                written = respell(text[start:end], spelling, self.transliterator)
                if written is not None:
                    found.append((start, end, written))
        found.sort(key=lambda item: (item[0], item[0] - item[1]))
        chosen: list[tuple[int, int, str]] = []
        for item in found:
            if not chosen or item[0] >= chosen[-1][1]:
                chosen.append(item)
        return chosen


def spellings(glossary: Glossary, *, base: str, language: str) -> list[Spelling]:
    """The glossary's spellings in ``language`` of names it has a ``base`` form for; a
    person's surname also alone (``Тоқаев`` -> ``Tokayev`` from the row of
    ``Қасым-Жомарт Тоқаев``), where the two forms have as many words."""
    found: dict[str, Spelling] = {}
    for term in glossary.terms:
        spelled = term.spellings.get(language)
        form = term.forms.get(base)
        if not spelled or form is None:
            continue
        found.setdefault(form.approved, Spelling(form.approved, spelled, term.kind))
        words, latin = form.approved.split(), spelled.split()
        if term.kind == "person" and len(words) > 1 and len(words) == len(latin):
            found.setdefault(words[-1], Spelling(words[-1], latin[-1], term.kind))
    return list(found.values())


def respell(matched: str, spelling: Spelling, transliterator: Transliterator) -> str | None:
    """A name as a translation writes it (``Тоқаевтың``, ``ТОҚАЕВҚА``) in the derived
    language: each word of the glossary's form replaced by the spelling's word, the
    ending it takes transliterated; None where a word's stem changed (a voiced final
    consonant: орталық -> орталығы), which the table then writes letter by letter."""
    tokens = tokenize(matched)
    stems = [token.folded for token in tokenize(spelling.form)]
    latin = spelling.spelled.split()
    if len(tokens) != len(stems):
        return None
    endings = []
    for token, stem in zip(tokens, stems, strict=True):
        if not token.folded.startswith(fold(stem)):
            return None
        endings.append(token.text[len(stem) :])
    if len(latin) != len(stems):
        if any(endings[:-1]):
            return None  # an inflected first word, and no word of the spelling for it
        first, last = tokens[0], tokens[-1]
        stem_text = matched[first.start : last.end - len(endings[-1])]
        return (
            matched[: first.start]
            + _cased(spelling.spelled, stem_text)
            + transliterator.text(endings[-1])
            + matched[last.end :]
        )
    out, position = [], 0
    for token, word, ending in zip(tokens, latin, endings, strict=True):
        stem_text = token.text[: len(token.text) - len(ending)]
        out += [matched[position : token.start], _cased(word, stem_text)]
        out.append(transliterator.text(ending))
        position = token.end
    out.append(matched[position:])
    return "".join(out)


def _cased(spelled: str, written: str) -> str:
    """The spelling in the case of the words it replaces: in capitals where they are."""
    letters = [c for c in written if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return spelled.upper()
    return spelled


def derive_plan(plan: PagePlan, language: str, convert: Converter) -> PagePlan:
    """The page of ``language`` made from ``plan``: published exactly when it is, for
    the same reason, each shown text converted. Its refusals stay the base page's
    (reported once, with the base language's PO file)."""
    return replace(
        plan,
        language=language,
        choices={key: convert(text) for key, text in plan.choices.items()},
        refusals=(),
    )
