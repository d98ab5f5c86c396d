"""The glossary check against planted errors in professional translations.

Reads FLORES-200 devtest (English with professional Russian and Kazakh translations,
CC BY-SA 4.0) from the shared data folder. For every sentence pair where a name of
bench/flores-glossary.csv occurs in the English and its approved form in the
translation, it plants one error at a time into the translation and asks whether the
check reports it:

  (a) a misspelt second occurrence beside the correct one (the sentence, then the
      sentence again with the name misspelt);
  (b) every occurrence misspelt;
  (c) the name dropped;
  (d) a forbidden variant (the misspelling, listed as forbidden, in the name's place);
  (e) Kazakh only: the case ending in the wrong vowel row (Пхеньянның -> Пхеньяннің),
      which a prefix match cannot see.

It also reports how many unmodified pairs pass, and sorts the rest by cause, and the
same figures for a prefix match (what memoQ and Phrase do) for comparison.

    .venv/bin/python bench/name_check_eval.py [--data DIR] [--show] [--write]

--write saves the tables (counts only, no sentence text) to bench/NAME-CHECK-EVAL.md.
Skips (exit 0, saying so) when the data folder is absent; never copies the data.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import re
import sys
from collections import Counter
from pathlib import Path

from l10nrelease.catalog import Catalog, Entry
from l10nrelease.check import check_glossary
from l10nrelease.glossary import parse_glossary
from l10nrelease.model import Glossary, Term
from l10nrelease.morphology import Words, fold, kk
from l10nrelease.names import NameFinder, TargetForms
from l10nrelease.renderings import Unit, inconsistencies, learn

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "flores200-devtest"
FILES = {"en": "eng_Latn.devtest", "ru": "rus_Cyrl.devtest", "kk": "kaz_Cyrl.devtest"}
PLANTS = ("a", "b", "c", "d", "e")
TITLES = {
    "a": "(a) misspelt beside a correct one",
    "b": "(b) every occurrence misspelt",
    "c": "(c) name dropped",
    "d": "(d) forbidden variant",
    "e": "(e) ending in the wrong vowel row",
}
#: Kazakh vowels and suffix consonants, each with its other harmony.
_FLIP = str.maketrans("аыұоқғеіүөкг", "еіүөкгаыұоқғ")
_VOWELS = set("аеёиоуыэюяәіөүұ")


def misspell(word: str, seed: int) -> str:
    """A misspelling of ``word`` as a typist makes one: two inner letters swapped, or
    one doubled, or one dropped."""
    letters = list(word)
    inner = [i for i in range(1, len(letters) - 2) if letters[i] != letters[i + 1]]
    if inner:
        i = inner[seed % len(inner)]
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
        return "".join(letters)
    if len(letters) > 3:
        return "".join(letters[:2] + letters[3:])
    return word + word[-1]


def flip_ending(word: str, stem_length: int) -> str | None:
    """The word with its suffix in the other vowel row (Пхеньянның -> Пхеньяннің), or
    None when it has no suffix whose row could be told."""
    stem, suffix = word[:stem_length], word[stem_length:]
    if not any(c in _VOWELS for c in suffix.lower()):
        return None
    flipped = suffix.translate(_FLIP)
    return stem + flipped if flipped != suffix else None


@dataclasses.dataclass
class Pair:
    language: str
    line: int
    english: str
    translation: str
    term: Term
    target: TargetForms
    spans: list[tuple[int, int]]


def pairs(lines: dict[str, list[str]], finder: NameFinder) -> list[Pair]:
    found = []
    for language in ("ru", "kk"):
        for number, english in enumerate(lines["en"]):
            translation = lines[language][number]
            for hit in {f.term.name: f for f in finder.find(english)}.values():
                target = finder.target(hit.term, language)
                if target is None:
                    continue
                spans = target.spans(Words(translation))
                found.append(
                    Pair(language, number + 1, english, translation, hit.term, target, spans)
                )
    return found


def findings(pair: Pair, translation: str, finder: NameFinder) -> list[str]:
    entry = Entry(msgid=pair.english, msgstr=translation, line=1)
    catalog = Catalog(header=(), entries=(entry,), path="x.po")
    return [
        f.message
        for f in check_glossary(catalog, language=pair.language, finder=finder, date=None)
        if f.severity == "error" and f.message.startswith(f'"{pair.term.name}"')
    ]


def prefix_accepts(pair: Pair, translation: str) -> bool:
    """A prefix match (memoQ, Phrase): every word of the approved form, less its last
    letter when that is a vowel, begins some word of the translation."""
    tokens = [fold(t.text) for t in Words(translation).tokens]
    for word in pair.target.form.approved.split():
        stem = fold(word)
        stem = stem[:-1] if len(stem) > 3 and stem[-1] in _VOWELS else stem
        if not any(token.startswith(stem) for token in tokens):
            return False
    return True


def plant(pair: Pair, kind: str, seed: int) -> tuple[str, Term | None] | None:
    """The translation with one error planted (and the term changed, for (d))."""
    text, spans = pair.translation, pair.spans
    if not spans:
        return None
    start, end = spans[0]
    occurrence = text[start:end]
    head = max(re.findall(r"[^\W\d_]+", occurrence), key=len, default="")
    if len(head) < 3:
        return None
    wrong = misspell(head, seed)
    if fold(wrong) in {fold(f) for f in pair.target.form.variants} or wrong == head:
        return None
    at = occurrence.index(head)
    misspelt = occurrence[:at] + wrong + occurrence[at + len(head) :]
    if kind == "a":
        return text + " " + text[:start] + misspelt + text[end:], None
    if kind == "b":
        out = text
        for a, b in reversed(spans):
            piece = out[a:b]
            word = max(re.findall(r"[^\W\d_]+", piece), key=len, default="")
            if len(word) >= 3:
                at = piece.index(word)
                piece = piece[:at] + misspell(word, seed) + piece[at + len(word) :]
            out = out[:a] + piece + out[b:]
        return out, None
    if kind == "c":
        out = text
        for a, b in reversed(spans):
            out = out[:a] + out[b:]
        return re.sub(r"\s{2,}", " ", out), None
    if kind == "d":
        form = pair.target.form
        forms = dict(pair.term.forms)
        forms[pair.language] = dataclasses.replace(form, forbidden=(*form.forbidden, misspelt))
        term = dataclasses.replace(pair.term, forms=forms)
        return text[:start] + misspelt + text[end:], term
    if kind == "e" and pair.language == "kk":
        approved = pair.target.form.approved.split()[-1]
        stem = len(approved) - (1 if fold(approved)[-1] in "аеыі" else 0)
        if not fold(head).startswith(fold(approved)[:stem]) or len(head) <= len(approved):
            return None
        flipped = flip_ending(head, len(approved))
        if flipped is None:
            return None
        return text[:start] + occurrence[: len(occurrence) - len(head)] + flipped + text[end:], None
    return None


def load_causes(path: Path) -> dict[tuple[str, int, str], tuple[str, str]]:
    """Why each rejected unmodified pair is rejected, as read in the data (by hand)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (row["language"], int(row["line"]), row["name"]): (row["cause"], row["detail"])
            for row in csv.DictReader(handle)
        }


