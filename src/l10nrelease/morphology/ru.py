"""Russian: which inflected forms of a glossary word to accept.

Proper names follow the written standard (gramota.ru): surnames and foreign names in
-о, -е, -и, -у, -ю are invariant (Кравченко, Сабо); abbreviations are invariant
(ОБСЕ); surnames in -ов/-ев/-ин decline like Карбузов -> Карбузова, those in
-ова/-ева/-ина like adjectives (Нугмановой); first names in a consonant, -й or -ь
decline as masculine nouns (Андрея, Дьёрдя); names in -а/-я as feminine nouns.
Other words (the common nouns and adjectives of an organisation's or a place's name)
take their forms from pymorphy3's dictionary, and only the head noun and the
adjectives before it decline: in "Офис программ ОБСЕ в Астане" and "Республика
Корея" everything after the head stays as it is ("Офисом программ ОБСЕ в Астане",
"в Республике Корея"). ё and е are the same letter here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .base import WordTest, exact_test, fold

_VOWELS = "аеёиоуыэюя"
_INVARIANT_ENDINGS = tuple("оеиуыэю")
_HUSHING = "гкхжшщч"


def phrase_tests(words: Sequence[str], *, kind: str) -> list[WordTest]:
    if kind == "person":
        return [_test(word_forms(word, kind=kind)) for word in words]
    head = next(
        (i for i, word in enumerate(words) if _is_head_noun(word, last=i == len(words) - 1)),
        None,
    )
    if head is None:
        if all(_is_adjective(word) for word in words):
            # A derived adjective listed as a variant (китайский for China) agrees with
            # a noun outside the name: any gender, any number.
            return [_test(_adjective_forms(fold(word))) for word in words]
        # No noun in the nominative: a name the dictionary does not know (Кавано),
        # or a fixed phrase. Proper names decline by their ending; the rest is fixed.
        return [
            _test(word_forms(word, kind=kind)) if word[:1].isupper() else exact_test(word)
            for word in words
        ]
    return [
        _test(word_forms(word, kind=kind)) if index <= head else exact_test(word)
        for index, word in enumerate(words)
    ]


def _test(forms: set[str]) -> WordTest:
    return frozenset(forms)


def _is_adjective(word: str) -> bool:
    lower = fold(word)
    return any(
        p.is_known and p.tag.POS == "ADJF" and p.tag.case == "nomn" and fold(p.word) == lower
        for p in _analyzer().parse(lower)
    )


def _adjective_forms(word: str) -> set[str]:
    forms = {word}
    for parse in _analyzer().parse(word):
        if parse.is_known and parse.tag.POS == "ADJF" and fold(parse.word) == word:
            forms |= {fold(f.word) for f in parse.lexeme if f.tag.POS == "ADJF"}
    return forms


def _is_head_noun(word: str, *, last: bool = False) -> bool:
    """A noun in the nominative (not a word that may equally be an adjective, like
    «Ближний», unless it ends the name), or a proper name the dictionary lacks."""
    if "-" in word and not word.isupper():
        word = word.rpartition("-")[2]  # Казахстанско-Немецкий: the part that declines
    lower = fold(word)
    if word.isupper() or not lower:
        return False
    parses = [p for p in _analyzer().parse(lower) if fold(p.word) == lower]
    known = [p for p in parses if p.is_known]
    if not known:
        return word[:1].isupper()
    nominal = [p for p in known if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
    if not nominal:
        return False
    adjectival = any(p.tag.POS in {"ADJF", "PRTF"} and p.tag.case == "nomn" for p in known)
    return last or not adjectival


def word_forms(word: str, *, kind: str = "other") -> set[str]:
    """Every accepted written form of ``word`` (lower case)."""
    if "-" in word and not word.isupper():
        head, _, tail = word.rpartition("-")
        if kind == "person" or _is_name_like(tail):
            return {f"{fold(head)}-{form}" for form in word_forms(tail, kind=kind)}
        if tail and _is_adjective(tail):
            # A compound adjective declines its last part: Казахстанско-Немецкого.
            return {f"{fold(head)}-{form}" for form in _adjective_forms(fold(tail))}
    lower = fold(word)
    if word.isupper() or any(char.isdigit() for char in word):
        return {lower}  # abbreviations: ОБСЕ, АТЦ
    if kind != "person" and _dictionary_nominative(lower):
        return _dictionary_forms(lower)
    # A person, or a word the dictionary lacks or knows only in another form (Дакара
    # read as the genitive of Дакар): decline it by its ending, as names are.
    return _name_forms(lower)


def _is_name_like(word: str) -> bool:
    return word[:1].isupper() and not _dictionary_knows(fold(word))


def _name_forms(word: str) -> set[str]:
    """Declension of personal and unknown proper names, by their ending."""
    forms = {word}
    if word.endswith(_INVARIANT_ENDINGS):
        return forms  # Кравченко, Сабо, Кавано: invariant in the written standard
    if word.endswith(("ова", "ева", "ёва", "ина", "ына")):
        stem = word[:-1]
        return forms | {stem + "ой", stem + "у", stem + "ою"}
    if word.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return forms | {word + ending for ending in ("а", "у", "ым", "е")}
    if word.endswith("ий"):
        stem = word[:-2]
        return forms | {stem + e for e in ("ия", "ию", "ием", "ии")}
    if word.endswith(("й", "ь")):
        stem = word[:-1]
        return forms | {stem + e for e in ("я", "ю", "ем", "е")}
    if word.endswith("а"):
        stem = word[:-1]
        genitive = "и" if stem[-1:] in _HUSHING else "ы"
        return forms | {stem + e for e in (genitive, "е", "у", "ой", "ою")}
    if word.endswith("я"):
        stem = word[:-1]
        return forms | {stem + e for e in ("и", "е", "ю", "ей", "ею")}
    if word[-1:] not in _VOWELS:
        instrumental = "ем" if word[-1:] in "жшщчц" else "ом"
        return forms | {word + e for e in ("а", "у", instrumental, "е")}
    return forms


@lru_cache(maxsize=1)
def _morph():  # type: ignore[no-untyped-def]
    import pymorphy3  # heavy: loaded only when a Russian form is first needed

    return pymorphy3.MorphAnalyzer()


class _Analyzer:
    """pymorphy3's analyzer with each word's parses remembered."""

    @staticmethod
    @lru_cache(maxsize=65536)
    def parse(word: str) -> tuple:  # type: ignore[type-arg]
        return tuple(_morph().parse(word))


@lru_cache(maxsize=1)
def _analyzer() -> type[_Analyzer]:
    return _Analyzer


@lru_cache(maxsize=65536)
def _morph_knows(word: str) -> bool:
    return bool(_morph().word_is_known(word))


def _dictionary_knows(word: str) -> bool:
    return any(parse.is_known for parse in _analyzer().parse(word))


def _dictionary_nominative(word: str) -> bool:
    """Whether the dictionary knows ``word`` itself as a nominative form."""
    return any(
        parse.is_known and parse.tag.case == "nomn" and fold(parse.word) == word
        for parse in _analyzer().parse(word)
    )


def _dictionary_forms(word: str) -> set[str]:
    """Forms of a nominative word, keeping its number (and gender, for adjectives).

    A word with a singular nominative reading declines in the singular; one that is
    only ever plural (Соединённые Штаты, Нидерланды) in the plural.
    """
    parses = [
        p
        for p in _analyzer().parse(word)
        if fold(p.word) == word and p.is_known and p.tag.case == "nomn"
    ]
    singular = [p for p in parses if p.tag.number == "sing" or "Pltm" in p.tag]
    chosen = singular or parses
    forms: set[str] = set()
    for parse in chosen:
        for form in parse.lexeme:
            tag = form.tag
            if tag.number != parse.tag.number or tag.POS != parse.tag.POS:
                continue
            if parse.tag.POS in {"ADJF", "PRTF"} and tag.gender != parse.tag.gender:
                continue
            if parse.tag.POS == "PRTF" and (tag.voice, tag.tense) != (
                parse.tag.voice,
                parse.tag.tense,
            ):
                continue
            forms.add(fold(form.word))
    return forms | {word}


# ----------------------------------------------------------------- inflection

#: Prepositions that decide the case of the noun after them (ambiguous ones, such as
#: «в», «на», «за», «по», are left out: the base form and a comment are safer).
CASE_AFTER = {
    **dict.fromkeys(
        (
            "из",
            "от",
            "до",
            "для",
            "без",
            "у",
            "около",
            "после",
            "вокруг",
            "кроме",
            "среди",
            "против",
            "вместо",
            "возле",
            "со стороны",
        ),
        "gent",
    ),
    **dict.fromkeys(("к", "ко", "благодаря", "согласно"), "datv"),
    **dict.fromkeys(("о", "об", "обо", "при"), "loct"),
    **dict.fromkeys(("с", "со", "над", "под", "перед", "между"), "ablt"),
}


def inflect_phrase(words: Sequence[str], *, kind: str, case: str) -> str | None:
    """The name in ``case`` (gent, datv, ablt, loct), or None when it cannot be told."""
    if kind == "person":
        feminine = fold(words[-1]).endswith(("ова", "ева", "ина", "ая"))
        parts = [_person_word(word, case, feminine=feminine) for word in words]
        known = [part for part in parts if part is not None]
        return " ".join(known) if len(known) == len(parts) else None
    head = next(
        (i for i, word in enumerate(words) if _is_head_noun(word, last=i == len(words) - 1)),
        None,
    )
    if head is None:
        return None
    out = []
    for index, word in enumerate(words):
        if index > head or word.isupper():
            out.append(word)
            continue
        changed = _dictionary_inflect(word, case)
        if changed is None:
            return None
        out.append(changed)
    return " ".join(out)


def _dictionary_inflect(word: str, case: str) -> str | None:
    lower = fold(word)
    for parse in _analyzer().parse(lower):
        if fold(parse.word) != lower or not parse.is_known or parse.tag.case != "nomn":
            continue
        form = parse.inflect({case})
        if form is not None:
            return _like(word, form.word)
    return None


def _person_word(word: str, case: str, *, feminine: bool) -> str | None:
    lower = fold(word)
    if word.isupper() or lower.endswith(_INVARIANT_ENDINGS):
        return word  # Кравченко, Сабо
    if lower.endswith(("ова", "ева", "ина", "ына")):
        return word[:-1] + "ой" if case != "accs" else word[:-1] + "у"
    if lower.endswith("а") or lower.endswith("я"):
        ending = {
            "gent": "и" if lower.endswith("я") or lower[-2:-1] in _HUSHING else "ы",
            "datv": "е",
            "ablt": "ей" if lower.endswith("я") else "ой",
            "loct": "е",
        }
        return word[:-1] + ending[case]
    if feminine:
        return word  # a woman's name in a consonant does not decline: Карлыгаш
    if lower.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return word + {"gent": "а", "datv": "у", "ablt": "ым", "loct": "е"}[case]
    if lower.endswith(("й", "ь")):
        return word[:-1] + {"gent": "я", "datv": "ю", "ablt": "ем", "loct": "е"}[case]
    if lower[-1:] not in _VOWELS:
        instrumental = "ем" if lower[-1] in "жшщчц" else "ом"
        return word + {"gent": "а", "datv": "у", "ablt": instrumental, "loct": "е"}[case]
    return None


def _like(original: str, form: str) -> str:
    """``form`` written with ``original``'s capitals (Генеральная -> Генеральной)."""
    if original.isupper():
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


