"""Machine translation that keeps names: masking (``names = "mask"``) against repair
(``names = "repair"``), through the real ``pretranslate`` and an engine on 127.0.0.1.

Reads FLORES-200 devtest (English with professional Russian and Kazakh translations,
CC BY-SA 4.0) from the shared data folder and the names of bench/flores-glossary.csv.
A sentence takes part when its professional translation renders every name the English
has in the approved form, as often as the English names it, and passes the glossary
check. The loopback engine (tests/mtserver.py, Google's response shape) "translates" it
by returning the professional translation with the errors engines make, seeded per
sentence, language and name (reproducible):

  repair: the engine sees the names. Each occurrence comes back as the professional
      wrote it, or in a transliteration variant (ending kept), or in the wrong case
      (Russian: not declined; Kazakh: the ending in the wrong vowel row), or left in
      Latin letters (Kazakh: with its ending after a hyphen), or (Kazakh) in its
      Russian form with the Kazakh ending, or dropped.
  mask: the engine sees ``{0}``. Each occurrence comes back as its mask: in Russian
      the case ending goes with the name, and a past-tense verb or short adjective
      agreeing with a name in the nominative falls back to the masculine half the time
      (the engine cannot see the name's gender or number); in Kazakh the professional's
      suffix is attached to the mask (generous: the engine cannot see the stem it
      should harmonise with), or lost.

Numbers are masked in both, and placed where the professional translation has them.
pretranslate fills a generated project's PO files over HTTP; then each name is scored
against the professional translation (right: the approved form in the professional
form's case, the words around it unchanged), units flagged for review (a note in the
translator comment) are counted, and the glossary check runs on the output as if
reviewed: on units where every name was found, the figure that matters, it must find
no error.

    .venv/bin/python bench/mt_names_eval.py [--data DIR] [--write]

--write saves the tables (counts only, no sentence text) to bench/MT-NAMES-EVAL.md.
Skips (exit 0, saying so) when the data folder is absent; never copies the data.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import difflib
import functools
import itertools
import random
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from l10nrelease.catalog import Catalog, Entry  # noqa: E402
from l10nrelease.check import check_glossary  # noqa: E402
from l10nrelease.glossary import parse_glossary  # noqa: E402
from l10nrelease.model import Term  # noqa: E402
from l10nrelease.morphology import Token, Words, fold, kk  # noqa: E402
from l10nrelease.morphology.ru import CASE_AFTER  # noqa: E402
from l10nrelease.names import Found, NameFinder  # noqa: E402
from l10nrelease.translate.mask import Masked  # noqa: E402
from l10nrelease.translate.repair import prepare, repair  # noqa: E402
from mtserver import running  # noqa: E402

DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "flores200-devtest"
FILES = {"en": "eng_Latn.devtest", "ru": "rus_Cyrl.devtest", "kk": "kaz_Cyrl.devtest"}
LANGUAGES = ("ru", "kk")
STRATEGIES = ("mask", "repair")
SLUG = "2020-01-01-flores-names"
#: What an engine that sees the names does to each of them, and how often.
REPAIR_ERRORS = {
    "ru": (
        ("as written", 40),
        ("transliteration", 32),
        ("case", 10),
        ("latin", 15),
        ("dropped", 3),
    ),
    "kk": (
        ("as written", 40),
        ("transliteration", 25),
        ("case", 10),
        ("latin", 15),
        ("russian form", 7),
        ("dropped", 3),
    ),
}
#: How often an engine that sees ``{0}`` keeps a Kazakh suffix on it, and how often a
#: Russian word agreeing with a masked subject falls back to the masculine.
KEEPS_SUFFIX = 0.6
BREAKS_AGREEMENT = 0.5
#: Spelling variants engines produce for names (Russian, and Kazakh in Russian spelling).
RU_VARIANTS = (
    ("е", "э"), ("э", "е"), ("ай", "ей"), ("ей", "ай"), ("ия", "ья"), ("ь", ""),
    ("ф", "фф"), ("фф", "ф"), ("сс", "с"), ("лл", "л"), ("нн", "н"), ("о", "а"),
    ("и", "ы"), ("х", "г"), ("ю", "у"), ("кс", "кз"), ("г", "х"), ("т", "тт"),
)  # fmt: skip
KK_VARIANTS = (
    ("қ", "к"), ("ғ", "г"), ("ұ", "у"), ("ү", "у"), ("ө", "о"), ("і", "и"),
    ("ә", "а"), ("ы", "и"), ("к", "қ"), ("е", "э"), ("ия", "ья"), ("ь", ""),
)  # fmt: skip
_FLIP = str.maketrans("аыұоқғеіүөкг", "еіүөкгаыұоқғ")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,\u00a0\u202f ]\d+)*(?!\w)")

Span = tuple[int, int]


@dataclasses.dataclass
class Occurrence:
    """One name in the professional translation, where the English names it."""

    term: Term
    start: int
    end: int
    english: str
    approved: str


@dataclasses.dataclass
class Case:
    """One sentence in one language, with what each strategy sends and gets back."""

    line: int
    english: str
    reference: str
    names: list[Found]
    occurrences: list[Occurrence]
    sent: dict[str, Masked] = dataclasses.field(default_factory=dict)
    answers: dict[str, str] = dataclasses.field(default_factory=dict)
    #: strategy -> what the engine did to each occurrence
    kinds: dict[str, list[str]] = dataclasses.field(default_factory=dict)


# ------------------------------------------------------------------ selection


def select(
    lines: dict[str, list[str]], finder: NameFinder, language: str
) -> tuple[list[Case], Counter[str]]:
    """The sentences that take part, and why the others with a name do not."""
    cases, skipped = [], Counter[str]()
    for number, english in enumerate(lines["en"]):
        names = finder.find(english)
        if not names:
            continue
        reference = lines[language][number]
        occurrences = occurrences_in(names, reference, finder, language)
        if occurrences is None:
            skipped["a name not in its approved form, or not as often as in the English"] += 1
            continue
        if glossary_errors(english, reference, finder, language):
            skipped["the professional translation fails the glossary check"] += 1
            continue
        case = Case(number + 1, english, reference, names, occurrences)
        case.sent = {s: prepare(english, names, language=language, strategy=s) for s in STRATEGIES}
        if any(place_numbers(case, case.sent[s]) is None for s in STRATEGIES) or not (
            name_masks(case)
        ):
            skipped["a number the translation writes otherwise"] += 1
            continue
        cases.append(case)
    return cases, skipped


def occurrences_in(
    names: Sequence[Found], reference: str, finder: NameFinder, language: str
) -> list[Occurrence] | None:
    words = Words(reference)
    out: list[Occurrence] = []
    by_term: dict[int, list[Found]] = {}
    for found in names:
        by_term.setdefault(id(found.term), []).append(found)
    for founds in by_term.values():
        target = finder.target(founds[0].term, language)
        if target is None:
            return None
        spans = target.accepted[0].spans_in(words)
        if len(spans) != len(founds):
            return None
        approved = target.form.approved
        out += [
            Occurrence(f.term, a, b, f.text, approved)
            for (a, b), f in zip(spans, founds, strict=True)
        ]
    out.sort(key=lambda o: o.start)
    if any(a.end > b.start for a, b in itertools.pairwise(out)):
        return None
    return out


def glossary_errors(english: str, translation: str, finder: NameFinder, language: str) -> int:
    """Errors of the glossary check on ``translation`` as a reviewed unit."""
    catalog = Catalog(header=(), entries=(Entry(msgid=english, msgstr=translation, line=1),))
    findings = check_glossary(catalog, language=language, finder=finder, date=None)
    return sum(1 for f in findings if f.severity == "error")


def place_numbers(case: Case, masked: Masked) -> dict[int, Span] | None:
    """Where each masked number (or other non-name mask) stands in the professional
    translation; None when one is written otherwise (in words, say)."""
    taken = [(o.start, o.end) for o in case.occurrences]
    placed: dict[int, Span] = {}
    for index, original in enumerate(masked.originals):
        if index in masked.names:
            continue
        digits = re.sub(r"\D", "", original)
        spans = (
            [m.span() for m in _NUMBER.finditer(case.reference)]
            if digits
            else [m.span() for m in re.finditer(re.escape(original), case.reference)]
        )
        free = [
            s
            for s in spans
            if not _overlaps(s, [*taken, *placed.values()])
            and (not digits or re.sub(r"\D", "", case.reference[s[0] : s[1]]) == digits)
        ]
        if not free:
            return None
        placed[index] = free[0]
    return placed


def name_masks(case: Case) -> list[int] | None:
    """The mask number of each occurrence, when masking: a name's masks in the order
    of the English, matched to its occurrences in the translation's order."""
    masked = case.sent["mask"]
    numbers: list[int] = []
    seen: Counter[str] = Counter()
    for occurrence in case.occurrences:
        masks = sorted(n for n, form in masked.names.items() if form == occurrence.approved)
        if seen[occurrence.approved] >= len(masks):
            return None
        numbers.append(masks[seen[occurrence.approved]])
        seen[occurrence.approved] += 1
    return numbers


