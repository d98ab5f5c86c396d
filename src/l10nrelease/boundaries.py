"""Where a sentence of press-release English ends: sentencex's cuts, revised.

Input is a text and the offsets where sentencex starts a sentence; output is the
offsets to keep. A full stop after a title (``said Ms. Seitkali``), before a number
(``para. 4``, ``approx. 40``), inside a name (``J. R. Matthews``, ``the U.S. Embassy``)
or before a lower-case word (``30 km. from``) is not a boundary; one after an
abbreviation that ends the sentence (``at 5 p.m. The meeting``, ``in the U.S. It was``)
still is. A project adds abbreviations of its own (``[segmentation] abbreviations``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: Words before a name or a phrase: never the last word of a sentence.
NEVER_LAST = frozenset(
    "Mr Mrs Ms Mmes Mme Mlle Messrs Dr Drs Prof Profs Amb Gen Col Lt Maj Capt Cpt Sgt Cpl "
    "Pvt Adm Cmdr Brig Sen Sens Rep Reps Gov Hon Rev Fr Pres Supt Insp Rt Msgr Dep H.E "
    "e.g i.e cf viz vs approx incl excl esp ca a.k.a".split()
)
#: Words before a number (``No. 401``, ``para. 4``, ``Vol. II``, ``tel. +7``).
BEFORE_NUMBER = frozenset(
    "No Nos no Vol Vols vol para paras Para Paras p pp Art Arts art Sec sec Ch ch Fig Figs "
    "fig Tab Tel tel Ext ext Ref ref Nr Apt Bldg".split()
)
#: Parts of a name that a capitalised word continues (``the U.S. Embassy``,
#: ``St. Petersburg``, ``Co. Ltd.``); before a word that starts sentences they end one.
IN_NAMES = frozenset("U.S U.K U.N E.U U.S.A U.A.E U.S.S.R St Mt Ft Co Bros".split())
#: Abbreviations a sentence often ends with: before a capital they end it.
MAY_END = frozenset(
    "est km m cm mm kg ha sq mln bn min hr hrs etc Inc Ltd Corp Plc Jr Sr Esq Ph.D a.m p.m "
    "D.C a.i al Str Ave Blvd Rd Dept Univ Govt "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
#: Transliterated initials of Kazakh and Russian names (``Zh. Zhabayev``, ``Ye. A. Buketov``).
DIGRAPH_INITIALS = frozenset("Zh Sh Ch Kh Ts Ye Yu Ya Yo Dzh".split())
#: Capitalised words that start sentences but not names: after ``U.S.`` or an initial
#: they say a new sentence has begun (``in the U.S. It was``, ``Annex B. The annex``).
STARTERS = frozenset(
    "The A An This That These Those It Its He She His Her They Their Them We Our I You Your "
    "There Here In On At By For From With Without After Before During Since Until As If "
    "When While Where Although Though Because But And Or So Yet Thus However Moreover "
    "Furthermore Meanwhile Nevertheless Also Today Yesterday Tomorrow Earlier Later Last "
    "Next Each Every All Both Many Most Some Several Such Other Another According Among "
    "Over More No Not Only One Two Three Four Five First Second Third Finally Such What "
    "Who Why How Is Are Was Were Will Would Can Could Should Must May Do Does Did".split()
)

#: How much text either side of a stop the rules look at (a long paragraph must not
#: cost a copy of itself per sentence).
_WINDOW = 120
_CANDIDATE = re.compile(r"[.!?…][\"'”’»)\]]*(\s+)")
_NEXT_WORD = re.compile(r"[\"“‘'(\[«]*([^\W\d_][\w'’-]*)(\.?)")
_ROMAN = re.compile(r"[IVXLC]+\b(?![.’'-]?\w)")
_TIME_ZONE = re.compile(r"[A-Z]{2,5}\b|[A-Z][a-z]+ time\b")
_STREET = re.compile(r"\d[\w/-]*,? [A-Z][\w'’-]* St$")
_LIST_MARKER = re.compile(r"(?:^|[:;])\s*(?:\d{1,2}|[ivx]{1,4}|[a-zA-Z])$")


@dataclass(frozen=True)
class Rules:
    """The abbreviations of English (``english``), and those of the project (``in_names``)."""

    never_last: frozenset[str] = frozenset()
    before_number: frozenset[str] = frozenset()
    in_names: frozenset[str] = frozenset()
    may_end: frozenset[str] = frozenset()
    english: bool = False

    def knows(self, token: str) -> bool:
        """Whether ``token`` is an abbreviation or an initial of these rules."""
        return (
            token in self.never_last
            or token in self.before_number
            or token in self.in_names
            or token in self.may_end
            or (self.english and _is_initial(token))
        )


@lru_cache(maxsize=32)
def rules_for(language: str, abbreviations: tuple[str, ...] = ()) -> Rules:
    """The built-in rules of English (none for other languages) plus the project's own
    abbreviations, each written with or without its final full stop.

    >>> "Akim" in rules_for("en", ("Akim", "Min.")).in_names
    True
    """
    own = frozenset(_variants(word.removesuffix(".") for word in abbreviations))
    if language.split("-")[0].split("_")[0] != "en":
        return Rules(in_names=own)
    return Rules(
        never_last=_variants(NEVER_LAST) - own,
        before_number=BEFORE_NUMBER,
        in_names=IN_NAMES | own,
        may_end=_variants(MAY_END) - own,
        english=True,
    )


def _variants(words: Iterable[str]) -> frozenset[str]:
    """Each word, and capitalised when it is lower case (it may start a sentence)."""
    result = set()
    for word in words:
        result.add(word)
        if len(word) > 1 and word[0].islower() and "." not in word:
            result.add(word[0].upper() + word[1:])
    return frozenset(result)


def revise(text: str, cuts: Iterable[int], rules: Rules) -> list[int]:
    """The offsets of ``cuts`` (where sentences start) that ``rules`` keep, and those
    they add after a full stop sentencex took for an abbreviation's (``in May. A``)."""
    proposed = sorted(set(cuts))
    candidates: dict[int, bool] = {}
    taken = 0  # proposed[:taken] are placed
    for match in _CANDIDATE.finditer(text):
        while taken < len(proposed) and proposed[taken] <= match.start():
            candidates[proposed[taken]] = True
            taken += 1
        # a cut sentencex made inside this stop and its white space moves to its end
        inside = taken < len(proposed) and proposed[taken] <= match.end()
        while taken < len(proposed) and proposed[taken] <= match.end():
            taken += 1
        candidates[match.end()] = candidates.get(match.end(), False) or inside
    candidates.update(dict.fromkeys(proposed[taken:], True))
    kept = []
    for cut in sorted(candidates):
        if not 0 < cut < len(text):
            continue
        head, tail = text[max(0, cut - _WINDOW) : cut], text[cut : cut + _WINDOW]
        verdict = ends_sentence(head, tail, rules)
        if verdict if verdict is not None else candidates[cut]:
            kept.append(cut)
    return kept


