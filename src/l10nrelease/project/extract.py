"""``extract``: releases -> PO files, merged with the translations already there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..catalog import Catalog, Entry, count
from ..errors import CatalogError, L10nError
from ..fsutil import commit, content_digest, decode_utf8, discard, stage, update_file
from ..merge import MergeReport, merge, template_entries
from ..names import NameFinder
from ..parallel import Failed
from ..pofile import without_creation_date
from ..records import code_digest, digest, file_digest
from . import Project


@dataclass(frozen=True)
class FileResult:
    """What ``extract`` did to one PO or POT file."""

    path: Path
    language: str | None
    status: str  # "created", "updated" or "unchanged"
    merge: MergeReport
    counts: dict[str, int]
    #: the SHA-256 of the file as merge read it (None: it did not exist); the file is
    #: replaced only if it is still so, else merged again (a translator saved it)
    read: str | None = None
    #: merged again, from a save made while extract ran
    remerged: bool = False
    #: the SHA-256 of the file as this extract leaves it (what the next one compares),
    #: and of the release's source as it was read
    content: str | None = None
    source: str | None = None
    #: the file's POT-Creation-Date as this extract leaves it (the POT's is its PO
    #: files' too)
    created: str | None = None


@dataclass(frozen=True)
class ExtractResult:
    releases: tuple[str, ...]  # the slugs of the releases extracted
    files: tuple[FileResult, ...]
    orphans: tuple[Path, ...]
    #: the releases that could not be extracted (a source or a PO file that cannot be
    #: read), one error each, in the order of the releases: none of their files was
    #: written; every other release's were
    failed: tuple[L10nError, ...] = ()

    def rerun(self) -> ExtractResult:
        """What an extract run again at once would find: every file unchanged."""
        files = tuple(
            replace(file, status="unchanged", merge=MergeReport(), remerged=False)
            for file in self.files
        )
        return replace(self, files=files)


def seal_watch(project: Project, result: ExtractResult) -> dict[str, Any]:
    """What a seal of a full extract watches (``Project.seal_watch``: everything
    extract reads), and the digest of each file it left."""
    written = {str(file.path): file.content for file in result.files}
    return {**project.seal_watch(), "written": written}


def extract(
    project: Project, names: Sequence[str] = (), *, now: dt.datetime | None = None
) -> ExtractResult:
    """Segment releases and merge them into ``locales/<lang>/<slug>.po`` and the POT.

    A release whose source and PO files are, byte for byte, as the last extract left
    them (with the same glossary, settings and code) is not read again: the answer
    would be the same. That is decided by content, never by timestamps.
    """
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M%z")
    paths = project.release_paths(names)
    scope = _scope(project)
    by_source: dict[Path, list[tuple[FileResult, str]]] = {}
    for source in paths:
        skipped = _unchanged(
            project, source, project.records.get("extract", digest(scope, source.name))
        )
        if skipped is not None:
            by_source[source] = [(result, "") for result in skipped]
    todo = [source for source in paths if source not in by_source]

    def one(source: Path) -> list[tuple[FileResult, str]]:
        return _extract_release(project, source, stamp)

    # Each worker stages its files beside their targets (temporary names), which are
    # then renamed into place release by release. A release that cannot be read, or
    # whose PO file cannot, writes nothing; every other release is extracted, and
    # every failure is reported, not only the first.
    failed: dict[Path, L10nError] = {}
    for source, outcome in zip(todo, project.map(one, todo, per_worker=100), strict=True):
        done = _put_in_place(project, source, outcome, stamp)
        if isinstance(done, L10nError):
            failed[source] = done
            continue
        by_source[source] = done
        results = [result for result, _ in done]
        project.records.put("extract", digest(scope, source.name), _record(source, results))
    planned = [item for source in paths if source in by_source for item in by_source[source]]
    project.save()
    slugs = [source.stem for source in paths]
    return ExtractResult(
        releases=tuple(slugs),
        files=tuple(result for result, _ in planned),
        orphans=tuple(project.orphans(set(slugs)) if not names else ()),
        failed=tuple(failed[source] for source in paths if source in failed),
    )


Staged = list[tuple[FileResult, str]]
#: ``_merge_file``'s default: read the file itself.
_READ = object()


def _put_in_place(
    project: Project, source: Path, outcome: Staged | Failed, stamp: str
) -> Staged | L10nError:
    """A release's staged files renamed into place, or the error that stopped it (its
    staged files removed)."""
    if isinstance(outcome, Failed):
        return outcome.error
    try:
        return _commit(project, source, outcome, stamp)
    except L10nError as error:
        discard([(staged, result.path) for result, staged in outcome if staged])
        return error


def _commit(project: Project, source: Path, staged: Staged, stamp: str) -> Staged:
    """Rename a release's staged files into place. A file saved by someone else since
    it was merged is not overwritten: it is merged again, from what is there now."""
    changed = set(
        commit(
            [(temporary, result.path) for result, temporary in staged if temporary],
            expected={result.path: result.read for result, temporary in staged if temporary},
        )
    )
    if not changed:
        return staged
    release = project.read_release(source)
    template, date = template_entries(release), release.date
    done: Staged = []
    for result, temporary in staged:
        if result.path not in changed:
            done.append((result, temporary))
            continue
        created = _template_date(staged)
        done.append((_merge_again(project, source, result, template, date, stamp, created), ""))
    return done


def _template_date(merged: Staged) -> str | None:
    """The POT-Creation-Date of the release's POT file, as extract leaves it."""
    return next((result.created for result, _ in merged if result.language is None), None)


