"""CI that always reports: every outcome of ``check`` in every format.

A file that cannot be read is an error in text, JSON, JUnit and GitHub annotations
alike, naming it and its line, and the other files are still checked (exit 2); the
JSON validates against docs/check-report.schema.json; a message holding a newline, a
``%`` or ``::`` stays one finding in every format.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10nrelease.catalog import Catalog, Entry
from l10nrelease.model import Finding
from l10nrelease.pofile import parse_catalog, render_catalog
from l10nrelease.project.check import entry_at
from l10nrelease.report import EntryRef, render

from .conftest import ROOT, SAMPLE_SLUG, run_cli

SCHEMA = json.loads((ROOT / "docs" / "check-report.schema.json").read_text(encoding="utf-8"))
RU = f"locales/ru/{SAMPLE_SLUG}.po"
KK = f"locales/kk/{SAMPLE_SLUG}.po"


def _validate(payload: object) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(payload)


def _break(project: Path) -> int:
    """An unterminated string in the Russian file; its line."""
    path = project / RU
    text = path.read_text(encoding="utf-8")
    at = text.index('msgstr ""\n"ОБСЕ')
    path.write_text(text.replace('msgstr ""\n"ОБСЕ', 'msgstr "\n"ОБСЕ', 1), encoding="utf-8")
    return text.count("\n", 0, at) + 1


def _plant_in_kazakh(project: Path) -> None:
    path = project / KK
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"ЕҚЫҰ ', '"ЕЫҚҰ ', 1), encoding="utf-8")


def test_an_unreadable_file_is_an_error_in_every_format(project: Path) -> None:
    line = _break(project)
    _plant_in_kazakh(project)
    message = "a string is not closed with a double quote"

    text = run_cli("check", cwd=project)
    assert text.returncode == 2
    assert f"{KK}:" in text.stdout and "[glossary]" in text.stdout  # the other file: checked
    assert text.stderr.splitlines() == [
        f"error: {RU}:{line}: {message}; fix it or restore the file from version control",
        "1 error(s), 0 warning(s) in 1 file(s) checked; 1 file(s) could not be read.",
    ]

    payload = json.loads((as_json := run_cli("check", "--format", "json", cwd=project)).stdout)
    assert as_json.returncode == 2
    _validate(payload)
    assert payload["unreadable"] == [RU] and payload["files"] == [KK, RU]
    assert payload["errors"] == 2
    failed = [f for f in payload["findings"] if f["rule"] == "unreadable"]
    assert failed == [
        {
            "path": RU,
            "line": line,
            "msgstr_line": None,
            "msgctxt": None,
            "msgid": None,
            "severity": "error",
            "rule": "unreadable",
            "message": f"{message}; fix it or restore the file from version control",
        }
    ]
    assert any(f["path"] == KK and f["rule"] == "glossary" for f in payload["findings"])

    junit = run_cli("check", "--format", "junit", cwd=project)
    assert junit.returncode == 2
    suite = ET.fromstring(junit.stdout).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "1", "1")
    error = suite.find(f"testcase[@name='{RU}']/error")
    assert error is not None and f"{RU}:{line}: error: {message}" in (error.text or "")
    assert suite.find(f"testcase[@name='{KK}']/failure") is not None

    github = run_cli("check", "--format", "github", cwd=project)
    assert github.returncode == 2
    lines = github.stdout.splitlines()
    assert f"::error file={RU},line={line},title=unreadable::{message}" in "\n".join(lines)
    assert any(row.startswith(f"::error file={KK},line=") for row in lines)


def test_a_configuration_that_cannot_be_read_is_reported_in_the_format(project: Path) -> None:
    (project / "l10nrelease.toml").write_text("[project\n", encoding="utf-8")
    github = run_cli("check", "--format", "github", cwd=project)
    assert github.returncode == 2
    assert github.stdout.startswith("::error file=l10nrelease.toml,line=1,title=unreadable::")
    assert github.stderr.startswith("error: l10nrelease.toml:1: invalid TOML")
    payload = json.loads(run_cli("check", "--format", "json", cwd=project).stdout)
    _validate(payload)
    assert payload["unreadable"] == ["l10nrelease.toml"] and payload["errors"] == 1
    junit = ET.fromstring(run_cli("check", "--format", "junit", cwd=project).stdout)
    assert junit.find("testsuite/testcase[@name='l10nrelease.toml']/error") is not None


def test_a_glossary_that_cannot_be_read_is_reported_in_the_format(project: Path) -> None:
    (project / "glossary.csv").write_text('en,kind,ru\n"OSCE,organisation,ОБСЕ\n')
    junit = run_cli("check", "--format", "junit", cwd=project)
    assert junit.returncode == 2
    error = ET.fromstring(junit.stdout).find("testsuite/testcase[@name='glossary.csv']/error")
    assert error is not None and "glossary.csv:2: error: broken CSV quoting" in (error.text or "")


def test_a_named_file_that_is_missing_does_not_stop_the_others(project: Path) -> None:
    _plant_in_kazakh(project)
    result = run_cli("check", "--format", "json", "locales/xx/none.po", KK, cwd=project)
    assert result.returncode == 2
    payload = json.loads(result.stdout)
    _validate(payload)
    assert payload["unreadable"] == ["locales/xx/none.po"]
    assert {f["rule"] for f in payload["findings"]} == {"unreadable", "glossary"}


def test_the_json_of_a_clean_and_a_failing_run_validates(project: Path) -> None:
    clean = run_cli("check", "--format", "json", cwd=project)
    assert clean.returncode == 0
    _validate(json.loads(clean.stdout))
    _plant_in_kazakh(project)
    failing = json.loads(run_cli("check", "--format", "json", cwd=project).stdout)
    _validate(failing)
    (finding,) = failing["findings"]
    assert finding["msgid"].startswith("OSCE co-hosts") and finding["msgstr_line"] > finding["line"]


def test_a_schema_violation_is_caught() -> None:
    """The schema is strict enough to catch a report without its version or msgid."""
    jsonschema = pytest.importorskip("jsonschema")
    payload = json.loads(render([], files=[], format="json"))
    _validate(payload)
    for broken in ({**payload, "schema": 2}, {k: v for k, v in payload.items() if k != "schema"}):
        with pytest.raises(jsonschema.ValidationError):
            _validate(broken)
    finding = Finding("a.po", 3, "error", "glossary", "m")
    row = json.loads(render([finding], files=["a.po"], format="json"))["findings"][0]
    del row["msgid"]
    with pytest.raises(jsonschema.ValidationError):
        _validate({**payload, "findings": [row]})


# ---------------------------------------------------------------- escaping

NASTY = 'Офис программы\nОБСЕ 100% :: ok,\r\x1b[31m "done"'
FINDING = Finding("locales/ru/a,b:c.po", 7, "error", "glossary", NASTY)
ENTRY = EntryRef("Programme Office", "ctx", 10, 12)


def _github_unescape(value: str) -> str:
    """What GitHub's runner makes of an escaped value (its toolkit's rules reversed)."""
    return (
        value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
    ).replace("%25", "%")


def test_github_annotations_escape_as_github_reads_them() -> None:
    out = render(
        [FINDING], files=[FINDING.path], format="github", entries={(FINDING.path, 7): ENTRY}
    )
    assert out.count("\n") == 1 and "\r" not in out and "\x1b" not in out
    match = re.fullmatch(r"::error (?P<props>[^:]*)::(?P<data>.*)\n", out)
    assert match is not None, out
    props = dict(part.split("=", 1) for part in match["props"].split(","))
    assert _github_unescape(props["file"]) == FINDING.path
    assert (props["line"], props["endLine"], props["title"]) == ("10", "12", "glossary")
    # The message as the text format shows it: control characters as escapes, % kept.
    assert _github_unescape(match["data"]) == (
        'Офис программы\\nОБСЕ 100% :: ok,\\r\\u001b[31m "done"'
    )


def test_every_format_keeps_a_finding_with_a_newline_on_one_record() -> None:
    text = render([FINDING], files=[FINDING.path], format="text")
    assert text.count("\n") == 1 and text.startswith("locales/ru/a,b:c.po:7: error: ")
    assert "\\n" in text and "\x1b" not in text
    junit = render([FINDING], files=[FINDING.path], format="junit")
    failure = ET.fromstring(junit).find("testsuite/testcase/failure")
    assert failure is not None and (failure.text or "").count("\n") == 0
    payload = json.loads(render([FINDING], files=[FINDING.path], format="json"))
    assert payload["findings"][0]["message"] == NASTY  # JSON escapes it itself, exactly


def test_plain_check_prints_a_msgstr_newline_as_an_escape(project: Path) -> None:
    path = project / RU
    text = path.read_text(encoding="utf-8")
    assert "Офис программ ОБСЕ в Астане " in text
    path.write_text(
        text.replace("Офис программ ОБСЕ в Астане ", "Офис программы\\nОБСЕ в Астане ", 1),
        encoding="utf-8",
    )
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    (line,) = [row for row in result.stdout.splitlines() if "forbidden variant" in row]
    assert line.startswith(f"{RU}:") and line.endswith('"Офис программы\\nОБСЕ" [glossary]')


def test_naming_the_glossary_checks_every_file(project: Path) -> None:
    """What the pre-commit hook passes when only the glossary changed."""
    glossary = project / "glossary.csv"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace(",ЕҚЫҰ,", ",ЕЫҚҰ,", 1), encoding="utf-8"
    )
    result = run_cli("check", "glossary.csv", cwd=project)
    assert result.returncode == 1, result.stderr
    assert f"{KK}:" in result.stdout and "in 2 file(s) checked" in result.stderr
    config = run_cli("check", "l10nrelease.toml", cwd=project)
    assert config.returncode == 1 and "in 2 file(s) checked" in config.stderr
    other = project / "notes.csv"
    other.write_text("a,b\n", encoding="utf-8")
    refused = run_cli("check", "notes.csv", cwd=project)
    assert refused.returncode == 2 and "notes.csv: is not a PO file" in refused.stderr


# ------------------------------------------------ the entry a finding is about

_PIECES = [*'aZ ОБСЕ"\\\t\n.,', "<1>", "</1>", "ә", "\x07", "long words "]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@st.composite
def _catalogs(draw: st.DrawFn) -> Catalog:
    entries, seen = [], set()
    for _ in range(draw(st.integers(1, 6))):
        msgid, msgctxt = draw(_TEXT.filter(bool)), draw(st.none() | _TEXT)
        if (msgctxt, msgid) in seen:
            continue
        seen.add((msgctxt, msgid))
        fuzzy = draw(st.booleans())
        entries.append(
            Entry(
                msgid=msgid,
                msgstr=draw(_TEXT),
                msgctxt=msgctxt,
                fuzzy=fuzzy,
                previous_msgid=draw(st.none() | _TEXT.filter(bool)) if fuzzy else None,
                translator_comment=draw(st.sampled_from(["", "a note", "two\nlines"])),
                extracted_comment=draw(st.sampled_from(["", "glossary: OSCE → ОБСЕ"])),
                obsolete=draw(st.booleans()),
            )
        )
    header = (("Language", "ru"), ("Content-Type", "text/plain; charset=UTF-8"))
    return Catalog(header=header, entries=tuple(entries))


def _agrees(text: str) -> None:
    rows = text.split("\n")
    for entry in parse_catalog(text, path="x.po").entries:
        ref = entry_at(rows, entry.line)
        assert ref is not None, entry
        assert (ref.msgid, ref.msgctxt) == (entry.msgid, entry.msgctxt)
        keyword = rows[ref.msgstr_line - 1].removeprefix("#~ ")
        assert keyword.startswith("msgstr "), keyword
        assert all(
            rows[n - 1].lstrip("#~ ").startswith('"')
            for n in range(ref.msgstr_line + 1, ref.msgstr_end + 1)
        )
        following = rows[ref.msgstr_end] if ref.msgstr_end < len(rows) else ""
        assert not following.removeprefix("#~ ").startswith('"')


@settings(max_examples=300, deadline=None)
@given(_catalogs())
def test_the_entry_of_a_finding_is_the_readers_entry(catalog: Catalog) -> None:
    """What ``check`` reads off an entry's lines is what the PO reader reads there."""
    _agrees(render_catalog(catalog))


def test_the_entry_of_a_finding_in_every_committed_po_file() -> None:
    for path in sorted((ROOT / "locales").rglob("*.po")):
        _agrees(path.read_text(encoding="utf-8"))
    header = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n'
    assert entry_at(header.split("\n"), 99) is None