# ------------------------------------------------------------- the engine's answers


def answer_repair(case: Case, language: str) -> None:
    """What an engine that sees the names writes: the professional translation with
    each name perturbed (or not), numbers as masks."""
    edits: list[tuple[int, int, str]] = []
    kinds = []
    for index, occurrence in enumerate(case.occurrences):
        rng = random.Random(f"repair:{language}:{case.line}:{index}")
        kind, text = perturb(occurrence, case.reference, language, rng)
        kinds.append(kind)
        edits.append((occurrence.start, occurrence.end, text))
    placed = place_numbers(case, case.sent["repair"]) or {}
    edits += [(a, b, "{" + str(n) + "}") for n, (a, b) in placed.items()]
    case.answers["repair"] = _tidy(_apply(case.reference, edits))
    case.kinds["repair"] = kinds


def perturb(
    occurrence: Occurrence, reference: str, language: str, rng: random.Random
) -> tuple[str, str]:
    written = reference[occurrence.start : occurrence.end]
    roll = rng.random() * sum(weight for _, weight in REPAIR_ERRORS[language])
    kind = REPAIR_ERRORS[language][-1][0]
    for name, weight in REPAIR_ERRORS[language]:
        if roll < weight:
            kind = name
            break
        roll -= weight
    makers: dict[str, Callable[[], str | None]] = {
        "as written": lambda: written,
        "transliteration": lambda: transliterate(written, occurrence, language, rng),
        "case": lambda: wrong_case(written, occurrence, language),
        "latin": lambda: latin(written, occurrence, language),
        "russian form": lambda: russian_form(written, occurrence),
        "dropped": lambda: "",
    }
    text = makers[kind]()
    if text is None and kind != "transliteration":
        kind, text = "transliteration", makers["transliteration"]()
    if text is None or text == written:
        return "as written", written
    return kind, text


