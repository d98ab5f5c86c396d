"""Names in the sources that the glossary does not have yet, and how they were rendered.

A capitalised run of words (``Ministry of Foreign Affairs``, ``Dalhousie University``)
that no glossary name covers is a candidate. For each, the translations of the
units it occurs in are searched for the capitalised words they have in common: a
name rendered two different ways is the first thing to add to the glossary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .markup import plain
from .model import Release
from .morphology import Words, fold
from .names import NameFinder

_CONNECTORS = {"of", "the", "for", "and", "in", "on", "de", "du", "la", "von", "van", "al"}
_CANDIDATE = re.compile(
    r"\b[A-Z][\w’'-]*(?:\s+(?:(?:of|the|for|and|in|on|de|du|la|von|van|al)\s+)*[A-Z][\w’'-]*)*"
)
_CYRILLIC_NAME = re.compile(r"\b[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*(?:\s+[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*)*")
#: Capitalised only because they start a sentence, or too common to be names.
_STOP = {
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "As",
    "Also",
    "It",
    "This",
    "These",
    "He",
    "She",
    "They",
    "We",
    "Our",
    "Its",
    "Their",
    "For",
    "By",
    "With",
    "From",
    "And",
    "But",
    "Experts",
    "Participants",
    "Ambassador",
    "Deputy",
    "Head",
    "Director",
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "President",
    "Minister",
    "Department",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}


@dataclass
class Suggestion:
    name: str
    count: int
    #: language -> rendering -> in how many of the name's translated units it occurs
    renderings: dict[str, Counter[str]] = field(default_factory=dict)
    #: language -> renderings seen inside a sentence at least once (not just capitalised
    #: because they open one)
    inside: dict[str, set[str]] = field(default_factory=dict)
    #: language -> how many of the name's units are translated
    translated: dict[str, int] = field(default_factory=dict)

    def ranked(self, language: str) -> list[tuple[str, int]]:
        """Plausible renderings, most frequent first; a word that only ever opened a
        sentence counts only if it recurs."""
        counter = self.renderings.get(language, Counter())
        inside = self.inside.get(language, set())
        plausible = [(t, n) for t, n in counter.items() if n >= 2 or t in inside]
        return sorted(plausible, key=lambda item: (-item[1], item[0] not in inside, item[0]))

    def rendered_two_ways(self, language: str) -> bool:
        """Two different renderings, the first missing from some unit."""
        top = self.ranked(language)[:2]
        if self.translated.get(language, 0) < 2 or len(top) < 2:
            return False
        (first, count), (second, _) = top
        return count < self.translated[language] and fold(first)[:4] != fold(second)[:4]


def _runs(text: str, finder: NameFinder) -> list[tuple[str, bool]]:
    """Capitalised runs of words no glossary name covers, and whether each opens a sentence."""
    text = plain(text)
    covered = [found.text for found in finder.find(text)]
    runs = []
    for match in _CANDIDATE.finditer(text):
        before = text[: match.start()].rstrip()
        sentence_start = not before or before[-1] in '.!?:“"«'
        words = match.group(0).split()
        while words and (words[0] in _STOP or words[0].lower() in _CONNECTORS):
            words = words[1:]
            sentence_start = False
        while words and words[-1].lower() in _CONNECTORS:
            words = words[:-1]
        name = re.sub(r"[’']s$", "", " ".join(words))
        if not name or (name.isupper() and len(name) > 3 and " " not in name):
            continue  # ASTANA in a dateline
        if any(name in found or found in name for found in covered):
            continue
        runs.append((name, sentence_start))
    return runs


def _resolve(name: str, sentence_start: bool, known: set[str]) -> str | None:
    """A run as a candidate name: a run that opens a sentence may start with a word
    that is capitalised only for that reason ("Officials of the Ministry of …")."""
    if not sentence_start:
        return name
    words = name.split()
    for start in range(len(words)):
        tail = " ".join(words[start:])
        if tail in known and words[start].lower() not in _CONNECTORS:
            return tail
    if len(words) == 1 or words[0] in _STOP:
        return None
    return name


def suggest(
    releases: Sequence[Release],
    translations: Mapping[str, Mapping[str, Mapping[str, str]]],
    finder: NameFinder,
    *,
    minimum: int = 1,
) -> list[Suggestion]:
    """Candidates over all releases, most frequent first.

    ``translations[language][slug][msgid]`` is the reviewed translation of a unit.
    Names are first collected where they stand inside a sentence (reliably
    capitalised as names), then counted wherever they occur.
    """
    units = [(release.slug, unit.text) for release in releases for unit in release.units()]
    runs = [(slug, text, _runs(text, finder)) for slug, text in units]
    known = {name for _, _, found in runs for name, start in found if not start}
    found: dict[str, Suggestion] = {}
    contexts: dict[str, list[tuple[str, str]]] = {}
    for slug, text, unit_runs in runs:
        for name, sentence_start in unit_runs:
            resolved = _resolve(name, sentence_start, known)
            if resolved is None:
                continue
            found.setdefault(resolved, Suggestion(resolved, 0)).count += 1
            contexts.setdefault(resolved, []).append((slug, text))
    for name, suggestion in found.items():
        for language, by_slug in translations.items():
            counter: Counter[str] = Counter()
            inside: set[str] = set()
            translated = 0
            for slug, msgid in dict.fromkeys(contexts[name]):
                target = by_slug.get(slug, {}).get(msgid)
                if not target:
                    continue
                translated += 1
                seen = _cyrillic_names(_mask_known(msgid, target, finder, language))
                counter.update({text for text, _ in seen})
                inside |= {text for text, opening in seen if not opening}
            suggestion.renderings[language] = counter
            suggestion.inside[language] = inside
            suggestion.translated[language] = translated
    ranked = sorted(found.values(), key=lambda s: (-s.count, s.name))
    return [s for s in ranked if s.count >= minimum]


def _mask_known(source: str, target: str, finder: NameFinder, language: str) -> str:
    """The translation with the glossary's names blanked out: what is left is unknown."""
    for found in finder.find(source):
        forms = finder.target(found.term, language)
        span = forms.locate(Words(target)) if forms else None
        if span:
            target = target[: span[0]] + " " * (span[1] - span[0]) + target[span[1] :]
    return target


def _cyrillic_names(text: str) -> list[tuple[str, bool]]:
    """Capitalised Cyrillic runs (the renderings a name may have been given), each with
    whether it opens a sentence (and may be capitalised only for that reason)."""
    text = plain(text)
    found = []
    for match in _CYRILLIC_NAME.finditer(text):
        if len(match.group(0)) < 2:  # «В», «О» opening a sentence
            continue
        before = text[: match.start()].rstrip()
        opening = not before or before[-1] in '.!?:«„"“—–'
        found.append((match.group(0), opening))
    return found
