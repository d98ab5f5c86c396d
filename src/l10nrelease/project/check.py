"""``check``: PO files -> glossary findings, over many files in parallel."""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import spelling
from ..catalog import Catalog
from ..check import check_glossary
from ..config import Config
from ..errors import CatalogError, L10nError
from ..fsutil import write_atomic
from ..model import Finding, Glossary
from ..names import NameFinder
from ..qa import Context, run_checks
from . import (
    CACHE_FOLDER,
    code_digest,
    load_record,
    open_finder,
    read_catalog_file,
    read_glossary_file,
    release_date,
    save_finder,
)


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    glossary: str | None


def check(config: Config, paths: Sequence[str] = (), *, jobs: int | None = None) -> CheckResult:
    """Check PO files (all of the project's, or those named) against the glossary.

    A file whose bytes, glossary, release date and l10nrelease version are as in an
    earlier run reuses that run's findings (kept in .l10nrelease/cache/). The others
    are checked in parallel, one process per core (``jobs``), each with the glossary
    already loaded; the findings come back in file order.
    """
    loaded = read_glossary_file(config)
    files = _po_files(config, paths)
    glossary, glossary_text = loaded if loaded is not None else (Glossary(), "")
    cache_path = _results_cache(config, glossary_text)
    cached = load_record(cache_path)
    keys = {path: _file_key(config, path) for path in files}
    done = {
        path: (cached[key][0], [Finding(*item) for item in cached[key][1]])
        for path, key in keys.items()
        if key in cached
    }
    todo = [path for path in files if path not in done]
    finder = open_finder(config, glossary)
    state = _CheckState(config, finder)
    workers = min(jobs or os.cpu_count() or 1, max(1, len(todo) // _FILES_PER_WORKER))
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        finder.compile_all(config.target_languages)  # once, shared by the workers
        chunks = [todo[i::workers] for i in range(workers)]
        global _CHECK_STATE
        _CHECK_STATE = state  # inherited by the forked workers, not pickled
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(workers) as pool:
                parts = pool.map(_check_chunk, chunks)
        finally:
            _CHECK_STATE = None
        done.update(item for part in parts for item in part)
    else:
        done.update((path, state.check_file(path)) for path in todo)
    save_finder(config, finder)
    if todo:
        _save_results(
            cache_path,
            {
                keys[path]: [done[path][0], [_finding_data(f) for f in done[path][1]]]
                for path in files
            },
        )
    ordered = [done[path] for path in files]
    findings = [finding for _, found in ordered for finding in found]
    return CheckResult(
        tuple(findings),
        tuple(shown for shown, _ in ordered),
        glossary.path if loaded is not None else None,
    )


def _results_cache(config: Config, glossary_text: str) -> Path:
    digest = hashlib.sha256(code_digest().encode())
    digest.update(glossary_text.encode("utf-8"))
    digest.update(" ".join(config.target_languages).encode())
    # The settings findings depend on: which checks run, date patterns, the word list.
    digest.update(repr(sorted(config.checks.items())).encode())
    digest.update(repr(sorted(config.date_formats.items())).encode())
    word_list = config.root / "spelling.txt"
    if word_list.exists():
        digest.update(word_list.read_bytes())
    return config.root / CACHE_FOLDER / f"check-{digest.hexdigest()[:16]}.json"


def _file_key(config: Config, path: Path) -> str:
    """What a file's findings depend on besides the glossary: its bytes and date."""
    try:
        data = path.read_bytes()
    except OSError:
        return ""  # checked (and reported) as usual
    date = release_date(config, path.stem)
    return f"{path.resolve()}|{date}|{hashlib.sha256(data).hexdigest()}"


def _finding_data(finding: Finding) -> list[object]:
    return [finding.path, finding.line, finding.severity, finding.rule, finding.message]


def _save_results(path: Path, results: dict[str, list]) -> None:  # type: ignore[type-arg]
    with contextlib.suppress(L10nError):  # a read-only project still checks
        write_atomic(path, json.dumps(results, ensure_ascii=False))


#: Below this many files per core, starting workers costs more than it saves.
_FILES_PER_WORKER = 64


class _CheckState:
    def __init__(self, config: Config, finder: NameFinder) -> None:
        self.config = config
        self.finder = finder
        self._skip: dict[str, set[str]] = {}

    def check_file(self, path: Path) -> tuple[str, list[Finding]]:
        config = self.config
        language = _po_language(config, path)
        catalog, _ = read_catalog_file(path, root=config.root, language=language)
        if language is None:
            return catalog.path, []
        date = release_date(config, path.stem)
        findings: list[Finding] = []
        if config.checks.get("glossary") != "off":
            findings += check_glossary(catalog, language=language, finder=self.finder, date=date)
        context = Context(language=language, date=date, date_pattern=config.date_format(language))
        for entry in catalog.active():
            for rule, severity, message in run_checks(entry, context, severities=config.checks):
                findings.append(Finding(catalog.path, entry.line, severity, rule, message))
        findings += self._spelling(catalog, language)
        findings.sort(key=lambda f: (f.line or 0, f.rule))
        return catalog.path, findings

    def _spelling(self, catalog: Catalog, language: str) -> list[Finding]:
        severity = self.config.checks.get("spelling", "off")
        if severity == "off":
            return []
        name = spelling.dictionary(language)
        if name is None:
            return [
                Finding(
                    catalog.path,
                    None,
                    "note",
                    "spelling",
                    f"no hunspell dictionary for {language} (apt-get install hunspell "
                    f"hunspell-{language}): spelling not checked",
                )
            ]
        skip = self._skip_words(language)
        entries = [e for e in catalog.active() if e.msgstr and e.msgctxt is None]
        per_entry = [
            [w for w in spelling.words(e.msgstr) if w.lower() not in skip] for e in entries
        ]
        bad = spelling.unknown((w for ws in per_entry for w in ws), language=language, name=name)
        found = []
        for entry, entry_words in zip(entries, per_entry, strict=True):
            wrong = list(dict.fromkeys(w for w in entry_words if w in bad))
            if wrong:
                found.append(
                    Finding(
                        catalog.path,
                        entry.line,
                        severity,
                        "spelling",
                        "not in the dictionary: "
                        + ", ".join(wrong)
                        + " (add accepted words to spelling.txt)",
                    )
                )
        return found

    def _skip_words(self, language: str) -> set[str]:
        """Glossary names and the project's word list: never spelling mistakes (built
        once per language, not per file)."""
        cached = self._skip.get(language)
        if cached is not None:
            return cached
        words: set[str] = set()
        for term in self.finder.glossary.terms:
            form = term.forms.get(language)
            if form:
                for text in (form.approved, *form.variants):
                    words |= {w.lower() for w in spelling.words(text)}
        word_list = self.config.root / "spelling.txt"
        if word_list.exists():
            words |= {
                line.strip().lower()
                for line in word_list.read_text(encoding="utf-8").splitlines()
                if line.strip()
            }
        self._skip[language] = words
        return words


_CHECK_STATE: _CheckState | None = None


def _check_chunk(paths: list[Path]) -> list[tuple[Path, tuple[str, list[Finding]]]]:
    """Run in a forked worker: errors travel back as values, raised by the parent."""
    assert _CHECK_STATE is not None
    return [(path, _CHECK_STATE.check_file(path)) for path in paths]


def _po_files(config: Config, paths: Sequence[str]) -> list[Path]:
    if not paths:
        return sorted(
            path
            for language in config.target_languages
            for path in (config.locales / language).glob("*.po")
        )
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(path.rglob("*.po"))
        elif path.is_file() and path.suffix == ".po":
            files.append(path)
        else:
            raise CatalogError("no such PO file or folder", path=name)
    return list(dict.fromkeys(files))


def _po_language(config: Config, path: Path) -> str | None:
    """The language of a PO file: its folder's name, as extract lays them out."""
    folder = path.resolve().parent.name
    return folder if folder in config.target_languages else None
