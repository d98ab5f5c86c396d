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
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from typing import NamedTuple

from .candidates import (
    CONNECTORS,
    GENERIC,
    INSTITUTIONS,
    REGIONS,
    TITLES,
    Candidate,
    proper_names,
)
from .markup import plain
from .model import Finding
from .morphology import (
    PhraseMatcher,
    Token,
    Words,
    capitalised_words,
    fold,
    language_module,
    lemmas,
)
from .names import NameFinder, transliterates

RULE = "consistency"


class Unit(NamedTuple):
    """A reviewed unit: where it is, its English and its translation (a tuple: made,
    pickled back from workers and hashed by the thousand)."""

    path: str
    line: int
    source: str
    translation: str


@dataclass
class Rendering:
    """One way a name is rendered: its forms as written, and the units using it."""

    forms: Counter[str] = field(default_factory=Counter)
    units: list[Unit] = field(default_factory=list)
    #: the form each unit writes
    by_unit: dict[Unit, str] = field(default_factory=dict)

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
        return len(self.renderings.get(language, [])) >= 2


class Seen(NamedTuple):
    """A proper name of a unit's English that the glossary lacks, as ``candidates``
    reads it, and for a name rendered letter by letter the words of the unit's
    translation that render it (``align``)."""

    text: str
    kind: str = ""
    opens_sentence: bool = False
    rendering: str | None = None

    def to_data(self) -> list[object]:
        return [self.text, self.kind, self.opens_sentence, self.rendering]

    @classmethod
    def from_data(cls, data: Sequence[object]) -> Seen:
        text, kind, opens, rendering = data
        return cls(str(text), str(kind), bool(opens), None if rendering is None else str(rendering))


def observe(unit: Unit, finder: NameFinder | None, language: str) -> list[Seen]:
    """What one unit tells about the names the glossary lacks: the part of ``learn``
    and of the consistency check that needs the unit alone (kept by content)."""
    return list(_observed(unit.source, unit.translation, finder, language))


#: The same sentence, translated the same way, says the same (a release's boilerplate,
#: a contact line: one unit in six of the benchmark's corpus); only its texts decide it.
@lru_cache(maxsize=1 << 11)
def _observed(
    source: str, translation: str, finder: NameFinder | None, language: str
) -> tuple[Seen, ...]:
    return tuple(_observe(Unit("", 0, source, translation), finder, language))


def _observe(unit: Unit, finder: NameFinder | None, language: str) -> list[Seen]:
    translation = plain(unit.translation)
    unknown = _unknown_names(unit, finder)
    if not unknown:
        return []
    names = proper_names(plain(unit.source))
    capitals: list[Token] | None = None  # the translation's words, read once per unit
    seen = []
    for candidate in unknown:
        rendering = None
        if translation and _transliterated(candidate.text, candidate.kind):
            if capitals is None:
                capitals = _capitalised(translation)
            others = _words_of_others(names, candidate.text)
            rendering = _align(candidate.text, translation, capitals, language, others)
        seen.append(Seen(candidate.text, candidate.kind, candidate.opens_sentence, rendering))
    return seen


def _collect(
    pairs: Iterable[tuple[Unit, Seen]],
) -> Mapping[str, tuple[str, Iterable[tuple[Unit, Seen]]]]:
    """The names of the observations, each with its kind and where it was seen. A
    single word that opens a sentence counts only where it also stands inside one
    somewhere (``Factors leading …`` is no name); a surname alone (Kavanaugh) is the
    person named in full elsewhere (Brett Kavanaugh): ``_resolver``."""
    if isinstance(pairs, Observed):
        return pairs.by_name()
    found = list(pairs)
    resolve = _resolver(seen for _, seen in found)
    by_name: dict[str, tuple[str, list[tuple[Unit, Seen]]]] = {}
    for unit, seen in found:
        resolved = resolve(seen)
        if resolved is None:
            continue
        name, kind = resolved
        known_kind, where = by_name.get(name, (kind, []))
        by_name[name] = (known_kind or kind, where)
        where.append((unit, seen))
    return by_name


