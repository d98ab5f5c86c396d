"""A deterministic corpus for benchmarks: N releases in the sample's .txt shape, their
PO files with pseudo-translations in Russian and Kazakh (names correctly inflected,
so the glossary check has real work), and a glossary of generated names.

    .venv/bin/python bench/corpus.py OUT_DIR --releases 1000 --names 500

OUT_DIR becomes an l10nrelease project (l10nrelease.toml, sources/, locales/,
glossary.csv). The same arguments always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
import sys
from dataclasses import dataclass
from pathlib import Path

# Latin syllable -> (Russian, Kazakh) spelling; names are built from these.
_SYLLABLES = [
    ("ka", "ка", "қа"),
    ("ra", "ра", "ра"),
    ("sa", "са", "са"),
    ("ta", "та", "та"),
    ("na", "на", "на"),
    ("ma", "ма", "ма"),
    ("li", "ли", "лі"),
    ("ro", "ро", "ро"),
    ("da", "да", "да"),
    ("be", "бе", "бе"),
    ("ku", "ку", "құ"),
    ("zha", "жа", "жа"),
    ("ba", "ба", "ба"),
    ("tu", "ту", "тұ"),
    ("gu", "гу", "ғұ"),
    ("no", "но", "но"),
]
_HEADLINES = [
    (
        "{org} hosts conference on {topic} in {place}",
        "{org} провел конференцию по теме «{topic_ru}» в {place_loc}",
        "{org} {place_loc} «{topic_kk}» тақырыбында конференция өткізді",
    ),
    (
        "{person} visits {place} to discuss {topic}",
        "{person} посетил {place_acc}, чтобы обсудить {topic_ru}",
        "{person} {topic_kk} мәселесін талқылау үшін {place_acc} аралады",
    ),
]
_SENTENCES = [
    (
        "Experts from {place} discussed {topic} with {person}.",
        "Эксперты из {place_gen} обсудили {topic_ru} с {person_ins}.",
        "{place_abl} келген сарапшылар {person_ins} {topic_kk} мәселесін талқылады.",
    ),
    (
        "{person} opened the meeting organized by the {org}.",
        "{person} открыл встречу, организованную {org_ins}.",
        "{org_ins} ұйымдастырған кездесуді {person} ашты.",
    ),
    (
        "The {org} will continue its work in {place}.",
        "{org} продолжит работу в {place_loc}.",
        "{org} {place_loc} жұмысын жалғастырады.",
    ),
    (
        "Participants visited {place} on the second day.",
        "Во второй день участники посетили {place_acc}.",
        "Екінші күні қатысушылар {place_acc} аралады.",
    ),
    (
        "“We value the support of {person},” said a representative of the {org}.",
        "«Мы ценим поддержку {person_gen}», — сказал представитель {org_gen}.",
        "«Біз {person_gen} қолдауын бағалаймыз», – деді {org_gen} өкілі.",
    ),
    (
        "Some 40 participants from {place} took part in the event.",
        "В мероприятии приняли участие около 40 участников из {place_gen}.",
        "Іс-шараға {place_abl} 40-қа жуық қатысушы қатысты.",
    ),
]
_TOPICS = [
    ("media freedom", "свободу СМИ", "БАҚ бостандығы"),
    ("border security", "безопасность границ", "шекара қауіпсіздігі"),
    ("water management", "управление водными ресурсами", "су ресурстарын басқару"),
]


@dataclass(frozen=True)
class Name:
    en: str
    ru: dict[str, str]  # case -> form
    kk: dict[str, str]
    kind: str


def _word(rng: random.Random, size: int) -> tuple[str, str, str]:
    parts = [rng.choice(_SYLLABLES) for _ in range(size)]
    en = "".join(p[0] for p in parts).capitalize()
    return en, "".join(p[1] for p in parts).capitalize(), "".join(p[2] for p in parts).capitalize()


def make_names(count: int, seed: int = 7) -> list[Name]:
    """Places in -a (Russian and Kazakh inflect them), people with surnames in -ov,
    organisations "Centre of X" with a declining head noun."""
    rng = random.Random(seed)
    names: list[Name] = []
    seen: set[str] = set()
    while len(names) < count:
        kind = ("place", "person", "organisation")[len(names) % 3]
        en, ru, kk = _word(rng, rng.randint(2, 4))
        if kind == "place":
            en, ru, kk = en + "ra", ru + "ра", kk + "ра"
            name = Name(
                en,
                {"nom": ru, "gen": ru[:-1] + "ы", "loc": ru[:-1] + "е", "acc": ru[:-1] + "у"},
                {"nom": kk, "abl": kk + "дан", "loc": kk + "да", "acc": kk + "ны"},
                kind,
            )
        elif kind == "person":
            first, first_ru, first_kk = _word(rng, 2)
            en, ru, kk = f"{first} {en}ov", f"{first_ru} {ru}ов", f"{first_kk} {kk}ов"
            name = Name(
                en,
                {"nom": ru, "gen": ru + "а", "ins": ru + "ым"},
                {"nom": kk, "gen": kk + "тың", "ins": kk + "пен"},
                kind,
            )
        else:
            en = f"Centre for {en} Studies"
            ru = f"Центр исследований {ru}"
            kk = f"{kk} зерттеулер орталығы"
            name = Name(
                en,
                {"nom": ru, "gen": "Центра" + ru[5:], "ins": "Центром" + ru[5:]},
                {"nom": kk, "gen": kk + "ның", "ins": kk + "мен"},
                kind,
            )
        if name.en in seen:
            continue
        seen.add(name.en)
        names.append(name)
    return names


def glossary_csv(names: list[Name]) -> str:
    header = (
        "en,en_variants,kind,status,ru,ru_variants,ru_forbidden,ru_status,kk,"
        "kk_variants,kk_forbidden,kk_status,valid_from,valid_until,note\n"
    )
    rows = [f"{n.en},,{n.kind},approved,{n.ru['nom']},,,,{n.kk['nom']},,,,,,\n" for n in names]
    return header + "".join(rows)


def release(number: int, names: list[Name], rng: random.Random) -> tuple[str, str, list]:
    """(slug, source text, [(english, russian, kazakh)] units in order)."""
    places = [n for n in names if n.kind == "place"]
    people = [n for n in names if n.kind == "person"]
    orgs = [n for n in names if n.kind == "organisation"]
    date = dt.date(2015, 1, 1) + dt.timedelta(days=number % 3000)
    slug = f"{date.isoformat()}-release-{number:05d}"
    place, person, org = rng.choice(places), rng.choice(people), rng.choice(orgs)
    topic = rng.choice(_TOPICS)
    base = {
        "place": place.en,
        "person": person.en,
        "org": org.en,
        "topic": topic[0],
        "topic_ru": topic[1],
        "topic_kk": topic[2],
    }
    en, ru, kk = rng.choice(_HEADLINES)
    headline = en.format(**base)
    units = [
        (
            headline,
            ru.format(
                **{
                    **base,
                    "org": org.ru["nom"],
                    "person": person.ru["nom"],
                    "place_loc": place.ru["loc"],
                    "place_acc": place.ru["acc"],
                }
            ),
            kk.format(
                **{
                    **base,
                    "org": org.kk["nom"],
                    "person": person.kk["nom"],
                    "place_loc": place.kk["loc"],
                    "place_acc": place.kk["acc"],
                }
            ),
        )
    ]
    city = place.en.upper()
    dateline = f"{city}, {date.day} {date.strftime('%B')} {date.year}"
    units.append(
        (
            dateline,
            f"{place.ru['nom'].upper()}, {date.day} {date.month} {date.year}",
            f"{place.kk['nom'].upper()}, {date.year} {date.day}.{date.month}",
        )
    )
    lines = [headline]
    for paragraph in range(rng.randint(6, 10)):
        sentences = []
        for _ in range(rng.randint(1, 3)):
            en, ru, kk = rng.choice(_SENTENCES)
            fields = {
                "place": place.en,
                "person": person.en,
                "org": org.en,
                "topic": topic[0],
                "topic_ru": topic[1],
                "topic_kk": topic[2],
                "place_gen": place.ru["gen"],
                "place_loc": place.ru["loc"],
                "place_acc": place.ru["acc"],
                "person_ins": person.ru["ins"],
                "person_gen": person.ru["gen"],
                "org_ins": org.ru["ins"],
                "org_gen": org.ru["gen"],
            }
            kk_fields = {
                **fields,
                "place_abl": place.kk["abl"],
                "place_loc": place.kk["loc"],
                "place_acc": place.kk["acc"],
                "person_ins": person.kk["ins"],
                "person_gen": person.kk["gen"],
                "org_ins": org.kk["ins"],
                "org_gen": org.kk["gen"],
                "person": person.kk["nom"],
                "org": org.kk["nom"],
            }
            ru_fields = {**fields, "person": person.ru["nom"], "org": org.ru["nom"]}
            sentence = en.format(**fields)
            sentences.append(sentence)
            units.append((sentence, ru.format(**ru_fields), kk.format(**kk_fields)))
        text = " ".join(sentences)
        lines.append(f"{dateline} – {text}" if paragraph == 0 else text)
    return slug, "\n".join(lines) + "\n", units


def html_release(text: str, rng: random.Random) -> str:
    """The same release as a CMS page: <h1>, <p>, a link and emphasis in long paragraphs."""
    lines = text.strip().split("\n")
    body = []
    for line in lines[1:]:
        words = html.escape(line).split(" ")
        if len(words) > 8:
            at = rng.randrange(1, len(words) - 3)
            words[at] = f'<a href="https://www.osce.org/item/{rng.randrange(9999)}">{words[at]}'
            words[at + 1] = f"{words[at + 1]}</a>"
            words[-2] = f"<em>{words[-2]}</em>"
        body.append(f"<p>{' '.join(words)}</p>")
    title = html.escape(lines[0])
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n</head>\n<body>\n<article>\n<h1>{title}</h1>\n"
        + "\n".join(body)
        + "\n</article>\n</body>\n</html>\n"
    )


def plant_errors(units: list, rng: random.Random) -> list:
    """A misspelt name in one translation: what the check exists to catch."""
    number = rng.randrange(2, len(units))
    en, ru, kk = units[number]
    return [
        *units[:number],
        (en, ru.replace("а", "о", 1), kk.replace("а", "е", 1)),
        *units[number + 1 :],
    ]


def po_text(language: str, units: list, source: str) -> str:
    header = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n"Language: '
        f'{language}\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n\n'
    )
    seen: set[str] = set()
    entries = []
    index = 1 if language == "ru" else 2
    for number, unit in enumerate(units):
        if unit[0] in seen:
            continue
        seen.add(unit[0])
        context = 'msgctxt "dateline"\n' if number == 1 else ""
        reference = f"#: {source}:{number + 1}\n"
        entries.append(
            f"{reference}{context}msgid {_quote(unit[0])}\nmsgstr {_quote(unit[index])}\n"
        )
    return header + "\n".join(entries)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(out: Path, *, releases: int, names: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    glossary_names = make_names(names)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    for language in ("ru", "kk"):
        (out / "locales" / language).mkdir(parents=True, exist_ok=True)
    (out / "l10nrelease.toml").write_text(
        '[project]\nname = "benchmark"\ntarget_languages = ["ru", "kk"]\n', encoding="utf-8"
    )
    (out / "glossary.csv").write_text(glossary_csv(glossary_names), encoding="utf-8")
    for number in range(releases):
        slug, text, units = release(number, glossary_names, rng)
        if number % 100 == 0:  # 1 % of releases carry a misspelt name
            units = plant_errors(units, rng)
        source = f"sources/{slug}.txt"
        (out / source).write_text(text, encoding="utf-8")
        for language in ("ru", "kk"):
            (out / "locales" / language / f"{slug}.po").write_text(
                po_text(language, units, source), encoding="utf-8"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--names", type=int, default=500)
    args = parser.parse_args()
    generate(args.out, releases=args.releases, names=args.names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