def transliterate(
    written: str, occurrence: Occurrence, language: str, rng: random.Random
) -> str | None:
    """One spelling variant inside the stem of the name's longest word (its ending
    kept), as engines render foreign names differently."""
    words = written.split()
    approved = occurrence.approved.split()
    index = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[index]
    model = fold(approved[index] if len(approved) == len(words) else approved[-1])
    stem = 0
    while stem < min(len(word), len(model)) and fold(word)[stem] == model[stem]:
        stem += 1
    rules = [*KK_VARIANTS, *RU_VARIANTS] if language == "kk" else list(RU_VARIANTS)
    rng.shuffle(rules)
    for old, new in rules:
        at = word.find(old, 1, max(1, stem - (0 if language == "kk" else 1)))
        if at > 0:
            variant = word[:at] + new + word[at + len(old) :]
            return " ".join([*words[:index], variant, *words[index + 1 :]])
    return None


def wrong_case(written: str, occurrence: Occurrence, language: str) -> str | None:
    """Russian: the name not declined; Kazakh: its ending in the other vowel row."""
    if language == "ru":
        return occurrence.approved if fold(written) != fold(occurrence.approved) else None
    words = written.split()
    stem, suffix = kk.split_suffix(words[-1], [occurrence.approved.split()[-1]])
    flipped = suffix.translate(_FLIP)
    if not suffix or flipped == suffix:
        return None
    return " ".join([*words[:-1], stem + flipped])