def _resolver(seens: Iterable[Seen]) -> Callable[[Seen], tuple[str, str] | None]:
    """What each observation names, given all of them (in their order): its name and
    kind, a surname alone read as the person last named in full with it; None for a
    single word seen only opening sentences."""
    inside: set[str] = set()
    persons: dict[str, str] = {}
    personal: dict[str, bool] = {}
    for seen in seens:
        text = seen.text
        if not seen.opens_sentence:
            inside.add(text)
        if " " in text:
            if text not in personal:
                personal[text] = _personal(text)
            if seen.kind == "person" or personal[text]:
                persons[text.split()[-1]] = text

    def resolve(seen: Seen) -> tuple[str, str] | None:
        name = seen.text
        if name in persons:
            return persons[name], "person"
        if seen.opens_sentence and " " not in name and name not in inside:
            return None
        return name, seen.kind

    return resolve


class Observed:
    """A project's observations (``observe``: a place and what was seen there), held
    compactly: three integers per observation (the place's file and line, the
    observation among the distinct ones), not a pair of objects. A big project has a
    quarter of a million of them and a few hundred distinct ones. Iterating gives the
    pairs back, each place as ``Unit(path, line, "", "")``, in the order they were added.
    """

    def __init__(self) -> None:
        self._paths: dict[str, int] = {}
        self._path_list: list[str] = []
        self._seen: dict[Seen, int] = {}
        self._seen_list: list[Seen] = []
        self._rows = array("i")

    def encode(self, pairs: Iterable[tuple[Unit, Seen]]) -> array[int]:
        """The rows of some pairs (a file's), for ``extend``: rows can be made in any
        order and added in the order wanted."""
        rows = array("i")
        for unit, seen in pairs:
            path = self._paths.setdefault(unit.path, len(self._paths))
            if path == len(self._path_list):
                self._path_list.append(unit.path)
            index = self._seen.setdefault(seen, len(self._seen))
            if index == len(self._seen_list):
                self._seen_list.append(seen)
            rows.extend((path, unit.line, index))
        return rows

    def extend(self, rows: array[int]) -> None:
        self._rows.extend(rows)

    def __len__(self) -> int:
        return len(self._rows) // 3

    def __iter__(self) -> Iterator[tuple[Unit, Seen]]:
        return self.pairs(range(len(self)))

    def seens(self) -> list[Seen]:
        """The distinct observations."""
        return list(self._seen_list)

    def pairs(self, positions: Iterable[int]) -> Iterator[tuple[Unit, Seen]]:
        rows, paths, seen = self._rows, self._path_list, self._seen_list
        for at in positions:
            at *= 3
            yield Unit(paths[rows[at]], rows[at + 1], "", ""), seen[rows[at + 2]]

    def by_name(self) -> dict[str, tuple[str, _Where]]:
        """``_collect`` of these observations: each name's places as positions (four
        bytes each), made into pairs only when they are read."""
        seen = self._seen_list
        resolve = _resolver(seen[i] for i in self._rows[2::3])
        resolved = [resolve(s) for s in seen]
        by_name: dict[str, tuple[str, array[int]]] = {}
        for position, index in enumerate(self._rows[2::3]):
            found = resolved[index]
            if found is None:
                continue
            name, kind = found
            known_kind, where = by_name.get(name, (kind, array("i")))
            by_name[name] = (known_kind or kind, where)
            where.append(position)
        return {name: (kind, _Where(self, where)) for name, (kind, where) in by_name.items()}


class _Where:
    """Where a name was seen in an ``Observed``: its pairs, made each time they are read."""

    def __init__(self, observed: Observed, positions: array[int]) -> None:
        self.observed, self.positions = observed, positions

    def __iter__(self) -> Iterator[tuple[Unit, Seen]]:
        return self.observed.pairs(self.positions)


