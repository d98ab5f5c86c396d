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
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from .catalog import Catalog, Entry
from .markup import plain
from .model import Finding
from .morphology import Words
from .names import Found, NameFinder, TargetForms, renders_longer
from .qa import Context, run_checks, silenced, switched_on

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
    checks = switched_on(severities)
    for entry in catalog.active():
        for rule, severity, message in run_checks(entry, context, checks=checks):
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
    if not finder.find(entry.msgid, date=date):
        return []
    date = finder.date_that_matters(entry.msgid, date)
    found = _checked(entry.msgid, entry.msgstr, entry.fuzzy, language, finder, date)
    return [Finding(path, entry.line, level, RULE, message) for level, message in found]


#: The same sentence translated the same way gets the same findings (a release's
#: boilerplate: one unit in five of the benchmark's); only the texts decide them.
@lru_cache(maxsize=1 << 13)
def _checked(
    source: str,
    translation: str,
    fuzzy: bool,
    language: str,
    finder: NameFinder,
    date: dt.date | None,
) -> tuple[tuple[str, str], ...]:
    """The glossary findings (severity, message) of one unit."""
    names = finder.find(source, date=date)
    entry = Entry(source, translation, fuzzy=fuzzy)
    return tuple(_EntryCheck(entry, language, finder).run(names))


class _EntryCheck:
    """The glossary check of one entry: each name found in its source, in order."""

    def __init__(self, entry: Entry, language: str, finder: NameFinder) -> None:
        self.entry = entry
        self.language = language
        self.finder = finder
        self.words = Words(plain(entry.msgstr))
        self.severity = "warning" if entry.fuzzy else "error"
        self.findings: list[tuple[str, str]] = []

    def report(self, level: str, message: str) -> None:
        self.findings.append((level, message))

    def run(self, names: list[Found]) -> list[tuple[str, str]]:
        counts = Counter(id(found.term) for found in names)
        missing: list[tuple[Found, TargetForms, str]] = []
        present: list[tuple[Found, TargetForms, str, list[tuple[int, int]]]] = []
        taken: list[tuple[int, int]] = []
        seen: set[int] = set()
        # Longest names first, and each name's words are used up once found: a shorter
        # name must be found elsewhere (in "ЕҚЫҰ-ның Астанадағы бағдарламалар офисі",
        # Astana belongs to the office).
        for found in sorted(names, key=lambda f: -len(f.text)):
            if id(found.term) in seen:
                continue
            seen.add(id(found.term))
            target = self.finder.target(found.term, self.language)
            if target is None:
                continue
            level = self.severity if target.form.status == "approved" else "warning"
            forbidden = self._forbidden(found, target, level)
            span = target.locate(self.words, taken)
            if span is not None:
                taken.append(span)
                present.append((found, target, level, target.spans(self.words)))
            elif not forbidden:
                missing.append((found, target, level))
        everywhere = [span for *_, spans in present for span in spans]
        for found, target, level in missing:
            self._missing(found, target, level, taken)
        for found, target, level, spans in present:
            self._misspelt(found, target, level, spans, everywhere, counts[id(found.term)])
        return self.findings

    def _forbidden(self, found: Found, target: TargetForms, level: str) -> list[str]:
        hits = target.forbidden_found(self.words)
        for hit in hits:
            self.report(
                level,
                f'"{found.term.name}" must be rendered as "{target.form.approved}", not the '
                f'forbidden variant "{hit}"',
            )
        return hits

    def _missing(
        self, found: Found, target: TargetForms, level: str, taken: list[tuple[int, int]]
    ) -> None:
        label, approved = f'"{found.term.name}"', target.form.approved
        misspelt = next(
            iter(
                target.near_misses(self.words, taken, source=self.entry.msgid)
                + target.phrase_misses(self.words, taken)
            ),
            None,
        )
        longer = found.longer and found.term.kind != "person"
        if (
            longer
            and not misspelt
            and renders_longer(
                found.longer, self.words, taken, approved=target.form.approved, name=found.text
            )
        ):
            # "Mexico" in "Mexico City": the translation renders the longer name, which
            # the glossary lacks; that is for the glossary's owner, not an error.
            self.report(
                "warning",
                f'{label} stands in "{found.longer}", which the glossary does not have; '
                f'add "{found.longer}" to the glossary (l10nrelease glossary suggest lists '
                "it) so that its rendering is checked",
            )
            return
        near = misspelt or target.closest(self.words, taken)
        detail = f'found "{near}"' if near else "not found in the translation"
        self.report(level, f'{label} must be rendered as "{approved}" ({detail})')

    def _misspelt(
        self,
        found: Found,
        target: TargetForms,
        level: str,
        spans: list[tuple[int, int]],
        everywhere: list[tuple[int, int]],
        named: int,
    ) -> None:
        """Every other occurrence that is a misspelling of the name is reported, even
        beside a correct one (Трампа … Тармпа)."""
        misses = target.near_misses(self.words, skip=everywhere, source=self.entry.msgid)
        misses += [
            phrase
            for phrase in target.phrase_misses(self.words, skip=everywhere)
            if not any(word in phrase for word in misses)
        ]
        if not misses:
            return
        text = self.words.text
        shown = ", ".join(f'"{text[a:b]}"' for a, b in spans[:2])
        others = ", ".join(f'"{word}"' for word in misses)
        count = ""
        if named > len(spans):
            count = (
                f"; the source names it {named} times, the translation has the approved "
                f"form {_times(len(spans))} and {others} {_times(len(misses))}"
            )
        self.report(
            level,
            f'"{found.term.name}" is rendered as {shown} here, but also as {others}: write '
            f'"{target.form.approved}" in every occurrence{count}',
        )


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"