def both_rows(pair: Pair) -> bool:
    """Whether the orthographic rules accept the name's endings in both vowel rows
    (a loan with ь, ё or э in its last syllable or in -нг, -рк, …: Тайваньда and
    Тайваньде; a common noun with и after a back vowel: мұхитта, мұхитте), so that a
    flipped ending is no error."""
    form = pair.target.form
    return any(
        len(kk.harmonies(fold(word), common=not word[:1].isupper())) == 2
        for word in (text.split()[-1] for text in (form.approved, *form.variants))
    )


@dataclasses.dataclass
class Tally:
    """What one language's run found: counts, and the pairs each count is made of."""

    rejected: list[tuple[Pair, str]] = dataclasses.field(default_factory=list)
    missed: list[tuple[Pair, str, str]] = dataclasses.field(default_factory=list)


def evaluate(
    lines: dict[str, list[str]],
    glossary: Glossary,
    show: bool,
    causes: dict[tuple[str, int, str], tuple[str, str]] | None = None,
) -> list[str]:
    causes = causes or {}
    finder = NameFinder(glossary)
    everything = pairs(lines, finder)
    tallies = {language: Tally() for language in ("ru", "kk")}
    out = [
        "| language | pairs with a name | unmodified pairs that pass | prefix match passes | "
        + " | ".join(f"{TITLES[k]}: flagged / planted (prefix match)" for k in PLANTS)
        + " |",
        "|---" * (4 + len(PLANTS)) + "|",
    ]
    details: list[str] = []
    for language in ("ru", "kk"):
        mine = [p for p in everything if p.language == language]
        passing = prefix = 0
        planted: Counter[str] = Counter()
        flagged: Counter[str] = Counter()
        prefix_flagged: Counter[str] = Counter()
        for number, pair in enumerate(mine):
            errors = findings(pair, pair.translation, finder)
            passing += not errors
            prefix += prefix_accepts(pair, pair.translation)
            if errors:
                tallies[language].rejected.append((pair, errors[0]))
                details.append(
                    f"{language} line {pair.line}: {pair.term.name}: rejected: {errors[0]}"
                )
            for kind in PLANTS:
                made = plant(pair, kind, number)
                if made is None:
                    continue
                text, term = made
                planted[kind] += 1
                used = finder
                if term is not None:
                    terms = tuple(term if t.name == pair.term.name else t for t in glossary.terms)
                    used = NameFinder(dataclasses.replace(glossary, terms=terms))
                    pair = dataclasses.replace(pair, term=term, target=used.target(term, language))
                hit = findings(pair, text, used)
                flagged[kind] += bool(hit)
                prefix_flagged[kind] += not prefix_accepts(pair, text)
                if not hit:
                    tallies[language].missed.append((pair, kind, text))
                    details.append(
                        f"{language} line {pair.line}: {pair.term.name}: ({kind}) missed: {text}"
                    )

        def share(count: int, total: int) -> str:
            return f"{count}/{total} ({100 * count / total:.1f} %)" if total else "–"

        out.append(
            f"| {language} | {len(mine)} | {share(passing, len(mine))} | "
            f"{share(prefix, len(mine))} | "
            + " | ".join(
                f"{share(flagged[k], planted[k])} ({share(prefix_flagged[k], planted[k])})"
                for k in PLANTS
            )
            + " |"
        )
    out += explain(tallies, causes)
    if show:
        out += ["", *details]
    return out


