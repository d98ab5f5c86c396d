"""``check``: the committed sample passes; planted errors fail with file, line, message."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from l10nrelease.pofile import parse_catalog

from .conftest import SAMPLE_SLUG, run_cli


def _po(project: Path, language: str, slug: str = SAMPLE_SLUG) -> Path:
    return project / "locales" / language / f"{slug}.po"


def _plant(
    project: Path, language: str, msgid_start: str, old: str, new: str, *, fuzzy: bool = False
) -> int:
    """Edit one translation as a PO editor would; return the entry's line."""
    path = _po(project, language)
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid.startswith(msgid_start))
    assert old in entry.msgstr, entry.msgstr
    entry.msgstr = entry.msgstr.replace(old, new)
    if fuzzy:
        entry.flags.append("fuzzy")
    po.save(str(path))
    catalog = parse_catalog(path.read_text(encoding="utf-8"), path="x")
    return next(e.line for e in catalog.active() if e.msgid.startswith(msgid_start))


def test_the_sample_passes(project: Path) -> None:
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr == "0 error(s), 0 warning(s) in 2 file(s) checked.\n"


PLANTED = [
    # (language, msgid start, old, new, expected message)
    ("kk", "OSCE co-hosts", "ЕҚЫҰ", "ЕЫҚҰ", '"OSCE" must be rendered as "ЕҚЫҰ" (found "ЕЫҚҰ")'),
    (
        "kk",
        "“We need to counter",
        "Андрей Кравченко",
        "А. Кравченко",
        '"Andrey Kravchenko" must be rendered as "Андрей Кравченко" (not found in the translation)',
    ),
    (
        "kk",
        "Factors leading",
        "бүгін Астанада",
        "бүгін Астанеде",
        '"Astana" must be rendered as "Астана" (found "Астанеде")',
    ),
    (
        "kk",
        "Factors leading",
        "бүгін Астанада",
        "бүгін Нұр-Сұлтанда",
        '"Astana" must be rendered as "Астана", not the forbidden variant "Нұр-Сұлтанда"',
    ),
    (
        "ru",
        "Ambassador György",
        "Дьёрдь Сабо",
        "Дьёрдь Шабо",
        '"György Szabó" must be rendered as "Дьёрдь Сабо", not the forbidden variant "Дьёрдь Шабо"',
    ),
    (
        "ru",
        "“We need to counter",
        "Андрей Кравченко",
        "Андрей Кравчук",
        '"Andrey Kravchenko" must be rendered as "Андрей Кравченко" (found "Андрей Кравчук")',
    ),
    (
        "ru",
        "Factors leading",
        "Генеральной прокуратурой Республики Казахстан",
        "прокуратурой",
        '"Prosecutor General’s Office" must be rendered as "Генеральная '
        'прокуратура Республики Казахстан" (not found in the translation)',
    ),
    (
        "ru",
        "Factors leading",
        "сегодня в Астане",
        "сегодня в Aстане",  # Latin A
        '"Astana" must be rendered as "Астана" (found "Aстане")',
    ),
]


@pytest.mark.parametrize(("language", "msgid", "old", "new", "message"), PLANTED)
def test_planted_error_is_reported(
    project: Path, language: str, msgid: str, old: str, new: str, message: str
) -> None:
    line = _plant(project, language, msgid, old, new)
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    expected = f"locales/{language}/{SAMPLE_SLUG}.po:{line}: error: {message} [glossary]\n"
    assert result.stdout.startswith(expected)
    # Only the quality checks may add to it (the Latin A is also a mixed script).
    assert all("[glossary]" not in line for line in result.stdout.splitlines()[1:])


def test_fuzzy_entries_and_proposed_names_give_warnings(project: Path) -> None:
    line = _plant(project, "kk", "OSCE co-hosts", "ЕҚЫҰ", "ЕЫҚҰ", fuzzy=True)
    other = _plant(
        project, "kk", "The event is part", "ЕҚЫҰ-ның Астанадағы бағдарламалар", "Бағдарламалар"
    )
    result = run_cli("check", cwd=project)
    assert result.returncode == 0
    assert f'kk/{SAMPLE_SLUG}.po:{line}: warning: "OSCE" must be' in result.stdout
    assert f'kk/{SAMPLE_SLUG}.po:{other}: warning: "OSCE Programme Office in Astana"' in (
        result.stdout
    )


