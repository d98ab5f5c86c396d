"""``build``: reviewed translations -> localized pages in the build folder."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

from ..assemble import (
    Alternate,
    IndexEntry,
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
from ..catalog import Catalog
from ..config import Config
from ..errors import CatalogError, ConfigError, L10nError
from ..fsutil import display_path, write_atomic
from ..model import Finding, Release
from ..names import NameFinder
from ..parallel import fork_map
from ..sources import read_release, reassemble
from . import (
    CACHE_FOLDER,
    code_digest,
    orphans,
    po_path,
    read_catalog_file,
    read_glossary_file,
    release_key,
    release_paths,
    shown_path,
)


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

    A full build whose inputs (sources, PO files, glossary, templates, settings,
    policy, code) and outputs are, by content, as the last one left them is not
    done again; its summary is the last one's.
    """
    policy = policy or Policy()
    full = not names and not languages
    record_path, inputs = _build_inputs(config, policy) if full else (None, "")
    if record_path is not None:
        cached = _cached_build(config, record_path, inputs)
        if cached is not None:
            return cached
    unknown = [lang for lang in languages if lang not in config.languages]
    if unknown:
        raise ConfigError(
            f"--lang {unknown[0]}: not a language of this project ({', '.join(config.languages)})"
        )
    chosen_languages = tuple(languages) or config.languages
    all_paths = release_paths(config)
    chosen_paths = set(release_paths(config, names)) if names else set(all_paths)
    _refuseorphans(config, {path.stem for path in all_paths})
    loaded = read_glossary_file(config)
    finder = NameFinder(loaded[0]) if loaded else None
    env = environment(config.templates)
    # A full build starts from an empty folder (nothing stale survives); a build of
    # some releases or languages keeps the other pages.
    partial = bool(names) or bool(languages)
    stage = _Staging(config.build, keep_others=partial)
    with stage:

        def one(source: Path) -> _ReleasePages:
            return _build_release(
                config,
                source,
                finder,
                env,
                policy,
                chosen_languages if source in chosen_paths else (),
                stage,
            )

        # A full build reuses the pages of every release whose source, PO files and
        # shared inputs are, by content, those of the last build (the pages are linked
        # from the current build folder after their digests are checked); the others
        # are built on every core.
        keys = {path: release_key(config, path) for path in all_paths} if full else {}
        shared = _shared_key(config, policy) if full else ""
        reused = _reusable(config, record_path, shared, keys, stage) if full else {}
        todo = [path for path in all_paths if path not in reused]
        # Each worker writes its pages into the staging folder and sends back only
        # counts and index lines: memory stays that of one release, not the corpus.
        built = dict(zip(todo, fork_map(one, todo, per_worker=50), strict=True))
        done = [reused[path] if path in reused else built[path] for path in all_paths]
        plans = {
            (item.slug, language): plan for item in done for language, plan in item.plans.items()
        }
        stage.put("style.css", _template_text(env, "style.css"))
        for language in config.languages:
            alternates = [
                Alternate(lang, language_name(lang), f"../{lang}/index.html", lang == language)
                for lang in config.languages
            ]
            stage.put(
                f"{language}/index.html",
                index_page(
                    env,
                    language,
                    [item.entries[language] for item in done if item.plans[language].publish],
                    alternates=alternates,
                    stylesheet="../style.css",
                    home="index.html",
                ),
            )
        stage.put("index.html", _root_index(env, config, done))
        for item in done:
            stage.changed += item.written
            for language in config.languages:
                if not item.plans[language].publish:
                    stage.remove(f"{language}/{item.slug}.html")
        written = stage.commit()
    findings = tuple(f for plan in plans.values() for f in plan.findings)
    shown = [
        plans[(item.slug, language)]
        for item, source in zip(done, all_paths, strict=True)
        if source in chosen_paths
        for language in chosen_languages
    ]
    result = BuildResult(tuple(shown), findings, tuple(written), config.build)
    if record_path is not None:
        releases = {
            path.name: {"key": keys[path], **_release_record(item)}
            for path, item in zip(all_paths, done, strict=True)
        }
        outputs = {**stage.hashes, **{n: h for item in done for n, h in item.pages.items()}}
        _record_build(record_path, inputs, result, outputs, shared, releases)
    return result