def latin(written: str, occurrence: Occurrence, language: str) -> str:
    """The name as the English wrote it; in Kazakh with its ending after a hyphen."""
    if language == "ru":
        return occurrence.english
    _stem, suffix = kk.split_suffix(written.split()[-1], [occurrence.approved.split()[-1]])
    return f"{occurrence.english}-{suffix}" if suffix else occurrence.english


def russian_form(written: str, occurrence: Occurrence) -> str | None:
    """Kazakh text with the name in its Russian form and the Kazakh ending."""
    russian = occurrence.term.forms.get("ru")
    if russian is None or fold(russian.approved) == fold(occurrence.approved):
        return None
    _stem, suffix = kk.split_suffix(written.split()[-1], [occurrence.approved.split()[-1]])
    return russian.approved + suffix


def answer_mask(case: Case, language: str) -> None:
    """What an engine that sees ``{n}`` writes: each name as its mask (Kazakh: with
    the suffix, or without), a Russian word agreeing with it sometimes masculine."""
    masks = name_masks(case) or []
    edits: list[tuple[int, int, str]] = []
    kinds = []
    for index, (occurrence, number) in enumerate(zip(case.occurrences, masks, strict=True)):
        rng = random.Random(f"mask:{language}:{case.line}:{index}")
        written = case.reference[occurrence.start : occurrence.end]
        mask = "{" + str(number) + "}"
        if language == "kk":
            last = occurrence.approved.split()[-1]
            _stem, suffix = kk.split_suffix(written.split()[-1], [last])
            keep = bool(suffix) and rng.random() < KEEPS_SUFFIX
            kinds.append("suffix kept" if keep else "suffix lost" if suffix else "no suffix")
            edits.append((occurrence.start, occurrence.end, mask + (suffix if keep else "")))
            continue
        kinds.append(russian_slot(case.reference, occurrence))
        edits.append((occurrence.start, occurrence.end, mask))
        if kinds[-1] == "nominative" and rng.random() < BREAKS_AGREEMENT:
            broken = masculine_neighbour(case.reference, occurrence)
            if broken:
                edits.append(broken)
    placed = place_numbers(case, case.sent["mask"]) or {}
    edits += [(a, b, "{" + str(n) + "}") for n, (a, b) in placed.items()]
    case.answers["mask"] = _apply(case.reference, edits)
    case.kinds["mask"] = kinds


def russian_slot(reference: str, occurrence: Occurrence) -> str:
    """Where a Russian name stands: in the nominative, after a preposition that
    decides its case, or in another case."""
    written = reference[occurrence.start : occurrence.end]
    if fold(written) == fold(occurrence.approved):
        return "nominative"
    before = re.findall(r"[А-Яа-яЁё]+", reference[: occurrence.start])
    if before and before[-1].lower() in CASE_AFTER:
        return "case after a preposition"
    return "other case"


