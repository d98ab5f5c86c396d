"""Checks of translations: pure functions from a catalog to ``Finding`` values.

The glossary check: every approved name in a unit's source must appear in its
translation in the approved form (in any grammatical case), no forbidden variant may
appear, and a misspelt form is named. Reviewed entries give errors, fuzzy entries
and proposed forms warnings.
"""

from __future__ import annotations

import datetime as dt

from .catalog import Catalog, Entry
from .markup import plain
from .model import Finding
from .names import NameFinder

RULE = "glossary"


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
    findings = []
    translation = plain(entry.msgstr)
    seen: set[int] = set()
    found_names = sorted(finder.find(entry.msgid, date=date), key=lambda f: -len(f.text))
    for found in found_names:
        if id(found.term) in seen:
            continue
        seen.add(id(found.term))
        target = finder.target(found.term, language)
        if target is None:
            continue
        approved = target.form.approved
        confirmed = target.form.status == "approved" and not entry.fuzzy
        severity = "error" if confirmed else "warning"
        label = f'"{found.term.name}"'
        forbidden = target.forbidden_found(translation)
        for hit in forbidden:
            findings.append(
                Finding(
                    path,
                    entry.line,
                    severity,
                    RULE,
                    f'{label} must be rendered as "{approved}", not the forbidden variant "{hit}"',
                )
            )
        span = target.locate(translation)
        if span is not None:
            # A longer name used these words: a shorter one must be found elsewhere
            # (in "ЕҚЫҰ-ның Астанадағы бағдарламалар офисі", Astana is the office's).
            start, end = span
            translation = translation[:start] + " " * (end - start) + translation[end:]
            continue
        if forbidden:
            continue
        near = target.closest(translation)
        detail = f'found "{near}"' if near else "not found in the translation"
        findings.append(
            Finding(
                path,
                entry.line,
                severity,
                RULE,
                f'{label} must be rendered as "{approved}" ({detail})',
            )
        )
    return findings
