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
from .morphology import Words
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
