"""``extract``: releases -> PO files, merged with the translations already there."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import Catalog, Entry, count, render_catalog, without_creation_date
from ..config import Config
from ..errors import L10nError
from ..fsutil import write_atomic
from ..merge import MergeReport, merge, template_entries
from ..names import NameFinder
from ..sources import read_release
from . import (
    CACHE_FOLDER,
    code_digest,
    orphans,
    po_path,
    read_catalog_file,
    read_glossary_file,
    release_paths,
)


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
    releases: tuple[str, ...]  # the slugs of the releases extracted
    files: tuple[FileResult, ...]
    orphans: tuple[Path, ...]


def extract(
    config: Config, names: Sequence[str] = (), *, now: dt.datetime | None = None
) -> ExtractResult:
    """Segment releases and merge them into ``locales/<lang>/<slug>.po`` and the POT.

    A release whose source and PO files are, byte for byte, as the last extract left
    them (with the same glossary, settings and code) is not read again: the answer
    would be the same. That is decided by content, never by timestamps.
    """
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M%z")
    paths = release_paths(config, names)
    loaded = read_glossary_file(config)
    finder = NameFinder(loaded[0]) if loaded else None
    cache_path = _extract_cache(config, loaded[1] if loaded else "")
    cache = _load(cache_path)
    planned: list[tuple[FileResult, str]] = []
    slugs = []
    fresh: dict[str, object] = {}
    for source in paths:
        slugs.append(source.stem)
        key = source.resolve().as_posix()
        skipped = _unchanged(config, source, cache.get(key))
        if skipped is not None:
            planned += [(result, "") for result in skipped]
            fresh[key] = cache[key]
            continue
        release = read_release(source, root=config.root, mode=config.segmentation)
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
        if result.status not in ("unchanged", "skipped"):
            write_atomic(result.path, text)
    by_slug: dict[str, list[FileResult]] = {}
    for result, _text in planned:
        by_slug.setdefault(result.path.stem, []).append(result)
    for source in paths:
        key = source.resolve().as_posix()
        if key not in fresh:
            fresh[key] = _record(source, by_slug.get(source.stem, []))
    with contextlib.suppress(L10nError):  # a read-only project extracts all again next time
        write_atomic(cache_path, json.dumps(fresh if not names else {**cache, **fresh}))
    return ExtractResult(
        releases=tuple(slugs),
        files=tuple(result for result, _ in planned),
        orphans=tuple(orphans(config, set(slugs)) if not names else ()),
    )


def _extract_cache(config: Config, glossary_text: str) -> Path:
    digest = hashlib.sha256(code_digest().encode())
    for part in (
        glossary_text,
        config.name,
        config.bugs_address,
        config.segmentation,
        config.source_language,
        " ".join(config.target_languages),
        config.locales.resolve().as_posix(),
    ):
        digest.update(part.encode("utf-8") + b"\0")
    return config.root / CACHE_FOLDER / f"extract-{digest.hexdigest()[:16]}.json"


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _record(source: Path, results: list[FileResult]) -> dict[str, Any]:
    return {
        "source": _digest(source),
        "files": {
            result.path.resolve().as_posix(): {
                "sha": _digest(result.path),
                "language": result.language,
                "counts": result.counts,
            }
            for result in results
        },
    }


def _unchanged(config: Config, source: Path, record: Any) -> list[FileResult] | None:
    """The files of a release as last written, if nothing about them changed since."""
    if not isinstance(record, dict) or record.get("source") != _digest(source):
        return None
    files = record.get("files") or {}
    expected = {
        po_path(config, source.stem, language).resolve().as_posix()
        for language in (None, *config.target_languages)
    }
    if set(files) != expected:
        return None
    results = []
    for path, info in files.items():
        if _digest(Path(path)) != info.get("sha"):
            return None
        results.append(
            FileResult(
                po_path(config, source.stem, info.get("language")),
                info.get("language"),
                "unchanged",
                MergeReport(),
                dict(info.get("counts") or {}),
            )
        )
    order = {language: index for index, language in enumerate((None, *config.target_languages))}
    return sorted(results, key=lambda r: order.get(r.language, 99))


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
