"""``glossary suggest`` against hand-made lists of the names a glossary needs.

Two projects, each with its glossary taken away:

- the bundled sample (one real release, translated by people), against
  ``bench/suggest-sample-names.txt``, and its proposed forms against the sample
  glossary's approved ones;
- a generated corpus of 50 releases (``--releases``) built from the hand-made table
  ``bench/suggest-names.csv`` (28 names: people with their titles, ministries, banks,
  UN bodies, cities, regions) in sentences with the traps real releases hold:
  sentence-initial common words (Forty, Government, Press), coordinations (Taraz and
  Shymkent), a title before a name (Vice Minister of National Economy Madina
  Abylkassymova), a dateline city in capitals, possessives; with Russian and Kazakh
  translations that inflect the names.

For each: the names suggested against the list (precision, recall), the proposed forms
against the list's (share right), and whether the rows ``--append`` adds pass
``glossary lint``.

    .venv/bin/python bench/suggest_eval.py [--releases 50] [--show] [--write]

--write saves the table to bench/SUGGEST-EVAL.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib

from l10nrelease.morphology import fold
from l10nrelease.project import open_project
from l10nrelease.project.glossary import glossary_suggest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MONTHS = [
    ("January", "января", "қаңтар"),
    ("February", "февраля", "ақпан"),
    ("March", "марта", "наурыз"),
    ("April", "апреля", "сәуір"),
    ("May", "мая", "мамыр"),
    ("June", "июня", "маусым"),
]


@dataclass(frozen=True)
class Name:
    en: str
    kind: str
    gender: str
    title_en: str
    title_ru: str
    title_kk: str
    ru: str
    ru_gen: str
    kk: str
    kk_gen: str


def read_names(path: Path) -> list[Name]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Name(**row) for row in csv.DictReader(handle)]


# Each template: English, Russian, Kazakh; {P} a person (with {T} the title), {O} {O2}
# organisations, {C} {C2} places; _g the genitive, {ed} the Russian past ending.
TEMPLATES = [
    (
        "Forty experts from {C} and {C2} met {T} {P}.",
        "Сорок экспертов из {C_g} и {C2_g} встретились, их принял {t} {P}.",
        "{C} және {C2} өңірлерінен келген қырық сарапшыны {t} {P} қабылдады.",
    ),
    (
        "Government officials and Press representatives discussed the report of the {O}.",
        "Представители правительства и прессы обсудили доклад {O_g}.",
        "Үкімет пен баспасөз өкілдері {O_g} баяндамасын талқылады.",
    ),
    (
        "{T} {P} said that the economy of {C} grew.",
        "{t} {P} заявил{ed}, что экономика {C_g} выросла.",
        "{t} {P} {C_g} экономикасы өсті деп мәлімдеді.",
    ),
    (
        "The {O} and the {O2} signed an agreement.",
        "{O} и {O2} подписали соглашение.",
        "{O} мен {O2} келісімге қол қойды.",
    ),
    (
        "According to {P}, the {O} will open an office in {C}.",
        "По словам {P_g}, {O} откроет представительство на территории {C_g}.",
        "{P_g} айтуынша, {O} {C_g} аумағында өкілдік ашады.",
    ),
    (
        "Sixty participants came from the regions of {C}.",
        "Шестьдесят участников приехали из регионов {C_g}.",
        "{C_g} өңірлерінен алпыс қатысушы келді.",
    ),
    (
        "Experts of the {O} presented the results of the study of {C}.",
        "Эксперты {O_g} представили результаты исследования {C_g}.",
        "{O_g} сарапшылары {C_g} зерттеуінің нәтижелерін ұсынды.",
    ),
    (
        "Today {P} visited the office of the {O}.",
        "Сегодня {P} посетил{ed} офис {O_g}.",
        "Бүгін {P} {O_g} кеңсесіне барды.",
    ),
]


def fill(template: tuple[str, str, str], names: dict[str, Name]) -> tuple[str, str, str]:
    en, ru, kk = template
    person = names.get("P")
    values_en, values_ru, values_kk = {}, {}, {}
    for slot, name in names.items():
        values_en[slot] = name.en
        values_ru[slot], values_ru[f"{slot}_g"] = name.ru, name.ru_gen
        values_kk[slot], values_kk[f"{slot}_g"] = name.kk, name.kk_gen
    if person is not None:
        values_en["T"] = person.title_en
        values_ru["t"] = person.title_ru
        values_kk["t"] = person.title_kk
        values_ru["ed"] = "а" if person.gender == "f" else ""
    english = en.format(**values_en)
    russian = ru.format(**values_ru)
    kazakh = kk.format(**values_kk)
    return english, russian[:1].upper() + russian[1:], kazakh[:1].upper() + kazakh[1:]


def build_corpus(folder: Path, names: list[Name], releases: int, seed: int = 11) -> set[str]:
    """An l10nrelease project of ``releases`` releases, extracted and translated; the
    names of the table it uses."""
    rng = random.Random(seed)
    people = [n for n in names if n.kind == "person"]
    offices = [n for n in names if n.kind == "organisation"]
    places = [n for n in names if n.kind == "place"]
    cities = [n for n in places if n.en in {"Pavlodar", "Taraz", "Shymkent", "Karaganda"}]
    folder.mkdir(parents=True)
    _config_without_glossary(folder)
    (folder / "sources").mkdir()
    translations: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    for number in range(releases):
        month, month_ru, month_kk = MONTHS[number % len(MONTHS)]
        day = 1 + number % 28
        city = rng.choice(cities)
        used.add(city.en)
        slug = f"2019-{1 + number % len(MONTHS):02d}-{day:02d}-release-{number:03d}"
        headline = f"News from {city.en}"
        translations[headline] = (f"Новости из {city.ru_gen}", f"{city.kk} жаңалықтары")
        paragraphs = []
        dateline_en = f"{city.en.upper()}, {day} {month} 2019 – "
        dateline_ru = f"{city.ru.upper()}, {day} {month_ru} 2019\u202fг. – "
        dateline_kk = f"{city.kk.upper()}, 2019\u202fж. {day} {month_kk} – "
        for index in range(5):
            template = rng.choice(TEMPLATES)
            chosen = {
                "P": rng.choice(people),
                "O": rng.choice(offices),
                "C": rng.choice(places),
            }
            chosen["O2"] = rng.choice([o for o in offices if o != chosen["O"]])
            chosen["C2"] = rng.choice([p for p in places if p != chosen["C"]])
            slots = {s: n for s, n in chosen.items() if "{" + s + "}" in template[0]}
            english, russian, kazakh = fill(template, slots)
            used |= {n.en for n in slots.values()}
            if "{T}" in template[0]:
                used |= _implied(slots["P"], names)
            if index == 0:
                english, russian, kazakh = (
                    dateline_en + english,
                    dateline_ru + russian,
                    dateline_kk + kazakh,
                )
            translations[english] = (russian, kazakh)
            paragraphs.append(english)
        text = headline + "\n" + "\n".join(paragraphs) + "\n"
        (folder / "sources" / f"{slug}.txt").write_text(text, encoding="utf-8")
    run(folder, "extract")
    for language, column in (("ru", 0), ("kk", 1)):
        for path in (folder / "locales" / language).glob("*.po"):
            po = polib.pofile(str(path))
            for entry in po:
                if entry.msgid in translations:
                    entry.msgstr = translations[entry.msgid][column]
                    if "fuzzy" in entry.flags:
                        entry.flags.remove("fuzzy")
            po.save(str(path))
    return used


def _implied(person: Name, names: list[Name]) -> set[str]:
    """The offices a person's title names (Minister of Foreign Affairs: the Ministry of
    Foreign Affairs), where the table has them."""
    known = {n.en for n in names}
    implied = set()
    for name in known:
        if name.startswith("Ministry of ") and person.title_en.endswith(name[len("Ministry ") :]):
            implied.add(name)
        if name in person.title_en and name != person.en:
            implied.add(name)
    return implied


def _config_without_glossary(folder: Path) -> None:
    """The sample's l10nrelease.toml, less the line that names its glossary."""
    lines = (ROOT / "l10nrelease.toml").read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("glossary ="))
    (folder / "l10nrelease.toml").write_text(text, encoding="utf-8")


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "l10nrelease", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