def ends_sentence(head: str, tail: str, rules: Rules) -> bool | None:
    """Whether a sentence ends between ``head`` and ``tail``; None: no rule knows."""
    stripped = head.rstrip()
    space = head[len(stripped) :]
    if "\n\n" in space:
        return None  # a paragraph break: sentencex's call
    if not rules.english:
        return _elsewhere(stripped, rules)
    if re.search(r"[.!?][)\]]$", stripped):
        return True if _next(tail).capital else None  # "(… in 2019.) The office …"
    if not stripped.endswith(".") or stripped.endswith(".."):
        return None  # a question, an ellipsis, a closing quote
    body = stripped[:-1]
    if _LIST_MARKER.search(body):
        return False  # "includes: 1. Opening remarks; 2. Presentation …"
    token = _last_word(stripped)
    if tail[:1].islower():  # "30 km. from"; but "… in libc. liblzma …" is sentencex's call
        return False if rules.knows(token) else None
    word = _next(tail)
    if token in rules.before_number and _numbered(tail):
        return False
    if token == "St" and _STREET.search(body):
        token = "Str"  # "12 Kunaev St. Registration …"; but "Jason St. John", "St. Petersburg"
    return _by_class(token, tail, word, rules)


def _by_class(token: str, tail: str, word: _Word, rules: Rules) -> bool | None:
    if token in rules.in_names:
        return word.starter
    if token in rules.never_last:
        return False
    if token in rules.may_end:
        if token in ("a.m", "p.m") and _TIME_ZONE.match(tail):
            return False  # "at 11 a.m. Astana time", "4 p.m. GMT"
        return word.capital
    if _is_initial(token) and word.capital:
        return word.starter  # "J. R. Matthews", but "in Annex B. The annex"
    return True if word.starter else None


def _elsewhere(stripped: str, rules: Rules) -> bool | None:
    """Another source language: sentencex decides, but a project's abbreviation never
    ends a sentence (the English words that start one say nothing here)."""
    return False if stripped.endswith(".") and _last_word(stripped) in rules.in_names else None


def _last_word(stripped: str) -> str:
    """The word a full stop ends, without it or an opening quote: ``U.S``, ``Ms``."""
    words = stripped[:-1].rsplit(maxsplit=1)  # none where only spaces come before it
    return words[-1].lstrip("\"“‘'([«") if words else ""


@dataclass(frozen=True)
class _Word:
    capital: bool  # the next word is capitalised (perhaps after an opening quote)
    starter: bool  # … and is one that starts sentences, not names


def _next(tail: str) -> _Word:
    match = _NEXT_WORD.match(tail)
    if match is None or not match.group(1)[0].isupper():
        return _Word(False, False)
    word, stop = match.groups()
    initial = bool(stop) and (len(word) == 1 or word in DIGRAPH_INITIALS)
    return _Word(True, word in STARTERS and not initial)


def _numbered(tail: str) -> bool:
    """Whether ``tail`` opens with a number: ``4``, ``II``, ``+7 7172``, ``2-1145/2021``."""
    first = tail.split(maxsplit=1)[0] if tail.strip() else ""
    return any(char.isdigit() for char in first) or bool(_ROMAN.match(first))


def _is_initial(token: str) -> bool:
    """``J``, ``Zh`` or ``J.R`` (initials written without a space)."""
    if len(token) == 1:
        return token.isupper()
    return token in DIGRAPH_INITIALS or bool(re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", token))


def validate_abbreviation(word: object) -> str | None:
    """Why ``word`` cannot be a project abbreviation, and what to write (None: it can)."""
    example = 'a word such as "Min." or "Akim"'
    if not isinstance(word, str):
        return f"{word!r} is not a string; write {example}, in quotes"
    if not word.strip():
        return "an abbreviation is empty; remove it"
    if any(char.isspace() for char in word):
        return f"'{word}' has a space; list each word of it on its own ('al.' for 'et al.')"
    if not any(char.isalpha() for char in word):
        return f"'{word}' has no letter; write {example}"
    if not re.fullmatch(r"[\w.'’-]+", word) or word.startswith("."):
        return (
            f"'{word}' may have letters, full stops, hyphens and apostrophes only; write {example}"
        )
    return None
