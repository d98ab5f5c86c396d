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
from ..check import check_glossary
from ..config import Config
from ..errors import CatalogError
from ..fsutil import write_atomic
from ..markup import translation_problems
from ..model import Finding
from ..morphology import Words
from ..names import NameFinder
from ..sources import read_release
from . import po_path, read_catalog_file, read_glossary_file, release_paths


@dataclass(frozen=True)
class Row:
    number: int
    reference: str
    status: str  # reviewed, fuzzy, untranslated
    origin: str
    source: Markup
    translation: Markup
    change: Markup | None
    findings: tuple[str, ...]


def review(config: Config, name: str, language: str, *, output: Path | None = None) -> Path:
    if language not in config.target_languages:
        raise CatalogError(f"--lang {language}: not a target language of this project")
    (path,) = release_paths(config, [name])
    release = read_release(path, root=config.root, mode=config.segmentation)
    po = po_path(config, release.slug, language)
    if not po.exists():
        raise CatalogError(
            f"no PO file; run: l10nrelease extract {release.slug}",
            path=po.relative_to(config.root).as_posix(),
        )
    catalog, _ = read_catalog_file(po, root=config.root, language=language)
    loaded = read_glossary_file(config)
    finder = NameFinder(loaded[0]) if loaded else None
    findings: dict[int, list[Finding]] = {}
    if finder is not None:
        for finding in check_glossary(catalog, language=language, finder=finder, date=release.date):
            findings.setdefault(finding.line or 0, []).append(finding)
    units = {unit.key: unit for unit in release.units()}
    rows = []
    for number, entry in enumerate(catalog.active(), start=1):
        unit = units.get(entry.key)
        problems = list(findings.get(entry.line, []))
        notes = [f"{f.severity}: {f.message}" for f in problems]
        if unit is not None and entry.msgstr and entry.msgctxt is None:
            notes += [
                f"error: {p}"
                for p in translation_problems(
                    entry.msgstr,
                    paired=[n for n, p in enumerate(unit.placeholders, 1) if not p.void],
                    void=[n for n, p in enumerate(unit.placeholders, 1) if p.void],
                )
            ]
        source_marks, target_marks = _names(entry, language, finder, release.date)
        rows.append(
            Row(
                number=number,
                reference=f"{catalog.path}:{entry.line}",
                status="untranslated"
                if not entry.msgstr
                else "fuzzy"
                if entry.fuzzy
                else "reviewed",
                origin=_origin(entry),
                source=_highlight(entry.msgid, source_marks),
                translation=_highlight(entry.msgstr, target_marks),
                change=_change(entry.previous_msgid, entry.msgid) if entry.fuzzy else None,
                findings=tuple(notes),
            )
        )
    counts = {
        status: sum(1 for row in rows if row.status == status)
        for status in ("reviewed", "fuzzy", "untranslated")
    }
    counts["findings"] = sum(1 for row in rows if row.findings)
    page = (
        environment(config.templates)
        .get_template("review.html.j2")
        .render(
            release=release,
            language=language,
            rows=rows,
            counts=counts,
            po=catalog.path,
        )
    )
    target = output or config.build / "review" / language / f"{release.slug}.html"
    write_atomic(target, page)
    return target


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
        pattern = r"\W+".join(re.escape(word) for word in found.text.split(" "))
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", entry.msgid):
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
