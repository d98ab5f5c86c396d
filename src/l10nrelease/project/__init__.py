"""The stages wired over one project folder.

``Project`` is opened once per command (``open_project``). It holds the settings, the
glossary and its name finder, and the records of earlier runs; it is the one place
that reads a release or a PO file, and the one place that decides what the check
finds in a PO file (``findings``), which city a dateline names (``dateline_city``)
and what a page publishes (``plans``). Each command is a module with one function
over a Project; two commands that need the same decision call the same method.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..catalog import Catalog, check_language
from ..config import Config, find_root, read_config
from ..derived import Converter, derive_plan
from ..errors import CatalogError, L10nError, SourceError
from ..fsutil import read_text_strict, write_atomic
from ..glossary import GlossaryError, parse_glossary
from ..model import Finding, Glossary, Release
from ..names import NameFinder
from ..parallel import Failed, fork_map, workers_for
from ..pofile import parse_catalog, render_catalog
from ..publish import (
    PagePlan,
    Policy,
    embargo_until,
    failed_plan,
    plan_page,
    shown_previous,
    source_plan,
    stale_entries,
)
from ..records import CACHE_FOLDER, PACKAGE, Records, code_digest, digest, file_digest
from ..root import CONFIG_NAME
from ..sources import READ_FORMATS, is_release, not_read, read_release

__all__ = ["CACHE_FOLDER", "Project", "ReleasePlans", "open_project"]

TEMPLATES_FOLDER = "templates"
#: The project's own words, which spelling never reports (one a line).
SPELLING_LIST = "spelling.txt"
#: A release's slug (its file name without extension) names its pages' addresses.
_SLUG = re.compile(r"^[\w][\w.-]*$")
#: Slugs whose pages would overwrite a file that build writes itself.
RESERVED_SLUGS = frozenset({"index"})

if TYPE_CHECKING:
    from ..renderings import Observed

T = TypeVar("T")
R = TypeVar("R")


def open_project(folder: Path | None = None) -> Project:
    """The project in ``folder`` (``--project``: the folder holding l10nrelease.toml),
    or without one the nearest at or above the current folder, as git finds its
    repository."""
    root = find_root(folder)
    return Project(read_config(root))


@dataclass(frozen=True)
class ReleasePlans:
    """A release and, per language, its page plan and (for targets) its catalog and the
    check's findings in it."""

    release: Release
    plans: dict[str, PagePlan]
    catalogs: dict[str, Catalog]
    findings: dict[str, list[Finding]]
    #: the languages whose page could not be planned, and why
    errors: dict[str, L10nError]


