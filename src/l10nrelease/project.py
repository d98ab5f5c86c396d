"""The stages wired over one project folder: one function per command.

Each function reads what it needs, runs the pure stages, and writes its results
only when every input was read without error, each file atomically.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from .assemble import (
    Alternate,
    PagePlan,
    Policy,
    chooser,
    environment,
    index_entry,
    index_page,
    language_name,
    plan_page,
    source_plan,
    stale_entries,
    txt_page,
)
from .catalog import (
    Catalog,
    Entry,
    check_language,
    count,
    parse_catalog,
    render_catalog,
    without_creation_date,
)
from .check import check_glossary
from .config import Config, find_root, read_config
from .errors import CatalogError, ConfigError, L10nError, SourceError
from .fsutil import display_path, read_text_strict, write_atomic
from .glossary import GlossaryError, lint, parse_glossary, render_glossary
from .merge import MergeReport, merge, template_entries
from .model import Finding, Glossary, Release
from .morphology import fold
from .names import NameFinder
from .sources import is_release, read_release, reassemble
from .suggest import Suggestion, suggest
from .tbx import from_tbx, to_tbx

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
    loaded = read_glossary_file(config)
    finder = NameFinder(loaded[0]) if loaded else None
    planned: list[tuple[FileResult, str]] = []
    for release in releases:
        template = template_entries(release)
        for language in (None, *config.target_languages):
            notes = (
                glossary_notes(template, finder, language, release.date)
                if finder is not None and language is not None
                else None
            )
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


# ----------------------------------------------------------------------- build


@dataclass(frozen=True)
class BuildResult:
    plans: tuple[PagePlan, ...]
    findings: tuple[Finding, ...]
    written: tuple[Path, ...]
    folder: Path


def build(
    config: Config,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    policy: Policy | None = None,
) -> BuildResult:
    """Write ``build/<lang>/<slug>.html`` and the index pages from reviewed translations.

    Every release is read (the indexes list them all); pages are written for the
    releases and languages asked for. The pages go to a staging folder first, which
    then replaces the build folder, so a failed build leaves the old one intact.
    """
    policy = policy or Policy()
    unknown = [lang for lang in languages if lang not in config.languages]
    if unknown:
        raise ConfigError(
            f"--lang {unknown[0]}: not a language of this project ({', '.join(config.languages)})"
        )
    chosen_languages = tuple(languages) or config.languages
    all_paths = release_paths(config)
    chosen_paths = set(release_paths(config, names)) if names else set(all_paths)
    releases = [read_release(p, root=config.root, mode=config.segmentation) for p in all_paths]
    _refuse_orphans(config, {release.slug for release in releases})
    loaded = read_glossary_file(config)
    finder = NameFinder(loaded[0]) if loaded else None
    plans: dict[tuple[str, str], PagePlan] = {}
    for release in releases:
        plans[(release.slug, config.source_language)] = source_plan(release, config.source_language)
        for language in config.target_languages:
            path = po_path(config, release.slug, language)
            if not path.exists():
                raise CatalogError(
                    f"no PO file for this release; run: l10nrelease extract {release.slug}",
                    path=_shown(path, config.root),
                )
            catalog, _text = read_catalog_file(path, root=config.root, language=language)
            _refuse_stale(release, catalog)
            plans[(release.slug, language)] = plan_page(
                release,
                catalog,
                language,
                policy=policy,
                date_pattern=config.date_format(language),
                glossary_city=_glossary_city(finder, release, language),
            )
    env = environment(config.templates)
    files: dict[str, str] = {"style.css": _template_text(env, "style.css")}
    for release in releases:
        if config.sources / Path(release.path).name not in chosen_paths:
            continue
        for language in chosen_languages:
            plan = plans[(release.slug, language)]
            if not plan.publish:
                continue
            files[f"{language}/{release.slug}.html"] = _page(env, config, release, plan, plans)
    for language in config.languages:
        entries = [
            index_entry(
                release,
                plans[(release.slug, language)],
                href=f"{release.slug}.html",
                source_language=config.source_language,
            )
            for release in releases
            if plans[(release.slug, language)].publish
        ]
        alternates = [
            Alternate(lang, language_name(lang), f"../{lang}/index.html", lang == language)
            for lang in config.languages
        ]
        files[f"{language}/index.html"] = index_page(
            env,
            language,
            entries,
            alternates=alternates,
            stylesheet="../style.css",
            home="index.html",
        )
    files["index.html"] = _root_index(env, config, releases, plans)
    skipped = [
        f"{language}/{release.slug}.html"
        for release in releases
        for language in config.languages
        if not plans[(release.slug, language)].publish
    ]
    # A full build starts from an empty folder (nothing stale survives); a build of
    # some releases or languages keeps the other pages.
    partial = bool(names) or bool(languages)
    written = _replace_folder(config.build, files, remove=skipped, keep_others=partial)
    findings = tuple(f for plan in plans.values() for f in plan.findings)
    shown = [
        plans[(release.slug, language)]
        for release in releases
        if config.sources / Path(release.path).name in chosen_paths
        for language in chosen_languages
    ]
    return BuildResult(tuple(shown), findings, tuple(written), config.build)


def _glossary_city(finder: NameFinder | None, release: Release, language: str) -> str | None:
    """The dateline's city as the glossary writes it in ``language``, if it knows it."""
    if finder is None or release.dateline is None:
        return None
    for found in finder.find(release.dateline.city, date=release.date):
        form = found.term.forms.get(language)
        if form is not None:
            return form.approved
    return None