# --------------------------------------------------------------- derived words

#: What follows a place's stem in the adjectives and demonyms derived from it:
#: Лондон-ск-ий, Индонези-йск-ий, Мексик-анск-ий, Европ-ейск-ий, Итал-ьянск-ий,
#: Кита-ец, Австрали-ец, Америк-анец, Росси-янин.
_ADJECTIVE_SUFFIXES = (
    "ский", "ийский", "йский", "анский", "янский", "ьянский", "ейский", "ьский",
    "еский", "ческий", "ецкий", "цкий", "инский", "ионский", "узский",
)  # fmt: skip
_DEMONYM_SUFFIXES = (
    "ец", "иец", "йец", "анец", "янец", "ьянец", "анин", "янин", "ианин", "уз",
)  # fmt: skip
_FINAL_VOWEL = re.compile(r"(?:ия|ья|ея|ая|а|я|о|е|ы|и|ь|й)$")


def derived_phrases(
    words: Sequence[str], *, kind: str, explicit: bool = False
) -> list[tuple[str, list[WordTest]]]:
    """The adjectives and demonyms derived from a place's or an organisation's name
    that pymorphy3's dictionary knows (``Мексика`` -> мексиканский, мексиканец;
    ``Северная Корея`` -> северокорейский), each as a one-word phrase in any form. A
    derived word must come from the approved form by the derivation rules: a wrong
    stem (ктиайский) is not one. Persons never have derived words here.

    ``explicit``: the glossary row asks for derived words (any kind but a person), so
    a one-word name the dictionary has no adjective for takes the regular one in -ский
    (Цин -> цинский, цинская, цинского)."""
    kinds = {"place", "organisation"} | ({"other"} if explicit else set())
    if kind not in kinds or any(word.isupper() for word in words):
        return []
    head = _derivation_head(words, kind)
    if head is None:
        return []
    last, prefixes = head
    found: list[tuple[str, list[WordTest]]] = []
    for prefix in prefixes:
        for lemma, pos in _derived_lemmas(last, prefix=prefix):
            forms = _lexeme(lemma, pos)
            if forms:
                found.append((lemma, [frozenset(forms)]))
    town = kind == "place" and len(words) == 1
    if not found and len(last) >= 3 and (explicit or (town and last[-1:] not in "ьй")):
        found.extend(_regular_adjectives(last))
    return found


