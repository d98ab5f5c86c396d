"""``glossary``: lint, TBX export and import, and suggestions of missing names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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
from ..tbx import Forbidding, read_tbx, to_tbx
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
    #: what the TBX file says that the glossary's rows do not, for a person to add by
    #: hand (no existing row is changed): a form of a language the row has none for, a
    #: forbidden form the row does not list, a forbidden form of a name with no form
    notes: tuple[str, ...] = ()
    #: the target languages the TBX file has terms in (Weblate writes one per file)
    languages: tuple[str, ...] = ()


def glossary_import(project: Project, path: Path, *, approve: bool = False) -> ImportResult:
    """Add the TBX file's names that the glossary lacks, as rows at its end; every
    existing row stays byte for byte as it was. The glossary is read again just before
    it is written: a row someone saved meanwhile (in a spreadsheet) is kept.

    A file with one target language (what Weblate exports) is compared in that language
    only. The rows added are ``proposed`` (warnings, until a person approves them) unless
    ``approve``: a name from outside is not enforced unread."""
    config = project.config
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror}", path=str(path)) from None
    content = read_tbx(
        data,
        path=str(path),
        languages=config.target_languages,
        source_language=config.source_language,
    )
    imported = content.glossary if approve else _proposed(content.glossary)
    refuse_formulas(imported)
    result = _append(project, imported, content.forbidding)
    return replace(result, languages=content.languages)


def _proposed(glossary: Glossary) -> Glossary:
    """``glossary`` with every name and form ``proposed``."""
    terms = tuple(
        replace(
            term,
            status="proposed",
            forms={lang: replace(form, status="proposed") for lang, form in term.forms.items()},
        )
        for term in glossary.terms
    )
    return replace(glossary, terms=terms)


def _quoted(forms: Sequence[str]) -> str:
    return ", ".join(f"'{form}'" for form in forms)


def _append(
    project: Project, imported: Glossary, forbidding: Sequence[Forbidding] = ()
) -> ImportResult:
    """Append ``imported``'s names that the glossary lacks; the file is read again just
    before it is written, and nothing else in it changes. ``forbidding``: forbidden
    forms the rows cannot take (no form to write with them), reported."""
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
        sorted_terms = _sort_terms(current, imported, config.target_languages)
        text, lacking = append_rows(text, sorted_terms.added)
        if before is not None and before.startswith(b"\xef\xbb\xbf"):
            text = "\ufeff" + text  # as Excel saves "CSV UTF-8": kept, as every other byte
        result = ImportResult(
            tuple(term.name for term in sorted_terms.added),
            tuple(sorted_terms.unchanged),
            tuple(sorted_terms.conflicts),
            tuple(sorted(lacking)),
            (*sorted_terms.notes, *_forbidding_notes(current, forbidding)),
        )
        return text if sorted_terms.added else None

    update_file(config.glossary, change)
    return result


@dataclass
class _Sorted:
    """The imported terms the glossary lacks, those it has alike, those it has with
    another rendering, and what the others say that its rows do not."""

    added: list[Term] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _forbidding_notes(current: Glossary, forbidding: Sequence[Forbidding]) -> list[str]:
    """What to add by hand for forms a file forbids without a form to write."""
    notes = []
    for item in forbidding:
        row = next((t for t in current.terms if fold(item.name) in map(fold, t.english)), None)
        form = row.forms.get(item.language) if row is not None else None
        listed = {f.casefold() for f in form.forbidden} if form is not None else set()
        extra = [f for f in item.forms if f.casefold() not in listed]
        if not extra:
            continue
        if row is None:
            notes.append(
                f"'{item.name}' ({item.language}): the TBX file forbids {_quoted(extra)} but "
                "gives no form to write, and the glossary has no row for the name; add the "
                f"row with its {item.language} form and these in {item.language}_forbidden"
            )
        else:
            notes.append(
                f"'{row.name}' ({item.language}): the TBX file forbids {_quoted(extra)}, "
                f"which the glossary's row does not list (add to {item.language}_forbidden)"
            )
    return notes


def _sort_terms(current: Glossary, imported: Glossary, languages: tuple[str, ...]) -> _Sorted:
    """Each imported term, compared with the glossary's row of the same name (and the
    same dates) in the languages the imported term has a form in."""
    known: dict[tuple[str, object, object], Term] = {}
    for term in current.terms:
        known.update(dict.fromkeys(_keys(term), term))
    result = _Sorted()
    for term in imported.terms:
        existing = next((known[key] for key in _keys(term) if key in known), None)
        if existing is None:
            existing = next((t for t in current.terms if _same_name(t, term)), None)
            if existing is None:
                result.added.append(term)
                known.update(dict.fromkeys(_keys(term), term))
                continue
        differences = _differences(existing, term, languages)
        if differences is None:
            result.conflicts.append(term.name)
        else:
            result.unchanged.append(term.name)
            result.notes += differences
    return result


def _keys(term: Term) -> list[tuple[str, object, object]]:
    return [(fold(name), term.valid_from, term.valid_until) for name in term.english]


def _same_name(first: Term, second: Term) -> bool:
    """Whether two rows share an English name, whatever their dates: a TBX entry without
    dates compared with the glossary's dated rows of the name matches the first."""
    return bool({fold(n) for n in first.english} & {fold(n) for n in second.english})


def _differences(existing: Term, new: Term, languages: tuple[str, ...]) -> list[str] | None:
    """None when ``new`` renders the name otherwise than the row ``existing`` in a
    language both have a form in (a conflict); else what ``new`` adds to the row, in
    words, for a person to copy by hand (the row itself is never changed)."""
    notes = []
    for language in languages:
        old, fresh = existing.forms.get(language), new.forms.get(language)
        if fresh is None:
            continue  # the file says nothing of this language (Weblate: one per file)
        if old is None:
            notes.append(
                f"'{existing.name}' has no {language} form in the glossary; the TBX file "
                f"gives '{fresh.approved}' (not added: fill in the row's {language} cell)"
            )
            continue
        if old.approved != fresh.approved:
            return None
        listed = {form.casefold() for form in old.forbidden}
        extra = [form for form in fresh.forbidden if form.casefold() not in listed]
        if extra:
            notes.append(
                f"'{existing.name}' ({language}): the TBX file forbids {_quoted(extra)}, "
                f"which the glossary's row does not list (add to {language}_forbidden)"
            )
    return notes


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