def _page(
    env: jinja2.Environment,
    config: Config,
    release: Release,
    plan: PagePlan,
    plans: dict[tuple[str, str], PagePlan],
) -> str:
    language = plan.language
    if release.format == "html":
        choose = chooser(plan, source_language=config.source_language)
        translate = (
            None
            if language == config.source_language
            else (lambda unit: choose(unit)[0] if unit.key in plan.choices else None)
        )
        return reassemble(
            release,
            translate,
            language=language,
            fallback_language=None
            if language == config.source_language
            else config.source_language,
        )
    alternates = [
        Alternate(lang, language_name(lang), f"../{lang}/{release.slug}.html", lang == language)
        for lang in config.languages
        if plans[(release.slug, lang)].publish
    ]
    return txt_page(
        env,
        release,
        plan,
        source_language=config.source_language,
        alternates=alternates,
        stylesheet="../style.css",
        home="index.html",
    )


def _root_index(
    env: jinja2.Environment,
    config: Config,
    releases: Sequence[Release],
    plans: dict[tuple[str, str], PagePlan],
) -> str:
    source = config.source_language
    entries = []
    for release in releases:
        entry = index_entry(
            release,
            plans[(release.slug, source)],
            href=f"{source}/{release.slug}.html",
            source_language=source,
        )
        versions = tuple(
            Alternate(lang, language_name(lang), f"{lang}/{release.slug}.html", False)
            for lang in config.languages
            if plans[(release.slug, lang)].publish
        )
        entries.append(replace(entry, languages=versions))
    alternates = [
        Alternate(lang, language_name(lang), f"{lang}/index.html", False)
        for lang in config.languages
    ]
    return index_page(
        env, source, entries, alternates=alternates, stylesheet="style.css", home="index.html"
    )


def _template_text(env: jinja2.Environment, name: str) -> str:
    assert env.loader is not None
    source, _filename, _uptodate = env.loader.get_source(env, name)
    return source


def _refuse_orphans(config: Config, slugs: set[str]) -> None:
    for orphan in _orphans(config, slugs):
        raise CatalogError(
            "this PO file has no release in "
            f"{config.sources.name}/ (renamed or removed?); restore the release, or move "
            "the PO file out of the locales folder to keep its translations",
            path=_shown(orphan, config.root),
        )


