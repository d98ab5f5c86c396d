"""Names in machine translation, put right after the engine instead of masked before it.

Input: the English as sent (names as written; URLs, numbers, placeholders masked as
``mask.mask`` does), the engine's output with those masks restored, and the glossary
names found in the English. Output: the text with each name's rendering (found as the
glossary check finds it: an accepted form, a forbidden or misspelt one, a shorter one,
or the name left in Latin letters) replaced by the approved form in the case the engine
gave it, and notes for the translator comment: a name that could not be found, a case
that could not be told, what the glossary check still finds.

Russian: the case and number of the engine's word (``ru.inflect_as``: the ending it
shares with each form of the approved name, pymorphy3's reading of it). Kazakh: the
engine's suffix on the approved stem, in its vowel row and with the consonant its end
calls for (``kk.split_suffix``, ``kk.move_suffix``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..catalog import Catalog, Entry
from ..check import check_glossary
from ..morphology import Words, fold, kk, ru, tokenize
from ..names import Found, NameFinder, TargetForms
from .mask import Masked, mask, unmask

#: The values of ``[pretranslate] names``: mask names before sending (the default), or
#: send them as written and repair the engine's renderings.
STRATEGIES = ("mask", "repair")

Span = tuple[int, int]

_CYRILLIC_TAIL = "[а-яёәғқңөұүһі]+"
_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
#: How alike (difflib ratio, folded) a word must be to a word of the name to be taken
#: as its rendering beside a misspelt one (Касым-Жомарт before Токайев).
_ALIKE = 0.6


@dataclass(frozen=True)
class Repaired:
    """The output with its names repaired, and what the translator should look at."""

    text: str
    notes: tuple[str, ...] = ()
    #: English names (their glossary row's first) whose rendering was not found
    missing: tuple[str, ...] = ()
    #: renderings replaced by the approved form
    replaced: int = 0


@dataclass(frozen=True)
class _Rendering:
    """Where the engine rendered a name in a way the glossary does not accept."""

    start: int
    end: int
    #: forbidden, latin, misspelt or partial (a person's surname alone)
    how: str
    #: a forbidden form: its last word (where a Kazakh suffix begins); a name left in
    #: English: the English name
    stems: tuple[str, ...] = ()
    #: after a name left in Latin letters: the Cyrillic ending the engine attached
    suffix: str = ""


def prepare(source: str, names: Sequence[Found], *, language: str, strategy: str) -> Masked:
    """What to send for ``source``: with ``mask``, each name that has a form in
    ``language`` becomes a mask; with ``repair``, names stay as written. URLs, e-mail
    addresses, placeholders and numbers are masked either way."""
    if strategy == "repair":
        return mask(source)
    pairs = []
    for found in names:
        form = found.term.forms.get(language)
        if form is not None:
            pairs.append((found.text, form.approved, found.term.kind))
    return mask(source, pairs)


def restore(
    masked: Masked,
    answer: str,
    *,
    strategy: str,
    language: str,
    source: str,
    names: Sequence[Found],
    finder: NameFinder | None,
    date: dt.date | None = None,
) -> tuple[str, list[str]]:
    """The engine's ``answer`` with its masks restored and, with ``repair``, its names
    repaired and checked again; the notes for the translator comment. Raises
    ``mask.Rejected`` when the masks did not come back."""
    text, notes = unmask(masked, answer, language=language)
    if strategy != "repair" or finder is None or not names:
        return text, notes
    repaired = repair(text, names, language=language, finder=finder, source=source)
    notes += repaired.notes
    for message in recheck(source, repaired.text, language=language, finder=finder, date=date):
        if not any(message.startswith(f'"{name}"') for name in repaired.missing):
            notes.append(f"MT: glossary check: {message}")
    return repaired.text, notes


def recheck(
    source: str, translation: str, *, language: str, finder: NameFinder, date: dt.date | None
) -> list[str]:
    """What the glossary check (``check.check_glossary``, as ``check`` runs it) says of
    ``translation`` as the translation of ``source``."""
    catalog = Catalog(header=(), entries=(Entry(msgid=source, msgstr=translation),))
    findings = check_glossary(catalog, language=language, finder=finder, date=date)
    return [finding.message for finding in findings]


def repair(
    output: str, names: Sequence[Found], *, language: str, finder: NameFinder, source: str
) -> Repaired:
    """``output`` with every rendering of ``names`` the glossary does not accept
    replaced by the approved form, in the engine's case; longest names first, each
    rendering used up once found (as the glossary check does)."""
    words = Words(output)
    taken: list[Span] = []
    edits: list[tuple[int, int, str]] = []
    notes: list[str] = []
    missing: list[str] = []
    seen: set[int] = set()
    for found in sorted(names, key=lambda f: -len(f.text)):
        target = finder.target(found.term, language)
        if target is None or id(found.term) in seen:
            continue
        seen.add(id(found.term))
        accepted = [span for span in target.spans(words) if not _overlaps(span, taken)]
        renderings = _renderings(
            found, target, words, [*taken, *accepted], source=source, present=bool(accepted)
        )
        if not accepted and not renderings:
            if found.longer and found.longer in output:
                continue  # kept in a longer English name: the check's warning says so
            missing.append(found.term.name)
            notes.append(f'MT: could not find the rendering of "{found.term.name}"; check the name')
            continue
        taken += accepted
        for rendering in renderings:
            text, note = _replacement(rendering, target, output, language=language)
            taken.append((rendering.start, rendering.end))
            edits.append((rendering.start, rendering.end, text))
            if note and note not in notes:
                notes.append(note)
    text = output
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return Repaired(text, tuple(notes), tuple(missing), len(edits))


# ------------------------------------------------------------ finding renderings


def _renderings(
    found: Found,
    target: TargetForms,
    words: Words,
    skip: list[Span],
    *,
    source: str,
    present: bool,
) -> list[_Rendering]:
    """Every rendering of the name that is not an accepted form, outside ``skip``: a
    forbidden form, the name in Latin letters, a misspelt one (whole names first, then
    single words); when there is none and no accepted form is ``present`` either, the
    person's surname alone, or the run of words most like the name."""
    out: list[_Rendering] = []

    def add(
        span: Span, how: str, stems: Sequence[str] = (), suffix: str = "", *, whole: bool = False
    ) -> None:
        """``whole``: a misspelt run of the name's words, which may hold a right form of
        one of them (Катрина in «Катрина» дауилының): that form is part of it."""
        against = [s for s in skip if not (whole and span[0] <= s[0] and s[1] <= span[1])]
        if not _overlaps(span, [*against, *((r.start, r.end) for r in out)]):
            out.append(_Rendering(span[0], span[1], how, tuple(stems), suffix))

    for matcher in target.forbidden:
        for span in matcher.spans_in(words):
            add(span, "forbidden", [matcher.words[-1]])
    for span, english, suffix in _latin(found, words.text, source):
        add(span, "latin", [english], suffix=suffix)
    for span in _glued_abbreviations(target, words):
        add(span, "misspelt")
    for phrase in target.phrase_misses(words, skip=skip):
        for span in _occurrences(words, phrase):
            add(span, "misspelt", whole=True)
    taken = [*skip, *((r.start, r.end) for r in out)]
    hits = set(target.near_misses(words, taken, source=source))
    for token in words.candidates:
        if token.text in hits:
            add(_extend_left(words, (token.start, token.end), target), "misspelt")
    if not out and not present:
        for span, how in _last_resort(target, words, skip):
            add(span, how)
    return sorted(out, key=lambda r: r.start)


