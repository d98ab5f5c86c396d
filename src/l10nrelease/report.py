"""Findings -> text for people and machines: plain lines, JSON, JUnit XML, GitHub.

Pure functions returning strings; the command line prints them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from .model import Finding

FORMATS = ("text", "json", "junit", "github")


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
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    return f"{errors} error(s), {warnings} warning(s) in {files} file(s) checked."


def render(findings: Sequence[Finding], *, files: Sequence[str], format: str) -> str:
    if format != "json":  # JSON escapes control characters itself
        findings = [_clean(finding) for finding in findings]
    if format == "json":
        return _json(findings, files)
    if format == "junit":
        return _junit(findings, files)
    if format == "github":
        return "".join(_github(finding) + "\n" for finding in findings)
    return "".join(f"{finding}\n" for finding in findings)


def _json(findings: Sequence[Finding], files: Sequence[str]) -> str:
    payload = {
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "severity": f.severity,
                "rule": f.rule,
                "message": f.message,
            }
            for f in findings
        ],
        "files": list(files),
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity == "warning"),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _junit(findings: Sequence[Finding], files: Sequence[str]) -> str:
    """One test case per file; each error a failure (warnings are in system-out)."""
    import xml.etree.ElementTree as ET

    suites = ET.Element("testsuites", name="l10nrelease check")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="l10nrelease check",
        tests=str(len(files)),
        failures=str(sum(1 for f in files if _errors(findings, f))),
        errors="0",
    )
    for path in files:
        case = ET.SubElement(suite, "testcase", classname="l10nrelease", name=path)
        errors = _errors(findings, path)
        if errors:
            failure = ET.SubElement(
                case, "failure", message=f"{len(errors)} error(s)", type="l10nrelease"
            )
            failure.text = "\n".join(str(f) for f in errors)
        others = [f for f in findings if f.path == path and f.severity != "error"]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(str(f) for f in others)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _errors(findings: Sequence[Finding], path: str) -> list[Finding]:
    return [f for f in findings if f.path == path and f.severity == "error"]


def _github(finding: Finding) -> str:
    """A workflow command: GitHub shows it as an annotation on the file and line."""
    level = {"error": "error", "warning": "warning"}.get(finding.severity, "notice")
    properties = f"file={_property(finding.path)}"
    if finding.line is not None:
        properties += f",line={finding.line}"
    properties += f",title={_property(finding.rule)}"
    return f"::{level} {properties}::{_data(finding.message)}"


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
