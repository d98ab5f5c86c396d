"""``xliff``: a release's PO file in one language <-> an XLIFF file for CAT tools
(Trados, memoQ, Phrase), one file per release and language.

Export writes every active entry as a unit with its notes (role, the glossary's
names and their approved forms, the translator's comment) and its state. Import
writes the units' translations back into the PO files (``xliffmerge``), each file
read again just before it is replaced (``fsutil.update_file``); a file that would
not change is not written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from ..catalog import Catalog, count
from ..errors import CatalogError, L10nError
from ..fsutil import decode_utf8, update_file
from ..merge import revised
from ..model import Finding, Release
from ..publish import stale_entries
from ..xliff import (
    VERSIONS,
    Note,
    XliffError,
    XliffFile,
    XliffUnit,
    base_digest,
    parse_xliff,
    render_xliff,
    status_of,
    unit_id,
)
from ..xliffmerge import Outcome, apply_units
from . import Project
from .extract import glossary_notes

#: The suffix of exported files: ``<slug>.<lang>.xlf``.
SUFFIX = ".xlf"
_INSTRUCTIONS = (
    "Translate the targets. Keep every tag, each exactly once (move it where the "
    "sentence needs it), and do not change the sources. A target marked translated, "
    "final or signed-off comes back as reviewed; any other state as needing review. "
    "The notes give each unit's role and the glossary's approved names. Return this "
    "file as it is; it is imported with: l10nrelease xliff import FILE"
)


# ----------------------------------------------------------------------- export


@dataclass(frozen=True)
class Exported:
    slug: str
    language: str
    text: str
    #: reviewed, fuzzy and untranslated units
    counts: dict[str, int]
    #: where it was written (None: not written, for standard output)
    path: Path | None = None


def xliff_export(
    project: Project,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    version: str = "1.2",
    output: Path | None = None,
) -> tuple[list[Exported], list[L10nError]]:
    """The XLIFF file of each release named (default: all) in each language (default:
    every target language), and the errors of the releases that could not be exported
    (as extract, every other release is exported). With ``output`` a folder, each is
    written there as ``<slug>.<lang>.xlf``; with ``output`` a file (or None: standard
    output), exactly one release and language must be asked for."""
    if version not in VERSIONS:
        raise XliffError(f"--version {version}: l10nrelease writes XLIFF 1.2 or 2.0")
    chosen = _languages(project, languages)
    paths = project.release_paths(names)
    many = len(paths) * len(chosen) != 1
    folder = output is not None and output.is_dir()
    if many and not folder:
        raise XliffError(
            f"{len(paths) * len(chosen)} files to export (one per release and language): "
            "name one release and one --lang, or give -o an existing folder",
            path=str(output) if output is not None else None,
        )
    exported: list[Exported] = []
    failed: list[L10nError] = []
    for path in paths:
        try:
            exported += _export_release(project, path, chosen, version)
        except L10nError as error:
            if not many:
                raise
            failed.append(error)
    if output is None:
        return exported, failed
    written = []
    for item in exported:
        target = output / f"{item.slug}.{item.language}{SUFFIX}" if folder else output
        written.append(replace(item, path=project.write_output(target, item.text)))
    return written, failed


def _export_release(
    project: Project, path: Path, languages: Sequence[str], version: str
) -> list[Exported]:
    release = project.read_release(path)
    exported = []
    for language in languages:
        catalog, _ = project.release_catalog(release, language)
        file = xliff_file(project, release, catalog, language)
        text = render_xliff([file], version=version)
        exported.append(Exported(release.slug, language, text, count(catalog.entries)))
    return exported


def _languages(project: Project, languages: Sequence[str]) -> tuple[str, ...]:
    targets = project.config.target_languages
    for language in languages:
        if language not in targets:
            raise CatalogError(
                f"--lang {language}: not a target language of this project ({', '.join(targets)})"
            )
    return tuple(dict.fromkeys(languages)) or targets


def xliff_file(project: Project, release: Release, catalog: Catalog, language: str) -> XliffFile:
    """The units of a release's PO file in ``language``, with their notes; the PO file
    must be up to date with the release (as build requires)."""
    unknown, missing = stale_entries(release, catalog)
    if unknown or missing:
        raise CatalogError(
            f"this PO file is not up to date with {release.path}; run: l10nrelease "
            f"extract {release.slug}, then export again",
            path=catalog.path,
            line=unknown[0].line if unknown else None,
        )
    units = {unit.key: unit for unit in release.units()}
    active = catalog.active()
    finder = project.finder
    glossary = glossary_notes(active, finder, (language,), release.date) if finder else {}
    items = []
    for entry in active:
        unit = units[entry.key]
        tags = tuple((n, p.tag) for n, p in enumerate(unit.placeholders, start=1))
        notes = [Note("l10nrelease", f"role: {unit.role}")]
        if tags:
            shown = ", ".join(f"{n} = <{tag}>" if tag else str(n) for n, tag in tags)
            notes.append(Note("l10nrelease", f"tags: {shown}; keep each once"))
        notes += [Note("glossary", line) for line in glossary.get(entry.key, ())]
        if entry.translator_comment:
            notes.append(Note("translator", entry.translator_comment))
        items.append(
            XliffUnit(
                id=unit_id(entry.msgctxt, entry.msgid),
                source=entry.msgid,
                target=entry.msgstr,
                status=status_of(entry),
                context=entry.msgctxt,
                notes=tuple(notes),
                base=base_digest(entry.msgstr, entry.fuzzy),
                tags=tags,
                locations=entry.references,
                line=entry.line,
            )
        )
    config = project.config
    return XliffFile(
        original=catalog.path,
        source_language=config.source_language,
        target_language=language,
        units=tuple(items),
        notes=(_INSTRUCTIONS, *_embargo(project, release)),
    )


def _embargo(project: Project, release: Release) -> tuple[str, ...]:
    until = release.metadata.get("embargo", "")
    try:
        pending = bool(until) and dt.datetime.fromisoformat(until) > project.now
    except (TypeError, ValueError):
        pending = bool(until)
    return (
        (f"EMBARGOED UNTIL {until}: not to be published or shared before then",) if pending else ()
    )


# ----------------------------------------------------------------------- import


@dataclass
class FileImport:
    """What an import did to one PO file."""

    po: str
    #: each unit's outcome, with the XLIFF file (as shown) it came from
    outcomes: list[tuple[str, Outcome]] = field(default_factory=list)
    written: bool = False

    def counted(self, action: str) -> int:
        return sum(1 for _, outcome in self.outcomes if outcome.action == action)


@dataclass(frozen=True)
class ImportResult:
    files: tuple[FileImport, ...]

    @property
    def findings(self) -> list[Finding]:
        """Conflicts and refusals (errors) and overwrites with --force (warnings), at
        the unit's line in its XLIFF file."""
        severity = {"conflict": "error", "refused": "error", "forced": "warning"}
        return [
            Finding(
                shown,
                outcome.unit.line or None,
                severity[outcome.action],
                f"xliff-{outcome.action}",
                outcome.message,
            )
            for file in self.files
            for shown, outcome in file.outcomes
            if outcome.action in severity
        ]