def _personal(name: str) -> bool:
    """Whether a name of two or three words reads as a person's (Aigerim Tazhibayeva),
    not a place's or an office's (New Zealand, Central Asia, Press Service)."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(
        word[:1].isupper()
        and not word.isupper()
        and word.lower() not in GENERIC | INSTITUTIONS | TITLES | REGIONS | _COMPASS
        for word in words
    )


_COMPASS = frozenset("north south east west new old saint san santa los las el la".split())


def english_names(
    units: Iterable[Unit], finder: NameFinder | None
) -> dict[str, tuple[str, list[Unit]]]:
    """The proper names of the units' English that no glossary row covers, each with
    its kind and the units it occurs in (``_collect``)."""
    pairs = (
        (unit, Seen(c.text, c.kind, c.opens_sentence))
        for unit in units
        for c in _unknown_names(unit, finder)
    )
    return {
        name: (kind, list(dict.fromkeys(unit for unit, _ in where)))
        for name, (kind, where) in _collect(pairs).items()
    }


def _unknown_names(unit: Unit, finder: NameFinder | None) -> list[Candidate]:
    """The proper names of a unit's English that no glossary row covers."""
    source = plain(unit.source)
    if finder is None:
        return proper_names(source)
    covered = [(f.start, f.end) for f in finder.find(source)]
    return [
        candidate
        for candidate in proper_names(source)
        # the glossary has it (or a name around it), or has it as written once read out
        # of a list ("Ministry of Defence" from "the Ministries of Defence, …")
        if not any(start <= candidate.start and candidate.end <= end for start, end in covered)
        and not _covers(finder, candidate.text)
    ]


def _covers(finder: NameFinder, name: str) -> bool:
    return any(f.start == 0 and f.end == len(name) for f in finder.find(name))


def learn(
    translated: Mapping[str, Sequence[Unit]],
    finder: NameFinder | None,
    *,
    english: Sequence[Unit] | None = None,
) -> list[Learned]:
    """Every name the glossary lacks with its renderings, most frequent name first.

    ``translated``: each language's reviewed units; ``english``: the units whose names
    are counted (by default, every unit of ``translated``)."""
    if english is None:
        # Each release's unit once, whichever language's file it was read from.
        every = {
            (PurePosixPath(unit.path).stem, unit.source): unit
            for units in translated.values()
            for unit in units
        }
        english = list(every.values())
    by_language = {
        language: _collect((u, s) for u in units for s in observe(u, finder, language))
        for language, units in translated.items()
    }
    learned = []
    for name, (kind, occurrences) in english_names(english, finder).items():
        item = Learned(name, kind, occurrences, transliterated=_transliterated(name, kind))
        for language in translated:
            seen = by_language[language].get(name, (kind, []))[1]
            item.renderings[language] = _renderings(item, seen, language, finder)
        learned.append(item)
    learned.sort(key=lambda item: (-len(item.units), item.name))
    return learned


def consistency(observed: Iterable[tuple[Unit, Seen]], language: str) -> list[Finding]:
    """The consistency check over a project's observations (``observe``) in one
    language: ``inconsistencies`` of the names rendered letter by letter."""
    findings = []
    # One name at a time: a big project's names hold a quarter of a million places,
    # made into objects only while their name is weighed (not all at once: 24 MB at
    # 10,000 releases).
    for name, (kind, seen) in _collect(observed).items():
        if not _transliterated(name, kind):
            continue
        item = Learned(name, kind, transliterated=True)
        item.renderings[language] = _renderings(item, seen, language, None)
        findings += inconsistencies([item], language)
    return findings


@lru_cache(maxsize=1 << 14)
def _transliterated(name: str, kind: str) -> bool:
    """Whether a name is rendered letter by letter: a person, or a name of proper words
    only (no ``Ministry``, ``Bank``, ``Women``: those are translated)."""
    if kind == "person":
        return True
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", name) if w.lower() not in CONNECTORS]
    return bool(words) and all(
        w.lower() not in GENERIC | INSTITUTIONS | TITLES and not w.isupper() for w in words
    )


