"""Kazakh: which suffixed forms of a glossary word to accept.

Rules from the reference notes (section 3): suffixes stack as stem + plural +
possessive + case (+ -ғы/-гі after the locative: Астанадағы); suffix vowels follow
the stem's last vowel (front ә е і ө ү э, back а о ұ ы я ё; и у ю either way; loans in
-рк, -кт, … and words with ь ё э in the last syllable take front suffixes); the
suffix's first consonant follows the stem's last sound (voiceless after voiceless
and after loan б в г д: Карбузовтың). In a multi-word official name the case goes on
the last word, which already carries the 3rd-person possessive, so it takes the
post-possessive endings (Сенатының, Сенатына, Сенатын); earlier words may carry the
genitive or not (Қазақстан Республикасы/Республикасының). A hyphenated abbreviation
takes any ending (ЕҚЫҰ-ның, ЕҚЫҰ-на, АҚШ-қа): real usage is inconsistent. A stem in
к/қ/п may voice to г/ғ/б before a vowel (орталық -> орталығы), but need not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .base import WordTest, fold, same_start

_FRONT = set("әеіөүэ")
_BACK = set("аоұыяё")
_EITHER = set("иую")
_VOWELS = _FRONT | _BACK | _EITHER
_NASAL = set("мнң")
_VOICED = set("жзлрй")
_FRONT_LOAN_ENDINGS = ("рк", "рг", "нк", "нг", "кс", "кт", "ск", "лк", "нкт", "кль", "брь", "бль")
_VOICING = {"к": "г", "қ": "ғ", "п": "б"}
_GENITIVE_END = re.compile(r"(?:ның|нің|дың|дің|тың|тің)$")
_POSSESSIVE_END = re.compile(r"(?:[ыі]|сы|сі)$")


def phrase_tests(words: Sequence[str], *, kind: str) -> list[WordTest]:
    last = len(words) - 1
    multiword = last > 0
    tests = []
    for index, word in enumerate(words):
        if index < last:
            tests.append(_test(_nonfinal_forms(word)))
        elif _is_abbreviation(word):
            tests.append(_abbreviation_test(word))
        else:
            possessive = multiword and bool(_POSSESSIVE_END.search(fold(word)))
            common = not word[:1].isupper()
            tests.append(_suffixed_test(fold(word), possessive=possessive, common=common))
    return tests


def _test(forms: Iterable[str]) -> WordTest:
    return frozenset(forms)


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# ---------------------------------------------------------------- sound classes


def harmonies(stem: str, *, common: bool = False) -> tuple[str, ...]:
    """``("back",)``, ``("front",)`` or both, from the stem's last syllable;
    ``common``: a common noun (мұхит in «Тынық мұхиты»), not a proper name.

    A Kazakh surname with a Russian suffix may harmonise with its root instead
    (Мәсімовті, attested, beside the suffix's own back vowel), so both are accepted.
    """
    stem = fold(stem)
    surname = _SURNAME_SUFFIX.search(stem)
    if surname and surname.start() > 0:
        root = set(_harmony(stem[: surname.start()]))
        if surname.group(0).startswith("е"):
            # -ев follows the root: Тоқаевтың, Медведевтің (not Тоқаевтің).
            return tuple(h for h in ("back", "front") if h in root)
        if surname.group(0).startswith("о"):
            # -ов follows the root or its own о: Мәсімовті and Мәсімовты both attested.
            found = set(_harmony(stem)) | root
            return tuple(h for h in ("back", "front") if h in found)
    return _harmony(stem, common=common)  # -ин by its и: Путиннің


_SURNAME_SUFFIX = re.compile(r"(?:ов|ев|ин|ова|ева|ина)$")


def _harmony(stem: str, *, common: bool = False) -> tuple[str, ...]:
    last_vowel = max((stem.rfind(v) for v in _VOWELS | {"ё"}), default=-1)
    if last_vowel < 0:
        return ("back", "front")
    vowel = stem[last_vowel]
    glide = last_vowel == len(stem) - 1 and stem[last_vowel - 1 : last_vowel] in _VOWELS
    if vowel in "уи" and glide:
        # A final у or и after a vowel is a glide (Мәскеу): the vowel before it decides
        # (Мәскеуде, Мәскеудің; not Мәскеуда).
        before = _harmony(stem[:-1])
        if len(before) == 1:
            return before
    by_vowel = _by_vowel(stem, last_vowel, common=common)
    # Loans in -рк, -нг, … and words with ь ё э in the last syllable take front
    # suffixes by the orthographic rules, but the press also writes back ones after a
    # back vowel (Тайваньның, Гонконгтың): accept both.
    if stem.endswith(_FRONT_LOAN_ENDINGS) or any(c in stem[last_vowel:] for c in "ьёэ"):
        by_vowel.add("front")
    if vowel == "э":
        by_vowel.add("back")  # Данлэп: the press writes Данлэптың
    return tuple(h for h in ("back", "front") if h in by_vowel)


def _by_vowel(stem: str, last_vowel: int, *, common: bool) -> set[str]:
    """The rows the stem's last vowel calls for. и, у, ю are the one ambiguous letters
    (the reference notes, §3.2). In the names the press writes, и takes front endings
    (Римде, Парижге, Гаитиде, Филиппиндік: 16 of 16 in FLORES devtest) and у back ones
    (Буштың, Сингапурға: 6 of 6). A common noun with и after a back vowel may be an
    old loan with back endings (мұхитта, тарихтың), so it takes both."""
    vowel = stem[last_vowel]
    if vowel in _FRONT or vowel in "ию":
        rows = {"front"}
    elif vowel in _BACK or vowel == "у":
        rows = {"back"}
    else:
        rows = {"back", "front"}
    if vowel == "и" and common and any(v in _BACK for v in stem[:last_vowel]):
        rows.add("back")
    return rows


def sound_classes(word: str) -> tuple[str, ...]:
    """How a suffix after ``word`` begins: after a vowel, nasal, voiced or voiceless."""
    word = fold(word).rstrip("ьъ")
    last = word[-1:] if word else ""
    if last in _EITHER:
        return ("vowel", "voiced")  # и, у, ю end a word as a vowel or as й/у
    if last in _VOWELS or last == "е":
        return ("vowel",)
    if last in _NASAL:
        return ("nasal",)
    if last in _VOICED or last == "ғ":
        return ("voiced",)
    return ("voiceless",)


def _v(harmony: str, back: str, front: str) -> str:
    return back if harmony == "back" else front


# ------------------------------------------------------------------- suffixes


def _plural(sound: str, last: str, harmony: str) -> str:
    if sound == "vowel" or last in "рйу":
        onset = "л"
    elif sound in {"nasal", "voiced"}:
        onset = "д"
    else:
        onset = "т"
    return onset + _v(harmony, "ар", "ер")


def _possessive(sound: str, harmony: str) -> str:
    return _v(harmony, "сы", "сі") if sound == "vowel" else _v(harmony, "ы", "і")


def _cases(sound: str, last: str, harmony: str) -> list[tuple[str, bool]]:
    """Case endings without a possessive before them; the flag marks the locative."""
    genitive = {"vowel": "н", "nasal": "н", "voiced": "д", "voiceless": "т"}[sound]
    accusative = {"vowel": "н", "nasal": "д", "voiced": "д", "voiceless": "т"}[sound]
    dative = _v(harmony, "қа", "ке") if sound == "voiceless" else _v(harmony, "ға", "ге")
    locative = ("т" if sound == "voiceless" else "д") + _v(harmony, "а", "е")
    ablative = {"vowel": "д", "nasal": "н", "voiced": "д", "voiceless": "т"}[sound]
    if sound == "voiceless":
        instrumental = "пен"
    elif last in "жз":
        instrumental = "бен"
    else:
        instrumental = "мен"
    similative = ("т" if sound == "voiceless" else "д") + _v(harmony, "ай", "ей")
    return [
        (genitive + _v(harmony, "ың", "ің"), False),
        (accusative + _v(harmony, "ы", "і"), False),
        (dative, False),
        (locative, True),
        (ablative + _v(harmony, "ан", "ен"), False),
        (instrumental, False),
        (similative, False),  # Австриядай, Австриядағыдай: like, as in
    ]


def _post_possessive_cases(harmony: str) -> list[tuple[str, bool]]:
    return [
        (_v(harmony, "ның", "нің"), False),
        ("н", False),
        (_v(harmony, "на", "не"), False),
        (_v(harmony, "нда", "нде"), True),
        (_v(harmony, "нан", "нен"), False),
        ("мен", False),
    ]


@lru_cache(maxsize=4096)
def suffix_chains(stem: str, *, possessive: bool = False, common: bool = False) -> frozenset[str]:
    """Every suffix string the grammar allows after ``stem`` (including none). They
    depend on the stem's vowel harmony, how it ends (its sound, its last letter) and
    nothing else: stems alike share one set (``lemmas`` asks for every beginning of
    every word it reads)."""
    return _chains(harmonies(stem, common=common), sound_classes(stem), fold(stem)[-1:], possessive)


@lru_cache(maxsize=1024)
def _chains(
    harmony_set: tuple[str, ...], stem_sounds: tuple[str, ...], last: str, possessive: bool
) -> frozenset[str]:
    chains: set[str] = {""}
    for harmony in harmony_set:
        if possessive:
            chains |= _after_possessive(harmony)
            continue
        for sound in stem_sounds:
            for plural in ("", _plural(sound, last, harmony)):
                # After a plural suffix, the word ends as the suffix does.
                sounds = sound_classes(plural) if plural else (sound,)
                end = plural[-1:] if plural else last
                for next_sound in sounds:
                    chains.add(plural)
                    chains |= {
                        plural + s
                        for s in _with_attributive(_cases(next_sound, end, harmony), harmony)
                    }
                    poss = _possessive(next_sound, harmony)
                    chains |= {plural + poss + s for s in _after_possessive(harmony)}
    return frozenset(chains)


def _after_possessive(harmony: str) -> set[str]:
    return {""} | set(_with_attributive(_post_possessive_cases(harmony), harmony))


def _with_attributive(cases: list[tuple[str, bool]], harmony: str) -> list[str]:
    out = []
    for ending, locative in cases:
        out.append(ending)
        if locative:
            attributive = ending + _v(harmony, "ғы", "гі")  # Астанадағы, Сенатындағы
            out.append(attributive)
            # …and what the attributive itself takes: Еуропадағыдан, Астанадағылар.
            out += [attributive + case for case, _ in _cases("vowel", "ы", harmony)]
            out.append(attributive + _plural("vowel", "ы", harmony))
    return out


def _suffixed_test(stem: str, *, possessive: bool, common: bool = False) -> WordTest:
    chains = suffix_chains(stem, possessive=possessive, common=common)
    stems = [stem]
    if not possessive and stem[-1:] in _VOICING:
        stems.append(stem[:-1] + _VOICING[stem[-1]])  # орталық -> орталығы
    forms = set()
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        # A loan's double consonant is written once before a consonant: Конгресте.
        forms |= {stem[:-1] + chain for chain in chains if chain[:1] not in _VOWELS and chain}
    for index, base in enumerate(stems):
        for chain in chains:
            if index == 0 or chain[:1] in _VOWELS:
                if chain[:1] in _VOWELS and base.endswith("ь"):
                    forms.add(base[:-1] + chain)  # Меркель -> Меркелі: ь goes before a vowel
                else:
                    forms.add(base + chain)
    return _test(forms)


def _nonfinal_forms(word: str) -> set[str]:
    """An earlier word of a name: as written, with or without a genitive."""
    lower = fold(word)
    forms = {lower}
    bare = _GENITIVE_END.sub("", lower)
    if bare != lower and bare:
        forms.add(bare)
    for harmony in harmonies(bare):
        for sound in sound_classes(bare):
            genitive = _cases(sound, bare[-1:], harmony)[0][0]
            forms.add(bare + genitive)
    return forms


@lru_cache(maxsize=1)
def _any_ending() -> frozenset[str]:
    """Every ending a hyphenated abbreviation may take, whatever its sound."""
    endings: set[str] = set()
    for probe in ("а", "е", "н", "л", "т", "к"):
        endings |= suffix_chains(probe)
        endings |= suffix_chains("ы" + probe, possessive=True)
    return frozenset(e for e in endings if e)


class Abbreviation:
    """A hyphenated abbreviation with any case ending: ЕҚЫҰ, ЕҚЫҰ-ның, ЕҚЫҰ-на."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.endings = _any_ending()

    def __call__(self, folded: str) -> bool:
        if folded == self.base:
            return True
        head, dash, ending = folded.partition("-")
        return head == self.base and bool(dash) and ending in self.endings

    def to_data(self) -> dict[str, str]:
        return {"abbreviation": self.base}


def _abbreviation_test(word: str) -> WordTest:
    return Abbreviation(fold(word))


# --------------------------------------------------------------- derived words


def _lyq(stem: str, harmony: str) -> str:
    """-лық/-лік, -дық/-дік, -тық/-тік: the suffix that makes a place's name an
    adjective of it (Қытайлық, Австралиялық, Лондондық, Ирактық)."""
    last = fold(stem).rstrip("ь")[-1:]
    if last in _VOWELS or last in "рйу":
        onset = "л"
    elif last in _NASAL or last in "зжл":
        onset = "д"
    else:
        onset = "т"
    return onset + _v(harmony, "ық", "ік")


def derived_phrases(
    words: Sequence[str], *, kind: str, explicit: bool = False
) -> list[tuple[str, list[WordTest]]]:
    """The place's name with -лық (and its case endings): ``Қытай`` -> қытайлық,
    қытайлықтар, қытайлыққа. Attributive use (қытай тілі) is the name itself.
    Persons never have derived words here; other kinds than places and organisations
    only when the glossary row asks (``explicit``)."""
    kinds = {"place", "organisation"} | ({"other"} if explicit else set())
    if kind not in kinds or _is_abbreviation(words[-1]):
        return []
    last = fold(words[-1])
    bases = [last]
    if last.endswith("ка"):
        bases.append(last[:-1] + "ан")  # Мексика -> мексикандық, Америка -> американдық
    found = []
    earlier: list[WordTest] = [_test(_nonfinal_forms(word)) for word in words[:-1]]
    for base in bases:
        for harmony in harmonies(base):
            derived = [base + _lyq(base, harmony)]
            if base[-1:] not in _VOWELS:
                # Нидерланд -> Нидерландылық: a linking vowel before -лық.
                derived.append(base + _v(harmony, "ы", "і") + _lyq("а", harmony))
            for word in derived:
                found.append(
                    (
                        " ".join([*words[:-1], word]),
                        [*earlier, _suffixed_test(word, possessive=False)],
                    )
                )
    if last.endswith("ея"):
        # Корея -> Корей түбегі: the name before a noun, its final -я gone.
        attributive = last[:-1] + "й"
        found.append(
            (
                " ".join([*words[:-1], attributive]),
                [*earlier, _suffixed_test(attributive, possessive=False)],
            )
        )
    return found


def near_miss(candidate: str, forms: frozenset[str], *, edits: int | None = None) -> bool:
    """Whether ``candidate`` is a misspelling of the word whose forms are ``forms``: once
    a case ending is taken off (any ending, in either vowel row), what is left is a few
    edits from the word itself (Пхеняннің, Тармпқа; Пхеньяннің, whose ending is in the
    wrong row; Еуропалік, whose derivational suffix is); ``edits`` caps how many.
    Comparing stems, not inflected forms, keeps compounds (Жерсерік beside Жер) from
    looking like misspellings."""
    from rapidfuzz.distance import OSA

    by_length, word = _shape(forms)
    if not same_start(candidate, word):
        return False  # every test below keeps the first letter, or one a typist confuses
    size = len(candidate)
    if any(
        OSA.distance(candidate, form, score_cutoff=1) <= 1
        for length in (size - 1, size, size + 1)
        for form in by_length.get(length, ())
    ):
        return True  # one slip from a right form, at the stem's end or in the ending
    allowed = 1 if len(word) <= 5 else 2 if len(word) <= 9 else 3
    if edits is not None:
        allowed = min(allowed, edits)
    endings, longest = _ending_set()
    for cut in range(size, max(1, size - longest) - 1, -1):
        if cut < size and candidate[cut:] not in endings:
            continue
        rest = candidate[:cut]
        if len(rest) < 2 or (len(word) <= 4 and len(rest) < len(word)):
            continue
        if OSA.distance(rest, word, score_cutoff=allowed) <= allowed:
            return True
    return False


@lru_cache(maxsize=4096)
def _shape(forms: frozenset[str]) -> tuple[dict[int, tuple[str, ...]], str]:
    """A word's forms of five letters or more by length, and its shortest form."""
    by_length: dict[int, list[str]] = {}
    for form in forms:
        if len(form) > 4:
            by_length.setdefault(len(form), []).append(form)
    return {k: tuple(v) for k, v in by_length.items()}, min(forms, key=len)


@lru_cache(maxsize=1)
def _ending_set() -> tuple[frozenset[str], int]:
    """Every ending, and the length of the longest."""
    endings = _any_ending()
    return endings, max(len(e) for e in endings)


@lru_cache(maxsize=1)
def _endings_by_length() -> tuple[str, ...]:
    return ("", *sorted(_any_ending(), key=len, reverse=True))


def lemmas(word: str) -> set[str]:
    """The stems ``word`` (folded) may be a form of: every beginning of it that the rest
    is an ending for (Астанадағы -> астана; Меркелі -> меркель; Мексикандық -> мексика,
    a derived word standing for its name), and the word itself."""
    found = {word}
    for cut in range(len(word) - 1, 1, -1):
        stem, rest = word[:cut], word[cut:]
        if stem[-1:] in "гғб" and rest[:1] in _VOWELS:
            stem = stem[:-1] + {"г": "к", "ғ": "қ", "б": "п"}[stem[-1]]  # орталығы
        bases = [stem] + ([stem + "ь"] if rest[:1] in _VOWELS and stem[-1:] != "ь" else [])
        for base in bases:
            if rest in suffix_chains(base) or rest in suffix_chains(base, common=True):
                found.add(base)
        derived = re.fullmatch(r"(?:[ыі])?(?:лық|лік|дық|дік|тық|тік)", rest[:5])
        if derived and (len(rest) == derived.end() or rest[derived.end() :] in _any_ending()):
            found.add(stem)
            if stem.endswith("ан"):
                found.add(stem[:-2] + "а")  # мексикандық -> мексика
    return found


def glossary_form(forms: Sequence[str], *, kind: str) -> str:
    """The form a glossary row writes for a name seen as ``forms`` (most frequent
    first): its last word without the case endings (Кавано, Каванода -> Кавано;
    Ауғанстанға -> Ауғанстан). Where one form is all there is, only an ending of two
    letters or more is taken off (Алматы stays). A guess, for a person to confirm."""
    del kind  # one rule for every kind
    words = forms[0].split()
    if len(words) > 1:
        # The last word of a longer name keeps its possessive (Корея Республикасы,
        # Қорғаныс министрлігі): only what follows it goes.
        possessed = _possessed(words[-1])
        if possessed is not None:
            return " ".join([*words[:-1], possessed])
    lasts = [form.split()[-1] for form in forms]
    folded = [fold(word) for word in lasts]
    common = set.intersection(*(lemmas(word) for word in folded))
    candidates = [
        lemma
        for lemma in common
        if len(lemma) >= 3
        and (len(forms) > 1 or len(folded[0]) - len(lemma) >= 2)
        and folded[0].startswith(lemma.rstrip("ь"))
        and not _unlikely_end(lemma)
    ]
    if not candidates:
        return forms[0]
    bare = [word for word in lasts if fold(word) in candidates]
    if bare:
        # One of the forms is the stem itself (Қарағанды beside Қарағандының).
        return " ".join([*forms[0].split()[:-1], max(bare, key=len)])
    stem = (max if len(set(folded)) > 1 else min)(candidates, key=len)
    word = lasts[0]
    written = word[: len(stem)]
    if stem.endswith("ь") and not written.lower().endswith("ь"):
        written = word[: len(stem) - 1] + "ь"  # Меркелі -> Меркель
    return " ".join([*forms[0].split()[:-1], written])


def _possessed(word: str) -> str | None:
    """``word`` up to and with its 3rd-person possessive, a case ending after it taken
    off (министрлігінің -> министрлігі, Сенатының -> Сенаты, Республикасы stays); None
    when it has no possessive."""
    folded = fold(word)
    for cut in range(4, len(folded) + 1):
        stem, rest = folded[:cut], folded[cut:]
        if not _POSSESSIVE_END.search(stem):
            continue
        harmony = "front" if stem[-1] == "і" else "back"
        if rest in _after_possessive(harmony):
            return word[:cut]
    return None


# ------------------------------------------------ a suffix moved to another stem

#: The cases of ``_cases`` and ``_post_possessive_cases``, in their order.
_CASE_NAMES = ("gen", "acc", "dat", "loc", "abl", "ins", "sim")
#: Letters of a suffix that follow the vowel row: back -> front.
_ROW = str.maketrans("аыұоқғ", "еіүөкг")
_ROW_BACK = str.maketrans("еіүөкг", "аыұоқғ")


def _labelled_cases(
    cases: list[tuple[str, bool]], harmony: str
) -> list[tuple[str, tuple[str, ...]]]:
    """Case endings with what they are (``("loc",)``, and after a locative the
    attributive -ғы/-гі and what it takes: ``("loc", "attr", "abl")``)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for (ending, locative), name in zip(cases, _CASE_NAMES, strict=False):
        out.append((ending, (name,)))
        if locative:
            attributive = ending + _v(harmony, "ғы", "гі")
            out.append((attributive, (name, "attr")))
            out += [
                (attributive + case, (name, "attr", after))
                for (case, _), after in zip(_cases("vowel", "ы", harmony), _CASE_NAMES, strict=True)
            ]
            out.append((attributive + _plural("vowel", "ы", harmony), (name, "attr", "pl")))
    return out


def _labelled_chains(
    stem: str, harmony: str, sound: str, *, possessive: bool
) -> list[tuple[str, tuple[str, ...]]]:
    """The suffix chains of ``suffix_chains`` for one vowel row and one sound of the
    stem's end, each with its parts: plural ``pl``, possessive ``px``, case."""
    after_possessive = [("", ()), *_labelled_cases(_post_possessive_cases(harmony), harmony)]
    if possessive:
        return after_possessive
    out: list[tuple[str, tuple[str, ...]]] = [("", ())]
    for plural in ("", _plural(sound, fold(stem)[-1:], harmony)):
        mark = ("pl",) if plural else ()
        word = fold(stem) + plural
        for next_sound in sound_classes(word) if plural else (sound,):
            if plural:
                out.append((plural, mark))
            cases = _labelled_cases(_cases(next_sound, word[-1:], harmony), harmony)
            out += [(plural + ending, mark + parts) for ending, parts in cases]
            poss = _possessive(next_sound, harmony)
            out += [
                (plural + poss + ending, (*mark, "px", *parts))
                for ending, parts in after_possessive
            ]
    return out


@lru_cache(maxsize=1)
def _suffix_parts() -> dict[str, tuple[str, ...]]:
    """Every suffix chain of any stem, with its parts (the fewest, where two readings
    are written alike)."""
    parts: dict[str, tuple[str, ...]] = {}
    for probe in ("а", "е", "и", "у", "н", "м", "л", "р", "й", "з", "ж", "т", "к", "с", "п"):
        for harmony in ("back", "front"):
            for sound in sound_classes(probe):
                for possessive in (False, True):
                    for chain, labels in _labelled_chains(
                        probe, harmony, sound, possessive=possessive
                    ):
                        known = parts.get(chain)
                        if known is None or len(labels) < len(known):
                            parts[chain] = labels
    return parts


def suffix_parts(suffix: str) -> tuple[str, ...] | None:
    """What a case suffix is, whatever stem it was written after (None: not one).

    >>> suffix_parts("ның"), suffix_parts("тағы"), suffix_parts("ларына")
    (('gen',), ('loc', 'attr'), ('pl', 'px', 'dat'))
    """
    return _suffix_parts().get(fold(suffix))


def suffix_for(
    stem: str,
    parts: Sequence[str],
    *,
    possessive: bool = False,
    common: bool = False,
    prefer: str = "",
) -> str | None:
    """The suffix made of ``parts`` after ``stem``, in its vowel row and with the
    consonants its end calls for; ``prefer`` (a suffix as an engine wrote it) is kept
    when the grammar allows it there, else its vowel row where the stem allows both.
    After a possessive (``Республикасы``) a plural or possessive part is dropped: the
    word already has its own."""
    wanted = tuple(p for p in parts if p not in {"pl", "px"}) if possessive else tuple(parts)
    candidates = [
        (chain, harmony)
        for harmony in harmonies(stem, common=common)
        for sound in sound_classes(stem)
        for chain, labels in _labelled_chains(stem, harmony, sound, possessive=possessive)
        if labels == wanted
    ]
    if not candidates:
        return None
    folded = fold(prefer)
    if any(chain == folded for chain, _ in candidates):
        return folded
    row = "front" if set(folded) & _FRONT else "back" if set(folded) & _BACK else ""
    return next((chain for chain, harmony in candidates if harmony == row), candidates[0][0])


def move_suffix(
    suffix: str, stem: str, *, possessive: bool = False, common: bool = False
) -> str | None:
    """The engine's ``suffix`` re-made for ``stem``: the same case (and plural,
    possessive, attributive) in the stem's vowel row, with the consonant its end
    calls for. A suffix that is no case ending (a derivational -лық) keeps its
    consonants and takes the stem's vowel row. None: the suffix cannot be read.

    >>> move_suffix("да", "Астана"), move_suffix("ның", "Тоқаев"), move_suffix("ге", "Париж")
    ('да', 'тың', 'ге')
    >>> move_suffix("нің", "ЕҚЫҰ"), move_suffix("ды", "Астана")
    ('ның', 'ны')
    >>> move_suffix("ның", "Республикасы", possessive=True)
    'ның'
    """
    if not suffix:
        return ""
    parts = suffix_parts(suffix)
    if parts is not None:
        chain = suffix_for(stem, parts, possessive=possessive, common=common, prefer=suffix)
        if chain is not None:
            return chain
    rows = harmonies(stem, common=common)
    if not rows or not re.fullmatch(r"[а-яәғқңөұүһі]+", fold(suffix)):
        return None
    folded = fold(suffix)
    return folded.translate(_ROW) if rows[0] == "front" else folded.translate(_ROW_BACK)


def attach(stem: str, suffix: str, *, common: bool = False) -> str:
    """``stem`` with ``suffix``: a final ь goes before a vowel (Меркель -> Меркелі),
    and a common word's final к, қ, п voices there (орталық -> орталығы); a loan's
    double consonant is written once before a consonant (Конгресс -> Конгресте); a
    hyphenated abbreviation keeps its hyphen (ЕҚЫҰ-ның).

    >>> attach("Астана", "да"), attach("ЕҚЫҰ", "ның"), attach("орталық", "ы", common=True)
    ('Астанада', 'ЕҚЫҰ-ның', 'орталығы')
    >>> attach("Конгресс", "те"), attach("Конгресс", "і")
    ('Конгресте', 'Конгрессі')
    """
    if not suffix:
        return stem
    if _is_abbreviation(stem):
        return f"{stem}-{suffix}"
    if suffix[:1] in _VOWELS:
        if stem.endswith("ь"):
            return stem[:-1] + suffix
        if common and stem[-1:] in _VOICING:
            return stem[:-1] + _VOICING[stem[-1]] + suffix
    elif len(stem) > 3 and fold(stem[-1]) == fold(stem[-2]) and fold(stem[-1]) not in _VOWELS:
        return stem[:-1] + suffix
    return stem + suffix


def split_suffix(word: str, stems: Sequence[str]) -> tuple[str, str]:
    """``word`` as the engine wrote it, split into the stem it renders and its case
    suffix: at a hyphen before an ending (ЕҚЫҰ-ның, Tokayev-тың), else where the rest
    is closest to one of ``stems`` (the forms it was recognised as: Нұр-Сұлтан in
    Нұр-Сұлтанда, Тоқаев in Токаевтың).

    >>> split_suffix("Нұр-Сұлтандағы", ["Нұр-Сұлтан"]), split_suffix("OSCE-нің", ["ЕҚЫҰ"])
    (('Нұр-Сұлтан', 'дағы'), ('OSCE', 'нің'))
    """
    from rapidfuzz.distance import OSA

    head, dash, tail = word.rpartition("-")
    if dash and head and fold(tail) in _any_ending():
        return head, tail
    if not stems:
        return word, ""
    folded = fold(word)
    best: tuple[int, int, str, str] | None = None
    for ending in _endings_by_length():
        if ending and not folded.endswith(ending):
            continue
        rest = word[: len(word) - len(ending)]
        if len(rest) < 2:
            continue
        distance = min(OSA.distance(fold(rest), fold(stem)) for stem in stems)
        key = (distance, -len(ending), rest, word[len(rest) :])
        if best is None or key[:2] < best[:2]:
            best = key
    return (best[2], best[3]) if best else (word, "")


def after_possessive(words: Sequence[str]) -> bool:
    """Whether a name's case endings go after a possessive its last word carries (a
    name of several words: Қазақстан Республикасы -> Республикасының), as
    ``phrase_tests`` reads the name."""
    return len(words) > 1 and bool(_POSSESSIVE_END.search(fold(words[-1])))


def _unlikely_end(stem: str) -> bool:
    """A stem no word ends with: a voiced obstruent before a voiceless one (Қырғызс, the
    -тан of Қырғызстан read as an ablative)."""
    return len(stem) > 2 and stem[-2] in "бвгғджз" and stem[-1] in "пфкқтшщсхһцч"
