"""How the names a glossary lacks are rendered across a project's translations.

``learn`` reads every reviewed unit: each English proper name (``candidates``) that no
glossary row covers is aligned to the words of the unit's translation that render it,
and the renderings of one name are grouped through the language's matcher, so that
``Кавано`` and ``Кавано`` in any case are one rendering and ``Каванауг`` another.

Two kinds of alignment:

- a name rendered by transliteration (a person, a single-word place, most foreign
  names) is aligned word by word: the translation's capitalised word that reads like
  the English one (``Каванауг`` for Kavanaugh, case ending aside);
- any other name (``Ministry of National Economy``) by what its units have in common:
  the capitalised run of words that occurs in most of them.

``inconsistencies`` reports a transliterated name rendered two ways or more as a
warning on each unit that does not use the most frequent rendering: Xbench's
"inconsistency in target", made inflection-aware. ``glossary suggest`` shows the same
renderings.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .candidates import CONNECTORS, GENERIC, INSTITUTIONS, TITLES, Candidate, proper_names
from .markup import plain
from .model import Finding
from .morphology import PhraseMatcher, Token, Words, fold, lemmas
from .names import NameFinder, transliterates

RULE = "consistency"


@dataclass(frozen=True, slots=True)
class Unit:
    """A reviewed unit: where it is, its English and its translation."""

    path: str
    line: int
    source: str
    translation: str


@dataclass
class Rendering:
    """One way a name is rendered: its forms as written, and the units using it."""

    forms: Counter[str] = field(default_factory=Counter)
    units: list[Unit] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The form written most often (the first seen of equals)."""
        return self.forms.most_common(1)[0][0]

    @property
    def count(self) -> int:
        return len(self.units)


@dataclass
class Learned:
    """A name the glossary lacks, where it occurs, and how each language renders it."""

    name: str
    kind: str
    units: list[Unit] = field(default_factory=list)
    #: language -> renderings, most used first
    renderings: dict[str, list[Rendering]] = field(default_factory=dict)
    #: whether the renderings were aligned word by word (transliterated names)
    transliterated: bool = False

    def rendered_two_ways(self, language: str) -> bool:
        return self.transliterated and len(self.renderings.get(language, [])) >= 2


def english_names(
    units: Iterable[Unit], finder: NameFinder | None
) -> dict[str, tuple[str, list[Unit]]]:
    """The proper names of the units' English that no glossary row covers, each with
    its kind and the units it occurs in. A single word that opens a sentence counts
    only where it also stands inside one somewhere (``Factors leading …`` is no name)."""
    found: list[tuple[Unit, Candidate]] = []
    for unit in units:
        source = plain(unit.source)
        covered = [(f.start, f.end) for f in finder.find(source)] if finder is not None else []
        for candidate in proper_names(source):
            if any(start <= candidate.start and candidate.end <= end for start, end in covered):
                continue  # the glossary has it (or a name around it)
            found.append((unit, candidate))
    inside = {c.text for _, c in found if not c.opens_sentence}
    # A surname alone (Kavanaugh) is the person named in full elsewhere (Brett Kavanaugh).
    persons = {c.text.split()[-1]: c.text for _, c in found if c.kind == "person" and " " in c.text}
    by_name: dict[str, tuple[str, list[Unit]]] = {}
    for unit, candidate in found:
        name, kind = candidate.text, candidate.kind
        if name in persons:
            name, kind = persons[name], "person"
        elif candidate.opens_sentence and " " not in name and name not in inside:
            continue
        known_kind, where = by_name.get(name, (kind, []))
        by_name[name] = (known_kind or kind, where)
        if unit not in where:
            where.append(unit)
    return by_name


def learn(
    units: Sequence[Unit], languages: Sequence[str], finder: NameFinder | None
) -> list[Learned]:
    """Every name the glossary lacks with its renderings, most frequent name first."""
    learned = []
    for name, (kind, occurrences) in english_names(units, finder).items():
        item = Learned(name, kind, occurrences, transliterated=_transliterated(name, kind))
        for language in languages:
            item.renderings[language] = _renderings(item, language, finder)
        learned.append(item)
    learned.sort(key=lambda item: (-len(item.units), item.name))
    return learned


def _transliterated(name: str, kind: str) -> bool:
    """Whether a name is rendered letter by letter: a person, or a name of proper words
    only (no ``Ministry``, ``Bank``, ``Women``: those are translated)."""
    if kind == "person":
        return True
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", name) if w.lower() not in CONNECTORS]
    return bool(words) and all(
        w.lower() not in GENERIC | INSTITUTIONS | TITLES and not w.isupper() for w in words
    )


def _renderings(item: Learned, language: str, finder: NameFinder | None) -> list[Rendering]:
    if not item.transliterated:
        return _group(_common_runs(item, language, finder), language, item.kind)
    spans = []
    for unit in item.units:
        found = align(item.name, plain(unit.translation), language)
        if found is not None and item.kind == "person":
            found = found.split()[-1]  # a person is told by the surname (Бретт Кавано, Кавано)
        if found is not None:
            spans.append((unit, found))
    return _group(spans, language, item.kind)


