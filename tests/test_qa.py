"""Quality checks: for each, an entry that must be flagged and a close one that must not."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import polib
import pytest

from l10nrelease.catalog import Entry
from l10nrelease.model import DATELINE_CONTEXT
from l10nrelease.qa import Context, run_checks

from .conftest import SAMPLE_SLUG, run_cli

RU = Context("ru", dt.date(2017, 1, 31))
KK = Context("kk", dt.date(2017, 1, 31))

CASES = [
    # (rule, context, msgid, bad msgstr, close good msgstr)
    (
        "markup",
        RU,
        "Visit the <1>OSCE site</1>.",
        "Посетите сайт ОБСЕ</1>.",
        "Посетите <1>сайт ОБСЕ</1>.",
    ),
    (
        "numbers",
        RU,
        "Some 1,000 people came.",
        "Пришли около 100 человек.",
        "Пришли около 1 000 человек.",
    ),
    (
        "numbers",
        RU,
        "Growth was 1.5 per cent.",
        "Рост составил 15 процента.",
        "Рост составил 1,5 процента.",
    ),
    (
        "urls",
        RU,
        "See https://www.osce.org/astana for more.",
        "Подробнее на https://www.osce.org/Astana.",
        "Подробнее на https://www.osce.org/astana.",
    ),
    (
        "dateline",
        RU,
        "ASTANA, 31 January 2017",
        "АСТАНА, 30 января 2017 г.",
        "АСТАНА, 31 января 2017 г.",
    ),
    ("punctuation", RU, "The meeting ended.", "Встреча завершилась", "Встреча завершилась."),
    ("quotes", RU, "“Yes,” he said.", "\u201cДа\u201d, — сказал он.", "«Да», — сказал он."),
    ("quotes", RU, "He said: “Go.”", 'Он сказал: "Иди".', "Он сказал: «Иди „сейчас“»."),
    ("spaces", RU, "Experts met.", "Эксперты  встретились.", "Эксперты встретились."),
    (
        "spaces",
        RU,
        "The EU gave $12.5\u00a0million.",
        "ЕС выделил 12,5 млн долларов.",
        "ЕС выделил 12,5\u00a0млн долларов.",
    ),
    (
        "markup",
        RU,
        "Set the &lt;config&gt; element to 1.",
        "Задайте элементу <config> значение 1.",
        "Задайте элементу &lt;config&gt; значение 1.",
    ),
    ("mixed-script", KK, "Astana hosted it.", "Aстана оны өткізді.", "Астана оны өткізді."),
    ("mixed-script", KK, "In Astana.", "Астанaда.", "Астанада."),
    (
        "language",
        KK,
        "Experts from many countries discussed the threat of violent extremism.",
        "Эксперты из многих стран обсудили угрозу насильственного экстремизма.",
        "Көптеген елдердің сарапшылары зорлық-зомбылықты экстремизм қатерін талқылады.",
    ),
    (
        "language",
        RU,
        "Experts met today.",
        "Сарапшылар бүгін кездесті.",
        "Эксперты встретились сегодня.",
    ),
    ("same-as-source", RU, "The meeting ended.", "The meeting ended.", "Встреча завершилась."),
    (
        "length",
        RU,
        "The participants discussed the threat in detail and agreed on steps.",
        "Обсудили.",
        "Участники подробно обсудили угрозу и согласовали дальнейшие шаги.",
    ),
]


@pytest.mark.parametrize(
    ("rule", "context", "msgid", "bad", "good"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_each_check_flags_the_bad_and_passes_the_good(
    rule: str, context: Context, msgid: str, bad: str, good: str
) -> None:
    ctxt = DATELINE_CONTEXT if rule == "dateline" else None
    flagged = run_checks(Entry(msgid=msgid, msgstr=bad, msgctxt=ctxt), context)
    assert rule in [found[0] for found in flagged], flagged
    clean = run_checks(Entry(msgid=msgid, msgstr=good, msgctxt=ctxt), context)
    assert clean == [], clean


def test_a_dateline_with_an_agency_instead_of_a_date_is_not_dated() -> None:
    entry = Entry(msgid="ALMATY (Kazinform)", msgstr="АЛМАТЫ (Казинформ)", msgctxt=DATELINE_CONTEXT)
    assert run_checks(entry, RU) == []
    dated = Entry(
        msgid="ALMATY, 5 April 2018 (Kazinform)",
        msgstr="АЛМАТЫ, 4 апреля 2018 г. (Казинформ)",
        msgctxt=DATELINE_CONTEXT,
    )
    assert [f[0] for f in run_checks(dated, Context("ru", dt.date(2018, 4, 5)))] == ["dateline"]


def test_a_dateline_is_checked_against_its_own_date() -> None:
    """A release published the day after its dateline (slug 2017-02-01, ASTANA, 31
    January 2017): build writes the dateline's date, so check expects that one, not
    the release's."""
    entry = Entry(
        msgid="ASTANA, 31 January 2017",
        msgstr="АСТАНА, 31 января 2017 г.",
        msgctxt=DATELINE_CONTEXT,
    )
    assert run_checks(entry, Context("ru", dt.date(2017, 2, 1))) == []
    wrong = replace(entry, msgstr="АСТАНА, 1 февраля 2017 г.")
    found = run_checks(wrong, Context("ru", dt.date(2017, 2, 1)))
    assert [(rule, message[:33]) for rule, _, message in found] == [
        ("dateline", 'the date should read "31 января 2'),
    ]