def _latin(found: Found, text: str, source: str) -> list[tuple[Span, str, str]]:
    """The name left as the English wrote it (any of the row's English names), with a
    possessive 's or a Cyrillic ending the engine attached (Tokayev-тың); not a name
    inside a longer English name the translation keeps as a whole (USA Gymnastics,
    Dutch East India Company), which the glossary does not have."""
    spans: list[tuple[Span, str, str]] = []
    for english in sorted({found.text, *found.term.english}, key=len, reverse=True):
        pattern = re.compile(
            rf"(?<!\w){re.escape(english)}(?:['’]s)?(?:[-‐‑]?(?P<suffix>{_CYRILLIC_TAIL}))?(?!\w)"
        )
        for match in pattern.finditer(text):
            if _in_longer_english(text, match.start(), match.start() + len(english), source):
                continue
            if not _overlaps(match.span(), [span for span, *_ in spans]):
                spans.append((match.span(), english, match.group("suffix") or ""))
    return spans


#: Latin words just before or after a name left in English.
_LATIN_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z.’']*[ -])+$")
_LATIN_AFTER = re.compile(r"(?:[ -][A-Za-z][A-Za-z.’']*)+")


def _in_longer_english(text: str, start: int, end: int, source: str) -> bool:
    """Whether ``text[start:end]`` is part of a longer run of English words that the
    source has too: a longer name kept in English, not the name left untranslated."""
    before = _LATIN_BEFORE.search(text[:start])
    after = _LATIN_AFTER.match(text[end:])
    if before is None and after is None:
        return False
    first = before.start() if before else start
    last = end + (after.end() if after else 0)
    return text[first:last].rstrip(".’'") in source


