"""``build``: reviewed translations -> localized pages in the build folder.

What each page shows and whether it is published is ``Project.plans``' decision (the
one ``status`` and ``review`` report); ``pages`` renders it and writes the pages, each
language's index and Atom feed, and the sitemap of every published page. This module
decides first whether anything is to be done: a build whose inputs and outputs are, by
content, as the last one left them is not done again, and a rerun with nothing changed
does not even import the rendering.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import ConfigError
from ..model import Finding
from ..publish import PagePlan, Policy
from ..records import code_digest, digest, file_digest
from . import Project
from .staging import Staging, files_under


@dataclass(frozen=True)
class BuildResult:
    plans: tuple[PagePlan, ...]
    #: translations refused as unsafe, on the pages built
    findings: tuple[Finding, ...]
    #: the files written or removed, by name in the build folder (``ru/<slug>.html``)
    changed: tuple[str, ...]
    folder: Path
    #: what could not be read or planned, as ``path:line: message``: those pages were
    #: not built; every other page was
    errors: tuple[str, ...] = ()
    #: what the build did not write, and the setting that would (for the summary)
    notes: tuple[str, ...] = ()
    #: after a full build that was done: every file of the build folder (by name in
    #: it), with the SHA-256 of its bytes (what the seal checks; an unchanged build,
    #: which wrote nothing, has none); and when the first embargo of a release ends
    outputs: Mapping[str, str] = field(default_factory=dict)
    embargo: str = ""

    @property
    def written(self) -> tuple[Path, ...]:
        """The files written or removed, as paths."""
        return tuple(self.folder / name for name in self.changed)

    def rerun(self) -> BuildResult:
        """What a build run again at once would find: every page as it is."""
        return replace(self, changed=())

    @property
    def failed(self) -> bool:
        """Whether build exits with status 1: a translation refused, or a page kept
        back by errors from the check."""
        return bool(self.findings) or any(plan.blocking and not plan.publish for plan in self.plans)


def build(
    project: Project,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    policy: Policy | None = None,
) -> BuildResult:
    """Write ``build/<lang>/<slug>.html`` and the index pages from reviewed translations.

    Every release is planned (the indexes list them all); pages are written for the
    releases and languages asked for. The pages go to a staging folder first, which
    then replaces the build folder, so a failed build leaves the old one intact.

    A full build whose inputs (sources, PO files, glossary, templates, settings,
    policy, code) and outputs are, by content, as the last one left them is not
    done again; its summary is the last one's.
    """
    config = project.config
    policy = policy or project.policy()
    _refuse_unknown(languages, config.languages)
    full = not names and not languages
    inputs = _inputs_key(project, policy) if full else ""
    if full:
        cached = _unchanged_build(project, inputs)
        if cached is not None:
            return replace(cached, notes=_notes(config))
    all_paths = project.release_paths()
    chosen = set(project.release_paths(names)) if names else set(all_paths)
    project.refuse_orphans()
    from .pages import Run, build_record  # the rendering: only when pages are made

    run = Run(project, policy, tuple(languages) or config.languages, full=full)
    with Staging(config.build, keep_others=not full) as stage:
        done = run.releases(all_paths, chosen, stage)
        run.indexes(done, stage)
        written = stage.commit()
    shown = [item for item, path in zip(done, all_paths, strict=True) if path in chosen]
    plans = [item.plans[language] for item in shown for language in run.languages]
    refusals = tuple(f for item in done for plan in item.plans.values() for f in plan.refusals)
    errors = tuple(dict.fromkeys(error for item in done for error in item.errors))
    result = BuildResult(
        tuple(plans), refusals, tuple(written), config.build, errors, _notes(config)
    )
    if full and _shared_key(project, policy) != run.shared:
        # A template (or the glossary, a setting) saved during the build: its pages
        # were recorded under the key taken before, and are not taken for them again.
        project.records.forget("pages", [*run.keys, *run.keys_ahead])
    if full and not errors:
        record, outputs = build_record(stage, run, done)
        # Recorded only if every input is still as its key says: a translator's save
        # during the build (read by it, or not) must not be taken for these pages when
        # the file comes back to what it was.
        if all(item.steady for item in done) and _inputs_key(project, policy) == inputs:
            project.records.put("build", inputs, record)
        result = replace(result, outputs=outputs, embargo=record["embargo"])
    project.save()
    return result


def seal_watch(project: Project, result: BuildResult) -> dict[str, Any] | None:
    """What a seal of a full build watches (``Project.seal_watch``, the templates and
    the build folder), the digest of each file it left, and when the seal ends (the
    first embargo's end; 0: never). None: no seal, where the check's spelling calls
    hunspell, whose dictionaries are outside the project."""
    config = project.config
    if config.checks.get("spelling", "off") != "off":
        return None
    watch = project.seal_watch()
    watch["watched"].append((str(config.build), "tree"))
    if config.templates is not None:
        watch["watched"].append((str(config.templates), "tree"))
    written = _Outputs(str(config.build), result.outputs)
    until = dt.datetime.fromisoformat(result.embargo).timestamp() if result.embargo else 0.0
    return {**watch, "written": written, "until": until}


class _Outputs(Mapping[str, str]):
    """The build's outputs by path (``folder/name``), as the seal looks them up: a view
    of ``outputs``, not a second dict of 30,000 paths for a big project."""

    def __init__(self, folder: str, outputs: Mapping[str, str]) -> None:
        self.prefix = os.path.join(folder, "")
        self.outputs = outputs

    def __getitem__(self, path: str) -> str:
        if not path.startswith(self.prefix):
            raise KeyError(path)
        return self.outputs[path[len(self.prefix) :].replace(os.sep, "/")]

    def __iter__(self) -> Iterator[str]:
        return (self.prefix + name for name in self.outputs)

    def __len__(self) -> int:
        return len(self.outputs)


def _notes(config: Config) -> tuple[str, ...]:
    if config.site_url:
        return ()
    return (
        "no sitemap.xml: it needs the site's address; set [build] site_url = "
        '"https://…/" (where the build folder is published) in l10nrelease.toml',
    )


def _refuse_unknown(languages: Sequence[str], known: Sequence[str]) -> None:
    unknown = [lang for lang in languages if lang not in known]
    if unknown:
        raise ConfigError(
            f"--lang {unknown[0]}: not a language of this project ({', '.join(known)})"
        )


def _inputs_key(project: Project, policy: Policy) -> str:
    """A digest of everything a full build reads: what decides that it is unchanged."""
    config = project.config
    folders = [config.sources, config.locales]
    if config.templates is not None:
        folders.append(config.templates)
    files = [str(config.glossary), *sorted(p for folder in folders for p in files_under(folder))]
    parts: list[str | None] = [_shared_key(project, policy)]
    for path in files:
        parts += [path, project.file_key(path)]
    return digest(*parts)


def _unchanged_build(project: Project, inputs: str) -> BuildResult | None:
    """The last full build's result, if its inputs were these and its outputs are
    still in the build folder as it wrote them."""
    data = project.records.get("build", inputs)
    if not isinstance(data, dict):
        return None
    embargo = data.get("embargo")
    if embargo and dt.datetime.fromisoformat(embargo) <= project.now:
        return None  # a release's embargo has ended since: its pages are due
    folder = str(project.config.build)
    names = files_under(folder, relative=True)
    found = ((name, file_digest(os.path.join(folder, name))) for name in names)
    if data.get("outputs") != outputs_digest(found):
        return None  # a page changed or removed, or a file that a full build would remove
    try:
        plans = tuple(_plans_of(project, data["releases"]))
    except (KeyError, TypeError, AttributeError):
        return None  # a release's record is gone: built again
    refusals = tuple(f for plan in plans for f in plan.refusals)
    return BuildResult(plans, refusals, (), project.config.build, embargo=embargo or "")


def outputs_digest(outputs: Iterable[tuple[str, str | None]]) -> str:
    """One digest of a build folder's files (name in it, SHA-256 of its bytes), in name
    order: what a full build records of what it left, and the next one compares with
    the build folder (not a record of 30,000 digests for a big project)."""
    return digest(*(part for name, sha in sorted(outputs) for part in (name, sha)))


def _plans_of(project: Project, releases: Sequence[str]) -> Iterator[PagePlan]:
    """The plans of a full build, in its order, from its releases' records (by their
    keys, ``Project.release_key``): each release's pages record keeps its plans."""
    languages = project.config.languages
    for key in releases:
        record = project.records.get("pages", key)
        if not isinstance(record, dict):
            raise KeyError(key)  # the release's record is gone
        plans = record["plans"]
        for language in languages:
            yield _plan_from_data(plans[language])