def _renderings(
    item: Learned, seen: Iterable[tuple[Unit, Seen]], language: str, finder: NameFinder | None
) -> list[Rendering]:
    if item.transliterated:
        spans = [(unit, s.rendering) for unit, s in seen if s.rendering is not None]
        return _group(spans, language, item.kind)
    units = list(dict.fromkeys(unit for unit, _ in seen))
    return _group(_translated_spans(item, units, language, finder), language, item.kind)


def _other_words(unit: Unit, name: str) -> list[str]:
    """The capitalised words of the unit's other names."""
    return _words_of_others(proper_names(plain(unit.source)), name)


def _words_of_others(names: Sequence[Candidate], name: str) -> list[str]:
    return [
        word
        for candidate in names
        if candidate.text != name
        for word in candidate.text.split()
        if word[:1].isupper()
    ]


def _capitalised(translation: str) -> list[Token]:
    """The words of ``translation`` (as ``Words`` has them) that begin with a capital."""
    return capitalised_words(translation)


def align(name: str, translation: str, language: str, others: Sequence[str] = ()) -> str | None:
    """The words of ``translation`` that render ``name`` letter by letter, as written
    there: each of the name's words read in a capitalised word of the translation,
    case endings aside (``Каванауга`` for Kavanaugh), the words side by side; never a
    word that reads more like one of ``others``, the unit's other names (Сапми for
    Sápmi beside Sámi). A person may be named by the surname alone."""
    return _align(name, translation, _capitalised(translation), language, others)


def _align(
    name: str, translation: str, tokens: Sequence[Token], language: str, others: Sequence[str]
) -> str | None:
    english = _english_words(name)
    if not english or not tokens:
        return None
    picked = [_best_token(word, tokens, others, language) for word in english]
    last = picked[-1]
    if last is None:
        return None
    chosen = [t for t in picked if t is not None]
    if len(chosen) < len(picked):
        chosen = [last]  # the surname alone
    chosen.sort(key=lambda t: t.start)
    for left, right in itertools.pairwise(chosen):
        if translation[left.end : right.start].strip(" -‐‑"):
            return translation[chosen[-1].start : chosen[-1].end]
    return translation[chosen[0].start : chosen[-1].end]


def _best_token(
    word: str, tokens: Sequence[Token], others: Sequence[str], language: str
) -> Token | None:
    """The capitalised word that reads most like ``word``, if it reads enough like it
    and not more like another name of the unit."""
    rivals = [other for other in others if other != word]
    best, best_score = None, -1.0
    for token in tokens:
        score = _score(token.folded, word, language)
        # A word below the bar can never be the answer, nor keep a better one out: it
        # is not weighed against the rivals.
        if (
            score < _ALIGN
            or score <= best_score
            or any(_score(token.folded, rival, language) > score for rival in rivals)
        ):
            continue
        best, best_score = token, score
    return best


@lru_cache(maxsize=1 << 14)
def _english_words(name: str) -> tuple[str, ...]:
    """The words of an English name a rendering is aligned on (no of, no II)."""
    return tuple(
        w
        for w in re.findall(r"[^\W\d_][\w’'-]*", name)
        if w.lower() not in CONNECTORS and not _ROMAN.fullmatch(w)
    )


_ROMAN = re.compile(r"[IVXLC]+")
#: How alike (0–100) a Cyrillic word and an English one must read to be aligned.
_ALIGN = 72


#: The pairs remembered: the hot ones (a project's recurring names) stay, and a
#: worker's memory stays flat however big the corpus (2^18 pairs grew a worker of a
#: 10,000-release build by tens of megabytes, for the same hits).
@lru_cache(maxsize=1 << 15)
def _score(folded: str, word: str, language: str) -> float:
    """How well a folded Cyrillic word reads like an English word, taken back to its
    dictionary form first (Каванауга -> каванауг; Еуропадан -> еуропа), so that a
    case ending or a derived word's suffix does not count."""
    return max(transliterates(lemma, word) for lemma in _lemmas(folded, language))


