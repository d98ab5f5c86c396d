"""``check``: PO files -> the findings of the glossary and quality checks, on every core,
with the entry each is about; a file that cannot be read is a finding too."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import CONFIG_NAME
from ..errors import CatalogError
from ..fsutil import read_text_strict
from ..model import Finding
from ..parallel import Failed
from ..report import UNREADABLE, EntryRef
from . import Project


@dataclass(frozen=True)
class CheckResult:
    #: the findings, a file that could not be read among them (rule ``unreadable``)
    findings: tuple[Finding, ...]
    #: every PO file named or found, as messages show it (those not read too)
    files: tuple[str, ...]
    glossary: str | None
    #: the PO files (or named paths) that could not be read: exit status 2
    unreadable: tuple[str, ...] = ()
    #: the entry each finding is about, by (path, line): its msgid, msgctxt, msgstr line
    entries: Mapping[tuple[str, int], EntryRef] = field(default_factory=dict)


#: Below this many files per core, starting workers costs more than it saves.
FILES_PER_WORKER = 64


def check(project: Project, paths: Sequence[str] = (), *, jobs: int | None = None) -> CheckResult:
    """Check PO files (all of the project's, or those named): ``Project.findings`` for
    each, the list build, status and review count too. A file checked before with the
    same bytes, glossary and settings reuses its findings. Naming the glossary or
    l10nrelease.toml (a pre-commit hook does, when they change) checks every PO file.

    A file that cannot be read is a finding of rule ``unreadable`` naming it (and its
    line), and the other files are still checked; the glossary or configuration not
    being readable stops the check (``L10nError``): nothing could be checked right."""
    if jobs is not None:
        project.jobs = jobs
    files, problems = _po_files(project, paths)
    whole = not paths or _names_the_project(project, paths)
    # Project-wide: once, before the workers fork; for named files, what they need.
    languages = {path: _po_language(project, path) for path in files}
    for language in sorted({lang for lang in languages.values() if lang}):
        mine = [path for path in files if languages[path] == language]
        project.consistency(language, focus=None if whole else mine)

    def one(path: Path) -> tuple[str, list[Finding], dict[tuple[str, int], EntryRef]]:
        language = languages[path]
        if language is None:
            catalog, _ = project.read_catalog(path, language=None)
            return catalog.path, [], {}
        date = project.release_date(path.stem)
        shown, found = project.file_findings(path, language=language, date=date)
        return shown, found, _entries(project, path, shown, found)

    # The files whose findings were kept for their bytes are read here, without workers
    # (a rerun); the others are checked on every core, a release's files side by side
    # (kk, ru: they share the English, whose names are then found once per worker).
    outcomes: list[Any] = [None] * len(files)
    for index, path in enumerate(files):
        known = languages[path]
        if known is not None:
            date = project.release_date(path.stem)
            kept = project.kept_file_findings(path, language=known, date=date)
            if kept is not None:
                outcomes[index] = (*kept, _entries(project, path, *kept))
    todo = sorted(
        (i for i, outcome in enumerate(outcomes) if outcome is None),
        key=lambda i: (files[i].stem, str(files[i])),
    )
    done = project.map(one, [files[i] for i in todo], per_worker=FILES_PER_WORKER)
    for index, outcome in zip(todo, done, strict=True):
        outcomes[index] = outcome
    project.save()
    findings: list[Finding] = list(problems)
    shown_files: list[str] = [problem.path for problem in problems]
    entries: dict[tuple[str, int], EntryRef] = {}
    for path, outcome in zip(files, outcomes, strict=True):
        if isinstance(outcome, Failed):
            error = outcome.error
            shown = project.shown(path)
            shown_files.append(shown)
            findings.append(
                Finding(error.path or shown, error.line, "error", UNREADABLE, error.message)
            )
            continue
        shown, found, refs = outcome
        shown_files.append(shown)
        findings += found
        entries.update(refs)
    return CheckResult(
        tuple(findings),
        tuple(dict.fromkeys(shown_files)),
        project.glossary.path if project.glossary is not None else None,
        tuple(dict.fromkeys(f.path for f in findings if f.rule == UNREADABLE)),
        entries,
    )


def _entries(
    project: Project, path: Path, shown: str, found: Sequence[Finding]
) -> dict[tuple[str, int], EntryRef]:
    """The entries the findings are about: msgid, msgctxt and the lines of the msgstr.
    Read off the lines of those entries alone (the file was read whole when its
    findings were made, and a rerun that reuses them must not parse it again)."""
    lines = {finding.line for finding in found if finding.line}
    if not lines:
        return {}
    rows = read_text_strict(path, error=CatalogError, shown=shown, bom=False).split("\n")
    refs = {}
    for line in sorted(lines):
        ref = entry_at(rows, line)
        if ref is not None:
            refs[(shown, line)] = ref
    return refs


def entry_at(rows: Sequence[str], start: int) -> EntryRef | None:
    r"""The entry that starts on line ``start`` (from 1) of a PO file split into
    ``rows``, a file the PO reader has accepted: its msgctxt and msgid, and the first
    and last line of its msgstr (the keyword and the quoted lines that continue it;
    obsolete ``#~`` entries alike). None if no entry starts there (a header finding).

    >>> rows = ['#. note', 'msgctxt "c"', 'msgid ""', '"A\\n"', '"B"', 'msgstr ""', '"C"', '']
    >>> entry_at(rows, 1)
    EntryRef(msgid='A\nB', msgctxt='c', msgstr_line=6, msgstr_end=7)
    """
    values: dict[str, str] = {}
    current = ""
    index = start - 1
    while index < len(rows):
        row = _bare(rows[index])
        if row.startswith("msgstr"):
            break
        keyword, _, rest = row.partition(" ")
        if keyword in {"msgctxt", "msgid"}:
            current = keyword
            values[current] = _unquoted(rest)
        elif row.startswith('"') and current:
            values[current] += _unquoted(row)
        elif row and not row.startswith(("#", "|")):
            return None  # not an entry (a keyword this reader does not know)
        index += 1
    if index >= len(rows) or "msgid" not in values:
        return None
    end = index
    while end + 1 < len(rows) and _bare(rows[end + 1]).startswith('"'):
        end += 1
    return EntryRef(values["msgid"], values.get("msgctxt"), index + 1, end + 1)


def _bare(row: str) -> str:
    """A PO line without its white space and an obsolete entry's ``#~``."""
    row = row.strip()
    return row[2:].lstrip() if row.startswith("#~") else row


#: The escapes of a PO string, as GNU gettext decodes them (the C escapes, hexadecimal
#: and octal codes).
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a"}
_ESCAPED = re.compile(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)")


def _unquoted(quoted: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "x" and len(code) > 1:
            return chr(int(code[1:], 16) & 0xFF)
        if code[0] in "01234567":
            return chr(int(code, 8) & 0xFF)
        return _ESCAPES.get(code, code)

    return _ESCAPED.sub(one, quoted.strip()[1:-1])


def _names_the_project(project: Project, paths: Sequence[str]) -> bool:
    """Whether ``paths`` name the glossary or l10nrelease.toml, on which every PO
    file's findings depend."""
    config = project.config
    wanted = {config.glossary.resolve(), (config.root / CONFIG_NAME).resolve()}
    return any(project.argument(name).resolve() in wanted for name in paths)


def _po_files(project: Project, paths: Sequence[str]) -> tuple[list[Path], list[Finding]]:
    """The PO files to check, and a finding for each named path that is none."""
    every = sorted(
        path for lang in project.config.target_languages for path in project.po_files(lang)
    )
    if not paths or _names_the_project(project, paths):
        named, problems = _named_po_files(project, paths)
        by_file = {project.resolved(path): path for path in reversed([*every, *named])}
        return list(reversed(by_file.values())), problems
    return _named_po_files(project, paths)


def _named_po_files(project: Project, paths: Sequence[str]) -> tuple[list[Path], list[Finding]]:
    config = project.config
    project_files = {config.glossary.resolve(), (config.root / CONFIG_NAME).resolve()}
    files: list[Path] = []
    problems: list[Finding] = []

    def problem(name: str, message: str) -> None:
        problems.append(Finding(name, None, "error", UNREADABLE, message))

    for name in paths:
        path = project.argument(name)
        if path.resolve() in project_files:
            continue
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.po") if p.is_file())
            if not found:
                problem(
                    name,
                    "holds no PO file (.po); name PO files or the folders that hold them "
                    "(locales/ru, locales)",
                )
            files += found
        elif path.is_file() and path.suffix == ".po":
            files.append(path)
        elif path.is_file():
            problem(
                name,
                "is not a PO file (.po); name PO files, the folders that hold them, the "
                "glossary or l10nrelease.toml",
            )
        else:
            problem(name, "no such PO file or folder")
    return list(dict.fromkeys(files)), problems


def _po_language(project: Project, path: Path) -> str | None:
    """The language of a PO file: its folder's name, as extract lays them out."""
    folder = project.resolved(path).parent.name
    return folder if folder in project.config.target_languages else None