@dataclass(frozen=True)
class _ReleasePages:
    """What a worker sends back for one release (its pages are already on disk)."""

    slug: str
    plans: dict[str, PagePlan]  # by language, without the per-unit choices
    entries: dict[str, IndexEntry]  # its line in each language's index
    written: list[str]  # pages that differ from the current build folder's
    pages: dict[str, str]  # every page written, with the SHA-256 of its bytes


def _build_release(
    config: Config,
    source: Path,
    finder: NameFinder | None,
    env: jinja2.Environment,
    policy: Policy,
    languages: Sequence[str],
    stage: _Staging,
) -> _ReleasePages:
    """One release: its plan in every language; its pages in ``languages``, staged."""
    release = read_release(source, root=config.root, mode=config.segmentation)
    plans = {config.source_language: source_plan(release, config.source_language)}
    for language in config.target_languages:
        path = po_path(config, release.slug, language)
        if not path.exists():
            raise CatalogError(
                f"no PO file for this release; run: l10nrelease extract {release.slug}",
                path=shown_path(path, config.root),
            )
        catalog, _text = read_catalog_file(path, root=config.root, language=language)
        _refuse_stale(release, catalog)
        plans[language] = plan_page(
            release,
            catalog,
            language,
            policy=policy,
            date_pattern=config.date_format(language),
            glossary_city=_glossary_city(finder, release, language),
        )
    keyed = {(release.slug, language): plan for language, plan in plans.items()}
    written = []
    pages = {}
    for language in languages:
        if plans[language].publish:
            name = f"{language}/{release.slug}.html"
            changed, pages[name] = stage.write(
                name, _page(env, config, release, plans[language], keyed)
            )
            if changed:
                written.append(name)
    entries = {
        language: index_entry(
            release, plan, href=f"{release.slug}.html", source_language=config.source_language
        )
        for language, plan in plans.items()
    }
    light = {
        language: replace(plan, choices={}, missing=plan.english)
        for language, plan in plans.items()
    }
    return _ReleasePages(release.slug, light, entries, written, pages)


def _build_inputs(config: Config, policy: Policy) -> tuple[Path, str]:
    """Where the last full build is recorded, and a digest of everything it read."""
    digest = hashlib.sha256(code_digest().encode())
    digest.update(
        repr(
            (policy, config.languages, sorted(config.date_formats.items()), config.segmentation)
        ).encode()
    )
    folders = [config.sources, config.locales]
    if config.templates is not None:
        folders.append(config.templates)
    files = [str(config.glossary), *sorted(path for folder in folders for path in _files(folder))]
    for path in files:
        digest.update(path.encode() + b"\0")
        with contextlib.suppress(OSError), open(path, "rb") as stream:
            digest.update(hashlib.sha256(stream.read()).digest())
    return config.root / CACHE_FOLDER / "build.json", digest.hexdigest()


def _cached_build(config: Config, record: Path, inputs: str) -> BuildResult | None:
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("inputs") != inputs:
        return None
    outputs = data.get("outputs") or {}
    folder = str(config.build)
    if not isinstance(outputs, dict) or set(_files(config.build, relative=True)) != set(outputs):
        return None  # a page removed, or a file that a full build would remove
    for name, sha in outputs.items():
        try:
            with open(os.path.join(folder, name), "rb") as stream:
                if hashlib.sha256(stream.read()).hexdigest() != sha:
                    return None
        except OSError:
            return None
    try:
        plans = tuple(_plan_from_record(plan) for plan in data.get("plans", []))
    except (KeyError, TypeError):
        return None
    findings = tuple(f for plan in plans for f in plan.findings)
    return BuildResult(plans, findings, (), config.build)


