"""``glossary``: lint, TBX export and import, and suggestions of missing names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..fsutil import write_atomic
from ..glossary import GlossaryError, lint, render_glossary
from ..model import Finding, Glossary
from ..morphology import fold
from ..names import NameFinder
from ..sources import read_release
from ..suggest import Suggestion, suggest
from ..tbx import from_tbx, to_tbx
from . import po_path, read_catalog_file, read_glossary_file, release_paths, shown_path


def _require_glossary(config: Config) -> tuple[Glossary, str]:
    loaded = read_glossary_file(config)
    if loaded is None:
        raise GlossaryError(
            "no glossary file; create it (see the README) or fix paths.glossary",
            path=shown_path(config.glossary, config.root),
        )
    return loaded


def glossary_lint(config: Config) -> list[Finding]:
    glossary, text = _require_glossary(config)
    return lint(glossary, text, config.target_languages)


def glossary_export(config: Config) -> str:
    glossary, _text = _require_glossary(config)
    return to_tbx(glossary, config.target_languages, source_language=config.source_language)


@dataclass(frozen=True)
class ImportResult:
    added: tuple[str, ...]
    unchanged: tuple[str, ...]
    conflicts: tuple[str, ...]


def glossary_import(config: Config, path: Path) -> ImportResult:
    """Add the TBX file's names that the glossary lacks; never change an existing row."""
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
    loaded = read_glossary_file(config)
    current = loaded[0] if loaded else Glossary(languages=config.target_languages)
    known = {fold(name): term for term in current.terms for name in term.english}
    added: list[str] = []
    unchanged: list[str] = []
    conflicts: list[str] = []
    new_terms = list(current.terms)
    for term in imported.terms:
        existing = next((known[fold(n)] for n in term.english if fold(n) in known), None)
        if existing is None:
            new_terms.append(term)
            added.append(term.name)
            continue
        same = all(
            ((existing.forms.get(lang) or None) is None and term.forms.get(lang) is None)
            or (
                existing.forms.get(lang) is not None
                and term.forms.get(lang) is not None
                and existing.forms[lang].approved == term.forms[lang].approved
            )
            for lang in config.target_languages
        )
        (unchanged if same else conflicts).append(term.name)
    if added:
        merged = Glossary(tuple(new_terms), current.path, config.target_languages)
        write_atomic(config.glossary, render_glossary(merged, config.target_languages))
    return ImportResult(tuple(added), tuple(unchanged), tuple(conflicts))


def glossary_suggest(config: Config) -> list[Suggestion]:
    loaded = read_glossary_file(config)
    glossary = loaded[0] if loaded else Glossary()
    finder = NameFinder(glossary)
    releases = [
        read_release(p, root=config.root, mode=config.segmentation) for p in release_paths(config)
    ]
    translations: dict[str, dict[str, dict[str, str]]] = {}
    for language in config.target_languages:
        by_slug: dict[str, dict[str, str]] = {}
        for release in releases:
            path = po_path(config, release.slug, language)
            if path.exists():
                catalog, _ = read_catalog_file(path, root=config.root, language=language)
                by_slug[release.slug] = {e.msgid: e.msgstr for e in catalog.active() if e.reviewed}
        translations[language] = by_slug
    return suggest(releases, translations, finder)