def _shared_key(project: Project, policy: Policy) -> str:
    """A digest of what every page depends on: code, settings, glossary, templates."""
    config = project.config
    templates = sorted(files_under(config.templates)) if config.templates is not None else []
    return digest(
        code_digest(),
        project.check_scope,
        repr((policy, config.languages)),
        project.reading_settings,
        repr((config.switcher, config.base_url, sorted(config.lang_tags.items()))),
        repr((config.name, config.site_url, sorted(config.derived.items()))),
        *(part for path in templates for part in (path, project.file_key(path))),
    )


#: A plan's fields, in the order a record keeps their values.
_PLAN_FIELDS = tuple(f.name for f in fields(PagePlan))


def _plan_data(plan: PagePlan) -> list[Any]:
    """A plan as a release's pages record keeps it: its fields' values in order (a
    list, not a dict), without the per-unit choices."""
    light = plan.light()
    row: list[Any] = []
    for name in _PLAN_FIELDS:
        value = getattr(light, name)
        if name == "refusals":
            value = [[f.path, f.line, f.severity, f.rule, f.message] for f in value]
        row.append(value)
    return row


def _plan_from_data(data: list[Any]) -> PagePlan:
    """A plan from its record (``_plan_data``); TypeError for a record of other code."""
    if not isinstance(data, list) or len(data) != len(_PLAN_FIELDS):
        raise TypeError("not a plan of this code")
    values = dict(zip(_PLAN_FIELDS, data, strict=True))
    values["refusals"] = tuple(Finding(*f) for f in values["refusals"])
    return PagePlan(**values)