def _files(folder: Path, *, relative: bool = False) -> list[str]:
    """Every file under ``folder`` (a missing folder has none), as plain strings: run
    over thousands of files on every build, where pathlib's objects cost more than the
    reading does."""
    top = str(folder)
    found = []
    for parent, _folders, names in os.walk(top):
        for name in names:
            path = os.path.join(parent, name)
            found.append(os.path.relpath(path, top).replace(os.sep, "/") if relative else path)
    return found


def _record_build(
    record: Path,
    inputs: str,
    result: BuildResult,
    outputs: dict[str, str],
    shared: str,
    releases: dict[str, dict[str, Any]],
) -> None:
    payload = {
        "inputs": inputs,
        "outputs": outputs,
        "plans": [_plan_record(plan) for plan in result.plans],
        "shared": shared,
        "releases": releases,
    }
    with contextlib.suppress(L10nError):  # a read-only project builds again next time
        write_atomic(record, json.dumps(payload, ensure_ascii=False))


def _plan_record(plan: PagePlan) -> dict[str, Any]:
    return {
        "slug": plan.slug,
        "language": plan.language,
        "total": plan.total,
        "reviewed": plan.reviewed,
        "fuzzy": plan.fuzzy,
        "untranslated": plan.untranslated,
        "rejected": plan.rejected,
        "previous": plan.previous,
        "missing": plan.english,
        "publish": plan.publish,
        "reason": plan.reason,
        "findings": [[f.path, f.line, f.severity, f.rule, f.message] for f in plan.findings],
    }


def _plan_from_record(data: dict[str, Any]) -> PagePlan:
    return PagePlan(**{**data, "findings": tuple(Finding(*f) for f in data["findings"])})


def _release_record(item: _ReleasePages) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "plans": {language: _plan_record(plan) for language, plan in item.plans.items()},
        "entries": {
            language: {k: v for k, v in asdict(entry).items() if k != "languages"}
            for language, entry in item.entries.items()
        },
        "pages": item.pages,
    }


def _shared_key(config: Config, policy: Policy) -> str:
    """A digest of what every page depends on: code, settings, glossary, templates."""
    digest = hashlib.sha256(code_digest().encode())
    digest.update(
        repr(
            (policy, config.languages, sorted(config.date_formats.items()), config.segmentation)
        ).encode()
    )
    files = [str(config.glossary)]
    if config.templates is not None:
        files += sorted(_files(config.templates))
    for path in files:
        digest.update(path.encode() + b"\0")
        with contextlib.suppress(OSError), open(path, "rb") as stream:
            digest.update(hashlib.sha256(stream.read()).digest())
    return digest.hexdigest()


def _reusable(
    config: Config,
    record: Path | None,
    shared: str,
    keys: dict[Path, str],
    stage: _Staging,
) -> dict[Path, _ReleasePages]:
    """The releases whose pages the last build made from the same inputs, staged."""
    if record is None:
        return {}
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data.get("shared") != shared:
            return {}
        known = data["releases"]
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return {}
    reused = {}
    for path, key in keys.items():
        try:
            entry = known[path.name]
            if entry["key"] != key:
                continue
            item = _ReleasePages(
                slug=entry["slug"],
                plans={lang: _plan_from_record(plan) for lang, plan in entry["plans"].items()},
                entries={lang: IndexEntry(**e) for lang, e in entry["entries"].items()},
                written=[],
                pages=dict(entry["pages"]),
            )
        except (KeyError, TypeError, AttributeError):
            continue
        if set(item.plans) != set(config.languages):
            continue
        if all(stage.reuse(name, sha) for name, sha in item.pages.items()):
            reused[path] = item
    return reused


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


