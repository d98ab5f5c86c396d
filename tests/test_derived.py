"""Derived page languages (kk-Latn from kk): the converter with the glossary's own
spellings, the derived plan, the glossary's kk-Latn column, the settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from l10nrelease.config import parse_config
from l10nrelease.derived import Converter, Spelling, derive_plan, spellings
from l10nrelease.errors import ConfigError
from l10nrelease.glossary import append_rows, lint, parse_glossary
from l10nrelease.model import Finding
from l10nrelease.publish import PagePlan
from l10nrelease.tbx import to_tbx
from l10nrelease.translit import Transliterator

from .conftest import ROOT

KK = Transliterator.named("kk-2021")
HEADER = (
    "en,en_variants,kind,status,ru,ru_variants,ru_forbidden,ru_status,"
    "kk,kk_variants,kk_forbidden,kk_status,valid_from,valid_until,note,kk-Latn\n"
)
TOKAYEV = (
    "Kassym-Jomart Tokayev,,person,approved,Касым-Жомарт Токаев,,,,"
    "Қасым-Жомарт Тоқаев,,,,,,,Kassym-Jomart Tokayev\n"
)


def _converter(*pairs: Spelling, letters: dict[str, str] | None = None) -> Converter:
    return Converter(Transliterator.named("kk-2021", letters), pairs, base="kk")


TOKAYEV_CONVERTER = _converter(
    Spelling("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"), Spelling("Тоқаев", "Tokayev")
)


@pytest.mark.parametrize(
    ("kazakh", "latin"),
    [
        # The stem is the glossary's spelling, the case ending is transliterated.
        ("Тоқаевтың сөзі", "Tokayevtyñ sözı"),
        ("Тоқаевқа хат жазды", "Tokayevqa hat jazdy"),
        ("Тоқаевпен кездесті", "Tokayevpen kezdestı"),
        ("Тоқаев", "Tokayev"),
        ("Қасым-Жомарт Тоқаевтың жарлығы", "Kassym-Jomart Tokayevtyñ jarlyğy"),
        # In capitals, the spelling in capitals too.
        ("ТОҚАЕВТЫҢ", "TOKAYEVTYÑ"),
        # Placeholders stay, the name inside them is spelled.
        ("<1>Тоқаевтың</1> сөзі", "<1>Tokayevtyñ</1> sözı"),
        # An address is never rewritten, even where it holds the name.
        (
            "Тоқаев: https://kk.wikipedia.org/wiki/Тоқаев",
            "Tokayev: https://kk.wikipedia.org/wiki/Тоқаев",
        ),
        ("хат: tokayev@akorda.kz", "hat: tokayev@akorda.kz"),
        # A word that only begins like the name (no Kazakh ending follows) is not it.
        ("Тоқаевшыл", "Toqaevşyl"),
        ("Тоқ", "Toq"),
        # Numbers and Latin text as they are.
        ("2021 жылы Tokayev", "2021 jyly Tokayev"),
    ],
)
def test_glossary_spellings_win_and_endings_follow(kazakh: str, latin: str) -> None:
    assert TOKAYEV_CONVERTER(kazakh) == latin


def test_without_the_glossary_every_letter_follows_the_table() -> None:
    assert _converter()("Тоқаевтың сөзі") == "Toqaevtyñ sözı"
    assert _converter()("ЕҚЫҰ-ның") == "EQYŪ-nyñ"


def test_a_stem_that_changes_is_written_letter_by_letter() -> None:
    # орталық -> орталығы: the glossary's stem is not a prefix of the inflected word.
    converter = _converter(Spelling("Орталық", "Ortalyk", kind="organisation"))
    assert converter("Орталыққа") == "Ortalykqa"
    assert converter("Орталығы") == "Ortalyğy"


def test_the_longest_name_wins_where_two_overlap() -> None:
    converter = _converter(
        Spelling("Тоқаев", "Tokaev"), Spelling("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev")
    )
    assert converter("Қасым-Жомарт Тоқаевқа") == "Kassym-Jomart Tokayevqa"
    assert converter("Тоқаевқа") == "Tokaevqa"


def test_the_project_letters_change_only_the_letters_the_alphabet_lacks() -> None:
    assert _converter()("Ресей Федерациясы") == "Resei Federatsiiasy"
    converter = _converter(letters={"ц": "c"})
    assert converter("Ресей Федерациясы") == "Resei Federaciiasy"
    assert converter("ЦЕНТР") == "CENTR"


def test_spellings_come_from_the_glossary_with_the_surname_alone() -> None:
    text = HEADER + TOKAYEV + "Astana,,place,approved,Астана,,,,Астана,,,,,,,\n"
    glossary = parse_glossary(text, path="glossary.csv", languages=("ru", "kk"))
    assert glossary.terms[0].spellings == {"kk-Latn": "Kassym-Jomart Tokayev"}
    assert glossary.terms[1].spellings == {}
    found = spellings(glossary, base="kk", language="kk-Latn")
    assert [(s.form, s.spelled) for s in found] == [
        ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"),
        ("Тоқаев", "Tokayev"),
    ]
    converter = Converter.of("kk-2021", glossary=glossary, base="kk", language="kk-Latn")
    assert converter("Президент Тоқаевтың сөзі") == "Prezident Tokayevtyñ sözı"


def test_the_derived_plan_is_the_base_plan_converted() -> None:
    refusal = Finding("locales/kk/a.po", 12, "error", "markup", "translation refused: <b>")
    plan = PagePlan(
        slug="a",
        language="kk",
        total=3,
        reviewed=2,
        rejected=1,
        publish=True,
        reason="published, 1 refused, in English",
        choices={(None, "Tokayev spoke."): "Тоқаев сөйледі.", ("dateline", "ASTANA"): "АСТАНА"},
        states={(None, "Tokayev spoke."): "reviewed"},
        refusals=(refusal,),
    )
    derived = derive_plan(plan, "kk-Latn", TOKAYEV_CONVERTER)
    assert derived.language == "kk-Latn"
    assert derived.choices == {
        (None, "Tokayev spoke."): "Tokayev söiledı.",
        ("dateline", "ASTANA"): "ASTANA",
    }
    # The same decision, in the same words; the refusal is reported once, with kk.
    assert (derived.publish, derived.reason, derived.total, derived.reviewed) == (
        True,
        "published, 1 refused, in English",
        3,
        2,
    )
    assert derived.refusals == () and derived.english == plan.english == 1
    skipped = derive_plan(
        PagePlan(slug="a", language="kk", total=3, publish=False, reason="skipped: x"),
        "kk-Latn",
        TOKAYEV_CONVERTER,
    )
    assert (skipped.publish, skipped.reason) == (False, "skipped: x")


# ---------------------------------------------------------------- the glossary column


def _lint(rows: str, *, derived: tuple[str, ...] = ("kk-Latn",)) -> list[str]:
    text = HEADER + rows
    glossary = parse_glossary(text, path="glossary.csv", languages=("ru", "kk"))
    return [str(f) for f in lint(glossary, text, ("ru", "kk"), derived=derived)]


def test_lint_accepts_the_kk_latn_column() -> None:
    assert _lint(TOKAYEV) == []


def test_lint_reports_a_cyrillic_or_unused_kk_latn_form() -> None:
    cyrillic = TOKAYEV.replace(",Kassym-Jomart Tokayev\n", ",Тоқаев\n")
    assert _lint(cyrillic) == [
        "glossary.csv:2: error: the kk-Latn form 'Тоқаев' has Cyrillic letters; write the "
        "name in Latin letters, as its owner writes it [glossary-lint]"
    ]
    no_kk = "Zoom,,organisation,approved,Zoom,,,,,,,,,,,Zoom\n"
    found = _lint(no_kk)
    assert (
        "glossary.csv:2: warning: 'Zoom' has a kk-Latn form but no kk form; the kk-Latn form "
        "replaces the kk form where a translation has it, so it is not used [glossary-lint]"
    ) in found
    assert _lint(TOKAYEV, derived=()) == [
        "glossary.csv:1: warning: the column 'kk-Latn' is for the page language kk-Latn, "
        "which l10nrelease.toml does not derive ([languages]); its names are not used "
        "[glossary-lint]"
    ]


def test_a_kk_latn_cell_with_no_letters_is_refused_with_its_line() -> None:
    from l10nrelease.glossary import GlossaryError

    with pytest.raises(GlossaryError, match=r"the kk-latn cell '–' has no letters") as caught:
        parse_glossary(
            HEADER + TOKAYEV.replace(",Kassym-Jomart Tokayev\n", ",–\n"),
            path="glossary.csv",
            languages=("ru", "kk"),
        )
    assert str(caught.value).startswith("glossary.csv:2:")


def test_tbx_export_and_appended_rows_accept_the_column() -> None:
    text = HEADER + TOKAYEV
    glossary = parse_glossary(text, path="glossary.csv", languages=("ru", "kk"))
    exported = to_tbx(glossary, ("ru", "kk"))
    assert "Қасым-Жомарт Тоқаев" in exported and "Касым-Жомарт Токаев" in exported
    # Rows added to a file with the column keep the spelling in it.
    appended, lacking = append_rows(HEADER, glossary.terms)
    assert appended == text and lacking == set()


# ---------------------------------------------------------------- the settings

BASE = (ROOT / "l10nrelease.toml").read_text(encoding="utf-8")


def _config(extra: str) -> object:
    return parse_config(BASE + extra, root=ROOT, path=Path("l10nrelease.toml"))


def test_a_derived_language_is_read_with_its_letters() -> None:
    config = _config(
        '\n[languages]\n"kk-Latn" = { from = "kk", transliterate = "kk-2021", '
        'letters = { "ц" = "c", "Ч" = "ch" } }\n'
    )
    derived = config.derived["kk-Latn"]  # type: ignore[attr-defined]
    assert (derived.base, derived.table, derived.letters) == (
        "kk",
        "kk-2021",
        (("ц", "c"), ("ч", "ch")),
    )
    assert config.languages == ("en", "ru", "kk", "kk-Latn")  # type: ignore[attr-defined]
    assert config.target_languages == ("ru", "kk")  # type: ignore[attr-defined]


def test_a_derived_language_in_a_table_of_its_own() -> None:
    config = _config('\n[languages."kk-Latn"]\nfrom = "kk"\ntransliterate = "kk-2021"\n')
    assert list(config.derived) == ["kk-Latn"]  # type: ignore[attr-defined]


LINE = BASE.count("\n") + 3


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            '"kk-Latn" = { from = "de", transliterate = "kk-2021" }',
            "from = 'de' is not a target language of the project \\(ru, kk\\)",
        ),
        (
            '"kk-Latn" = { from = "kk", transliterate = "kk-1940" }',
            "transliterate = 'kk-1940' is not a table l10nrelease has",
        ),
        (
            '"kk" = { from = "kk", transliterate = "kk-2021" }',
            "'kk' is a language of the project",
        ),
        (
            '"ru" = { from = "kk", transliterate = "kk-2021" }',
            "'ru' is a language of the project",
        ),
        ('"kk-Latn" = { transliterate = "kk-2021" }', 'needs from = "…"'),
        ('"kk-Latn" = { from = "kk" }', 'needs transliterate = "…"'),
        (
            '"kk-Latn" = { from = "kk", transliterate = "kk-2021", script = "Latn" }',
            "unknown key 'script'",
        ),
        (
            '"ru-Latn" = { from = "ru", transliterate = "kk-2021" }',
            "the kk-2021 table writes kk in another script, as 'kk-Latn'",
        ),
        ('kazakh = { from = "kk", transliterate = "kk-2021" }', "named by its language and script"),
        ('"kk-latn" = { from = "kk", transliterate = "kk-2021" }', 'script.*; write "kk-Latn"'),
        ('"kk-Latn" = { from = "kk", transliterate = ["kk-2021"] }', "is not a table"),
        ('"kk-Latn" = { from = ["kk"], transliterate = "kk-2021" }', "is not a target language"),
        (
            '"kk-Latn" = { from = "kk", transliterate = "kk-2021", letters = { "ц" = 1 } }',
            "small Latin",
        ),
        (
            '"kk-Latn" = { from = "kk", transliterate = "kk-2021", letters = { "ш" = "sh" } }',
            "'ш' has its own letter in the kk-2021 alphabet \\(ş\\)",
        ),
        (
            '"kk-Latn" = { from = "kk", transliterate = "kk-2021", letters = { "ц" = "Ц" } }',
            'letters."ц" must be small Latin letters',
        ),
        (
            '"kk-Latn" = { from = "kk", transliterate = "kk-2021", letters = { "w" = "v" } }',
            "letters has 'w', not one of the letters kk-2021 lacks",
        ),
        ('"kk-Latn" = "kk"', "write it as { from ="),
    ],
)
def test_a_bad_derived_language_is_refused_with_its_line(spec: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        _config(f"\n[languages]\n{spec}\n")
    assert str(caught.value).startswith(f"l10nrelease.toml:{LINE}: 'languages.")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.example.org/press/", "https://www.example.org/press/"),
        ("https://www.example.org/press", "https://www.example.org/press/"),
        ("http://localhost:8000", "http://localhost:8000/"),
    ],
)
def test_site_url_is_a_folder_address(value: str, expected: str) -> None:
    assert _config(f'\n[build]\nsite_url = "{value}"\n').site_url == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "value", ["www.example.org", "https://ex.org/?page=1", "/press/", "ftp://x"]
)
def test_a_bad_site_url_is_refused_with_its_line(value: str) -> None:
    with pytest.raises(ConfigError, match=r"'build\.site_url': .* is not an address") as caught:
        _config(f'\n[build]\nsite_url = "{value}"\n')
    assert str(caught.value).startswith(f"l10nrelease.toml:{LINE}:")
