"""``check``: PO files -> the findings of the glossary and quality checks, on every core."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import CatalogError
from ..model import Finding
from ..parallel import values
from . import Project


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    glossary: str | None


#: Below this many files per core, starting workers costs more than it saves.
FILES_PER_WORKER = 64


def check(project: Project, paths: Sequence[str] = (), *, jobs: int | None = None) -> CheckResult:
    """Check PO files (all of the project's, or those named): ``Project.findings`` for
    each, the list build, status and review count too. A file checked before with the
    same bytes, glossary and settings reuses its findings."""
    project.jobs = jobs
    files = _po_files(project, paths)
    finder = project.finder
    if finder is not None and len(files) >= 2 * FILES_PER_WORKER:
        finder.compile_all(project.config.target_languages)  # once, before the workers fork
    # Project-wide: once, before the workers fork; for named files, what they need.
    languages = {path: _po_language(project, path) for path in files}
    for language in sorted({lang for lang in languages.values() if lang}):
        mine = [path for path in files if languages[path] == language]
        project.consistency(language, focus=None if not paths else mine)

    def one(path: Path) -> tuple[str, list[Finding]]:
        language = languages[path]
        if language is None:
            catalog, _ = project.read_catalog(path, language=None)
            return catalog.path, []
        date = project.release_date(path.stem)
        return project.file_findings(path, language=language, date=date)

    outcomes = project.map(one, files, per_worker=FILES_PER_WORKER)
    project.save()
    done = values(outcomes)
    return CheckResult(
        tuple(finding for _, found in done for finding in found),
        tuple(shown for shown, _ in done),
        project.glossary.path if project.glossary is not None else None,
    )


def _po_files(project: Project, paths: Sequence[str]) -> list[Path]:
    if not paths:
        return sorted(
            path for lang in project.config.target_languages for path in project.po_files(lang)
        )
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.po") if p.is_file())
            if not found:
                raise CatalogError(
                    "holds no PO file (.po); name PO files or the folders that hold them "
                    "(locales/ru, locales)",
                    path=name,
                )
            files += found
        elif path.is_file() and path.suffix == ".po":
            files.append(path)
        elif path.is_file():
            raise CatalogError(
                "is not a PO file (.po); name PO files or the folders that hold them",
                path=name,
            )
        else:
            raise CatalogError("no such PO file or folder", path=name)
    return list(dict.fromkeys(files))


def _po_language(project: Project, path: Path) -> str | None:
    """The language of a PO file: its folder's name, as extract lays them out."""
    folder = path.resolve().parent.name
    return folder if folder in project.config.target_languages else None