def xliff_import(
    project: Project,
    paths: Sequence[Path],
    *,
    force: bool = False,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Write the translations of XLIFF files into the PO files they were exported
    from. Every file is read and placed before any PO file is written: a file that
    cannot be read, or names no PO file of the project, stops the import unchanged."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M%z")
    planned: dict[Path, tuple[str, list[tuple[str, XliffUnit]]]] = {}
    for path in paths:
        shown = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise XliffError("file not found", path=shown) from None
        except IsADirectoryError:
            raise XliffError("is a folder, not an XLIFF file", path=shown) from None
        except OSError as exc:
            raise XliffError(f"cannot read: {exc.strerror}", path=shown) from None
        for file in parse_xliff(data, path=shown):
            po, language = _po_for(project, file, shown)
            planned.setdefault(po, (language, []))[1].extend((shown, u) for u in file.units)
    results = [
        _import_file(project, po, language, units, force=force, stamp=stamp)
        for po, (language, units) in planned.items()
    ]
    return ImportResult(tuple(results))


def _po_for(project: Project, file: XliffFile, shown: str) -> tuple[Path, str]:
    """The PO file an XLIFF ``<file>`` was exported from, and its language."""
    config = project.config
    language = _target(file.target_language, config.target_languages)
    if language is None:
        raise XliffError(
            f"target-language '{file.target_language}' is not a target language of this "
            f"project ({', '.join(config.target_languages)})",
            path=shown,
            line=file.line or None,
        )
    if _base(file.source_language) != _base(config.source_language):
        raise XliffError(
            f"source-language '{file.source_language}' is not the project's source "
            f"language '{config.source_language}'",
            path=shown,
            line=file.line or None,
        )
    original = PurePosixPath(file.original.replace("\\", "/"))
    slugs = {path.stem for path in project.release_paths()}
    folder = original.parent.name
    if (
        original.suffix != ".po"
        or original.stem not in slugs
        or (folder in config.target_languages and folder != language)
    ):
        raise XliffError(
            f"original='{file.original}' names no PO file of this project in '{language}' "
            "(l10nrelease exports locales/<lang>/<slug>.po of a release in the sources); "
            "import the file l10nrelease exported, as the CAT tool saved it",
            path=shown,
            line=file.line or None,
        )
    po = project.inside(project.po_path(original.stem, language))
    if not po.exists():
        raise CatalogError(
            f"no PO file for this release; run: l10nrelease extract {original.stem}",
            path=project.shown(po),
        )
    return po, language


def _base(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def _target(code: str, targets: Sequence[str]) -> str | None:
    """The project's target language ``code`` names (``kk``, ``kk-KZ``, ``ru_RU``)."""
    wanted = code.replace("-", "_").lower()
    exact = next((t for t in targets if t.replace("-", "_").lower() == wanted), None)
    return exact or next((t for t in targets if _base(t) == _base(code)), None)


def _import_file(
    project: Project,
    po: Path,
    language: str,
    units: list[tuple[str, XliffUnit]],
    *,
    force: bool,
    stamp: str,
) -> FileImport:
    shown = project.shown(po)
    result = FileImport(shown)

    def change(before: bytes | None) -> str | None:
        if before is None:
            raise CatalogError("was removed while xliff import ran", path=shown)
        text = decode_utf8(before, path=shown, error=CatalogError)
        catalog = project.catalog_from_text(po, text, language=language)
        updated, outcomes = apply_units(catalog, [unit for _, unit in units], force=force)
        result.outcomes = [(origin, o) for (origin, _), o in zip(units, outcomes, strict=True)]
        if updated is catalog:
            return None
        return project.render_catalog(replace(updated, header=revised(updated.header, stamp)))

    result.written = update_file(po, change)
    return result