def test_names_and_numbers_only_may_equal_the_source() -> None:
    entry = Entry(msgid="OSCE 2017", msgstr="OSCE 2017")
    assert "same-as-source" not in [f[0] for f in run_checks(entry, RU)]


def test_fuzzy_entries_give_warnings_and_severities_can_change() -> None:
    entry = Entry(msgid="Some 90 people.", msgstr="Около 80 человек.", fuzzy=True)
    assert run_checks(entry, RU)[0][1] == "warning"
    reviewed = Entry(msgid="Some 90 people.", msgstr="Около 80 человек.")
    assert run_checks(reviewed, RU, severities={"numbers": "off"}) == []
    assert run_checks(reviewed, RU, severities={"numbers": "warning"})[0][1] == "warning"


def test_a_translator_silences_a_check_with_a_reason() -> None:
    entry = Entry(
        msgid="Some 1,000 people.",
        msgstr="Около тысячи человек.",
        translator_comment="ignore numbers: the ministry writes «тысяча»",
    )
    assert run_checks(entry, RU) == []
    no_reason = Entry(
        msgid="Some 1,000 people.",
        msgstr="Около тысячи человек.",
        translator_comment="ignore numbers:",
    )
    assert run_checks(no_reason, RU)


def _plant(project: Path) -> int:
    path = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid.startswith("The discussion brought"))
    entry.msgstr = entry.msgstr.replace("около 90 человек", "около 80 человек")
    po.save(str(path))
    from l10nrelease.pofile import parse_catalog

    catalog = parse_catalog(path.read_text(encoding="utf-8"), path="x")
    return next(e.line for e in catalog.active() if e.msgid.startswith("The discussion"))


def test_findings_in_every_format_with_file_and_line(project: Path) -> None:
    line = _plant(project)
    where = f"locales/ru/{SAMPLE_SLUG}.po"
    text = run_cli("check", cwd=project)
    assert text.returncode == 1
    assert text.stdout == (
        f"{where}:{line}: error: the number 90 of the source is missing "
        "(write it with this language's grouping and decimal marks) [numbers]\n"
    )
    payload = json.loads(run_cli("check", "--format", "json", cwd=project).stdout)
    assert payload["findings"][0]["rule"] == "numbers" and payload["findings"][0]["line"] == line
    junit = run_cli("check", "--format", "junit", cwd=project).stdout
    assert f"{where}:{line}: error: the number 90" in junit
    github = run_cli("check", "--format", "github", cwd=project).stdout
    lines = (project / where).read_text(encoding="utf-8").split("\n")
    start = next(n for n, row in enumerate(lines, 1) if n > line and row.startswith("msgstr"))
    end = next(n for n, row in enumerate(lines, 1) if n > start and not row.startswith('"')) - 1
    assert github.startswith(
        f"::error file={where},line={start},endLine={end},title=numbers::the number 90"
    )