class Project:
    """One project folder, opened once per command (see the module docstring)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.root = config.root
        cache = config.root / CACHE_FOLDER
        for path in (cache, cache / "records.sqlite", cache / "mt-cache.sqlite", cache / "lock"):
            self.inside(path)  # a cache file linked elsewhere is never written through
        self.records = Records(cache)
        #: the moment the command started: embargoes are weighed against it
        self.now = dt.datetime.now(dt.UTC)
        #: how many processes ``map`` may use (None: every core); ``--jobs``
        self.jobs: int | None = None
        self._releases_by_slug: dict[str, Path] | None = None

    def inside(self, path: Path) -> Path:
        """``path``, if it is inside the project once every link on the way is followed;
        else an error. Every file a command reads from or writes to the project's folders
        passes here: a link out of the project (a locale folder, a template, a memory
        file linked elsewhere) is never followed."""
        if self._plainly_inside(os.fspath(path)):
            return path  # (the usual case, asked for every file of a big project)
        resolved = self.resolved(path)
        if not resolved.is_relative_to(self.resolved(self.root)):
            written = Path(os.path.abspath(path))
            if not written.is_relative_to(os.path.abspath(self.root)):
                raise L10nError(
                    f"is outside the project folder ({self.root}); l10nrelease reads and "
                    "writes only inside it: copy the file into the project",
                    path=str(path),
                )
            raise L10nError(
                f"leads outside the project (to {resolved}, through a link on the way); "
                "l10nrelease reads and writes only inside the project folder: replace the "
                "link with the file or folder itself",
                path=self._as_written(path),
            )
        return path

    def file_key(self, path: Path | str) -> str | None:
        """A file's content as the records are keyed by it: the SHA-256 of its bytes
        (None: missing or unreadable). A file that leads outside the project, which no
        command reads, has a key no record has: the command reads it, and refuses it,
        as it would with no record at all (not the answer its bytes had inside)."""
        if not self._plainly_inside(os.fspath(path)):
            try:
                self.inside(Path(path))
            except L10nError:
                return "outside the project"
        return file_digest(path)

    def _plainly_inside(self, name: str) -> bool:
        """Whether ``name`` is a file (not a link) in a folder that is, links followed,
        under the project folder: inside, without ``inside``'s slower path. Each folder
        is worked out once per command, as ``resolved`` remembers folders."""
        base = os.path.basename(name)
        if base in {"", ".", ".."} or os.path.islink(name):
            return False
        folder = os.path.dirname(name) or os.curdir
        within: dict[str, bool] = self.__dict__.setdefault("_folders_within", {})
        if folder not in within:
            root = os.path.join(os.path.realpath(self.root), "")
            within[folder] = os.path.realpath(folder).startswith(root)
        return within[folder]

    # ------------------------------------------------------------------ paths

    def shown(self, path: Path | str) -> str:
        """``path`` as messages show it: relative to the project folder (worked out once
        per path and command: it only names the file)."""
        known: dict[str, str] = self.__dict__.setdefault("_shown", {})
        name = str(path)
        if name not in known:
            try:
                root = self.__dict__.get("_root_resolved")
                if root is None:
                    root = self.__dict__["_root_resolved"] = self.resolved(self.root)
                known[name] = self.resolved(Path(path)).relative_to(root).as_posix()
            except ValueError:
                known[name] = name
        return known[name]

    def resolved(self, path: Path) -> Path:
        """``path`` with every link followed, remembered for the command's run only for
        folders (a file may be replaced by a link while it runs)."""
        if path.name in {"", ".", ".."}:
            return path.resolve()
        cache: dict[Path, Path] = self.__dict__.setdefault("_folders", {})
        folder = path.parent
        if folder not in cache:
            cache[folder] = folder.resolve()
        return (
            (cache[folder] / path.name).resolve()
            if path.is_symlink()
            else cache[folder] / path.name
        )

    def _as_written(self, path: Path) -> str:
        """``path`` under the project folder, links not followed."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def release_paths(self, names: Sequence[str] = ()) -> list[Path]:
        """The release files named (by slug or path), or every release in the sources
        folder; a file name that cannot be a page's address is refused."""
        available = self._available_releases()
        if not names:
            return available
        by_slug = {path.stem: path for path in available}
        chosen = [self._named_release(name, by_slug) for name in names]
        return list(dict.fromkeys(chosen))

    def _available_releases(self) -> list[Path]:
        config = self.config
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
            self._refuse_release_path(path)
            if path.stem in by_slug:
                raise SourceError(
                    f"two releases have the slug '{path.stem}' ({by_slug[path.stem].name} and "
                    f"{path.name}); rename one of them",
                    path=self._as_written(path),
                )
            by_slug[path.stem] = path
        self._releases_by_slug = by_slug
        return available

    def unread_files(self) -> list[tuple[str, str]]:
        """The files in the sources folder that are not read (a .pdf, an .odt, a stray
        .doc), each as shown with why: ``extract`` and ``build`` warn of them. Hidden
        files and office lock files are left out without a word."""
        folder = self.config.sources
        if not folder.is_dir():
            return []
        found = []
        for path in sorted(folder.iterdir()):
            if path.is_dir():
                continue
            reason = not_read(path)
            if reason is not None:
                found.append((self._as_written(path), reason))
        return found

    def _refuse_release_path(self, path: Path) -> None:
        shown = self._as_written(path)
        if not _SLUG.match(path.stem):
            suggestion = re.sub(r"-+", "-", re.sub(r"[^\w.-]", "-", path.stem)).strip("-")
            raise SourceError(
                f"the file name '{path.name}' becomes the address of its pages; use "
                f"letters, digits, '-', '_' and '.' only: rename it, e.g. to "
                f"'{suggestion}{path.suffix}'",
                path=shown,
            )
        if path.stem.lower() in RESERVED_SLUGS:
            raise SourceError(
                f"a release named '{path.stem}' would be overwritten by build's own "
                f"{path.stem}.html; rename it, e.g. to '{path.stem}-release{path.suffix}'",
                path=shown,
            )
        if path.is_symlink() and not path.resolve().is_relative_to(self.root.resolve()):
            raise SourceError(
                "is a link to a file outside the project, which l10nrelease does not read; "
                "copy the file into the sources folder instead",
                path=shown,
            )

    def argument(self, name: str) -> Path:
        """A path named on the command line: from the current folder, as typed; where
        nothing is there but something is from the project folder, that (the paths
        messages show are the project's: ``l10nrelease check locales/ru/x.po``, as a
        build suggests it, works from a subfolder and with --project too)."""
        typed = Path(name)
        if typed.is_absolute() or os.path.lexists(typed):
            return typed
        under = self.root / typed
        return under if os.path.lexists(under) else typed

    def _named_release(self, name: str, by_slug: dict[str, Path]) -> Path:
        sources = self.config.sources
        candidate = self.argument(name)
        if candidate.suffix and candidate.exists():
            resolved = candidate.resolve()
            if resolved.parent != sources.resolve() or not is_release(resolved):
                raise SourceError(
                    f"'{name}' is not a release in {sources.name}/; releases are "
                    f"{READ_FORMATS} files in the sources folder",
                    path=name,
                )
            return sources / resolved.name
        slug = candidate.stem if candidate.suffix else name
        if slug not in by_slug:
            close = difflib.get_close_matches(slug, list(by_slug), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            raise SourceError(f"no release '{name}' in {sources.name}/{hint}", path=sources)
        return by_slug[slug]

    def write_output(self, path: Path, text: str) -> Path:
        """Write a file the user named (``-o``): anywhere but over the project's own
        inputs (its releases, PO files, glossary, templates, memory, settings), and only
        into a folder that exists."""
        from ..config import PROJECT_FILES

        config = self.config
        target = path.resolve()
        inputs = [config.sources, config.locales, config.glossary, config.templates, config.memory]
        protected = [p.resolve() for p in inputs if p is not None]
        protected += [(self.root / name).resolve() for name in (*PROJECT_FILES, SPELLING_LIST)]
        for folder in protected:
            if target == folder or target.is_relative_to(folder):
                raise L10nError(
                    f"is one of the project's inputs ({self._as_written(folder)}), which "
                    "l10nrelease never overwrites with an output; write it elsewhere",
                    path=str(path),
                )
        if not target.parent.is_dir():
            raise L10nError(
                f"the folder {target.parent} does not exist; create it or write elsewhere",
                path=str(path),
            )
        write_atomic(path, text)
        return path

    def po_path(self, slug: str, language: str | None) -> Path:
        """``locales/<lang>/<slug>.po``, or the template ``locales/templates/<slug>.pot``."""
        if language is None:
            return self.config.locales / TEMPLATES_FOLDER / f"{slug}.pot"
        return self.config.locales / language / f"{slug}.po"

    def po_files(self, language: str) -> list[Path]:
        folder = self.config.locales / language
        return sorted(folder.glob("*.po")) if self.inside(folder).is_dir() else []

    def orphans(self, slugs: set[str]) -> list[Path]:
        """PO files whose release is gone from the sources folder."""
        return [
            path
            for language in self.config.target_languages
            for path in self.po_files(language)
            if path.stem not in slugs
        ]

    def refuse_orphans(self) -> None:
        slugs = {path.stem for path in self.release_paths()}
        for orphan in self.orphans(slugs):
            raise CatalogError(
                "this PO file has no release in "
                f"{self.config.sources.name}/ (renamed or removed?); restore the release, or "
                "move the PO file out of the locales folder to keep its translations",
                path=self.shown(orphan),
            )

    # ---------------------------------------------------------------- reading

    @cached_property
    def glossary_text(self) -> str | None:
        """The glossary file's text (not parsed), or None when there is no glossary. A
        glossary the l10nrelease.toml names must be there: a mistyped path would
        otherwise turn the name check off without a word."""
        if not self.config.glossary.exists():
            if self.config.glossary_named:
                raise GlossaryError(
                    "no such file, and paths.glossary in l10nrelease.toml names it: fix the "
                    "path, create the file (its header: see the README), or remove the key",
                    path=self.shown(self.config.glossary),
                )
            return None
        return read_text_strict(
            self.config.glossary, error=GlossaryError, shown=self.shown(self.config.glossary)
        )

    @cached_property
    def glossary(self) -> Glossary | None:
        text = self.glossary_text
        if text is None:
            return None
        return parse_glossary(
            text, path=self.shown(self.config.glossary), languages=self.config.target_languages
        )

    @cached_property
    def finder(self) -> NameFinder | None:
        """The glossary's name finder, with the name forms compiled by earlier runs."""
        glossary = self.glossary
        if glossary is None:
            return None
        compiled = self.records.get("forms", code_digest())
        return NameFinder(glossary, compiled=compiled if isinstance(compiled, dict) else None)

    @cached_property
    def converters(self) -> dict[str, Converter]:
        """Each derived page language's converter (``kk`` text -> ``kk-Latn``): its
        table, the project's letters, the glossary's spellings."""
        return {
            name: Converter.of(
                derived.table,
                letters=dict(derived.letters),
                glossary=self.glossary,
                base=derived.base,
                language=name,
            )
            for name, derived in self.config.derived.items()
        }

    def seal_watch(self) -> dict[str, Any]:
        """What the seal of a full extract or build watches and tidies (``seal``):
        the sources, the PO files, the glossary, the settings, l10nrelease's code, the
        names in the folders its libraries are installed in; and the folders where a
        killed command leaves what the next one tidies (``lock.tidy_folders``)."""
        from .lock import tidy_folders

        config = self.config
        libraries = sorted({p for p in sys.path if p.endswith("-packages") and os.path.isdir(p)})
        watched = [
            (str(config.sources), "tree"),
            (str(config.locales), "tree"),
            (str(config.glossary), "tree"),
            (str(config.root / CONFIG_NAME), "tree"),
            (str(PACKAGE), "code"),
            *((folder, "names") for folder in libraries),
        ]
        tidy = [str(folder) for folder in (*tidy_folders(config), config.build.parent)]
        return {"watched": watched, "tidy": tidy, "build": config.build.name}

    def save(self) -> None:
        """Write what this command recorded for the next one (compiled name forms, …)."""
        finder = self.__dict__.get("finder")
        if finder is not None and finder.compiled_new:
            self.records.put("forms", code_digest(), finder.compiled)
            finder.compiled_new = 0
        self.records.flush()

    def read_release(self, path: Path) -> Release:
        return read_release(
            self.inside(path),
            root=self.root,
            mode=self.config.segmentation,
            abbreviations=self.config.abbreviations,
            untranslated=self.config.untranslated,
            kept=self._kept_release,
        )

    def _kept_release(self, key: str, text: str, read: Callable[[], Release]) -> Release:
        """The release read before from the same page with the same settings and code
        (extract reads each page, then build: segmented once), else ``read()``'s, kept
        for the next command."""
        from ..model import release_data, release_from_data

        key = digest(code_digest(), key)
        data = self.records.get("release", key)
        if isinstance(data, dict):
            with contextlib.suppress(KeyError, TypeError, ValueError):
                return release_from_data(data, text=text)
        release = read()
        self.records.put("release", key, release_data(release))
        return release

    def read_catalog(self, path: Path, *, language: str | None) -> tuple[Catalog, str]:
        """A PO file as a catalog, and its text, checked to be of ``language``."""
        self.inside(path)
        text = read_text_strict(path, error=CatalogError, shown=self.shown(path), bom=False)
        return self.catalog_from_text(path, text, language=language), text

    def render_catalog(self, catalog: Catalog) -> str:
        """A catalog's PO text as this project lays PO files out (``[po]`` width, wrap)."""
        return render_catalog(catalog, width=self.config.po_width, wrap=self.config.po_wrap)

    def catalog_from_text(self, path: Path, text: str, *, language: str | None) -> Catalog:
        """PO text read from ``path`` as a catalog, checked to be of ``language``; while
        ``parsing_once``, the same text is parsed once (a catalog is never changed)."""
        shown = self.shown(path)
        parsed: dict[tuple[str, str | None, str], Catalog] | None = self.__dict__.get("_parsed")
        if parsed is None:
            return self._parse(shown, text, language)
        key = (shown, language, digest(text))
        if key not in parsed:
            parsed[key] = self._parse(shown, text, language)
        return parsed[key]

    def _parse(self, shown: str, text: str, language: str | None) -> Catalog:
        catalog = parse_catalog(text, path=shown)
        if language is not None:
            check_language(catalog, language)
        return catalog

    @contextlib.contextmanager
    def parsing_once(self) -> Iterator[None]:
        """While it lasts, each PO text is parsed once (``catalog_from_text``): a
        release read for its observations, then for its plans. Forgotten at its end
        (memory stays that of one release)."""
        self.__dict__["_parsed"] = {}
        try:
            yield
        finally:
            self.__dict__.pop("_parsed", None)

    def release_catalog(self, release: Release, language: str) -> tuple[Catalog, str]:
        """The PO file of ``release`` in ``language``; an error if extract never made it."""
        path = self.po_path(release.slug, language)
        if not path.exists():
            raise CatalogError(
                f"no PO file for this release; run: l10nrelease extract {release.slug}",
                path=self.shown(path),
            )
        return self.read_catalog(path, language=language)

    def release_date(self, slug: str, release: Release | None = None) -> dt.date | None:
        """A release's date from its slug's ``YYYY-MM-DD-`` prefix, else from its source
        (``release``, when it is read already): the date its PO files' findings are made
        with, by check, build, status and review alike."""
        from ..sources.text import date_from_name

        date = date_from_name(slug)
        if date is not None:
            return date
        if release is not None:
            return release.date
        if self._releases_by_slug is None:
            self._available_releases()
        assert self._releases_by_slug is not None
        path = self._releases_by_slug.get(slug)
        return self.read_release(path).date if path is not None else None

    # --------------------------------------------------------------- decisions

    def dateline_city(self, release: Release, language: str) -> str | None:
        """The dateline's city as the glossary writes it in ``language``, if it has it."""
        if self.finder is None or release.dateline is None:
            return None
        return self.finder.rendering(release.dateline.city, language, date=release.date)

    @cached_property
    def reading_settings(self) -> str:
        """The settings a release is read into units by (segmentation, the project's
        abbreviations, the HTML elements never translated): part of every key of what
        depends on a release's units (extract's, build's, status's)."""
        config = self.config
        return repr((config.segmentation, config.abbreviations, tuple(config.untranslated)))

    @cached_property
    def check_scope(self) -> str:
        """A digest of everything the check's findings depend on besides the PO file."""
        from .. import spelling

        config = self.config
        word_list = self.inside(config.root / SPELLING_LIST)
        dictionaries = [
            str(spelling.dictionary(lang))
            for lang in config.target_languages
            if config.checks.get("spelling", "off") != "off"
        ]
        return digest(
            code_digest(),
            self.glossary_text,
            " ".join(config.target_languages),
            repr(sorted(config.checks.items())),
            repr(sorted(config.date_formats.items())),
            self.file_key(word_list) if word_list.exists() else None,
            " ".join(dictionaries),
        )

    def findings(
        self, catalog: Catalog, text: str, *, language: str, date: dt.date | None
    ) -> list[Finding]:
        """What ``l10nrelease check`` reports for one PO file: the same list for check,
        build, status and review (the file's own findings, kept by content so that a
        second run reads them back, and the project-wide ``consistency`` ones)."""
        return self._with_consistency(
            self._file_findings(catalog, text, language=language, date=date),
            catalog.path,
            language,
        )

    def file_findings(
        self, path: Path, *, language: str, date: dt.date | None
    ) -> tuple[str, list[Finding]]:
        """``findings`` of a PO file on disk, and the file as messages show it; a file
        whose findings were kept is read no further than its bytes."""
        shown, text, found = self._kept(path, date)
        if found is None:
            catalog = self.catalog_from_text(path, text, language=language)
            found = self._file_findings(catalog, text, language=language, date=date)
        return shown, self._with_consistency(found, shown, language)

    def kept_file_findings(
        self, path: Path, *, language: str, date: dt.date | None
    ) -> tuple[str, list[Finding]] | None:
        """``file_findings`` when they were kept for the file's bytes (read no further),
        else None: the file is to be checked (an unreadable one too, which says why)."""
        try:
            shown, _text, found = self._kept(path, date)
        except L10nError:
            return None
        return None if found is None else (shown, self._with_consistency(found, shown, language))

    def _kept(self, path: Path, date: dt.date | None) -> tuple[str, str, list[Finding] | None]:
        """A PO file as shown, its text, and its findings if they were kept for it."""
        self.inside(path)
        shown = self.shown(path)
        text = read_text_strict(path, error=CatalogError, shown=shown, bom=False)
        return shown, text, self._recorded_findings(shown, text, date)

    def _recorded_findings(
        self, shown: str, text: str, date: dt.date | None
    ) -> list[Finding] | None:
        recorded = self.records.get("findings", digest(self.check_scope, shown, str(date), text))
        if isinstance(recorded, list):
            try:
                return [Finding(*item) for item in recorded]
            except TypeError:
                return None
        return None

    def _file_findings(
        self, catalog: Catalog, text: str, *, language: str, date: dt.date | None
    ) -> list[Finding]:
        key = digest(self.check_scope, catalog.path, str(date), text)
        recorded = self._recorded_findings(catalog.path, text, date)
        if recorded is not None:
            return recorded
        config = self.config
        from ..check import check_catalog  # a rerun that reuses every finding needs none

        found = check_catalog(
            catalog,
            language=language,
            finder=self.finder,
            date=date,
            date_pattern=config.date_format(language),
            severities=config.checks,
        )
        found += self._spelling(catalog, language)
        found.sort(key=lambda f: (f.line or 0, f.rule))
        self.records.put("findings", key, [_finding_data(f) for f in found])
        return found

    def _with_consistency(self, found: list[Finding], shown: str, language: str) -> list[Finding]:
        extra = self.consistency(language).get(shown, [])
        if not extra:
            return found
        return sorted([*found, *extra], key=lambda f: (f.line or 0, f.rule))

    def consistency(
        self, language: str, *, focus: Sequence[Path] | None = None
    ) -> dict[str, list[Finding]]:
        """The project-wide consistency warnings of ``language``'s PO files, by file: a
        name the glossary lacks, rendered two ways or more across the reviewed units of
        every release (``renderings.consistency``). Computed once per command from each
        file's observations, kept by the file's content.

        ``focus``: only these files' warnings are wanted (``check FILE``): the other
        files are read only where they hold one of the names the focus files hold, which
        gives those files the same warnings as the whole project's."""
        from ..renderings import RULE

        if self.__dict__.get("_assumed_consistent"):
            return {}  # (``assuming_consistent``)
        known: dict[str, dict[str, list[Finding]]] = self.__dict__.setdefault("_consistency", {})
        if language in known:
            return known[language]
        severity = self.config.checks.get(RULE, "warning")
        if severity == "off":
            known[language] = {}
            return known[language]
        files = self.po_files(language)
        wanted = {path.resolve() for path in focus or ()}
        chosen = files if focus is None else [p for p in files if p.resolve() in wanted]
        if focus is None:
            keys, observed = self._observed_whole(language)
        else:
            keys, observed = self._observed({language: chosen})[language]
            self._holding_the_names(files, keys, observed, language)
        found = self._consistency_findings(keys, observed, language, severity, keep=focus is None)
        shown = {self.shown(path) for path in chosen}
        by_file: dict[str, list[Finding]] = {}
        for finding in found:
            if finding.path in shown:
                by_file.setdefault(finding.path, []).append(finding)
        known[language] = by_file
        return by_file

    @contextlib.contextmanager
    def assuming_consistent(self) -> Iterator[None]:
        """While it lasts, ``consistency`` finds nothing (and remembers nothing): what a
        release's plans, findings and key are when no name of its PO files is rendered
        two ways across the project, as nearly every release's are. A cold build plans
        each release so, in the same pass that makes its files' observations, and plans
        again, for real, only a release whose key (which holds those findings) then
        turns out otherwise (``Run.releases``)."""
        self.__dict__["_assumed_consistent"] = True
        try:
            yield
        finally:
            self.__dict__["_assumed_consistent"] = False

    def _consistency_findings(
        self, keys: dict[Path, str], observed: Observed, language: str, severity: str, *, keep: bool
    ) -> list[Finding]:
        """The consistency warnings of these observations (``keys``: each file's), kept
        by their keys when ``keep`` (the whole project's, not a focus's)."""
        from ..renderings import consistency

        key = digest(self.check_scope, language, *keys.values())
        recorded = self.records.get("consistency", key) if keep else None
        if isinstance(recorded, list):
            return [Finding(*item) for item in recorded]
        found = consistency(observed, language)
        if severity == "error":
            found = [replace(f, severity="error") for f in found]
        if keep:
            self.records.put("consistency", key, [_finding_data(f) for f in found])
        return found

    def _holding_the_names(
        self, files: Sequence[Path], keys: dict[Path, str], observed: Observed, language: str
    ) -> None:
        """Add the observations of the other files that hold the last word of a name the
        ``observed`` files hold (Kavanaugh, for Brett Kavanaugh too)."""
        names = {seen.text.split()[-1] for seen in observed.seens()}
        if not names:
            return
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(names))) + r")(?!\w)")
        for path in files:
            if path in keys:
                continue
            try:
                raw = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if pattern.search(raw):
                keys[path], seen = self.observations(path, language) or ("", [])
                observed.extend(observed.encode(seen))

    def _observed_whole(self, language: str) -> tuple[dict[Path, str], Observed]:
        """Every PO file's observations in ``language``. The first language asked for
        brings the others' (every target language's) with it, made by one set of
        workers: started, and their dictionaries loaded, once, not once a language. Each
        file's own findings are made as it is read for them (``observations``)."""
        every: dict[str, tuple[dict[Path, str], Observed]]
        every = self.__dict__.setdefault("_whole_observed", {})
        if language not in every:
            wanted = [language, *self.config.target_languages]
            files = {lang: self.po_files(lang) for lang in dict.fromkeys(wanted)}
            every.update(self._observed(files, findings=True))
        return every.pop(language)  # (held until its consistency is made, not longer)

    def _observed(
        self, files: Mapping[str, Sequence[Path]], *, findings: bool = False
    ) -> dict[str, tuple[dict[Path, str], Observed]]:
        """Each language's files' observations, and each file's key: those kept from an
        earlier run read here, the others made on every core, one language after the
        other (a worker's remembered words stay those of one language at a time); held
        compactly (``Observed``), in the order of the language's files."""
        from ..renderings import Observed

        made: dict[str, tuple[dict[Path, str], Observed, dict[Path, Any]]] = {}
        todo: list[tuple[Path, str]] = []  # (one language, then the next)
        for language, paths in files.items():
            observed = Observed()
            keys: dict[Path, str] = {}
            rows: dict[Path, Any] = {}
            for path in paths:
                found = self.observations(path, language, kept_only=True)
                if found is not None:
                    keys[path], rows[path] = found[0], observed.encode(found[1])
                else:
                    todo.append((path, language))
            made[language] = (keys, observed, rows)
        outcomes = self.map(
            lambda item: self.observations(*item, findings=findings), todo, per_worker=100
        )
        for (path, language), outcome in zip(todo, outcomes, strict=True):
            keys, observed, rows = made[language]
            if isinstance(outcome, Failed) or outcome is None:
                keys[path], rows[path] = "", observed.encode([])
            else:
                keys[path], rows[path] = outcome[0], observed.encode(outcome[1])
        result = {}
        for language, paths in files.items():
            keys, observed, rows = made[language]
            for path in paths:
                observed.extend(rows.pop(path))
            result[language] = ({path: keys[path] for path in paths}, observed)
        return result

    def observations(
        self, path: Path, language: str, *, kept_only: bool = False, findings: bool = False
    ) -> tuple[str, list[Any]] | None:
        """What one PO file's reviewed units tell about the names the glossary lacks
        (``renderings.observe``), kept by the file's content, and that content's key.
        A file that cannot be read tells nothing (its own check reports it).

        ``findings``: the file's own findings are made (and kept) too, from the same
        reading of it, for the check that follows (which then reads them back)."""
        from ..qa import silenced
        from ..renderings import RULE, Seen, Unit, observe

        if kept_only and not self.records.holds("observed"):
            return None  # a first run: nothing kept to look up
        shown = self.shown(path)
        try:
            text = read_text_strict(path, error=CatalogError, shown=shown, bom=False)
            key = digest(self.check_scope, "observed", shown, text)
            recorded = self.records.get("observed", key)
            if isinstance(recorded, list):
                seen = [(Unit(shown, line, "", ""), Seen.from_data(d)) for line, d in recorded]
                return key, seen
            if kept_only:
                return None
            catalog = self.catalog_from_text(path, text, language=language)
        except L10nError:
            return f"unreadable {shown}", []
        seen = []
        for entry in catalog.active():
            if entry.msgstr and not entry.fuzzy and RULE not in silenced(entry):
                unit = Unit(catalog.path, entry.line, entry.msgid, entry.msgstr)
                place = Unit(catalog.path, entry.line, "", "")
                seen += [(place, s) for s in observe(unit, self.finder, language)]
        self.records.put("observed", key, [[u.line, s.to_data()] for u, s in seen])
        if findings:
            with contextlib.suppress(L10nError):  # (the file's own check says why)
                date = self.release_date(path.stem)
                self._file_findings(catalog, text, language=language, date=date)
        return key, seen

    def _spelling(self, catalog: Catalog, language: str) -> list[Finding]:
        from .. import spelling

        severity = self.config.checks.get("spelling", "off")
        if severity == "off":
            return []
        cache = self.__dict__.setdefault("_skip_words", {})
        if language not in cache:
            word_list = self.inside(self.config.root / SPELLING_LIST)
            listed = (
                read_text_strict(word_list, error=L10nError, shown=SPELLING_LIST)
                if word_list.exists()
                else ""
            )
            cache[language] = spelling.skip_words(self.glossary, language, listed)
        return spelling.check_spelling(catalog, language, severity=severity, skip=cache[language])

    def policy(
        self,
        *,
        allow_incomplete: bool = False,
        threshold: float | None = None,
        keep_previous: bool = False,
        force: bool = False,
        allow_embargoed: bool = False,
    ) -> Policy:
        """The publication policy: the project's ``block_on`` and the command's options."""
        return Policy(
            allow_incomplete=allow_incomplete,
            threshold=threshold,
            keep_previous=keep_previous,
            block_on=self.config.block_on,
            force=force,
            allow_embargoed=allow_embargoed,
        )

    def plans(self, release: Release, policy: Policy) -> ReleasePlans:
        """The plan of every page of ``release``: what build publishes and status reports.

        A language whose PO file cannot be read, or is out of date, gets a failed plan
        (not published, the error as its reason) and its error in ``errors``; the
        release's other pages are planned as usual. A derived language's plan
        (``kk-Latn``) is its base language's, each shown text converted.
        """
        config = self.config
        embargo = embargo_until(release, self.now, policy)
        plans = {
            config.source_language: source_plan(release, config.source_language, embargo=embargo)
        }
        planned = ReleasePlans(release, plans, {}, {}, {})
        for language in config.target_languages:
            try:
                catalog, text = self.release_catalog(release, language)
                unknown, missing = stale_entries(release, catalog)
                if unknown or missing:
                    raise _stale(release, catalog, unknown, missing)
            except L10nError as exc:
                plans[language] = failed_plan(release, language, str(exc))
                planned.errors[language] = exc
                continue
            date = self.release_date(release.slug, release)
            found = self.findings(catalog, text, language=language, date=date)
            plans[language] = plan_page(
                release,
                catalog,
                language,
                policy=policy,
                findings=found,
                gate=self._gate(release, catalog, text, language, policy),
                city=self.dateline_city(release, language),
                date_pattern=config.date_format(language),
                embargo=embargo,
            )
            planned.catalogs[language], planned.findings[language] = catalog, found
        for name, derived in config.derived.items():
            # Not decided again: the base page's plan, its texts in the other script.
            plans[name] = derive_plan(plans[derived.base], name, self.converters[name])
        return planned

    def _gate(
        self, release: Release, catalog: Catalog, text: str, language: str, policy: Policy
    ) -> list[Finding] | None:
        """With --keep-previous, what the policy weighs: the check's findings with the
        fuzzy entries it publishes checked as reviewed ones (None: the usual findings)."""
        shown = {entry.key for entry in shown_previous(release, catalog, policy)}
        if not shown:
            return None
        as_reviewed = replace(
            catalog,
            entries=tuple(
                replace(entry, fuzzy=False) if entry.key in shown and not entry.obsolete else entry
                for entry in catalog.entries
            ),
        )
        marker = text + "\0published with --keep-previous: " + repr(sorted(shown, key=str))
        date = self.release_date(release.slug, release)
        return self.findings(as_reviewed, marker, language=language, date=date)

    def release_key(self, path: Path, *scope: str, inputs: Sequence[str | None] = ()) -> str:
        """A digest of a release's source and PO files (and ``scope``): what its pages,
        plans and status rows depend on besides the project's settings. ``inputs``:
        ``release_inputs`` as taken already (one reading of the files for two keys)."""
        return digest(*scope, path.name, *(inputs or self.release_inputs(path)))

    def release_inputs(self, path: Path) -> tuple[str | None, ...]:
        """What ``release_key`` digests of a release: its files' keys as they are now,
        and the project-wide warnings on its PO files (which depend on the other
        releases too)."""
        languages = self.config.target_languages
        files = [path, *(self.po_path(path.stem, lang) for lang in languages)]
        wider = [
            repr(self.consistency(lang).get(self.shown(self.po_path(path.stem, lang)), []))
            for lang in languages
        ]
        return (*(self.file_key(file) for file in files), *wider)

    # ---------------------------------------------------------------- workers

    def map(
        self,
        function: Callable[[T], R],
        items: Sequence[T],
        *,
        per_worker: int = 50,
        jobs: int | None = None,
    ) -> Iterator[R | Failed]:
        """``function`` over ``items`` on every core (see ``parallel``), each result as
        it comes; what the workers record comes back with their results. A failed
        item is ``Failed``."""
        jobs = self.jobs if jobs is None else jobs
        if workers_for(len(items), per_worker=per_worker, jobs=jobs) > 1 and self.finder:
            # Compiled once here, inherited by every worker, and saved for the next run.
            self.finder.compile_all(self.config.target_languages)

        def run(item: T) -> tuple[R, dict[tuple[str, str], str]]:
            value = function(item)
            return value, self.records.drain()

        for outcome in fork_map(run, items, per_worker=per_worker, jobs=jobs):
            if isinstance(outcome, Failed):
                yield outcome
                continue
            value, recorded = outcome
            self.records.absorb(recorded)
            yield value


def _finding_data(finding: Finding) -> list[Any]:
    return [finding.path, finding.line, finding.severity, finding.rule, finding.message]


def _stale(release: Release, catalog: Catalog, unknown: list[Any], missing: list[Any]) -> L10nError:
    if unknown:
        return CatalogError(
            f"this entry matches no sentence of {release.path} (the source changed since "
            f"the last extract); run: l10nrelease extract {release.slug}",
            path=catalog.path,
            line=unknown[0].line,
        )
    return CatalogError(
        f"{len(missing)} sentence(s) of {release.path} are not in this file (the source "
        f"changed since the last extract); run: l10nrelease extract {release.slug}",
        path=catalog.path,
    )
