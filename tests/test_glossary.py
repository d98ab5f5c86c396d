"""The glossary file: reading, lint, TBX in and out, import, suggest."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import pytest

from l10nrelease.glossary import GlossaryError, lint, parse_glossary, render_glossary
from l10nrelease.tbx import from_tbx, to_tbx

from .conftest import ROOT, run_cli

HEADER = (
    "en,en_variants,kind,status,ru,ru_variants,ru_forbidden,ru_status,"
    "kk,kk_variants,kk_forbidden,kk_status,valid_from,valid_until,note\n"
)
LANGUAGES = ("ru", "kk")


def _lint(rows: str) -> list[str]:
    text = HEADER + rows
    glossary = parse_glossary(text, path="glossary.csv", languages=LANGUAGES)
    return [str(finding) for finding in lint(glossary, text, LANGUAGES)]


def test_the_sample_glossary_is_clean() -> None:
    text = (ROOT / "glossary.csv").read_text(encoding="utf-8")
    glossary = parse_glossary(text, path="glossary.csv", languages=LANGUAGES)
    assert len(glossary.terms) >= 20
    assert lint(glossary, text, LANGUAGES) == []
    names = {term.name for term in glossary.terms}
    for name in (
        "OSCE",
        "OSCE Programme Office in Astana",
        "Astana",
        "György Szabó",
        "Andrey Kravchenko",
        "Karlygash Nugmanova",
        "Austria",
        "Azerbaijan",
        "Republic of Korea",
        "Russian Federation",
        "United Kingdom",
        "Kazakhstan",
        "Prosecutor General’s Office",
        "Ministry of Defence",
        "Centre for Military Strategic Research",
        "Anti-Terrorist Centre of the Republic of Kazakhstan",
    ):
        assert name in names
    office = next(t for t in glossary.terms if t.name == "OSCE Programme Office in Astana")
    assert office.forms["kk"].status == "proposed" and "NOT CONFIRMED" in office.note


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            "OSCE,,organisation,approved,ОБСЕ,,,,ЕҚЫҰ,,,,,,\nOSCE,,organisation,approved,ОБСЕ,,,,"
            "ЕҚЫҰ,,,,,,\n",
            "glossary.csv:3: error: 'OSCE' duplicate of the row on line 2",
        ),
        (
            "OSCE,,organisation,approved,ОБСЕ,,,,ЕҚЫҰ,,,,,,\nOSCE,,organisation,approved,ОСБЕ,,,,"
            "ЕҚЫҰ,,,,,,\n",
            "glossary.csv:3: error: 'OSCE' conflicts with the row on line 2 (different renderings)",
        ),
        (
            "Astana,,place,approved,Астана,,,,,,,,,,\n",
            "glossary.csv:2: warning: 'Astana' has no kk form",
        ),
        (
            "Astana,,town,approved,Астана,,,,Астана,,,,,,\n",
            "glossary.csv:2: error: kind 'town' is not one of person, organisation, place, other",
        ),
        (
            "Astana,,place,approved,Астана,,,,Астана,,,maybe,,,\n",
            "glossary.csv:2: error: kk_status 'maybe' is not one of approved, proposed",
        ),
        (
            "Astana,,place,approved,Астана,,,,Астана,,,,2019-13-01,,\n",
            "glossary.csv:2: error: valid_from '2019-13-01' is not a date (YYYY-MM-DD)",
        ),
        (
            "Astana,,place,approved,Aстана,,,,Астана,,,,,,\n",
            "glossary.csv:2: error: 'Aстана' (ru) mixes Latin and Cyrillic letters",
        ),
        (
            "Astana,,place,approved,Астана,,Астана,,Астана,,,,,,\n",
            "glossary.csv:2: error: 'астана' is both accepted and forbidden in ru",
        ),
        (
            "Astana ,,place,approved,Астана,,,,Астана,,,,,,\n",
            "glossary.csv:2: warning: 'en' has extra spaces: 'Astana '",
        ),
        (
            "Astana,,place,approved,Астана,,,,Астана,,,,,,\nNur-Sultan,,place,approved,Нур-Султан,,"
            "Астана,,Нұр-Сұлтан,,,,,,\n",
            "glossary.csv:3: error: 'Астана' (ru) is forbidden here "
            "but approved on line 2 for the same dates",
        ),
    ],
)
def test_lint_reports_with_the_csv_line(rows: str, expected: str) -> None:
    assert any(line.startswith(expected) for line in _lint(rows)), _lint(rows)


def test_rows_in_force_at_different_dates_do_not_conflict() -> None:
    assert (
        _lint(
            "Astana,,place,approved,Астана,,,,Астана,,,,,2019-03-22,\n"
            "Astana,,place,approved,Астана,,,,Астана,,,,2022-09-19,,\n"
        )
        == []
    )


def test_a_multi_line_cell_gives_the_right_line() -> None:
    findings = _lint(
        'OSCE,,organisation,approved,ОБСЕ,,,,ЕҚЫҰ,,,,,,"a note\non two lines"\n'
        "Astana,,town,approved,Астана,,,,Астана,,,,,,\n"
    )
    assert findings[0].startswith("glossary.csv:4: error: kind 'town'")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "the glossary is empty"),
        ('en,kind,ru\nOSCE,"organisation\n', 2, "broken CSV quoting"),
        ('en,kind,ru\n"OSCE"x,organisation\n', 2, "broken CSV quoting"),
        ("en,kind\nOSCE,organisation\n", 1, "no column for any of the project's languages"),
        ("en,ru\nOSCE,ОБСЕ\n", 1, "no 'kind' column"),
        (
            "en,kind,kk_varaints\nOSCE,organisation,ЕҚЫҰ\n",
            1,
            "unknown column 'kk_varaints'; did you mean 'kk_variants'?",
        ),
        ("en,kind,ru\nOSCE,organisation,ОБСЕ,x\n", 2, "this row has 4 cells but the header has 3"),
        ("en,kind,en\nOSCE,organisation,x\n", 1, "appears twice"),
    ],
)
def test_a_broken_glossary_file_is_an_error_with_its_line(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(GlossaryError, match=message) as caught:
        parse_glossary(text, path="glossary.csv", languages=LANGUAGES)
    assert str(caught.value).startswith(f"glossary.csv:{line}: ")


def test_tbx_round_trip_keeps_every_cell() -> None:
    text = (ROOT / "glossary.csv").read_text(encoding="utf-8")
    glossary = parse_glossary(text, path="glossary.csv", languages=LANGUAGES)
    tbx = to_tbx(glossary, LANGUAGES)
    assert 'type="TBX-Basic"' in tbx and "deprecatedTerm-admn-sts" in tbx
    again = from_tbx(tbx.encode(), path="g.tbx", languages=LANGUAGES)
    assert render_glossary(again, LANGUAGES) == text


def test_tbx_v3_is_read() -> None:
    data = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <text><body>
  <conceptEntry id="1">
   <langSec xml:lang="en"><termSec><term>Almaty</term></termSec></langSec>
   <langSec xml:lang="ru"><termSec><term>Алматы</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
     <termSec><term>Алма-Ата</term>
     <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
   </langSec>
  </conceptEntry>
 </body></text>
</tbx>""".encode()
    glossary = from_tbx(data, path="v3.tbx", languages=LANGUAGES)
    term = glossary.terms[0]
    assert term.name == "Almaty" and term.forms["ru"].approved == "Алматы"
    assert term.forms["ru"].forbidden == ("Алма-Ата",) and "kk" not in term.forms


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            '<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            '<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&xxe;</term></tig>'
            "</langSet></termEntry></body></text></martif>",
            "declares entities",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
            '"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<martif>&lol2;</martif>',
            "declares entities",
        ),
        ("<martif><text><body><termEntry></body></text></martif>", "not well-formed XML"),
        ("<glossary/>", "not a TBX file"),
        ("<martif><text><body/></text></martif>", "no term entries"),
    ],
)
def test_unsafe_or_broken_tbx_is_refused(data: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message) as caught:
        from_tbx(data.encode(), path="bad.tbx", languages=LANGUAGES)
    assert str(caught.value).startswith("bad.tbx:")


