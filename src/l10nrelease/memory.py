"""Translation memory: reviewed translations of earlier releases, looked up by sentence.

Lookup order: an in-context exact match (same sentence, same neighbours), an exact
match, then the most similar sentence at or above a threshold. Fuzzy lookup goes
through an index of words to a few candidates, scored with rapidfuzz, so it stays
fast for a memory of 100,000 units; it never scans every unit.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

_WORD = re.compile(r"\w+")
#: Candidates scored per fuzzy lookup, taken by the number of words they share.
CANDIDATES = 40


@dataclass(frozen=True, slots=True)
class MemoryUnit:
    source: str
    target: str
    origin: str  # the release slug or TMX file it came from
    previous: str = ""
    next: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    kind: str  # "in-context", "exact" or "fuzzy"
    score: float  # 0-100
    unit: MemoryUnit


class Memory:
    """The reviewed translations of one target language."""

    def __init__(self, units: Iterable[MemoryUnit]) -> None:
        self.units: list[MemoryUnit] = []
        self._exact: dict[str, list[int]] = {}
        self._index: dict[str, list[int]] = {}
        for unit in units:
            number = len(self.units)
            self.units.append(unit)
            self._exact.setdefault(unit.source, []).append(number)
            for word in set(_words(unit.source)):
                self._index.setdefault(word, []).append(number)
        # A word in more than a tenth of the units (the, of, and) tells nothing.
        self._common = max(50, len(self.units) // 10)

    def __len__(self) -> int:
        return len(self.units)

    def lookup(
        self, text: str, *, previous: str = "", next: str = "", threshold: float = 75.0
    ) -> Match | None:
        exact = self._exact.get(text)
        if exact:
            for number in exact:
                unit = self.units[number]
                if unit.previous == previous and unit.next == next:
                    return Match("in-context", 100.0, unit)
            return Match("exact", 100.0, self.units[exact[-1]])
        shared: Counter[int] = Counter()
        postings = [self._index[word] for word in set(_words(text)) if word in self._index]
        rare = [p for p in postings if len(p) <= self._common]
        # Every word common (a short sentence of everyday words): use the two rarest.
        for posting in rare or sorted(postings, key=len)[:2]:
            shared.update(posting)
        best: Match | None = None
        for number, _count in shared.most_common(CANDIDATES):
            unit = self.units[number]
            score = fuzz.ratio(text, unit.source)
            if score >= threshold and (best is None or score > best.score):
                best = Match("fuzzy", round(score, 1), unit)
        return best


def _words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def units_from_entries(entries: Sequence[tuple[str, str, bool]], origin: str) -> list[MemoryUnit]:
    """Memory units from a catalog's active entries in order: (msgid, msgstr, reviewed)."""
    units = []
    for index, (source, target, reviewed) in enumerate(entries):
        if not reviewed or not target:
            continue
        previous = entries[index - 1][0] if index else ""
        following = entries[index + 1][0] if index + 1 < len(entries) else ""
        units.append(MemoryUnit(source, target, origin, previous, following))
    return units