def _derivation_head(words: Sequence[str], kind: str) -> tuple[str, list[str]] | None:
    """The folded word a name's derived words are made from, and the compound
    prefixes they may take (северо- for «Северная Корея»); None when it has none."""
    last = fold(words[-1])
    if len(words) == 2:
        prefixes = _compound_prefixes(fold(words[0]))
        return (last, prefixes) if prefixes else None
    if len(words) > 2:
        # "Соединённые Штаты Америки": the words derived from the place it is of
        # (американский), where the last word is a proper noun.
        if not words[-1][:1].isupper() or kind != "place":
            return None  # an office «…Республики Казахстан» is not казахстанский
        parses = _analyzer().parse(last)
        last = next((fold(p.normal_form) for p in parses if p.tag.case == "gent"), last)
    return last, [""]


def _regular_adjectives(last: str) -> list[tuple[str, list[WordTest]]]:
    """The regular adjective, where the dictionary has none: asked for by the row
    (Цин -> цинский), or a town's: -ский after a consonant (Шымкент -> шымкентский),
    -инский after -а, -ы (Астана -> астанинский, Алматы -> алматинский)."""
    base = _FINAL_VOWEL.sub("", last)
    stems = [base + "ск"] if last[-1:] not in "аы" else [base + "инск", base + "ск"]
    return [(stem + "ий", [frozenset(stem + e for e in _SKIJ_ENDINGS)]) for stem in stems]