@dataclass
class Score:
    suggested: int
    expected: int
    right: int
    forms: int
    forms_right: int
    lint: str
    wrong: list[str]
    missed: list[str]
    bad_forms: list[str]

    def precision(self) -> float:
        return 100 * self.right / self.suggested if self.suggested else 0.0

    def recall(self) -> float:
        return 100 * self.right / self.expected if self.expected else 0.0


def evaluate(folder: Path, expected: set[str], forms: dict[str, dict[str, str]]) -> Score:
    """Suggest on ``folder`` (no glossary), compare, then append and lint."""
    suggestions = glossary_suggest(open_project(folder))
    names = {s.name for s in suggestions}
    right = names & expected
    checked = forms_right = 0
    bad_forms = []
    for suggestion in suggestions:
        wanted = forms.get(suggestion.name)
        if wanted is None:
            continue
        term = suggestion.term()
        for language, form in term.forms.items():
            if language not in wanted:
                continue
            checked += 1
            if fold(form.approved) == fold(wanted[language]):  # ё as е, as the check
                forms_right += 1
            else:
                bad_forms.append(
                    f"{suggestion.name} {language}: {form.approved} ≠ {wanted[language]}"
                )
    appended = run(folder, "glossary", "suggest", "--append")
    lint = run(folder, "glossary", "lint")
    verdict = "passes" if appended.returncode == 0 and lint.returncode == 0 else "FAILS"
    if verdict == "FAILS":
        verdict += f" ({(appended.stderr + lint.stdout + lint.stderr).strip()[:300]})"
    return Score(
        len(names),
        len(expected),
        len(right),
        checked,
        forms_right,
        verdict,
        sorted(names - expected),
        sorted(expected - names),
        bad_forms,
    )


