"""How the glossary check behaves on text nobody on the team wrote.

Reads FLORES-200 devtest (English with professional Russian and Kazakh
translations, CC BY-SA 4.0) from the shared data folder, finds the names of
bench/flores-glossary.csv in each English sentence, and asks whether the check
accepts the Russian and the Kazakh sentence. It reports, per language, the share of
sentence pairs accepted, against an exact-match check (what Weblate and Okapi do),
and groups the rejected pairs by likely cause. It runs twice: with the names alone,
and with bench/flores-derived.csv's derived words (китайский for China, Австралиялық
for Australia) added as accepted variants, as a press office would list them.

    .venv/bin/python bench/glossary_eval.py [--data DIR] [--show] [--write]

--write also saves the tables (counts only, no sentence text) to
bench/GLOSSARY-EVAL.md.

Skips (exit 0, saying so) when the data folder is absent. Never copies the data
into the project: --show prints rejected words to the terminal only.
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

from l10nrelease.glossary import parse_glossary, split_list
from l10nrelease.model import Glossary
from l10nrelease.morphology import Words, fold, tokenize
from l10nrelease.names import NameFinder

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "flores200-devtest"
FILES = {"en": "eng_Latn.devtest", "ru": "rus_Cyrl.devtest", "kk": "kaz_Cyrl.devtest"}
RU_DERIVED = re.compile(
    r"(?:ск|цк)(?:ий|ая|ое|ие|ого|ой|ом|ому|ую|ими|их|им)$"  # adjective: иранский
    r"|(?:ец|цы|цев|цам|цами|ка|ки|ок|ане|анин)$"  # demonym: австралиец
)
KK_DERIVED = re.compile(r"(?:лық|лік|дық|дік|тық|тік|ша|ше)\w*$")  # қытайлық, қытайша

CAUSES = ("derived word", "wrong variant", "kept in English", "omission", "matcher limitation")


def classify(language: str, term, target, translation: str) -> tuple[str, str]:
    """Why a pair was rejected, as far as the words tell."""
    for name in term.english:
        if re.search(rf"\b{re.escape(name)}\b", translation):
            return "kept in English", name
    words = target.accepted[0].words
    last = fold(words[-1])
    # What an inflected form must start with: the word, less a final vowel (Астан-е).
    stem = last[:-1] if last[-1:] in "аеёиоуыэюяәіөүұ" else last
    pattern = RU_DERIVED if language == "ru" else KK_DERIVED
    for token in tokenize(translation):
        word = fold(token.text)
        if word.startswith(stem[:4]) and pattern.search(word) and len(word) > len(stem):
            return "derived word", token.text
    for token in tokenize(translation):
        if fold(token.text).startswith(stem):
            return "matcher limitation", token.text
    near = target.closest(Words(translation))
    if near and fold(near)[:1] == fold(words[0])[:1]:
        return "wrong variant", near
    return "omission", ""


def whole_words(form: str, translation: str) -> bool:
    """An exact-match glossary check: the form's words, as written, on word boundaries."""
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", translation) is not None


def with_derived(glossary: Glossary, path: Path) -> Glossary:
    """The glossary with each name's derived words added as accepted variants."""
    extra: dict[str, dict[str, tuple[str, ...]]] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            extra[row["en"]] = {lang: split_list(row.get(lang) or "") for lang in ("ru", "kk")}
    terms = []
    for term in glossary.terms:
        forms = dict(term.forms)
        for language, words in extra.get(term.name, {}).items():
            if words and language in forms:
                form = forms[language]
                forms[language] = dataclasses.replace(form, variants=form.variants + words)
        terms.append(dataclasses.replace(term, forms=forms))
    return dataclasses.replace(glossary, terms=tuple(terms))


def evaluate(
    lines: dict[str, list[str]], glossary: Glossary
) -> tuple[list[str], list[tuple[str, int, str, str, str]]]:
    """The table for one glossary, and each rejected pair (language, line, name, cause)."""
    finder = NameFinder(glossary)
    out: list[str] = []
    out.append(
        "| language | pairs with a name | l10nrelease accepts | exact whole-word match "
        "accepts | exact substring accepts | " + " | ".join(CAUSES) + " |"
    )
    out.append("|---" * (5 + len(CAUSES)) + "|")
    details = []
    for language in ("ru", "kk"):
        pairs = accepted = exact = substring = 0
        causes: Counter[str] = Counter()
        names_seen: Counter[str] = Counter()
        for number, english in enumerate(lines["en"]):
            translation = lines[language][number]
            for found in {f.term.name: f for f in finder.find(english)}.values():
                target = finder.target(found.term, language)
                if target is None:
                    continue
                pairs += 1
                names_seen[found.term.name] += 1
                forms = (target.form.approved, *target.form.variants)
                exact += any(whole_words(form, translation) for form in forms)
                substring += any(form in translation for form in forms)
                if target.locate(Words(translation)) is not None:
                    accepted += 1
                    continue
                cause, word = classify(language, found.term, target, translation)
                causes[cause] += 1
                details.append((language, number + 1, found.term.name, cause, word))

        def share(count: int, total: int = pairs) -> str:
            return f"{count} ({100 * count / total:.1f} %)"

        out.append(
            f"| {language} | {pairs} | {share(accepted)} | {share(exact)} | "
            f"{share(substring)} | " + " | ".join(str(causes[c]) for c in CAUSES) + " |"
        )
    out.append(f"\nnames that occur: {len(names_seen)}")
    return out, details


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--glossary", type=Path, default=HERE / "flores-glossary.csv")
    parser.add_argument("--derived", type=Path, default=HERE / "flores-derived.csv")
    parser.add_argument("--show", action="store_true", help="print each rejected pair's words")
    parser.add_argument("--write", action="store_true", help="save the tables to GLOSSARY-EVAL.md")
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
    derived = with_derived(glossary, args.derived)
    report = [
        "# Glossary check on FLORES-200 devtest",
        "",
        f"Generated by `bench/glossary_eval.py --write` on {dt.date.today().isoformat()}. "
        f"{len(lines['en'])} sentences; glossary: {len(glossary.terms)} names "
        f"(`bench/{args.glossary.name}`).",
    ]
    for title, used in (("names only", glossary), (f"names + {args.derived.name}", derived)):
        table, details = evaluate(lines, used)
        report += ["", f"## {title}", "", *table]
        if args.show:
            report += [
                "",
                *(
                    f"{lang} line {n}: {name}: {cause}: {word}"
                    for lang, n, name, cause, word in details
                ),
            ]
    print("\n".join(report))
    if args.write:
        counts_only = [line for line in report if " line " not in line]
        (HERE / "GLOSSARY-EVAL.md").write_text("\n".join(counts_only) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