#: The endings of an adjective in -ский, every gender, number and case.
_SKIJ_ENDINGS = ("ий", "ая", "ое", "ие", "ого", "ой", "ому", "ую", "им", "ом", "их", "ими")


#: The consonant changes before -ск- and -еск-: Норвегия -> норвежский, Греция ->
#: греческий, Чехия -> чешский, Польша -> польский.
_ALTERNATIONS = {"г": "ж", "ц": "ч", "х": "ш", "к": "ч"}
#: Rarer changes, tried only where the dictionary knows the result: Швеция -> шведский.
_RARE_ALTERNATIONS = {"ц": "д"}


def _derived_lemmas(word: str, *, prefix: str = "") -> list[tuple[str, str]]:
    """Adjective and demonym lemmas the dictionary knows, made from ``word``'s stem
    (after ``prefix``, for a compound: северо- + корейский)."""
    stems = {word, _FINAL_VOWEL.sub("", word)}
    if word.endswith(("ия", "ея")):
        stems.add(word[:-1])  # Индонезия -> индонези-йский, Корея -> коре-йский
    if word.endswith("а") and word[-2:-1] in "кгх":
        stems.add(word[:-1])  # Мексика -> мексик-анский
    if word.endswith("ва") and len(word) > 4:
        stems.add(word[:-2] + "ов")  # Москва -> моск-овский
    inserted: set[str] = set()
    for stem in list(stems):
        if stem[-1:] in _ALTERNATIONS:
            stems.add(stem[:-1] + _ALTERNATIONS[stem[-1]])
        if stem[-1:] in _RARE_ALTERNATIONS:
            stems.add(stem[:-1] + _RARE_ALTERNATIONS[stem[-1]])
        if stem[-1:] in "шщ":
            stems.add(stem[:-1])  # Польша -> поль-ский
        if stem.endswith("ц"):
            inserted.add(stem[:-1] + "ец")  # Турция -> турец-кий
    lemmas = []
    for stem in sorted(stems | inserted, key=len):
        if len(stem) < 3:
            continue
        suffixes = ("кий",) if stem in inserted else _ADJECTIVE_SUFFIXES
        for suffix in suffixes:
            if _known_lemma(prefix + stem + suffix, "ADJF"):
                lemmas.append((prefix + stem + suffix, "ADJF"))
        for suffix in _DEMONYM_SUFFIXES:
            noun = prefix + stem + suffix
            if _known_lemma(noun, "NOUN") and _animate(noun):
                lemmas.append((noun, "NOUN"))  # a person: кореец, not корец
    return list(dict.fromkeys(lemmas))


def _compound_prefixes(adjective: str) -> list[str]:
    """The first part of a compound adjective from an adjective: северная -> северо-,
    южная -> южно-, новая -> ново-, ближний -> ближне-."""
    if not _is_adjective(adjective):
        return []
    lemmas = {
        fold(p.normal_form)
        for p in _analyzer().parse(adjective)
        if p.is_known and p.tag.POS == "ADJF"
    }
    prefixes = set()
    for lemma in lemmas:
        stem = re.sub(r"(?:ый|ий|ой)$", "", lemma)
        prefixes |= {stem + "о", stem + "е"}
        if stem.endswith("н"):
            prefixes.add(stem[:-1] + "о")  # северный -> северо-
    return sorted(prefixes)


def _animate(noun: str) -> bool:
    return any(p.is_known and "anim" in p.tag for p in _analyzer().parse(noun))


def _known_lemma(word: str, pos: str) -> bool:
    if not _morph_knows(word):
        return False  # most made-up derivations: one lookup, no parse
    return any(
        p.is_known and pos == p.tag.POS and fold(p.normal_form) == word and fold(p.word) == word
        for p in _analyzer().parse(word)
    )


def _lexeme(lemma: str, pos: str) -> set[str]:
    """Every form of a known adjective (any gender, number, case) or noun (any number)."""
    forms: set[str] = set()
    for parse in _analyzer().parse(lemma):
        if parse.is_known and pos == parse.tag.POS and fold(parse.normal_form) == lemma:
            forms |= {fold(form.word) for form in parse.lexeme if pos == form.tag.POS}
    return forms