def _root_index(env: jinja2.Environment, config: Config, done: Sequence[_ReleasePages]) -> str:
    source = config.source_language
    entries = []
    for item in done:
        versions = tuple(
            Alternate(lang, language_name(lang), f"{lang}/{item.slug}.html", False)
            for lang in config.languages
            if item.plans[lang].publish
        )
        entries.append(
            replace(item.entries[source], href=f"{source}/{item.slug}.html", languages=versions)
        )
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


def _refuseorphans(config: Config, slugs: set[str]) -> None:
    for orphan in orphans(config, slugs):
        raise CatalogError(
            "this PO file has no release in "
            f"{config.sources.name}/ (renamed or removed?); restore the release, or move "
            "the PO file out of the locales folder to keep its translations",
            path=shown_path(orphan, config.root),
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


class _Staging:
    """The next build folder, written beside the current one and swapped in at the end.

    Used as a context manager: if anything fails before ``commit``, the staging folder
    is removed and the current build folder is left as it was. ``write`` may be called
    from forked workers (each writes its own files).
    """

    def __init__(self, folder: Path, *, keep_others: bool) -> None:
        self.folder = folder
        self.path = folder.parent / f".{folder.name}.staging-{os.getpid()}"
        self.retired = folder.parent / f".{folder.name}.old-{os.getpid()}"
        self.keep_others = keep_others
        self.changed: list[str] = []
        self.removed: list[str] = []
        self.hashes: dict[str, str] = {}

    def __enter__(self) -> _Staging:
        try:
            if self.path.exists():
                shutil.rmtree(self.path)
            if self.keep_others and self.folder.is_dir():
                shutil.copytree(self.folder, self.path, symlinks=True)
            else:
                self.path.mkdir(parents=True)
        except OSError as exc:
            raise self._error(exc) from None
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)  # gone already after a commit

    def write(self, name: str, text: str) -> tuple[bool, str]:
        """Stage one file: whether it differs from the current build folder's, and the
        SHA-256 of its bytes."""
        payload = text.encode("utf-8")
        target = os.path.join(self.path, name)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)  # it may be a link to the current build's file
            with open(target, "wb") as stream:
                stream.write(payload)
        except OSError as exc:
            raise self._error(exc) from None
        digest = hashlib.sha256(payload).hexdigest()
        try:
            with open(os.path.join(self.folder, name), "rb") as stream:
                return stream.read() != payload, digest
        except OSError:
            return True, digest

    def put(self, name: str, text: str) -> None:
        """``write``, noting a change and the digest (in the parent process)."""
        changed, self.hashes[name] = self.write(name, text)
        if changed:
            self.changed.append(name)

    def reuse(self, name: str, sha: str) -> bool:
        """Stage the current build folder's file as it is, if its bytes are ``sha``."""
        current = os.path.join(self.folder, name)
        try:
            with open(current, "rb") as stream:
                if hashlib.sha256(stream.read()).hexdigest() != sha:
                    return False
            target = os.path.join(self.path, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            try:
                os.link(current, target)  # never written in place: safe to share
            except OSError:
                shutil.copyfile(current, target)
        except OSError:
            return False
        return True

    def remove(self, name: str) -> None:
        stale = os.path.join(self.path, name)
        if os.path.isfile(stale):
            os.unlink(stale)
            self.removed.append(name)

    def commit(self) -> list[Path]:
        """Swap the staging folder in; the files written or removed, in the build folder."""
        folder = self.folder
        try:
            if folder.exists():
                os.rename(folder, self.retired)
            os.rename(self.path, folder)
        except OSError as exc:
            if self.retired.exists() and not folder.exists():
                os.rename(self.retired, folder)
            raise self._error(exc) from None
        shutil.rmtree(self.retired, ignore_errors=True)
        return [folder / name for name in (*self.changed, *self.removed)]

    def _error(self, exc: OSError) -> L10nError:
        return L10nError(
            f"cannot write the build folder: {exc.strerror}; check that it and its "
            "parent folder are writable folders",
            path=display_path(self.folder),
        )