def test_names_follow_the_release_date(project: Path) -> None:
    """In 2020 the capital was Nur-Sultan: "Астана" is then the forbidden variant."""
    source = project / "sources" / "2020-05-05-nur-sultan.txt"
    source.write_text("Meeting in Nur-Sultan\nNUR-SULTAN, 5 May 2020 – Experts met.\n")
    assert run_cli("extract", cwd=project).returncode == 0
    path = _po(project, "ru", "2020-05-05-nur-sultan")
    po = polib.pofile(str(path))
    po[0].msgstr = "Встреча в Астане"
    po.save(str(path))
    result = run_cli("check", str(path), cwd=project)
    assert result.returncode == 1
    assert '"Nur-Sultan" must be rendered as "Нур-Султан", not the forbidden variant "Астане"' in (
        result.stdout
    )
    kk = (project / "locales" / "kk" / "2020-05-05-nur-sultan.po").read_text()
    assert "#. glossary: Nur-Sultan → ru: Нур-Султан; kk: Нұр-Сұлтан" in kk


def test_named_files_only(project: Path) -> None:
    _plant(project, "ru", "OSCE co-hosts", "ОБСЕ", "ОСБЕ")
    result = run_cli("check", str(_po(project, "kk")), cwd=project)
    assert result.returncode == 0 and "in 1 file(s)" in result.stderr


def _msgstr_span(path: Path, line: int) -> tuple[int, int]:
    """The lines of the msgstr of the entry on ``line``, read off the file by hand."""
    rows = path.read_text(encoding="utf-8").split("\n")
    start = next(n for n in range(line, len(rows) + 1) if rows[n - 1].startswith("msgstr"))
    end = start
    while rows[end].startswith('"'):
        end += 1
    return start, end


def test_output_formats(project: Path) -> None:
    line = _plant(project, "kk", "OSCE co-hosts", "ЕҚЫҰ", "ЕЫҚҰ")
    path = f"locales/kk/{SAMPLE_SLUG}.po"
    start, end = _msgstr_span(project / path, line)
    assert end > start > line  # the entry's comments come first, its msgstr is wrapped

    as_json = run_cli("check", "--format", "json", cwd=project)
    assert as_json.returncode == 1
    payload = json.loads(as_json.stdout)
    assert payload["schema"] == 1 and payload["unreadable"] == []
    assert payload["errors"] == 1 and payload["warnings"] == 0
    assert payload["findings"] == [
        {
            "path": path,
            "line": line,
            "msgstr_line": start,
            "msgctxt": None,
            "msgid": "OSCE co-hosts international roundtable discussion on countering "
            "terrorism in Kazakhstan",
            "severity": "error",
            "rule": "glossary",
            "message": '"OSCE" must be rendered as "ЕҚЫҰ" (found "ЕЫҚҰ")',
        }
    ]

    junit = run_cli("check", "--format", "junit", cwd=project)
    assert junit.returncode == 1
    suite = ET.fromstring(junit.stdout).find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    failure = suite.find(f"testcase[@name='{path}']/failure")
    assert failure is not None and f"{path}:{line}: error:" in (failure.text or "")

    github = run_cli("check", "--format", "github", cwd=project)
    assert github.returncode == 1
    # On the msgstr's lines, which the pull request's diff shows, not the entry's comments.
    assert github.stdout == (
        f"::error file={path},line={start},endLine={end},title=glossary::"
        '"OSCE" must be rendered as "ЕҚЫҰ" (found "ЕЫҚҰ")\n'
    )