@lru_cache(maxsize=65536)
def _lemmas(folded: str, language: str) -> frozenset[str]:
    return frozenset(lemmas(folded, language=language))


def _translated_spans(
    item: Learned, units: Sequence[Unit], language: str, finder: NameFinder | None
) -> list[tuple[Unit, str]]:
    """For a translated name (``Ministry of Foreign Affairs``): in each unit, the phrase
    around the translation of its head word (министерств-, министрлі-: ``_HEADS``), a
    capitalised word at its start (Министерство иностранных дел; Сыртқы істер
    министрлігі); for a name without a known head word, the phrase that most of its
    units share, cut to what they have in common."""
    english = [w for w in item.name.split() if w.lower() not in CONNECTORS | {"in"}]
    size = len(english)
    heads = _head_renderings(item.name, language.split("-")[0])
    texts = [(unit, _without_glossary_names(unit, language, finder, item.name)) for unit in units]
    if not heads:
        return _shared_phrases(texts, size + 1, language)
    found = []
    for unit, text in texts:
        others = [word for word in _other_words(unit, item.name) if word not in english]
        phrase = _around_head(
            text,
            heads,
            size,
            english,
            others,
            language,
            complemented=_complements(item.name),
        )
        if phrase:
            found.append((unit, phrase))
    return found


def _complements(name: str) -> set[str]:
    """What stands in an institution's name besides its head: the linking words it
    holds (of, for, in, and), and "before" when words stand before the head (Asian
    Development Bank: Азиатский банк развития)."""
    words = name.lower().split()
    if any(phrase in name.lower().replace("’", "'") for phrase in _HEAD_PHRASES):
        return set()  # the whole name is the head (Генеральная прокуратура)
    found = {"of", "for", "in", "and"} & set(words)
    cut = next((i for i, w in enumerate(words) if w in {"of", "for", "in"}), len(words))
    if cut > 1:
        found.add("before")
    return found


def _head_renderings(name: str, language: str) -> list[str]:
    """How ``language`` may render the head word of an institution's English name: the
    last institution word before its first of/for/in (the Office of OSCE Programme
    Office in Astana, the Centre of Anti-Terrorist Centre of the Republic of …), then
    its other institution words."""
    lower = name.lower().replace("’", "'")
    for phrase, stems in _HEAD_PHRASES.items():
        if phrase in lower:
            return list(stems.get(language, ()))
    words = re.findall(r"[a-z][a-z'-]*", lower)
    cut = next((i for i, w in enumerate(words) if w in {"of", "for", "in"}), len(words))
    order = [*reversed(words[:cut]), *words[cut:]]
    return [stem for word in order for stem in _HEADS.get(word, {}).get(language, ())]


