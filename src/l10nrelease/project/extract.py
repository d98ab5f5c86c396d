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

from ..catalog import Catalog, Entry, count
from ..config import Config
from ..errors import L10nError
from ..fsutil import commit, discard, stage, write_atomic
from ..merge import MergeReport, merge, template_entries
from ..names import NameFinder
from ..parallel import fork_map
from ..pofile import render_catalog, without_creation_date
from ..sources import read_release
from . import (
    CACHE_FOLDER,
    code_digest,
    load_record,
    orphans,
    po_path,
    read_catalog_file,
    read_glossary_file,
    read_glossary_text,
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
    glossary_text = read_glossary_text(config)
    cache_path = _extract_cache(config, glossary_text or "")
    cache = load_record(cache_path)
    slugs = [source.stem for source in paths]
    fresh: dict[str, object] = {}
    by_source: dict[Path, list[tuple[FileResult, str]]] = {}
    todo = []
    for source in paths:
        key = _cache_key(config, source)
        skipped = _unchanged(config, source, cache.get(key))
        if skipped is not None:
            by_source[source] = [(result, "") for result in skipped]
            fresh[key] = cache[key]
        else:
            todo.append(source)

    # The glossary is parsed only when a release is to be extracted again.
    loaded = read_glossary_file(config) if todo and glossary_text is not None else None
    finder = NameFinder(loaded[0]) if loaded else None

    def one(source: Path) -> list[tuple[FileResult, str]]:
        return _extract_release(config, source, finder, stamp)

    def undo(done: list[list[tuple[FileResult, str]]]) -> None:
        discard([(staged, result.path) for files in done for result, staged in files if staged])

    # Each worker stages its files beside their targets (temporary names); only when
    # every release was read and merged without error are they renamed into place.
    by_source.update(zip(todo, fork_map(one, todo, per_worker=100, undo=undo), strict=True))
    planned = [item for source in paths for item in by_source[source]]
    commit([(staged, result.path) for result, staged in planned if staged])
    by_slug: dict[str, list[FileResult]] = {}
    for result, _text in planned:
        by_slug.setdefault(result.path.stem, []).append(result)
    for source in paths:
        key = _cache_key(config, source)
        if key not in fresh:
            fresh[key] = _record(config, source, by_slug.get(source.stem, []))
    with contextlib.suppress(L10nError):  # a read-only project extracts all again next time
        write_atomic(cache_path, json.dumps(fresh if not names else {**cache, **fresh}))
    return ExtractResult(
        releases=tuple(slugs),
        files=tuple(result for result, _ in planned),
        orphans=tuple(orphans(config, set(slugs)) if not names else ()),
    )


def _extract_release(
    config: Config, source: Path, finder: NameFinder | None, stamp: str
) -> list[tuple[FileResult, str]]:
    """One release's POT and PO files as they should now be, staged (the second item is
    the temporary file's name, empty for a file that stays as it is)."""
    release = read_release(source, root=config.root, mode=config.segmentation)
    template = template_entries(release)
    date = release.date
    del release  # a long release: keep one copy of its text at a time, not several
    staged: list[tuple[FileResult, str]] = []
    try:
        for language in (None, *config.target_languages):
            result, text = _merge_file(config, source.stem, template, language, finder, date, stamp)
            # Staged at once: the next language's file is not built while this one waits.
            staged.append(
                (result, stage(result.path, text) if result.status != "unchanged" else "")
            )
    except L10nError:
        discard([(temporary, result.path) for result, temporary in staged if temporary])
        raise
    return staged


def _merge_file(
    config: Config,
    slug: str,
    template: list[Entry],
    language: str | None,
    finder: NameFinder | None,
    date: dt.date | None,
    stamp: str,
) -> tuple[FileResult, str]:
    """One POT or PO file of a release as it should now be, and its text."""
    notes = (
        glossary_notes(template, finder, language, date)
        if finder is not None and language is not None
        else None
    )
    path = po_path(config, slug, language)
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
    return FileResult(path, language, status, report, count(catalog.entries)), text


def _cache_key(config: Config, path: Path) -> str:
    """A release's name in the extract record (the record is per sources folder)."""
    return path.name


def _extract_cache(config: Config, glossary_text: str) -> Path:
    digest = hashlib.sha256(code_digest().encode())
    for part in (
        glossary_text,
        config.name,
        config.bugs_address,
        config.segmentation,
        config.source_language,
        " ".join(config.target_languages),
        config.sources.as_posix(),
        config.locales.as_posix(),
    ):
        digest.update(part.encode("utf-8") + b"\0")
    return config.root / CACHE_FOLDER / f"extract-{digest.hexdigest()[:16]}.json"


def _digest(path: Path | str) -> str | None:
    try:
        with open(path, "rb") as stream:
            return hashlib.sha256(stream.read()).hexdigest()
    except OSError:
        return None


def _record(config: Config, source: Path, results: list[FileResult]) -> dict[str, Any]:
    """What the next extract compares: the source's and each written file's digest."""
    return {
        "source": _digest(source),
        "files": [[result.language, _digest(result.path), result.counts] for result in results],
    }


def _unchanged(config: Config, source: Path, record: Any) -> list[FileResult] | None:
    """The files of a release as last written, if nothing about them changed since.

    Runs for every release on every extract, so it works on strings, not Paths.
    """
    if not isinstance(record, dict) or record.get("source") != _digest(source):
        return None
    files = record.get("files")
    languages = (None, *config.target_languages)
    if not isinstance(files, list) or [item[0] for item in files] != list(languages):
        return None
    slug = source.stem
    results = []
    for language, sha, counts in files:
        path = po_path(config, slug, language)
        if sha is None or _digest(path) != sha:
            return None
        results.append(FileResult(path, language, "unchanged", MergeReport(), dict(counts)))
    return results


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