def test_glossary_commands(project: Path) -> None:
    lint_result = run_cli("glossary", "lint", cwd=project)
    assert lint_result.returncode == 0 and lint_result.stderr == "0 error(s), 0 warning(s).\n"
    exported = run_cli("glossary", "export", "-o", "glossary.tbx", cwd=project)
    assert exported.returncode == 0
    tbx = (project / "glossary.tbx").read_text(encoding="utf-8")
    assert "<term>ЕҚЫҰ</term>" in tbx
    # Import into a glossary missing two rows, one of which has another rendering.
    csv_path = project / "glossary.csv"
    original = csv_path.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(("Austria,", "Azerbaijan,"))]
    kept = [line.replace(",Ресей Федерациясы,", ",Ресей,") for line in kept]
    csv_path.write_text("".join(kept), encoding="utf-8")
    imported = run_cli("glossary", "import", "glossary.tbx", cwd=project)
    assert imported.returncode == 0, imported.stderr
    assert "conflict: 'Russian Federation' is in the glossary with another rendering" in (
        imported.stdout
    )
    assert "2 name(s) added" in imported.stdout and "1 conflict(s)" in imported.stdout
    after = csv_path.read_text(encoding="utf-8")
    assert "\nAustria," in after and ",Ресей," in after and ",Ресей Федерациясы," not in after
    broken = project / "bad.tbx"
    broken.write_text('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><martif/>')
    refused = run_cli("glossary", "import", "bad.tbx", cwd=project)
    assert refused.returncode == 2 and "refuses such files" in refused.stderr