def _glued_abbreviations(target: TargetForms, words: Words) -> list[Span]:
    """An abbreviation with its ending written on without a hyphen (ЕҚЫҰның)."""
    spans = []
    for form in (target.form.approved, *target.form.variants):
        if not (form.isupper() and " " not in form and _CYRILLIC.search(form)):
            continue
        glued = re.compile(rf"{re.escape(form)}(?P<tail>{_CYRILLIC_TAIL})")
        for token in words.tokens:
            match = glued.fullmatch(token.text)
            if match and kk.suffix_parts(match.group("tail")) is not None:
                spans.append((token.start, token.end))
    return spans


def _last_resort(target: TargetForms, words: Words, skip: list[Span]) -> list[tuple[Span, str]]:
    """A person's surname in an accepted form with the rest of the name missing
    (Токаеву for Касым-Жомарт Токаев); else the run of words most like the name, when
    each of its words is like the name's."""
    matcher = target.accepted[0]
    if target.term.kind == "person" and len(matcher.words) > 1:
        last = matcher.tests[-1]
        spans = [
            (token.start, token.end)
            for token in words.tokens
            if isinstance(last, frozenset)
            and token.folded in last
            and token.text[:1].isupper()
            and not _overlaps((token.start, token.end), skip)
        ]
        if spans:
            return [(span, "partial") for span in spans]
    closest = target.closest(words, skip)
    if closest is None or not _alike(closest.split(), matcher.words):
        return []
    return [(span, "misspelt") for span in _occurrences(words, closest)[:1]]


def _extend_left(words: Words, span: Span, target: TargetForms) -> Span:
    """A misspelt last word of a name, with the name's earlier words the engine wrote
    before it (Касым-Жомарт before Токайев), so that the whole rendering is replaced."""
    names = target.form.approved.split()
    tokens = words.tokens
    index = next((i for i, t in enumerate(tokens) if t.start == span[0]), None)
    if index is None:
        return span
    start = span[0]
    for back, word in enumerate(reversed(names[:-1]), start=1):
        if index - back < 0:
            break
        token = tokens[index - back]
        gap = words.text[token.end : start]
        if gap.strip() or not _alike([token.text], [word]):
            break
        start = token.start
    return start, span[1]


def _alike(written: Sequence[str], name: Sequence[str]) -> bool:
    return len(written) == len(name) and all(
        difflib.SequenceMatcher(None, fold(a), fold(b)).ratio() >= _ALIKE
        for a, b in zip(written, name, strict=True)
    )


def _occurrences(words: Words, phrase: str) -> list[Span]:
    """Where ``phrase`` stands in the text, on word boundaries."""
    spans = []
    starts = {token.start for token in words.candidates}
    ends = {token.end for token in words.candidates}
    position = words.text.find(phrase)
    while position >= 0:
        if position in starts and position + len(phrase) in ends:
            spans.append((position, position + len(phrase)))
        position = words.text.find(phrase, position + 1)
    return spans


def _overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


# ------------------------------------------------------------ the approved form


