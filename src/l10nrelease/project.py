"""The stages wired over one project folder: one function per command.

Each function reads what it needs, runs the pure stages, and writes its results
only when every input was read without error, each file atomically.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .catalog import (
    Catalog,
    MergeReport,
    check_language,
    count,
    merge,
    parse_catalog,
    render_catalog,
    template_entries,
    without_creation_date,
)
from .config import Config, find_root, read_config
from .errors import CatalogError, SourceError
from .fsutil import read_text_strict, write_atomic
from .model import Release
from .sources import is_release, read_release

TEMPLATES_FOLDER = "templates"


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


def open_project(folder: Path | None = None) -> Config:
    """The configuration of the project at or above ``folder`` (default: here)."""
    root = find_root(folder or Path.cwd())
    return read_config(root)


def release_paths(config: Config, names: Sequence[str] = ()) -> list[Path]:
    """The release files named (by slug or path), or every release in the sources folder."""
    if not config.sources.is_dir():
        raise SourceError(
            "the sources folder does not exist; create it or fix paths.sources",
            path=config.sources,
        )
    available = sorted(
        path for path in config.sources.iterdir() if path.is_file() and is_release(path)
    )
    by_slug: dict[str, Path] = {}
    for path in available:
        if path.stem in by_slug:
            raise SourceError(
                f"two releases have the slug '{path.stem}' ({by_slug[path.stem].name} and "
                f"{path.name}); rename one of them",
                path=path,
            )
        by_slug[path.stem] = path
    if not names:
        return available
    chosen = []
    for name in names:
        candidate = Path(name)
        if candidate.suffix and candidate.exists():
            resolved = candidate.resolve()
            if resolved.parent != config.sources.resolve() or not is_release(resolved):
                raise SourceError(
                    f"'{name}' is not a release in {config.sources.name}/; releases are "
                    ".txt or .html files in the sources folder",
                    path=name,
                )
            chosen.append(config.sources / resolved.name)
            continue
        slug = candidate.stem if candidate.suffix else name
        if slug not in by_slug:
            close = difflib.get_close_matches(slug, list(by_slug), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise SourceError(
                f"no release '{name}' in {config.sources.name}/{hint}", path=config.sources
            )
        chosen.append(by_slug[slug])
    return list(dict.fromkeys(chosen))


def po_path(config: Config, slug: str, language: str | None) -> Path:
    if language is None:
        return config.locales / TEMPLATES_FOLDER / f"{slug}.pot"
    return config.locales / language / f"{slug}.po"


def read_catalog_file(path: Path, *, root: Path, language: str | None) -> tuple[Catalog, str]:
    """A PO file as a catalog (and its text), checked to be of ``language``."""
    shown = _shown(path, root)
    text = read_text_strict(path, error=CatalogError, shown=shown)
    catalog = parse_catalog(text, path=shown)
    if language is not None:
        check_language(catalog, language)
    return catalog, text


def extract(
    config: Config, names: Sequence[str] = (), *, now: dt.datetime | None = None
) -> ExtractResult:
    """Segment releases and merge them into ``locales/<lang>/<slug>.po`` and the POT."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M%z")
    releases = [
        read_release(path, root=config.root, mode=config.segmentation)
        for path in release_paths(config, names)
    ]
    planned: list[tuple[FileResult, str]] = []
    for release in releases:
        template = template_entries(release)
        for language in (None, *config.target_languages):
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
        orphans=tuple(_orphans(config, {r.slug for r in releases}) if not names else ()),
    )


def _orphans(config: Config, slugs: set[str]) -> list[Path]:
    """PO files whose release is gone from the sources folder."""
    found = []
    for language in config.target_languages:
        folder = config.locales / language
        if folder.is_dir():
            found += [p for p in sorted(folder.glob("*.po")) if p.stem not in slugs]
    return found


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
