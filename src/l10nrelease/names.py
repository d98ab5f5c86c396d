"""Glossary names in text: in the English source (as written, longest first) and in a
translation (in any form the target language's grammar allows).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .candidates import REGIONS, Candidate, is_common_english, proper_names
from .markup import plain
from .model import Glossary, Term, TermForm
from .morphology import (
    PhraseMatcher,
    Token,
    Words,
    WordTest,
    derived_matchers,
    fold,
    language_module,
)
from .morphology.base import first_letter, passes, same_start


@dataclass(frozen=True, slots=True)
class Found:
    """A name found in the source: the row, the words exactly as the source wrote them
    (``text``, at ``start``–``end`` of the text without placeholders), and the longer
    proper name it stands in, when the glossary does not have that one
    (``Mexico City`` around ``Mexico``)."""

    term: Term
    text: str
    start: int = 0
    end: int = 0
    longer: str = ""


#: Parts of English words: "Kim-Trump" and "Trump's" hold the name "Trump".
_PART = re.compile(r"[^\W_]+")
#: What may stand between the parts of one name (not a sentence's punctuation).
_JOIN = re.compile(r"[\s\-‐‑'’]*")


class NameFinder:
    """Finds the glossary's English names in source text.

    Longest match first (``OSCE Programme Office in Astana`` before ``OSCE`` before
    ``Astana``), on word boundaries; a name inside a hyphenated compound
    (``Kim-Trump``), a possessive (``OSCE's``, ``OSCE’s``) and an all-capitals
    dateline (``ASTANA``) still match.
    """

    def __init__(
        self, glossary: Glossary, *, compiled: dict[str, list[object]] | None = None
    ) -> None:
        self.glossary = glossary
        #: Compiled target forms as plain data, by "language|kind|form": loaded from and
        #: saved to the forms cache by the caller; grows as forms are compiled.
        self.compiled = compiled if compiled is not None else {}
        self.compiled_new = 0
        # A trie over folded word parts: each node maps a part to the next node; ""
        # holds the rows whose name ends there, with the name's parts as written.
        self._trie: dict[str, Any] = {}
        for term in (*glossary.terms, *surname_terms(glossary)):
            for name in term.english:
                words = tuple(_PART.findall(name))
                if not words:
                    continue
                node = self._trie
                for word in words:
                    node = node.setdefault(fold(word), {})
                node.setdefault("", []).append((term, words))
        self._targets: dict[tuple[int, str, str], TargetForms] = {}
        self._found: dict[tuple[str, dt.date | None], tuple[Found, ...]] = {}
        # Most units hold no name: one C-level scan for any name's first word decides.
        self._first = _any_word({word for word in self._trie})
        # A release's date matters only to a text with a word of a row in force for a
        # time (Astana, Nur-Sultan): other texts' names are found once for every date.
        self._dated = _any_word(
            {
                fold(word)
                for term in (*glossary.terms, *surname_terms(glossary))
                if term.valid_from or term.valid_until
                for name in term.english
                for word in _PART.findall(name)
            }
        )

    def find(self, text: str, *, date: dt.date | None = None) -> list[Found]:
        """The glossary's names in ``text`` (markup aside) that apply on ``date``, in
        order. Remembered: the same source text is read for every target language and
        by several checks."""
        date = self.date_that_matters(text, date)
        key = (text, date)
        known = self._found.get(key)
        if known is None:
            if len(self._found) >= _FOUND_KEPT:
                self._found.clear()
            if self._first is None or not self._first.search(text):
                known = ()  # most units hold no name: one scan for a first word decides
            else:
                known = tuple(self._find(text, date))
            self._found[key] = known
        return list(known)

    def date_that_matters(self, text: str, date: dt.date | None) -> dt.date | None:
        """``date``, where it may change the names found in ``text``: a text without a
        word of a row in force for a time (Astana, Nur-Sultan) has the same names on
        every date (None)."""
        if date is not None and (self._dated is None or not self._dated.search(plain(text))):
            return None
        return date

    def _find(self, text: str, date: dt.date | None) -> list[Found]:
        text = plain(text)
        parts = list(_PART.finditer(text))
        words = [m.group(0) for m in parts]
        folded = [fold(word) for word in words]
        trie = self._trie
        found: list[Found] = []
        candidates: list[Candidate] | None = None
        position = 0
        while position < len(words):
            match = (
                self._match_at(text, parts, words, folded, position, date)
                if folded[position] in trie
                else None
            )
            if match is None:
                position += 1
                continue
            term, size = match
            start, end = parts[position].start(), parts[position + size - 1].end()
            if candidates is None:
                candidates = proper_names(text)
            longer = _longer_name(candidates, start, end, text[start:end])
            found.append(Found(term, text[start:end], start, end, longer))
            position += size
        return found

    def _match_at(
        self,
        text: str,
        parts: Sequence[re.Match[str]],
        words: Sequence[str],
        folded: Sequence[str],
        position: int,
        date: dt.date | None,
    ) -> tuple[Term, int] | None:
        node = self._trie.get(folded[position])
        best: tuple[Term, int] | None = None
        size = 1
        while node is not None:
            for term, name in node.get("", ()):
                if term.applies(date) and all(
                    _same_english(words[position + i], word) for i, word in enumerate(name)
                ):
                    best = (term, size)
                    break
            if position + size >= len(words):
                break
            gap = text[parts[position + size - 1].end() : parts[position + size].start()]
            if not _JOIN.fullmatch(gap):
                break  # a name never runs across a comma or a full stop
            node = node.get(folded[position + size])
            size += 1
        return best

    def rendering(self, text: str, language: str, *, date: dt.date | None = None) -> str | None:
        """The approved ``language`` form of the first name in ``text`` that has one
        (a dateline's city: ``ASTANA`` -> ``Астана``)."""
        for found in self.find(text, date=date):
            form = found.term.forms.get(language)
            if form is not None:
                return form.approved
        return None

    def target(self, term: Term, language: str) -> TargetForms | None:
        """How ``term`` may appear in ``language`` (None: the glossary has no form)."""
        form = term.forms.get(language)
        if form is None:
            return None
        key = (id(term), language, form.approved)
        if key not in self._targets:
            self._targets[key] = TargetForms(term, language, self._matcher, self._derived)
        return self._targets[key]

    def _derived(
        self, text: str, language: str, kind: str, explicit: bool = False
    ) -> list[PhraseMatcher]:
        key = f"{language}|{kind}|derived{'!' if explicit else ''}|{text}"
        data = self.compiled.get(key)
        if isinstance(data, list) and all(isinstance(item, list) for item in data):
            return [PhraseMatcher.from_data(item) for item in data]  # type: ignore[arg-type]
        matchers = derived_matchers(text, language=language, kind=kind, explicit=explicit)
        self.compiled[key] = [matcher.to_data() for matcher in matchers]
        self.compiled_new += 1
        return matchers

    def _matcher(self, text: str, language: str, kind: str) -> PhraseMatcher:
        key = f"{language}|{kind}|{text}"
        data = self.compiled.get(key)
        if data is not None:
            return PhraseMatcher.from_data(data)
        matcher = PhraseMatcher(text, language=language, kind=kind)
        self.compiled[key] = matcher.to_data()
        self.compiled_new += 1
        return matcher

    def compile_all(self, languages: Sequence[str]) -> None:
        """Compile every row's forms now (before forking workers that share them)."""
        for term in self.glossary.terms:
            for language in languages:
                self.target(term, language)


def _any_word(words: set[str]) -> re.Pattern[str] | None:
    """One pattern for any of ``words`` (folded) standing as a whole word, in any case."""
    if not words:
        return None
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(r"(?<![^\W_])(?:" + alternatives + r")(?![^\W_])", re.IGNORECASE)


#: How many texts' names a finder remembers (a few megabytes at most).
_FOUND_KEPT = 1 << 15

#: Latin letters that look like Cyrillic ones: a misspelling typed with them is still
#: recognised as the name it imitates (and reported).
_LOOK_ALIKES = str.maketrans("AaBEeKMHOoPpCcTyXxi", "АаВЕеКМНОоРрСсТуХхі")


def _likeness(
    candidate: str, target: str, matcher: difflib.SequenceMatcher[str], *, floor: float
) -> float:
    """Similarity of ``candidate`` to ``target`` (whose matcher is given, for speed)."""
    candidate = fold(candidate.translate(_LOOK_ALIKES))
    matcher.set_seq1(candidate)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    prefix = next(
        (i for i, (a, b) in enumerate(zip(candidate, target, strict=False)) if a != b),
        min(len(candidate), len(target)),
    )
    return matcher.ratio() + 0.05 * min(prefix, 4)


def _longer_name(candidates: Sequence[Candidate], start: int, end: int, name: str) -> str:
    """The longer proper name the glossary name at ``start``–``end`` stands in, if any
    (``Mexico City``, ``BBC Scotland``, ``New York Times``, ``University of Mexico``), as
    ``candidates.proper_names`` reads the text; "" when it stands alone (a title, a
    coordination, a region of the same place: ``Northern India``)."""
    for candidate in candidates:
        if candidate.start <= start and end <= candidate.end:
            words = candidate.text.split()
            while words and words[0].lower() in REGIONS:
                words = words[1:]
            if len(" ".join(words)) <= len(name):
                return ""
            return candidate.text
    return ""


def surname_terms(glossary: Glossary) -> list[Term]:
    """A person's surname alone (Szabó, Tokayev: the second mention in a release) as a
    row of its own: the last word of each English name, rendered as the last word of
    each form (Сабо; Шабо forbidden). Not where the glossary has the surname already,
    where two persons share it, or where it is also a common English word (May,
    Black)."""
    persons = [t for t in glossary.terms if t.kind == "person"]
    known = {fold(name) for term in glossary.terms for name in term.english}
    owners: dict[str, set[int]] = {}
    for term in persons:
        for name in term.english:
            words = _PART.findall(name)
            if len(words) > 1:
                owners.setdefault(fold(words[-1]), set()).add(id(term))
    found = []
    for term in persons:
        surnames = tuple(
            dict.fromkeys(
                words[-1]
                for name in term.english
                if len(words := _PART.findall(name)) > 1
                and fold(words[-1]) not in known
                and len(owners.get(fold(words[-1]), ())) == 1
                and not is_common_english(words[-1])
            )
        )
        if surnames:
            found.append(_surname_term(term, surnames))
    return found


def _surname_term(term: Term, surnames: tuple[str, ...]) -> Term:
    def last(form: str) -> str:
        return form.split()[-1]

    forms = {}
    for language, form in term.forms.items():
        approved = last(form.approved)
        variants = tuple(dict.fromkeys(last(v) for v in form.variants if last(v) != approved))
        forbidden = tuple(
            dict.fromkeys(last(f) for f in form.forbidden if last(f) not in {approved, *variants})
        )
        forms[language] = TermForm(approved, variants, forbidden, form.status)
    return dataclasses.replace(
        term, english=surnames, forms=forms, note=f"the surname of {term.name}", derived=False
    )


def _same_english(candidate: str, word: str) -> bool:
    if candidate == word:
        return True
    return candidate.isupper() and len(candidate) > 1 and candidate.lower() == word.lower()


class TargetForms:
    """A row's approved form, accepted variants and forbidden variants in one language."""

    def __init__(
        self,
        term: Term,
        language: str,
        compile: Callable[[str, str, str], PhraseMatcher] | None = None,
        derive: Callable[[str, str, str, bool], list[PhraseMatcher]] | None = None,
    ) -> None:
        form = term.forms[language]
        self.form = form
        self.term = term
        self.language = language
        self._reference_forms: list[_Reference] | None = None
        self._near_known: dict[tuple[str, bool], bool] = {}
        make = compile or (lambda text, lang, kind: PhraseMatcher(text, language=lang, kind=kind))
        self.accepted = [
            make(text, language, term.kind) for text in (form.approved, *form.variants)
        ]
        #: words derived from the name (мексиканский), accepted as the name itself
        self.derived: list[PhraseMatcher] = []
        if term.takes_derived:
            derived = derive or (
                lambda t, lang, k, e: derived_matchers(t, language=lang, kind=k, explicit=e)
            )
            explicit = term.derived is True
            for text in (form.approved, *form.variants):
                self.derived += derived(text, language, term.kind, explicit)
            self.accepted += self.derived
        self.forbidden = [make(text, language, term.kind) for text in form.forbidden]
        if term.takes_derived and self.derived:
            # A forbidden name's derived words are forbidden too (Чимкентские), unless
            # they are the approved name's own.
            accepted = {m.words for m in self.accepted}
            for text in form.forbidden:
                self.forbidden += [
                    m
                    for m in derived(text, language, term.kind, explicit)
                    if m.words not in accepted
                ]

    def locate(self, words: Words, taken: Sequence[tuple[int, int]] = ()) -> tuple[int, int] | None:
        """Where an accepted form first occurs (character offsets), outside ``taken``."""
        for matcher in self.accepted:
            for start, end in matcher.spans_in(words):
                if not any(start < t_end and t_start < end for t_start, t_end in taken):
                    return start, end
        return None

    def spans(self, words: Words) -> list[tuple[int, int]]:
        """Every occurrence of an accepted form (character offsets), longest first where
        two overlap."""
        found: list[tuple[int, int]] = []
        for matcher in self.accepted:
            for span in matcher.spans_in(words):
                if not any(span[0] < end and start < span[1] for start, end in found):
                    found.append(span)
        return sorted(found)

    def near_misses(
        self, words: Words, skip: Sequence[tuple[int, int]] = (), *, source: str = ""
    ) -> list[str]:
        """The words that look like a form of the name but are none (Тармпа beside
        Трампа), outside ``skip``.

        A near miss is a few edits (``_near``) from a form of one of the name's words
        (capitalised, as the name is), of an abbreviation (in capitals), or of a word
        derived from the name (ктиайских for китайских); it is never an exact form of
        one of them (a surname alone is a mention, not a misspelling), never a common
        word of the language where the dictionary can tell (a capitalised one only at a
        sentence's start), and never the rendering of another word of the English
        ``source`` (Марина for a Marina there).
        """
        references = self._references()
        if not references:
            return []
        text = words.text
        lower = any(text[start : start + 1].islower() for start, _ in self.spans(words))
        known = self._near_known
        hits = []
        others: list[str] | None = None
        for token in words.candidates:
            key = (token.text, lower)
            near = known.get(key)
            if near is None:
                near = known[key] = self._near_any(token.text, token.folded, lower, references)
            if not near or any(token.start < end and start < token.end for start, end in skip):
                continue
            candidate = token.folded
            initial = token.start == 0 or _SENTENCE_END.search(text[: token.start]) is not None
            guarded = initial or not token.text[:1].isupper()
            common = getattr(language_module(self.language), "is_common_word", None)
            if common is not None and guarded and common(candidate):
                continue
            if others is None:
                others = _other_words(source, self.term)
            if _renders_one_of(candidate, others):
                continue
            hits.append(token.text)
        return list(dict.fromkeys(hits))

    def _near_any(
        self, written: str, folded: str, lower: bool, references: Sequence[_Reference]
    ) -> bool:
        """Whether a word (three letters or more, and no exact form of the name's words)
        is a near miss of one of them; remembered by the caller, as the same words come
        back in unit after unit."""
        if len(folded) < 3 or any(folded in ref.forms for ref in references):
            return False
        return any(ref.near(written, folded, lower=lower) for ref in references)

    def phrase_misses(self, words: Words, skip: Sequence[tuple[int, int]] = ()) -> list[str]:
        """Runs of words that are the name with one or more of its words misspelt
        (Атлантическом оекане), anchored on at least one word in a right form."""
        text, tokens = words.text, words.tokens
        found = []
        for matcher in self.accepted:
            size = len(matcher.tests)
            if size < 2 or matcher in self.derived:
                continue
            allowed = _QUOTES | set(matcher.form)
            for start in _anchored(matcher.tests, words):
                window = tokens[start : start + size]
                first, last = window[0].start, window[-1].end
                # A right form inside the run (Трамп in «Доанльд Трамп», США in
                # «Олимпийксого комитета США») does not excuse the rest of it.
                inside = (
                    (first <= begin and end <= last and (begin, end) != (first, last))
                    for begin, end in skip
                    if first < end and begin < last
                )
                if not all(inside):
                    continue
                gaps = (text[a.end : b.start] for a, b in itertools.pairwise(window))
                if any(set(gap.strip()) - allowed for gap in gaps):
                    continue
                if _one_misspelt(window, matcher.tests):
                    found.append(text[first:last])
        return list(dict.fromkeys(found))

    def _references(self) -> list[_Reference]:
        """The forms of each word of the approved form and its variants, of its
        abbreviations, and of the words derived from it."""
        if self._reference_forms is None:
            references = []
            for matcher in self.accepted:
                derived = matcher in self.derived
                size = len(matcher.words)
                for index, (word, test) in enumerate(
                    zip(matcher.words, matcher.tests, strict=True)
                ):
                    # Alone, only a one-word name, or a person's surname, is measured:
                    # a word of a longer name (Бас in «…Бас прокуратурасы») only within
                    # the whole name (``phrase_misses``).
                    if size > 1 and not (self.term.kind == "person" and index == size - 1):
                        continue
                    if isinstance(test, frozenset) and len(word) >= 2:
                        shape = (
                            "derived" if derived else "abbreviation" if word.isupper() else "name"
                        )
                        capital = word[:1].isupper()
                        if len(word) < 3:
                            # A two-letter name (Ай): only its inflected forms of four
                            # letters or more are measured (Адйың for Айдың).
                            test = frozenset(form for form in test if len(form) >= 4)
                            if not test or shape != "name":
                                continue
                        references.append(_Reference(test, shape, capital, self.language))
                    elif base := getattr(test, "base", None):  # a Kazakh abbreviation
                        forms = frozenset({str(base)})
                        references.append(_Reference(forms, "abbreviation", True, self.language))
            self._reference_forms = references
        return self._reference_forms

    def forbidden_found(self, words: Words) -> list[str]:
        hits = [
            words.text[start:end]
            for matcher in self.forbidden
            for start, end in matcher.spans_in(words)
        ]
        return list(dict.fromkeys(hits))

    def closest(self, words: Words, taken: Sequence[tuple[int, int]] = ()) -> str | None:
        """The words most like the approved form (a misspelling), if any, outside
        ``taken``. Only runs of words not broken by punctuation are considered."""
        size = len(self.accepted[0].words)
        target = fold(" ".join(self.accepted[0].words))
        matcher = difflib.SequenceMatcher(None, b=target, autojunk=False)
        text, tokens = words.text, words.tokens
        best, best_score = None, 0.0
        for start in range(len(tokens) - size + 1):
            window = tokens[start : start + size]
            first, last = window[0].start, window[-1].end
            if any(first < t_end and t_start < last for t_start, t_end in taken):
                continue
            gaps = (text[a.end : b.start] for a, b in itertools.pairwise(window))
            if any(gap.strip() for gap in gaps):
                continue
            candidate = text[first:last]
            score = _likeness(candidate, target, matcher, floor=max(best_score, _NEAR) - 0.2)
            if score > best_score:
                best, best_score = candidate, score
        return best if best_score >= _NEAR else None


#: How alike (difflib ratio, plus a little for a shared beginning) a run of words must
#: be to an approved form to be reported as a misspelling of it.
_NEAR = 0.65


@dataclass(frozen=True, slots=True)
class _Reference:
    """The forms of one word a near miss is measured against, and its shape: a name's
    word (capitalised), an abbreviation (in capitals), a derived word (any case)."""

    forms: frozenset[str]
    shape: str
    #: the glossary writes the word with a capital (Трамп; not «океан»)
    capitalised: bool = True
    language: str = ""
    #: the forms' first letters (``first_letter``): every test of ``near`` keeps the
    #: first letter, or one a typist confuses
    starts: frozenset[str] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", frozenset(first_letter(f) for f in self.forms))

    def near(self, written: str, folded: str, *, lower: bool = False) -> bool:
        """Whether a word as ``written`` (and folded) is a near miss of this word;
        ``lower``: the translation writes the name in lower case elsewhere (у конгресса,
        жердің), so a lower-case word may be one."""
        if first_letter(folded) not in self.starts:
            return False
        if self.shape == "abbreviation":
            head, _, _ending = written.partition("-")
            if not head.isupper():
                return False
            # ЕҚЫҰ-інң: the abbreviation right, its ending not one; АШҚ for АҚШ.
            return fold(head) in self.forms or _near(fold(head), self.forms)
        if self.shape == "name" and self.capitalised and not written[:1].isupper() and not lower:
            return False
        if self.shape == "name" and _shares_beginning(folded, self.forms):
            return True  # Каванауг beside Кавано: the name's beginning, an odd ending
        own = getattr(language_module(self.language), "near_miss", None)
        if self.shape == "derived":
            # A derived word is long; one slip (ктиайских) is a misspelling, more may be
            # the name itself or another word of its family (Америка, американец). In
            # Kazakh, a suffix in the wrong vowel row is two (Еуропалік).
            if own is not None:
                return bool(own(folded, self.forms, edits=2))
            return _near(folded, self.forms, edits=1)
        return bool(own(folded, self.forms)) if own is not None else _near(folded, self.forms)


#: Quotation marks, which may stand between a name's words («Катрина» дауылы).
_QUOTES = set("«»\"“”„‘’'")
#: The end of a sentence before a word: the word may be capitalised for that alone.
_SENTENCE_END = re.compile(r"[.!?…][\"»”')\]]*\s*$|^\s*[\"«“(\[]*$")
#: Cyrillic letters in Latin, to tell whether a word renders an English one.
_LATIN = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
        **{"ё": "yo", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ъ": "", "ь": "", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "ng"},
        **{"ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i"},
    }
)


def _other_words(source: str, term: Term) -> list[str]:
    """The capitalised words of the English source that are not the name's own
    (remembered: every target language asks it of the same source and name)."""
    key = (source, term.english)
    known = _OTHER_WORDS.get(key)
    if known is None:
        if len(_OTHER_WORDS) >= _FOUND_KEPT:
            _OTHER_WORDS.clear()
        known = _OTHER_WORDS[key] = _words_besides(source, term)
    return known


_OTHER_WORDS: dict[tuple[str, tuple[str, ...]], list[str]] = {}


def _words_besides(source: str, term: Term) -> list[str]:
    from rapidfuzz import fuzz

    own = {fold(part) for name in term.english for part in _PART.findall(name)}
    # Polish for Poland, Chinese for China, Filipino for Philippines: the name's own
    # family, not another word.
    family = {part[:3] for part in own if len(part) >= 3}

    def kin(word: str) -> bool:
        return word[:3] in family or any(fuzz.ratio(word, part) >= 60 for part in own)

    return [
        fold(word)
        for word in _PART.findall(source)
        if word[:1].isupper() and len(word) >= 3 and not kin(fold(word))
    ]


def renders_longer(
    longer: str,
    words: Words,
    skip: Sequence[tuple[int, int]],
    *,
    approved: str = "",
    name: str = "",
) -> bool:
    """Whether the translation seems to render ``longer`` (a longer English name around
    the glossary's ``name``) so that the glossary name is in it some other way: kept in
    English, a capitalised word that reads like the name's own word (Мехико for the
    Mexico of Mexico City), or a word with the glossary name's stem inside
    (Южнокорейский for South Korea, beside Корея). A rendering of the longer name's
    other words (Университет for University) does not explain the name's absence."""
    last = fold(approved.split()[-1]) if approved.split() else ""
    stem = last[:4] if len(last) >= 5 else ""
    if longer.lower() in words.text.lower():
        return True
    english = [fold(part) for part in _PART.findall(name or longer) if len(part) >= 3]
    return any(
        token.text[:1].isupper()
        and not any(token.start < end and start < token.end for start, end in skip)
        and _renders_one_of(token.folded, english)
        for token in words.tokens
    ) or (bool(stem) and any(stem in token.folded for token in words.tokens))


def _renders_one_of(candidate: str, english: Sequence[str]) -> bool:
    """Whether a Cyrillic word reads like one of the English words (a transliteration:
    Марина / Marina, Шнайдер / Schneider)."""
    if not english:
        return False

    return any(transliterates(candidate, word) >= 70 for word in english)


#: Few pairs come again here (2% of calls in a build: ``renderings._score`` remembers
#: them first), so few are remembered.
@functools.lru_cache(maxsize=1 << 12)
def transliterates(candidate: str, word: str) -> float:
    """How well (0–100) a folded Cyrillic word reads like an English word, read the
    ways names are transliterated (Шнайдер / Schneider, Мехико / Mexico). Remembered:
    the same words meet again and again across a project's units."""
    from rapidfuzz import fuzz

    latin = candidate.translate(_LATIN)
    return max(fuzz.ratio(latin, spelling) for spelling in _readings(fold(word)))


@functools.lru_cache(maxsize=1 << 16)
def _readings(word: str) -> frozenset[str]:
    """An English word as Cyrillic may render it, in Latin letters: as written, and with
    the letters read the way names are transliterated (Mexico as Мехико, Philip as
    Филип, Jacques as Жак, György as Дьёрдь)."""
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    hard = re.sub(r"c(?=[aou]|$)", "k", bare.replace("ph", "f").replace("w", "v"))
    hard = hard.replace("sz", "s").replace("gy", "dy").replace("cs", "ch")  # Hungarian
    hard = hard.replace("ck", "k").replace("qu", "k").replace("y", "i")
    # Silent and vowel-like letter groups: Kavanaugh as Кавано, Hugh as Хью.
    soft = re.sub(r"augh$|ough$|eau$|aux$", "o", hard)
    soft = re.sub(r"gh(?=[^aeiou]|$)|h$", "", soft)
    readings = {word, bare, hard, soft, hard.replace("x", "kh"), hard.replace("x", "ks")}
    if "gy" in bare:
        readings.add(re.sub(r"gy", "d", bare).replace("y", "i"))  # György as Дьёрдь
    return frozenset(readings)


def _anchored(tests: Sequence[WordTest], words: Words) -> list[int]:
    """Where a run of ``len(tests)`` words may start that has at least one word in its
    place's form (the only runs ``_one_misspelt`` can accept), in order."""
    tokens, index = words.tokens, words.index
    size = len(tests)
    starts: set[int] = set()
    for place, test in enumerate(tests):
        if isinstance(test, frozenset):
            positions = [i for word in test.intersection(index) for i in index[word]]
        else:
            positions = [i for i, token in enumerate(tokens) if test(token.folded)]
        starts.update(i - place for i in positions)
    return sorted(i for i in starts if 0 <= i <= len(tokens) - size)


def _one_misspelt(window: Sequence[Token], tests: Sequence[WordTest]) -> bool:
    """Whether every word of ``window`` is its word of the name or a near miss of it,
    with at least one of each."""
    right = wrong = 0
    for token, test in zip(window, tests, strict=True):
        if passes(test, token.folded):
            right += 1
        elif isinstance(test, frozenset) and len(token.folded) >= 3 and _near(token.folded, test):
            wrong += 1
        else:
            return False
    return right >= 1 and wrong >= 1


def _shares_beginning(candidate: str, forms: frozenset[str]) -> bool:
    """Whether ``candidate`` begins with all but the last letter of the name's shortest
    form, five letters at least, and runs on a little (Каванауг, Каванау for Кавано): a
    transliteration of the same name, the way real text varies a name's ending."""
    word = min(forms, key=len)
    head = word[:-1]
    return len(head) >= 5 and candidate.startswith(head) and 0 < len(candidate) - len(word) <= 3


def _allowed_edits(length: int) -> int:
    """How many letters a misspelling may differ by: one in a short word, two in a
    longer one, three in a long one (Кавано / Каванауг)."""
    return 1 if length <= 5 else 2 if length <= 9 else 3


def _near(candidate: str, forms: frozenset[str], *, edits: int | None = None) -> bool:
    """Whether ``candidate`` is a few edits from one of ``forms`` (a transposition is one
    edit: Тармпа / Трампа), with the same first letter."""
    from rapidfuzz.distance import OSA

    for form in forms:
        allowed = _allowed_edits(len(form)) if edits is None else edits
        if not same_start(form, candidate) or abs(len(form) - len(candidate)) > 3:
            continue
        if len(form) <= 4 and len(candidate) < len(form):
            continue  # a short word less a letter is too often another word
        if OSA.distance(candidate, form, score_cutoff=allowed) <= allowed:
            return True
    return False