def sample_project(folder: Path) -> tuple[set[str], dict[str, dict[str, str]]]:
    """The bundled sample without its glossary; the hand-made list of its names, and
    the sample glossary's approved forms for them."""
    folder.mkdir(parents=True)
    _config_without_glossary(folder)
    for item in ("sources", "locales"):
        shutil.copytree(ROOT / item, folder / item)
    listed = (HERE / "suggest-sample-names.txt").read_text(encoding="utf-8").splitlines()
    expected = {line.strip() for line in listed if line.strip() and not line.startswith("#")}
    forms: dict[str, dict[str, str]] = {}
    with (ROOT / "glossary.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for name in [row["en"], *row["en_variants"].split(" | ")]:
                if name.strip() in expected:
                    forms[name.strip()] = {"ru": row["ru"], "kk": row["kk"]}
    return expected, forms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=50)
    parser.add_argument("--show", action="store_true", help="list every miss")
    parser.add_argument("--write", action="store_true", help="save to SUGGEST-EVAL.md")
    args = parser.parse_args()
    rows = []
    details = []
    with tempfile.TemporaryDirectory() as tmp:
        expected, forms = sample_project(Path(tmp) / "sample")
        rows.append(("the sample (1 release)", evaluate(Path(tmp) / "sample", expected, forms)))
        names = read_names(HERE / "suggest-names.csv")
        used = build_corpus(Path(tmp) / "corpus", names, args.releases)
        table_forms = {n.en: {"ru": n.ru, "kk": n.kk} for n in names}
        score = evaluate(Path(tmp) / "corpus", used, table_forms)
        rows.append((f"generated corpus ({args.releases} releases)", score))
    out = [
        "# `glossary suggest` against hand-made lists",
        "",
        f"Generated by `bench/suggest_eval.py --write` on {dt.date.today().isoformat()}; "
        "each project without its glossary.",
        "",
        "| project | names suggested | names expected | precision | recall | "
        "proposed forms right | appended rows pass `glossary lint` |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, score in rows:
        out.append(
            f"| {label} | {score.suggested} | {score.expected} | {score.precision():.1f} % | "
            f"{score.recall():.1f} % | {score.forms_right}/{score.forms} | {score.lint} |"
        )
        details += [f"{label}: not expected: {name}" for name in score.wrong]
        details += [f"{label}: missed: {name}" for name in score.missed]
        details += [f"{label}: form: {line}" for line in score.bad_forms]
    if details:
        out += ["", "## Differences", "", *(f"- {line}" for line in details)]
    print(
        "\n".join(out if args.show else out[: out.index("## Differences") - 1] if details else out)
    )
    if args.write:
        (HERE / "SUGGEST-EVAL.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
