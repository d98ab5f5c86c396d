"""Glossary CSV -> ``Glossary``, the CSV written back, and ``lint`` -> Findings.

One row per name, editable in a spreadsheet. Columns: ``en``, ``en_variants``,
``kind``, ``status``, then for each target language ``<lang>``, ``<lang>_variants``,
``<lang>_forbidden`` and ``<lang>_status``, then ``valid_from``, ``valid_until`` and
``note``. Lists inside a cell are separated by `` | ``. A column named by a language and
a script (``kk-Latn``) gives the name in a derived page language (a person's own Latin
spelling, ``Tokayev``), one form a cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .errors import L10nError
from .model import TERM_KINDS, TERM_STATUSES, Finding, Glossary, Term, TermForm

SEPARATOR = "|"
_BASE_COLUMNS = ("en", "en_variants", "kind", "status")
_TAIL_COLUMNS = ("valid_from", "valid_until", "note")
#: Columns a glossary may have that new glossaries are not given: ``derived`` (yes/no)
#: turns derived words (мексиканский for Mexico) on or off for a row.
OPTIONAL_COLUMNS = ("derived",)
_LANGUAGE_SUFFIXES = ("", "_variants", "_forbidden", "_status")
_KIND_ALIASES = {
    "organization": "organisation",
    "org": "organisation",
    "city": "place",
    "country": "place",
}
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
#: A column of a derived page language: a language and a script (``kk-latn``, as the
#: header is read, in small letters).
_SCRIPT_COLUMN = re.compile(r"([a-z]{2,3})-([a-z]{4})")
_CYRILLIC_LANGUAGES = {"ru", "kk", "uk", "be", "bg", "sr", "mk", "ky", "tg", "mn"}


#: Control characters no cell may hold (a line feed in a quoted cell is a line break).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_NAMES = {"\r": "a carriage return", "\x00": "a NUL byte", "\x0b": "a vertical tab"}
#: What a spreadsheet takes for the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_problem(value: str) -> str | None:
    """Why a spreadsheet would run ``value`` (or a part of it) as a formula (None: it
    would not). Excel in a Russian or Kazakh locale splits a CSV file on ";", so a part
    after a semicolon counts as a cell of its own."""
    for part in re.split(r"[;\t]", value):
        piece = part.lstrip(" ")
        if piece.startswith(FORMULA_STARTS):
            shown = {"\t": "a tab", "\r": "a carriage return"}.get(piece[0], f"'{piece[0]}'")
            where = (
                "starts" if piece is value or value.startswith(piece) else "has a part that starts"
            )
            return (
                f"{where} with {shown}, so a spreadsheet (Excel, LibreOffice) would run "
                f"'{piece[:40]}' as a formula; remove the character (CSV injection)"
            )
    return None


class GlossaryError(L10nError):
    """The glossary file cannot be read at all (as opposed to lint findings)."""


def script_tag(column: str) -> str | None:
    """The derived language a column is of (``kk-latn`` -> ``kk-Latn``), or None."""
    match = _SCRIPT_COLUMN.fullmatch(column.strip().lower())
    return f"{match.group(1)}-{match.group(2).title()}" if match else None


def columns(languages: Sequence[str]) -> list[str]:
    names = list(_BASE_COLUMNS)
    for language in languages:
        names += [language + suffix for suffix in _LANGUAGE_SUFFIXES]
    return names + list(_TAIL_COLUMNS)


def split_list(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(SEPARATOR) if part.strip())


def parse_glossary(text: str, *, path: str, languages: Sequence[str]) -> Glossary:
    """Read the CSV text. Structural problems raise; questionable cells are kept for lint."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = _header(reader, path, languages)
    file_languages = tuple(name for name in header if _is_language_column(name) and "_" not in name)
    if languages and not set(languages) & set(file_languages):
        raise GlossaryError(
            f"the header has no column for any of the project's languages "
            f"({', '.join(languages)}), so no name could be checked; the columns are: "
            f"{','.join(columns(languages))}",
            path=path,
            line=1,
        )
    terms = []
    for line, cells in _rows(reader, header, path):
        _refuse_letterless(cells, file_languages, path, line)
        terms.append(_term(cells, file_languages, line))
    return Glossary(terms=tuple(terms), path=path, languages=file_languages)