#: The English words inside a name and the words that render them inside its
#: translation (Ministry of Culture and Sport: Министерство культуры и спорта).
_LINKS: dict[str, dict[str, tuple[str, ...]]] = {
    "in": {"ru": ("в", "во")},
    "for": {"ru": ("по", "для")},
    "and": {"ru": ("и",), "kk": ("және",)},
}
#: Names whose head in the other languages is no word of the English one.
_HEAD_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "prosecutor general's office": {"ru": ("прокуратур",), "kk": ("прокуратура",)},
    "general prosecutor's office": {"ru": ("прокуратур",), "kk": ("прокуратура",)},
}
#: The head words of institutions' names, and how each language's rendering begins.
_HEADS: dict[str, dict[str, tuple[str, ...]]] = {
    "ministry": {"ru": ("министерств",), "kk": ("министрлі",)},
    "bank": {"ru": ("банк",), "kk": ("банк",)},
    "centre": {"ru": ("центр",), "kk": ("орталы", "орталығ")},
    "center": {"ru": ("центр",), "kk": ("орталы", "орталығ")},
    "office": {"ru": ("офис", "канцеляри", "бюро"), "kk": ("офис", "кеңсе", "бюро")},
    "committee": {"ru": ("комитет",), "kk": ("комитет",)},
    "agency": {"ru": ("агентств",), "kk": ("агенттігі", "агенттік")},
    "council": {"ru": ("совет",), "kk": ("кеңес",)},
    "fund": {"ru": ("фонд",), "kk": ("қор",)},
    "foundation": {"ru": ("фонд",), "kk": ("қор",)},
    "university": {"ru": ("университет",), "kk": ("университет",)},
    "senate": {"ru": ("сенат",), "kk": ("сенат",)},
    "parliament": {"ru": ("парламент",), "kk": ("парламент",)},
    "embassy": {"ru": ("посольств",), "kk": ("елшілі",)},
    "service": {"ru": ("служб",), "kk": ("қызмет",)},
    "institute": {"ru": ("институт",), "kk": ("институт",)},
    "department": {"ru": ("департамент", "управлени"), "kk": ("департамент", "басқарма")},
    "commission": {"ru": ("комисси",), "kk": ("комиссия",)},
    "organization": {"ru": ("организаци",), "kk": ("ұйым",)},
    "organisation": {"ru": ("организаци",), "kk": ("ұйым",)},
    "union": {"ru": ("союз",), "kk": ("одақ",)},
    "academy": {"ru": ("академи",), "kk": ("академия",)},
    "court": {"ru": ("суд",), "kk": ("сот",)},
    "association": {"ru": ("ассоциаци",), "kk": ("қауымдастығ", "қауымдастық")},
    "chamber": {"ru": ("палат",), "kk": ("палата",)},
    "assembly": {"ru": ("ассамбле",), "kk": ("ассамблея",)},
    "programme": {"ru": ("программ",), "kk": ("бағдарлама",)},
    "program": {"ru": ("программ",), "kk": ("бағдарлама",)},
    "mission": {"ru": ("миссi", "миссия", "миссии", "миссию"), "kk": ("миссия",)},
    "federation": {"ru": ("федераци",), "kk": ("федерация",)},
    "republic": {"ru": ("республик",), "kk": ("республика",)},
    "kingdom": {"ru": ("королевств",), "kk": ("корольдігі", "корольдік")},
    "corporation": {"ru": ("корпораци",), "kk": ("корпорация",)},
    "company": {"ru": ("компани",), "kk": ("компания",)},
    "board": {"ru": ("правлени", "совет"), "kk": ("басқарма", "кеңес")},
    "authority": {"ru": ("управлени", "ведомств"), "kk": ("басқарма",)},
}


def _around_head(
    text: str,
    heads: Sequence[str],
    size: int,
    name: Sequence[str],
    others: Sequence[str],
    language: str,
    *,
    complemented: set[str],
) -> str | None:
    """The words around the first word that begins with a head's rendering, ``size``
    words at most. Russian puts the head first: to its left only the adjectives that
    agree with it (Российской Федерации, Национального банка), to its right its
    complements (Министерство иностранных дел, Банк развития Казахстана), not a word
    that renders another name of the unit (Карлыгаш). Kazakh puts it last: the words to
    its left, from the first capitalised one (Сыртқы істер министрлігі)."""
    words = _Phrase(text, Words(text).tokens)
    at = next((i for head in heads if (i := words.find(head)) is not None), None)
    if at is None:
        return None
    if language.startswith("kk"):
        # Anti-Terrorist Centre: Терроризмге қарсы орталығы, a word for each part.
        size += sum(word.count("-") for word in name)
        start = words.kazakh_span(at, size, _linking(complemented, "kk"), others, language)
        end = at
    else:
        start = words.modifiers_before(at, size, language)
        end = words.complements_after(at, start, size, complemented, others, language)
    tokens = words.tokens
    if not tokens[start].text[:1].isupper():
        return None  # no capitalised word begins it: a common noun (министерства)
    return text[tokens[start].start : tokens[end].end]


def _linking(complemented: set[str], language: str) -> set[str]:
    return {w for e in complemented for w in _LINKS.get(e, {}).get(language, ())}


