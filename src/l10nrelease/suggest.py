"""Names in the sources that the glossary does not have yet, and how they were rendered.

A capitalised run of words (``Ministry of Foreign Affairs``, ``Dalhousie University``)
that no glossary name covers is a candidate. For each, the translations of the
units it occurs in are searched for the capitalised words they have in common: a
name rendered two different ways is the first thing to add to the glossary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .markup import plain
from .model import Release
from .morphology import fold
from .names import NameFinder

_CONNECTORS = {"of", "the", "for", "and", "in", "on", "de", "du", "la", "von", "van", "al"}
_CANDIDATE = re.compile(
    r"\b[A-Z][\w’'-]*(?:\s+(?:(?:of|the|for|and|in|on|de|du|la|von|van|al)\s+)*[A-Z][\w’'-]*)*"
)
_CYRILLIC_NAME = re.compile(r"\b[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*(?:\s+[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*)*")
#: Capitalised only because they start a sentence, or too common to be names.
_STOP = {"The", "A", "An", "On", "In", "At", "As", "Also", "It", "This", "These", "He",
         "She", "They", "We", "Our", "Its", "Their", "For", "By", "With", "From", "And",
         "But", "Experts", "Participants", "Ambassador", "Deputy", "Head", "Director", "Mr",
         "Ms", "Mrs", "Dr", "President", "Minister", "Department", "January", "February",
         "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
         "Saturday", "Sunday"}


@dataclass
class Suggestion:
    name: str
    count: int
    #: language -> rendering -> in how many of the name's translated units it occurs
    renderings: dict[str, Counter[str]] = field(default_factory=dict)
    #: language -> how many of the name's units are translated
    translated: dict[str, int] = field(default_factory=dict)

    def rendered_two_ways(self, language: str) -> bool:
        """Two different renderings, each in some unit the other is missing from."""
        units = self.translated.get(language, 0)
        top = [text for text, n in self.renderings.get(language, Counter()).most_common(2)]
        if units < 2 or len(top) < 2:
            return False
        first, second = (self.renderings[language][t] for t in top)
        return first < units and second >= 1 and fold(top[0])[:4] != fold(top[1])[:4]


def candidates(text: str, finder: NameFinder) -> list[str]:
    """Capitalised names in ``text`` that no glossary name covers.

    A single word at the start of a sentence is left out: it is capitalised anyway.
    """
    text = plain(text)
    covered = [found.text for found in finder.find(text)]
    names = []
    for match in _CANDIDATE.finditer(text):
        words = match.group(0).split()
        sentence_start = not text[: match.start()].strip() or text[: match.start()].rstrip()[
            -1
        ] in ".!?:“\"«"
        while words and (words[0] in _STOP or words[0].lower() in _CONNECTORS):
            words = words[1:]
            sentence_start = False
        while words and words[-1].lower() in _CONNECTORS:
            words = words[:-1]
        name = re.sub(r"[’']s$", "", " ".join(words))
        if not name or (name.isupper() and len(name) > 3 and " " not in name):
            continue  # ASTANA in a dateline
        if len(words) == 1 and (sentence_start or name in _STOP or len(name) < 3):
            continue
        if any(name in found or found in name for found in covered):
            continue
        names.append(name)
    return names


def suggest(
    releases: Sequence[Release],
    translations: Mapping[str, Mapping[str, Mapping[str, str]]],
    finder: NameFinder,
    *,
    minimum: int = 1,
) -> list[Suggestion]:
    """Candidates over all releases, most frequent first.

    ``translations[language][slug][msgid]`` is the reviewed translation of a unit.
    """
    found: dict[str, Suggestion] = {}
    contexts: dict[str, list[tuple[str, str]]] = {}
    for release in releases:
        for unit in release.units():
            for name in candidates(unit.text, finder):
                suggestion = found.setdefault(name, Suggestion(name, 0))
                suggestion.count += 1
                contexts.setdefault(name, []).append((release.slug, unit.text))
    for name, suggestion in found.items():
        for language, by_slug in translations.items():
            counter: Counter[str] = Counter()
            translated = 0
            for slug, msgid in contexts[name]:
                target = by_slug.get(slug, {}).get(msgid)
                if target:
                    translated += 1
                    counter.update(set(_cyrillic_names(_mask_known(msgid, target, finder,
                                                                   language))))
            suggestion.renderings[language] = counter
            suggestion.translated[language] = translated
    ranked = sorted(found.values(), key=lambda s: (-s.count, s.name))
    return [s for s in ranked if s.count >= minimum]


def _mask_known(source: str, target: str, finder: NameFinder, language: str) -> str:
    """The translation with the glossary's names blanked out: what is left is unknown."""
    for found in finder.find(source):
        forms = finder.target(found.term, language)
        span = forms.locate(target) if forms else None
        if span:
            target = target[: span[0]] + " " * (span[1] - span[0]) + target[span[1] :]
    return target


def _cyrillic_names(text: str) -> Iterable[str]:
    for match in _CYRILLIC_NAME.finditer(plain(text)):
        start = match.start()
        before = text[:start].rstrip()
        if not before or before[-1] in ".!?«„\"“":
            # Capitalised because it starts a sentence or a quotation: keep only if
            # more than one word (a multi-word name).
            if " " not in match.group(0):
                continue
        yield match.group(0)