def is_common_word(word: str) -> bool:
    """Whether the dictionary knows ``word`` only as a common word (not a name, a
    surname or a place): Риф, not Римм (Римма)."""
    parses = [p for p in _analyzer().parse(word) if p.is_known]
    return bool(parses) and not any(
        {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"} & set(p.tag.grammemes) for p in parses
    )


def lemmas(word: str) -> set[str]:
    """The dictionary forms ``word`` (folded) may be of: its lemmas as pymorphy3 reads
    it (Европы -> европа; Каванауга -> каванауг, by its guesser), and the word itself.
    An adjective derived from a place (иранский) gives the place too, where the
    dictionary knows it (иран)."""
    found = {word}
    for parse in _analyzer().parse(word):
        lemma = fold(parse.normal_form)
        found.add(lemma)
        if not parse.is_known:
            # A name the dictionary lacks (Каванауга): its stem without a case ending.
            found |= {
                word[: -len(ending)]
                for ending in _NOUN_ENDINGS
                if word.endswith(ending) and len(word) - len(ending) >= 4
            }
        if parse.tag.POS == "ADJF" and lemma.endswith(("ский", "цкий")):
            for suffix in (
                "ийский",
                "йский",
                "ьянский",
                "анский",
                "янский",
                "ейский",
                "ский",
                "цкий",
            ):
                if lemma.endswith(suffix):
                    stem = lemma[: -len(suffix)]
                    found |= {
                        place
                        for place in (stem, stem + "а", stem + "ия", stem + "я", stem + "ы")
                        if len(place) >= 3 and _known_place(place)
                    }
    return found


#: Case endings of nouns, to take a name the dictionary lacks back to its stem.
_NOUN_ENDINGS = (
    "ами", "ями", "ов", "ев", "ом", "ем", "ой", "ей", "ах", "ях", "ам", "ям",
    "а", "я", "у", "ю", "е", "ы", "и",
)  # fmt: skip


def _known_place(word: str) -> bool:
    return any(
        p.is_known and "Geox" in p.tag.grammemes and fold(p.normal_form) == word
        for p in _analyzer().parse(word)
    )


def glossary_form(forms: Sequence[str], *, kind: str) -> str:
    """The form a glossary row writes for a name seen as ``forms`` (most frequent
    first): one of them already in the nominative singular where there is one, else
    the first with its words up to the head noun put in the nominative, agreeing with
    it (Национального банка -> Национальный банк; Мадине Абылкасымовой -> Мадина
    Абылкасымова). A guess, for a person to confirm."""
    for form in forms:
        # The others are this one declined, word by word: it is the nominative
        # (Каванауг, Каванауга; Мадина Абылкасымова, Мадины Абылкасымовой).
        others = [o for o in forms if o != form and len(o.split()) == len(form.split())]
        if (
            others
            and (kind == "person" or not _read_as_oblique(form))
            and all(
                all(_declined(a, b) for a, b in zip(form.split(), o.split(), strict=True))
                for o in others
            )
        ):
            return form
    longest = max(len(form.split()) for form in forms)
    full = [form for form in forms if len(form.split()) == longest]  # Дьёрдь Сабо, not Сабо
    if kind == "person":
        return " ".join(_person_nominative(full[0].split(), gender=_gender(full)))
    nominative = [form for form in full if _nominative(form.split(), kind=kind)]
    if nominative:
        return min(nominative, key=len)  # Каванауг before Каванауга, read as feminine
    return " ".join(_to_nominative(full[0].split(), kind=kind))


#: A surname's oblique endings and its nominative, for a man and for a woman.
_SURNAME_CASES = {
    "masc": [(e + c, e) for e in ("ов", "ев", "ёв", "ин", "ын") for c in ("а", "у", "ым", "е")],
    "femn": [(e + c, e + "а") for e in ("ов", "ев", "ёв", "ин", "ын") for c in ("ой", "ою", "у")],
}


def _gender(forms: Sequence[str]) -> str | None:
    """Whether a person seen as ``forms`` is a woman ("femn") or a man ("masc"), where
    something tells: a surname in -овой (only women's take it), in -овым (only men's),
    or the dictionary's reading of the first name (Мадина; Даурена, the genitive of
    Даурен). None where nothing does (Акмарал Альназарова)."""
    for form in forms:
        words = fold(form).split()
        if words[-1].endswith(("овой", "евой", "ёвой", "иной", "ыной", "овою", "евою")):
            return "femn"
        if words[-1].endswith(("овым", "евым", "ёвым", "иным", "ыным")):
            return "masc"
    first = fold(forms[0]).split()[0] if len(forms[0].split()) > 1 else ""
    names = [p for p in _analyzer().parse(first) if "Name" in p.tag.grammemes] if first else []
    if names and {p.tag.gender for p in names} == {"femn"}:
        return "femn"
    if names and names[0].tag.gender == "masc" and names[0].tag.case != "nomn":
        return "masc"  # Даурена Абаева: a man's name, in another case
    return None


def _person_nominative(words: Sequence[str], *, gender: str | None) -> list[str]:
    """A person's name in the nominative: a surname in -ов/-ев/-ин by its ending
    (Абаева -> Абаев for a man, Абылкасымовой -> Абылкасымова for a woman), a first
    name by the dictionary where it reads it in another case; left as written where
    the gender cannot be told."""
    out = []
    for word in words:
        lower = fold(word)
        rule = next(
            ((e, b) for e, b in _SURNAME_CASES.get(gender or "", ()) if lower.endswith(e)), None
        )
        if rule is not None:
            ending, base = rule
            out.append(word[: len(word) - len(ending)] + _like(word[-len(ending) :], base))
            continue
        if lower.endswith(_SURNAME_ENDINGS):
            out.append(word)  # a surname whose case the gender would tell: as written
            continue
        names = [p for p in _analyzer().parse(lower) if "Name" in p.tag.grammemes]
        if not _fixed(word) and names and names[0].tag.case not in {"nomn", None}:
            form = names[0].inflect({"nomn"})
            out.append(_like(word, form.word) if form is not None else word)
        else:
            out.append(word)
    return out


def _fixed(word: str) -> bool:
    """A word a case never changes: an abbreviation (ООН, ООН-Женщины), no Cyrillic."""
    return any(part.isupper() and len(part) > 1 for part in word.split("-")) or not re.search(
        r"[а-яё]", word.lower()
    )


def _parses(word: str, kind: str) -> tuple:  # type: ignore[type-arg]
    parses = _analyzer().parse(fold(word))
    if kind == "person":
        named = tuple(p for p in parses if {"Name", "Surn"} & set(p.tag.grammemes))
        return named or parses
    return parses


def _nominative(words: Sequence[str], *, kind: str) -> bool:
    """Whether every word up to the head noun reads as a nominative singular (or an
    only-plural noun: Нидерланды)."""
    for word in words:
        if _fixed(word):
            continue
        parses = _parses(word, kind)
        first = parses[0] if parses else None  # the likeliest reading
        if first is None or not (
            first.tag.case == "nomn" and ("sing" in first.tag or "Pltm" in first.tag)
        ):
            return False
        if kind != "person" and any(p.tag.POS == "NOUN" for p in parses):
            return True
    return True


def _to_nominative(words: Sequence[str], *, kind: str) -> list[str]:
    out = list(words)
    head = next(
        (
            i
            for i, word in enumerate(words)
            if kind != "person" and any(p.tag.POS == "NOUN" for p in _parses(word, kind))
        ),
        len(words) - 1 if kind != "person" else None,
    )
    last = len(words) - 1 if head is None else head
    gender, number = None, "sing"
    if head is not None and not _fixed(words[head]):
        changed, gender, number = _noun_nominative(words[head], kind)
        out[head] = changed
    grammemes = {"nomn", number} | ({gender} if gender and number == "sing" else set())
    for index in range(last + (1 if head is None else 0)):
        if index != head and not _fixed(words[index]):
            out[index] = _agreeing(words[index], kind, grammemes)
    return out


def _agreeing(word: str, kind: str, grammemes: set[str]) -> str:
    """A word before the head noun in the nominative, with the head's gender and
    number (Национального -> Национальный)."""
    parses = _parses(word, kind)
    singular = [p for p in parses if "sing" in p.tag and p.tag.case != "nomn"] or parses
    form = singular[0].inflect(grammemes) if singular else None
    return _like(word, form.word) if form is not None else word


def _noun_nominative(word: str, kind: str) -> tuple[str, str | None, str]:
    """A noun in the nominative, keeping the number of its oblique reading (singular
    first: Министерства -> Министерство), with its gender and number."""
    parses = _parses(word, kind)
    oblique = [p for p in parses if p.tag.case != "nomn" and "sing" in p.tag]
    parse = (oblique or list(parses) or [None])[0]
    if parse is None:
        return word, None, "sing"
    form = parse.inflect({"nomn"})
    if form is None:
        return word, parse.tag.gender, parse.tag.number or "sing"
    return _like(word, form.word), form.tag.gender, form.tag.number or "sing"


def is_modifier(word: str) -> bool:
    """Whether ``word`` (folded) may be an adjective or a participle before a noun
    (Российской, Соединённого, Национального)."""
    return any(p.tag.POS in {"ADJF", "PRTF"} for p in _analyzer().parse(word))


def _read_as_oblique(form: str) -> bool:
    """Whether the dictionary reads a word of ``form`` first as another case than the
    nominative (Казахстана: the genitive of Казахстан)."""
    for word in form.split():
        parses = [p for p in _analyzer().parse(fold(word)) if p.is_known]
        if parses and parses[0].tag.case not in {"nomn", None}:
            return True
    return False


def _declined(base: str, other: str) -> bool:
    """Whether ``other`` is ``base`` in another case, by its ending alone: Карин ->
    Карина, Мадина -> Мадины, Абылкасымова -> Абылкасымовой, Актоты unchanged."""
    base, other = fold(base), fold(other)
    if other == base:
        return True
    if other.startswith(base) and other[len(base) :] in _NOUN_ENDINGS:
        return True
    feminine = {"а": ("ы", "ой", "е", "у", "и", "ою"), "я": ("и", "ей", "е", "ю")}
    endings = feminine.get(base[-1:], ())
    return other[:-1].startswith(base[:-1]) and other[len(base) - 1 :] in endings


# ------------------------------------------------- inflection after an engine

#: The cases a rendering can be put in, nominative first (the tie-breaker: a form the
#: same in two cases, such as Кравченко, is given back as the nominative).
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def inflect_to(words: Sequence[str], *, kind: str, case: str, number: str = "sing") -> str | None:
    """The name in ``case`` (any of ``CASES``) and ``number`` (``sing``, ``plur``), or
    None when it cannot be told. Persons follow the personal-name rules of
    ``inflect_phrase`` (and have no plural here); other names decline their head noun
    and the adjectives before it through pymorphy3, a word the dictionary lacks by its
    ending, as names are (Девонпорт -> Девонпорта).

    >>> inflect_to(["Дьёрдь", "Сабо"], kind="person", case="accs")
    'Дьёрдя Сабо'
    >>> inflect_to(["Карлыгаш", "Нугманова"], kind="person", case="accs")
    'Карлыгаш Нугманову'
    >>> inflect_to(["Фолклендские", "острова"], kind="place", case="loct", number="plur")
    'Фолклендских островах'
    """
    if kind == "person":
        return _person_to(words, case=case, number=number)
    plural = _plural_only(words)
    if plural and number == "sing":
        number = "plur"  # Нидерланды, Соединённые Штаты: no singular to go to
    if case == "nomn" and number == ("plur" if plural else "sing"):
        return " ".join(words)
    head = _head_index(words)
    if head is None:
        return " ".join(words) if all(w.isupper() for w in words) else None
    number, animacy = _agreement(words[head], number)
    out = []
    for index, word in enumerate(words):
        if index > head or word.isupper() or any(char.isdigit() for char in word):
            out.append(word)
            continue
        # An adjective in the accusative takes the head noun's animacy: «Тихий океан»
        # -> «Тихий океан», not «Тихого океан».
        extra = {animacy} if case == "accs" and index < head and animacy else set()
        changed = _inflect_word(word, case, number, extra)
        if changed is None:
            return None
        out.append(changed)
    return " ".join(out)


def _person_to(words: Sequence[str], *, case: str, number: str) -> str | None:
    """A person's name in ``case``, by the personal-name rules (singular only)."""
    if number != "sing":
        return None
    if case == "nomn":
        return " ".join(words)
    if case != "accs":
        return inflect_phrase(words, kind="person", case=case)
    feminine = fold(words[-1]).endswith(("ова", "ева", "ина", "ая"))
    parts = [_person_accusative(word, feminine=feminine) for word in words]
    known = [part for part in parts if part is not None]
    return " ".join(known) if len(known) == len(parts) else None


def _head_index(words: Sequence[str]) -> int | None:
    """The name's head noun (as ``inflect_phrase`` finds it), or else its first
    capitalised word that is not an abbreviation (a name the dictionary lacks)."""
    head = next(
        (i for i, word in enumerate(words) if _is_head_noun(word, last=i == len(words) - 1)),
        None,
    )
    if head is None:
        head = next((i for i, w in enumerate(words) if w[:1].isupper() and not w.isupper()), None)
    return head


def _agreement(head: str, number: str) -> tuple[str, str]:
    """The number the name can take (a noun with no plural keeps the singular:
    Новая Зеландия) and, where an adjective's accusative depends on it (a masculine
    or plural head noun), the head noun's animacy ("" elsewhere)."""
    lower = fold(head)
    parses = [p for p in _analyzer().parse(lower) if p.is_known and fold(p.word) == lower]
    if any("Sgtm" in p.tag for p in parses):
        number = "sing"
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    if number == "sing" and not any(p.tag.gender == "masc" for p in nouns):
        return number, ""
    animate = any("anim" in p.tag for p in nouns)
    return number, "anim" if animate else "inan"


def _person_accusative(word: str, *, feminine: bool) -> str | None:
    """A personal name's word in the accusative: a man's is his genitive (animate), a
    name in -а/-я takes -у/-ю, a woman's name in a consonant does not decline."""
    lower = fold(word)
    if word.isupper() or lower.endswith(_INVARIANT_ENDINGS):
        return word
    if lower.endswith(("ова", "ева", "ина", "ына", "а")):
        return word[:-1] + "у"
    if lower.endswith("я"):
        return word[:-1] + "ю"
    if feminine:
        return word
    return _person_word(word, "gent", feminine=False)


def _plural_only(words: Sequence[str]) -> bool:
    """Whether the name's head noun is plural in the nominative and has no singular
    reading there (Нидерланды, Филиппины, Соединённые Штаты, Фолклендские острова)."""
    for index, word in enumerate(words):
        if not _is_head_noun(word, last=index == len(words) - 1):
            continue
        lower = fold(word)
        nominative = [
            p
            for p in _analyzer().parse(lower)
            if p.is_known and p.tag.POS == "NOUN" and p.tag.case == "nomn" and fold(p.word) == lower
        ]
        return bool(nominative) and all(p.tag.number == "plur" for p in nominative)
    return False


def _inflect_word(word: str, case: str, number: str, extra: set[str] | None = None) -> str | None:
    """One word of a name in ``case`` and ``number`` (and ``extra`` grammemes, such as
    an adjective's animacy): pymorphy3's form of the word's nominative reading, or,
    for a capitalised word the dictionary lacks, the declension of names by their
    ending (singular only)."""
    lower = fold(word)
    parses = [
        p
        for p in _analyzer().parse(lower)
        if p.is_known and p.tag.case == "nomn" and fold(p.word) == lower
    ]
    for parse in sorted(parses, key=lambda p: p.tag.number != number):
        wanted = {case} if "Pltm" in parse.tag or "Sgtm" in parse.tag else {case, number}
        form = parse.inflect(wanted | (extra or set())) or parse.inflect(wanted)
        if form is not None:
            return _keep_yo(word, _like_parts(word, form.word))
    if parses or number != "sing" or not word[:1].isupper():
        return None
    if case == "nomn":
        return word
    if case == "accs":
        return word if fold(word)[-1:] not in "ая" else _person_accusative(word, feminine=True)
    return _person_word(word, case, feminine=False)


def _like_parts(original: str, form: str) -> str:
    """``form`` written with the capitals of each hyphenated part of ``original``
    (Буэнос-Айрес -> Буэнос-Айреса, not Буэнос-айреса)."""
    parts, made = original.split("-"), form.split("-")
    if len(parts) != len(made):
        return _like(original, form)
    return "-".join(_like(part, piece) for part, piece in zip(parts, made, strict=True))


def _keep_yo(original: str, form: str) -> str:
    """``form`` with the ё of ``original``'s stem kept (Соединённые -> Соединённых)."""
    letters = list(form)
    for index, char in enumerate(original[: len(form)]):
        if char in "ёЁ" and letters[index] in "еЕ":
            letters[index] = char
    return "".join(letters)


def grammemes(word: str) -> dict[tuple[str, str], float]:
    """How likely each (case, number) reading of ``word`` is, by pymorphy3 (which
    guesses a word it does not know, a misspelt name, from its ending)."""
    readings: dict[tuple[str, str], float] = {}
    for parse in _analyzer().parse(fold(word)):
        case, number = parse.tag.case, parse.tag.number
        if case in CASES and number:
            readings[(case, number)] = readings.get((case, number), 0.0) + parse.score
    return readings


def inflect_as(words: Sequence[str], written: str, *, kind: str) -> str | None:
    """The name ``words`` in the case and number of ``written``, the engine's rendering
    of it (misspelt, transliterated otherwise, or a shorter form of it): each form of
    the name is compared with the rendering by the ending they share, word by word
    where both have as many words, else the head word alone; pymorphy3's reading of
    the rendering decides between forms that end alike. None: no form can be made.

    >>> inflect_as(["Касым-Жомарт", "Токаев"], "Токайеву", kind="person")
    'Касым-Жомарту Токаеву'
    >>> inflect_as(["Галапагосские", "острова"], "Галапогосских островах", kind="place")
    'Галапагосских островах'
    """
    shown = written.split()
    numbers = ("sing",) if kind == "person" else ("sing", "plur")
    readings = grammemes(shown[-1] if kind == "person" else _head_of(shown, words))
    own = "plur" if _plural_only(words) else "sing"
    best: tuple[tuple[int, float, bool, int], str] | None = None
    for number in numbers:
        for order, case in enumerate(CASES):
            form = inflect_to(words, kind=kind, case=case, number=number)
            if form is None:
                continue
            made = form.split()
            if len(made) == len(shown):
                shared = sum(_shared_ending(a, b) for a, b in zip(made, shown, strict=True))
            else:
                shared = _shared_ending(made[-1] if kind == "person" else made[0], shown[-1])
            key = (shared, readings.get((case, number), 0.0), number == own, -order)
            if best is None or key > best[0]:
                best = (key, form)
    return best[1] if best else None


def _head_of(shown: Sequence[str], words: Sequence[str]) -> str:
    """The rendering's word that carries the case: the one in the head noun's place
    when it has as many words as the name, else its first inflected-looking word."""
    head = next(
        (i for i, word in enumerate(words) if _is_head_noun(word, last=i == len(words) - 1)),
        len(words) - 1,
    )
    if len(shown) == len(words):
        return shown[head]
    return shown[0] if len(shown) > 1 and not shown[0].isupper() else shown[-1]


def _shared_ending(form: str, written: str) -> int:
    """How many final letters ``form`` and ``written`` share (ё as е)."""
    a, b = fold(form), fold(written)
    count = 0
    while count < min(len(a), len(b)) and a[-1 - count] == b[-1 - count]:
        count += 1
    return count


def kind_of(text: str) -> str | None:
    """What the dictionary reads a rendering as: a person's name (Болат Жаксылыков: a
    first name, or a surname in -ов/-ева …) or a place (Киргизия); None where it
    cannot tell."""
    words = [fold(word) for word in text.split() if not _fixed(word)]
    if not words:
        return None
    tags = [set(p.tag.grammemes) for word in words for p in _analyzer().parse(word)[:2]]
    if any({"Name", "Surn", "Patr"} & tag for tag in tags) or (
        len(words) > 1 and words[-1].endswith(_SURNAME_ENDINGS)
    ):
        return "person"
    if any("Geox" in tag for tag in tags):
        return "place"
    return None


_SURNAME_ENDINGS = (
    *(e + c for e in ("ов", "ев", "ёв", "ин", "ын") for c in ("", "а", "ой", "у", "ым", "е")),
    *("ский", "ская", "енко", "ук", "юк"),
)