def masculine_neighbour(reference: str, occurrence: Occurrence) -> tuple[int, int, str] | None:
    """The first of the four words after the name that agrees with it in gender or
    number (a past-tense verb, a short adjective or participle), in the masculine."""
    morph = _analyzer()
    after = Words(reference[occurrence.end :]).tokens[:4]
    for token in after:
        for parse in morph.parse(token.text.lower())[:1]:
            tag = parse.tag
            agrees = (tag.POS == "VERB" and tag.tense == "past") or tag.POS in {"ADJS", "PRTS"}
            if not agrees or not parse.is_known:
                continue
            if tag.gender in {"femn", "neut"} or tag.number == "plur":
                form = parse.inflect({"masc", "sing"})
                if form is not None and form.word != token.text.lower():
                    start = occurrence.end + token.start
                    return start, occurrence.end + token.end, form.word
            return None
    return None


@functools.lru_cache(maxsize=1)
def _analyzer():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _apply(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _tidy(text: str) -> str:
    """The sentence after a name was dropped: no double space, none before punctuation."""
    return re.sub(r"\s+([,.;:!?»)])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()


def _overlaps(span: Span, spans: Sequence[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


# ------------------------------------------------------------------ the pipeline


def run_pretranslate(
    cases: Sequence[Case], language: str, strategy: str, glossary: Path, url: str
) -> dict[str, Entry]:
    """A generated project with the cases' English as one release (a unit per
    sentence), pretranslated through the loopback engine; its entries by msgid."""
    from l10nrelease.pofile import parse_catalog
    from l10nrelease.project import open_project
    from l10nrelease.project.extract import extract
    from l10nrelease.project.pretranslate import pretranslate

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / "sources").mkdir()
        text = "Names benchmark\nThis release holds the benchmark's sentences.\n"
        text += "".join(case.english + "\n" for case in cases)
        (folder / "sources" / f"{SLUG}.txt").write_text(text, encoding="utf-8")
        shutil.copy(glossary, folder / "glossary.csv")
        (folder / "l10nrelease.toml").write_text(
            f'[project]\ntarget_languages = ["{language}"]\n\n[segmentation]\n'
            f'mode = "paragraph"\n\n[engines]\ngoogle = {{ url = "{url}" }}\n\n'
            f'[pretranslate]\nengines = {{ {language} = ["google"] }}\nnames = "{strategy}"\n',
            encoding="utf-8",
        )
        project = open_project(folder)
        extract(project)
        pretranslate(project)
        po = folder / "locales" / language / f"{SLUG}.po"
        catalog = parse_catalog(po.read_text(encoding="utf-8"), path=str(po))
    return {entry.msgid: entry for entry in catalog.active()}


# ------------------------------------------------------------------- scoring


@dataclasses.dataclass
class Score:
    units: int = 0
    names: int = 0
    right: int = 0
    flagged: int = 0
    rejected: int = 0
    other_words: int = 0
    errors_placed: int = 0
    errors_all: int = 0
    placed: int = 0
    by_kind: Counter[tuple[str, bool]] = dataclasses.field(default_factory=Counter)
    #: what went wrong, sentence by sentence (printed with --show, never written)
    details: list[str] = dataclasses.field(default_factory=list)


def score(
    cases: Sequence[Case],
    entries: dict[str, Entry],
    finder: NameFinder,
    language: str,
    strategy: str,
) -> Score:
    result = Score()
    for case in cases:
        entry = entries.get(case.english)
        output = entry.msgstr if entry else ""
        comment = entry.translator_comment if entry else ""
        result.units += 1
        result.names += len(case.occurrences)
        rights, other = compare(case, output)
        result.right += sum(rights)
        for kind, right in zip(case.kinds[strategy], rights, strict=True):
            result.by_kind[(kind, right)] += 1
        notes = [
            line for line in comment.splitlines() if not line.startswith("machine translation:")
        ]
        errors = glossary_errors(case.english, output, finder, language) > 0 if output else False
        if not all(rights) or other or errors:
            wrong = [k for k, r in zip(case.kinds[strategy], rights, strict=True) if not r]
            result.details.append(
                f"{language} {strategy} line {case.line}: wrong {wrong}{' other' * other}"
                f"{' glossary-error' * errors}\n  reference: {case.reference}\n"
                f"  engine:    {case.answers[strategy]}\n  output:    {output}\n  notes: {notes}"
            )
        if not output:
            result.rejected += 1
            continue
        result.flagged += bool(notes)
        result.other_words += other
        result.errors_all += errors
        if not any("could not find the rendering" in line for line in notes):
            result.placed += 1
            result.errors_placed += errors
    return result


def compare(case: Case, output: str) -> tuple[list[bool], bool]:
    """Whether each name is as the professional wrote it, with its neighbours; and
    whether any other word of the sentence changed."""
    if not output:
        return [False] * len(case.occurrences), False
    reference = Words(case.reference).tokens
    # ё is е (the check reads them alike); numbers are not words (masked in both, and
    # written back as the English has them: 1,000 for 1000).
    indexes, words = _words(reference)
    _, written = _words(Words(output).tokens)
    matcher = difflib.SequenceMatcher(None, words, written, autojunk=False)
    kept = {
        index
        for block in matcher.get_matching_blocks()
        for offset in range(block.size)
        for index in indexes[block.a + offset]
    }
    rights = []
    names: set[int] = set()
    for occurrence in case.occurrences:
        inside = [
            i
            for i, token in enumerate(reference)
            if token.start < occurrence.end and occurrence.start < token.end
        ]
        names |= set(inside)
        rights.append(bool(inside) and all(i in kept for i in inside))
    other = any(i not in kept for i in range(len(reference)) if i not in names)
    return rights, other


def _words(tokens: Sequence[Token]) -> tuple[list[list[int]], list[str]]:
    """The tokens as compared: ё as е, digits as 0, a number's groups as one word
    (1 000 and 1,000 as 1000); with the token indexes each word stands for."""
    indexes: list[list[int]] = []
    words: list[str] = []
    for index, token in enumerate(tokens):
        word = re.sub(r"\d+", "0", token.text.replace("ё", "е").replace("Ё", "Е"))
        if words and words[-1] == "0" and word.startswith("0"):
            words[-1] = word
            indexes[-1].append(index)
            continue
        words.append(word)
        indexes.append([index])
    return indexes, words


def professional(lines: dict[str, list[str]], finder: NameFinder) -> list[str]:
    """Repair run on the professional translations themselves (no engine): what it
    changes should be only what the glossary check refuses."""
    out = [
        "| language | units with a name | changed by repair | of which the check accepted "
        "before | changed units the check still refuses, every name found |",
        "|---|---|---|---|---|",
    ]
    for language in LANGUAGES:
        units = changed = accepted = refused = 0
        for number, english in enumerate(lines["en"]):
            names = finder.find(english)
            if not names:
                continue
            units += 1
            reference = lines[language][number]
            repaired = repair(reference, names, language=language, finder=finder, source=english)
            if repaired.text == reference:
                continue
            changed += 1
            accepted += glossary_errors(english, reference, finder, language) == 0
            if not repaired.missing:
                refused += glossary_errors(english, repaired.text, finder, language) > 0
        out.append(f"| {language} | {units} | {changed} | {accepted} | {refused} |")
    return out


# ------------------------------------------------------------------- the report


def share(count: int, total: int) -> str:
    return f"{count}/{total} ({100 * count / total:.1f} %)" if total else "–"


def report(scores: dict[tuple[str, str], Score], skipped: dict[str, Counter[str]]) -> list[str]:
    out = [
        "| language | strategy | units | names right | names wrong | units flagged for review "
        "| units rejected | units with other words changed | glossary errors on units where "
        "every name was placed | glossary errors, all units |",
        "|---" * 10 + "|",
    ]
    for (language, strategy), s in scores.items():
        out.append(
            f"| {language} | {strategy} | {s.units} | {share(s.right, s.names)} | "
            f"{s.names - s.right} | {share(s.flagged, s.units)} | {s.rejected} | "
            f"{s.other_words} | {s.errors_placed} of {s.placed} | {s.errors_all} |"
        )
    out += ["", "## Names right, by what the engine did", ""]
    out += ["| language | strategy | engine | names right |", "|---|---|---|---|"]
    for (language, strategy), s in scores.items():
        kinds = sorted({kind for kind, _ in s.by_kind})
        for kind in kinds:
            right, wrong = s.by_kind[(kind, True)], s.by_kind[(kind, False)]
            out.append(f"| {language} | {strategy} | {kind} | {share(right, right + wrong)} |")
    out += ["", "## Sentences with a name left out", ""]
    out += ["| language | reason | sentences |", "|---|---|---|"]
    for language, reasons in skipped.items():
        out += [f"| {language} | {reason} | {count} |" for reason, count in sorted(reasons.items())]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--glossary", type=Path, default=HERE / "flores-glossary.csv")
    parser.add_argument("--show", action="store_true", help="print each sentence not right")
    parser.add_argument("--write", action="store_true", help="save the tables to MT-NAMES-EVAL.md")
    args = parser.parse_args()
    if not all((args.data / name).exists() for name in FILES.values()):
        print(f"skipped: FLORES data not found in {args.data}")
        return 0
    lines = {
        lang: (args.data / name).read_text(encoding="utf-8").splitlines()
        for lang, name in FILES.items()
    }
    glossary = parse_glossary(
        args.glossary.read_text(encoding="utf-8"), path=str(args.glossary), languages=LANGUAGES
    )
    finder = NameFinder(glossary)
    scores: dict[tuple[str, str], Score] = {}
    skipped: dict[str, Counter[str]] = {}
    with running() as server:
        for language in LANGUAGES:
            cases, skipped[language] = select(lines, finder, language)
            for case in cases:
                answer_repair(case, language)
                answer_mask(case, language)
                for strategy in STRATEGIES:
                    server.answers[(language, case.sent[strategy].text)] = case.answers[strategy]
            for strategy in STRATEGIES:
                entries = run_pretranslate(
                    cases, language, strategy, args.glossary, f"{server.base}/google"
                )
                scores[(language, strategy)] = score(cases, entries, finder, language, strategy)
    table = report(scores, skipped)
    table += [
        "",
        "## Repair on the professional translations themselves",
        "",
        "Every sentence with a name, its professional translation given to repair as if an "
        "engine had written it: what repair changes should be only what the glossary check "
        "refuses (a variant, a misspelling, a name left in Latin letters).",
        "",
        *professional(lines, finder),
    ]
    document = [
        "# Names in machine translation: masking against repair (FLORES-200 devtest)",
        "",
        f"Generated by `bench/mt_names_eval.py --write` on {dt.date.today().isoformat()}: "
        f"{len(lines['en'])} sentences, {len(glossary.terms)} names "
        f"(`bench/{args.glossary.name}`), a loopback engine on 127.0.0.1 answering with the "
        "professional translations and seeded name errors (see the script's docstring). A "
        "name is right when it is the approved form in the case of the professional "
        "translation's form, its neighbours unchanged.",
        "",
        "The engine's errors, per name: with the names visible, "
        + "; ".join(
            f"{language}: "
            + ", ".join(f"{kind} {weight} %" for kind, weight in REPAIR_ERRORS[language])
            for language in LANGUAGES
        )
        + f". Behind masks: a Kazakh suffix kept on the mask {KEEPS_SUFFIX:.0%} of the time; a "
        f"Russian word agreeing with a masked subject made masculine {BREAKS_AGREEMENT:.0%} of the "
        "time. These rates are assumptions of the benchmark, not measurements of an engine.",
        "",
        *table,
    ]
    print("\n".join(document))
    if args.show:
        print("\n".join(d for s in scores.values() for d in s.details))
    if args.write:
        (HERE / "MT-NAMES-EVAL.md").write_text("\n".join(document) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