def _replacement(
    rendering: _Rendering, target: TargetForms, output: str, *, language: str
) -> tuple[str, str | None]:
    """The form to write in the engine's case, and a note when the case could not be
    told; the punctuation between the engine's words (quotes) and the case of its
    first letter (у конгресса) are kept."""
    written = output[rendering.start : rendering.end]
    if rendering.how == "latin":
        # The row's English name stands for the approved form; another English name for
        # the accepted form as long, if any (Tokayev -> Токаев, USA -> США).
        english = rendering.stems[0]
        form = _form_for(target, english, main=english == target.term.name)
    else:
        form = _form_for(target, written)
    kind = target.term.kind
    if language == "ru":
        text, note = _russian(form, written, output[: rendering.start], rendering, kind=kind)
    elif language == "kk":
        text, note = _kazakh(form, written, rendering)
    else:
        text, note = form, None
    if rendering.how != "latin":
        text = _as_written(text, written)
    return text, note


def _form_for(target: TargetForms, written: str, *, main: bool = False) -> str:
    """The approved form (``main``: always); else, of the accepted forms with as many
    words as the rendering (a surname alone, Порт-Стэнли for Стэнли), the one most like
    it, the approved form first on a tie; the approved form when none has as many."""
    approved = target.form.approved
    size = len(written.split())
    if main:
        return approved
    same = [
        form
        for form in (approved, *target.form.variants)
        if len(form.split()) == size and _CYRILLIC.search(form)
    ]
    if not same:
        return approved

    def likeness(form: str) -> float:
        return difflib.SequenceMatcher(None, fold(form), fold(written)).ratio()

    return max(same, key=likeness)


def _as_written(text: str, written: str) -> str:
    """``text`` with the engine's punctuation between words (« » around one of them)
    when both have as many words, and the engine's small or capital first letter."""
    made = text.split()
    tokens = tokenize(written)
    if len(tokens) == len(made) > 1:
        pieces, position = [], 0
        for token, word in zip(tokens, made, strict=True):
            pieces += [written[position : token.start], word]
            position = token.end
        text = "".join(pieces) + written[position:]
    first = written.lstrip("«»\"“”„'’ ")[:1]
    if first.islower() and text[:1].isupper() and not text.split()[0].isupper():
        text = text[:1].lower() + text[1:]
    elif first.isupper() and text[:1].islower():
        text = text[:1].upper() + text[1:]
    return text


def _russian(
    form: str, written: str, before: str, rendering: _Rendering, *, kind: str
) -> tuple[str, str | None]:
    words = form.split()
    base = f"MT: «{form}» is in its base form: check its case"
    if rendering.how == "latin" and not rendering.suffix:
        # A name left in English shows no case: a preposition before it may decide it;
        # a name that does not decline (ОБСЕ, Сабо) needs none.
        previous = re.findall(r"[А-Яа-яЁё]+", before)
        case = ru.CASE_AFTER.get(previous[-1].lower()) if previous else None
        inflected = ru.inflect_to(words, kind=kind, case=case) if case else None
        if inflected:
            return inflected, None
        forms = {ru.inflect_to(words, kind=kind, case=case) for case in ru.CASES}
        return form, None if forms == {form} else base
    shown = rendering.suffix if rendering.how == "latin" else written
    inflected = ru.inflect_as(words, shown, kind=kind)
    return (inflected, None) if inflected else (form, base)


def _kazakh(form: str, written: str, rendering: _Rendering) -> tuple[str, str | None]:
    words = form.split()
    last = words[-1]
    if rendering.how == "latin":
        ending = rendering.suffix
    else:
        # A forbidden form's suffix begins after that form; another's after the form
        # the engine misspelt, the one chosen to replace it.
        stems = rendering.stems if rendering.how == "forbidden" else (last,)
        _stem, ending = kk.split_suffix(written.split()[-1], stems)
    common = not last[:1].isupper()
    possessive = kk.after_possessive(words)
    moved = kk.move_suffix(ending, last, possessive=possessive, common=common)
    note = None
    if moved is None:
        moved = fold(ending)
        note = f"MT: the ending of «{form}» is as the engine wrote it (-{ending}): check it"
    return " ".join([*words[:-1], kk.attach(last, moved, common=common)]), note