def _merge_again(
    project: Project,
    source: Path,
    result: FileResult,
    template: list[Entry],
    date: dt.date | None,
    stamp: str,
    template_date: str | None,
) -> FileResult:
    """Merge a file again from what is on disk now, and write it (as many times as it
    takes: the file is replaced only while it is as read)."""
    merged = [result]

    def again(before: bytes | None) -> str | None:
        text = None if before is None else decode_utf8(before, path=result.path, error=CatalogError)
        fresh, new_text = _merge_file(
            project,
            source.stem,
            template,
            result.language,
            date,
            stamp,
            old_text=text,
            template_date=template_date if result.language is not None else None,
        )
        merged[0] = replace(fresh, remerged=True, source=result.source)
        return None if fresh.status == "unchanged" else new_text

    update_file(result.path, again)
    return merged[0]


def _extract_release(project: Project, source: Path, stamp: str) -> list[tuple[FileResult, str]]:
    """One release's POT and PO files as they should now be, staged (the second item is
    the temporary file's name, empty for a file that stays as it is)."""
    # Taken before the source is read: if it changes meanwhile, the next extract sees
    # another digest and reads it again (never the other way round).
    source_digest = project.file_key(source)
    release = project.read_release(source)
    if project.file_key(source) != source_digest:
        # Saved while it was read: what was read is not what the digest says, and the
        # next extract reads it again (no record: a save back to the digest's bytes
        # must not be taken for what this run read).
        source_digest = None
    template = template_entries(release)
    date = release.date
    del release  # a long release: keep one copy of its text at a time, not several
    staged: list[tuple[FileResult, str]] = []
    finder = project.finder
    notes = (
        glossary_notes(template, finder, project.config.target_languages, date)
        if finder is not None
        else {}
    )
    try:
        for language in (None, *project.config.target_languages):
            result, text = _merge_file(
                project,
                source.stem,
                template,
                language,
                date,
                stamp,
                notes=notes,
                template_date=_template_date(staged) if language is not None else None,
            )
            result = replace(result, source=source_digest)
            # Staged at once: the next language's file is not built while this one waits.
            staged.append(
                (
                    result,
                    stage(project.inside(result.path), text)
                    if result.status != "unchanged"
                    else "",
                )
            )
    except L10nError:
        discard([(temporary, result.path) for result, temporary in staged if temporary])
        raise
    return staged


