"""``glossary suggest``: the names in the sources that the glossary lacks, how the
reviewed translations render each, and glossary rows for them.

The names are ``candidates.proper_names`` (titles, offices, coordinations and datelines
read apart), their renderings ``renderings.learn`` (transliterations aligned word by
word, translated names by the phrase their units share, grouped through each
language's lemmas): the same reading the consistency check makes. A name matters more
the more units hold it, and more again when a language renders it two ways; each
becomes a row with status ``proposed``, its forms guessed from the renderings
(``morphology.glossary_form``) and a note that says they are not confirmed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Term, TermForm
from .morphology import glossary_form, kind_of
from .names import NameFinder
from .renderings import Learned, Unit, learn


@dataclass(frozen=True)
class Suggestion:
    """A name the glossary lacks, where it occurs and how it is rendered."""

    learned: Learned

    @property
    def name(self) -> str:
        return self.learned.name

    @property
    def count(self) -> int:
        """How many units hold the name."""
        return len(self.learned.units)

    @property
    def kind(self) -> str:
        """The kind the English tells (a title before a person, an institution's word),
        else what a language's dictionary reads the rendering as, else "other"."""
        if self.learned.kind:
            return self.learned.kind
        for language, renderings in self.learned.renderings.items():
            if renderings:
                read = kind_of(renderings[0].text, language=language)
                if read is not None:
                    return read
        return "other"

    @property
    def languages(self) -> list[str]:
        return list(self.learned.renderings)

    def ranked(self, language: str) -> list[tuple[str, int]]:
        """Each rendering (its most written form) and how many units use it."""
        return [(r.text, r.count) for r in self.learned.renderings.get(language, [])]

    def rendered_two_ways(self, language: str) -> bool:
        return self.learned.rendered_two_ways(language)

    @property
    def weight(self) -> int:
        """How much adding the name matters: its units, doubled for each language that
        renders it two ways."""
        split = sum(self.rendered_two_ways(language) for language in self.languages)
        return self.count * (1 + split)

    def term(self) -> Term:
        """The glossary row to propose: forms guessed from the most used rendering, and
        a note saying what was seen and that nothing is confirmed."""
        forms = {}
        seen = []
        for language, renderings in self.learned.renderings.items():
            if not renderings:
                continue
            top = renderings[0]
            written = [form for form, _ in top.forms.most_common()]
            if not self.name.isupper():
                # A dateline's ПАВЛОДАР is the city Павлодар.
                written = [w.title() if w.isupper() and len(w) > 4 else w for w in written]
            forms[language] = TermForm(
                glossary_form(written, language=language, kind=self.kind), status="proposed"
            )
            shown = ", ".join(f"{r.text} ×{r.count}" for r in renderings[:3])
            seen.append(f"{language} seen as {shown}")
        note = f"proposed by glossary suggest from {self.count} unit(s)"
        if seen:
            note += "; " + "; ".join(seen)
        note += "; not confirmed: check each form before approving"
        return Term(english=(self.name,), kind=self.kind, status="proposed", forms=forms, note=note)


def suggest(
    english: Sequence[Unit],
    translated: Mapping[str, Sequence[Unit]],
    finder: NameFinder | None,
    *,
    minimum: int = 1,
) -> list[Suggestion]:
    """Every name of ``english`` (the releases' units) that no glossary row covers,
    with its renderings in ``translated`` (each language's reviewed units), the names
    that matter most first."""
    learned = learn(translated, finder, english=english)
    found = [Suggestion(item) for item in learned if len(item.units) >= minimum]
    return sorted(found, key=lambda s: (-s.weight, -s.count, s.name))