def test_exit_status_2_when_the_check_cannot_run(project: Path) -> None:
    bad = _po(project, "ru")
    bad.write_text(bad.read_text().replace('msgstr ""\n"ОБСЕ', 'msgstr "\n"ОБСЕ', 1))
    result = run_cli("check", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: locales/ru/{SAMPLE_SLUG}.po:")
    missing = run_cli("check", "locales/xx/none.po", cwd=project)
    assert missing.returncode == 2 and "no such PO file" in missing.stderr
    (project / "glossary.csv").write_text('en,kind,ru\n"OSCE,organisation,ОБСЕ\n')
    result = run_cli("check", str(_po(project, "kk")), cwd=project)
    assert result.returncode == 2 and "glossary.csv:2: broken CSV quoting" in result.stderr


def test_without_a_glossary_there_is_nothing_to_check(project: Path) -> None:
    (project / "glossary.csv").unlink()
    config = project / "l10nrelease.toml"
    config.write_text(
        "".join(
            line
            for line in config.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith("glossary =")
        ),
        encoding="utf-8",
    )
    result = run_cli("check", cwd=project)
    assert result.returncode == 0 and "names are not checked" in result.stderr


def test_a_glossary_the_config_names_must_be_there(project: Path) -> None:
    config = project / "l10nrelease.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('glossary = "glossary.csv"', 'glossary = "glosary.csv"'))
    for command in ("check", "build", "status"):
        result = run_cli(command, cwd=project)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "glosary.csv: no such file, and paths.glossary in l10nrelease.toml names it" in (
            result.stderr
        )
        assert "Traceback" not in result.stderr


def test_extract_writes_the_approved_names_for_translators(project: Path) -> None:
    """In every language, in the POT too: msgmerge takes the ``#.`` lines from the POT."""
    kk = _po(project, "kk").read_text(encoding="utf-8")
    assert "#. glossary: OSCE → ru: ОБСЕ; kk: ЕҚЫҰ\n" in kk
    assert "#. glossary: Andrey Kravchenko → ru: Андрей Кравченко; kk: Андрей Кравченко\n" in kk
    assert (
        "#. glossary: Karlygash Nugmanova → ru: Карлыгаш Нугманова (proposed, not confirmed); "
        "kk: Қарлығаш Нұғманова "
        "(proposed, not confirmed)\n" in kk
    )
    ru = _po(project, "ru").read_text(encoding="utf-8")
    assert "#. glossary: György Szabó → ru: Дьёрдь Сабо; kk: Дьёрдь Сабо (proposed, not" in ru
    pot = (project / "locales" / "templates" / f"{SAMPLE_SLUG}.pot").read_text(encoding="utf-8")
    assert "#. glossary: OSCE → ru: ОБСЕ; kk: ЕҚЫҰ\n" in pot


def test_build_takes_the_dateline_city_from_the_glossary(project: Path) -> None:
    path = _po(project, "kk")
    po = polib.pofile(str(path))
    next(e for e in po if e.msgctxt == "dateline").msgstr = ""
    po.save(str(path))
    result = run_cli("build", "--lang", "kk", cwd=project)
    assert "kk    12/12" in result.stdout
    page = (project / "build" / "kk" / f"{SAMPLE_SLUG}.html").read_text()
    assert '<span class="dateline">АСТАНА, 2017\u202fж. 31 қаңтар</span>' in page


def test_pre_commit_hooks_name_real_commands() -> None:
    from .conftest import ROOT

    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    entries = [
        line.split(":", 1)[1].strip()
        for line in hooks.splitlines()
        if line.strip().startswith("entry:")
    ]
    assert entries == ["l10nrelease check", "l10nrelease glossary lint"]
    from l10nrelease.cli import main

    assert "check" in main.commands and "lint" in main.commands["glossary"].commands  # type: ignore[attr-defined]


def test_rerun_reuses_results_until_a_file_or_the_glossary_changes(project: Path) -> None:
    first = run_cli("check", cwd=project)
    assert first.returncode == 0
    assert (project / ".l10nrelease" / "cache" / "records.sqlite").exists()
    again = run_cli("check", cwd=project)
    assert again.returncode == 0 and again.stderr == first.stderr
    # Editing a PO file: its new error is found, not an old result reused.
    line = _plant(project, "kk", "OSCE co-hosts", "ЕҚЫҰ", "ЕЫҚҰ")
    edited = run_cli("check", cwd=project)
    assert edited.returncode == 1 and f".po:{line}: error:" in edited.stdout
    # Editing the glossary so that the misspelling becomes the approved form.
    glossary = project / "glossary.csv"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(",ЕҚЫҰ,", ",ЕЫҚҰ,", 1), encoding="utf-8"
    )
    relaxed = run_cli("check", str(_po(project, "kk")), cwd=project)
    assert f".po:{line}: error:" not in relaxed.stdout


def test_parallel_check_gives_the_serial_findings(tmp_path: Path) -> None:
    import sys

    from l10nrelease.project import open_project
    from l10nrelease.project.check import check

    from .conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    generate(tmp_path, releases=150, names=60)
    for path in sorted((tmp_path / "locales" / "ru").glob("*.po"))[::40]:
        text = path.read_text(encoding="utf-8")
        header, _, body = text.partition("\n\n")
        path.write_text(header + "\n\n" + body.replace("а", "о"), encoding="utf-8")
    config = open_project(tmp_path)
    serial = check(config, jobs=1)
    parallel = check(config, jobs=2)
    assert serial.findings and serial.findings == parallel.findings
    assert serial.files == parallel.files and len(serial.files) == 300
    broken = sorted((tmp_path / "locales" / "kk").glob("*.po"))[-1]
    broken.write_text(broken.read_text(encoding="utf-8") + 'msgid "x"\nmsgstr "y\n')
    # A file a worker cannot read is a finding naming it; every other file is checked.
    again = check(config, jobs=2)
    shown = f"locales/kk/{broken.name}"
    assert again.unreadable == (shown,) and len(again.files) == 300
    failed = [f for f in again.findings if f.rule == "unreadable"]
    assert [(f.path, f.severity) for f in failed] == [(shown, "error")]
    assert "not closed" in failed[0].message and failed[0].line is not None
    others = [f for f in serial.findings if f.path != shown]
    assert [f for f in again.findings if f.rule != "unreadable"] == others
