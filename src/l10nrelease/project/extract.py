"""``extract``: releases -> PO files, merged with the translations already there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog, Entry, count, render_catalog, without_creation_date
from ..config import Config
from ..fsutil import write_atomic
from ..merge import MergeReport, merge, template_entries
from ..model import Release
from ..names import NameFinder
from ..sources import read_release
from . import orphans, po_path, read_catalog_file, read_glossary_file, release_paths


@dataclass(frozen=True)
class FileResult:
    """What ``extract`` did to one PO or POT file."""

    path: Path
    language: str | None
    status: str  # "created", "updated" or "unchanged"
    merge: MergeReport
    counts: dict[str, int]


@dataclass(frozen=True)
class ExtractResult:
    releases: tuple[Release, ...]
    files: tuple[FileResult, ...]
    orphans: tuple[Path, ...]


def extract(
    config: Config, names: Sequence[str] = (), *, now: dt.datetime | None = None
) -> ExtractResult:
    """Segment releases and merge them into ``locales/<lang>/<slug>.po`` and the POT."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M%z")
    releases = [
        read_release(path, root=config.root, mode=config.segmentation)
        for path in release_paths(config, names)
    ]
    loaded = read_glossary_file(config)
    finder = NameFinder(loaded[0]) if loaded else None
    planned: list[tuple[FileResult, str]] = []
    for release in releases:
        template = template_entries(release)
        for language in (None, *config.target_languages):
            notes = (
                glossary_notes(template, finder, language, release.date)
                if finder is not None and language is not None
                else None
            )
            path = po_path(config, release.slug, language)
            old: Catalog | None = None
            old_text = None
            if path.exists():
                old, old_text = read_catalog_file(path, root=config.root, language=language)
            catalog, report = merge(
                template,
                old,
                language=language,
                project=config.name,
                now=stamp,
                bugs_address=config.bugs_address,
                notes=notes,
            )
            text = render_catalog(catalog)
            if old_text is None:
                status = "created"
            elif without_creation_date(text) == without_creation_date(old_text):
                status = "unchanged"
                text = old_text
            else:
                status = "updated"
            result = FileResult(path, language, status, report, count(catalog.entries))
            planned.append((result, text))
    # Everything was read and merged without error: only now touch the disk.
    for result, text in planned:
        if result.status != "unchanged":
            write_atomic(result.path, text)
    return ExtractResult(
        releases=tuple(releases),
        files=tuple(result for result, _ in planned),
        orphans=tuple(orphans(config, {r.slug for r in releases}) if not names else ()),
    )


def glossary_notes(
    template: Sequence[Entry], finder: NameFinder, language: str, date: dt.date | None
) -> dict[tuple[str | None, str], list[str]]:
    """``#.`` lines naming the glossary's rendering of each name in each entry."""
    notes: dict[tuple[str | None, str], list[str]] = {}
    for entry in template:
        lines: list[str] = []
        for found in finder.find(entry.msgid, date=date):
            form = found.term.forms.get(language)
            if form is None:
                line = f"glossary: {found.term.name} → (no {language} form in the glossary yet)"
            elif form.status != "approved":
                line = f"glossary: {found.term.name} → {form.approved} (proposed, not confirmed)"
            else:
                line = f"glossary: {found.term.name} → {form.approved}"
            if line not in lines:
                lines.append(line)
        if lines:
            notes[entry.key] = lines
    return notes