@dataclass(frozen=True)
class _Phrase:
    """A translation's words, to grow a phrase around a head word."""

    text: str
    tokens: list[Token]

    def find(self, head: str) -> int | None:
        return next((i for i, t in enumerate(self.tokens) if t.folded.startswith(head)), None)

    def joined(self, left: int) -> bool:
        """Whether words ``left`` and ``left + 1`` stand side by side (spaces only)."""
        gap = self.text[self.tokens[left].end : self.tokens[left + 1].start]
        return not gap.strip(" \u00a0")

    def kazakh_span(
        self, at: int, size: int, linking: set[str], others: Sequence[str], language: str
    ) -> int:
        """Where the phrase ending at ``at`` begins: the words to the left, through the
        linking words the name holds (және), from the first capitalised one, never a
        word that renders another name of the unit (Марк Эллисон)."""
        start = at
        size += len(linking)
        while start > 0 and self.joined(start - 1) and at - start + 1 < size:
            word = self.tokens[start - 1].folded
            if word in linking:
                linking = linking - {word}
            elif word in _STOPS or any(_score(word, o, language) >= _ALIGN for o in others):
                break
            start -= 1
        while start < at and not self.tokens[start].text[:1].isupper():
            start += 1
        return start

    def modifiers_before(self, at: int, size: int, language: str) -> int:
        """Where a Russian phrase begins: the agreeing adjectives before its head."""
        start = at
        while start > 0 and self.joined(start - 1) and at - start + 1 < size:
            if not _agrees(self.tokens[start - 1].folded, language):
                break
            start -= 1
        return start

    def complements_after(
        self,
        at: int,
        start: int,
        size: int,
        complemented: set[str],
        others: Sequence[str],
        language: str,
    ) -> int:
        """Where a Russian phrase ends: its complements after the head (Банк развития
        Казахстана; Офис программ ОБСЕ в Астане; Агентство по … и реформам), never a
        word that renders another name of the unit."""
        end = at
        linking = _linking(complemented, "ru")
        size += len(complemented & set(_LINKS))
        tokens = self.tokens
        while (
            complemented and end + 1 < len(tokens) and self.joined(end) and end - start + 1 < size
        ):
            word = tokens[end + 1].folded
            if word in linking:
                linking = linking - {word}
            elif word in _STOPS or any(_score(word, o, language) >= _ALIGN for o in others):
                break
            end += 1
        return end


def _agrees(word: str, language: str) -> bool:
    """Whether a word before a head noun is a modifier that agrees with it (Российской,
    Соединённого), by the language's rules (never, where it has none)."""
    modifier = getattr(language_module(language), "is_modifier", None)
    return bool(modifier(word)) if modifier is not None else False