def align(name: str, translation: str, language: str) -> str | None:
    """The words of ``translation`` that render ``name`` letter by letter, as written
    there: each of the name's words read in a capitalised word of the translation,
    case endings aside (``Каванауга`` for Kavanaugh), the words side by side. A person
    may be named by the surname alone."""
    english = [w for w in re.findall(r"[^\W\d_][\w’'-]*", name) if w.lower() not in CONNECTORS]
    tokens = [t for t in Words(translation).tokens if t.text[:1].isupper()]
    if not english or not tokens:
        return None
    picked: list[Token | None] = []
    for word in english:
        best = max(tokens, key=lambda t: _score(t.folded, word, language), default=None)
        if best is None or _score(best.folded, word, language) < _ALIGN:
            picked.append(None)
        else:
            picked.append(best)
    if picked[-1] is None:
        return None
    last = picked[-1]
    chosen = [t for t in picked if t is not None]
    if len(chosen) < len(picked):
        chosen = [last]  # the surname alone
    chosen.sort(key=lambda t: t.start)
    for left, right in itertools.pairwise(chosen):
        if translation[left.end : right.start].strip(" -‐‑"):
            return translation[chosen[-1].start : chosen[-1].end]
    return translation[chosen[0].start : chosen[-1].end]


#: How alike (0–100) a Cyrillic word and an English one must read to be aligned.
_ALIGN = 72


def _score(folded: str, word: str, language: str) -> float:
    """How well a folded Cyrillic word reads like an English word, taken back to its
    dictionary form first (Каванауга -> каванауг; Еуропадан -> еуропа), so that a
    case ending or a derived word's suffix does not count."""
    return max(transliterates(lemma, word) for lemma in _lemmas(folded, language))


@lru_cache(maxsize=65536)
def _lemmas(folded: str, language: str) -> frozenset[str]:
    return frozenset(lemmas(folded, language=language))


def _common_runs(item: Learned, language: str, finder: NameFinder | None) -> list[tuple[Unit, str]]:
    """For a translated name: in each unit, the capitalised Cyrillic run that most of
    the name's units share (by its first word's first four letters), outside the
    glossary's own names."""
    runs: list[tuple[Unit, list[str]]] = []
    for unit in item.units:
        text = _without_glossary_names(unit, language, finder)
        runs.append((unit, _cyrillic_runs(text)))
    shared: Counter[str] = Counter()
    for _unit, found in runs:
        shared.update({fold(run)[:4] for run in found})
    if not shared:
        return []
    key, count = shared.most_common(1)[0]
    if count < max(2, (len(item.units) + 1) // 2):
        return []
    return [
        (unit, next(run for run in found if fold(run)[:4] == key))
        for unit, found in runs
        if any(fold(run)[:4] == key for run in found)
    ]


def _without_glossary_names(unit: Unit, language: str, finder: NameFinder | None) -> str:
    text = plain(unit.translation)
    if finder is None:
        return text
    for found in finder.find(unit.source):
        forms = finder.target(found.term, language)
        span = forms.locate(Words(text)) if forms else None
        if span:
            text = text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]
    return text


_OPENS = re.compile(r"(?:^|[.!?:«„\"“—–]\s*)$")


def _cyrillic_runs(text: str) -> list[str]:
    """Capitalised Cyrillic runs not at a sentence's start."""
    return [
        m.group(0)
        for m in re.finditer(r"[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*(?:\s+[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]*)*", text)
        if len(m.group(0)) > 1 and not _OPENS.search(text[: m.start()])
    ]


def _group(spans: Sequence[tuple[Unit, str]], language: str, kind: str) -> list[Rendering]:
    """Renderings that are forms of one another (the language's matcher accepts one as
    the other) go together; most used first."""
    groups: list[Rendering] = []
    order = Counter(text for _, text in spans)
    for unit, text in sorted(spans, key=lambda pair: -order[pair[1]]):
        group = next((g for g in groups if _same(g.text, text, language, kind)), None)
        if group is None:
            group = Rendering()
            groups.append(group)
        group.forms[text] += 1
        if unit not in group.units:
            group.units.append(unit)
    groups.sort(key=lambda g: -g.count)
    return groups


def _same(first: str, second: str, language: str, kind: str) -> bool:
    """Whether two renderings are forms of one name: word by word, their dictionary
    forms meet (Европы, Европе; Еуропаның, Еуропалық), or the matcher accepts one as
    the other."""
    if fold(first) == fold(second):
        return True
    one, other = fold(first).split(), fold(second).split()
    if len(one) == len(other) and all(
        _lemmas(a, language) & _lemmas(b, language) for a, b in zip(one, other, strict=True)
    ):
        return True
    return _accepts(first, second, language, kind) or _accepts(second, first, language, kind)


@lru_cache(maxsize=16384)
def _accepts(form: str, text: str, language: str, kind: str) -> bool:
    matcher = _matcher(form, language, kind or "other")
    return matcher is not None and any(
        (start, end) == (0, len(text)) for start, end in matcher.spans_in(Words(text))
    )


@lru_cache(maxsize=4096)
def _matcher(form: str, language: str, kind: str) -> PhraseMatcher | None:
    try:
        return PhraseMatcher(form, language=language, kind=kind)
    except ValueError:
        return None


def inconsistencies(learned: Sequence[Learned], language: str) -> list[Finding]:
    """A warning on each reviewed unit that renders a name the glossary lacks otherwise
    than the project mostly does."""
    findings = []
    for item in learned:
        renderings = item.renderings.get(language, [])
        if not item.rendered_two_ways(language):
            continue
        counts = ", ".join(f"{r.text} ×{r.count}" for r in renderings)
        main = renderings[0]
        for rendering in renderings[1:]:
            for unit in rendering.units:
                if unit in main.units:
                    continue
                findings.append(
                    Finding(
                        unit.path,
                        unit.line,
                        "warning",
                        RULE,
                        f'"{item.name}" is rendered as "{rendering.text}" here, but the '
                        f"project renders it {len(renderings)} ways ({counts}); add a "
                        "glossary row (l10nrelease glossary suggest lists it)",
                    )
                )
    return findings