def test_the_config_switches_a_check_off(project: Path) -> None:
    _plant(project)
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text() + "\n[checks]\nnumbers = false\n")
    assert run_cli("check", cwd=project).returncode == 0
    config.write_text(config.read_text().replace("numbers = false", 'numbers = "sometimes"'))
    bad = run_cli("check", cwd=project)
    assert bad.returncode == 2 and "'checks.numbers' must be true, false" in bad.stderr


HUNSPELL = __import__("l10nrelease.spelling", fromlist=["dictionary"])


@pytest.mark.skipif(
    HUNSPELL.dictionary("ru") is None or HUNSPELL.dictionary("kk") is None,
    reason="hunspell with hunspell-ru and hunspell-kk is not installed",
)
def test_spelling_when_switched_on(project: Path) -> None:
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text() + '\n[checks]\nspelling = "warning"\n')
    clean = run_cli("check", cwd=project)
    assert clean.returncode == 0 and "0 warning(s)" in clean.stderr  # spelling.txt + stems
    path = project / "locales" / "ru" / f"{SAMPLE_SLUG}.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid.startswith("Experts from Austria"))
    entry.msgstr = entry.msgstr.replace("насильственных", "насильственых", 1)
    po.save(str(path))
    flagged = run_cli("check", cwd=project)
    assert flagged.returncode == 0  # spelling is a warning here
    assert "warning: not in the dictionary: насильственых" in flagged.stdout


def test_a_missing_dictionary_is_a_note(project: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from l10nrelease import spelling
    from l10nrelease.project import open_project
    from l10nrelease.project.check import check

    config = project / "l10nrelease.toml"
    config.write_text(config.read_text() + '\n[checks]\nspelling = "warning"\n')
    monkeypatch.setattr(spelling, "dictionary", lambda language: None)
    result = check(open_project(project), jobs=1)
    notes = [f for f in result.findings if f.rule == "spelling"]
    assert notes and all(f.severity == "note" for f in notes)
    assert "no hunspell dictionary for kk" in notes[0].message


def test_changing_the_checks_setting_is_not_hidden_by_the_cache(project: Path) -> None:
    _plant(project)
    assert run_cli("check", cwd=project).returncode == 1
    config = project / "l10nrelease.toml"
    config.write_text(config.read_text() + "\n[checks]\nnumbers = false\n")
    assert run_cli("check", cwd=project).returncode == 0


@pytest.mark.parametrize(
    ("msgid", "msgstr", "found"),
    [
        ("Call +43 1 514 36 today.", "Звоните: +43\u00a01\u00a0514\u00a036.", []),
        ("The fund has 1 500 members.", "В фонде 1 500 членов.", []),
        ("Call 12 34.", "Звоните 12 35.", ["the number 34 of the source is missing"]),
        ("It has 1,500 members.", "В нём 1 000 членов.", ["the number 1500 of the source"]),
    ],
)
def test_numbers_copied_as_they_are_pass(msgid: str, msgstr: str, found: list[str]) -> None:
    checked = run_checks(Entry(msgid, msgstr), Context("ru"))
    problems = [message for rule, _, message in checked if rule == "numbers"]
    assert len(problems) == len(found)
    for problem, start in zip(problems, found, strict=True):
        assert problem.startswith(start), problem


@pytest.mark.parametrize(
    ("msgid", "msgstr", "message"),
    [
        ("Background", "Спра\nвка", "a line break the source does not have («Спра⏎вка»)"),
        ("Background", "Справка\n", "the translation ends with a line break and the source"),
        ("\nBackground", "Справка", "the source begins with a line break and the translation"),
        ("Line one\nline two", "Строка один\nстрока два", None),
    ],
)
def test_a_line_break_the_source_lacks_is_an_error(
    msgid: str, msgstr: str, message: str | None
) -> None:
    checked = run_checks(Entry(msgid, msgstr), Context("ru"))
    found = [(level, text) for rule, level, text in checked if rule == "line-breaks"]
    if message is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0][0] == "error"
        assert found[0][1].startswith(message), found[0][1]