def test_import_changes_no_existing_row(project: Path) -> None:
    exported = run_cli("glossary", "export", "-o", "full.tbx", cwd=project)
    assert exported.returncode == 0
    # A glossary as people keep it: its own column order, an extra language, a kind
    # spelt "City", a date lint would question, Windows line endings, no final newline.
    rows = [
        "kind,en,ru,kk,de,valid_from,note",
        "City,Astana,Астана,Астана,Astana,1998,capital since 1997/1998",
        'organisation,OSCE,ОБСЕ,ЕҚЫҰ,OSZE,,"quoted, with a comma"',
    ]
    original = ("\r\n".join(rows)).encode("utf-8")
    (project / "glossary.csv").write_bytes(original)
    imported = run_cli("glossary", "import", "full.tbx", cwd=project)
    assert imported.returncode == 0, imported.stderr
    after = (project / "glossary.csv").read_bytes()
    assert after.startswith(original + b"\r\n")  # every existing byte as it was
    added = after[len(original) + 2 :].decode("utf-8").split("\r\n")
    summary = imported.stdout.splitlines()[-1]
    assert added[-1] == "" and len(added) - 1 == int(summary.split(" name(s)")[0])
    austria = next(row for row in added if ",Austria," in row)
    assert austria.startswith("place,Austria,Австрия,Австрия,,,Seeded from CLDR")  # own columns
    assert "no column en_variants" in imported.stderr  # what could not be kept is said


def test_lint_exit_status(project: Path) -> None:
    path = project / "glossary.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "Almaty,,town,approved,Алматы,,,,Алматы,,,,,,\n"
    )
    result = run_cli("glossary", "lint", cwd=project)
    assert result.returncode == 1 and "kind 'town'" in result.stdout


HEADER = (
    "en,en_variants,kind,status,ru,ru_variants,ru_forbidden,ru_status,kk,kk_variants,"
    "kk_forbidden,kk_status,valid_from,valid_until,note\n"
)


def test_suggest_lists_missing_names_and_their_renderings(project: Path) -> None:
    import polib

    source = project / "sources" / "2017-03-01-foreign-ministry.txt"
    source.write_text(
        "Ministry of Foreign Affairs hosts experts\n"
        "ASTANA, 1 March 2017 – The Ministry of Foreign Affairs hosted experts. "
        "Officials of the Ministry of Foreign Affairs spoke.\n"
    )
    assert run_cli("extract", cwd=project).returncode == 0
    path = project / "locales" / "ru" / "2017-03-01-foreign-ministry.po"
    po = polib.pofile(str(path))
    translations = [
        "Министерство иностранных дел принимает экспертов",
        "АСТАНА, 1 марта 2017 г.",
        "Министерство иностранных дел приняло экспертов.",
        "Выступили сотрудники МИД Казахстана.",
    ]
    for entry, text in zip(po, translations, strict=True):
        entry.msgstr = text
    po.save(str(path))
    result = run_cli("glossary", "suggest", cwd=project)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    # three units here, one in the sample's list of ministries
    index = lines.index("   4  Ministry of Foreign Affairs")
    assert lines[index + 1] == "       ru: Министерство иностранных дел ×2"
    assert "Internet" not in result.stdout  # a common word, not a name
    assert "OSCE" not in result.stdout and "Astana" not in result.stdout

    # As glossary rows: the glossary's own columns, proposed, the form in the
    # nominative, and a note that says it is not confirmed.
    rows = run_cli("glossary", "suggest", "--format", "csv", cwd=project)
    assert rows.returncode == 0, rows.stderr
    first = next(csv.DictReader(io.StringIO(HEADER + rows.stdout)))
    assert (first["en"], first["kind"], first["status"], first["ru"]) == (
        "Ministry of Foreign Affairs",
        "organisation",
        "proposed",
        "Министерство иностранных дел",
    )
    assert "not confirmed" in first["note"]

    # --append adds them at the end, every existing byte kept, and lint passes.
    glossary = project / "glossary.csv"
    before = glossary.read_bytes()
    appended = run_cli("glossary", "suggest", "--append", cwd=project)
    assert appended.returncode == 0, appended.stderr
    assert "3 name(s) added" in appended.stdout
    after = glossary.read_bytes()
    assert after.startswith(before) and after[len(before) :].decode() == rows.stdout
    lint = run_cli("glossary", "lint", cwd=project)
    assert lint.returncode == 0, lint.stdout
    again = run_cli("glossary", "suggest", cwd=project)
    assert "Ministry of Foreign Affairs" not in again.stdout  # the glossary has it now