def _merge_file(
    project: Project,
    slug: str,
    template: list[Entry],
    language: str | None,
    date: dt.date | None,
    stamp: str,
    *,
    old_text: str | object | None = _READ,
    notes: dict[tuple[str | None, str], list[str]] | None = None,
    template_date: str | None = None,
) -> tuple[FileResult, str]:
    """One POT or PO file of a release as it should now be, and its text. ``old_text``
    is the file's current text (default: read it; None: it does not exist); ``notes``
    the glossary's (default: found now); ``template_date`` the POT's creation date."""
    config = project.config
    finder = project.finder
    if notes is None and finder is not None:
        notes = glossary_notes(template, finder, config.target_languages, date)
    path = project.po_path(slug, language)
    old: Catalog | None = None
    if old_text is _READ:
        old_text = None
        if path.exists():
            old, old_text = project.read_catalog(path, language=language)
    elif isinstance(old_text, str):
        old = project.catalog_from_text(path, old_text, language=language)
    assert old_text is None or isinstance(old_text, str)
    catalog, report = merge(
        template,
        old,
        language=language,
        project=config.name,
        now=stamp,
        bugs_address=config.bugs_address,
        notes=notes,
        template_date=template_date,
    )
    text = project.render_catalog(catalog)
    left = catalog
    if old_text is None:
        status = "created"
    elif without_creation_date(text) == without_creation_date(old_text):
        status = "unchanged"
        text = old_text
        left = old or catalog
    else:
        status = "updated"
    read = content_digest(old_text.encode("utf-8")) if old_text is not None else None
    content = content_digest(text.encode("utf-8"))
    result = FileResult(path, language, status, report, count(catalog.entries), read)
    created = left.header_value("POT-Creation-Date")
    return replace(result, content=content, created=created), text


def _scope(project: Project) -> str:
    """What every release's PO files depend on besides its source: code, glossary, settings."""
    config = project.config
    return digest(
        code_digest(),
        project.glossary_text,
        config.name,
        config.bugs_address,
        project.reading_settings,
        config.source_language,
        " ".join(config.target_languages),
        config.sources.as_posix(),
        config.locales.as_posix(),
        f"po width {config.po_width} wrap {config.po_wrap}",
    )


def _record(source: Path, results: list[FileResult]) -> dict[str, Any]:
    """What the next extract compares: the digests of the source as read and of each
    file as this extract left it (not as it is now: a save just after the rename is
    the translator's, and the next extract must read it)."""
    return {
        "source": results[0].source if results else file_digest(source),
        "files": [[result.language, result.content, result.counts] for result in results],
    }


def _unchanged(project: Project, source: Path, record: Any) -> list[FileResult] | None:
    """The files of a release as last written, if nothing about them changed since."""
    if not isinstance(record, dict) or record.get("source") != project.file_key(source):
        return None
    files = record.get("files")
    languages = (None, *project.config.target_languages)
    if not isinstance(files, list) or [item[0] for item in files] != list(languages):
        return None
    results = []
    for language, sha, counts in files:
        path = project.po_path(source.stem, language)
        if sha is None or project.file_key(path) != sha:
            return None
        results.append(
            FileResult(path, language, "unchanged", MergeReport(), dict(counts), content=sha)
        )
    return results


def glossary_notes(
    template: Sequence[Entry],
    finder: NameFinder,
    languages: Sequence[str],
    date: dt.date | None,
) -> dict[tuple[str | None, str], list[str]]:
    """``#.`` lines naming the glossary's rendering of each name in each entry, in every
    target language: the same lines in the POT and in each PO file, so that msgmerge
    (Weblate's "update PO files to match POT"), which takes ``#.`` comments from the
    POT, keeps them."""
    notes: dict[tuple[str | None, str], list[str]] = {}
    for entry in template:
        lines: list[str] = []
        for found in finder.find(entry.msgid, date=date):
            forms = []
            for language in languages:
                form = found.term.forms.get(language)
                if form is None:
                    shown = f"(no {language} form in the glossary yet)"
                elif form.status != "approved":
                    shown = f"{form.approved} (proposed, not confirmed)"
                else:
                    shown = form.approved
                forms.append(shown if len(languages) == 1 else f"{language}: {shown}")
            line = f"glossary: {found.term.name} → {'; '.join(forms)}"
            if line not in lines:
                lines.append(line)
        if lines:
            notes[entry.key] = lines
    return notes