def _header(reader: Iterator[list[str]], path: str, languages: Sequence[str]) -> list[str]:
    """The header row, every column known, ``en`` and ``kind`` there, none twice."""
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise GlossaryError(
            f"the glossary is empty; its first line must be the header: "
            f"{','.join(columns(languages))}",
            path=path,
            line=1,
        ) from None
    except csv.Error as exc:
        raise GlossaryError(f"broken CSV quoting: {exc}", path=path, line=1) from None
    known = set(columns(languages)) | set(OPTIONAL_COLUMNS)
    for name in header:
        if name not in known and not _is_language_column(name) and not script_tag(name):
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise GlossaryError(f"unknown column '{name}'{hint}", path=path, line=1)
    for required in ("en", "kind"):
        if required not in header:
            raise GlossaryError(
                f"the header has no '{required}' column; the columns are: "
                f"{','.join(columns(languages))}",
                path=path,
                line=1,
            )
    if len(set(header)) != len(header):
        duplicate = next(name for name in header if header.count(name) > 1)
        raise GlossaryError(f"the column '{duplicate}' appears twice", path=path, line=1)
    return header


def _rows(reader: Any, header: list[str], path: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row's starting line and cells by column; empty rows and comments (a first
    cell beginning with ``#``) are left out."""
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise GlossaryError(
                f"broken CSV quoting ({exc}); check the quotes in this row",
                path=path,
                line=line,
            ) from None
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue  # an empty row, or a comment (its first cell begins with #)
        if len(row) > len(header):
            raise GlossaryError(
                f"this row has {len(row)} cells but the header has {len(header)} columns; "
                "a comma inside a name needs the cell in double quotes",
                path=path,
                line=start,
            )
        for cell in row:
            control = _CONTROL.search(cell)
            if control:
                raise GlossaryError(
                    f"a cell holds the control character U+{ord(control.group(0)):04X} "
                    f"({_CONTROL_NAMES.get(control.group(0), 'a control character')}), which "
                    "would break the PO files' comments; delete it (it is often pasted with text)",
                    path=path,
                    line=start + cell[: control.start()].count("\n"),
                )
        yield start, dict(zip(header, [*row, *[""] * (len(header) - len(row))], strict=True))


def _is_language_column(name: str) -> bool:
    base = name.split("_", 1)[0]
    suffix = name[len(base) :]
    return bool(re.fullmatch(r"[a-z]{2,3}", base)) and base != "en" and suffix in _LANGUAGE_SUFFIXES


def _refuse_letterless(
    cells: dict[str, str], languages: Sequence[str], path: str, line: int
) -> None:
    """A name with no letter in it (–, «», a lone |) is a typing slip, never a name: an
    error naming the cell, not a name that cannot be matched."""
    names = ["en", "en_variants"] + [
        f"{language}{suffix}"
        for language in languages
        for suffix in ("", "_variants", "_forbidden")
    ]
    names += [column for column in cells if script_tag(column)]
    for column in names:
        cell = cells.get(column, "")
        whole = column in {"en", *languages} or script_tag(column)
        values = [cell.strip()] if whole else split_list(cell)
        if column.endswith(("_variants", "_forbidden")) and cell.strip() and not values:
            values = [cell.strip()]  # a lone "|": no value at all
        for value in values:
            if value and not any(char.isalpha() for char in value):
                raise GlossaryError(
                    f"the {column} cell '{value}' has no letters, so it names nothing; "
                    "leave the cell empty where there is no form",
                    path=path,
                    line=line,
                )


def _term(cells: dict[str, str], languages: Sequence[str], line: int) -> Term:
    status = cells.get("status", "").strip().lower() or "approved"
    forms = {}
    for language in languages:
        approved = cells.get(language, "").strip()
        if not approved:
            continue
        forms[language] = TermForm(
            approved=approved,
            variants=split_list(cells.get(f"{language}_variants", "")),
            forbidden=split_list(cells.get(f"{language}_forbidden", "")),
            status=cells.get(f"{language}_status", "").strip().lower() or status,
        )
    kind = cells.get("kind", "").strip().lower()
    return Term(
        english=tuple(
            name
            for name in (cells.get("en", "").strip(), *split_list(cells.get("en_variants", "")))
            if name
        ),
        kind=_KIND_ALIASES.get(kind, kind),
        status=status,
        forms=forms,
        valid_from=_date(cells.get("valid_from", "")),
        valid_until=_date(cells.get("valid_until", "")),
        note=cells.get("note", "").strip(),
        line=line,
        derived=_yes_no(cells.get("derived", "")),
        spellings={
            tag: value.strip()
            for column, value in cells.items()
            if (tag := script_tag(column)) and value.strip()
        },
    )


def _yes_no(cell: str) -> bool | None:
    value = cell.strip().lower()
    if value in {"yes", "y", "true", "1"}:
        return True
    if value in {"no", "n", "false", "0"}:
        return False
    return None


def _date(cell: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(cell.strip()) if cell.strip() else None
    except ValueError:
        return None


def render_glossary(glossary: Glossary, languages: Sequence[str]) -> str:
    """The glossary as CSV, in the column order ``columns`` gives."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = columns(languages)
    writer.writerow(names)
    for term in glossary.terms:
        cells = term_cells(term)
        writer.writerow([cells.get(name, "") for name in names])
    return out.getvalue()


def term_cells(term: Term) -> dict[str, str]:
    """A row's cells by column name (every column ``columns`` may give)."""
    joiner = f" {SEPARATOR} "
    cells = {
        "en": term.name,
        "en_variants": joiner.join(term.english[1:]),
        "kind": term.kind,
        "status": term.status,
        "valid_from": term.valid_from.isoformat() if term.valid_from else "",
        "valid_until": term.valid_until.isoformat() if term.valid_until else "",
        "note": term.note,
    }
    if term.derived is not None:
        cells["derived"] = "yes" if term.derived else "no"
    for language, form in term.forms.items():
        cells[language] = form.approved
        cells[f"{language}_variants"] = joiner.join(form.variants)
        cells[f"{language}_forbidden"] = joiner.join(form.forbidden)
        cells[f"{language}_status"] = form.status if form.status != term.status else ""
    for tag, spelling in term.spellings.items():
        cells[tag.lower()] = spelling
    return cells


def append_rows(text: str, terms: Sequence[Term]) -> tuple[str, set[str]]:
    """``text`` (a glossary CSV) with rows for ``terms`` added at the end, in the file's
    own columns and line endings; every existing byte stays as it is. Also returns the
    columns the terms have a value for that the file lacks (those values are not added)."""
    header = next(csv.reader(io.StringIO(text, newline="")), [])
    names = [name.strip().lower() for name in header]
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1 or len(text)] else "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    lacking: set[str] = set()
    for term in terms:
        cells = term_cells(term)
        lacking |= {name for name, value in cells.items() if value and name not in names}
        writer.writerow([cells.get(name, "") for name in names])
    if text and not text.endswith("\n"):
        text += newline
    return text + out.getvalue(), lacking


def refuse_formulas(glossary: Glossary) -> None:
    """A glossary from outside (a TBX file) with a cell a spreadsheet would run as a
    formula is refused, naming the entry: communications staff open glossary.csv in
    Excel."""
    for term in glossary.terms:
        for column, value in term_cells(term).items():
            problem = formula_problem(value)
            if problem:
                raise GlossaryError(
                    f"the entry for '{term.name[:40]}' has a {column} value that {problem}; "
                    "nothing was imported",
                    path=glossary.path,
                    line=term.line or None,
                )


# ------------------------------------------------------------------------ lint


def lint(
    glossary: Glossary, text: str, languages: Sequence[str], *, derived: Sequence[str] = ()
) -> list[Finding]:
    """Duplicate or conflicting rows, missing forms, malformed cells: one Finding each.
    ``derived``: the project's derived page languages (``kk-Latn``), whose columns the
    glossary may have."""
    findings: list[Finding] = []
    raw_rows = _raw_rows(text)

    def report(line: int, severity: str, message: str) -> None:
        findings.append(Finding(glossary.path, line, severity, "glossary-lint", message))

    for column in next(csv.reader(io.StringIO(text, newline="")), []):
        tag = script_tag(column)
        if tag and tag not in derived:
            report(
                1,
                "warning",
                f"the column '{column.strip()}' is for the page language {tag}, which "
                "l10nrelease.toml does not derive ([languages]); its names are not used",
            )

    for language in languages:
        if language not in glossary.languages:
            report(
                1,
                "error",
                f"no '{language}' column for the configured language "
                f"'{language}'; add the columns {language},{language}_variants,"
                f"{language}_forbidden,{language}_status",
            )
    for term in glossary.terms:
        _lint_term(term, raw_rows.get(term.line, {}), languages, report)
    findings += _duplicates(glossary, languages)
    return sorted(findings, key=lambda f: (f.line or 0, f.severity, f.message))


Report = Callable[[int, str, str], None]


def _lint_term(term: Term, cells: dict[str, str], languages: Sequence[str], report: Report) -> None:
    if not term.english:
        report(term.line, "error", "the 'en' cell is empty")
        return
    if term.kind not in TERM_KINDS:
        report(
            term.line,
            "error",
            f"kind '{cells.get('kind', '')}' is not one of {', '.join(TERM_KINDS)}",
        )
    for language, form in [("", None), *term.forms.items()]:
        status = term.status if form is None else form.status
        if status not in TERM_STATUSES:
            column = "status" if form is None else f"{language}_status"
            report(
                term.line, "error", f"{column} '{status}' is not one of {', '.join(TERM_STATUSES)}"
            )
    _lint_cells(term, cells, report)
    _lint_spellings(term, report)
    for language in languages:
        form = term.forms.get(language)
        if form is None:
            report(term.line, "warning", f"'{term.name}' has no {language} form")
        else:
            _lint_form(term, language, form, report)


def _lint_cells(term: Term, cells: dict[str, str], report: Report) -> None:
    derived = cells.get("derived", "").strip()
    if derived and _yes_no(derived) is None:
        report(term.line, "error", f"derived '{derived}' is not yes or no")
    for column in ("valid_from", "valid_until"):
        value = cells.get(column, "").strip()
        if value and _date(value) is None:
            report(term.line, "error", f"{column} '{value}' is not a date (YYYY-MM-DD)")
    if term.valid_from and term.valid_until and term.valid_from > term.valid_until:
        report(term.line, "error", "valid_from is after valid_until")
    for column, value in cells.items():
        problem = formula_problem(value)
        if problem:
            report(term.line, "error", f"'{column}' {problem}")
        elif value != value.strip() or "  " in value:
            report(term.line, "warning", f"'{column}' has extra spaces: '{value}'")


def _lint_spellings(term: Term, report: Report) -> None:
    """A derived language's form is in its own script, and stands for a form of the
    language it is derived from."""
    for tag, spelling in term.spellings.items():
        base, script = tag.split("-")
        if script == "Latn" and _CYRILLIC.search(spelling):
            report(
                term.line,
                "error",
                f"the {tag} form '{spelling}' has Cyrillic letters; write the name in Latin "
                "letters, as its owner writes it",
            )
        if base not in term.forms:
            report(
                term.line,
                "warning",
                f"'{term.name}' has a {tag} form but no {base} form; the {tag} form replaces "
                f"the {base} form where a translation has it, so it is not used",
            )


def _lint_form(term: Term, language: str, form: TermForm, report: Report) -> None:
    if language in _CYRILLIC_LANGUAGES:
        if _LATIN.search(form.approved) and not _CYRILLIC.search(form.approved):
            report(
                term.line,
                "warning",
                f"the {language} form '{form.approved}' is in Latin letters only; right for a "
                "name kept as written (Zoom), else retype it in Cyrillic",
            )
        # Not the forbidden forms: a look-alike spelling with a Latin letter (Weblate's
        # «Вiена») is what a forbidden form is for.
        for written in (form.approved, *form.variants):
            for word in written.split():
                if _LATIN.search(word) and _CYRILLIC.search(word):
                    report(
                        term.line,
                        "error",
                        f"'{word}' ({language}) mixes Latin and Cyrillic letters; retype it "
                        "in Cyrillic",
                    )
    clash = set(map(str.casefold, form.forbidden)) & set(
        map(str.casefold, (form.approved, *form.variants))
    )
    if clash:
        report(
            term.line, "error", f"'{sorted(clash)[0]}' is both accepted and forbidden in {language}"
        )


def _duplicates(glossary: Glossary, languages: Sequence[str]) -> list[Finding]:
    findings = []
    seen: dict[str, Term] = {}
    for term in glossary.terms:
        for name in term.english:
            key = name.casefold().replace("’", "'")
            other = seen.get(key)
            if other is None:
                seen[key] = term
                continue
            if _overlap(other, term):
                same = all(
                    _same_form(other.forms.get(lang), term.forms.get(lang)) for lang in languages
                )
                what = "duplicate of" if same else "conflicts with"
                findings.append(
                    Finding(
                        glossary.path,
                        term.line,
                        "error",
                        "glossary-lint",
                        f"'{name}' {what} the row on line {other.line}"
                        + ("" if same else " (different renderings)"),
                    )
                )
    for language in languages:
        approved: dict[str, list[Term]] = {}
        for term in glossary.terms:
            form = term.forms.get(language)
            if form is not None:
                approved.setdefault(form.approved.casefold(), []).append(term)
        for term in glossary.terms:
            form = term.forms.get(language)
            for forbidden in form.forbidden if form else ():
                for owner in approved.get(forbidden.casefold(), []):
                    if owner is not term and _overlap(owner, term):
                        findings.append(
                            Finding(
                                glossary.path,
                                term.line,
                                "error",
                                "glossary-lint",
                                f"'{forbidden}' ({language}) is forbidden here but approved on "
                                f"line {owner.line} for the same dates",
                            )
                        )
    return findings


def _overlap(first: Term, second: Term) -> bool:
    """Whether two rows are in force at a common date."""
    start = max(filter(None, (first.valid_from, second.valid_from)), default=None)
    end = min(filter(None, (first.valid_until, second.valid_until)), default=None)
    return start is None or end is None or start <= end


def _same_form(first: TermForm | None, second: TermForm | None) -> bool:
    if first is None or second is None:
        return first is second
    return first.approved == second.approved


def _raw_rows(text: str) -> dict[int, dict[str, str]]:
    """Each row's cells as written (unstripped), by starting line, for lint messages."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (StopIteration, csv.Error):
        return {}
    rows = {}
    line = reader.line_num + 1
    for row in reader:
        rows[line] = dict(zip(header, row, strict=False))
        line = reader.line_num + 1
    return rows