def test_import_keeps_the_byte_order_mark_excel_writes(project: Path) -> None:
    assert run_cli("glossary", "export", "-o", "full.tbx", cwd=project).returncode == 0
    path = project / "glossary.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    original = b"\xef\xbb\xbf" + "".join(lines[:5]).encode("utf-8")
    path.write_bytes(original)
    imported = run_cli("glossary", "import", "full.tbx", cwd=project)
    assert imported.returncode == 0, imported.stderr
    assert path.read_bytes().startswith(original)


@pytest.mark.parametrize(
    "formula",
    ['=HYPERLINK("http://evil.example","Click")', "+SUM(A1:A2)", "=cmd|' /C calc'!A0", "@SUM(1)"],
)
def test_spreadsheet_formulas_are_refused(project: Path, formula: str) -> None:
    tbx = (
        '<?xml version="1.0"?><martif type="TBX-Basic"><text><body>'
        '<termEntry id="c1"><descrip type="subjectField">place</descrip>'
        '<langSet xml:lang="en"><tig><term>Almaty</term></tig></langSet>'
        f'<langSet xml:lang="ru"><tig><term>{html.escape(formula)}</term></tig></langSet>'
        "</termEntry></body></text></martif>"
    )
    (project / "evil.tbx").write_text(tbx, encoding="utf-8")
    before = (project / "glossary.csv").read_bytes()
    result = run_cli("glossary", "import", "evil.tbx", cwd=project)
    assert result.returncode == 2
    assert "would run" in result.stderr and "as a formula" in result.stderr
    assert result.stderr.startswith("error: evil.tbx:1: ")
    assert (project / "glossary.csv").read_bytes() == before
    # Written into the CSV by hand, lint names the cell.
    row = f'Almaty,,place,approved,"{formula.replace(chr(34), chr(34) * 2)}",,,,Алматы,,,,,,\n'
    (project / "glossary.csv").write_bytes(before + row.encode("utf-8"))
    lint_result = run_cli("glossary", "lint", cwd=project)
    assert lint_result.returncode == 1 and "as a formula" in lint_result.stdout


@pytest.mark.parametrize(("character", "name"), [("\r", "U+000D"), ("\x00", "U+0000")])
def test_a_control_character_in_a_cell_is_refused_with_its_line(
    project: Path, character: str, name: str
) -> None:
    path = project / "glossary.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + f'Almaty,,place,approved,"Алматы{character}",,,,Алматы,,,,,,\n', encoding="utf-8"
    )
    line = text.count("\n") + 1
    for command in ("extract", "check", "glossary"):
        result = run_cli(*((command, "lint") if command == "glossary" else (command,)), cwd=project)
        assert result.returncode == 2, command
        assert result.stderr.startswith(f"error: glossary.csv:{line}: a cell holds the control")
        assert name in result.stderr


def test_a_row_beginning_with_a_hash_is_a_comment() -> None:
    from l10nrelease.glossary import parse_glossary

    text = (
        "en,kind,status,ru,kk\n"
        "# Example: Astana,place,approved,Астана,Астана\n"
        '"# a quoted comment, with commas",,,,\n'
        "Astana,place,approved,Астана,Астана\n"
    )
    glossary = parse_glossary(text, path="glossary.csv", languages=("ru", "kk"))
    assert [(t.name, t.line) for t in glossary.terms] == [("Astana", 4)]
