"""Findings -> text for people and machines: plain lines, JSON, JUnit XML, GitHub.

Pure functions returning strings; the command line prints them. A file that could not
be read is a finding too (rule ``unreadable``), so every outcome shows in every format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import __version__
from .model import Finding

FORMATS = ("text", "json", "junit", "github")
#: The version of the JSON report's shape (docs/check-report.schema.json): raised when
#: a field changes meaning or goes away, not when one is added.
SCHEMA = 1
#: The rule of a finding that says a file could not be read (or the check not run).
UNREADABLE = "unreadable"


@dataclass(frozen=True, slots=True)
class EntryRef:
    """The PO entry a finding is about: what identifies it, and where its msgstr is
    (the lines a pull request's diff shows, where an annotation belongs)."""

    msgid: str
    msgctxt: str | None
    msgstr_line: int
    msgstr_end: int


#: Findings' entries by (path, line), as ``project.check`` finds them.
Entries = Mapping[tuple[str, int], EntryRef]

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (a line break as \\n):
    a message quotes translations, and a translation's ESC or line break must neither
    reach a terminal nor break a ``path:line:`` line or an XML report."""
    names = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return _CONTROL.sub(lambda m: names.get(m.group(0), f"\\u{ord(m.group(0)):04x}"), text)


def _clean(finding: Finding) -> Finding:
    return Finding(
        printable(finding.path),
        finding.line,
        finding.severity,
        finding.rule,
        printable(finding.message),
    )


def summary(findings: Sequence[Finding], files: int) -> str:
    """``files``: how many files were checked (those that could be read)."""
    errors = sum(1 for f in findings if f.severity == "error" and f.rule != UNREADABLE)
    warnings = sum(1 for f in findings if f.severity == "warning")
    unreadable = len({f.path for f in findings if f.rule == UNREADABLE})
    tail = f"; {unreadable} file(s) could not be read" if unreadable else ""
    return f"{errors} error(s), {warnings} warning(s) in {files} file(s) checked{tail}."


def render(
    findings: Sequence[Finding],
    *,
    files: Sequence[str],
    format: str,
    entries: Entries | None = None,
) -> str:
    """The findings (those of rule ``UNREADABLE`` included: a file that could not be
    read is an error in every format) as ``format`` writes them."""
    entries = entries or {}
    if format == "json":  # JSON escapes control characters itself
        return _json(findings, files, entries)
    cleaned = [_clean(finding) for finding in findings]
    if format == "junit":
        return _junit(cleaned, [printable(path) for path in files])
    if format == "github":
        return "".join(
            _github(clean, _entry(entries, raw)) + "\n"
            for clean, raw in zip(cleaned, findings, strict=True)
        )
    return "".join(f"{finding}\n" for finding in cleaned)


def _entry(entries: Entries, finding: Finding) -> EntryRef | None:
    return entries.get((finding.path, finding.line)) if finding.line is not None else None


def _json(findings: Sequence[Finding], files: Sequence[str], entries: Entries) -> str:
    rows = []
    for f in findings:
        entry = _entry(entries, f)
        rows.append(
            {
                "path": f.path or None,
                "line": f.line,
                "msgstr_line": entry.msgstr_line if entry else None,
                "msgctxt": entry.msgctxt if entry else None,
                "msgid": entry.msgid if entry else None,
                "severity": f.severity,
                "rule": f.rule,
                "message": f.message,
            }
        )
    payload = {
        "schema": SCHEMA,
        "tool": "l10nrelease",
        "version": __version__,
        "files": list(files),
        "unreadable": list(dict.fromkeys(f.path for f in findings if f.rule == UNREADABLE)),
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
        "findings": rows,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _junit(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """One test case per file (and per other file a finding names): a file that could
    not be read is an error, one with errors a failure (warnings are in system-out)."""
    import xml.etree.ElementTree as ET

    cases = list(dict.fromkeys([*files, *(f.path for f in findings)]))
    unreadable = {f.path for f in findings if f.rule == UNREADABLE}
    failed = {f.path for f in findings if f.severity == "error" and f.path not in unreadable}
    suites = ET.Element("testsuites", name="l10nrelease check")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="l10nrelease check",
        tests=str(len(cases)),
        failures=str(len(failed)),
        errors=str(len(unreadable)),
    )
    for path in cases:
        case = ET.SubElement(
            suite, "testcase", classname="l10nrelease", name=path or "l10nrelease check"
        )
        mine = [f for f in findings if f.path == path]
        errors = [f for f in mine if f.severity == "error"]
        if errors:
            kind, message, type_ = (
                ("error", "cannot be read", UNREADABLE)
                if path in unreadable
                else ("failure", f"{len(errors)} error(s)", "l10nrelease")
            )
            element = ET.SubElement(case, kind, message=message, type=type_)
            element.text = "\n".join(str(f) for f in errors)
        others = [f for f in mine if f.severity != "error"]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(str(f) for f in others)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _github(finding: Finding, entry: EntryRef | None) -> str:
    """A workflow command: GitHub shows it as an annotation on the file and line, the
    msgstr's lines where the finding is about an entry (the lines the diff shows).
    Escaped as GitHub's toolkit escapes them (%, CR, LF; in properties also : and ,)."""
    level = {"error": "error", "warning": "warning"}.get(finding.severity, "notice")
    properties = [f"file={_property(finding.path)}"] if finding.path else []
    if entry is not None:
        properties.append(f"line={entry.msgstr_line}")
        if entry.msgstr_end > entry.msgstr_line:
            properties.append(f"endLine={entry.msgstr_end}")
    elif finding.line is not None:
        properties.append(f"line={finding.line}")
    properties.append(f"title={_property(finding.rule)}")
    return f"::{level} {','.join(properties)}::{_data(finding.message)}"


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