def explain(
    tallies: dict[str, Tally], causes: dict[tuple[str, int, str], tuple[str, str]]
) -> list[str]:
    """The rejections of unmodified pairs by cause, the (e) plants the rules accept in
    both rows, and whatever is left unexplained (a matcher limitation until shown
    otherwise)."""
    out = ["", "## Unmodified pairs rejected, by cause", ""]
    by_cause: Counter[tuple[str, str]] = Counter()
    listed, unexplained = [], []
    for language, tally in tallies.items():
        for pair, message in tally.rejected:
            cause = causes.get((language, pair.line, pair.term.name))
            if cause is None:
                unexplained.append(f"- {language} line {pair.line}, {pair.term.name}: {message}")
                continue
            by_cause[(cause[0], language)] += 1
            listed.append(
                f"- {language} line {pair.line}, {pair.term.name}: {cause[0]}: {cause[1]}"
            )
    seen = {
        (language, pair.line, pair.term.name)
        for language, tally in tallies.items()
        for pair, _message in tally.rejected
    }
    unexplained += [
        f"- {language} line {line}, {name}: listed in flores-rejections.csv but no longer "
        "rejected: remove the row"
        for language, line, name in sorted(set(causes) - seen)
    ]
    names = sorted({cause for cause, _ in by_cause})
    out += ["| cause | ru | kk |", "|---|---|---|"]
    out += [f"| {name} | {by_cause[(name, 'ru')]} | {by_cause[(name, 'kk')]} |" for name in names]
    out += ["", *listed]
    both: Counter[str] = Counter()
    for language, tally in tallies.items():
        for pair, kind, _text in tally.missed:
            if kind == "e" and both_rows(pair):
                both[pair.target.form.approved] += 1
            else:
                unexplained.append(
                    f"- {language} line {pair.line}, {pair.term.name}: ({kind}) missed"
                )
    out += [
        "",
        "## (e) plants not flagged: names whose endings the rules accept in both rows",
        "",
        "Loans with ь, ё or э in the last syllable or ending in -нг, -рк, … take front "
        "endings by the orthographic rules, and the press writes back ones too "
        "(Тайваньда and Тайваньде, Гонконгтың and Гонконгтің); so may a common noun with "
        "и after a back vowel (мұхитта, тарихтың). The check accepts both.",
        "",
        ", ".join(f"{name} ×{count}" for name, count in sorted(both.items())) or "none",
        "",
        "## Not explained (matcher limitations)",
        "",
        *(unexplained or ["none"]),
    ]
    return out


