"""``glossary``: lint, TBX export and import, and suggestions of missing names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..fsutil import decode_utf8, update_file
from ..glossary import (
    GlossaryError,
    append_rows,
    columns,
    lint,
    parse_glossary,
    refuse_formulas,
)
from ..model import Finding, Glossary, Term
from ..morphology import fold
from ..suggest import Suggestion, suggest
from ..tbx import from_tbx, to_tbx
from . import Project


def _require_glossary(project: Project) -> Glossary:
    glossary = project.glossary
    if glossary is None:
        raise GlossaryError(
            "no glossary file; create it (see the README) or fix paths.glossary",
            path=project.shown(project.config.glossary),
        )
    return glossary


def glossary_lint(project: Project) -> list[Finding]:
    glossary = _require_glossary(project)
    assert project.glossary_text is not None
    config = project.config
    return lint(
        glossary, project.glossary_text, config.target_languages, derived=tuple(config.derived)
    )


def glossary_export(project: Project) -> str:
    config = project.config
    return to_tbx(
        _require_glossary(project), config.target_languages, source_language=config.source_language
    )


@dataclass(frozen=True)
class ImportResult:
    added: tuple[str, ...]
    unchanged: tuple[str, ...]
    conflicts: tuple[str, ...]
    #: columns the TBX had values for that the glossary file lacks (not imported)
    lacking: tuple[str, ...] = ()


def glossary_import(project: Project, path: Path) -> ImportResult:
    """Add the TBX file's names that the glossary lacks, as rows at its end; every
    existing row stays byte for byte as it was. The glossary is read again just before
    it is written: a row someone saved meanwhile (in a spreadsheet) is kept."""
    config = project.config
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror}", path=str(path)) from None
    imported = from_tbx(
        data,
        path=str(path),
        languages=config.target_languages,
        source_language=config.source_language,
    )
    refuse_formulas(imported)
    return _append(project, imported)


def _append(project: Project, imported: Glossary) -> ImportResult:
    """Append ``imported``'s names that the glossary lacks; the file is read again just
    before it is written, and nothing else in it changes."""
    config = project.config
    result = ImportResult((), (), ())

    def change(before: bytes | None) -> str | None:
        nonlocal result
        shown = project.shown(config.glossary)
        if before is None:
            text = ",".join(columns(config.target_languages)) + "\n"
            current = Glossary(languages=config.target_languages)
        else:
            text = decode_utf8(before, path=shown, error=GlossaryError)
            current = parse_glossary(text, path=shown, languages=config.target_languages)
        added, unchanged, conflicts = _sort_terms(current, imported, config.target_languages)
        text, lacking = append_rows(text, added)
        if before is not None and before.startswith(b"\xef\xbb\xbf"):
            text = "\ufeff" + text  # as Excel saves "CSV UTF-8": kept, as every other byte
        result = ImportResult(
            tuple(term.name for term in added),
            tuple(unchanged),
            tuple(conflicts),
            tuple(sorted(lacking)),
        )
        return text if added else None

    update_file(config.glossary, change)
    return result


def _sort_terms(
    current: Glossary, imported: Glossary, languages: tuple[str, ...]
) -> tuple[list[Term], list[str], list[str]]:
    """The imported terms the glossary lacks, those it has alike, those it has otherwise."""
    known = {fold(name): term for term in current.terms for name in term.english}
    added: list[Term] = []
    unchanged: list[str] = []
    conflicts: list[str] = []
    for term in imported.terms:
        existing = next((known[fold(n)] for n in term.english if fold(n) in known), None)
        if existing is None:
            added.append(term)
            known.update({fold(name): term for name in term.english})
        elif _same_renderings(existing, term, languages):
            unchanged.append(term.name)
        else:
            conflicts.append(term.name)
    return added, unchanged, conflicts


def _same_renderings(existing: Term, new: Term, languages: tuple[str, ...]) -> bool:
    for language in languages:
        old, fresh = existing.forms.get(language), new.forms.get(language)
        if (old is None) != (fresh is None):
            return False
        if old is not None and fresh is not None and old.approved != fresh.approved:
            return False
    return True


def glossary_suggest(project: Project, *, minimum: int = 1) -> list[Suggestion]:
    """The names the sources hold that the glossary lacks, with their renderings in
    the reviewed translations (``suggest``)."""
    from ..renderings import Unit

    english = [
        Unit(release.path, 0, unit.text, "")
        for release in (project.read_release(path) for path in project.release_paths())
        for unit in release.units()
    ]
    translated: dict[str, list[Unit]] = {}
    for language in project.config.target_languages:
        units = translated.setdefault(language, [])
        for path in project.po_files(language):
            catalog, _ = project.read_catalog(path, language=language)
            units += [
                Unit(catalog.path, e.line, e.msgid, e.msgstr)
                for e in catalog.active()
                if e.reviewed
            ]
    # A glossary not written yet is what suggest helps to start.
    finder = project.finder if project.config.glossary.exists() else None
    return suggest(english, translated, finder, minimum=minimum)


def suggestion_rows(project: Project, suggestions: Sequence[Suggestion]) -> str:
    """The suggestions as glossary rows in the glossary file's own columns (with its
    header line only when there is no glossary yet): what ``--append`` adds."""
    terms = [suggestion.term() for suggestion in suggestions]
    refuse_formulas(Glossary(terms=tuple(terms), path="glossary suggest"))
    header = ",".join(columns(project.config.target_languages)) + "\n"
    if project.config.glossary.exists() and project.glossary_text is not None:
        header = project.glossary_text.lstrip("\ufeff").splitlines(keepends=True)[0]
        if not header.endswith("\n"):
            header += "\n"
        rows, _lacking = append_rows(header, terms)
        return rows[len(header) :]
    rows, _lacking = append_rows(header, terms)
    return rows


def glossary_append(project: Project, suggestions: Sequence[Suggestion]) -> ImportResult:
    """Add the suggestions as rows at the glossary's end (status ``proposed``); every
    existing row stays byte for byte, as with ``glossary import``."""
    terms = tuple(suggestion.term() for suggestion in suggestions)
    imported = Glossary(
        terms=terms, path="glossary suggest", languages=project.config.target_languages
    )
    refuse_formulas(imported)
    return _append(project, imported)
