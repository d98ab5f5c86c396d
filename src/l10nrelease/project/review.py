"""``review``: one release in one language -> a static bilingual review page.

Source and translation side by side per unit, coloured by status, with the origin
(person, engine, memory match), the glossary names highlighted in both columns, the
check's findings inline, the PO file and line, and for a unit fuzzy after a source
edit, what changed in the English. Filters: untranslated, fuzzy, with findings (also
from the address: ``page.html#fuzzy``). No server: it opens from disk.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..assemble import environment
from ..catalog import Entry
from ..errors import CatalogError
from ..fsutil import write_atomic
from ..model import Finding, Release
from ..morphology import Words
from ..names import NameFinder
from ..publish import PagePlan
from . import Project


@dataclass(frozen=True)
class Row:
    number: int
    reference: str
    status: str  # reviewed, fuzzy, untranslated
    origin: str
    source: Markup
    translation: Markup
    change: Markup | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class ReviewPage:
    path: Path
    findings: tuple[Finding, ...]  # every finding of the check, as ``check`` gives them
    plan: PagePlan


def review(project: Project, name: str, language: str, *, output: Path | None = None) -> ReviewPage:
    """The review page of one release in one language: each unit with the check's
    findings (the very list ``check`` prints for the file) and the page's plan (what
    ``build`` will do with it)."""
    config = project.config
    if language not in config.target_languages:
        raise CatalogError(f"--lang {language}: not a target language of this project")
    (path,) = project.release_paths([name])
    release = project.read_release(path)
    planned = project.plans(release, project.policy())
    if language in planned.errors:
        raise planned.errors[language]
    catalog, plan = planned.catalogs[language], planned.plans[language]
    findings = planned.findings[language]
    by_line: dict[int | None, list[Finding]] = {}
    for finding in findings:
        by_line.setdefault(finding.line, []).append(finding)
    rows = [
        _row(number, entry, catalog.path, by_line.get(entry.line, []), language, project, release)
        for number, entry in enumerate(catalog.active(), start=1)
    ]
    counts = {
        status: sum(1 for row in rows if row.status == status)
        for status in ("reviewed", "fuzzy", "untranslated")
    }
    counts["findings"] = sum(1 for row in rows if row.findings)
    counts["errors"] = plan.errors
    counts["warnings"] = sum(1 for f in findings if f.severity == "warning")
    counts["blocking"] = plan.blocking
    policy = project.policy()
    counts["blocking_errors_only"] = all(
        f.severity == "error" for f in findings if policy.blocks(f)
    )
    page = (
        environment(config.templates, guard=project.inside)
        .get_template("review.html.j2")
        .render(
            release=release,
            language=language,
            rows=rows,
            counts=counts,
            po=catalog.path,
            plan=plan,
            file_findings=by_line.get(None, []),
        )
    )
    if output is not None:
        target = project.write_output(output, page)
    else:
        target = config.build / "review" / language / f"{release.slug}.html"
        write_atomic(project.inside(target), page)
    project.save()
    return ReviewPage(target, tuple(findings), plan)


def _row(
    number: int,
    entry: Entry,
    po: str,
    findings: list[Finding],
    language: str,
    project: Project,
    release: Release,
) -> Row:
    source_marks, target_marks = _names(entry, language, project.finder, release.date)
    return Row(
        number=number,
        reference=f"{po}:{entry.line}",
        status="untranslated" if not entry.msgstr else "fuzzy" if entry.fuzzy else "reviewed",
        origin=_origin(entry),
        source=_highlight(entry.msgid, source_marks),
        translation=_highlight(entry.msgstr, target_marks),
        change=_change(entry.previous_msgid, entry.msgid) if entry.fuzzy else None,
        findings=tuple(findings),
    )


def _origin(entry: Entry) -> str:
    comment = entry.translator_comment
    for line in comment.splitlines():
        if line.startswith("machine translation:"):
            return line.split(":", 1)[1].split(",")[0].strip() + " (machine)"
        if line.startswith("translation memory:"):
            return "memory, " + line.split(":", 1)[1].strip()
        if line.startswith("dateline localized"):
            return "dateline (l10nrelease)"
    if entry.fuzzy and entry.previous_msgid is not None:
        return "earlier translation; source changed"
    return "translator" if entry.msgstr else ""


def _names(
    entry: Entry, language: str, finder: NameFinder | None, date: object
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    if finder is None:
        return [], []
    source_spans: list[tuple[int, int]] = []
    target_spans: list[tuple[int, int]] = []
    words = Words(entry.msgstr)
    for found in finder.find(entry.msgid, date=date):  # type: ignore[arg-type]
        for match in re.finditer(rf"(?<![^\W_]){re.escape(found.text)}(?![^\W_])", entry.msgid):
            start, end = match.span()
            if not any(start < b and a < end for a, b in source_spans):
                source_spans.append((start, end))
                break
        target = finder.target(found.term, language)
        span = target.locate(words, target_spans) if target and entry.msgstr else None
        if span:
            target_spans.append(span)
    return source_spans, target_spans


def _highlight(text: str, spans: list[tuple[int, int]]) -> Markup:
    out, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        out.append(html.escape(text[position:start]))
        out.append(f'<mark class="name">{html.escape(text[start:end])}</mark>')
        position = end
    out.append(html.escape(text[position:]))
    return Markup("".join(out))


def _change(previous: str | None, current: str) -> Markup | None:
    """The English edit since the last review, word by word."""
    if previous is None:
        return None
    old, new = previous.split(" "), current.split(" ")
    out = []
    for tag, a, b, c, d in difflib.SequenceMatcher(None, old, new).get_opcodes():
        if tag == "equal":
            out.append(html.escape(" ".join(old[a:b])))
            continue
        if b > a:
            out.append(f"<del>{html.escape(' '.join(old[a:b]))}</del>")
        if d > c:
            out.append(f"<ins>{html.escape(' '.join(new[c:d]))}</ins>")
    return Markup(" ".join(out))
