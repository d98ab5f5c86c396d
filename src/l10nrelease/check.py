"""Checks of translations: pure functions from a catalog to ``Finding`` values.

``check_catalog`` is what ``l10nrelease check`` reports for one PO file, and what
``build``, ``status`` and ``review`` count: the glossary check and every quality check
of ``qa.py``, under the project's ``[checks]`` settings.

The glossary check: every approved name in a unit's source must appear in its
translation in the approved form (in any grammatical case), no forbidden variant may
appear, and a misspelt form is named. Reviewed entries give errors, fuzzy entries
and proposed forms warnings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from .catalog import Catalog, Entry
from .markup import plain
from .model import Finding
from .morphology import Words
from .names import NameFinder
from .qa import Context, run_checks, silenced

RULE = "glossary"


def check_catalog(
    catalog: Catalog,
    *,
    language: str,
    finder: NameFinder | None,
    date: dt.date | None,
    date_pattern: str = "long",
    severities: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Every finding of the glossary and quality checks for one catalog, by line."""
    severities = severities or {}
    findings: list[Finding] = []
    glossary_severity = severities.get(RULE, "error")
    if finder is not None and glossary_severity != "off":
        found = check_glossary(catalog, language=language, finder=finder, date=date)
        quiet = {e.line for e in catalog.active() if RULE in silenced(e)}
        found = [f for f in found if f.line not in quiet]
        if glossary_severity == "warning":
            found = [replace(f, severity="warning") if f.severity == "error" else f for f in found]
        findings += found
    context = Context(language=language, date=date, date_pattern=date_pattern)
    for entry in catalog.active():
        for rule, severity, message in run_checks(entry, context, severities=severities):
            findings.append(Finding(catalog.path, entry.line, severity, rule, message))
    findings.sort(key=lambda f: (f.line or 0, f.rule))
    return findings


def check_glossary(
    catalog: Catalog, *, language: str, finder: NameFinder, date: dt.date | None
) -> list[Finding]:
    findings: list[Finding] = []
    for entry in catalog.active():
        if entry.msgstr:
            findings += _check_entry(entry, catalog.path, language, finder, date)
    return findings


def _check_entry(
    entry: Entry, path: str, language: str, finder: NameFinder, date: dt.date | None
) -> list[Finding]:
    names = finder.find(entry.msgid, date=date)
    if not names:
        return []
    words = Words(plain(entry.msgstr))
    severity = "warning" if entry.fuzzy else "error"
    findings: list[Finding] = []
    missing = []
    taken: list[tuple[int, int]] = []
    seen: set[int] = set()
    # Longest names first, and each name's words are used up once found: a shorter
    # name must be found elsewhere (in "ЕҚЫҰ-ның Астанадағы бағдарламалар офисі",
    # Astana belongs to the office).
    for found in sorted(names, key=lambda f: -len(f.text)):
        if id(found.term) in seen:
            continue
        seen.add(id(found.term))
        target = finder.target(found.term, language)
        if target is None:
            continue
        level = severity if target.form.status == "approved" else "warning"
        label = f'"{found.term.name}"'
        approved = target.form.approved
        forbidden = target.forbidden_found(words)
        for hit in forbidden:
            findings.append(
                Finding(
                    path,
                    entry.line,
                    level,
                    RULE,
                    f'{label} must be rendered as "{approved}", not the forbidden variant "{hit}"',
                )
            )
        span = target.locate(words, taken)
        if span is not None:
            taken.append(span)
        elif not forbidden:
            missing.append((label, approved, target, level))
    for label, approved, target, level in missing:
        near = target.closest(words, taken)
        detail = f'found "{near}"' if near else "not found in the translation"
        findings.append(
            Finding(
                path,
                entry.line,
                level,
                RULE,
                f'{label} must be rendered as "{approved}" ({detail})',
            )
        )
    return findings