def _refuse_stale(release: Release, catalog: Catalog) -> None:
    unknown, missing = stale_entries(release, catalog)
    if unknown:
        raise CatalogError(
            f"this entry matches no sentence of {release.path} (the source changed since "
            f"the last extract); run: l10nrelease extract {release.slug}",
            path=catalog.path,
            line=unknown[0].line,
        )
    if missing:
        raise CatalogError(
            f"{len(missing)} sentence(s) of {release.path} are not in this file (the "
            f"source changed since the last extract); run: l10nrelease extract {release.slug}",
            path=catalog.path,
        )


def _replace_folder(
    folder: Path, files: dict[str, str], *, remove: Sequence[str], keep_others: bool
) -> list[Path]:
    """Write ``files`` into a copy of ``folder``, then swap the copy in."""
    parent = folder.parent
    staging = parent / f".{folder.name}.staging-{os.getpid()}"
    retired = parent / f".{folder.name}.old-{os.getpid()}"
    try:
        if staging.exists():
            shutil.rmtree(staging)
        if keep_others and folder.is_dir():
            shutil.copytree(folder, staging, symlinks=True)
        else:
            staging.mkdir(parents=True)
        written = []
        for name, text in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            payload = text.encode("utf-8")
            if not (target.is_file() and target.read_bytes() == payload):
                target.write_bytes(payload)
            old = folder / name
            if not (old.is_file() and old.read_bytes() == payload):
                written.append(folder / name)
        for name in remove:
            stale = staging / name
            if stale.is_file():
                stale.unlink()
                written.append(folder / name)
        if folder.exists():
            os.rename(folder, retired)
        os.rename(staging, folder)
    except OSError as exc:
        if retired.exists() and not folder.exists():
            os.rename(retired, folder)
        shutil.rmtree(staging, ignore_errors=True)
        raise L10nError(
            f"cannot write the build folder: {exc.strerror}; check that it and its "
            "parent folder are writable folders",
            path=display_path(folder),
        ) from None
    shutil.rmtree(retired, ignore_errors=True)
    return written


# ----------------------------------------------------------------------- check


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    glossary: str | None


def read_glossary_file(config: Config) -> tuple[Glossary, str] | None:
    """The project's glossary and its text, or None when the file does not exist."""
    if not config.glossary.exists():
        return None
    shown = _shown(config.glossary, config.root)
    text = read_text_strict(config.glossary, error=GlossaryError, shown=shown)
    return parse_glossary(text, path=shown, languages=config.target_languages), text


def check(config: Config, paths: Sequence[str] = ()) -> CheckResult:
    """Check PO files (all of the project's, or those named) against the glossary."""
    loaded = read_glossary_file(config)
    files = _po_files(config, paths)
    findings: list[Finding] = []
    if loaded is None:
        return CheckResult((), tuple(_shown(p, config.root) for p in files), None)
    glossary, _text = loaded
    finder = NameFinder(glossary)
    shown_files = []
    for path in files:
        language = _po_language(config, path)
        catalog, _ = read_catalog_file(path, root=config.root, language=language)
        shown_files.append(catalog.path)
        if language is None:
            continue
        date = release_date(config, path.stem)
        findings += check_glossary(catalog, language=language, finder=finder, date=date)
    return CheckResult(tuple(findings), tuple(shown_files), glossary.path)


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


def release_date(config: Config, slug: str) -> dt.date | None:
    """A release's date from its slug's ``YYYY-MM-DD-`` prefix, else from its source."""
    from .sources.text import date_from_name

    date = date_from_name(slug)
    if date is not None:
        return date
    for path in release_paths(config):
        if path.stem == slug:
            return read_release(path, root=config.root, mode=config.segmentation).date
    return None


# -------------------------------------------------------------------- glossary


def _require_glossary(config: Config) -> tuple[Glossary, str]:
    loaded = read_glossary_file(config)
    if loaded is None:
        raise GlossaryError(
            "no glossary file; create it (see the README) or fix paths.glossary",
            path=_shown(config.glossary, config.root),
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