def _shared_phrases(
    texts: Sequence[tuple[Unit, str]], size: int, language: str
) -> list[tuple[Unit, str]]:
    """The phrase (a capitalised word and the words after it) that most units share by
    its first word's dictionary form, cut to the words they all have in common."""
    phrases = [(unit, _phrases(text, size)) for unit, text in texts]
    shared: Counter[str] = Counter()
    for _unit, found in phrases:
        shared.update({_key(phrase, language) for phrase, _ in found})
    if not shared:
        return []
    key, count = shared.most_common(1)[0]
    if count < max(2, (len(texts) + 1) // 2):
        return []
    picked = []
    for unit, found in phrases:
        mine = [phrase for phrase, _ in found if _key(phrase, language) == key]
        if mine:
            picked.append((unit, mine[0]))
    # Cut every phrase to the words (by dictionary form) that all of them share.
    common = min(len(phrase.split()) for _, phrase in picked)
    for index in range(1, common):
        lemma_sets = [_lemmas(fold(phrase.split()[index]), language) for _, phrase in picked]
        if not set.intersection(*map(set, lemma_sets)):
            common = index
            break
    return [(unit, " ".join(phrase.split()[:common])) for unit, phrase in picked]


def _key(phrase: str, language: str) -> str:
    """What two renderings of a translated name share: its first word's dictionary
    form (Министерство, Министерства)."""
    first = fold(phrase.split()[0])
    return min(_lemmas(first, language), key=lambda lemma: (len(lemma), lemma))


def _phrases(text: str, size: int) -> list[tuple[str, bool]]:
    """Each capitalised word of ``text`` with up to ``size`` - 1 words after it (not
    across punctuation, a preposition or a conjunction), and whether it opens a
    sentence."""
    found = []
    for match in re.finditer(r"(?<![\w-])[А-ЯЁӘҒҚҢӨҰҮҺІ][\w-]+", text):
        words = [match.group(0)]
        rest = text[match.end() :]
        position = 0
        while len(words) < size:
            follower = re.match(r"[ \u00a0]+([\w-]+)", rest[position:])
            if follower is None or fold(follower.group(1)) in _STOPS:
                break
            if follower.group(1)[:1].isupper():
                break
            words.append(follower.group(1))
            position += follower.end()
        found.append((" ".join(words), _OPENS.search(text[: match.start()]) is not None))
    return found


#: Words a translated name does not go on through.
_STOPS = frozenset(
    "в во на с со по к о об от за из у при для и а но что который которая которые был "
    "была было были будет это және мен пен бен деп бұл осы".split()
)


def _without_glossary_names(
    unit: Unit, language: str, finder: NameFinder | None, name: str = ""
) -> str:
    """The unit's translation with the glossary's names blotted out (by characters no
    phrase runs across), except those inside ``name`` (Astana in OSCE Programme Office
    in Astana), which are part of its rendering."""
    text = plain(unit.translation)
    if finder is None:
        return text
    for found in finder.find(unit.source):
        if found.text in name:
            continue
        forms = finder.target(found.term, language)
        span = forms.locate(Words(text)) if forms else None
        if span:
            text = text[: span[0]] + "\0" * (span[1] - span[0]) + text[span[1] :]
    return text


_OPENS = re.compile(r"(?:^|[.!?:«„\"“—–]\s*)$")


def _group(spans: Sequence[tuple[Unit, str]], language: str, kind: str) -> list[Rendering]:
    """Renderings that are forms of one another (the language's matcher accepts one as
    the other) go together; most used first."""
    groups: list[Rendering] = []
    order = Counter(text for _, text in spans)
    for unit, text in sorted(spans, key=lambda pair: -order[pair[1]]):
        told = _told_by(text, kind)
        group = next(
            (g for g in groups if _same(_told_by(g.text, kind), told, language, kind)), None
        )
        if group is None:
            group = Rendering()
            groups.append(group)
        group.forms[text] += 1
        if unit not in group.units:
            group.units.append(unit)
        group.by_unit.setdefault(unit, text)
    groups.sort(key=lambda g: -g.count)
    return groups


def _told_by(text: str, kind: str) -> str:
    """What tells one rendering from another: a person's surname (Бретт Кавано and
    Кавано are one), a monarch's name (Елизавета II); the whole of any other name."""
    if kind != "person":
        return text
    words = [w for w in text.split() if not _ROMAN.fullmatch(w)] or text.split()
    return words[-1]


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
        if not item.transliterated or not item.rendered_two_ways(language):
            continue  # a translated name's wording may vary (МИД, Министерство …)
        counts = ", ".join(f"{r.text} ×{r.count}" for r in renderings)
        # The units that differ from the rendering most use; every unit on a tie.
        main = renderings[0] if renderings[0].count > renderings[1].count else Rendering()
        for rendering in renderings:
            if rendering is main:
                continue
            for unit in rendering.units:
                if unit in main.units:
                    continue
                written = rendering.by_unit.get(unit, rendering.text)
                findings.append(
                    Finding(
                        unit.path,
                        unit.line,
                        "warning",
                        RULE,
                        f'"{item.name}" is rendered as "{written}" here, but the project '
                        f"renders it {len(renderings)} ways ({counts}); add a glossary "
                        "row (l10nrelease glossary suggest lists it)",
                    )
                )
    return findings