def consistency(lines: dict[str, list[str]]) -> list[str]:
    """The consistency check without a glossary: every name FLORES renders two ways
    (what ``check`` would warn about), per language."""
    out = [
        "",
        "## Consistency without a glossary",
        "",
        "The project-wide check (rule `consistency`) over every pair as one project with "
        "no glossary: each name it reports, with its renderings.",
        "",
    ]
    for language in ("ru", "kk"):
        units = [
            Unit(f"{language}.po", number + 1, english, lines[language][number])
            for number, english in enumerate(lines["en"])
        ]
        learned = learn({language: units}, None)
        findings = inconsistencies(learned, language)
        flagged = [
            item for item in learned if item.transliterated and item.rendered_two_ways(language)
        ]
        out.append(f"- {language}: {len(flagged)} names, {len(findings)} warnings:")
        out += [
            f"  - {item.name}: "
            + ", ".join(f"{r.text} ×{r.count}" for r in item.renderings[language])
            for item in flagged
        ]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--glossary", type=Path, default=HERE / "flores-glossary.csv")
    parser.add_argument("--show", action="store_true", help="print each miss and rejection")
    parser.add_argument("--write", action="store_true", help="save the table to NAME-CHECK-EVAL.md")
    args = parser.parse_args()
    if not (args.data / FILES["en"]).exists():
        print(f"skipped: FLORES data not found in {args.data}")
        return 0
    lines = {
        lang: (args.data / name).read_text(encoding="utf-8").splitlines()
        for lang, name in FILES.items()
    }
    glossary = parse_glossary(
        args.glossary.read_text(encoding="utf-8"), path=str(args.glossary), languages=("ru", "kk")
    )
    # The causes were read by hand in FLORES devtest itself: other data has none.
    causes = load_causes(HERE / "flores-rejections.csv") if args.data == DEFAULT_DATA else {}
    report = [
        "# The glossary check against planted errors (FLORES-200 devtest)",
        "",
        f"Generated by `bench/name_check_eval.py --write` on {dt.date.today().isoformat()}: "
        f"{len(lines['en'])} sentences, {len(glossary.terms)} names "
        f"(`bench/{args.glossary.name}`).",
        "",
        *evaluate(lines, glossary, args.show, causes),
    ]
    report += consistency(lines)
    print("\n".join(report))
    if args.write:
        counts = [line for line in report if " line " not in line]
        (HERE / "NAME-CHECK-EVAL.md").write_text("\n".join(counts) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
